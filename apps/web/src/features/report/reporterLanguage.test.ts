import { describe, expect, it } from "vitest";
import { languageMismatch, readsLabel } from "./reporterLanguage.ts";

describe("a message in a language other than the reporter's", () => {
  it("to a Hindi reader: asks when the message has no Devanagari", () => {
    expect(languageMismatch("hi", "Thanks, we reproduced it and a fix is coming.")).toMatch(/reads Hindi/);
    expect(languageMismatch("hi", "धन्यवाद, हमने इसे दोहरा लिया है।")).toBeNull();
    // Hindi with English terms, a CVE id and a link is still Hindi.
    expect(languageMismatch("hi", "CVE-2026-1234 आरक्षित है: https://example.com/advisory देखें")).toBeNull();
  });

  it("to an English reader: asks when the message is mostly Devanagari", () => {
    expect(languageMismatch("en", "धन्यवाद, हमने इसे दोहरा लिया है।")).toMatch(/reads English/);
    expect(languageMismatch("en", "Thanks! धन्यवाद")).toBeNull();
    expect(languageMismatch("en", "Thanks, we reproduced it.")).toBeNull();
  });

  it("never asks when the language is unknown or the message has no letters", () => {
    expect(languageMismatch(null, "Thanks")).toBeNull();
    expect(languageMismatch(undefined, "धन्यवाद")).toBeNull();
    expect(languageMismatch("hi", "https://x.test/1 2 3")).not.toBeNull(); // Latin letters in a URL, nothing Hindi
    expect(languageMismatch("hi", "1.2.3 → 1.2.4")).toBeNull();
  });

  it("names the badge for screen readers", () => {
    expect(readsLabel("hi")).toBe("Reporter reads Hindi");
    expect(readsLabel("en")).toBe("Reporter reads English");
  });
});
