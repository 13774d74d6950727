/**
 * Which language a researcher reads: the pages and emails they see exist in
 * the languages we have catalogs for (RESEARCHER_LOCALES), limited to the ones
 * the program's policy lists. Pure: the HTTP edge passes the header, the URL's
 * choice and what the report stored; this module decides.
 */

/** Languages with complete researcher-facing catalogs (pages and emails), English first as the last resort. */
export const RESEARCHER_LOCALES = ["en", "hi"] as const;
export type ResearcherLocale = (typeof RESEARCHER_LOCALES)[number];

export function isResearcherLocale(tag: unknown): tag is ResearcherLocale {
  return typeof tag === "string" && (RESEARCHER_LOCALES as readonly string[]).includes(tag);
}

/** "hi-IN", "HI", "hi_IN" → "hi"; anything we hold no catalog for → null. */
export function toResearcherLocale(tag: string | null | undefined): ResearcherLocale | null {
  if (!tag) return null;
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
  return isResearcherLocale(primary) ? primary : null;
}

/**
 * The program's languages we can serve, in the policy's order. A program that
 * lists none, or only languages we hold no catalog for, is served in English
 * (its reports are still accepted in any language).
 */
export function programLocales(policyLanguages: readonly string[]): ResearcherLocale[] {
  const out: ResearcherLocale[] = [];
  for (const tag of policyLanguages) {
    const l = toResearcherLocale(tag);
    if (l && !out.includes(l)) out.push(l);
  }
  return out.length ? out : ["en"];
}

/**
 * An Accept-Language header's tags, most preferred first (RFC 9110 §12.5.4):
 * q=0 means "not this one"; malformed parts are skipped, never an error.
 */
export function parseAcceptLanguage(header: string | null | undefined): string[] {
  if (!header) return [];
  const parts: { tag: string; q: number; i: number }[] = [];
  header
    .slice(0, 1000)
    .split(",")
    .forEach((raw, i) => {
      const [tagPart, ...params] = raw.trim().split(";");
      const tag = tagPart?.trim() ?? "";
      if (!/^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$|^\*$/.test(tag)) return;
      let q = 1;
      for (const p of params) {
        const m = /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/.exec(p);
        if (m) q = Number(m[1]);
      }
      if (q > 0 && q <= 1) parts.push({ tag, q, i });
    });
  return parts.sort((a, b) => b.q - a.q || a.i - b.i).map((p) => p.tag);
}

/**
 * The language to serve, in order of authority: an explicit choice (the
 * switcher, `?lang=`), what the report stored, the browser's Accept-Language,
 * then the program's first language. Each is used only when the program offers
 * it, so an unsupported choice falls back and never fails the page.
 */
export function chooseLocale(input: {
  program: readonly ResearcherLocale[];
  requested?: string | null;
  stored?: string | null;
  acceptLanguage?: string | null;
}): ResearcherLocale {
  const offered = input.program.length ? input.program : (["en"] as const);
  const pick = (tag: string | null | undefined) => {
    const l = toResearcherLocale(tag);
    return l && offered.includes(l) ? l : null;
  };
  const first = pick(input.requested) ?? pick(input.stored);
  if (first) return first;
  for (const tag of parseAcceptLanguage(input.acceptLanguage)) {
    const l = pick(tag);
    if (l) return l;
  }
  return offered[0] as ResearcherLocale;
}

/**
 * The share of a text's letters that are Devanagari (0 for a text with no
 * letters). Letters only: a Devanagari vowel sign or virama is a mark, and
 * counting marks would weigh a Hindi word more than an English one.
 */
export function devanagariShare(text: string): number {
  const { letters, devanagari } = letterCounts(text);
  return letters === 0 ? 0 : devanagari / letters;
}

function letterCounts(text: string): { letters: number; devanagari: number } {
  let letters = 0;
  let devanagari = 0;
  for (const ch of text) {
    if (!/\p{L}/u.test(ch)) continue;
    letters++;
    if (/\p{Script=Devanagari}/u.test(ch)) devanagari++;
  }
  return { letters, devanagari };
}

/**
 * The language an email's words are written in, judged by script: Devanagari
 * letters making up at least a fifth of the letters (and a few words of them)
 * → Hindi. Null when unsure (Latin text is not "English": it may be any
 * Latin-script language).
 */
export function detectScriptLocale(text: string): ResearcherLocale | null {
  const { letters, devanagari } = letterCounts(text.slice(0, 20_000));
  return devanagari >= 6 && devanagari * 5 >= letters ? "hi" : null;
}
