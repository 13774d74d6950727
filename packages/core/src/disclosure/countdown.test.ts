import { describe, expect, it } from "vitest";
import { disclosureCountdown, disclosureFilterRange } from "./countdown.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const now = new Date("2026-06-01T12:00:00Z");
const at = (ms: number) => new Date(now.getTime() + ms);

describe("disclosureCountdown", () => {
  it("counts down in days and hours", () => {
    expect(
      disclosureCountdown({ targetAt: at(12 * DAY + 4 * HOUR + 59_000), state: "agreed", fixReleased: false, now }),
    ).toEqual({
      text: "in 12 d 4 h",
      tone: "ok",
      msLeft: 12 * DAY + 4 * HOUR + 59_000,
    });
    expect(
      disclosureCountdown({ targetAt: at(5 * HOUR + 30 * 60_000), state: "proposed", fixReleased: true, now })?.text,
    ).toBe("in 5 h");
    expect(disclosureCountdown({ targetAt: at(35 * 60_000), state: "extended", fixReleased: true, now })?.text).toBe(
      "in 35 min",
    );
    expect(disclosureCountdown({ targetAt: at(20_000), state: "agreed", fixReleased: true, now })?.text).toBe(
      "in < 1 min",
    );
  });

  it("is amber within 7 days while no fix is released", () => {
    expect(disclosureCountdown({ targetAt: at(7 * DAY), state: "agreed", fixReleased: false, now })?.tone).toBe(
      "amber",
    );
    expect(disclosureCountdown({ targetAt: at(7 * DAY + 1), state: "agreed", fixReleased: false, now })?.tone).toBe(
      "ok",
    );
    expect(disclosureCountdown({ targetAt: at(2 * DAY), state: "agreed", fixReleased: true, now })?.tone).toBe("ok");
  });

  it("is red once the date has come", () => {
    expect(
      disclosureCountdown({ targetAt: at(-(2 * DAY + 3 * HOUR)), state: "agreed", fixReleased: true, now }),
    ).toEqual({
      text: "overdue by 2 d 3 h",
      tone: "red",
      msLeft: -(2 * DAY + 3 * HOUR),
    });
    expect(disclosureCountdown({ targetAt: now, state: "proposed", fixReleased: false, now })).toEqual({
      text: "due now",
      tone: "red",
      msLeft: 0,
    });
  });

  it("says published, and nothing without a date or a plan", () => {
    expect(disclosureCountdown({ targetAt: at(-DAY), state: "published", fixReleased: true, now })).toEqual({
      text: "published",
      tone: "done",
      msLeft: null,
    });
    expect(disclosureCountdown({ targetAt: null, state: "proposed", fixReleased: false, now })).toBeNull();
    expect(disclosureCountdown({ targetAt: at(DAY), state: "none", fixReleased: false, now })).toBeNull();
    expect(disclosureCountdown({ targetAt: at(DAY), state: "cancelled", fixReleased: false, now })).toBeNull();
  });
});

describe("disclosureFilterRange", () => {
  it("selects the next 7 or 30 days, or everything overdue", () => {
    expect(disclosureFilterRange("within_7", now)).toEqual({ from: now, to: at(7 * DAY) });
    expect(disclosureFilterRange("within_30", now)).toEqual({ from: now, to: at(30 * DAY) });
    expect(disclosureFilterRange("overdue", now)).toEqual({ from: null, to: now });
  });
});
