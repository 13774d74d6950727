import { describe, expect, it } from "vitest";
import { humanDuration, metOfDue, monthLabel, percent } from "./format.ts";

const H = 3_600_000;

describe("leadership figures as people read them", () => {
  it("says durations in minutes, hours up to two days, then days", () => {
    expect(humanDuration(null)).toBe("–");
    expect(humanDuration(20_000)).toBe("< 1 min");
    expect(humanDuration(35 * 60_000)).toBe("35 min");
    expect(humanDuration(3 * H)).toBe("3 h");
    expect(humanDuration(2.54 * H)).toBe("2.5 h");
    expect(humanDuration(30 * H)).toBe("30 h");
    expect(humanDuration(60 * H)).toBe("2.5 d");
    expect(humanDuration(12.4 * 24 * H)).toBe("12 d");
  });

  it("never rounds a broken promise up to 100%", () => {
    expect(percent(null)).toBe("–");
    expect(percent(1)).toBe("100%");
    expect(percent(0.999)).toBe("99%");
    expect(percent(2 / 3)).toBe("66%");
    expect(percent(0.29)).toBe("29%");
    expect(metOfDue(3, 4, 0.75)).toBe("3/4 (75%)");
    expect(metOfDue(0, 0, null)).toBe("0/0");
  });

  it("names months", () => {
    expect(monthLabel("2026-03")).toBe("Mar 2026");
    expect(monthLabel("2026-03", true)).toBe("Mar");
    expect(monthLabel("2026-01", true)).toBe("Jan ’26");
    expect(monthLabel("2025-11", true, true)).toBe("Nov ’25");
  });
});
