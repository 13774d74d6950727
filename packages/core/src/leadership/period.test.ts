import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.ts";
import { lastTwelveMonths, quarterOf, resolvePeriod } from "./period.ts";

const now = new Date("2026-12-02T15:30:00Z");
const iso = (d: Date) => d.toISOString();

function fieldOf(fn: () => unknown): string | null | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e.field;
    throw e;
  }
  throw new Error("expected a DomainError");
}

describe("resolvePeriod", () => {
  it("last 30 days ends with today (UTC) and has 30 whole days", () => {
    const p = resolvePeriod({ kind: "last30" }, now);
    expect(iso(p.to)).toBe("2026-12-03T00:00:00.000Z");
    expect(iso(p.from)).toBe("2026-11-03T00:00:00.000Z");
    expect(p.label).toBe("Last 30 days");
  });

  it("a quarter is its three months", () => {
    const p = resolvePeriod({ kind: "quarter", quarter: "2026-Q3" }, now);
    expect([iso(p.from), iso(p.to)]).toEqual(["2026-07-01T00:00:00.000Z", "2026-10-01T00:00:00.000Z"]);
    const q4 = resolvePeriod({ kind: "quarter", quarter: "2026-q4" }, now);
    expect(iso(q4.to)).toBe("2027-01-01T00:00:00.000Z");
    expect(quarterOf(now)).toBe("2026-Q4");
  });

  it("a custom range includes its last day", () => {
    const p = resolvePeriod({ kind: "custom", from: "2026-01-01", to: "2026-01-31" }, now);
    expect([iso(p.from), iso(p.to)]).toEqual(["2026-01-01T00:00:00.000Z", "2026-02-01T00:00:00.000Z"]);
  });

  it("refuses an end before the start, a range over 5 years, a day that does not exist and a bad quarter, naming the field", () => {
    expect(fieldOf(() => resolvePeriod({ kind: "custom", from: "2026-03-01", to: "2026-02-28" }, now))).toBe("to");
    expect(fieldOf(() => resolvePeriod({ kind: "custom", from: "2020-01-01", to: "2026-01-01" }, now))).toBe("from");
    expect(fieldOf(() => resolvePeriod({ kind: "custom", from: "2026-02-30", to: "2026-03-01" }, now))).toBe("from");
    expect(fieldOf(() => resolvePeriod({ kind: "custom", from: "2026-02-01", to: "March" }, now))).toBe("to");
    expect(fieldOf(() => resolvePeriod({ kind: "quarter", quarter: "2026-Q5" }, now))).toBe("quarter");
    // Exactly five years is allowed.
    expect(() => resolvePeriod({ kind: "custom", from: "2021-01-01", to: "2025-12-31" }, now)).not.toThrow();
  });
});

describe("lastTwelveMonths", () => {
  it("is the 12 UTC months ending with this one, oldest first, across a year boundary", () => {
    const months = lastTwelveMonths(now);
    expect(months).toHaveLength(12);
    expect(months[0]?.month).toBe("2026-01");
    expect(months[11]?.month).toBe("2026-12");
    const jan = lastTwelveMonths(new Date("2027-01-15T00:00:00Z"));
    expect(jan.map((m) => m.month).slice(0, 2)).toEqual(["2026-02", "2026-03"]);
    for (let i = 1; i < months.length; i++) expect(months[i]?.from).toEqual(months[i - 1]?.to);
  });
});
