import { z } from "zod";
import { fieldError } from "../errors.ts";

/**
 * The period of the leadership KPIs. Days and months are UTC, as in the
 * acknowledgment lists: two people looking at "Q3" in different zones must
 * see the same figures, and a quarter printed for a meeting must match the
 * CSV exported from another desk.
 */

export const DAY_MS = 86_400_000;
/** Longer ranges are refused: the panel answers for years, not decades, and stays fast. */
export const MAX_PERIOD_DAYS = 5 * 366;

const day = z.string().trim().max(10);

export const periodInputSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("last30") }),
  z.object({ kind: z.literal("last90") }),
  z.object({ kind: z.literal("quarter"), quarter: z.string().trim().max(7) }),
  z.object({ kind: z.literal("custom"), from: day, to: day }),
]);
export type PeriodInput = z.input<typeof periodInputSchema>;

export interface Period {
  /** First instant of the period (inclusive). */
  from: Date;
  /** First instant after the period (exclusive). */
  to: Date;
  label: string;
}

function utcDay(text: string, field: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const at = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !at || at.toISOString().slice(0, 10) !== text) throw fieldError(field, "Give a day as YYYY-MM-DD");
  return at;
}

const startOfUtcDay = (t: number) => Math.floor(t / DAY_MS) * DAY_MS;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** "2026-Q3" → its first day and the first day of the next quarter. */
export function quarterRange(quarter: string): { from: Date; to: Date } {
  const m = /^(\d{4})-Q([1-4])$/i.exec(quarter.trim());
  if (!m) throw fieldError("quarter", "Give a quarter as YYYY-Q1 … YYYY-Q4");
  const year = Number(m[1]);
  const q = Number(m[2]);
  return { from: new Date(Date.UTC(year, (q - 1) * 3, 1)), to: new Date(Date.UTC(year, q * 3, 1)) };
}

/** The quarter an instant falls in, e.g. "2026-Q4". */
export function quarterOf(at: Date): string {
  return `${at.getUTCFullYear()}-Q${Math.floor(at.getUTCMonth() / 3) + 1}`;
}

/**
 * Resolves a period input against `now`. "Last 30 days" ends with today
 * (inclusive) and starts 29 days before it. Throws a DomainError naming the
 * field for a malformed day, an end before the start or a range over 5 years.
 */
export function resolvePeriod(input: PeriodInput, now: Date): Period {
  const todayEnd = startOfUtcDay(now.getTime()) + DAY_MS;
  switch (input.kind) {
    case "last30":
    case "last90": {
      const days = input.kind === "last30" ? 30 : 90;
      return { from: new Date(todayEnd - days * DAY_MS), to: new Date(todayEnd), label: `Last ${days} days` };
    }
    case "quarter": {
      const { from, to } = quarterRange(input.quarter);
      return { from, to, label: input.quarter.toUpperCase() };
    }
    case "custom": {
      const from = utcDay(input.from, "from");
      const last = utcDay(input.to, "to");
      if (last.getTime() < from.getTime()) throw fieldError("to", "The end of the period cannot be before its start");
      const to = new Date(last.getTime() + DAY_MS);
      if ((to.getTime() - from.getTime()) / DAY_MS > MAX_PERIOD_DAYS) {
        throw fieldError("from", "A period can be at most 5 years long");
      }
      return { from, to, label: `${isoDay(from)} – ${isoDay(last)}` };
    }
  }
}

/** The 12 whole UTC months ending with the month of `now`, oldest first. */
export function lastTwelveMonths(now: Date): { month: string; from: Date; to: Date }[] {
  const out: { month: string; from: Date; to: Date }[] = [];
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  for (let i = 11; i >= 0; i--) {
    const from = new Date(Date.UTC(y, m - i, 1));
    const to = new Date(Date.UTC(y, m - i + 1, 1));
    out.push({ month: from.toISOString().slice(0, 7), from, to });
  }
  return out;
}
