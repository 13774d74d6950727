import { TZDate } from "@date-fns/tz";
import { addDays } from "date-fns";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DURATION_UNITS, WEEKDAYS } from "../policy/enums.ts";
import type { Duration } from "../policy/schema.ts";
import {
  addDuration,
  addDurationFraction,
  type Calendar,
  type Interval,
  isWorkingDay,
  pausedWithin,
} from "./calendar.ts";

// Every expected instant below was worked out by hand from the rules (local
// time and offset in the comment), not read back from the implementation.
// 2026: Berlin CET(+1)->CEST(+2) Sun 29 Mar at 01:00Z, back Sun 25 Oct at 01:00Z;
// New York EST(-5)->EDT(-4) Sun 8 Mar at 07:00Z, back Sun 1 Nov at 06:00Z.

const MON_FRI = ["mon", "tue", "wed", "thu", "fri"] as Calendar["workingDays"];
const ALL_WEEK = [...WEEKDAYS] as Calendar["workingDays"];
const cal = (timeZone: string, holidays: string[] = [], workingDays = MON_FRI): Calendar => ({
  timeZone,
  workingDays,
  holidays,
});
const BERLIN = cal("Europe/Berlin");
const NEW_YORK = cal("America/New_York");
const EASTER_2026 = cal("Europe/Berlin", ["2026-04-03", "2026-04-06"]); // Good Friday, Easter Monday
const d = (s: string) => new Date(s);
const dur = (amount: number, unit: Duration["unit"]): Duration => ({ amount, unit });
const iso = (x: Date) => x.toISOString();
const pause = (start: string, end: string): Interval => ({ start: d(start), end: d(end) });

describe("isWorkingDay", () => {
  it("uses the local date in the calendar's zone", () => {
    expect(isWorkingDay(d("2026-03-29T21:59:00Z"), BERLIN)).toBe(false); // Sun 23:59 CEST
    expect(isWorkingDay(d("2026-03-29T22:00:00Z"), BERLIN)).toBe(true); // Mon 00:00 CEST
    expect(isWorkingDay(d("2026-01-09T14:59:00Z"), cal("Asia/Tokyo"))).toBe(true); // Fri 23:59 JST
    expect(isWorkingDay(d("2026-01-09T15:00:00Z"), cal("Asia/Tokyo"))).toBe(false); // Sat 00:00 JST
    expect(isWorkingDay(d("2026-01-10T03:00:00Z"), cal("America/New_York"))).toBe(true); // Sat in UTC, Fri 22:00 EST
  });

  it("skips holidays given as local dates", () => {
    expect(isWorkingDay(d("2026-04-03T10:00:00Z"), EASTER_2026)).toBe(false);
    expect(isWorkingDay(d("2026-04-02T21:59:59Z"), EASTER_2026)).toBe(true); // Thu 23:59:59 CEST
    expect(isWorkingDay(d("2026-04-02T22:00:00Z"), EASTER_2026)).toBe(false); // Fri 00:00 CEST
  });

  it("honours the working-day set", () => {
    const sunThu = cal("Asia/Jerusalem", [], ["sun", "mon", "tue", "wed", "thu"] as Calendar["workingDays"]);
    expect(isWorkingDay(d("2026-03-08T09:00:00Z"), sunThu)).toBe(true); // Sunday
    expect(isWorkingDay(d("2026-03-06T09:00:00Z"), sunThu)).toBe(false); // Friday
  });
});

