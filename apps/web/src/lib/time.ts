/** The units a relative time is said in, largest first, with their length in milliseconds. */
export const RELATIVE_UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600_000],
  ["month", 30 * 24 * 3600_000],
  ["week", 7 * 24 * 3600_000],
  ["day", 24 * 3600_000],
  ["hour", 3600_000],
  ["minute", 60_000],
];

const rtf = new Intl.RelativeTimeFormat("en", { numeric: "auto" });

export function relativeTime(d: Date, now: Date = new Date()): string {
  const diff = d.getTime() - now.getTime();
  for (const [unit, ms] of RELATIVE_UNITS) {
    if (Math.abs(diff) >= ms) return rtf.format(Math.round(diff / ms), unit);
  }
  return "just now";
}

/** Compact age for dense tables: 5m, 3h, 12d, 4mo. */
export function shortAge(d: Date, now: Date = new Date()): string {
  const ms = Math.max(0, now.getTime() - d.getTime());
  if (ms < 3600_000) return `${Math.max(1, Math.round(ms / 60_000))}m`;
  if (ms < 48 * 3600_000) return `${Math.round(ms / 3600_000)}h`;
  if (ms < 60 * 24 * 3600_000) return `${Math.round(ms / (24 * 3600_000))}d`;
  return `${Math.round(ms / (30 * 24 * 3600_000))}mo`;
}

// Building an Intl.DateTimeFormat costs far more than formatting with one
// (about a millisecond in Chromium): a 50-row inbox needs 100 hover texts, so
// formatters are made once per zone.
let browserZone: string | undefined;
/** The zone chosen in the signed-in user's profile; null: the browser's. */
let chosenZone: string | null = null;
/** Called with `auth.me`'s time zone, so every date shown to them is in it. */
export const setViewerTimeZone = (zone: string | null) => {
  chosenZone = zone;
};
export const viewerTimeZone = () => {
  if (chosenZone) return chosenZone;
  browserZone ??= Intl.DateTimeFormat().resolvedOptions().timeZone;
  return browserZone;
};

const exactFormats = new Map<string, Intl.DateTimeFormat>();

/** The exact instant with its zone, for hover text. */
export function exactTime(d: Date, timeZone = viewerTimeZone()): string {
  let format = exactFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", { timeZone, dateStyle: "medium", timeStyle: "short" });
    exactFormats.set(timeZone, format);
  }
  return `${format.format(d)} ${timeZone}`;
}

/** The inbox list sends instants as epoch milliseconds (plain JSON, decision 0006). */
export const fromEpochMs = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));
