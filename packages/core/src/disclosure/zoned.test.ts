import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.ts";
import { formatZonedInstant, isTimeZone, parseZonedInstant, toZonedLocal } from "./zoned.ts";

// 2026: New York EST(-5)->EDT(-4) Sun 8 Mar at 02:00 local, back Sun 1 Nov at 02:00 local;
// Berlin CET(+1)->CEST(+2) Sun 29 Mar at 02:00 local, back Sun 25 Oct at 03:00 local. Kolkata: +5:30 all year.

const iso = (x: Date) => x.toISOString();

function errorOf(f: () => unknown): DomainError {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error("expected a DomainError");
}

describe("parseZonedInstant", () => {
  it("reads a wall-clock time in the zone", () => {
    expect(iso(parseZonedInstant("2027-03-04T17:00", "Asia/Kolkata"))).toBe("2027-03-04T11:30:00.000Z");
    expect(iso(parseZonedInstant("2027-03-04T17:00:30", "Asia/Kolkata"))).toBe("2027-03-04T11:30:30.000Z");
    expect(iso(parseZonedInstant("2026-07-01T09:00", "Europe/Berlin"))).toBe("2026-07-01T07:00:00.000Z"); // CEST
    expect(iso(parseZonedInstant("2026-01-15T09:00", "Europe/Berlin"))).toBe("2026-01-15T08:00:00.000Z"); // CET
    expect(iso(parseZonedInstant("2026-03-08T03:00", "America/New_York"))).toBe("2026-03-08T07:00:00.000Z"); // first EDT minute
    expect(iso(parseZonedInstant("2026-03-08T01:59", "America/New_York"))).toBe("2026-03-08T06:59:00.000Z"); // last EST minute
    expect(iso(parseZonedInstant(" 2026-05-01 12:00 ", "UTC"))).toBe("2026-05-01T12:00:00.000Z");
  });

  it("refuses a wall time the clocks skip, saying so", () => {
    const ny = errorOf(() => parseZonedInstant("2026-03-08T02:30", "America/New_York"));
    expect(ny.field).toBe("targetAt");
    expect(ny.message).toMatch(/does not exist in America\/New_York.*daylight saving/);
    const berlin = errorOf(() => parseZonedInstant("2026-03-29T02:00", "Europe/Berlin", "newAt"));
    expect(berlin.field).toBe("newAt");
    expect(berlin.message).toMatch(/does not exist/);
  });

  it("takes the first occurrence of a repeated wall time", () => {
    expect(iso(parseZonedInstant("2026-11-01T01:30", "America/New_York"))).toBe("2026-11-01T05:30:00.000Z"); // EDT
    expect(iso(parseZonedInstant("2026-10-25T02:30", "Europe/Berlin"))).toBe("2026-10-25T00:30:00.000Z"); // CEST
  });

  it("refuses an unknown or missing zone on the timeZone field", () => {
    const e = errorOf(() => parseZonedInstant("2027-03-04T17:00", "Mars/Olympus_Mons"));
    expect(e.field).toBe("timeZone");
    expect(e.message).toMatch(/^Unknown time zone/);
    expect(errorOf(() => parseZonedInstant("2027-03-04T17:00", "")).field).toBe("timeZone");
  });

  it("refuses a bare date, an instant with an offset and malformed text", () => {
    const bare = errorOf(() => parseZonedInstant("2027-03-04", "Asia/Kolkata"));
    expect(bare.field).toBe("targetAt");
    expect(bare.message).toBe("Give a date, a time and a time zone");
    expect(errorOf(() => parseZonedInstant("", "Asia/Kolkata")).message).toBe("Give a date, a time and a time zone");
    for (const text of [
      "2027-03-04T17:00Z",
      "2027-03-04T17:00:00.000Z",
      "2027-03-04T17:00+05:30",
      "2027-03-04T17:00-0400",
    ]) {
      expect(errorOf(() => parseZonedInstant(text, "Asia/Kolkata")).message).toMatch(/without an offset/);
    }
    for (const text of [
      "tomorrow",
      "2027-3-4T17:00",
      "2027-03-04T5pm",
      "2027-02-29T10:00",
      "2027-03-04T24:00",
      "2027-03-04T10:60",
    ]) {
      expect(errorOf(() => parseZonedInstant(text, "UTC")).field).toBe("targetAt");
    }
  });

  it("reads back what toZonedLocal writes (property)", () => {
    const zones = [
      "UTC",
      "Asia/Kolkata",
      "Europe/Berlin",
      "America/New_York",
      "Australia/Lord_Howe",
      "America/Santiago",
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2060, 0, 1) }),
        fc.constantFrom(...zones),
        (t, tz) => {
          const local = toZonedLocal(new Date(t), tz);
          const back = parseZonedInstant(local, tz);
          // Same wall time; the same instant up to the minute unless the wall time repeats.
          expect(toZonedLocal(back, tz)).toBe(local);
          expect(back.getTime()).toBeLessThanOrEqual(t);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("formatZonedInstant", () => {
  it("gives the date, the time and the zone", () => {
    expect(formatZonedInstant(new Date("2027-03-04T11:30:00Z"), "Asia/Kolkata")).toBe(
      "Thu 4 Mar 2027, 17:00 IST (Asia/Kolkata)",
    );
    expect(formatZonedInstant(new Date("2026-04-15T14:00:00Z"), "America/New_York")).toBe(
      "Wed 15 Apr 2026, 10:00 EDT (America/New_York)",
    );
    expect(formatZonedInstant(new Date("2026-01-15T15:00:00Z"), "America/New_York")).toBe(
      "Thu 15 Jan 2026, 10:00 EST (America/New_York)",
    );
    expect(formatZonedInstant(new Date("2026-10-30T09:00:00Z"), "Europe/Berlin")).toBe(
      "Fri 30 Oct 2026, 10:00 CET (Europe/Berlin)",
    );
    expect(formatZonedInstant(new Date("2027-03-04T11:30:00Z"), "UTC")).toBe("Thu 4 Mar 2027, 11:30 UTC");
    expect(formatZonedInstant(new Date("2027-03-04T11:30:00Z"), "Asia/Tokyo")).toBe(
      "Thu 4 Mar 2027, 20:30 GMT+9 (Asia/Tokyo)",
    );
  });
});

describe("toZonedLocal and isTimeZone", () => {
  it("writes the form field value in the zone", () => {
    expect(toZonedLocal(new Date("2027-03-04T11:30:59Z"), "Asia/Kolkata")).toBe("2027-03-04T17:00");
    expect(toZonedLocal(new Date("2026-12-31T23:30:00Z"), "Europe/Berlin")).toBe("2027-01-01T00:30");
  });

  it("knows IANA zones", () => {
    expect(isTimeZone("Europe/Berlin")).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
    expect(isTimeZone("Europe/Atlantis")).toBe(false);
    expect(isTimeZone("")).toBe(false);
  });
});
