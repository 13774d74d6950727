import { describe, expect, it } from "vitest";
import { advisoryDraftSchema, advisoryRangeSchema, advisoryReferenceSchema, csafRevisionSchema } from "./draft.ts";

const messages = (r: { success: boolean; error?: { issues: { message: string }[] } }) =>
  r.success ? [] : (r.error?.issues.map((i) => i.message) ?? []);

describe("advisory draft schema", () => {
  it("a range ends at a fixed version or a last affected version, not both", () => {
    expect(advisoryRangeSchema.safeParse({ introduced: "1.0", fixed: "1.2", lastAffected: null }).success).toBe(true);
    expect(messages(advisoryRangeSchema.safeParse({ introduced: "1.0", fixed: "", lastAffected: null }))).toEqual([
      "A range ends at a fixed version or a last affected version",
    ]);
    expect(messages(advisoryRangeSchema.safeParse({ introduced: null, fixed: "2", lastAffected: "1.9" }))).toEqual([
      "A range ends at a fixed version or a last affected version, not both",
    ]);
  });

  it("references are http(s) web addresses of an OSV type", () => {
    expect(advisoryReferenceSchema.safeParse({ url: "https://example.com/a", type: "FIX" }).success).toBe(true);
    expect(messages(advisoryReferenceSchema.safeParse({ url: "javascript:alert(1)", type: "FIX" }))).toEqual([
      "Must be a web address (http or https)",
    ]);
    expect(advisoryReferenceSchema.safeParse({ url: "https://example.com", type: "BLOG" }).success).toBe(false);
  });

  it("CWE ids are normalised, well-formed and named once", () => {
    const base = { title: "t", summary: "s", details: "", workaround: "", affected: [], references: [] };
    const parsed = advisoryDraftSchema.parse({ ...base, cwes: [" cwe-79 "] });
    expect(parsed.cwes).toEqual(["CWE-79"]);
    expect(parsed.workaround).toBeNull();
    expect(messages(advisoryDraftSchema.safeParse({ ...base, cwes: ["CWE-079"] }))).toEqual([
      "Must be a CWE id such as CWE-79",
    ]);
    expect(messages(advisoryDraftSchema.safeParse({ ...base, cwes: ["CWE-79", "cwe-79"] }))).toEqual([
      "Name each weakness once",
    ]);
  });

  it("CSAF revisions are whole numbers with an ISO date", () => {
    expect(csafRevisionSchema.safeParse({ number: "2", date: "2026-05-01T08:00:00.000Z", summary: "x" }).success).toBe(
      true,
    );
    expect(
      csafRevisionSchema.safeParse({ number: "1.0.0", date: "2026-05-01T08:00:00.000Z", summary: "x" }).success,
    ).toBe(false);
  });
});
