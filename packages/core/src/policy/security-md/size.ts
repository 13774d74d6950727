import { DomainError } from "../../errors.ts";

/** Inputs larger than this (UTF-8 bytes) are rejected. */
export const MAX_SECURITY_MD_BYTES = 1024 * 1024;

/** Counted without encoding, so an oversized string is never copied (and core stays free of Node's Buffer). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/** Runs before any other work, so an oversized upload costs nothing to turn away. */
export function assertSize(markdown: unknown): asserts markdown is string {
  if (typeof markdown !== "string") throw new DomainError("validation", "SECURITY.md must be text", "file");
  // Every UTF-16 code unit is at least one UTF-8 byte and at most three.
  if (markdown.length > MAX_SECURITY_MD_BYTES) tooLarge();
  if (markdown.length * 3 > MAX_SECURITY_MD_BYTES && utf8Length(markdown) > MAX_SECURITY_MD_BYTES) tooLarge();
}
function tooLarge(): never {
  throw new DomainError("validation", "SECURITY.md is larger than 1 MB", "file");
}
