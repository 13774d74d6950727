import type Database from "better-sqlite3";
import { sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { clocksOf, policyOf, storeClocks } from "../sla/clocks.ts";

/** PRAGMA user_version once report_clocks holds every report's clocks (migration 0012 cannot: the clock engine is code). */
export const CLOCKS_BACKFILLED_VERSION = 12;
const BATCH = 1_000;

/**
 * Fill report_clocks for reports that have no rows, once per database: SQL
 * migrations can add the table but not run the clock engine. Without it an
 * upgraded database would show no compliance before the upgrade, and the
 * escalation sweep would take every open clock escalation's clock for gone.
 * Runs at open after the migrations (client.ts); a fresh database has no
 * reports and only records the version.
 */
export function backfillReportClocks(db: Db, now: Date): number {
  const sqlite: Database.Database = db.$client;
  if ((sqlite.pragma("user_version", { simple: true }) as number) >= CLOCKS_BACKFILLED_VERSION) return 0;
  let done = 0;
  for (let after = 0; ; ) {
    const batch = db.all<{ id: number; programId: number; receivedAt: number }>(
      sql`SELECT id, program_id AS programId, received_at AS receivedAt FROM reports r
          WHERE id > ${after} AND NOT EXISTS (SELECT 1 FROM report_clocks c WHERE c.report_id = r.id)
          ORDER BY id LIMIT ${BATCH}`,
    );
    if (batch.length === 0) break;
    db.transaction((tx) => {
      for (const r of batch) {
        const report = { id: r.id, programId: r.programId, receivedAt: new Date(r.receivedAt) };
        storeClocks(tx, report, clocksOf(tx, report, now, policyOf(tx, r.programId)));
      }
    });
    done += batch.length;
    after = batch[batch.length - 1]?.id ?? after;
  }
  sqlite.pragma(`user_version = ${CLOCKS_BACKFILLED_VERSION}`);
  return done;
}
