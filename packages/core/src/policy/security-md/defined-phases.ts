import type { DocumentContext } from "./document.ts";
import type { ParsedSupportStatus } from "./parsed-policy.ts";

/**
 * A support phase the file defines in its own words: "Versions in the Life Support phase … do not receive bug or
 * security fixes" makes every "Life Support" row unsupported, "Security issues are fixed for versions … in the Bugfix
 * Support phase" makes "Bugfix Support" rows supported. Such a name is the project's own word, so no keyword list can
 * know it; the sentence that defines it is the only evidence, and it outranks what the name's words look like
 * ("Life Support" has "support" in it).
 */

/** Saying a line gets no security fixes: "do not receive … security fixes", "no longer gets security updates". */
const DENIES =
  /\b(do|does|will|shall)\s+not\s+(receive|get)\b|\b(don't|doesn't|won't)\s+(receive|get)\b|\bno\s+longer\s+(receive|get)s?\b|\breceives?\s+no\b/i;
/** Saying a line gets them: "security issues are fixed for", "receive security fixes". */
const GRANTS =
  /\bsecurity\s+(issues|fixes|bugs|vulnerabilities)\s+are\s+fixed\b|\breceives?\s+security\s+(fixes|updates|patches)\b/i;
const SECURITY = /\bsecurity\b/i;

/** The sentence around `at`: from the last sentence end or line break before it to the next one after it. */
function sentenceAround(text: string, at: number, length: number): string {
  let a = at;
  while (a > 0 && text[a - 1] !== "\n" && !(/[.!?]/.test(text[a - 1] ?? "") && /\s/.test(text[a] ?? ""))) a--;
  let b = at + length;
  while (b < text.length && text[b] !== "\n" && !(/[.!?]/.test(text[b] ?? "") && /\s|$/.test(text[b + 1] ?? ""))) b++;
  return text.slice(a, b);
}

/** What the document's prose says a status cell's words get, or null when no sentence defines them. */
export function definedPhaseStatus(doc: DocumentContext, cell: string): ParsedSupportStatus | null {
  const name = cell.trim().toLowerCase();
  // A phase is a name of a few words with letters; a mark, a date or a number is not one.
  if (name.length < 4 || name.length > 40 || !/^[\p{L}][\p{L}\s-]*$/u.test(name)) return null;
  const known = doc.phaseStatuses.get(name);
  if (known !== undefined) return known;
  // Searched and read in lower case alike, so offsets agree whatever lowering does to a letter's length.
  const lower = doc.ana.slice(0, 200_000).toLowerCase();
  let found: ParsedSupportStatus | null = null;
  // At most 50 mentions: a name repeated all over a long file is read where it first stands.
  for (let at = lower.indexOf(name), n = 0; at >= 0 && n < 50 && found === null; n++) {
    const next = lower.indexOf(name, at + 1);
    // A whole name: "life support" is no phase inside "afterlife supporters".
    const whole = !/[\p{L}\p{N}]/u.test(lower[at - 1] ?? "") && !/[\p{L}\p{N}]/u.test(lower[at + name.length] ?? "");
    const sentence = whole ? sentenceAround(lower, at, name.length) : "";
    // A table row is no definition.
    if (whole && !sentence.trimStart().startsWith("|") && SECURITY.test(sentence)) {
      if (DENIES.test(sentence)) found = "unsupported";
      else if (GRANTS.test(sentence)) found = "supported";
    }
    at = next;
  }
  doc.phaseStatuses.set(name, found);
  return found;
}
