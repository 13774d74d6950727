import { describe, expect, it } from "vitest";
import {
  chooseLocale,
  detectScriptLocale,
  devanagariShare,
  parseAcceptLanguage,
  programLocales,
  toResearcherLocale,
} from "./locale.ts";

describe("researcher locale", () => {
  it("maps region and case variants to the catalogs we hold", () => {
    expect(toResearcherLocale("hi-IN")).toBe("hi");
    expect(toResearcherLocale("HI_in")).toBe("hi");
    expect(toResearcherLocale("en-GB")).toBe("en");
    expect(toResearcherLocale("fr")).toBeNull();
    expect(toResearcherLocale("")).toBeNull();
  });

  it("keeps the program's languages we can serve, in its order, English when none", () => {
    expect(programLocales(["hi", "en"])).toEqual(["hi", "en"]);
    expect(programLocales(["en-US", "fr", "hi-IN", "en"])).toEqual(["en", "hi"]);
    expect(programLocales(["ja", "de"])).toEqual(["en"]);
    expect(programLocales([])).toEqual(["en"]);
  });

  it("orders Accept-Language by q, then by position, dropping q=0 and junk", () => {
    expect(parseAcceptLanguage("en;q=0.5, hi-IN, fr;q=0.8")).toEqual(["hi-IN", "fr", "en"]);
    expect(parseAcceptLanguage("hi;q=0, en")).toEqual(["en"]);
    expect(parseAcceptLanguage("<script>, en;q=abc, de")).toEqual(["en", "de"]);
    expect(parseAcceptLanguage(undefined)).toEqual([]);
  });

  it("prefers an explicit choice, then the stored one, then the header, then the program's first", () => {
    const program = ["en", "hi"] as const;
    expect(chooseLocale({ program, requested: "hi", stored: "en", acceptLanguage: "en" })).toBe("hi");
    expect(chooseLocale({ program, stored: "hi", acceptLanguage: "en" })).toBe("hi");
    expect(chooseLocale({ program, acceptLanguage: "fr, hi-IN;q=0.9, en;q=0.1" })).toBe("hi");
    expect(chooseLocale({ program, acceptLanguage: "fr" })).toBe("en");
  });

  it("falls back to the program's first language for a language it does not offer", () => {
    expect(chooseLocale({ program: ["hi", "en"], requested: "de" })).toBe("hi");
    expect(chooseLocale({ program: ["en"], requested: "hi", acceptLanguage: "hi-IN" })).toBe("en");
    expect(chooseLocale({ program: [], requested: "xx" })).toBe("en");
  });

  it("detects Hindi by Devanagari script, not Latin text", () => {
    expect(detectScriptLocale("लॉगिन पेज पर एसक्यूएल इंजेक्शन की समस्या है")).toBe("hi");
    expect(detectScriptLocale("Re: [VOICE-12] लॉगिन पेज में XSS भेद्यता मिली है, कृपया देखें")).toBe("hi");
    expect(detectScriptLocale("SQL injection in the login form")).toBeNull();
    expect(
      detectScriptLocale("A long English report about a bug that mentions नमस्ते once in passing, nothing more."),
    ).toBeNull();
    expect(detectScriptLocale("")).toBeNull();
  });
  it("counts letters, not vowel signs, so a Hindi word weighs like an English one", () => {
    expect(devanagariShare("कि")).toBe(1);
    expect(devanagariShare("ab कि")).toBeCloseTo(1 / 3);
    expect(devanagariShare("")).toBe(0);
  });
});
