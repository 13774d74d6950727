/** ASCII is tested by range first: the Unicode property regex is the slow path. */
const LETTER_RE = /[\p{L}\p{M}]/u;
export function isLetterCode(c: number, ch: string): boolean {
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return true;
  if (c < 128) return false;
  return LETTER_RE.test(ch);
}
export const isDigitCode = (c: number) => c >= 48 && c <= 57;
/** No-break and ideographic spaces part words like a plain space; the emoji variation selector (U+FE0F) is read as
 * one too, so "⚠️" stays a single token. */
export const isSpaceCode = (c: number) =>
  c === 32 || c === 9 || c === 10 || c === 0xa0 || c === 0x3000 || (c >= 0x2000 && c <= 0x200b) || c === 0xfe0f;

/** Characters of an email address's local part (the common subset, not all RFC 5322 allows). */
export const isLocalChar = (c: number) =>
  (c >= 65 && c <= 90) ||
  (c >= 97 && c <= 122) ||
  isDigitCode(c) ||
  c === 46 /* . */ ||
  c === 95 /* _ */ ||
  c === 37 /* % */ ||
  c === 43 /* + */ ||
  c === 45; /* - */
export const isDomainChar = (c: number) =>
  (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || isDigitCode(c) || c === 46 || c === 45;
