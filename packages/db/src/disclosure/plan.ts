import {
  checkExtension,
  checkTarget,
  type DisclosureBasis,
  type DisclosureNotice,
  type DisclosureRequester,
  type DisclosureRequestKind,
  type DisclosureState,
  DomainError,
  nextPlanState,
  type PlanAction,
  type Policy,
  proposeDisclosure,
} from "@embargo/core";
import { and, asc, eq } from "drizzle-orm";
import { type Actor, appendAudit } from "../audit/log.ts";
import type { Conn } from "../client.ts";
import { insertEvent } from "../reports/events.ts";
import { notifyReporter } from "../reports/notify.ts";
import type { ReportRow } from "../reports/reads.ts";
import { disclosureRequests, reportMilestones } from "../schema/disclosure.ts";
import { reports } from "../schema/reports.ts";
import { clocksOf, policyOf } from "../sla/clocks.ts";

export type DisclosureRequestRow = typeof disclosureRequests.$inferSelect;

export interface PlanChange {
  action: PlanAction;
  targetAt: Date | null;
  timeZone: string | null;
  basis: DisclosureBasis | null;
  /** Event and audit details beyond the old and new instants (never report text). */
  data?: Record<string, unknown>;
  /** What the reporter is told, if anything. */
  notice?: DisclosureNotice | null;
}

/**
 * Write a plan change: the report's columns, a timeline event and an audit
 * entry, in the caller's transaction. The state follows nextPlanState, which
 * refuses a change the plan's state does not allow.
 */
export function writePlan(tx: Conn, report: ReportRow, change: PlanChange, actor: Actor, now: Date): ReportRow {
  const from = report.disclosureState;
  const to: DisclosureState = nextPlanState(from, change.action);
  const row = tx
    .update(reports)
    .set({
      disclosureState: to,
      disclosureTargetAt: change.targetAt,
      disclosureTimeZone: change.timeZone,
      disclosureBasis: change.basis,
      updatedAt: now,
    })
    .where(eq(reports.id, report.id))
    .returning()
    .get();
  if (!row) throw new Error("report vanished during a disclosure change");
  const data = {
    action: change.action,
    from,
    to,
    oldAt: report.disclosureTargetAt?.toISOString() ?? null,
    newAt: change.targetAt?.toISOString() ?? null,
    timeZone: change.timeZone,
    basis: change.basis,
    ...change.data,
  };
  insertEvent(tx, {
    reportId: report.id,
    at: now,
    actorUserId: actor.userId,
    actorLabel: actor.label,
    type: "disclosure",
    data,
  });
  appendAudit(
    tx,
    actor,
    {
      action: `report.disclosure.${change.action}`,
      entityType: "report",
      entityId: report.key,
      programId: report.programId,
      data,
    },
    now,
  );
  if (change.notice) notifyReporter(tx, row, { kind: "disclosure", notice: change.notice }, now);
  return row;
}

/** When the fix is (or is due to be) released: the milestone's actual, its target, else the resolve clock's due. */
export function fixReleaseAtOf(tx: Conn, report: ReportRow, now: Date, policy?: Policy): Date | null {
  const m = tx
    .select()
    .from(reportMilestones)
    .where(and(eq(reportMilestones.reportId, report.id), eq(reportMilestones.kind, "fix_released")))
    .get();
  if (m?.actualAt) return m.actualAt;
  if (m?.targetAt) return m.targetAt;
  const resolve = clocksOf(tx, report, now, policy).find((c) => c.name === "resolve");
  return resolve?.due ?? null;
}

const zoned = (at: Date, timeZone: string) => ({ at, timeZone });

/**
 * Propose a date from the program's policy when a report is triaged and has
 * no plan yet (or its plan was cancelled and the report came back). `quiet`:
 * the caller's own email to the reporter names the date.
 */
