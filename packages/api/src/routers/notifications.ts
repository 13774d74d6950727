import { randomBytes } from "node:crypto";
import { WEBHOOK_EVENTS } from "@embargo/core";
import { appendAudit, emailPayloadOf, listOutbox, retryOutbox, schema } from "@embargo/db";
import { TRPCError } from "@trpc/server";
import { and, desc, eq, inArray, isNull, or } from "drizzle-orm";
import { z } from "zod";
import { actorOf, programBySlugFor, programIdsWith } from "../access.ts";
import { roleProcedure, router } from "../trpc.ts";

const admin = roleProcedure("admin");

/** Outbox and webhooks: what Embargo sends, and where. Admins only. */
export const notificationsRouter = router({
  outbox: admin.input(z.object({ status: z.enum(schema.OUTBOX_STATUSES).optional() })).query(({ ctx, input }) => {
    const ids = programIdsWith(ctx.user, ["admin"]);
    return listOutbox(ctx.db, ids, input.status).map((r) => {
      // The admin page shows who and what, not bodies (they may quote report text).
      return {
        id: r.id,
        channel: r.channel,
        event: r.event,
        target: r.target,
        subject: emailPayloadOf(r)?.subject ?? null,
        status: r.status,
        attempts: r.attempts,
        nextAttemptAt: r.nextAttemptAt,
        lastError: r.lastError,
        createdAt: r.createdAt,
        sentAt: r.sentAt,
        reportId: r.reportId,
      };
    });
  }),

  retry: admin.input(z.object({ id: z.number().int().positive() })).mutation(({ ctx, input }) => {
    const ids = programIdsWith(ctx.user, ["admin"]);
    const row = ctx.db.select().from(schema.outbox).where(eq(schema.outbox.id, input.id)).get();
    if (!row || (row.programId !== null && !ids.includes(row.programId))) {
      throw new TRPCError({ code: "NOT_FOUND", message: `Delivery ${input.id} not found` });
    }
    if (row.status === "sent") throw new TRPCError({ code: "CONFLICT", message: "Already sent" });
    const now = ctx.now();
    ctx.db.transaction((tx) => {
      retryOutbox(ctx.db, row.id, now);
      appendAudit(
        tx,
        actorOf(ctx),
        { action: "outbox.retry", entityType: "outbox", entityId: row.id, programId: row.programId },
        now,
      );
    });
    return { id: row.id };
  }),

  webhooks: admin.query(({ ctx }) => {
    const ids = programIdsWith(ctx.user, ["admin"]);
    return ctx.db
      .select({
        id: schema.webhooks.id,
        programId: schema.webhooks.programId,
        url: schema.webhooks.url,
        events: schema.webhooks.events,
        active: schema.webhooks.active,
        createdAt: schema.webhooks.createdAt,
      })
      .from(schema.webhooks)
      .where(
        ids.length
          ? or(isNull(schema.webhooks.programId), inArray(schema.webhooks.programId, ids))
          : isNull(schema.webhooks.programId),
      )
      .orderBy(desc(schema.webhooks.createdAt))
      .all();
  }),

  /** The signing secret is returned once, here. */
  createWebhook: admin
    .input(
      z.object({
        program: z.string().trim().min(1).max(64),
        url: z
          .url("Must be a URL")
          .max(500)
          .refine((u) => /^https?:\/\//i.test(u), "Must be an http or https URL"),
        events: z.array(z.enum(WEBHOOK_EVENTS)).min(1, "Choose at least one event"),
      }),
    )
    .mutation(({ ctx, input }) => {
      const m = programBySlugFor(ctx, input.program, ["admin"]);
      const secret = `whsec_${randomBytes(24).toString("base64url")}`;
      const now = ctx.now();
      const row = ctx.db.transaction((tx) => {
        const r = tx
          .insert(schema.webhooks)
          .values({
            programId: m.programId,
            url: input.url,
            secret,
            events: input.events,
            createdAt: now,
          })
          .returning({ id: schema.webhooks.id })
          .get();
        appendAudit(
          tx,
          actorOf(ctx),
          {
            action: "webhook.create",
            entityType: "webhook",
            entityId: r.id,
            programId: m.programId,
            data: { url: input.url, events: input.events },
          },
          now,
        );
        return r;
      });
      return { id: row.id, secret };
    }),

  deleteWebhook: admin.input(z.object({ id: z.number().int().positive() })).mutation(({ ctx, input }) => {
    const ids = programIdsWith(ctx.user, ["admin"]);
    const row = ctx.db.select().from(schema.webhooks).where(eq(schema.webhooks.id, input.id)).get();
    if (!row || row.programId === null || !ids.includes(row.programId)) {
      throw new TRPCError({ code: "NOT_FOUND", message: `Webhook ${input.id} not found` });
    }
    const now = ctx.now();
    ctx.db.transaction((tx) => {
      tx.update(schema.webhooks)
        .set({ active: false })
        .where(and(eq(schema.webhooks.id, row.id)))
        .run();
      appendAudit(
        tx,
        actorOf(ctx),
        { action: "webhook.disable", entityType: "webhook", entityId: row.id, programId: row.programId },
        now,
      );
    });
    return { id: row.id };
  }),
});
