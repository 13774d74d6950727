import {
  CLOSED_STATES,
  DomainError,
  isClosedState,
  isOpenState,
  type MessageKind,
  type ReportFields,
  type ReportState,
  type Severity,
  type SeveritySource,
  STATE_LABELS,
  STATE_MILESTONE,
  severityRank,
  type TransitionPlan,
} from "@embargo/core";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { type Actor, appendAudit } from "../audit/log.ts";
import type { Conn, Db } from "../client.ts";
import { insertReporterCredit } from "../credits/writes.ts";
import { markMilestoneReached } from "../disclosure/milestones.ts";
import { cancelDisclosure, followFixRelease, proposeFromPolicy } from "../disclosure/plan.ts";
import { enqueueWebhooks } from "../outbox/queue.ts";
import { programs } from "../schema/programs.ts";
import { messages, reportEvents, reports } from "../schema/reports.ts";
import { researchers } from "../schema/researchers.ts";
import { recomputeSla } from "../sla/clocks.ts";
import { insertEvent } from "./events.ts";
import { notifyReporter } from "./notify.ts";
import type { ReportRow } from "./reads.ts";

export { type EventInput, insertEvent } from "./events.ts";

/** Take the program's next report number (inside the caller's transaction). */
function takeReportKey(tx: Conn, programId: number): string {
  const row = tx
    .update(programs)
    .set({ nextReportNumber: sql`${programs.nextReportNumber} + 1` })
    .where(eq(programs.id, programId))
    .returning({ prefix: programs.keyPrefix, next: programs.nextReportNumber })
    .get();
  if (!row) throw new Error(`program ${programId} vanished`);
  return `${row.prefix}-${row.next - 1}`;
}

export interface NewReport {
  programId: number;
  fields: ReportFields;
  channel: ReportRow["channel"];
  receivedAt: Date;
  reporter: { name: string | null; handle: string | null; email: string | null } | null;
  severity?: { severity: Severity; source: SeveritySource; reason?: string | null } | null;
  cvss?: { version: string; vector: string; score: number } | null;
  assigneeId?: number | null;
  statusTokenHash?: string | null;
  /** How the reporter wants to be credited; without it, by name once they agree (pending). */
  credit?: { creditAs: "name" | "handle" | "anonymous"; consent: "pending" | "accepted" | "declined" } | null;
}

/**
 * Insert a report with its researcher, first timeline event and audit entry
 * in one transaction, so an accepted report is whole or absent. Given the
 * caller's transaction, it is a savepoint in it.
 */