export function proposeFromPolicy(
  tx: Conn,
  report: ReportRow,
  actor: Actor,
  now: Date,
  opts: { quiet?: boolean } = {},
): ReportRow {
  if (report.disclosureState !== "none" && report.disclosureState !== "cancelled") return report;
  let current = report;
  if (current.disclosureState === "cancelled") {
    current = writePlan(tx, current, { action: "reset", targetAt: null, timeZone: null, basis: null }, actor, now);
  }
  const policy = policyOf(tx, report.programId);
  const proposal = proposeDisclosure({
    policy,
    receivedAt: report.receivedAt,
    severity: report.severity,
    fixReleaseAt: fixReleaseAtOf(tx, report, now, policy),
  });
  if (!proposal) return current;
  return writePlan(
    tx,
    current,
    {
      action: "propose",
      targetAt: proposal.at,
      timeZone: proposal.timeZone,
      basis: proposal.basis,
      data: { explanation: proposal.explanation },
      notice: opts.quiet ? null : { id: "disclosure_proposed", date: zoned(proposal.at, proposal.timeZone) },
    },
    actor,
    now,
  );
}

/**
 * A plan counted from the fix release follows that milestone: when it moves,
 * a proposed or agreed date moves with it (an extension fixed the date by hand).
 * `quiet`: the caller's own email to the reporter names the new date.
 */
export function followFixRelease(tx: Conn, report: ReportRow, now: Date, opts: { quiet?: boolean } = {}): ReportRow {
  if (report.disclosureBasis !== "after_fix_release") return report;
  if (report.disclosureState !== "proposed" && report.disclosureState !== "agreed") return report;
  const policy = policyOf(tx, report.programId);
  const proposal = proposeDisclosure({
    policy,
    receivedAt: report.receivedAt,
    severity: report.severity,
    fixReleaseAt: fixReleaseAtOf(tx, report, now, policy),
  });
  if (proposal?.basis !== "after_fix_release") return report;
  if (proposal.at.getTime() === report.disclosureTargetAt?.getTime()) return report;
  return writePlan(
    tx,
    report,
    {
      action: "follow",
      targetAt: proposal.at,
      timeZone: proposal.timeZone,
      basis: "after_fix_release",
      data: { explanation: proposal.explanation },
      notice: opts.quiet ? null : { id: "disclosure_followed_fix", date: zoned(proposal.at, proposal.timeZone) },
    },
    { userId: null, label: "system" },
    now,
  );
}

/** A triager sets or edits the date of a plan not yet agreed. */
export function setDisclosureTarget(
  tx: Conn,
  report: ReportRow,
  input: { at: Date; timeZone: string },
  actor: Actor,
  now: Date,
): ReportRow {
  if (report.disclosureState === "agreed" || report.disclosureState === "extended") {
    throw new DomainError(
      "validation",
      "The date is agreed with the reporter: change it through an extension",
      "targetAt",
    );
  }
  checkTarget({ at: input.at, receivedAt: report.receivedAt, now, isNewPlan: true });
  return writePlan(
    tx,
    report,
    {
      action: report.disclosureState === "none" || report.disclosureState === "cancelled" ? "propose" : "edit",
      targetAt: input.at,
      timeZone: input.timeZone,
      basis: "manual",
      notice: { id: "disclosure_proposed", date: zoned(input.at, input.timeZone) },
    },
    actor,
    now,
  );
}

/** The team or the reporter accepts the proposed date. */
export function agreeDisclosure(tx: Conn, report: ReportRow, by: DisclosureRequester, actor: Actor, now: Date) {
  if (report.disclosureState !== "proposed" || !report.disclosureTargetAt || !report.disclosureTimeZone) {
    throw new DomainError("invalid_transition", "There is no proposed disclosure date to accept");
  }
  const at = report.disclosureTargetAt;
  const tz = report.disclosureTimeZone;
  // A contest still waiting is answered by the agreement.
  const pending = pendingRequestOf(tx, report.id);
  if (pending) decide(tx, report, pending, { approve: false, note: "The proposed date was accepted" }, actor, now);
  return writePlan(
    tx,
    { ...report, disclosureRequestPending: false },
    {
      action: "agree",
      targetAt: at,
      timeZone: tz,
      basis: report.disclosureBasis,
      data: { by },
      notice: by === "team" ? { id: "disclosure_agreed", date: zoned(at, tz) } : null,
    },
    actor,
    now,
  );
}

