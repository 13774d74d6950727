import { and, asc, eq, isNull } from "drizzle-orm";
import type { Db } from "../client.ts";
import { sweepDisclosures } from "../disclosure/sweep.ts";
import { acknowledgeEscalation, escalationById, settleEscalations } from "../leadership/escalations.ts";
import { escalations } from "../schema/escalations.ts";
import { users } from "../schema/users.ts";
import { sweepSla } from "../sla/escalations.ts";

/**
 * The demo's escalations as a running server would have them: the minute
 * sweep has looked at every clock and disclosure date, and leadership has
 * already seen one page (so the panel shows both states), and turned on the
 * weekly digest for Monday 08:00.
 */
export function seedDemoLeadership(db: Db, leadershipEmail: string, now: Date): void {
  sweepSla(db, now);
  sweepDisclosures(db, now);
  settleEscalations(db, now);
  const lea = db.select({ id: users.id, email: users.email }).from(users).where(eq(users.email, leadershipEmail)).get();
  if (!lea) return;
  db.update(users).set({ digestWeekday: 1, digestHour: 8 }).where(eq(users.id, lea.id)).run();
  const first = db
    .select({ id: escalations.id })
    .from(escalations)
    .where(and(isNull(escalations.resolvedAt), eq(escalations.level, "page")))
    .orderBy(asc(escalations.id))
    .get();
  const row = first ? escalationById(db, first.id) : undefined;
  if (row) {
    acknowledgeEscalation(
      db,
      row,
      "Seen. Asked the owning team for a fix date by Friday.",
      { userId: lea.id, label: lea.email },
      new Date(now.getTime() - 2 * 3_600_000),
    );
  }
}
