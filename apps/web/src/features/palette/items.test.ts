import { describe, expect, it } from "vitest";
import { filterItems, reportKeyIn, screensFor } from "./items.ts";

const items = [
  { label: "Inbox", keywords: "reports home" },
  { label: "New report", keywords: "create add manual" },
  { label: "IndiVillage Voice Agent System", keywords: "voice" },
  { label: "Échéances", keywords: "" },
];

describe("filterItems", () => {
  it("keeps everything for an empty query", () => {
    expect(filterItems(items, "  ")).toHaveLength(items.length);
  });
  it("matches every word, in any order and case, in the label or keywords", () => {
    expect(filterItems(items, "REPORT new").map((i) => i.label)).toEqual(["New report"]);
    expect(filterItems(items, "home").map((i) => i.label)).toEqual(["Inbox"]);
    expect(filterItems(items, "agent voice").map((i) => i.label)).toEqual(["IndiVillage Voice Agent System"]);
  });
  it("ignores accents", () => {
    expect(filterItems(items, "echeances").map((i) => i.label)).toEqual(["Échéances"]);
  });
  it("does not match a report key by scattered letters", () => {
    expect(filterItems(items, "VOICE-16")).toEqual([]);
  });
});

describe("reportKeyIn", () => {
  it("reads an exact key in any case, trimmed", () => {
    expect(reportKeyIn("VOICE-16")).toBe("VOICE-16");
    expect(reportKeyIn("  voice-16 ")).toBe("VOICE-16");
  });
  it("anything else is not a key", () => {
    for (const q of ["VOICE", "VOICE-", "VOICE-0", "VOICE-16 x", "open VOICE-16", "16", "V-1"]) {
      expect(reportKeyIn(q)).toBeNull();
    }
  });
});

describe("screensFor", () => {
  it("offers admin screens to admins only and triage screens to triagers only", () => {
    const paths = (a: Parameters<typeof screensFor>[0]) => screensFor(a).map((s) => s.path);
    expect(paths({ canTriage: false, isAdmin: false })).not.toContain("/reports/new");
    expect(paths({ canTriage: false, isAdmin: false })).not.toContain("/audit");
    expect(paths({ canTriage: true, isAdmin: false })).toContain("/reports/new");
    expect(paths({ canTriage: true, isAdmin: false })).not.toContain("/members");
    expect(paths({ canTriage: true, isAdmin: true })).toContain("/members");
  });
});
