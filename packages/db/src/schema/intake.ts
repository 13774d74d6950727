import type { WebhookEvent } from "@embargo/core/webhooks";
import { index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { programs } from "./programs.ts";
import { messages, reports } from "./reports.ts";
import { users } from "./users.ts";

/**
 * A file a reporter (or staff) attached. The bytes live on disk under a name
 * derived from their SHA-256; the original file name is kept only for display.
 */
export const attachments = sqliteTable(
  "attachments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    reportId: integer("report_id")
      .notNull()
      .references(() => reports.id),
    messageId: integer("message_id").references(() => messages.id),
    /** The name it is served under: cleaned, with an extension matching its detected type. */
    filename: text("filename").notNull(),
    /** The name exactly as the uploader sent it: data only, shown with invisible characters revealed. */
    originalFilename: text("original_filename"),
    /** Detected from the bytes, never taken from the uploader. */
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    sha256: text("sha256").notNull(),
    uploadedBy: text("uploaded_by", { enum: ["reporter", "staff"] }).notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("attachments_report_idx").on(t.reportId)],
);

/** Original inbound emails, kept as received (the .eml bytes are on disk by hash). */
export const inboundEmails = sqliteTable(
  "inbound_emails",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    messageIdHeader: text("message_id_header"),
    sha256: text("sha256").notNull(),
    size: integer("size").notNull(),
    receivedAt: integer("received_at", { mode: "timestamp_ms" }).notNull(),
    outcome: text("outcome", { enum: ["report", "reply", "refused"] }).notNull(),
    reportId: integer("report_id").references(() => reports.id),
    /** Why it was refused; never the message content. */
    reason: text("reason"),
  },
  (t) => [index("inbound_emails_msgid_idx").on(t.messageIdHeader)],
);

/** Per-program tokens for tools; only the SHA-256 is kept, the token is shown once. */
export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    programId: integer("program_id")
      .notNull()
      .references(() => programs.id),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    /** First characters of the token, so people can tell tokens apart. */
    prefix: text("prefix").notNull(),
    createdByUserId: integer("created_by_user_id").references(() => users.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    lastUsedAt: integer("last_used_at", { mode: "timestamp_ms" }),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
  },
  (t) => [uniqueIndex("api_tokens_hash_uq").on(t.tokenHash), index("api_tokens_program_idx").on(t.programId)],
);

export const OUTBOX_STATUSES = ["pending", "sent", "dead"] as const;
export const OUTBOX_CHANNELS = ["email", "webhook"] as const;

/**
 * Outbound notifications, written in the same transaction as the change that
 * causes them and delivered by a worker with retries. `dead` after the last try.
 */
export const outbox = sqliteTable(
  "outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    channel: text("channel", { enum: OUTBOX_CHANNELS }).notNull(),
    /** report.created, report.receipt, report.message, report.state, clock.at_risk, ... */
    event: text("event").notNull(),
    reportId: integer("report_id").references(() => reports.id),
    programId: integer("program_id").references(() => programs.id),
    /** Email address or webhook URL. */
    target: text("target").notNull(),
    /**
     * Email: {subject, text, replyTo?}; webhook: the body to sign and send.
     * Kept as text, encoded and decoded by outbox.ts: a webhook is signed over
     * exactly these bytes, and a row that does not decode is dead-lettered
     * instead of failing the batch it is read in.
     */
    payloadJson: text("payload_json").notNull(),
    status: text("status", { enum: OUTBOX_STATUSES }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at", { mode: "timestamp_ms" }).notNull(),
    lastError: text("last_error"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    sentAt: integer("sent_at", { mode: "timestamp_ms" }),
    /** A worker's claim on the row while it sends: another claim waits until it expires (a crash mid-send retries it). */
    leaseUntil: integer("lease_until", { mode: "timestamp_ms" }),
  },
  (t) => [
    index("outbox_due_idx").on(t.status, t.nextAttemptAt),
    index("outbox_report_idx").on(t.reportId),
    // The admin's outbox pages, newest first.
    index("outbox_created_idx").on(t.createdAt, t.id),
  ],
);

/** Where signed webhooks go; a null program means every program. */
export const webhooks = sqliteTable("webhooks", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  programId: integer("program_id").references(() => programs.id),
  url: text("url").notNull(),
  /** HMAC-SHA256 key; shown once to the admin who created it. */
  secret: text("secret").notNull(),
  /** Validated against WEBHOOK_EVENTS when created. */
  events: text("events_json", { mode: "json" }).$type<WebhookEvent[]>().notNull(),
  active: integer("active", { mode: "boolean" }).notNull().default(true),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
});

/** Possible duplicates found at intake, with their similarity score (0..1). */
export const duplicateCandidates = sqliteTable(
  "duplicate_candidates",
  {
    reportId: integer("report_id")
      .notNull()
      .references(() => reports.id),
    candidateId: integer("candidate_id")
      .notNull()
      .references(() => reports.id),
    score: real("score").notNull(),
  },
  (t) => [uniqueIndex("duplicate_candidates_uq").on(t.reportId, t.candidateId)],
);
