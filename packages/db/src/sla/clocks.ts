import {
  type Clock,
  computeClocks,
  nextDeadlines,
  type Policy,
  type ReportState,
  type Severity,
  type SlaEvent,
  type SlaFilter,
} from "@embargo/core";
import { and, asc, eq, type Placeholder, type SQL, sql } from "drizzle-orm";
import type { Conn } from "../client.ts";
import { programs } from "../schema/programs.ts";
import { reportEvents, reports } from "../schema/reports.ts";

export function policyOf(db: Conn, programId: number): Policy {
  const row = db.select({ policy: programs.policy }).from(programs).where(eq(programs.id, programId)).get();
  if (!row) throw new Error(`program ${programId} not found`);
  return row.policy;
}

/** The timeline, as the facts the clock engine needs. */
function slaInputOf(db: Conn, reportId: number): { initialSeverity: Severity | null; events: SlaEvent[] } {
  const rows = db
    .select({
      at: reportEvents.at,
      type: reportEvents.type,
      from: reportEvents.fromState,
      to: reportEvents.toState,
      data: reportEvents.data,
    })
    .from(reportEvents)
    .where(eq(reportEvents.reportId, reportId))
    .orderBy(asc(reportEvents.at), asc(reportEvents.id))
    .all();
  let initialSeverity: Severity | null = null;
  const events: SlaEvent[] = [];
  for (const r of rows) {
    const { data } = r;
    if (r.type === "created") initialSeverity = (data.severity as Severity | null) ?? null;
    else if ((r.type === "transition" || r.type === "reopened") && r.from && r.to) {
      events.push({ at: r.at, kind: "transition", from: r.from as ReportState, to: r.to as ReportState });
    } else if (r.type === "cvss" || r.type === "severity") {
      events.push({ at: r.at, kind: "severity", severity: (data.to as Severity | null) ?? null });
    } else if (r.type === "message" && data.kind === "to_reporter") {
      events.push({ at: r.at, kind: "message_to_reporter" });
    }
  }
  return { initialSeverity, events };
}

export function clocksOf(
  db: Conn,
  report: { id: number; programId: number; receivedAt: Date },
  now: Date,
  policy?: Policy,
): Clock[] {
  const { initialSeverity, events } = slaInputOf(db, report.id);
  return computeClocks({
    policy: policy ?? policyOf(db, report.programId),
    receivedAt: report.receivedAt,
    initialSeverity,
    events,
    now,
  });
}

/**
 * Store the report's next due and at-risk instants so the inbox sorts and
 * filters without replaying history. Call inside the transaction that
 * changed the report; a paused report stores no instants (they move with time).
 */
export function recomputeSla(db: Conn, reportId: number, now: Date, policy?: Policy): void {
  const report = db
    .select({ id: reports.id, programId: reports.programId, receivedAt: reports.receivedAt })
    .from(reports)
    .where(eq(reports.id, reportId))
    .get();
  if (!report) return;
  const clocks = clocksOf(db, report, now, policy);
  const next = nextDeadlines(clocks);
  const paused = next.worstState === "paused" || clocks.some((c) => c.state === "paused");
  db.update(reports)
    .set({
      nextDeadlineAt: paused ? null : next.nextDueAt,
      nextAtRiskAt: paused ? null : next.nextAtRiskAt,
      slaState: next.worstState,
      // The fix_released milestone's target when none is set by hand (calendar, timeline).
      resolveDueAt: clocks.find((c) => c.name === "resolve" && c.state !== "met")?.due ?? null,
    })
    .where(eq(reports.id, reportId))
    .run();
}

/** After a policy edit: every open report of the program gets new clocks. */
export function recomputeProgramSla(db: Conn, programId: number, now: Date): number {
  const policy = policyOf(db, programId);
  const ids = db
    .select({ id: reports.id })
    .from(reports)
    .where(and(eq(reports.programId, programId), eq(reports.isOpen, true)))
    .all();
  for (const { id } of ids) recomputeSla(db, id, now, policy);
  return ids.length;
}

/** SLA state as a comparison of the stored instants with now (epoch ms, bound at execution). */
export function slaCondition(states: SlaFilter[], t: Placeholder<string>) {
  const parts = states.map((s): SQL => {
    switch (s) {
      case "breached":
        return sql`${reports.nextDeadlineAt} <= ${t}`;
      case "at_risk":
        return sql`(${reports.nextAtRiskAt} <= ${t} AND ${reports.nextDeadlineAt} > ${t})`;
      case "on_track":
        return sql`(${reports.nextDeadlineAt} > ${t} AND (${reports.nextAtRiskAt} IS NULL OR ${reports.nextAtRiskAt} > ${t}))`;
      case "paused":
        return sql`${reports.slaState} = 'paused'`;
      default:
        return sql`(${reports.nextDeadlineAt} IS NULL AND (${reports.slaState} IS NULL OR ${reports.slaState} <> 'paused'))`;
    }
  });
  return sql`(${sql.join(parts, sql` OR `)})`;
}
