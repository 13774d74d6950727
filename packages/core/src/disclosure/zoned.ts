import { TZDate, tzOffset } from "@date-fns/tz";
import { format } from "date-fns";
import { fieldError } from "../errors.ts";
import { isTimeZone } from "../members.ts";

/**
 * Disclosure dates are wall-clock times in a named IANA zone ("17:00 in
 * Asia/Kolkata"), stored as an instant plus the zone. These helpers turn form
 * text into an instant and back. Pure: no clock reads.
 */

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** Whether `tz` is an IANA time zone this runtime knows; the one check the member settings use too. */
export { isTimeZone };

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;
const BARE_DATE = /^\d{4}-\d{2}-\d{2}$/;
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;

/** UTC offset of the zone at instant t, in ms. */
const offsetAt = (tz: string, t: number): number => Math.round(tzOffset(tz, new Date(t)) * MINUTE_MS);

/**
 * The instant of the wall-clock time `local` ("YYYY-MM-DDTHH:mm", seconds
 * optional) in the zone `timeZone`. Refuses a bare date, a time with an offset
 * (the zone is chosen separately), an unknown zone, and a wall time that does
 * not exist in the zone (skipped by a daylight-saving change). A wall time that
 * happens twice (the repeated hour when clocks go back) is its first occurrence.
 */
export function parseZonedInstant(local: string, timeZone: string, field = "targetAt"): Date {
  const text = typeof local === "string" ? local.trim() : "";
  if (!timeZone?.trim()) throw fieldError("timeZone", "Give a date, a time and a time zone");
  if (!isTimeZone(timeZone)) throw fieldError("timeZone", `Unknown time zone "${timeZone}"`);
  if (!text || BARE_DATE.test(text)) throw fieldError(field, "Give a date, a time and a time zone");
  if (WITH_OFFSET.test(text)) {
    throw fieldError(field, "Give the local date and time without an offset; the time zone is chosen separately");
  }
  const m = LOCAL.exec(text);
  if (!m) throw fieldError(field, "Must be a date and time like 2027-03-04T17:00");
  const [year, month, day, hour, minute, second] = m.slice(1).map((x) => Number(x ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(wall);
  if (
    year < 1 ||
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    throw fieldError(field, `${text} is not a real date and time`);
  }
  // Every offset the zone uses around this wall time; a candidate instant is
  // valid when the zone's offset there is the one it was computed with.
  const offsets = new Set([-36, -12, 0, 12, 36].map((h) => offsetAt(timeZone, wall + h * HOUR_MS)));
  const valid = [...offsets]
    .map((off) => wall - off)
    .filter((t) => offsetAt(timeZone, t) === wall - t)
    .sort((a, b) => a - b);
  const first = valid[0];
  if (first === undefined) {
    throw fieldError(
      field,
      `${text.replace(" ", "T")} does not exist in ${timeZone}: the clocks skip that hour for daylight saving`,
    );
  }
  return new Date(first);
}

/** The zone's short name at `at` ("IST", "CET", "EDT"), or "GMT+5:30" when no locale names it. */
function zoneAbbreviation(at: Date, timeZone: string): string {
  let fallback = "";
  for (const locale of ["en-US", "en-GB", "en-IN"]) {
    const name = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: "short" })
      .formatToParts(at)
      .find((p) => p.type === "timeZoneName")?.value;
    if (!name) continue;
    if (!/^(GMT|UTC)[+-]/.test(name)) return name;
    fallback ||= name;
  }
  return fallback;
}

/**
 * "Thu 4 Mar 2027, 17:00 IST (Asia/Kolkata)": the date, the time and the zone,
 * never a bare date (a disclosure date means a moment somewhere).
 */
export function formatZonedInstant(at: Date, timeZone: string): string {
  const local = format(new TZDate(at.getTime(), timeZone), "EEE d MMM yyyy, HH:mm");
  const abbr = zoneAbbreviation(at, timeZone);
  if (!abbr || abbr === timeZone) return `${local} ${timeZone}`;
  return `${local} ${abbr} (${timeZone})`;
}

/**
 * The same instant worded by Intl in `locale` (a BCP 47 tag such as "hi-IN"):
 * "बुध, 1 अप्रैल 2026, 17:30 IST (Asia/Kolkata)". Date and time are formatted
 * apart so the zone follows the time, as in formatZonedInstant; digits and
 * month names are what the locale's Intl data says (hi-IN: Latin digits).
 */
export function formatZonedInstantIn(locale: string, at: Date, timeZone: string): string {
  const date = new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "long",
    year: "numeric",
  }).format(at);
  const time = new Intl.DateTimeFormat(locale, {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(at);
  const abbr = zoneAbbreviation(at, timeZone);
  if (!abbr || abbr === timeZone) return `${date}, ${time} ${timeZone}`;
  return `${date}, ${time} ${abbr} (${timeZone})`;
}

/** "YYYY-MM-DDTHH:mm" in the zone, the value of a datetime-local form field. */
export function toZonedLocal(at: Date, timeZone: string): string {
  return format(new TZDate(at.getTime(), timeZone), "yyyy-MM-dd'T'HH:mm");
}

/** "Thu 4 Dec 17:00 IST": the short form for one-line reasons (escalations, digests). */
export function formatZonedShort(at: Date, timeZone: string): string {
  const local = format(new TZDate(at.getTime(), timeZone), "EEE d MMM HH:mm");
  const abbr = zoneAbbreviation(at, timeZone);
  return abbr && abbr !== timeZone ? `${local} ${abbr}` : `${local} ${timeZone}`;
}
