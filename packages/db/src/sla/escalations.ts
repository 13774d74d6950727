import { escalationReason, levelOf, type Policy } from "@embargo/core";
import { and, eq, lte } from "drizzle-orm";
import type { Db } from "../client.ts";
import { raiseEscalation } from "../leadership/escalations.ts";
import { enqueueWebhooks } from "../outbox/queue.ts";
import { reports } from "../schema/reports.ts";
import { clocksOf, nextSweepInstant, policyOf } from "./clocks.ts";

/**
 * The minute sweep: the first time a clock is seen at risk or breached, an
 * escalation is raised (once per report, clock, kind and due instant; see
 * leadership/escalations.ts for who is told).
 * Only reports whose next instant to look at (sla_next_sweep_at) has passed
 * are read; each leaves with the next one still ahead, so a report nobody
 * touches escalates each of its clocks in turn.
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
    .where(and(eq(reports.isOpen, true), lte(reports.slaNextSweepAt, now)))
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
      const clocks = clocksOf(tx, c, now, policy);
      for (const clock of clocks) {
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
      // Next look: when the next clock turns at risk or falls due, however many have already.
      tx.update(reports)
        .set({ slaSweptAt: now, slaNextSweepAt: nextSweepInstant(clocks, now) })
        .where(eq(reports.id, c.id))
        .run();
    });
  }
  return { checked: candidates.length, raised: raised_ };
}
