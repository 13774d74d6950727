import type { Policy } from "@embargo/core";
import { and, asc, eq, isNull, lt, lte, or } from "drizzle-orm";
import { appendAudit } from "../audit/log.ts";
import type { Db } from "../client.ts";
import { enqueueWebhooks } from "../outbox/queue.ts";
import { escalations } from "../schema/escalations.ts";
import { reports } from "../schema/reports.ts";
import { clocksOf, policyOf } from "./clocks.ts";

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
