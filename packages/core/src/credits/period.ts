import { z } from "zod";
import { fieldError, zodFieldErrors } from "../errors.ts";

/**
 * The period of an acknowledgment list, as the dashboard, the API and
 * `embargo export acknowledgments --from DATE --to DATE` give it: two optional days
 * (YYYY-MM-DD). Both bounds are inclusive and a day covers the whole day in UTC, from
 * 00:00:00.000 to 23:59:59.999, the same zone the lists print their dates in: a list
 * "to 2026-03-31" includes a report disclosed at 23:30 UTC on 31 March. Taking the
 * viewer's zone instead would make two people exporting "March" get different lists.
 */

export interface AckPeriod {
  /** Start of the first day (UTC), or null for no lower bound. */
  from: Date | null;
  /** Last millisecond of the last day (UTC), or null for no upper bound. */
  to: Date | null;
}

const DAY_MS = 86_400_000;

/** Midnight UTC of a YYYY-MM-DD day, or null when it is not a real calendar day (2026-02-30). */
function startOfUtcDay(day: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const [year, month, date] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const at = new Date(Date.UTC(year, month - 1, date));
  const real = at.getUTCFullYear() === year && at.getUTCMonth() === month - 1 && at.getUTCDate() === date;
  return real ? at : null;
}

const daySchema = z
  .string()
  .trim()
  .max(10, "Give a day as YYYY-MM-DD")
  .nullish()
  .transform((value, ctx) => {
    if (!value) return null;
    const at = startOfUtcDay(value);
    if (!at) {
      ctx.addIssue({ code: "custom", message: "Give a day as YYYY-MM-DD" });
      return z.NEVER;
    }
    return at;
  });

export const ackPeriodSchema = z
  .object({ from: daySchema, to: daySchema })
  .transform(({ from, to }): AckPeriod => ({ from, to: to && new Date(to.getTime() + DAY_MS - 1) }))
  .superRefine(({ from, to }, ctx) => {
    if (from && to && to < from) {
      ctx.addIssue({ code: "custom", path: ["to"], message: "The end of the period cannot be before its start" });
    }
  });

export type AckPeriodInput = z.input<typeof ackPeriodSchema>;

/**
 * Reads a period or throws a DomainError naming the field ("from" or "to"): a day
 * that is not YYYY-MM-DD or does not exist, or an end before the start.
 */
export function checkAckPeriod(input: AckPeriodInput): AckPeriod {
  const parsed = ackPeriodSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const [field, message] = Object.entries(zodFieldErrors(parsed.error))[0] ?? ["from", "Give a period"];
  throw fieldError(field, message);
}

/** Whether an instant falls inside the period, both bounds included. */
export function isWithinAckPeriod(at: Date, period: AckPeriod): boolean {
  const t = at.getTime();
  return (!period.from || t >= period.from.getTime()) && (!period.to || t <= period.to.getTime());
}
