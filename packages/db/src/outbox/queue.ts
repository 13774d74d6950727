import { and, asc, desc, eq, inArray, isNull, lte, or, type SQLWrapper, sql } from "drizzle-orm";
import { type Actor, appendAudit } from "../audit/log.ts";
import type { Conn, Db } from "../client.ts";
import { outbox, webhooks } from "../schema/intake.ts";
import { programs } from "../schema/programs.ts";
import type { WebhookEvent } from "./webhooks.ts";

/** The program's first security address: where a reporter's email reply should go. */
export function replyAddressOf(tx: Conn, programId: number): string | null {
  const row = tx.select({ policyJson: programs.policyJson }).from(programs).where(eq(programs.id, programId)).get();
  if (!row) return null;
  const policy = JSON.parse(row.policyJson) as { contacts?: { security?: string[] } };
  return policy.contacts?.security?.[0] ?? null;
}

export type OutboxRow = typeof outbox.$inferSelect;

/** Queue an email; call inside the transaction of the change it reports. */
export function enqueueEmail(
  tx: Conn,
  m: {
    event: string;
    reportId: number | null;
    programId: number | null;
    to: string;
    subject: string;
    text: string;
    replyTo?: string | null;
  },
  now: Date,
): void {
  tx.insert(outbox)
    .values({
      channel: "email",
      event: m.event,
      reportId: m.reportId,
      programId: m.programId,
      target: m.to,
      payloadJson: JSON.stringify({ subject: m.subject, text: m.text, ...(m.replyTo ? { replyTo: m.replyTo } : {}) }),
      status: "pending",
      nextAttemptAt: now,
      createdAt: now,
    })
    .run();
}

/** Queue one signed delivery per active webhook subscribed to the event. */
export function enqueueWebhooks(
  tx: Conn,
  e: { event: WebhookEvent; programId: number; reportId: number | null; data: Record<string, unknown> },
  now: Date,
): number {
  const hooks = tx
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.active, true), or(isNull(webhooks.programId), eq(webhooks.programId, e.programId))))
    .all()
    .filter((h) => (JSON.parse(h.eventsJson) as string[]).includes(e.event));
  for (const h of hooks) {
    tx.insert(outbox)
      .values({
        channel: "webhook",
        event: e.event,
        reportId: e.reportId,
        programId: e.programId,
        target: h.url,
        payloadJson: JSON.stringify({ event: e.event, webhookId: h.id, occurredAt: now.toISOString(), data: e.data }),
        status: "pending",
        nextAttemptAt: now,
        createdAt: now,
      })
      .run();
  }
  return hooks.length;
}

/** Deliveries whose time has come, oldest first; of one channel when given. */
export function dueOutbox(db: Db, now: Date, limit = 50, channel?: OutboxRow["channel"]): OutboxRow[] {
  return db
    .select()
    .from(outbox)
    .where(
      and(
        eq(outbox.status, "pending"),
        channel ? eq(outbox.channel, channel) : undefined,
        lte(outbox.nextAttemptAt, now),
      ),
    )
    .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
    .limit(limit)
    .all();
}

export function markSent(db: Db, id: number, now: Date, scrubbedPayloadJson?: string): void {
  db.update(outbox)
    .set({
      status: "sent",
      sentAt: now,
      attempts: sql`${outbox.attempts} + 1`,
      lastError: null,
      ...(scrubbedPayloadJson ? { payloadJson: scrubbedPayloadJson } : {}),
    })
    .where(eq(outbox.id, id))
    .run();
}

/** Record a failed try; after `maxAttempts` the delivery is dead-lettered. */
export function markFailed(db: Db, row: OutboxRow, error: string, nextAttemptAt: Date | null): void {
  db.update(outbox)
    .set({
      attempts: row.attempts + 1,
      lastError: error.slice(0, 500),
      status: nextAttemptAt ? "pending" : "dead",
      ...(nextAttemptAt ? { nextAttemptAt } : {}),
    })
    .where(eq(outbox.id, row.id))
    .run();
}

/** Rows with no program (instance-wide) are for every admin; others only for that program's admins. */
export const visibleToAdminsOf = (programId: SQLWrapper, programIds: number[]) =>
  programIds.length ? or(isNull(programId), inArray(programId, programIds)) : isNull(programId);

export function listOutbox(db: Db, programIds: number[], status: OutboxRow["status"] | undefined, limit = 200) {
  const visible = visibleToAdminsOf(outbox.programId, programIds);
  return db
    .select()
    .from(outbox)
    .where(status ? and(eq(outbox.status, status), visible) : visible)
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(limit)
    .all();
}

export function outboxById(db: Db, id: number): OutboxRow | undefined {
  return db.select().from(outbox).where(eq(outbox.id, id)).get();
}

/** Admin "retry now": a dead or pending delivery goes back to the queue, with an audit entry. */
export function retryOutbox(db: Db, row: Pick<OutboxRow, "id" | "programId">, actor: Actor, now: Date): void {
  db.transaction((tx) => {
    tx.update(outbox).set({ status: "pending", nextAttemptAt: now }).where(eq(outbox.id, row.id)).run();
    appendAudit(
      tx,
      actor,
      { action: "outbox.retry", entityType: "outbox", entityId: row.id, programId: row.programId },
      now,
    );
  });
}
