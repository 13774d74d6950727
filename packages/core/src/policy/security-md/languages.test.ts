import { describe, expect, it } from "vitest";
import { parseSecurityMd } from "./index.ts";

describe("parseSecurityMd languages", () => {
  it.each([
    ["Preferred-Languages: en, de", ["en", "de"]],
    ["We accept reports in English and German.", ["en", "de"]],
    ["## Preferred Languages\n\nWe prefer all communications to be in English.", ["en"]],
    ["We accept reports in English (en) and Brazilian Portuguese (pt-BR).", ["en", "pt-BR"]],
    ["The English documentation is at docs.example.com. We fix bugs in German code too.", []],
    ["Report vulnerabilities to security@example.com.", []],
  ] as const)("%s", (text, want) => {
    expect(parseSecurityMd(text).languages).toEqual(want);
  });
});

describe("parseSecurityMd language choice", () => {
  it("prefers the first prose sentence to a heading", () => {
    const p = parseSecurityMd("## Languages: English\n\nWe accept reports in German.\n\nWe also speak French.");
    expect(p.languages).toEqual(["de"]);
    expect(p.evidence.languages).toBe("We accept reports in German.");
  });

  it("lowercases only the primary tag, and keeps at most 20 languages", () => {
    expect(parseSecurityMd("Preferred-Languages: EN, de-AT").languages).toEqual(["en", "de-AT"]);
    const names = ["English", "German", "French", "Spanish", "Italian", "Portuguese", "Dutch", "Japanese", "Chinese"];
    const more = ["Korean", "Russian", "Polish", "Swedish", "Norwegian", "Danish", "Finnish", "Czech", "Slovak"];
    const rest = ["Turkish", "Ukrainian", "Hebrew", "Arabic", "Hindi"];
    const p = parseSecurityMd(`We accept reports in ${[...names, ...more, ...rest].join(", ")}.`);
    expect(p.languages).toHaveLength(20);
    expect(p.languages.slice(0, 3)).toEqual(["en", "de", "fr"]);
  });
});
