import { formatSpan } from "../sla/format.ts";
import type { DisclosureFilter, DisclosureState } from "./enums.ts";

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** Within this time of the date, with no fix released yet, the countdown warns. */
const AMBER_MS = 7 * DAY_MS;

export type CountdownTone = "ok" | "amber" | "red" | "done";

/**
 * The countdown to a report's disclosure date: "in 12 d 4 h", "in 5 h",
 * "overdue by 2 d 3 h" (days of 24 real hours, truncated). Amber within 7 days
 * while no fix is released; red once the date has come. null when there is no
 * date or no plan (none, cancelled).
 */
export function disclosureCountdown(input: {
  targetAt: Date | null;
  state: DisclosureState;
  fixReleased: boolean;
  now: Date;
}): { text: string; tone: CountdownTone; msLeft: number | null } | null {
  const { targetAt, state } = input;
  if (state === "published") return { text: "published", tone: "done", msLeft: null };
  if (!targetAt || state === "none" || state === "cancelled") return null;
  const msLeft = targetAt.getTime() - input.now.getTime();
  if (!Number.isFinite(msLeft)) return null;
  if (msLeft <= 0) {
    return { text: -msLeft < MINUTE_MS ? "due now" : `overdue by ${formatSpan(-msLeft)}`, tone: "red", msLeft };
  }
  const text = msLeft < MINUTE_MS ? "in < 1 min" : `in ${formatSpan(msLeft)}`;
  return { text, tone: msLeft <= AMBER_MS && !input.fixReleased ? "amber" : "ok", msLeft };
}

/**
 * The disclosure-target range an inbox filter selects: within_7 and within_30
 * are [now, now + 7 or 30 days], overdue is everything up to now.
 */
export function disclosureFilterRange(filter: DisclosureFilter, now: Date): { from: Date | null; to: Date } {
  const t = now.getTime();
  switch (filter) {
    case "within_7":
      return { from: new Date(t), to: new Date(t + 7 * DAY_MS) };
    case "within_30":
      return { from: new Date(t), to: new Date(t + 30 * DAY_MS) };
    case "overdue":
      return { from: null, to: new Date(t) };
  }
}
