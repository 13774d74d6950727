import { DomainError } from "@embargo/core";
import { eq, inArray } from "drizzle-orm";
import { type Actor, appendAudit } from "../audit/log.ts";
import type { Db } from "../client.ts";
import { credits } from "../schema/credits.ts";
import { reports } from "../schema/reports.ts";
import { researchers } from "../schema/researchers.ts";
import { type ResearcherRow, researcherById } from "./directory.ts";

function live(tx: Parameters<typeof researcherById>[0], id: number, field: string): ResearcherRow {
  const row = researcherById(tx, id);
  if (!row) throw new DomainError("not_found", `No researcher #${id}`, field);
  if (row.mergedIntoId !== null) {
    throw new DomainError("conflict", `Researcher #${id} was already merged into #${row.mergedIntoId}`, field);
  }
  if (row.erasedAt !== null) throw new DomainError("conflict", `Researcher #${id} was erased`, field);
  return row;
}

const union = (a: string[], b: string[]) => [...new Set([...a, ...b])];

/**
 * Merge record `sourceId` into `targetId` (the same person under two emails): the
 * source's reports and credits move to the target, records already merged into the
 * source now point at the target, the target gains the source's links and languages
 * and any of name/handle it lacks, and the source is kept, marked merged_into_id.
 * The audit entry names both record ids and the counts moved, never a name or email.
 */
export function mergeResearchers(db: Db, targetId: number, sourceId: number, actor: Actor, now: Date) {
  if (targetId === sourceId) throw new DomainError("validation", "Pick another record to merge", "sourceId");
  return db.transaction((tx) => {
    const target = live(tx, targetId, "targetId");
    const source = live(tx, sourceId, "sourceId");
    const movedReports = tx
      .update(reports)
      .set({ researcherId: target.id })
      .where(eq(reports.researcherId, source.id))
      .returning({ id: reports.id })
      .all().length;
    const movedCredits = tx
      .update(credits)
      .set({ researcherId: target.id })
      .where(eq(credits.researcherId, source.id))
      .returning({ id: credits.id })
      .all().length;
    const earlier = tx
      .update(researchers)
      .set({ mergedIntoId: target.id })
      .where(eq(researchers.mergedIntoId, source.id))
      .returning({ id: researchers.id })
      .all()
      .map((r) => r.id);
    tx.update(researchers)
      .set({
        name: target.name ?? source.name,
        handle: target.handle ?? source.handle,
        email: target.email ?? source.email,
        links: union(target.links, source.links),
        languages: union(target.languages, source.languages),
      })
      .where(eq(researchers.id, target.id))
      .run();
    tx.update(researchers).set({ mergedIntoId: target.id }).where(eq(researchers.id, source.id)).run();
    appendAudit(
      tx,
      actor,
      {
        action: "researcher.merge",
        entityType: "researcher",
        entityId: target.id,
        data: {
          intoResearcherId: target.id,
          mergedResearcherId: source.id,
          earlierMergedIds: earlier,
          reports: movedReports,
          credits: movedCredits,
        },
      },
      now,
    );
    return { targetId: target.id, sourceId: source.id, reports: movedReports, credits: movedCredits };
  });
}

/** The record and every record merged into it (directly or through a chain): one person. */
export function recordsOfPerson(db: Parameters<typeof researcherById>[0], id: number): number[] {
  const ids = [id];
  for (let i = 0; i < ids.length; i++) {
    const more = db
      .select({ id: researchers.id })
      .from(researchers)
      .where(inArray(researchers.mergedIntoId, [ids[i]!]))
      .all();
    for (const m of more) if (!ids.includes(m.id)) ids.push(m.id);
  }
  return ids;
}
