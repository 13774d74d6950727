import { describe, expect, it } from "vitest";
import { DomainError } from "../../errors.ts";
import { MAX_SECURITY_MD_BYTES, parseSecurityMd } from "./index.ts";

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
