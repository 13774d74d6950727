import { describe, expect, it } from "vitest";
import { isDomainChar, isLetterCode, isLocalChar, isSpaceCode } from "./chars.ts";

const code = (ch: string) => ch.charCodeAt(0);

describe("character classes", () => {
  it("letters include accented and non-Latin letters, not digits or marks of punctuation", () => {
    for (const ch of ["a", "Z", "é", "ß", "中", "я"]) expect(isLetterCode(code(ch), ch), ch).toBe(true);
    for (const ch of ["1", "_", "-", "✅", " "]) expect(isLetterCode(code(ch), ch), ch).toBe(false);
  });

  it("spaces include no-break, ideographic and typographic spaces and the emoji variation selector", () => {
    for (const ch of [" ", "\t", "\n", "\u00a0", "\u3000", "\u2009", "\ufe0f"])
      expect(isSpaceCode(code(ch))).toBe(true);
    for (const ch of ["a", "\u00ad", "_"]) expect(isSpaceCode(code(ch))).toBe(false);
  });

  it("an address's local part allows . _ % + -, its domain only letters, digits, dots and hyphens", () => {
    for (const ch of "aZ09._%+-") expect(isLocalChar(code(ch)), ch).toBe(true);
    for (const ch of "@ ()<>") expect(isLocalChar(code(ch)), ch).toBe(false);
    for (const ch of "aZ09.-") expect(isDomainChar(code(ch)), ch).toBe(true);
    for (const ch of "_%+@/") expect(isDomainChar(code(ch)), ch).toBe(false);
  });
});
