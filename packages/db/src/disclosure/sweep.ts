import { escalationReason, levelOf } from "@embargo/core";
import { and, eq, inArray, lte, notExists, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { raiseEscalation } from "../leadership/escalations.ts";
import { escalations } from "../schema/escalations.ts";
import { reports } from "../schema/reports.ts";

const DAY_MS = 86_400_000;
/** How close a disclosure date may come with no fix released before leadership hears of it. */
export const DISCLOSURE_DUE_WINDOW_MS = 7 * DAY_MS;

/**
 * The minute sweep's disclosure half: a planned disclosure due within 7 days
 * while the fix is not released raises one disclosure_due escalation per
 * report and target (a moved date can escalate again).
 */
export function sweepDisclosures(db: Db, now: Date): { raised: number } {
  const horizon = new Date(now.getTime() + DISCLOSURE_DUE_WINDOW_MS);
  const candidates = db
    .select({
      id: reports.id,
      key: reports.key,
      programId: reports.programId,
      targetAt: reports.disclosureTargetAt,
      timeZone: reports.disclosureTimeZone,
    })
    .from(reports)
    .where(
      and(
        inArray(reports.disclosureState, ["proposed", "agreed", "extended"]),
        lte(reports.disclosureTargetAt, horizon),
        eq(reports.isOpen, true),
        notExists(
          db
            .select({ one: sql`1` })
            .from(escalations)
            .where(
              and(
                eq(escalations.reportId, reports.id),
                eq(escalations.kind, "disclosure_due"),
                eq(escalations.clock, "disclosure"),
                eq(escalations.dueAt, reports.disclosureTargetAt),
              ),
            ),
        ),
      ),
    )
    .limit(5_000)
    .all();
  let raised = 0;
  for (const c of candidates) {
    if (!c.targetAt) continue;
    const targetAt = c.targetAt;
    db.transaction((tx) => {
      const overdue = targetAt.getTime() <= now.getTime();
      const inserted = raiseEscalation(
        tx,
        {
          report: c,
          kind: "disclosure_due",
          level: levelOf("disclosure_due", overdue),
          clock: "disclosure",
          dueAt: targetAt,
          reason: escalationReason({
            key: c.key,
            kind: "disclosure_due",
            due: targetAt,
            timeZone: c.timeZone ?? "UTC",
            now,
          }),
        },
        now,
      );
      if (inserted) raised++;
    });
  }
  return { raised };
}
