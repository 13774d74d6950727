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
import { and, asc, eq, isNull, lt, lte, or, type Placeholder, type SQL, sql } from "drizzle-orm";
import { appendAudit } from "./audit.ts";
import type { Db } from "./client.ts";
import { enqueueWebhooks } from "./outbox.ts";
import type { Tx } from "./reports.ts";
import { escalations } from "./schema/escalations.ts";
import { programs } from "./schema/programs.ts";
import { reportEvents, reports } from "./schema/reports.ts";

type Conn = Db | Tx;

export function policyOf(db: Conn, programId: number): Policy {
  const row = db.select({ policy: programs.policy }).from(programs).where(eq(programs.id, programId)).get();
  if (!row) throw new Error(`program ${programId} not found`);
  return row.policy;
}

/** The timeline, as the facts the clock engine needs. */
export function slaInputOf(db: Conn, reportId: number): { initialSeverity: Severity | null; events: SlaEvent[] } {
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

/**
 * The minute sweep: the first time a clock is seen at risk or breached, an
 * escalation is recorded (once per report, clock, kind and due instant).
 * Only reports whose stored instants passed since their last sweep are read.
 */
export function sweepSla(db: Db, now: Date): { checked: number; raised: number } {
  const candidates = db
    .select({ id: reports.id, key: reports.key, programId: reports.programId, receivedAt: reports.receivedAt })
    .from(reports)
    .where(
      and(
        eq(reports.isOpen, true),
        lte(reports.nextAtRiskAt, now),
        or(
          isNull(reports.slaSweptAt),
          lt(reports.slaSweptAt, reports.nextAtRiskAt),
          and(lte(reports.nextDeadlineAt, now), lt(reports.slaSweptAt, reports.nextDeadlineAt)),
        ),
      ),
    )
    .limit(5_000)
    .all();
  let raised = 0;
  const policies = new Map<number, Policy>();
  for (const c of candidates) {
    db.transaction((tx) => {
      let policy = policies.get(c.programId);
      if (!policy) {
        policy = policyOf(tx, c.programId);
        policies.set(c.programId, policy);
      }
      for (const clock of clocksOf(tx, c, now, policy)) {
        if (clock.state !== "at_risk" && clock.state !== "breached") continue;
        const kind = clock.state === "breached" ? "clock_breached" : "clock_at_risk";
        const inserted = tx
          .insert(escalations)
          .values({
            reportId: c.id,
            programId: c.programId,
            kind,
            clock: clock.name,
            dueAt: clock.due,
            reason: `${clock.name} clock ${clock.state === "breached" ? "breached" : "at risk"}`,
            raisedAt: now,
          })
          .onConflictDoNothing()
          .returning({ id: escalations.id })
          .get();
        if (inserted) {
          raised++;
          const data = {
            key: c.key,
            clock: clock.name,
            due: clock.due?.toISOString() ?? null,
            escalationId: inserted.id,
          };
          enqueueWebhooks(
            tx,
            {
              event: kind === "clock_breached" ? "clock.breached" : "clock.at_risk",
              programId: c.programId,
              reportId: c.id,
              data,
            },
            now,
          );
          enqueueWebhooks(
            tx,
            { event: "escalation.raised", programId: c.programId, reportId: c.id, data: { ...data, kind } },
            now,
          );
          appendAudit(
            tx,
            { userId: null, label: "system" },
            {
              action: `escalation.${kind}`,
              entityType: "report",
              entityId: c.key,
              programId: c.programId,
              data: { clock: clock.name, due: clock.due?.toISOString() ?? null },
            },
            now,
          );
        }
      }
      tx.update(reports).set({ slaSweptAt: now }).where(eq(reports.id, c.id)).run();
    });
  }
  return { checked: candidates.length, raised };
}

export function openEscalationsOf(db: Db, reportId: number) {
  return db
    .select()
    .from(escalations)
    .where(and(eq(escalations.reportId, reportId), isNull(escalations.resolvedAt)))
    .orderBy(asc(escalations.raisedAt))
    .all();
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
