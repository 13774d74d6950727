import { describe, expect, it } from "vitest";
import { toFtsQuery } from "./search.ts";

describe("toFtsQuery", () => {
  it("quotes every word so FTS operators are plain text", () => {
    expect(toFtsQuery('sql OR "x" NEAR(a b) *')).toBe('"sql"* AND "OR"* AND "x"* AND "NEAR(a"* AND "b)"*');
  });
  it("drops words that hold no letter or digit", () => {
    expect(toFtsQuery("* - ''")).toBeNull();
  });
  it("returns null for blank input", () => {
    expect(toFtsQuery("   ")).toBeNull();
    expect(toFtsQuery('""')).toBeNull();
  });
  it("caps the number of words", () => {
    expect(toFtsQuery(Array.from({ length: 40 }, (_, i) => `w${i}`).join(" "))?.split(" AND ")).toHaveLength(12);
  });
});
