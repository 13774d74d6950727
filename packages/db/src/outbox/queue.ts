import { isLinkSlot, type LinkSlot, type WebhookEvent } from "@embargo/core";
import { and, asc, eq, inArray, isNull, lte, or, type SQLWrapper, sql } from "drizzle-orm";
import { type Actor, appendAudit } from "../audit/log.ts";
import type { Conn, Db } from "../client.ts";
import { outbox, webhooks } from "../schema/intake.ts";
import { programs } from "../schema/programs.ts";

/** The program's first security address: where a reporter's email reply should go. */
export function replyAddressOf(tx: Conn, programId: number): string | null {
  const row = tx.select({ policy: programs.policy }).from(programs).where(eq(programs.id, programId)).get();
  return row?.policy.contacts.security[0] ?? null;
}

export type OutboxRow = typeof outbox.$inferSelect;

export interface EmailPayload {
  subject: string;
  text: string;
  /** The same message as HTML, sent beside the text as multipart/alternative; older rows have none. */
  html?: string;
  /** Where the reporter's reply should go (the program's security address). */
  replyTo?: string;
  /** Links sealed by the server, by slot name; each is opened only to send and fills LINK_SLOTS[name]. */
  sealed?: Partial<Record<LinkSlot, string>>;
}

export interface WebhookPayload {
  event: WebhookEvent;
  webhookId: number;
  occurredAt: string;
  data: Record<string, unknown>;
}

export const emailPayloadJson = (p: EmailPayload): string =>
  JSON.stringify({
    subject: p.subject,
    text: p.text,
    ...(p.html ? { html: p.html } : {}),
    ...(p.replyTo ? { replyTo: p.replyTo } : {}),
    ...(p.sealed ? { sealed: p.sealed } : {}),
  });

const webhookPayloadJson = (p: WebhookPayload): string => JSON.stringify(p);

function parsedObject(json: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(json);
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** An email row's payload, or null when it is not {subject, text} (the row cannot be delivered). */
export function emailPayloadOf(row: Pick<OutboxRow, "payloadJson">): EmailPayload | null {
  const p = parsedObject(row.payloadJson);
  if (!p || typeof p.subject !== "string" || typeof p.text !== "string") return null;
  const sealed: Partial<Record<LinkSlot, string>> = {};
  if (typeof p.sealed === "object" && p.sealed !== null) {
    for (const [name, value] of Object.entries(p.sealed)) {
      if (isLinkSlot(name) && typeof value === "string") sealed[name] = value;
    }
  }
  return {
    subject: p.subject,
    text: p.text,
    ...(typeof p.html === "string" ? { html: p.html } : {}),
    ...(typeof p.replyTo === "string" ? { replyTo: p.replyTo } : {}),
    ...(Object.keys(sealed).length ? { sealed } : {}),
  };
}

/** The webhook a webhook row is for, or null when its payload names none. */
export function webhookIdOf(row: Pick<OutboxRow, "payloadJson">): number | null {
  const id = parsedObject(row.payloadJson)?.webhookId;
  return typeof id === "number" && Number.isInteger(id) ? id : null;
}

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
    html?: string;
    replyTo?: string | null;
    /** Links sealed by the server, by slot name (e.g. `statusUrl` fills LINK_SLOTS.statusUrl), opened only to send. */
    sealed?: Partial<Record<LinkSlot, string>>;
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
      payloadJson: emailPayloadJson({
        subject: m.subject,
        text: m.text,
        ...(m.html ? { html: m.html } : {}),
        ...(m.replyTo ? { replyTo: m.replyTo } : {}),
        ...(m.sealed ? { sealed: m.sealed } : {}),
      }),
      status: "pending",
      nextAttemptAt: now,
      createdAt: now,
    })
    .run();
}

/** Queue one signed delivery per active webhook subscribed to the event. */
export function enqueueWebhooks(
  tx: Conn,
  e: { event: WebhookEvent; programId: number | null; reportId: number | null; data: Record<string, unknown> },
  now: Date,
): number {
  // An installation-wide event (programId null: the audit chain's checkpoint) goes to every subscribed
  // webhook: it carries no report data.
  const hooks = tx
    .select()
    .from(webhooks)
    .where(
      and(
        eq(webhooks.active, true),
        e.programId === null ? undefined : or(isNull(webhooks.programId), eq(webhooks.programId, e.programId)),
      ),
    )
    .all()
    .filter((h) => h.events.includes(e.event));
  for (const h of hooks) {
    tx.insert(outbox)
      .values({
        channel: "webhook",
        event: e.event,
        reportId: e.reportId,
        programId: e.programId,
        target: h.url,
        payloadJson: webhookPayloadJson({
          event: e.event,
          webhookId: h.id,
          occurredAt: now.toISOString(),
          data: e.data,
        }),
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
        or(isNull(outbox.leaseUntil), lte(outbox.leaseUntil, now)),
      ),
    )
    .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
    .limit(limit)
    .all();
}

/**
 * Claim a due row before sending it: only one sender holds it until `leaseMs`
 * passes. A sender that dies mid-send leaves the lease to expire and the row
 * is tried again, with the same delivery id (the outbox id), so a receiver
 * can tell a retry from a new event. Returns false when someone else holds it.
 */
export function claimOutbox(db: Db, id: number, now: Date, leaseMs: number): boolean {
  const claimed = db
    .update(outbox)
    .set({ leaseUntil: new Date(now.getTime() + leaseMs) })
    .where(
      and(eq(outbox.id, id), eq(outbox.status, "pending"), or(isNull(outbox.leaseUntil), lte(outbox.leaseUntil, now))),
    )
    .run();
  return claimed.changes === 1;
}

export function markSent(db: Db, id: number, now: Date, scrubbedPayloadJson?: string): void {
  db.update(outbox)
    .set({
      status: "sent",
      sentAt: now,
      attempts: sql`${outbox.attempts} + 1`,
      lastError: null,
      leaseUntil: null,
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
      leaseUntil: null,
      ...(nextAttemptAt ? { nextAttemptAt } : {}),
    })
    .where(eq(outbox.id, row.id))
    .run();
}

/** Rows with no program (instance-wide) are for every admin; others only for that program's admins. */
export const visibleToAdminsOf = (programId: SQLWrapper, programIds: number[]) =>
  programIds.length ? or(isNull(programId), inArray(programId, programIds)) : isNull(programId);

/** Emails waiting to be sent (pending) among the rows these programs' admins see; what the no-SMTP banner counts. */
export function countWaitingEmails(db: Db, programIds: number[]): number {
  const row = db
    .select({ n: sql<number>`count(*)` })
    .from(outbox)
    .where(
      and(eq(outbox.status, "pending"), eq(outbox.channel, "email"), visibleToAdminsOf(outbox.programId, programIds)),
    )
    .get();
  return row?.n ?? 0;
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
