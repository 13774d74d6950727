/** ASCII is tested by range first: the Unicode property regex is the slow path. */
const LETTER_RE = /[\p{L}\p{M}]/u;
export function isLetterCode(c: number, ch: string): boolean {
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return true;
  if (c < 128) return false;
  return LETTER_RE.test(ch);
}
export const isDigitCode = (c: number) => c >= 48 && c <= 57;

/**
 * The value of a decimal digit in the scripts the reader knows: ASCII, full-width (used in Chinese and Japanese
 * text) and Devanagari (Hindi); -1 for anything else.
 */
export function digitValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 0xff10 && c <= 0xff19) return c - 0xff10;
  if (c >= 0x0966 && c <= 0x096f) return c - 0x0966;
  // Arabic-Indic ("٤٨ ساعة"), Persian ("۴۸ ساعت") and Thai digits
  if (c >= 0x0660 && c <= 0x0669) return c - 0x0660;
  if (c >= 0x06f0 && c <= 0x06f9) return c - 0x06f0;
  if (c >= 0x0e50 && c <= 0x0e59) return c - 0x0e50;
  return -1;
}

/**
 * Chinese characters, kana and the prolonged sound mark: scripts written without spaces, so each character is a
 * word token of its own and multi-character words are matched as sequences.
 */
export const isCjkCode = (c: number) =>
  (c >= 0x4e00 && c <= 0x9fff) ||
  (c >= 0x3400 && c <= 0x4dbf) ||
  (c >= 0xf900 && c <= 0xfaff) ||
  (c >= 0x3040 && c <= 0x30ff) ||
  (c >= 0x31f0 && c <= 0x31ff) ||
  (c >= 0xff66 && c <= 0xff9f) ||
  c === 0x3005; /* 々 */
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
