import { describe, expect, it } from "vitest";
import { DomainError } from "../../errors.ts";
import { MAX_SECURITY_MD_BYTES, parseSecurityMd } from "./index.ts";
import { assertSize, utf8Length } from "./size.ts";

describe("parseSecurityMd on oversized input", () => {
  it("rejects input over 1 MB with a clear validation error", () => {
    const big = "a".repeat(MAX_SECURITY_MD_BYTES + 1);
    expect(() => parseSecurityMd(big)).toThrowError(DomainError);
    try {
      parseSecurityMd(big);
    } catch (err) {
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).kind).toBe("validation");
      expect((err as DomainError).field).toBe("file");
      expect((err as DomainError).message).toBe("SECURITY.md is larger than 1 MB");
    }
    // Counted in UTF-8 bytes: 350,000 "€" are 1,050,000 bytes.
    expect(() => parseSecurityMd("€".repeat(350_000))).toThrowError("SECURITY.md is larger than 1 MB");
    expect(() => parseSecurityMd("€".repeat(349_000))).not.toThrow();
    expect(() => parseSecurityMd(null as unknown as string)).toThrowError(DomainError);
  });
});

describe("utf8Length", () => {
  it.each([
    ["", 0],
    ["a", 1],
    ["é", 2],
    ["€", 3],
    ["😀", 4],
    ["\uD800", 3],
    ["\uD800x", 4],
    ["\uDC00\uD800", 6],
  ])("counts %j as TextEncoder does (%i bytes)", (text, bytes) => {
    expect(utf8Length(text)).toBe(bytes);
    expect(utf8Length(text)).toBe(new TextEncoder().encode(text).length);
  });
});

describe("assertSize", () => {
  it("accepts exactly the limit and rejects one byte more, in UTF-8 bytes", () => {
    expect(() => assertSize("a".repeat(MAX_SECURITY_MD_BYTES))).not.toThrow();
    const twoByte = "é".repeat(MAX_SECURITY_MD_BYTES / 2);
    expect(() => assertSize(twoByte)).not.toThrow();
    expect(() => assertSize(`${twoByte}a`)).toThrowError("SECURITY.md is larger than 1 MB");
  });

  it("rejects what is not a string", () => {
    for (const input of [undefined, 42, { markdown: "" }, Buffer.from("# Security")]) {
      expect(() => assertSize(input)).toThrowError("SECURITY.md must be text");
    }
  });
});
