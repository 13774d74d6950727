import { DASHBOARD_SLOT, digestDue, digestEmail, resolvePeriod } from "@embargo/core";
import { and, eq, isNotNull, isNull } from "drizzle-orm";
import type { Db } from "../client.ts";
import { enqueueEmail } from "../outbox/queue.ts";
import { programs } from "../schema/programs.ts";
import { memberships, users } from "../schema/users.ts";
import { panelNow } from "./panel.ts";
import { kpiTable } from "./reads.ts";

export function digestSettingOf(db: Db, userId: number) {
  const row = db
    .select({ weekday: users.digestWeekday, hour: users.digestHour, timeZone: users.timeZone })
    .from(users)
    .where(eq(users.id, userId))
    .get();
  return { weekday: row?.weekday ?? null, hour: row?.hour ?? 8, timeZone: row?.timeZone ?? "UTC" };
}

export function setDigestSetting(db: Db, userId: number, s: { weekday: number | null; hour: number }): void {
  db.update(users).set({ digestWeekday: s.weekday, digestHour: s.hour }).where(eq(users.id, userId)).run();
}

/** The programs a user is a member of (active programs and archived alike: the figures are history). */
export function programsOfUser(db: Db, userId: number) {
  return db
    .select({ id: programs.id, slug: programs.slug, name: programs.name })
    .from(memberships)
    .innerJoin(programs, eq(programs.id, memberships.programId))
    .where(eq(memberships.userId, userId))
    .orderBy(programs.name)
    .all();
}

/**
 * The minute job's weekly digests: every active user who turned it on and
 * whose weekday and hour have come in their zone gets one email of the
 * figures of their programs (now, and the last 30 days), queued in the
 * outbox; the sent instant is stored in the same transaction, so a digest
 * goes once a week.
 */
export function sendDueDigests(db: Db, now: Date): number {
  const candidates = db
    .select({
      id: users.id,
      email: users.email,
      weekday: users.digestWeekday,
      hour: users.digestHour,
      timeZone: users.timeZone,
      lastSentAt: users.digestLastSentAt,
    })
    .from(users)
    .where(and(isNotNull(users.digestWeekday), isNull(users.disabledAt)))
    .all();
  let sent = 0;
  for (const u of candidates) {
    if (!digestDue({ weekday: u.weekday, hour: u.hour, timeZone: u.timeZone ?? "UTC" }, u.lastSentAt, now)) continue;
    const mine = programsOfUser(db, u.id);
    // Figures read before the write transaction: reads go through the database's statement cache.
    const panel = mine.length
      ? panelNow(
          db,
          mine.map((p) => p.id),
          now,
        )
      : null;
    const mail = panel
      ? digestEmail(
          {
            programs: mine.map((p) => p.name).join(", "),
            openEscalations: panel.counts.escalations,
            pageEscalations: panel.counts.pageEscalations,
            openCriticals: panel.counts.criticals,
            breached: panel.counts.breached,
            atRisk: panel.counts.atRisk,
            disclosuresDue: panel.counts.disclosuresDue,
            kpis: kpiTable(db, mine, resolvePeriod({ kind: "last30" }, now), now),
          },
          `${DASHBOARD_SLOT}/leadership`,
        )
      : null;
    db.transaction((tx) => {
      if (mail) {
        enqueueEmail(tx, { event: "leadership.digest", reportId: null, programId: null, to: u.email, ...mail }, now);
        sent++;
      }
      tx.update(users).set({ digestLastSentAt: now }).where(eq(users.id, u.id)).run();
    });
  }
  return sent;
}
