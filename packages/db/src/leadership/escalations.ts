import {
  DASHBOARD_SLOT,
  type EscalationKind,
  type EscalationLevel,
  escalationReason,
  levelOf,
  type Policy,
  type Severity,
  type WebhookEvent,
} from "@embargo/core";
import { aliasedTable, and, asc, desc, eq, gt, inArray, isNotNull, isNull, type SQL, sql } from "drizzle-orm";
import { type Actor, appendAudit } from "../audit/log.ts";
import type { Conn, Db } from "../client.ts";
import { enqueueEmail, enqueueWebhooks } from "../outbox/queue.ts";
import { reportMilestones } from "../schema/disclosure.ts";
import { escalations } from "../schema/escalations.ts";
import { programs } from "../schema/programs.ts";
import { reportClocks, reports } from "../schema/reports.ts";
import { memberships, users } from "../schema/users.ts";

export type EscalationRow = typeof escalations.$inferSelect;

export interface RaiseEscalation {
  report: { id: number; key: string; programId: number };
  kind: EscalationKind;
  level: EscalationLevel;
  reason: string;
  /** Part of the once-only key with the report, kind and clock. */
  clock?: string | null;
  dueAt?: Date | null;
  raisedBy?: Actor;
  /** Extra webhook data (the SLA sweep adds the clock). */
  data?: Record<string, unknown>;
}

/** Active members with the leadership role in the program: who is told. */
function leadershipOf(tx: Conn, programId: number) {
  return tx
    .select({ id: users.id, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.programId, programId), eq(memberships.role, "leadership"), isNull(users.disabledAt)))
    .all();
}

function tell(tx: Conn, e: EscalationRow, key: string, event: WebhookEvent, data: Record<string, unknown>, now: Date) {
  enqueueWebhooks(
    tx,
    {
      event,
      programId: e.programId,
      reportId: e.reportId,
      data: {
        key,
        escalationId: e.id,
        kind: e.kind,
        level: e.level,
        clock: e.clock,
        due: e.dueAt?.toISOString() ?? null,
        ...data,
      },
    },
    now,
  );
}

/**
 * Record an escalation once (report, kind, clock and due instant are the
 * key; a manual one is always new) and tell leadership: the escalation.raised
 * webhook and one email per leadership member of the program, carrying the
 * key and the reason only, never the report's text. Returns null when it was
 * already raised. Call inside the transaction of its cause.
 */
export function raiseEscalation(tx: Conn, r: RaiseEscalation, now: Date): EscalationRow | null {
  const row = tx
    .insert(escalations)
    .values({
      reportId: r.report.id,
      programId: r.report.programId,
      kind: r.kind,
      level: r.level,
      clock: r.clock ?? null,
      dueAt: r.dueAt ?? null,
      reason: r.reason,
      raisedAt: now,
      raisedByUserId: r.raisedBy?.userId ?? null,
    })
    .onConflictDoNothing()
    .returning()
    .get();
  if (!row) return null;
  tell(tx, row, r.report.key, "escalation.raised", { reason: r.reason, ...r.data }, now);
  for (const leader of leadershipOf(tx, r.report.programId)) {
    enqueueEmail(
      tx,
      {
        event: "escalation.raised",
        reportId: r.report.id,
        programId: r.report.programId,
        to: leader.email,
        subject: `[Embargo] ${row.level === "page" ? "Needs you now" : "For your attention"}: ${r.report.key}`,
        text: [
          r.reason,
          "",
          `Acknowledge it on the leadership panel: ${DASHBOARD_SLOT}/leadership`,
          "",
          "You get this because you have the leadership role in this program.",
        ].join("\n"),
      },
      now,
    );
  }
  appendAudit(
    tx,
    r.raisedBy ?? { userId: null, label: "system" },
    {
      action: `escalation.${r.kind}`,
      entityType: "report",
      entityId: r.report.key,
      programId: r.report.programId,
      data: { escalationId: row.id, level: row.level, clock: row.clock, due: row.dueAt?.toISOString() ?? null },
    },
    now,
  );
  return row;
}

