import { describe, expect, it } from "vitest";
import { CLOCK_NAMES } from "./clocks.ts";
import { CLOCK_LABELS, clockNameOf, formatCountdown, formatDeadlineLabel, formatShortSpan } from "./format.ts";

const now = new Date("2026-03-02T09:00:00Z");
const at = (ms: number) => new Date(now.getTime() + ms);
const MIN = 60_000;
const H = 60 * MIN;
const D = 24 * H;

describe("formatCountdown", () => {
  it.each([
    [5 * H, "due in 5 h"],
    [5 * H + 59 * MIN, "due in 5 h"],
    [2 * D + 4 * H + 30 * MIN, "due in 2 d 4 h"],
    [3 * D, "due in 3 d"],
    [35 * MIN, "due in 35 min"],
    [59 * MIN + 59_000, "due in 59 min"],
    [H, "due in 1 h"],
    [30_000, "due in < 1 min"],
    [0, "breached just now"],
    [-30_000, "breached just now"],
    [-2 * D, "breached 2 d ago"],
    [-(2 * D + 5 * H), "breached 2 d 5 h ago"],
    [-3 * H, "breached 3 h ago"],
    [-(3 * H + 20 * MIN), "breached 3 h ago"],
    [-12 * MIN, "breached 12 min ago"],
  ])("%d ms -> %s", (ms, expected) => {
    expect(formatCountdown(at(ms), now)).toBe(expected);
  });
});

describe("CLOCK_LABELS", () => {
  it("labels every clock", () => {
    expect(CLOCK_NAMES.map((n) => CLOCK_LABELS[n])).toEqual([
      "Acknowledge",
      "Initial assessment",
      "Status update",
      "Resolution",
      "Emergency response",
    ]);
  });
});

describe("formatDeadlineLabel", () => {
  it.each([
    ["resolve", -(75 * D + 6 * H), "Resolve · breached 75 d ago"],
    ["acknowledge", 3 * H + 40 * MIN, "Ack · 3 h left"],
    ["assess", 47 * H + 59 * MIN, "Assess · 47 h left"],
    ["assess", 2 * D, "Assess · 2 d left"],
    ["update", 35 * MIN, "Update · 35 min left"],
    ["emergency", 20_000, "Emergency · < 1 min left"],
    ["resolve", 0, "Resolve · breached just now"],
    ["acknowledge", -90 * MIN, "Ack · breached 1 h ago"],
    ["update", -12 * MIN, "Update · breached 12 min ago"],
  ] as const)("%s at %d ms -> %s", (clock, ms, expected) => {
    expect(formatDeadlineLabel(clock, at(ms), now)).toBe(expected);
  });

  it("names every clock with its own short label", () => {
    const labels = CLOCK_NAMES.map((n) => formatDeadlineLabel(n, at(5 * H), now).split(" · ")[0]);
    expect(new Set(labels).size).toBe(CLOCK_NAMES.length);
    expect(labels).toEqual(["Ack", "Assess", "Update", "Resolve", "Emergency"]);
  });

  it("gives the countdown alone when the promise is not known", () => {
    expect(formatDeadlineLabel(null, at(-3 * D), now)).toBe("breached 3 d ago");
  });

  it("says nothing for an invalid instant", () => {
    expect(formatDeadlineLabel("resolve", new Date(Number.NaN), now)).toBe("");
  });
});

describe("formatShortSpan", () => {
  it("keeps one unit: minutes, hours below two days, then days", () => {
    expect([59 * MIN, H, 47 * H, 48 * H, 10 * D + 23 * H].map(formatShortSpan)).toEqual([
      "59 min",
      "1 h",
      "47 h",
      "2 d",
      "10 d",
    ]);
  });
});

describe("clockNameOf", () => {
  it("accepts the stored clock names and nothing else", () => {
    expect(clockNameOf("resolve")).toBe("resolve");
    expect(clockNameOf("Resolve")).toBeNull();
    expect(clockNameOf(null)).toBeNull();
    expect(clockNameOf("")).toBeNull();
  });
});
