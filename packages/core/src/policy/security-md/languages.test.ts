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
