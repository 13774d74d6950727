import { formatSpan } from "@embargo/core";

// The /disclosures page's calendar arithmetic. Days are calendar dates
// ("2026-12-01") in the viewer's zone; they are counted with UTC dates so no
// zone's daylight-saving change can skip or repeat a day.

const DAY_MS = 86_400_000;
/** How far the page looks ahead from its first day. */
export const WINDOW_DAYS = 90;

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar date of an instant in a zone, as YYYY-MM-DD. */
export function dayOf(at: Date, timeZone: string): string {
  let f = dayFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    dayFormats.set(timeZone, f);
  }
  return f.format(at);
}

const utc = (day: string) => {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
};
const dayFromUtc = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export const addDays = (day: string, n: number): string => dayFromUtc(utc(day) + n * DAY_MS);

/**
 * The days the page shows: from today (offset 0), else from the first of the
 * month `offset` months away, for WINDOW_DAYS days (last inclusive).
 */
export function windowOf(today: string, offset: number): { first: string; last: string } {
  const [y, m] = today.split("-").map(Number) as [number, number];
  const first = offset === 0 ? today : dayFromUtc(Date.UTC(y, m - 1 + offset, 1));
  return { first, last: addDays(first, WINDOW_DAYS - 1) };
}

export interface MonthGrid {
  /** YYYY-MM */
  key: string;
  label: string;
  /** Weeks Monday to Sunday; a day of another month is null. */
  weeks: (string | null)[][];
}

const monthLabel = new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });

/** The months [first, last] touches, each as weeks of days. */
export function monthsOf(first: string, last: string): MonthGrid[] {
  const out: MonthGrid[] = [];
  let [y, m] = first.split("-").map(Number) as [number, number];
  const lastKey = last.slice(0, 7);
  for (;;) {
    const start = Date.UTC(y, m - 1, 1);
    const key = dayFromUtc(start).slice(0, 7);
    if (key > lastKey) break;
    const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
    const lead = (new Date(start).getUTCDay() + 6) % 7; // Monday = 0
    const cells: (string | null)[] = [...Array(lead).fill(null)];
    for (let d = 1; d <= days; d++) cells.push(dayFromUtc(start + (d - 1) * DAY_MS));
    while (cells.length % 7) cells.push(null);
    const weeks: (string | null)[][] = [];
    for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
    out.push({ key, label: monthLabel.format(start), weeks });
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

/**
 * Countdown to a fix release target: "in 3 d 4 h", "overdue by 2 d"; amber
 * within 7 days (it is not released, or it would not be listed), red once passed.
 */
export function fixCountdown(at: Date, now: Date): { text: string; tone: "ok" | "amber" | "red" } {
  const ms = at.getTime() - now.getTime();
  if (ms <= 0) return { text: -ms < 60_000 ? "due now" : `overdue by ${formatSpan(-ms)}`, tone: "red" };
  return { text: ms < 60_000 ? "in < 1 min" : `in ${formatSpan(ms)}`, tone: ms <= 7 * DAY_MS ? "amber" : "ok" };
}