describe("addDuration: business days", () => {
  const cases: [string, Calendar, string, number, string][] = [
    // Fri 27 Mar 15:00 CET -> Mon 30 Mar 15:00 CEST (weekend, and DST on the Sunday)
    ["Friday afternoon + 1", BERLIN, "2026-03-27T14:00:00Z", 1, "2026-03-30T13:00:00.000Z"],
    // Fri 27 Mar 15:00 CET -> Fri 3 Apr 15:00 CEST
    ["Friday afternoon + 5", BERLIN, "2026-03-27T14:00:00Z", 5, "2026-04-03T13:00:00.000Z"],
    // Mon 30, Tue 31, Wed 1, Thu 2, (Good Friday), (weekend), (Easter Monday), Tue 7 Apr 15:00 CEST
    ["Friday + 5 over Easter", EASTER_2026, "2026-03-27T14:00:00Z", 5, "2026-04-07T13:00:00.000Z"],
    // Thu 2 Apr 15:00 CEST + 1 -> Tue 7 Apr 15:00 CEST
    ["Thursday + 1 over Easter", EASTER_2026, "2026-04-02T13:00:00Z", 1, "2026-04-07T13:00:00.000Z"],
    // Fri 22 May 15:00 CEST + 1 with Whit Monday 25 May a holiday -> Tue 26 May 15:00 CEST
    ["Monday holiday", cal("Europe/Berlin", ["2026-05-25"]), "2026-05-22T13:00:00Z", 1, "2026-05-26T13:00:00.000Z"],
    // Fri 23 Oct 15:00 CEST -> Mon 26 Oct 15:00 CET
    ["autumn DST weekend", BERLIN, "2026-10-23T13:00:00Z", 1, "2026-10-26T14:00:00.000Z"],
    // Fri 6 Mar 15:00 EST -> Mon 9 Mar 15:00 EDT
    ["New York spring weekend", NEW_YORK, "2026-03-06T20:00:00Z", 1, "2026-03-09T19:00:00.000Z"],
    // Fri 30 Oct 15:00 EDT -> Mon 2 Nov 15:00 EST
    ["New York autumn weekend", NEW_YORK, "2026-10-30T19:00:00Z", 1, "2026-11-02T20:00:00.000Z"],
    // Fri 9 Jan 17:00 JST, Mon 12 Jan (Coming of Age Day) a holiday -> Tue 13 Jan 17:00 JST
    ["Tokyo holiday", cal("Asia/Tokyo", ["2026-01-12"]), "2026-01-09T08:00:00Z", 1, "2026-01-13T08:00:00.000Z"],
    // Seven-day week over the spring change: Sat 28 Mar 15:00 CET -> Sun 29 Mar 15:00 CEST (23 real hours)
    [
      "working Sunday, spring",
      cal("Europe/Berlin", [], ALL_WEEK),
      "2026-03-28T14:00:00Z",
      1,
      "2026-03-29T13:00:00.000Z",
    ],
    // Sat 24 Oct 15:00 CEST -> Sun 25 Oct 15:00 CET (25 real hours)
    [
      "working Sunday, autumn",
      cal("Europe/Berlin", [], ALL_WEEK),
      "2026-10-24T13:00:00Z",
      1,
      "2026-10-25T14:00:00.000Z",
    ],
    // Sat 02:30 CET -> Sunday 02:30 does not exist: the first instant after the gap, 03:00 CEST
    ["wall time in the gap", cal("Europe/Berlin", [], ALL_WEEK), "2026-03-28T01:30:00Z", 1, "2026-03-29T01:00:00.000Z"],
    // Sat 02:30 CEST -> Sun 02:30 happens twice: the first time (CEST)
    ["wall time repeated", cal("Europe/Berlin", [], ALL_WEEK), "2026-10-24T00:30:00Z", 1, "2026-10-25T00:30:00.000Z"],
  ];
  it.each(cases)("%s", (_name, c, start, n, expected) => {
    expect(iso(addDuration(d(start), dur(n, "business_days"), c))).toBe(expected);
  });

  describe("midnight convention: a due is the end of a working day, never 00:00 of the next", () => {
    const midnight: [string, string, number, string][] = [
      // Mon 2 Mar 00:00 CET + 5 -> Fri 6 Mar 23:59:59.999 CET
      ["Monday 00:00 + 5", "2026-03-01T23:00:00Z", 5, "2026-03-06T22:59:59.999Z"],
      // Fri 6 Mar 00:00 CET + 1 -> Fri 23:59:59.999 (not Sat 00:00)
      ["Friday 00:00 + 1", "2026-03-05T23:00:00Z", 1, "2026-03-06T22:59:59.999Z"],
      // Sat 7 Mar 10:00 CET: accrues from Mon 00:00 -> Mon 9 Mar 23:59:59.999 CET
      ["Saturday + 1", "2026-03-07T09:00:00Z", 1, "2026-03-09T22:59:59.999Z"],
      // Fri 6 Mar 23:59:59.999 CET + 1 -> Mon 9 Mar 23:59:59.999 CET
      ["Friday 23:59:59.999 + 1", "2026-03-06T22:59:59.999Z", 1, "2026-03-09T22:59:59.999Z"],
      // Sun 29 Mar 12:00 CEST (DST day, not working) + 1 -> Mon 30 Mar 23:59:59.999 CEST
      ["DST Sunday + 1", "2026-03-29T10:00:00Z", 1, "2026-03-30T21:59:59.999Z"],
    ];
    it.each(midnight)("%s", (_name, start, n, expected) => {
      const due = addDuration(d(start), dur(n, "business_days"), BERLIN);
      expect(iso(due)).toBe(expected);
      expect(isWorkingDay(due, BERLIN)).toBe(true);
    });
  });
});