export function createReport(conn: Conn, input: NewReport, actor: Actor, now: Date): ReportRow {
  return conn.transaction((tx) => {
    let researcherId: number | null = null;
    const r = input.reporter;
    if (r && (r.name || r.handle || r.email)) {
      // Only staff-entered reports reuse a researcher by email. An outside
      // submission's email is unverified: linking by it would show one person's
      // name to anyone who types their address, and let them change it.
      const existing =
        r.email && input.channel === "manual"
          ? tx.select().from(researchers).where(eq(researchers.email, r.email)).get()
          : undefined;
      researcherId =
        existing?.id ??
        tx
          .insert(researchers)
          .values({ name: r.name, handle: r.handle, email: r.email, createdAt: now })
          .returning({ id: researchers.id })
          .get().id;
    }
    const key = takeReportKey(tx, input.programId);
    const row = tx
      .insert(reports)
      .values({
        programId: input.programId,
        key,
        ...input.fields,
        researcherId,
        channel: input.channel,
        receivedAt: input.receivedAt,
        state: "new",
        isOpen: true,
        severity: input.severity?.severity ?? null,
        severityRank: severityRank(input.severity?.severity),
        severitySource: input.severity?.source ?? null,
        severityReason: input.severity?.reason ?? null,
        cvssVersion: input.cvss?.version ?? null,
        cvssVector: input.cvss?.vector ?? null,
        cvssScore: input.cvss?.score ?? null,
        assigneeId: input.assigneeId ?? null,
        statusTokenHash: input.statusTokenHash ?? null,
        creditAs: input.credit?.creditAs ?? null,
        creditConsent: input.credit?.consent ?? "pending",
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
    // The reporter is the report's first credit; the report's credit columns mirror it for older readers.
    if (researcherId !== null) {
      insertReporterCredit(
        tx,
        {
          reportId: row.id,
          researcherId,
          display: input.credit?.creditAs ?? "name",
          consent: input.credit?.consent ?? "pending",
          channel: input.channel === "manual" ? "team" : "intake",
          createdByUserId: actor.userId,
        },
        now,
      );
    }
    insertEvent(tx, {
      reportId: row.id,
      at: now,
      actorUserId: actor.userId,
      actorLabel: actor.label,
      type: "created",
      toState: "new",
      data: { channel: input.channel, severity: row.severity },
    });
    appendAudit(
      tx,
      actor,
      {
        action: "report.create",
        entityType: "report",
        entityId: key,
        programId: input.programId,
        data: { channel: input.channel },
      },
      now,
    );
    // Every intake path, staff entry included, tells the program's webhooks.
    enqueueWebhooks(
      tx,
      {
        event: "report.created",
        programId: input.programId,
        reportId: row.id,
        // Webhooks carry no report text: receivers get the key and fetch with their rights.
        data: {
          key,
          channel: input.channel,
          severity: row.severity,
          receivedAt: input.receivedAt.toISOString(),
        },
      },
      now,
    );
    recomputeSla(tx, row.id, now);
    return row;
  });
}

const ASSESSED_STATES: ReadonlySet<ReportState> = new Set([
  "triaged",
  "fixing",
  "fixed",
  "disclosed",
  ...CLOSED_STATES,
]);

/**
 * The KPI instants a transition reaches: the first acknowledgement,
 * assessment and fix are kept once set (a reopen does not undo history, as
 * with the clocks); closed_at is the last time the report stopped being open,
 * cleared while it is open again.
 */
function lifecycleInstants(report: ReportRow, from: ReportState, to: ReportState, now: Date) {
  const open = isOpenState(to);
  return {
    acknowledgedAt: report.acknowledgedAt ?? (from === "new" ? now : null),
    assessedAt: report.assessedAt ?? (ASSESSED_STATES.has(to) ? now : null),
    fixedAt: report.fixedAt ?? (to === "fixed" || to === "disclosed" ? now : null),
    closedAt: open ? null : report.isOpen ? now : (report.closedAt ?? now),
  };
}

/**
 * Change a report's state with everything that follows from it, in one
 * transaction (a savepoint in the caller's): the timeline, the audit, the
 * clocks, the patch milestone the new state reaches, the disclosure plan
 * (proposed on triage, cancelled on close, published on disclosure) and
 * the reporter's email (unless the caller sends its own).
 */
export function applyTransition(
  db: Conn,
  report: ReportRow,
  plan: TransitionPlan,
  extra: { duplicateOfId: number | null; advisoryUrl?: string | null; notifyReporter?: boolean },
  actor: Actor,
  now: Date,
): ReportRow {
  // IMMEDIATE: the write lock is taken before anything is read, so two servers or requests racing on one
  // report queue up instead of both reading the old state (and the second then fails to upgrade).
  return db.transaction(
    (tx) => {
      const to: ReportState = plan.to;
      const row = tx
        .update(reports)
        .set({
          state: to,
          isOpen: isOpenState(to),
          resumeState: plan.resumeState,
          duplicateOfId:
            to === "duplicate" ? extra.duplicateOfId : plan.action === "reopen" ? null : report.duplicateOfId,
          fixedVersion: plan.fixedVersion ?? report.fixedVersion,
          ...lifecycleInstants(report, plan.from, to, now),
          updatedAt: now,
        })
        // Compare-and-set: the plan was made from the state the caller read; if another change got there
        // first, nothing is written and the caller hears who moved it (409).
        .where(and(eq(reports.id, report.id), eq(reports.state, plan.from)))
        .returning()
        .get();
      if (!row) throw lostRace(tx, report);
      const data = {
        action: plan.action,
        reason: plan.reason,
        duplicateOf: plan.duplicateOf,
        fixedVersion: plan.fixedVersion,
      };
      insertEvent(tx, {
        reportId: report.id,
        at: now,
        actorUserId: actor.userId,
        actorLabel: actor.label,
        type: plan.action === "reopen" ? "reopened" : "transition",
        fromState: plan.from,
        toState: to,
        data,
      });
      appendAudit(
        tx,
        actor,
        {
          action: `report.${plan.action}`,
          entityType: "report",
          entityId: report.key,
          programId: report.programId,
          data: {
            from: plan.from,
            to,
            duplicateOf: plan.duplicateOf,
            fixedVersion: plan.fixedVersion,
            hasReason: !!plan.reason,
          },
        },
        now,
      );
      recomputeSla(tx, report.id, now);
      const reached = STATE_MILESTONE[to];
      if (reached) {
        const value = to === "fixed" ? plan.fixedVersion : to === "disclosed" ? (extra.advisoryUrl ?? null) : null;
        markMilestoneReached(tx, row, reached, value, actor, now);
      }
      let result = row;
      // The plan's follow-ups tell the reporter nothing of their own: the transition's email names the
      // proposed or moved date, so one change sends one email.
      if (to === "triaged") result = proposeFromPolicy(tx, result, actor, now, { quiet: true });
      if (to === "fixed") result = followFixRelease(tx, result, now, { quiet: true });
      if (isClosedState(to)) result = cancelDisclosure(tx, result, actor, now);
      if (extra.notifyReporter !== false) {
        notifyReporter(tx, result, { kind: "transition", action: plan.action, to }, now);
      }
      return result;
    },
    { behavior: "immediate" },
  );
}

/** The 409 a lost race answers: the report's state now and who put it there. */
function lostRace(tx: Conn, report: ReportRow): DomainError {
  const now = tx.select({ state: reports.state }).from(reports).where(eq(reports.id, report.id)).get();
  if (!now) return new DomainError("not_found", `Report ${report.key} not found`);
  const by = tx
    .select({ actor: reportEvents.actorLabel })
    .from(reportEvents)
    .where(and(eq(reportEvents.reportId, report.id), inArray(reportEvents.type, ["transition", "reopened"])))
    .orderBy(desc(reportEvents.id))
    .limit(1)
    .get();
  return new DomainError(
    "conflict",
    `${report.key} is already ${STATE_LABELS[now.state].toLowerCase()}${by ? ` (by ${by.actor})` : ""}; nothing was changed`,
  );
}

export interface SeverityChange {
  severity: Severity | null;
  source: Exclude<SeveritySource, "intake">;
  reason: string | null;
  cvss?: { version: string; vector: string; score: number } | null;
}

export function changeSeverity(db: Db, report: ReportRow, change: SeverityChange, actor: Actor, now: Date): ReportRow {
  return db.transaction((tx) => {
    const set: Partial<typeof reports.$inferInsert> = {
      severity: change.severity,
      severityRank: severityRank(change.severity),
      severitySource: change.severity ? change.source : null,
      severityReason: change.reason,
      updatedAt: now,
    };
    if (change.cvss !== undefined) {
      set.cvssVersion = change.cvss?.version ?? null;
      set.cvssVector = change.cvss?.vector ?? null;
      set.cvssScore = change.cvss?.score ?? null;
    }
    const row = tx.update(reports).set(set).where(eq(reports.id, report.id)).returning().get();
    if (!row) throw new Error("report vanished during severity change");
    const data = {
      from: report.severity,
      to: change.severity,
      source: change.source,
      reason: change.reason,
      vector: change.cvss?.vector ?? null,
      score: change.cvss?.score ?? null,
    };
    insertEvent(tx, {
      reportId: report.id,
      at: now,
      actorUserId: actor.userId,
      actorLabel: actor.label,
      type: change.source === "cvss" ? "cvss" : "severity",
      data,
    });
    appendAudit(
      tx,
      actor,
      {
        action: change.source === "cvss" ? "report.cvss" : "report.severity_override",
        entityType: "report",
        entityId: report.key,
        programId: report.programId,
        data,
      },
      now,
    );
    recomputeSla(tx, report.id, now);
    return row;
  });
}

export function assignReport(
  db: Db,
  report: ReportRow,
  assignee: { id: number; name: string } | null,
  actor: Actor,
  now: Date,
) {
  return db.transaction((tx) => {
    tx.update(reports)
      .set({ assigneeId: assignee?.id ?? null, updatedAt: now })
      .where(eq(reports.id, report.id))
      .run();
    const data = { from: report.assigneeId, to: assignee?.id ?? null, toName: assignee?.name ?? null };
    insertEvent(tx, {
      reportId: report.id,
      at: now,
      actorUserId: actor.userId,
      actorLabel: actor.label,
      type: "assigned",
      data,
    });
    appendAudit(
      tx,
      actor,
      { action: "report.assign", entityType: "report", entityId: report.key, programId: report.programId, data },
      now,
    );
  });
}

/**
 * Given the caller's transaction, a savepoint in it. A message to the reporter
 * is emailed to them unless `emailed: false` (the caller sends its own email
 * saying the same, as publishing does).
 */
export function addMessage(
  conn: Conn,
  report: ReportRow,
  msg: { kind: MessageKind; body: string; authorUserId: number | null; emailed?: boolean },
  actor: Actor,
  now: Date,
) {
  return conn.transaction((tx) => {
    const row = tx
      .insert(messages)
      .values({ reportId: report.id, kind: msg.kind, body: msg.body, authorUserId: msg.authorUserId, createdAt: now })
      .returning({ id: messages.id })
      .get();
    tx.update(reports).set({ updatedAt: now }).where(eq(reports.id, report.id)).run();
    insertEvent(tx, {
      reportId: report.id,
      at: now,
      actorUserId: actor.userId,
      actorLabel: actor.label,
      type: "message",
      data: { kind: msg.kind, messageId: row.id },
    });
    // The audit records that a message was written, never what it says.
    appendAudit(
      tx,
      actor,
      {
        action: `report.message.${msg.kind}`,
        entityType: "report",
        entityId: report.key,
        programId: report.programId,
        data: { messageId: row.id, length: msg.body.length },
      },
      now,
    );
    recomputeSla(tx, report.id, now);
    if (msg.kind === "to_reporter" && msg.emailed !== false) {
      notifyReporter(tx, report, { kind: "message", body: msg.body }, now);
    }
    return row;
  });
}

export function updateReportFields(db: Db, report: ReportRow, fields: Partial<ReportFields>, actor: Actor, now: Date) {
  return db.transaction((tx) => {
    const changed = Object.keys(fields).filter(
      (k) => (fields as Record<string, unknown>)[k] !== (report as unknown as Record<string, unknown>)[k],
    );
    if (changed.length === 0) return report;
    const row = tx
      .update(reports)
      .set({ ...fields, updatedAt: now })
      .where(eq(reports.id, report.id))
      .returning()
      .get();
    if (!row) throw new Error("report vanished during edit");
    insertEvent(tx, {
      reportId: report.id,
      at: now,
      actorUserId: actor.userId,
      actorLabel: actor.label,
      type: "edited",
      data: { fields: changed },
    });
    appendAudit(
      tx,
      actor,
      {
        action: "report.edit",
        entityType: "report",
        entityId: report.key,
        programId: report.programId,
        data: { fields: changed },
      },
      now,
    );
    return row;
  });
}
