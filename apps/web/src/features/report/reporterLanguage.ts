import { devanagariShare } from "@embargo/core";

/**
 * The reporter's language on the staff side (issue 15): its name for the
 * badge, and whether a message about to be sent to the reporter looks written
 * in another language, so the composer asks before sending. Judged by script
 * only: Hindi is written in Devanagari; English in Latin letters.
 */

const NAMES: Readonly<Record<string, string>> = { en: "English", hi: "Hindi" };

/** "Hindi" for "hi"; an unknown tag is shown as itself. */
export const languageName = (lang: string): string => NAMES[lang] ?? lang;

/** The badge's accessible name, e.g. "Reporter reads Hindi". */
export const readsLabel = (lang: string): string => `Reporter reads ${languageName(lang)}`;

/**
 * Why to ask before sending `body` to a reporter who reads `reporterLanguage`,
 * or null to send at once: a Hindi reader and a message with no Devanagari at
 * all, or an English reader and a message mostly in Devanagari. A mixed
 * message (Hindi with an English term, a URL, a CVE id) goes without asking.
 */
export function languageMismatch(reporterLanguage: string | null | undefined, body: string): string | null {
  const share = devanagariShare(body);
  if (reporterLanguage === "hi" && share === 0 && /\p{L}/u.test(body)) {
    return "The reporter reads Hindi, and this message has no Hindi in it.";
  }
  if (reporterLanguage === "en" && share > 0.5) {
    return "The reporter reads English, and this message is mostly in Hindi.";
  }
  return null;
}
