import { escalationReason, levelOf, type Policy } from "@embargo/core";
import { and, asc, eq, isNull, lt, lte, or } from "drizzle-orm";
import type { Db } from "../client.ts";
import { raiseEscalation } from "../leadership/escalations.ts";
import { enqueueWebhooks } from "../outbox/queue.ts";
import { escalations } from "../schema/escalations.ts";
import { reports } from "../schema/reports.ts";
import { clocksOf, policyOf } from "./clocks.ts";

/**
 * The minute sweep: the first time a clock is seen at risk or breached, an
 * escalation is raised (once per report, clock, kind and due instant; see
 * leadership/escalations.ts for who is told).
 * Only reports whose stored instants passed since their last sweep are read.
 */
export function sweepSla(db: Db, now: Date): { checked: number; raised: number } {
  const candidates = db
    .select({
      id: reports.id,
      key: reports.key,
      programId: reports.programId,
      receivedAt: reports.receivedAt,
      severity: reports.severity,
    })
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
  let raised_ = 0;
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
        const data = { clock: clock.name };
        const raised = raiseEscalation(
          tx,
          {
            report: c,
            kind,
            level: levelOf(kind),
            clock: clock.name,
            dueAt: clock.due,
            reason: escalationReason({
              key: c.key,
              kind,
              clock: clock.name,
              severity: c.severity,
              due: clock.due,
              timeZone: policy.calendar.timeZone,
              now,
            }),
            data,
          },
          now,
        );
        if (raised) {
          raised_++;
          // The clock's own event, for receivers that follow clocks rather than escalations.
          enqueueWebhooks(
            tx,
            {
              event: kind === "clock_breached" ? "clock.breached" : "clock.at_risk",
              programId: c.programId,
              reportId: c.id,
              data: { key: c.key, clock: clock.name, due: clock.due?.toISOString() ?? null, escalationId: raised.id },
            },
            now,
          );
        }
      }
      tx.update(reports).set({ slaSweptAt: now }).where(eq(reports.id, c.id)).run();
    });
  }
  return { checked: candidates.length, raised: raised_ };
}

export function openEscalationsOf(db: Db, reportId: number) {
  return db
    .select()
    .from(escalations)
    .where(and(eq(escalations.reportId, reportId), isNull(escalations.resolvedAt)))
    .orderBy(asc(escalations.raisedAt))
    .all();
}