describe("addDuration: hours vs days over DST", () => {
  const cases: [string, Calendar, string, Duration, string][] = [
    // Sat 28 Mar 12:00 CET + 24 real hours -> Sun 29 Mar 13:00 CEST
    ["Berlin spring, 24 hours", BERLIN, "2026-03-28T11:00:00Z", dur(24, "hours"), "2026-03-29T11:00:00.000Z"],
    // Sat 28 Mar 12:00 CET + 1 day -> Sun 29 Mar 12:00 CEST (23 real hours)
    ["Berlin spring, 1 day", BERLIN, "2026-03-28T11:00:00Z", dur(1, "days"), "2026-03-29T10:00:00.000Z"],
    // Sat 24 Oct 12:00 CEST + 24 hours -> Sun 25 Oct 11:00 CET
    ["Berlin autumn, 24 hours", BERLIN, "2026-10-24T10:00:00Z", dur(24, "hours"), "2026-10-25T10:00:00.000Z"],
    // Sat 24 Oct 12:00 CEST + 1 day -> Sun 25 Oct 12:00 CET (25 real hours)
    ["Berlin autumn, 1 day", BERLIN, "2026-10-24T10:00:00Z", dur(1, "days"), "2026-10-25T11:00:00.000Z"],
    // Sat 24 Oct 12:00 CEST + 2 weeks -> Sat 7 Nov 12:00 CET
    ["Berlin autumn, 2 weeks", BERLIN, "2026-10-24T10:00:00Z", dur(2, "weeks"), "2026-11-07T11:00:00.000Z"],
    // Sat 7 Mar 12:00 EST + 24 hours -> Sun 8 Mar 13:00 EDT
    ["New York spring, 24 hours", NEW_YORK, "2026-03-07T17:00:00Z", dur(24, "hours"), "2026-03-08T17:00:00.000Z"],
    // Sat 7 Mar 12:00 EST + 1 day -> Sun 8 Mar 12:00 EDT
    ["New York spring, 1 day", NEW_YORK, "2026-03-07T17:00:00Z", dur(1, "days"), "2026-03-08T16:00:00.000Z"],
    // Sat 7 Mar 22:00 EST + 5 hours -> Sun 8 Mar 04:00 EDT (six hours later on the wall)
    ["New York spring night, 5 hours", NEW_YORK, "2026-03-08T03:00:00Z", dur(5, "hours"), "2026-03-08T08:00:00.000Z"],
    // Sat 31 Oct 12:00 EDT + 24 hours -> Sun 1 Nov 11:00 EST
    ["New York autumn, 24 hours", NEW_YORK, "2026-10-31T16:00:00Z", dur(24, "hours"), "2026-11-01T16:00:00.000Z"],
    // Sat 31 Oct 12:00 EDT + 1 day -> Sun 1 Nov 12:00 EST
    ["New York autumn, 1 day", NEW_YORK, "2026-10-31T16:00:00Z", dur(1, "days"), "2026-11-01T17:00:00.000Z"],
    // Sat 31 Oct 12:00 EDT + 1 week -> Sat 7 Nov 12:00 EST
    ["New York autumn, 1 week", NEW_YORK, "2026-10-31T16:00:00Z", dur(1, "weeks"), "2026-11-07T17:00:00.000Z"],
    // Mon 2 Mar 10:00 UTC + 30 days -> Wed 1 Apr 10:00 UTC
    ["UTC, 30 days", cal("UTC"), "2026-03-02T10:00:00Z", dur(30, "days"), "2026-04-01T10:00:00.000Z"],
  ];
  it.each(cases)("%s", (_name, c, start, duration, expected) => {
    expect(iso(addDuration(d(start), duration, c))).toBe(expected);
  });
});