/**
 * A report that is open and critical has a critical_received escalation
 * (raised on arrival through any channel, or when regraded to critical). It
 * pages when the program's policy promises to escalate criticals to
 * leadership, and asks for attention otherwise. The clock column holds
 * "critical" and due_at the instant it became critical (its arrival the first
 * time), so the once-only key works (SQLite treats NULLs in a unique index as
 * distinct). A report that stopped being critical or open and then became so
 * again escalates again; one a person resolved by hand does not come back.
 */
export function raiseCriticalIfNeeded(
  tx: Conn,
  report: { id: number; key: string; programId: number; receivedAt: Date; isOpen: boolean; severity: Severity | null },
  policy: Pick<Policy, "escalateCriticalToLeadership" | "calendar">,
  now: Date,
): void {
  if (!report.isOpen || report.severity !== "critical") return;
  const last = tx
    .select({ resolvedAt: escalations.resolvedAt, resolvedByUserId: escalations.resolvedByUserId })
    .from(escalations)
    .where(and(eq(escalations.reportId, report.id), eq(escalations.kind, "critical_received")))
    .orderBy(desc(escalations.id))
    .limit(1)
    .get();
  // Open, or closed by a person: nothing to raise. Resolved because the cause went away: it is back.
  if (last && (!last.resolvedAt || last.resolvedByUserId !== null)) return;
  raiseEscalation(
    tx,
    {
      report,
      kind: "critical_received",
      level: policy.escalateCriticalToLeadership ? levelOf("critical_received") : "attention",
      clock: "critical",
      dueAt: last ? now : report.receivedAt,
      reason: escalationReason({
        key: report.key,
        kind: "critical_received",
        receivedAt: report.receivedAt,
        timeZone: policy.calendar.timeZone,
        now,
      }),
    },
    now,
  );
}

/**
 * Resolve the open escalations whose cause went away: a clock met or moved,
 * the report closed, no longer critical, the fix released or the disclosure
 * date moved. Manual ones stay until someone resolves them. Reads stored
 * columns only, so the minute sweep can run it over every open escalation.
 */
export function settleEscalations(db: Conn, now: Date, reportId?: number): number {
  let settled = 0;
  // In pages of 5,000 by id, so a cause that went away behind many open ones is still seen.
  for (let after = 0; ; ) {
    const page = openEscalationPage(db, after, reportId);
    settled += settlePage(db, page, now);
    const last = page.at(-1);
    if (!last || page.length < SETTLE_PAGE) return settled;
    after = last.id;
  }
}

const SETTLE_PAGE = 5_000;

function openEscalationPage(db: Conn, after: number, reportId: number | undefined) {
  const where: SQL[] = [
    isNull(escalations.resolvedAt),
    sql`${escalations.kind} <> 'manual'`,
    gt(escalations.id, after),
  ];
  if (reportId !== undefined) where.push(eq(escalations.reportId, reportId));
  return db
    .select({
      id: escalations.id,
      kind: escalations.kind,
      clock: escalations.clock,
      dueAt: escalations.dueAt,
      key: reports.key,
      isOpen: reports.isOpen,
      state: reports.state,
      severity: reports.severity,
      disclosureState: reports.disclosureState,
      disclosureTargetAt: reports.disclosureTargetAt,
      clockDueAt: reportClocks.dueAt,
      clockMetAt: reportClocks.metAt,
      fixReleasedAt: reportMilestones.actualAt,
      // An at-risk escalation is superseded once the same clock and due instant breached.
      breached: sql<number>`EXISTS (SELECT 1 FROM escalations b WHERE b.report_id = ${escalations.reportId} AND b.kind = 'clock_breached' AND b.clock = ${escalations.clock} AND b.due_at = ${escalations.dueAt})`,
      // A disclosure escalation raised 7 days ahead is superseded by the page raised once the date passed.
      overdue: sql<number>`EXISTS (SELECT 1 FROM escalations b WHERE b.report_id = ${escalations.reportId} AND b.kind = 'disclosure_due' AND b.clock = 'disclosure_overdue' AND b.due_at = ${escalations.dueAt})`,
    })
    .from(escalations)
    .innerJoin(reports, eq(reports.id, escalations.reportId))
    .leftJoin(
      reportClocks,
      and(eq(reportClocks.reportId, escalations.reportId), eq(reportClocks.clock, escalations.clock)),
    )
    .leftJoin(
      reportMilestones,
      and(eq(reportMilestones.reportId, escalations.reportId), eq(reportMilestones.kind, "fix_released")),
    )
    .where(and(...where))
    .orderBy(asc(escalations.id))
    .limit(SETTLE_PAGE)
    .all();
}

