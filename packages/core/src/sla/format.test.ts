import { describe, expect, it } from "vitest";
import { CLOCK_NAMES } from "./clocks.ts";
import { CLOCK_LABELS, formatCountdown } from "./format.ts";

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
