import { type Db, sendDueDigests, settleEscalations, sweepDisclosures, sweepSla, watchAuditHead } from "@embargo/db";
import type { FastifyBaseLogger } from "fastify";

/**
 * Background work inside the server process. The SLA sweep runs every
 * minute: time passing turns clocks at-risk or breached without any write,
 * and the sweep records the escalation the first time that happens. The
 * same goes for a disclosure date coming within 7 days with no fix released.
 * Escalations whose cause went away are resolved, and weekly digests whose
 * hour has come are queued.
 */
export function startJobs(
  db: Db,
  log: FastifyBaseLogger,
  opts: { dbFile?: string; everyMs?: number } = {},
): () => void {
  const everyMs = opts.everyMs ?? 60_000;
  const sweep = () => {
    try {
      const r = sweepSla(db, new Date());
      if (r.raised > 0) log.info({ checked: r.checked, raised: r.raised }, "sla sweep raised escalations");
      const d = sweepDisclosures(db, new Date());
      if (d.raised > 0) log.info({ raised: d.raised }, "disclosure sweep raised escalations");
      const settled = settleEscalations(db, new Date());
      if (settled > 0) log.info({ settled }, "escalations resolved as their causes went away");
      const digests = sendDueDigests(db, new Date());
      if (digests > 0) log.info({ digests }, "weekly leadership digests queued");
    } catch (err) {
      log.error({ err: err instanceof Error ? err.name : "unknown" }, "sla sweep failed");
    }
    // The audit head beside the database (and once a day to the checkpoint webhook): see audit/watch.ts.
    if (opts.dbFile) {
      try {
        watchAuditHead(db, opts.dbFile, new Date());
      } catch (err) {
        log.error({ err: err instanceof Error ? err.message : "unknown" }, "recording the audit head failed");
      }
    }
  };
  sweep();
  const timer = setInterval(sweep, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
