import { and, count, desc, eq, type SQL, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { containing } from "../like.ts";
import { outbox } from "../schema/intake.ts";
import { type OutboxRow, visibleToAdminsOf } from "./queue.ts";

export interface OutboxQuery {
  /** Programs whose deliveries the caller may see (instance-wide rows are seen by every admin). */
  programIds: number[];
  status?: OutboxRow["status"] | undefined;
  channel?: OutboxRow["channel"] | undefined;
  /** Part of the email address or webhook URL, any case. */
  recipient?: string | undefined;
  page: number;
  pageSize: number;
}

/**
 * One page of the outbox, newest first (id breaks ties, so pages never repeat
 * or skip a row), with the number of deliveries the filter matches. The page
 * walks outbox_created_idx and stops after it; the count reads every match.
 */
export function outboxPage(db: Db, q: OutboxQuery): { rows: OutboxRow[]; total: number } {
  const recipient = q.recipient?.trim();
  const parts: (SQL | undefined)[] = [
    visibleToAdminsOf(outbox.programId, q.programIds),
    q.status ? eq(outbox.status, q.status) : undefined,
    q.channel ? eq(outbox.channel, q.channel) : undefined,
    recipient ? sql`lower(${outbox.target}) LIKE ${containing(recipient)} ESCAPE '\\'` : undefined,
  ];
  const where = and(...parts);
  const total = db.select({ n: count() }).from(outbox).where(where).get()?.n ?? 0;
  const rows = db
    .select()
    .from(outbox)
    .where(where)
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .all();
  return { rows, total };
}
