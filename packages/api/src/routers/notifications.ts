import { randomBytes } from "node:crypto";
import { WEBHOOK_EVENTS } from "@embargo/core";
import {
  countWaitingEmails,
  createWebhook,
  disableWebhook,
  emailPayloadOf,
  outboxById,
  outboxPage,
  retryOutbox,
  schema,
  webhookById,
  webhooksVisibleTo,
} from "@embargo/db";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { actorOf, programBySlugFor, programIdsWith } from "../access.ts";
import { recentAuth, roleProcedure, router } from "../trpc.ts";

const admin = roleProcedure("admin");

export const OUTBOX_PAGE_SIZES = { default: 50, max: 200 } as const;

const outboxQuerySchema = z.object({
  status: z.enum(schema.OUTBOX_STATUSES, "Status must be pending, sent or dead").optional(),
  channel: z.enum(schema.OUTBOX_CHANNELS, "Kind must be email or webhook").optional(),
  recipient: z.string().trim().max(200, "Recipient must be at most 200 characters").optional(),
  page: z
    .number("Page must be a number")
    .int("Page must be a whole number")
    .min(1, "Page starts at 1")
    .max(100_000)
    .default(1),
  pageSize: z
    .number("Page size must be a number")
    .int("Page size must be a whole number")
    .min(1, "Page size must be at least 1")
    .max(OUTBOX_PAGE_SIZES.max, `Page size must be at most ${OUTBOX_PAGE_SIZES.max}`)
    .default(OUTBOX_PAGE_SIZES.default),
});
const staff = roleProcedure("admin", "triager");

/** Outbox and webhooks: what Embargo sends, and where. Admins only. */
export const notificationsRouter = router({
  /** One page of deliveries, newest first, with the number the filters match. */
  outbox: admin.input(outboxQuerySchema).query(({ ctx, input }) => {
    const { rows, total } = outboxPage(ctx.db, { programIds: programIdsWith(ctx.user, ["admin"]), ...input });
    const page = rows.map((r) => {
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
    return { rows: page, total, page: input.page, pageSize: input.pageSize };
  }),

  /**
   * Whether outgoing mail is configured, so the dashboard can say that a message
   * waits in the outbox; for admins also how many emails wait there (in their
   * programs), for the banner. Triagers get no count: the outbox is not theirs.
   */
  mailStatus: staff.query(({ ctx }) => {
    const ids = programIdsWith(ctx.user, ["admin"]);
    const isAdmin = ctx.user.adminOfAll || ids.length > 0;
    return { smtpConfigured: ctx.mailConfigured, waiting: isAdmin ? countWaitingEmails(ctx.db, ids) : null };
  }),

  retry: admin.input(z.object({ id: z.number().int().positive() })).mutation(({ ctx, input }) => {
    const ids = programIdsWith(ctx.user, ["admin"]);
    const row = outboxById(ctx.db, input.id);
    if (!row || (row.programId !== null && !ids.includes(row.programId))) {
      throw new TRPCError({ code: "NOT_FOUND", message: `Delivery ${input.id} not found` });
    }
    if (row.status === "sent") throw new TRPCError({ code: "CONFLICT", message: "Already sent" });
    retryOutbox(ctx.db, row, actorOf(ctx), ctx.now());
    return { id: row.id };
  }),

  webhooks: admin.query(({ ctx }) => {
    const ids = programIdsWith(ctx.user, ["admin"]);
    return webhooksVisibleTo(ctx.db, ids);
  }),

  /** The signing secret is returned once, here. */
  createWebhook: admin
    .use(recentAuth)
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
      const row = createWebhook(
        ctx.db,
        { programId: m.programId, url: input.url, secret, events: input.events },
        actorOf(ctx),
        ctx.now(),
      );
      return { id: row.id, secret };
    }),

  deleteWebhook: admin.input(z.object({ id: z.number().int().positive() })).mutation(({ ctx, input }) => {
    const ids = programIdsWith(ctx.user, ["admin"]);
    const row = webhookById(ctx.db, input.id);
    if (!row || row.programId === null || !ids.includes(row.programId)) {
      throw new TRPCError({ code: "NOT_FOUND", message: `Webhook ${input.id} not found` });
    }
    disableWebhook(ctx.db, row, actorOf(ctx), ctx.now());
    return { id: row.id };
  }),
});
