import type { WebhookEvent } from "@embargo/core";
import { desc, eq } from "drizzle-orm";
import { type Actor, appendAudit } from "../audit/log.ts";
import type { Db } from "../client.ts";
import { webhooks } from "../schema/intake.ts";
import { visibleToAdminsOf } from "./queue.ts";

export function webhookById(db: Db, id: number) {
  return db.select().from(webhooks).where(eq(webhooks.id, id)).get();
}

/** The webhooks an admin of `programIds` may see, newest first; never their signing secrets. */
export function webhooksVisibleTo(db: Db, programIds: number[]) {
  return db
    .select({
      id: webhooks.id,
      programId: webhooks.programId,
      url: webhooks.url,
      events: webhooks.events,
      active: webhooks.active,
      createdAt: webhooks.createdAt,
    })
    .from(webhooks)
    .where(visibleToAdminsOf(webhooks.programId, programIds))
    .orderBy(desc(webhooks.createdAt))
    .all();
}

export function createWebhook(
  db: Db,
  w: { programId: number; url: string; secret: string; events: WebhookEvent[] },
  actor: Actor,
  now: Date,
): { id: number } {
  return db.transaction((tx) => {
    const row = tx
      .insert(webhooks)
      .values({
        programId: w.programId,
        url: w.url,
        secret: w.secret,
        events: w.events,
        createdAt: now,
      })
      .returning({ id: webhooks.id })
      .get();
    appendAudit(
      tx,
      actor,
      {
        action: "webhook.create",
        entityType: "webhook",
        entityId: row.id,
        programId: w.programId,
        data: { url: w.url, events: w.events },
      },
      now,
    );
    return row;
  });
}

/** Disabled, not deleted: deliveries already queued for it are dead-lettered as inactive. */
export function disableWebhook(db: Db, row: { id: number; programId: number | null }, actor: Actor, now: Date): void {
  db.transaction((tx) => {
    tx.update(webhooks).set({ active: false }).where(eq(webhooks.id, row.id)).run();
    appendAudit(
      tx,
      actor,
      { action: "webhook.disable", entityType: "webhook", entityId: row.id, programId: row.programId },
      now,
    );
  });
}
