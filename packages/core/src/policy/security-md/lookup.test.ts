import { describe, expect, it } from "vitest";
import { parseSecurityMd } from "./index.ts";
import { lookup } from "./lookup.ts";

describe("lookup", () => {
  it("finds its own words and never a built-in property", () => {
    const t = lookup({ day: 1 });
    expect(t.day).toBe(1);
    for (const w of ["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf"]) expect(t[w]).toBeUndefined();
  });

  it("keeps words such as 'constructor' in a SECURITY.md from becoming values", () => {
    const p = parseSecurityMd(
      "We will keep you updated about the constructor.\n\nWe accept reports in English about the constructor toString.\n",
    );
    expect(p.update).toBeNull();
    expect(p.languages).toEqual(["en"]);
    expect(JSON.stringify(p)).not.toContain("function");
  });
});