describe("addDuration: pauses", () => {
  it("hours: the due moves later by the paused real time", () => {
    // Mon 2 Mar 09:00Z + 24 h, paused Mon 12:00Z..Wed 12:00Z (48 h) -> Thu 5 Mar 09:00Z
    const due = addDuration(d("2026-03-02T09:00:00Z"), dur(24, "hours"), BERLIN, [
      pause("2026-03-02T12:00:00Z", "2026-03-04T12:00:00Z"),
    ]);
    expect(iso(due)).toBe("2026-03-05T09:00:00.000Z");
  });

  it("days: paused real time, even over a DST change", () => {
    // Wed 25 Mar 12:00 CET + 2 days = Fri 27 Mar 12:00 CET (11:00Z); paused 48 real hours
    // (Thu 26 11:00Z..Sat 28 11:00Z) -> Sun 29 Mar 11:00Z (13:00 CEST: real time, not wall time)
    const due = addDuration(d("2026-03-25T11:00:00Z"), dur(2, "days"), BERLIN, [
      pause("2026-03-26T11:00:00Z", "2026-03-28T11:00:00Z"),
    ]);
    expect(iso(due)).toBe("2026-03-29T11:00:00.000Z");
  });

  it("business days: needs_info for two working days gives two working days back", () => {
    // Mon 2 Mar 10:00 CET + 5 = Mon 9 Mar 10:00 CET; paused Tue 10:00..Thu 10:00 -> Wed 11 Mar 10:00 CET
    const start = d("2026-03-02T09:00:00Z");
    expect(iso(addDuration(start, dur(5, "business_days"), BERLIN))).toBe("2026-03-09T09:00:00.000Z");
    const due = addDuration(start, dur(5, "business_days"), BERLIN, [
      pause("2026-03-03T09:00:00Z", "2026-03-05T09:00:00Z"),
    ]);
    expect(iso(due)).toBe("2026-03-11T09:00:00.000Z");
  });

  it("business days: only the working part of a pause is given back", () => {
    // Paused Fri 6 Mar 10:00 CET .. Mon 9 Mar 10:00 CET: 72 real hours, but only
    // Fri 10:00-24:00 + Mon 00:00-10:00 = 1 working day -> Mon 9 Mar 10:00 + 1 = Tue 10 Mar 10:00 CET
    const due = addDuration(d("2026-03-02T09:00:00Z"), dur(5, "business_days"), BERLIN, [
      pause("2026-03-06T09:00:00Z", "2026-03-09T09:00:00Z"),
    ]);
    expect(iso(due)).toBe("2026-03-10T09:00:00.000Z");
  });

  it("business days: a pause over the weekend only changes nothing", () => {
    const due = addDuration(d("2026-03-02T09:00:00Z"), dur(5, "business_days"), BERLIN, [
      pause("2026-03-07T08:00:00Z", "2026-03-08T20:00:00Z"),
    ]);
    expect(iso(due)).toBe("2026-03-09T09:00:00.000Z");
  });

  it("a pause that runs past the due pushes the due past the pause", () => {
    // Mon 09:00Z + 24 h; paused from Tue 08:00Z (1 h left) until Fri 08:00Z -> Fri 09:00Z
    const due = addDuration(d("2026-03-02T09:00:00Z"), dur(24, "hours"), BERLIN, [
      pause("2026-03-03T08:00:00Z", "2026-03-06T08:00:00Z"),
    ]);
    expect(iso(due)).toBe("2026-03-06T09:00:00.000Z");
  });

  it("ignores pauses before the start and after the due, and counts only the part after the start", () => {
    const start = d("2026-03-02T09:00:00Z");
    const due = addDuration(start, dur(24, "hours"), BERLIN, [
      pause("2026-02-20T00:00:00Z", "2026-02-21T00:00:00Z"),
      pause("2026-03-02T08:00:00Z", "2026-03-02T10:00:00Z"), // 1 h after the start
      pause("2026-03-10T00:00:00Z", "2026-03-11T00:00:00Z"),
    ]);
    expect(iso(due)).toBe("2026-03-03T10:00:00.000Z");
    expect(pausedWithin([pause("2026-03-02T08:00:00Z", "2026-03-02T10:00:00Z")], start, due)).toBe(3_600_000);
  });
});

