import { describe, expect, it } from "vitest";
import { addDays, dayOf, fixCountdown, monthsOf, WINDOW_DAYS, windowOf } from "./calendar.ts";

describe("the disclosures calendar", () => {
  it("starts today, or on the first of another month, and spans 90 days", () => {
    expect(windowOf("2026-12-15", 0)).toEqual({ first: "2026-12-15", last: addDays("2026-12-15", WINDOW_DAYS - 1) });
    expect(windowOf("2026-12-15", 0).last).toBe("2027-03-14");
    expect(windowOf("2026-12-15", 1).first).toBe("2027-01-01");
    expect(windowOf("2026-12-15", -12).first).toBe("2025-12-01");
    expect(windowOf("2026-01-31", 1).first).toBe("2026-02-01");
  });

  it("counts days across daylight-saving changes and leap years", () => {
    expect(addDays("2026-03-28", 2)).toBe("2026-03-30");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
  });

  it("reads an instant's date in the viewer's zone", () => {
    const at = new Date("2026-12-01T23:30:00Z");
    expect(dayOf(at, "UTC")).toBe("2026-12-01");
    expect(dayOf(at, "Europe/Berlin")).toBe("2026-12-02");
    expect(dayOf(at, "America/Los_Angeles")).toBe("2026-12-01");
  });

  it("lays out each month touched as Monday-first weeks", () => {
    const months = monthsOf("2026-12-15", "2027-03-14");
    expect(months.map((m) => m.key)).toEqual(["2026-12", "2027-01", "2027-02", "2027-03"]);
    expect(months[0]?.label).toBe("December 2026");
    // 1 December 2026 is a Tuesday.
    expect(months[0]?.weeks[0]).toEqual([
      null,
      "2026-12-01",
      "2026-12-02",
      "2026-12-03",
      "2026-12-04",
      "2026-12-05",
      "2026-12-06",
    ]);
    for (const m of months) {
      for (const w of m.weeks) expect(w).toHaveLength(7);
      const days = m.weeks.flat().filter(Boolean);
      expect(new Set(days).size).toBe(days.length);
      expect(days.every((d) => d?.startsWith(m.key))).toBe(true);
    }
    // February 2027 has 28 days, starting on a Monday: exactly 4 weeks.
    expect(months[2]?.weeks).toHaveLength(4);
  });

  it("counts down to a fix release, amber within a week, red once passed", () => {
    const now = new Date("2026-12-01T12:00:00Z");
    const at = (h: number) => new Date(now.getTime() + h * 3_600_000);
    expect(fixCountdown(at(10 * 24 + 5), now)).toEqual({ text: "in 10 d 5 h", tone: "ok" });
    expect(fixCountdown(at(7 * 24), now).tone).toBe("amber");
    expect(fixCountdown(at(-26), now)).toEqual({ text: "overdue by 1 d 2 h", tone: "red" });
  });
});
