import type { ReportState } from "@embargo/core";
import { type SQL, sql } from "drizzle-orm";
import { reportEvents, reports } from "../schema/reports.ts";

/** States that mean the team accepted the report as a real issue (issue 12: "valid = reached triaged or later"). */
export const VALID_STATES = ["triaged", "fixing", "fixed", "disclosed"] as const satisfies readonly ReportState[];
/** Outcomes that say the report was not a vulnerability for us. */
export const INVALID_STATES = [
  "spam",
  "not_applicable",
  "out_of_scope",
  "informative",
  "duplicate",
] as const satisfies readonly ReportState[];

const list = (states: readonly string[]) => sql.raw(states.map((s) => `'${s}'`).join(", "));

/**
 * 1 when the report counts as valid: it is in a valid state now, or it was triaged
 * once (a report closed as wont_fix after triage was still a real finding). The
 * EXISTS reads report_events_report_idx for that one report.
 */
export const isValidReport: SQL<number> = sql<number>`(CASE WHEN ${reports.state} IN (${list(VALID_STATES)})
  OR EXISTS (SELECT 1 FROM ${reportEvents} WHERE ${reportEvents.reportId} = ${reports.id} AND ${reportEvents.toState} = 'triaged')
  THEN 1 ELSE 0 END)`;

/** 1 when the report ended as not a vulnerability and was never valid. */
export const isInvalidReport: SQL<number> = sql<number>`(CASE WHEN ${reports.state} IN (${list(INVALID_STATES)})
  AND NOT ${isValidReport} THEN 1 ELSE 0 END)`;

/** The middle of the values (the mean of the two middle ones for an even count); null for none. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
