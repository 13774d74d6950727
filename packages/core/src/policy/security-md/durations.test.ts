import { describe, expect, it } from "vitest";
import { findDurations } from "./durations.ts";
import { d, h, tokensOf, w } from "./test-helpers.ts";

const found = (text: string) => findDurations(tokensOf(text)).map(({ kind, value }) => ({ kind, value }));
const duration = (value: ReturnType<typeof h>) => ({ kind: "duration", value });
const business = (amount: number) => duration({ amount, unit: "business_days" });

describe("findDurations", () => {
  it.each([
    ["48 hours", duration(h(48))],
    ["48h", duration(h(48))],
    ["2 hrs", duration(h(2))],
    ["a week", duration(w(1))],
    ["90-day", duration(d(90))],
    ["10 calendar days", duration(d(10))],
    ["5 business days", business(5)],
    ["5-business-day", business(5)],
    ["2 working days", business(2)],
    ["3 workdays", business(3)],
    ["next business day", business(1)],
    ["3 months", duration(d(90))],
    ["a fortnight", duration(w(2))],
  ])("%s", (text, want) => {
    expect(found(text)).toEqual([want]);
  });

  it("reads the upper bound of a range", () => {
    expect(found("24-48 hours")).toEqual([duration(h(48))]);
    expect(found("3 to 5 business days")).toEqual([business(5)]);
    expect(found("between 1 and 3 days")).toEqual([duration(d(3))]);
    expect(found("5 to 3 days")).toEqual([duration(d(3))]);
  });

  it("reads the next release, with up to two qualifiers, as its own kind", () => {
    for (const text of ["next release", "next minor release", "next scheduled security release", "upcoming version"]) {
      expect(found(text), text).toEqual([{ kind: "next_release", value: null }]);
    }
    expect(found("next big release")).toEqual([]);
  });

  it("reads daily, weekly, bi-weekly and monthly as periods", () => {
    expect(found("daily weekly bi-weekly biweekly monthly")).toEqual([
      { kind: "periodic", value: d(1) },
      { kind: "periodic", value: w(1) },
      { kind: "periodic", value: w(2) },
      { kind: "periodic", value: w(2) },
      { kind: "periodic", value: d(30) },
    ]);
  });

  it.each(["48 h", "3 business hours", "2 calendar weeks", "0 days", "20000 days", "1.5 days", "a-day", "ten"])(
    "%s is no duration",
    (text) => {
      expect(found(text)).toEqual([]);
    },
  );
});
