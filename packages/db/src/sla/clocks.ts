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
import { and, asc, eq, notInArray, type Placeholder, type SQL, sql } from "drizzle-orm";
import type { Conn } from "../client.ts";
import { raiseCriticalIfNeeded, settleEscalations } from "../leadership/escalations.ts";
import { programs } from "../schema/programs.ts";
import { reportClocks, reportEvents, reports } from "../schema/reports.ts";

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
 * filters without replaying history, and each clock's due and met instants
 * for the leadership KPIs; then bring the report's escalations up to date (a
 * critical report has one; one whose cause went away is resolved). Call
 * inside the transaction that changed the report; a paused report stores no
 * next instants (they move with time).
 */
export function recomputeSla(db: Conn, reportId: number, now: Date, given?: Policy): void {
  const report = db
    .select({
      id: reports.id,
      key: reports.key,
      programId: reports.programId,
      receivedAt: reports.receivedAt,
      isOpen: reports.isOpen,
      severity: reports.severity,
    })
    .from(reports)
    .where(eq(reports.id, reportId))
    .get();
  if (!report) return;
  const policy = given ?? policyOf(db, report.programId);
  const clocks = clocksOf(db, report, now, policy);
  storeClocks(db, report, clocks);
  const next = nextDeadlines(clocks);
  const paused = next.worstState === "paused" || clocks.some((c) => c.state === "paused");
  db.update(reports)
    .set({
      nextDeadlineAt: paused ? null : next.nextDueAt,
      nextAtRiskAt: paused ? null : next.nextAtRiskAt,
      slaState: next.worstState,
      // A change is a reason to look again: the sweep raises what is due and keeps the next instant.
      slaNextSweepAt: paused ? null : nextSweepInstant(clocks, null),
      // The fix_released milestone's target when none is set by hand (calendar, timeline).
      resolveDueAt: clocks.find((c) => c.name === "resolve" && c.state !== "met")?.due ?? null,
    })
    .where(eq(reports.id, reportId))
    .run();
  raiseCriticalIfNeeded(db, report, policy, now);
  settleEscalations(db, now, report.id);
}

/**
 * The earliest at-risk or due instant of a running clock after `after`
 * (any, when null): when the minute sweep must look at the report next.
 */
export function nextSweepInstant(clocks: Clock[], after: Date | null): Date | null {
  let next: number | null = null;
  for (const c of clocks) {
    if (c.state === "met" || c.state === "paused") continue;
    for (const at of [c.atRisk, c.due]) {
      if (!at || (after && at.getTime() <= after.getTime())) continue;
      if (next === null || at.getTime() < next) next = at.getTime();
    }
  }
  return next === null ? null : new Date(next);
}

/**
 * One row per clock with a due instant (report_clocks): what compliance for a
 * period and the escalation sweep read. A clock the report no longer has (a
 * severity without a resolve target) loses its row.
 */
export function storeClocks(db: Conn, report: { id: number; programId: number }, clocks: Clock[]): void {
  const withDue = clocks.filter((c): c is Clock & { due: Date } => c.due !== null);
  db.delete(reportClocks)
    .where(
      withDue.length
        ? and(
            eq(reportClocks.reportId, report.id),
            notInArray(
              reportClocks.clock,
              withDue.map((c) => c.name),
            ),
          )
        : eq(reportClocks.reportId, report.id),
    )
    .run();
  for (const c of withDue) {
    db.insert(reportClocks)
      .values({ reportId: report.id, clock: c.name, programId: report.programId, dueAt: c.due, metAt: c.metAt })
      .onConflictDoUpdate({
        target: [reportClocks.reportId, reportClocks.clock],
        set: { dueAt: c.due, metAt: c.metAt, programId: report.programId },
      })
      .run();
  }
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