export const pendingRequestOf = (tx: Conn, reportId: number): DisclosureRequestRow | undefined =>
  tx
    .select()
    .from(disclosureRequests)
    .where(and(eq(disclosureRequests.reportId, reportId), eq(disclosureRequests.state, "pending")))
    .get();

export const disclosureRequestsOf = (tx: Conn, reportId: number): DisclosureRequestRow[] =>
  tx
    .select()
    .from(disclosureRequests)
    .where(eq(disclosureRequests.reportId, reportId))
    .orderBy(asc(disclosureRequests.createdAt), asc(disclosureRequests.id))
    .all();

export interface ChangeRequestInput {
  kind: DisclosureRequestKind;
  requestedBy: DisclosureRequester;
  reason: string;
  newAt: Date;
  timeZone: string;
  shortening: boolean;
}

/**
 * Ask to move the date. The reporter's requests wait for a decision (the
 * report and the inbox show them); a team member's extension is decided by
 * the one who asks, so it applies at once and still records who and why.
 */
export function requestDisclosureChange(
  tx: Conn,
  report: ReportRow,
  input: ChangeRequestInput,
  actor: Actor,
  now: Date,
): { request: DisclosureRequestRow; report: ReportRow } {
  const s = report.disclosureState;
  if (input.kind === "contest" && s !== "proposed") {
    throw new DomainError("invalid_transition", "Only a proposed date can be contested");
  }
  if (input.kind === "extension" && s !== "agreed" && s !== "extended") {
    throw new DomainError(
      "invalid_transition",
      s === "proposed"
        ? "The date is only proposed: suggest another date instead"
        : "There is no agreed date to extend",
    );
  }
  if (pendingRequestOf(tx, report.id)) {
    throw new DomainError("conflict", "A request to move this date is already waiting for a decision");
  }
  if (input.kind === "extension") {
    checkExtension({
      oldAt: report.disclosureTargetAt,
      newAt: input.newAt,
      shortening: input.shortening,
      receivedAt: report.receivedAt,
      now,
    });
  } else {
    checkTarget({ at: input.newAt, receivedAt: report.receivedAt, now, isNewPlan: true, field: "newAt" });
  }
  const request = tx
    .insert(disclosureRequests)
    .values({
      reportId: report.id,
      kind: input.kind,
      requestedBy: input.requestedBy,
      requestedByUserId: input.requestedBy === "team" ? actor.userId : null,
      reason: input.reason,
      oldAt: report.disclosureTargetAt,
      newAt: input.newAt,
      timeZone: input.timeZone,
      shortening: input.shortening,
      state: "pending",
      createdAt: now,
    })
    .returning()
    .get();
  const data = {
    requestId: request.id,
    kind: input.kind,
    requestedBy: input.requestedBy,
    oldAt: report.disclosureTargetAt?.toISOString() ?? null,
    newAt: input.newAt.toISOString(),
    timeZone: input.timeZone,
    shortening: input.shortening,
  };
  insertEvent(tx, {
    reportId: report.id,
    at: now,
    actorUserId: actor.userId,
    actorLabel: actor.label,
    type: "disclosure_request",
    // The reason is the requester's words: kept on the request row, not in the event or audit.
    data,
  });
  appendAudit(
    tx,
    actor,
    {
      action: `report.disclosure.request_${input.kind}`,
      entityType: "report",
      entityId: report.key,
      programId: report.programId,
      data,
    },
    now,
  );
  let row = tx
    .update(reports)
    .set({ disclosureRequestPending: true, updatedAt: now })
    .where(eq(reports.id, report.id))
    .returning()
    .get()!;
  if (input.requestedBy === "team") {
    row = decide(tx, row, request, { approve: true, note: null }, actor, now);
  }
  return { request: pendingOrDecided(tx, request.id), report: row };
}

const pendingOrDecided = (tx: Conn, id: number) =>
  tx.select().from(disclosureRequests).where(eq(disclosureRequests.id, id)).get()!;

