import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.ts";
import { type AckEntry, ackAdvisoryUrl, hallOfFameGroups, sortAckEntries } from "./acknowledgments.ts";
import { ackPeriodSchema, checkAckPeriod, isWithinAckPeriod } from "./period.ts";

const entry = (displayName: string | null, reportKey: string, disclosedAt: string, over: Partial<AckEntry> = {}) => ({
  displayName,
  creditType: "finder" as const,
  reportKey,
  cveId: null,
  advisoryUrl: null,
  programName: "Voice",
  disclosedAt: new Date(disclosedAt),
  ...over,
});

const label = (e: AckEntry) => `${e.displayName ?? "(anonymous)"} ${e.reportKey}`;

describe("sortAckEntries", () => {
  it("orders by disclosure day, then name (Anonymous as that word), then report key", () => {
    const sorted = sortAckEntries([
      entry("zoe", "VOICE-2", "2026-03-02T23:00:00Z"),
      entry("Bob", "VOICE-10", "2026-03-02T01:00:00Z"),
      entry(null, "VOICE-3", "2026-03-02T12:00:00Z"),
      entry("Bob", "VOICE-9", "2026-03-02T12:00:00Z"),
      entry("Álvaro", "VOICE-4", "2026-03-02T12:00:00Z"),
      entry("Yann", "VOICE-1", "2026-01-20T00:00:00Z"),
      entry("Carla", "VOICE-5", "2026-03-03T00:00:00Z"),
    ]);
    expect(sorted.map(label)).toEqual([
      "Yann VOICE-1",
      "Álvaro VOICE-4",
      "(anonymous) VOICE-3",
      "Bob VOICE-9",
      "Bob VOICE-10",
      "zoe VOICE-2",
      "Carla VOICE-5",
    ]);
  });

  it("puts the credit types of one person on one report in CVE order, and leaves its input alone", () => {
    const input = [
      entry("Ana", "VOICE-1", "2026-03-02T00:00:00Z", { creditType: "remediation_verifier" }),
      entry("Ana", "VOICE-1", "2026-03-02T00:00:00Z", { creditType: "finder" }),
    ];
    expect(sortAckEntries(input).map((e) => e.creditType)).toEqual(["finder", "remediation_verifier"]);
    expect(input.map((e) => e.creditType)).toEqual(["remediation_verifier", "finder"]);
  });
});

describe("hallOfFameGroups", () => {
  it("groups by year of disclosure in UTC, newest year and newest day first", () => {
    const groups = hallOfFameGroups([
      entry("Old", "VOICE-1", "2024-06-01T10:00:00Z"),
      entry("Eve", "VOICE-5", "2026-02-01T10:00:00Z"),
      entry("New Year's Eve UTC", "VOICE-4", "2025-12-31T23:59:59Z"),
      entry("Dan", "VOICE-6", "2026-02-01T10:00:00Z"),
      entry("Latest", "VOICE-7", "2026-11-30T10:00:00Z"),
    ]);
    expect(groups.map((g) => ({ year: g.year, names: g.entries.map((e) => e.displayName) }))).toEqual([
      { year: 2026, names: ["Latest", "Dan", "Eve"] },
      { year: 2025, names: ["New Year's Eve UTC"] },
      { year: 2024, names: ["Old"] },
    ]);
  });

  it("has no groups for no entries", () => {
    expect(hallOfFameGroups([])).toEqual([]);
  });
});

describe("ackAdvisoryUrl", () => {
  it("keeps absolute http(s) addresses and drops every other scheme or shape", () => {
    expect(ackAdvisoryUrl({ advisoryUrl: "https://example.com/a b" })).toBe("https://example.com/a%20b");
    expect(ackAdvisoryUrl({ advisoryUrl: "http://example.com/" })).toBe("http://example.com/");
    for (const bad of [
      "javascript:alert(1)",
      "JAVASCRIPT:alert(1)",
      "data:text/html,x",
      "/relative",
      "not a url",
      "",
    ]) {
      expect(ackAdvisoryUrl({ advisoryUrl: bad })).toBeNull();
    }
    expect(ackAdvisoryUrl({ advisoryUrl: null })).toBeNull();
  });
});

describe("acknowledgment periods", () => {
  it("reads whole UTC days, both bounds included", () => {
    const period = checkAckPeriod({ from: "2026-01-01", to: "2026-03-31" });
    expect(period.from?.toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(period.to?.toISOString()).toBe("2026-03-31T23:59:59.999Z");
    const within = (iso: string) => isWithinAckPeriod(new Date(iso), period);
    expect(within("2026-01-01T00:00:00.000Z")).toBe(true);
    expect(within("2026-03-31T23:59:59.999Z")).toBe(true);
    expect(within("2026-03-31T23:30:00Z")).toBe(true);
    expect(within("2025-12-31T23:59:59.999Z")).toBe(false);
    expect(within("2026-04-01T00:00:00.000Z")).toBe(false);
  });

  it("allows a one-day period and open ends", () => {
    const oneDay = checkAckPeriod({ from: "2026-03-02", to: "2026-03-02" });
    expect(isWithinAckPeriod(new Date("2026-03-02T18:00:00Z"), oneDay)).toBe(true);
    expect(checkAckPeriod({})).toEqual({ from: null, to: null });
    expect(checkAckPeriod({ from: "", to: null })).toEqual({ from: null, to: null });
    const open = checkAckPeriod({ from: "2026-03-02" });
    expect(open.to).toBeNull();
    expect(isWithinAckPeriod(new Date("2099-01-01T00:00:00Z"), open)).toBe(true);
    expect(isWithinAckPeriod(new Date("2026-03-01T23:59:59Z"), open)).toBe(false);
  });

  it("rejects an end before the start, naming the field", () => {
    const attempt = () => checkAckPeriod({ from: "2026-03-02", to: "2026-03-01" });
    expect(attempt).toThrow(DomainError);
    expect(attempt).toThrow(expect.objectContaining({ field: "to", kind: "validation" }));
  });

  it("rejects days that are not YYYY-MM-DD or do not exist, naming the field", () => {
    for (const [input, field] of [
      [{ from: "2026-02-30" }, "from"],
      [{ to: "31/03/2026" }, "to"],
      [{ from: "2026-3-1" }, "from"],
      [{ to: "2026-03-31T00:00" }, "to"],
    ] as const) {
      expect(() => checkAckPeriod(input), JSON.stringify(input)).toThrow(expect.objectContaining({ field }));
    }
  });

  it("answers the same through the schema, for the API and the command line", () => {
    const bad = ackPeriodSchema.safeParse({ from: "2026-03-02", to: "2026-03-01" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path)).toEqual([["to"]]);
    expect(ackPeriodSchema.parse({ to: " 2026-02-28 " }).to?.toISOString()).toBe("2026-02-28T23:59:59.999Z");
  });
});
