const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** One decimal below 10 ("2.5 d"), whole above ("12 d"); never "3.0". */
const amount = (x: number) => (x < 10 ? String(Math.round(x * 10) / 10) : String(Math.round(x)));

/**
 * A median or percentile as a person reads it: "35 min", "3 h", "2.5 d".
 * Hours up to two days (a 30 h acknowledgement is clearer than 1.3 d), days after.
 */
export function humanDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return "–";
  if (ms < MINUTE) return "< 1 min";
  if (ms < HOUR) return `${Math.round(ms / MINUTE)} min`;
  if (ms < 48 * HOUR) return `${amount(ms / HOUR)} h`;
  return `${amount(ms / DAY)} d`;
}

/** Rounded down, so 99.6 % is never shown as a clean 100 % while a promise was broken. */
export const percent = (ratio: number | null) => (ratio === null ? "–" : `${Math.floor(ratio * 100 + 1e-9)}%`);

/** "3/4 (75%)"; "0/0" when nothing was due. */
export const metOfDue = (met: number, due: number, ratio: number | null) =>
  due === 0 ? "0/0" : `${met}/${due} (${percent(ratio)})`;

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** "2026-01" → "Jan 2026"; short: "Jan" (with the year for January and the first month shown). */
export function monthLabel(month: string, short = false, withYear = false): string {
  const name = MONTHS[Number(month.slice(5, 7)) - 1] ?? month;
  if (!short) return `${name} ${month.slice(0, 4)}`;
  return withYear || month.endsWith("-01") ? `${name} ’${month.slice(2, 4)}` : name;
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
