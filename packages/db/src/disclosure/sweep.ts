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
 * report and target (attention); once the date has passed with still no fix,
 * a second one pages (clock "disclosure_overdue") and supersedes the first. A
 * moved date can escalate again.
 */
export function sweepDisclosures(db: Db, now: Date): { raised: number } {
  let raised = 0;
  const passes = [
    { clock: "disclosure", horizon: new Date(now.getTime() + DISCLOSURE_DUE_WINDOW_MS) },
    { clock: "disclosure_overdue", horizon: now },
  ] as const;
  for (const pass of passes) {
    for (const c of candidatesOf(db, pass.clock, pass.horizon)) {
      if (!c.targetAt) continue;
      const targetAt = c.targetAt;
      // Seen for the first time when already past: the overdue pass pages it.
      if (pass.clock === "disclosure" && targetAt.getTime() <= now.getTime()) continue;
      db.transaction((tx) => {
        const inserted = raiseEscalation(
          tx,
          {
            report: c,
            kind: "disclosure_due",
            level: levelOf("disclosure_due", pass.clock === "disclosure_overdue"),
            clock: pass.clock,
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
  }
  return { raised };
}

/** Open reports with a plan due by `horizon` and no escalation of this clock for that date yet. */
function candidatesOf(db: Db, clock: string, horizon: Date) {
  return db
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
                eq(escalations.clock, clock),
                eq(escalations.dueAt, reports.disclosureTargetAt),
              ),
            ),
        ),
      ),
    )
    .limit(5_000)
    .all();
}
