import type { ClockName } from "./clocks.ts";

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
