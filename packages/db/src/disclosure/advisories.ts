import type { AdvisoryDraft } from "@embargo/core";
import { eq } from "drizzle-orm";
import { type Actor, appendAudit } from "../audit/log.ts";
import type { Conn } from "../client.ts";
import { insertEvent } from "../reports/events.ts";
import type { ReportRow } from "../reports/reads.ts";
import { advisories, type CsafRevisionRow } from "../schema/disclosure.ts";

export type AdvisoryRow = typeof advisories.$inferSelect;

export const advisoryOf = (tx: Conn, reportId: number): AdvisoryRow | undefined =>
  tx.select().from(advisories).where(eq(advisories.reportId, reportId)).get();

/** Save the draft (validated by the caller with core's advisoryDraftSchema). The audit names what changed, not the text. */
export function saveAdvisory(tx: Conn, report: ReportRow, draft: AdvisoryDraft, actor: Actor, now: Date): AdvisoryRow {
  const before = advisoryOf(tx, report.id);
  const row = tx
    .insert(advisories)
    .values({ reportId: report.id, draft, revisions: [], updatedAt: now, updatedByUserId: actor.userId })
    .onConflictDoUpdate({
      target: advisories.reportId,
      set: { draft, updatedAt: now, updatedByUserId: actor.userId },
    })
    .returning()
    .get();
  const changed = before
    ? (Object.keys(draft) as (keyof AdvisoryDraft)[]).filter(
        (k) => JSON.stringify(draft[k]) !== JSON.stringify(before.draft[k]),
      )
    : Object.keys(draft);
  const data = { fields: changed, created: !before };
  insertEvent(tx, {
    reportId: report.id,
    at: now,
    actorUserId: actor.userId,
    actorLabel: actor.label,
    type: "advisory",
    data,
  });
  appendAudit(
    tx,
    actor,
    { action: "report.advisory.save", entityType: "report", entityId: report.key, programId: report.programId, data },
    now,
  );
  return row;
}

/** Keep the CSAF revision history an export grew (only when its content changed since the last one). */
export function recordCsafRevisions(tx: Conn, reportId: number, revisions: CsafRevisionRow[]): void {
  tx.update(advisories).set({ revisions }).where(eq(advisories.reportId, reportId)).run();
}
