import { checkMilestone, type Milestone, type VersionScheme } from "@embargo/core";
import { and, eq } from "drizzle-orm";
import { type Actor, appendAudit } from "../audit/log.ts";
import type { Conn } from "../client.ts";
import { insertEvent } from "../reports/events.ts";
import type { ReportRow } from "../reports/reads.ts";
import { reportMilestones } from "../schema/disclosure.ts";
import { reports } from "../schema/reports.ts";
import { followFixRelease } from "./plan.ts";

export type MilestoneRow = typeof reportMilestones.$inferSelect;

export const milestonesOf = (tx: Conn, reportId: number): MilestoneRow[] =>
  tx.select().from(reportMilestones).where(eq(reportMilestones.reportId, reportId)).all();

export const milestoneOf = (tx: Conn, reportId: number, kind: Milestone): MilestoneRow | undefined =>
  tx
    .select()
    .from(reportMilestones)
    .where(and(eq(reportMilestones.reportId, reportId), eq(reportMilestones.kind, kind)))
    .get();

export interface MilestoneInput {
  kind: Milestone;
  targetAt: Date | null;
  actualAt: Date | null;
  value: string | null;
}

/**
 * Record a milestone's target, actual instant and value (validated by core's
 * checkMilestone), keep the report's denormalised copies (fixed version, CVE
 * id, advisory URL) in step, and move a plan that follows the fix release.
 * The caller offers the matching transition (see MILESTONE_TRANSITION).
 */
export function setMilestone(
  tx: Conn,
  report: ReportRow,
  input: MilestoneInput,
  versionScheme: VersionScheme,
  actor: Actor,
  now: Date,
): ReportRow {
  const { value } = checkMilestone({ ...input, receivedAt: report.receivedAt, now, versionScheme });
  const before = milestoneOf(tx, report.id, input.kind);
  tx.insert(reportMilestones)
    .values({
      reportId: report.id,
      kind: input.kind,
      targetAt: input.targetAt,
      actualAt: input.actualAt,
      value,
      updatedAt: now,
    })
    .onConflictDoUpdate({
      target: [reportMilestones.reportId, reportMilestones.kind],
      set: { targetAt: input.targetAt, actualAt: input.actualAt, value, updatedAt: now },
    })
    .run();
  const set: Partial<typeof reports.$inferInsert> = { updatedAt: now };
  if (input.kind === "fix_released" && value) set.fixedVersion = value;
  if (input.kind === "cve_reserved") set.cveId = value;
  if (input.kind === "advisory_published") set.advisoryUrl = value;
  let row = tx.update(reports).set(set).where(eq(reports.id, report.id)).returning().get()!;
  const data = {
    kind: input.kind,
    targetAt: input.targetAt?.toISOString() ?? null,
    actualAt: input.actualAt?.toISOString() ?? null,
    value,
    before: before
      ? {
          targetAt: before.targetAt?.toISOString() ?? null,
          actualAt: before.actualAt?.toISOString() ?? null,
          value: before.value,
        }
      : null,
  };
  insertEvent(tx, {
    reportId: report.id,
    at: now,
    actorUserId: actor.userId,
    actorLabel: actor.label,
    type: "milestone",
    data,
  });
  appendAudit(
    tx,
    actor,
    { action: "report.milestone", entityType: "report", entityId: report.key, programId: report.programId, data },
    now,
  );
  if (input.kind === "fix_released") row = followFixRelease(tx, row, now);
  return row;
}

/**
 * The milestone a state change sets, when it has no actual instant yet:
 * fixing → fix_started, fixed → fix_released (with the fixed version),
 * disclosed → advisory_published (with the advisory URL).
 */
export function markMilestoneReached(
  tx: Conn,
  report: ReportRow,
  kind: Milestone,
  value: string | null,
  actor: Actor,
  now: Date,
): void {
  const current = milestoneOf(tx, report.id, kind);
  if (current?.actualAt) return;
  tx.insert(reportMilestones)
    .values({ reportId: report.id, kind, targetAt: current?.targetAt ?? null, actualAt: now, value, updatedAt: now })
    .onConflictDoUpdate({
      target: [reportMilestones.reportId, reportMilestones.kind],
      set: { actualAt: now, value: value ?? current?.value ?? null, updatedAt: now },
    })
    .run();
  if (kind === "advisory_published" && value) {
    tx.update(reports).set({ advisoryUrl: value }).where(eq(reports.id, report.id)).run();
  }
  const data = { kind, actualAt: now.toISOString(), value, byStateChange: true };
  insertEvent(tx, {
    reportId: report.id,
    at: now,
    actorUserId: actor.userId,
    actorLabel: actor.label,
    type: "milestone",
    data,
  });
}