function settlePage(db: Conn, open: ReturnType<typeof openEscalationPage>, now: Date): number {
  let settled = 0;
  for (const o of open) {
    const cause = causeGone(o);
    if (!cause) continue;
    // Each resolution with its webhook and audit row, whole or not at all.
    const done = db.transaction((tx) => {
      const resolved = tx
        .update(escalations)
        .set({ resolvedAt: now, resolvedCause: cause })
        .where(and(eq(escalations.id, o.id), isNull(escalations.resolvedAt)))
        .returning()
        .get();
      if (!resolved) return false;
      tell(tx, resolved, o.key, "escalation.resolved", { cause, by: null }, now);
      appendAudit(
        tx,
        { userId: null, label: "system" },
        {
          action: "escalation.resolve",
          entityType: "report",
          entityId: o.key,
          programId: resolved.programId,
          data: { escalationId: resolved.id, cause },
        },
        now,
      );
      return true;
    });
    if (done) settled++;
  }
  return settled;
}

type OpenRow = {
  kind: EscalationRow["kind"];
  dueAt: Date | null;
  isOpen: boolean;
  state: string;
  severity: Severity | null;
  disclosureState: string;
  disclosureTargetAt: Date | null;
  clockDueAt: Date | null;
  clockMetAt: Date | null;
  fixReleasedAt: Date | null;
  breached: number;
  overdue: number;
  clock: string | null;
};

/** Why an automatic escalation no longer applies, in plain words; null while it still does. */
function causeGone(o: OpenRow): string | null {
  const e = o;
  switch (e.kind) {
    case "clock_at_risk":
    case "clock_breached":
      if (o.clockMetAt) return "clock met";
      if (!o.isOpen) return "report closed";
      // report_clocks is complete (backfilled at open, see backfill.ts): no row means no such clock now.
      if (!o.clockDueAt) return "clock no longer runs";
      if (o.clockDueAt.getTime() !== e.dueAt?.getTime()) return "deadline changed";
      if (e.kind === "clock_at_risk" && o.breached) return "breached: see the breach escalation";
      return null;
    case "critical_received":
      if (!o.isOpen) return "report closed";
      if (o.severity !== "critical") return "no longer critical";
      return null;
    case "disclosure_due":
      if (o.fixReleasedAt || o.state === "fixed" || o.state === "disclosed") return "fix released";
      if (!o.isOpen) return "report closed";
      if (!["proposed", "agreed", "extended"].includes(o.disclosureState)) return "disclosure no longer planned";
      if (o.disclosureTargetAt?.getTime() !== e.dueAt?.getTime()) return "disclosure date moved";
      if (e.clock === "disclosure" && o.overdue) return "date passed: see the overdue escalation";
      return null;
    default:
      return null;
  }
}

export function escalationById(db: Conn, id: number): EscalationRow | undefined {
  return db.select().from(escalations).where(eq(escalations.id, id)).get();
}

function reportKeyOf(tx: Conn, reportId: number): string {
  return tx.select({ key: reports.key }).from(reports).where(eq(reports.id, reportId)).get()?.key ?? "";
}

/** A person says they have seen it. Refused (returns "resolved") once it is resolved; a second acknowledgement keeps the first. */
export function acknowledgeEscalation(
  db: Db,
  e: EscalationRow,
  note: string | null,
  actor: Actor,
  now: Date,
): "acknowledged" | "already" | "resolved" {
  return db.transaction((tx) => {
    const row = tx
      .update(escalations)
      .set({ acknowledgedAt: now, acknowledgedByUserId: actor.userId, ackNote: note || null })
      .where(and(eq(escalations.id, e.id), isNull(escalations.resolvedAt), isNull(escalations.acknowledgedAt)))
      .returning()
      .get();
    if (!row) {
      const current = escalationById(tx, e.id);
      return current?.resolvedAt ? "resolved" : "already";
    }
    const key = reportKeyOf(tx, row.reportId);
    tell(tx, row, key, "escalation.acknowledged", { by: actor.label }, now);
    appendAudit(
      tx,
      actor,
      {
        action: "escalation.acknowledge",
        entityType: "report",
        entityId: key,
        programId: row.programId,
        data: { escalationId: row.id, hasNote: !!note },
      },
      now,
    );
    return "acknowledged";
  });
}