describe("addDurationFraction (the at-risk mark)", () => {
  it("75% of 24 hours is 18 hours", () => {
    const at = addDurationFraction(d("2026-03-02T09:00:00Z"), dur(24, "hours"), 0.75, BERLIN);
    expect(iso(at)).toBe("2026-03-03T03:00:00.000Z");
  });
  it("75% of 4 business days from Monday 00:00 is the end of Wednesday", () => {
    const at = addDurationFraction(d("2026-03-02T00:00:00Z"), dur(4, "business_days"), 0.75, cal("UTC"));
    expect(iso(at)).toBe("2026-03-04T23:59:59.999Z");
  });
  it("75% of 5 business days from Friday 15:00 (Berlin) is Thursday 09:00", () => {
    // From Fri 27 Feb 15:00 CET, 3.75 business days = 3 days 18 h: Mon 2, Tue 3, Wed 4 Mar 15:00,
    // then 18 working hours more -> Thu 5 Mar 09:00 CET
    const at = addDurationFraction(d("2026-02-27T14:00:00Z"), dur(5, "business_days"), 0.75, BERLIN);
    expect(iso(at)).toBe("2026-03-05T08:00:00.000Z");
  });
  it("75% of 1 day across the spring change is 75% of its 23 real hours", () => {
    const at = addDurationFraction(d("2026-03-28T11:00:00Z"), dur(1, "days"), 0.75, BERLIN);
    expect(iso(at)).toBe("2026-03-29T04:15:00.000Z");
  });
});

// ---------------------------------------------------------------- properties

const ZONES = ["Europe/Berlin", "America/New_York", "Asia/Tokyo", "Australia/Sydney", "UTC"];
const FROM = Date.UTC(2026, 0, 1);
const TO = Date.UTC(2028, 11, 31, 23, 59, 59, 999);
const DAY = 86_400_000;

const holidayArb = fc
  .integer({ min: 0, max: Math.floor((TO - FROM) / DAY) + 120 })
  .map((n) => new Date(FROM + n * DAY).toISOString().slice(0, 10));

const calendarArb: fc.Arbitrary<Calendar> = fc.record({
  timeZone: fc.constantFrom(...ZONES),
  workingDays: fc.subarray([...WEEKDAYS], { minLength: 1 }),
  holidays: fc.uniqueArray(holidayArb, { maxLength: 40 }),
});

/** Any instant, or a local instant on or near midnight / inside a DST hour. */
const startArb = (tz: string): fc.Arbitrary<Date> =>
  fc.oneof(
    fc.integer({ min: FROM, max: TO }).map((t) => new Date(t)),
    fc
      .record({
        day: fc.integer({ min: 0, max: Math.floor((TO - FROM) / DAY) }),
        time: fc.constantFrom(0, 1, 2 * 3_600_000 + 1_800_000, 86_399_999, 12 * 3_600_000),
      })
      .map(({ day, time }) => {
        const date = new Date(FROM + day * DAY);
        const local = new TZDate(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), tz);
        return new Date(local.getTime() + time);
      }),
  );

const durationArb: fc.Arbitrary<Duration> = fc.record({
  amount: fc.integer({ min: 1, max: 30 }),
  unit: fc.constantFrom(...DURATION_UNITS),
});

/** Sorted, non-overlapping pauses, some starting before the clock. */
const pausesArb = (start: Date): fc.Arbitrary<Interval[]> =>
  fc
    .array(
      fc.record({ gap: fc.integer({ min: 0, max: 10 * DAY }), length: fc.integer({ min: 60_000, max: 6 * DAY }) }),
      { maxLength: 4 },
    )
    .map((parts) => {
      let t = start.getTime() - 2 * DAY;
      return parts.map(({ gap, length }) => {
        const s = t + gap;
        t = s + length;
        return { start: new Date(s), end: new Date(t) };
      });
    });

