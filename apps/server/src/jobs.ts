import { type Db, sweepSla } from "@embargo/db";
import type { FastifyBaseLogger } from "fastify";

/**
 * Background work inside the server process. The SLA sweep runs every
 * minute: time passing turns clocks at-risk or breached without any write,
 * and the sweep records the escalation the first time that happens.
 */
export function startJobs(db: Db, log: FastifyBaseLogger, everyMs = 60_000): () => void {
  const sweep = () => {
    try {
      const r = sweepSla(db, new Date());
      if (r.raised > 0) log.info({ checked: r.checked, raised: r.raised }, "sla sweep raised escalations");
    } catch (err) {
      log.error({ err: err instanceof Error ? err.name : "unknown" }, "sla sweep failed");
    }
  };
  sweep();
  const timer = setInterval(sweep, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