/** Resolved by a person with a note; false when it was already resolved. */
export function resolveEscalationByHand(db: Db, e: EscalationRow, note: string, actor: Actor, now: Date): boolean {
  return db.transaction((tx) => {
    const row = tx
      .update(escalations)
      .set({ resolvedAt: now, resolvedByUserId: actor.userId, resolveNote: note, resolvedCause: "by hand" })
      .where(and(eq(escalations.id, e.id), isNull(escalations.resolvedAt)))
      .returning()
      .get();
    if (!row) return false;
    const key = reportKeyOf(tx, row.reportId);
    tell(tx, row, key, "escalation.resolved", { cause: "by hand", by: actor.label }, now);
    appendAudit(
      tx,
      actor,
      {
        action: "escalation.resolve",
        entityType: "report",
        entityId: key,
        programId: row.programId,
        data: { escalationId: row.id, cause: "by hand" },
      },
      now,
    );
    return true;
  });
}

const raisedBy = aliasedTable(users, "raised_by");
const ackedBy = aliasedTable(users, "acked_by");
const resolvedBy = aliasedTable(users, "resolved_by");

/** Escalations with what leadership may see of their report, page level and oldest first. */
export function listEscalations(
  db: Conn,
  f: { programIds: number[]; status: "open" | "resolved" | "all"; reportId?: number; limit: number; offset: number },
) {
  if (f.programIds.length === 0) return { rows: [], total: 0 };
  const where: SQL[] = [inArray(escalations.programId, f.programIds)];
  if (f.status === "open") where.push(isNull(escalations.resolvedAt));
  if (f.status === "resolved") where.push(isNotNull(escalations.resolvedAt));
  if (f.reportId !== undefined) where.push(eq(escalations.reportId, f.reportId));
  const cond = and(...where);
  const rows = db
    .select({
      id: escalations.id,
      key: reports.key,
      programSlug: programs.slug,
      programName: programs.name,
      level: escalations.level,
      kind: escalations.kind,
      clock: escalations.clock,
      reason: escalations.reason,
      dueAt: escalations.dueAt,
      raisedAt: escalations.raisedAt,
      raisedBy: raisedBy.name,
      acknowledgedAt: escalations.acknowledgedAt,
      acknowledgedBy: ackedBy.name,
      ackNote: escalations.ackNote,
      resolvedAt: escalations.resolvedAt,
      resolvedBy: resolvedBy.name,
      resolveNote: escalations.resolveNote,
      resolvedCause: escalations.resolvedCause,
      title: reports.title,
      severity: reports.severity,
      state: reports.state,
    })
    .from(escalations)
    .innerJoin(reports, eq(reports.id, escalations.reportId))
    .innerJoin(programs, eq(programs.id, escalations.programId))
    .leftJoin(raisedBy, eq(raisedBy.id, escalations.raisedByUserId))
    .leftJoin(ackedBy, eq(ackedBy.id, escalations.acknowledgedByUserId))
    .leftJoin(resolvedBy, eq(resolvedBy.id, escalations.resolvedByUserId))
    .where(cond)
    .orderBy(
      sql`(${escalations.resolvedAt} IS NOT NULL)`,
      desc(sql`coalesce(${escalations.resolvedAt}, 0)`),
      sql`(${escalations.level} <> 'page')`,
      asc(escalations.raisedAt),
      asc(escalations.id),
    )
    .limit(f.limit)
    .offset(f.offset)
    .all();
  const total = db.select({ n: sql<number>`count(*)` }).from(escalations).where(cond).get()?.n ?? 0;
  return { rows, total };
}
export type EscalationListRow = ReturnType<typeof listEscalations>["rows"][number];