const scenarioArb = calendarArb.chain((c) =>
  startArb(c.timeZone).chain((start) =>
    fc.record({
      cal: fc.constant(c),
      start: fc.constant(start),
      d: durationArb,
      pauses: pausesArb(start),
    }),
  ),
);

const RUNS = { numRuns: 200 };

describe("calendar properties", () => {
  it("a due instant is never before its start", () => {
    fc.assert(
      fc.property(scenarioArb, ({ cal: c, start, d: duration, pauses }) => {
        expect(addDuration(start, duration, c).getTime()).toBeGreaterThan(start.getTime());
        expect(addDuration(start, duration, c, pauses).getTime()).toBeGreaterThan(start.getTime());
      }),
      RUNS,
    );
  });

  it("pausing never makes a clock due earlier", () => {
    fc.assert(
      fc.property(scenarioArb, ({ cal: c, start, d: duration, pauses }) => {
        const plain = addDuration(start, duration, c).getTime();
        expect(addDuration(start, duration, c, pauses).getTime()).toBeGreaterThanOrEqual(plain);
        // and each further pause moves it no earlier
        for (let k = 1; k < pauses.length; k++) {
          const fewer = addDuration(start, duration, c, pauses.slice(0, k)).getTime();
          const more = addDuration(start, duration, c, pauses.slice(0, k + 1)).getTime();
          expect(more).toBeGreaterThanOrEqual(fewer);
        }
      }),
      RUNS,
    );
  });

  it("a business-day clock never falls due (or at risk) on a non-working day", () => {
    fc.assert(
      fc.property(scenarioArb, ({ cal: c, start, d: duration, pauses }) => {
        const bd = { amount: duration.amount, unit: "business_days" as const };
        expect(isWorkingDay(addDuration(start, bd, c), c)).toBe(true);
        expect(isWorkingDay(addDuration(start, bd, c, pauses), c)).toBe(true);
        expect(isWorkingDay(addDurationFraction(start, bd, 0.75, c, pauses), c)).toBe(true);
      }),
      RUNS,
    );
  });

  it("a longer duration is never due earlier", () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer({ min: 1, max: 30 }), ({ cal: c, start, d: duration, pauses }, other) => {
        const [a, b] = duration.amount <= other ? [duration.amount, other] : [other, duration.amount];
        const short = addDuration(start, { amount: a, unit: duration.unit }, c, pauses).getTime();
        const long = addDuration(start, { amount: b, unit: duration.unit }, c, pauses).getTime();
        expect(long).toBeGreaterThanOrEqual(short);
        if (b > a) expect(long).toBeGreaterThan(short);
      }),
      RUNS,
    );
  });

  it("the at-risk mark lies between start and due", () => {
    fc.assert(
      fc.property(scenarioArb, ({ cal: c, start, d: duration, pauses }) => {
        const atRisk = addDurationFraction(start, duration, 0.75, c, pauses).getTime();
        const due = addDuration(start, duration, c, pauses).getTime();
        expect(atRisk).toBeGreaterThanOrEqual(start.getTime());
        expect(atRisk).toBeLessThanOrEqual(due);
      }),
      RUNS,
    );
  });

  it("days and weeks clocks agree with TZDate + date-fns addDays", () => {
    fc.assert(
      fc.property(scenarioArb, ({ cal: c, start, d: duration }) => {
        const days = duration.unit === "weeks" ? 7 * duration.amount : duration.amount;
        const expected = addDays(new TZDate(start.getTime(), c.timeZone), days).getTime();
        const unit = duration.unit === "weeks" ? "weeks" : "days";
        expect(addDuration(start, { amount: duration.amount, unit }, c).getTime()).toBe(expected);
      }),
      RUNS,
    );
  });

  it("hours clocks get exactly their allowed time outside pauses", () => {
    fc.assert(
      fc.property(scenarioArb, ({ cal: c, start, d: duration, pauses }) => {
        const hours = { amount: duration.amount, unit: "hours" as const };
        const due = addDuration(start, hours, c, pauses);
        const active = due.getTime() - start.getTime() - pausedWithin(pauses, start, due);
        expect(active).toBe(duration.amount * 3_600_000);
      }),
      RUNS,
    );
  });
});
