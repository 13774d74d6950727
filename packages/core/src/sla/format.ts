import { CLOCK_NAMES, type ClockName } from "./clocks.ts";

export const CLOCK_LABELS: Record<ClockName, string> = {
  acknowledge: "Acknowledge",
  assess: "Initial assessment",
  update: "Status update",
  resolve: "Resolution",
  emergency: "Emergency response",
};

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** "2 d 4 h", "5 h", "35 min": whole units, truncated (a countdown never overstates what is left). */
export function formatSpan(ms: number): string {
  if (ms >= DAY_MS) {
    const days = Math.floor(ms / DAY_MS);
    const hours = Math.floor((ms % DAY_MS) / HOUR_MS);
    return hours ? `${days} d ${hours} h` : `${days} d`;
  }
  if (ms >= HOUR_MS) return `${Math.floor(ms / HOUR_MS)} h`;
  return `${Math.floor(ms / MINUTE_MS)} min`;
}

/**
 * Compact countdown to a due instant: "due in 2 d 4 h", "due in 35 min",
 * "due in < 1 min", "breached 3 h ago", "breached just now". Days here are
 * 24 real hours. At the due instant itself the clock counts as breached,
 * matching the clock states.
 */
export function formatCountdown(due: Date, now: Date): string {
  const diff = due.getTime() - now.getTime();
  if (!Number.isFinite(diff)) return "";
  if (diff > 0) return diff < MINUTE_MS ? "due in < 1 min" : `due in ${formatSpan(diff)}`;
  return -diff < MINUTE_MS ? "breached just now" : `breached ${formatSpan(-diff)} ago`;
}

/** The promise a deadline belongs to, short enough for a table cell. */
export const CLOCK_SHORT_LABELS: Record<ClockName, string> = {
  acknowledge: "Ack",
  assess: "Assess",
  update: "Update",
  resolve: "Resolve",
  emergency: "Emergency",
};

/**
 * "75 d", "47 h", "35 min": one unit, truncated. Hours up to two days, since
 * "1 d" would hide most of a second day; past that the hours are noise in a
 * list (the exact instant is one hover or focus away).
 */
export function formatShortSpan(ms: number): string {
  if (ms >= 2 * DAY_MS) return `${Math.floor(ms / DAY_MS)} d`;
  if (ms >= HOUR_MS) return `${Math.floor(ms / HOUR_MS)} h`;
  return `${Math.floor(ms / MINUTE_MS)} min`;
}

/**
 * The inbox's next-deadline label, naming the promise: "Resolve · breached
 * 75 d ago", "Ack · 3 h left", "Assess · < 1 min left". A clock that is not
 * known (none stored) gives the countdown alone. At the due instant the clock
 * counts as breached, as in formatCountdown.
 */
export function formatDeadlineLabel(clock: ClockName | null, due: Date, now: Date): string {
  const diff = due.getTime() - now.getTime();
  if (!Number.isFinite(diff)) return "";
  const when =
    diff > 0
      ? `${diff < MINUTE_MS ? "< 1 min" : formatShortSpan(diff)} left`
      : -diff < MINUTE_MS
        ? "breached just now"
        : `breached ${formatShortSpan(-diff)} ago`;
  return clock ? `${CLOCK_SHORT_LABELS[clock]} · ${when}` : when;
}

/** Narrows stored text (report_clocks.clock) to a clock name; anything else is null. */
export const clockNameOf = (value: string | null | undefined): ClockName | null =>
  (CLOCK_NAMES as readonly string[]).includes(value ?? "") ? (value as ClockName) : null;