/** Approve or decline a waiting request; an approved one moves the date. */
export function decideDisclosureRequest(
  tx: Conn,
  report: ReportRow,
  requestId: number,
  decision: { approve: boolean; note: string | null },
  actor: Actor,
  now: Date,
): ReportRow {
  const request = tx
    .select()
    .from(disclosureRequests)
    .where(and(eq(disclosureRequests.id, requestId), eq(disclosureRequests.reportId, report.id)))
    .get();
  if (!request) throw new DomainError("not_found", "No such request on this report", "requestId");
  if (request.state !== "pending") throw new DomainError("conflict", "This request was already decided");
  return decide(tx, report, request, decision, actor, now);
}

function decide(
  tx: Conn,
  report: ReportRow,
  request: DisclosureRequestRow,
  decision: { approve: boolean; note: string | null },
  actor: Actor,
  now: Date,
): ReportRow {
  const newAt = request.newAt;
  const tz = request.timeZone ?? report.disclosureTimeZone ?? "UTC";
  if (decision.approve && newAt) {
    if (request.kind === "extension") {
      checkExtension({
        oldAt: report.disclosureTargetAt,
        newAt,
        shortening: request.shortening,
        receivedAt: report.receivedAt,
        now,
      });
    } else {
      checkTarget({ at: newAt, receivedAt: report.receivedAt, now, isNewPlan: true, field: "newAt" });
    }
  }
  tx.update(disclosureRequests)
    .set({
      state: decision.approve ? "approved" : "declined",
      decidedByUserId: actor.userId,
      decidedAt: now,
      decisionNote: decision.note,
    })
    .where(eq(disclosureRequests.id, request.id))
    .run();
  let row = tx
    .update(reports)
    .set({ disclosureRequestPending: false, updatedAt: now })
    .where(eq(reports.id, report.id))
    .returning()
    .get()!;
  const fromResearcher = request.requestedBy === "researcher";
  if (decision.approve && newAt) {
    row = writePlan(
      tx,
      row,
      {
        action: request.kind === "extension" ? "extend" : "agree",
        targetAt: newAt,
        timeZone: tz,
        basis: "manual",
        data: { requestId: request.id, requestedBy: request.requestedBy, shortening: request.shortening },
        notice: fromResearcher
          ? { id: "disclosure_request_approved", date: zoned(newAt, tz) }
          : { id: "disclosure_moved", date: zoned(newAt, tz), reason: request.reason },
      },
      actor,
      now,
    );
  } else {
    const data = { requestId: request.id, approve: false };
    insertEvent(tx, {
      reportId: report.id,
      at: now,
      actorUserId: actor.userId,
      actorLabel: actor.label,
      type: "disclosure_decision",
      data,
    });
    appendAudit(
      tx,
      actor,
      {
        action: "report.disclosure.decline",
        entityType: "report",
        entityId: report.key,
        programId: report.programId,
        data,
      },
      now,
    );
    if (fromResearcher && report.disclosureTargetAt && report.disclosureTimeZone) {
      notifyReporter(
        tx,
        row,
        {
          kind: "disclosure",
          notice: {
            id: "disclosure_request_declined",
            date: zoned(report.disclosureTargetAt, report.disclosureTimeZone),
            note: decision.note,
          },
        },
        now,
      );
    }
  }
  return row;
}

/** A report closed without a fix will not be disclosed: its plan is cancelled (and a waiting request declined). */
export function cancelDisclosure(tx: Conn, report: ReportRow, actor: Actor, now: Date): ReportRow {
  if (report.disclosureState === "none" || report.disclosureState === "cancelled") return report;
  if (report.disclosureState === "published") return report;
  const pending = pendingRequestOf(tx, report.id);
  let row = report;
  if (pending) row = decide(tx, row, pending, { approve: false, note: "The report was closed" }, actor, now);
  return writePlan(
    tx,
    row,
    {
      action: "cancel",
      targetAt: row.disclosureTargetAt,
      timeZone: row.disclosureTimeZone,
      basis: row.disclosureBasis,
    },
    actor,
    now,
  );
}
