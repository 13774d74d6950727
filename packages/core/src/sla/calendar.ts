import { TZDate, tzOffset } from "@date-fns/tz";
import { addDays } from "date-fns";
import { WEEKDAYS, type Weekday } from "../policy/enums.ts";
import type { Duration, Policy } from "../policy/schema.ts";

/**
 * Business calendar arithmetic for SLA clocks. Pure: no clock reads, no I/O.
 *
 * Three time measures, one per kind of promise:
 *
 * - `hours`: real elapsed time. 24 hours across a DST change are 24 real hours.
 * - `days` / `weeks`: calendar days in the program's time zone. The due instant
 *   has the same local wall time N days later (TZDate + date-fns `addDays`), so
 *   across a DST change the real elapsed time is 23 or 25 hours. A wall time
 *   that does not exist on the due day (spring-forward gap) moves forward by the
 *   gap; an ambiguous one (fall-back) is TZDate's choice (the later offset).
 * - `business_days`: working time. Only whole local working days (in
 *   `workingDays`, not in `holidays`) accrue it, each exactly one business day
 *   (24 "working hours"), whatever its real length. The position inside a
 *   working day is its local wall-clock time of day, so Friday 15:00 + 1
 *   business day = Monday 15:00 (Tuesday 15:00 when Monday is a holiday).
 *   Inside a DST change day the position is made monotone: in a fall-back day
 *   the repeated hour does not accrue (its second pass keeps the position the
 *   first pass reached), and a wall time inside a spring-forward gap resolves
 *   to the first instant after the gap. A start on a non-working day starts
 *   accruing at the next working day's 00:00 local.
 *
 * Midnight convention (business days): a due instant is always INSIDE a
 * working day. Positions run over (00:00, 24:00] of a working day, and a due
 * that would sit exactly at 24:00 (the end of the last working day, e.g.
 * Monday 00:00 + 1 business day, or any start on a weekend + 1) is expressed as
 * the last millisecond of that working day, 23:59:59.999 local, never as 00:00
 * of the following (possibly non-working) day. So "Mon 00:00 + 5 business
 * days" is "Fri 23:59:59.999", and "Sat 10:00 + 1 business day" is
 * "Mon 23:59:59.999".
 *
 * Pauses: the clock gets its full allowed time outside the paused intervals.
 * For `hours`, `days` and `weeks` the due moves later by the paused real time
 * (the part of each pause after the start and before the due, iterated as the
 * due moves). For `business_days` the working time spent inside pauses is
 * given back as working time, so the due still lands inside a working day.
 */

export type Calendar = Policy["calendar"];

/** A half-open interval of real time [start, end). */
export interface Interval {
  start: Date;
  end: Date;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** WEEKDAYS is Monday first; 1970-01-01 (civil day 0) was a Thursday. */
const weekdayOfCivil = (civil: number): Weekday => WEEKDAYS[(((civil + 3) % 7) + 7) % 7] as Weekday;

interface CompiledCalendar {
  timeZone: string;
  weekdays: ReadonlySet<Weekday>;
  holidays: ReadonlySet<number>;
  /** What it was compiled from, to notice a calendar edited in place. */
  source: { workingDays: readonly string[]; days: number; holidays: readonly string[]; count: number };
}

const compiled = new WeakMap<Calendar, CompiledCalendar>();

function compile(cal: Calendar): CompiledCalendar {
  const hit = compiled.get(cal);
  if (
    hit &&
    hit.timeZone === cal.timeZone &&
    hit.source.workingDays === cal.workingDays &&
    hit.source.days === cal.workingDays.length &&
    hit.source.holidays === cal.holidays &&
    hit.source.count === cal.holidays.length
  ) {
    return hit;
  }
  const holidays = new Set<number>();
  for (const h of cal.holidays) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(h);
    if (m) holidays.add(Math.round(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS));
  }
  const c: CompiledCalendar = {
    timeZone: cal.timeZone,
    weekdays: new Set(cal.workingDays),
    holidays,
    source: {
      workingDays: cal.workingDays,
      days: cal.workingDays.length,
      holidays: cal.holidays,
      count: cal.holidays.length,
    },
  };
  compiled.set(cal, c);
  return c;
}

/** UTC offset of the zone at instant t, in ms (the Intl lookup behind TZDate; about 2 µs). */
const rawOffset = (tz: string, t: number): number => Math.round(tzOffset(tz, new Date(t)) * 60_000);

/** Raw local civil date of t (days since 1970-01-01), without the day cache. */
const rawCivil = (tz: string, t: number): number => Math.floor((t + rawOffset(tz, t)) / DAY_MS);

const isWorkingCivil = (c: CompiledCalendar, civil: number): boolean =>
  c.weekdays.has(weekdayOfCivil(civil)) && !c.holidays.has(civil);

function nextWorkingCivil(c: CompiledCalendar, civil: number): number {
  if (c.weekdays.size === 0) throw new RangeError("A business calendar needs at least one working day");
  let d = civil + 1;
  while (!isWorkingCivil(c, d)) d++;
  return d;
}

/** Smallest t with predicate(t) true, given predicate is false at lo and true at hi. */
function firstTrue(lo: number, hi: number, predicate: (t: number) => boolean): number {
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (predicate(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** First instant whose local civil date is `civil` (local midnight, or the end of a gap that swallowed it). */
function dayStart(tz: string, civil: number): number {
  const wall = civil * DAY_MS;
  const t = wall - rawOffset(tz, wall - rawOffset(tz, wall));
  if (rawCivil(tz, t) === civil && rawCivil(tz, t - 1) < civil) return t;
  // Midnight falls in a DST gap (e.g. America/Santiago): search for the day's first instant.
  return firstTrue(wall - 16 * HOUR_MS, wall + 16 * HOUR_MS, (x) => rawCivil(tz, x) >= civil);
}

/**
 * One local day [start, end) and the monotone wall-clock position inside it.
 * A day with an offset change is split at the change T: before T the position
 * is the wall time; from T on it is max(wall time, position reached just
 * before T), which freezes the repeated fall-back hour and jumps the gap.
 * (At most one change per day is modelled; no zone has had two in a day
 * in decades.)
 */
interface LocalDay {
  civil: number;
  start: number;
  end: number;
  /** UTC offsets (ms) before and from the change (equal when there is none). */
  off0: number;
  off1: number;
  /** Wall position at `start` (0 unless midnight fell in a gap). */
  w0: number;
  /** Instant of the offset change inside the day, if any. */
  change: number | null;
  /** Position reached just before the change (running maximum). */
  before: number;
  /** Wall position at the change instant. */
  after: number;
}

/**
 * Local days never change, and every clock of every report asks for the same
 * few hundred of them, so they are cached; all offset and civil-date lookups
 * below go through them instead of Intl.
 */
const dayCache = new Map<string, LocalDay>();
const DAY_CACHE_LIMIT = 20_000;
const lastOffset = new Map<string, number>();

function localDay(tz: string, civil: number): LocalDay {
  const key = `${tz} ${civil}`;
  const hit = dayCache.get(key);
  if (hit) return hit;
  const day = computeLocalDay(tz, civil);
  if (dayCache.size >= DAY_CACHE_LIMIT) dayCache.clear();
  dayCache.set(key, day);
  return day;
}

function computeLocalDay(tz: string, civil: number): LocalDay {
  const start = dayStart(tz, civil);
  const end = dayStart(tz, civil + 1);
  const off0 = rawOffset(tz, start);
  const w0 = start + off0 - civil * DAY_MS;
  const off1 = rawOffset(tz, end - 1);
  if (off1 === off0) return { civil, start, end, off0, off1, w0, change: null, before: 0, after: 0 };
  const change = firstTrue(start, end - 1, (x) => rawOffset(tz, x) !== off0);
  const before = w0 + (change - start);
  const after = change + rawOffset(tz, change) - civil * DAY_MS;
  return { civil, start, end, off0, off1, w0, change, before, after };
}

const offsetIn = (day: LocalDay, t: number): number => (day.change === null || t < day.change ? day.off0 : day.off1);

/** The local day that contains instant t. */
function dayAt(tz: string, t: number): LocalDay {
  let civil = Math.floor((t + (lastOffset.get(tz) ?? rawOffset(tz, t))) / DAY_MS);
  for (let i = 0; i < 4; i++) {
    const day = localDay(tz, civil);
    if (t < day.start) civil--;
    else if (t >= day.end) civil++;
    else {
      lastOffset.set(tz, offsetIn(day, t));
      return day;
    }
  }
  return localDay(tz, rawCivil(tz, t));
}

/** Local civil date of t, as whole days since 1970-01-01. */
const civilOf = (tz: string, t: number): number => dayAt(tz, t).civil;

/** Position (ms of working time into the day) of an instant inside the day. */
function positionIn(day: LocalDay, t: number): number {
  if (day.change === null || t < day.change) return day.w0 + (t - day.start);
  return Math.max(day.before, day.after + (t - day.change));
}

/**
 * Smallest instant of the day whose position reaches `pos` (0 <= pos < DAY_MS).
 * A position of a full day is the last millisecond of the day (see the
 * midnight convention above).
 */
function instantIn(day: LocalDay, pos: number): number {
  if (pos >= DAY_MS) return day.end - 1;
  let t: number;
  if (day.change === null || pos <= day.before) t = day.start + Math.max(0, pos - day.w0);
  else t = day.change + Math.max(0, pos - day.after);
  return Math.min(t, day.end - 1);
}

/** A point on the business timeline: a working day and a position in it. */
interface BusinessPoint {
  civil: number;
  pos: number;
}

function businessPoint(c: CompiledCalendar, t: number): BusinessPoint {
  const day = dayAt(c.timeZone, t);
  if (!isWorkingCivil(c, day.civil)) return { civil: nextWorkingCivil(c, day.civil), pos: 0 };
  return { civil: day.civil, pos: positionIn(day, t) };
}

function advanceBusiness(c: CompiledCalendar, from: BusinessPoint, ms: number): BusinessPoint {
  let civil = from.civil;
  let pos = from.pos + ms;
  while (pos > DAY_MS) {
    pos -= DAY_MS;
    civil = nextWorkingCivil(c, civil);
  }
  return { civil, pos };
}

const businessInstant = (c: CompiledCalendar, p: BusinessPoint): number =>
  instantIn(localDay(c.timeZone, p.civil), p.pos);

/** Working time (business ms, one working day = DAY_MS) between two instants. */
function businessBetween(c: CompiledCalendar, a: number, b: number): number {
  if (b <= a) return 0;
  const pa = businessPoint(c, a);
  const pb = businessPoint(c, b);
  let days = 0;
  for (let d = pa.civil; d < pb.civil; d = nextWorkingCivil(c, d)) days++;
  return Math.max(0, days * DAY_MS + pb.pos - pa.pos);
}

/** Sorted, merged pauses that end after `start`. Tolerates unsorted or overlapping input. */
function normalizePauses(pauses: readonly Interval[] | undefined, start: number): [number, number][] {
  if (!pauses?.length) return [];
  const list = pauses
    .map((p): [number, number] => [Math.max(p.start.getTime(), start), p.end.getTime()])
    .filter(([s, e]) => e > s)
    .sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const [s, e] of list) {
    const last = merged[merged.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  return merged;
}

/** start + ms of unpaused real time. */
function addReal(start: number, ms: number, pauses: [number, number][]): number {
  let due = start + ms;
  for (const [s, e] of pauses) {
    if (s >= due) break;
    due += e - s;
  }
  return due;
}

/** start + ms of unpaused working time. */
function addBusiness(c: CompiledCalendar, start: number, ms: number, pauses: [number, number][]): number {
  const origin = businessPoint(c, start);
  let total = ms;
  let due = businessInstant(c, advanceBusiness(c, origin, total));
  for (const [s, e] of pauses) {
    if (s >= due) break;
    const credit = businessBetween(c, s, e);
    if (credit === 0) continue;
    total += credit;
    due = businessInstant(c, advanceBusiness(c, origin, total));
  }
  return due;
}

/**
 * Same local wall time `days` calendar days later: `addDays(new TZDate(t, tz),
 * days)`. When the target day has no offset change the answer is unambiguous
 * and computed from the cached day (a property test checks it against TZDate); on DST
 * change days TZDate + date-fns decide gaps and repeated hours.
 */
function addCalendarDays(t: number, days: number, tz: string): number {
  const from = dayAt(tz, t);
  const wall = t + offsetIn(from, t) + days * DAY_MS;
  const to = localDay(tz, from.civil + days);
  if (to.change === null) {
    const result = wall - to.off0;
    if (result >= to.start && result < to.end) return result;
  }
  return addDays(new TZDate(t, tz), days).getTime();
}

function assertDate(d: Date, what: string): number {
  const t = d.getTime();
  if (!Number.isFinite(t)) throw new RangeError(`${what} is not a valid date`);
  return t;
}

/** Is the local date of `instant` (in cal.timeZone) a working day that is not a holiday? */
export function isWorkingDay(instant: Date, cal: Calendar): boolean {
  const c = compile(cal);
  return isWorkingCivil(c, civilOf(c.timeZone, assertDate(instant, "instant")));
}

/**
 * The instant at which `fraction` (0 < fraction <= 1) of the duration `d`,
 * started at `start`, has been used, not counting `pauses`. Fractions are taken
 * in the clock's own measure: real time for hours; the real span of the
 * (unpaused) calendar-day promise for days and weeks; working time for
 * business days. `addDurationFraction(..., 0.75, ...)` is the at-risk mark.
 */
export function addDurationFraction(
  start: Date,
  d: Duration,
  fraction: number,
  cal: Calendar,
  pauses?: readonly Interval[],
): Date {
  if (!(fraction > 0 && fraction <= 1)) throw new RangeError("fraction must be in (0, 1]");
  const s = assertDate(start, "start");
  const list = normalizePauses(pauses, s);
  switch (d.unit) {
    case "hours":
      return new Date(addReal(s, Math.floor(d.amount * HOUR_MS * fraction), list));
    case "days":
    case "weeks": {
      const end = addCalendarDays(s, d.unit === "days" ? d.amount : 7 * d.amount, cal.timeZone);
      return new Date(addReal(s, Math.floor((end - s) * fraction), list));
    }
    case "business_days": {
      const c = compile(cal);
      return new Date(addBusiness(c, s, Math.floor(d.amount * DAY_MS * fraction), list));
    }
  }
}

/**
 * `start` + `d` in the calendar's time zone, extended by `pauses` (see the
 * module comment for each unit's measure and the business-day midnight
 * convention).
 */
export function addDuration(start: Date, d: Duration, cal: Calendar, pauses?: readonly Interval[]): Date {
  return addDurationFraction(start, d, 1, cal, pauses);
}

/** Real time of `pauses` that overlaps [from, to). */
export function pausedWithin(pauses: readonly Interval[], from: Date, to: Date): number {
  const a = from.getTime();
  const b = to.getTime();
  let total = 0;
  for (const [s, e] of normalizePauses(pauses, a)) total += Math.max(0, Math.min(e, b) - s);
  return total;
}
