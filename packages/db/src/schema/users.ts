import { ROLES } from "@embargo/core/auth";
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { programs } from "./programs.ts";

export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    email: text("email").notNull(),
    name: text("name").notNull(),
    /** argon2id PHC string; never leaves the db package. */
    passwordHash: text("password_hash").notNull(),
    /** Base32 TOTP secret once MFA is enrolled. */
    totpSecret: text("totp_secret"),
    disabledAt: integer("disabled_at", { mode: "timestamp_ms" }),
    /** Admin of every program, present and future (the first user; `user add --role admin` without --program). */
    adminOfAll: integer("admin_of_all", { mode: "boolean" }).notNull().default(false),
    /** IANA zone every date is shown in for this user; null: the browser's. */
    timeZone: text("time_zone"),
    /** SHA-256 of the secret in the user's calendar feed URL; null until they ask for one. */
    calendarTokenHash: text("calendar_token_hash"),
    lastSignInAt: integer("last_sign_in_at", { mode: "timestamp_ms" }),
    /** Weekly leadership digest: ISO weekday (1 Monday … 7 Sunday), null = off; hour 0–23 in time_zone (UTC when unset). */
    digestWeekday: integer("digest_weekday"),
    digestHour: integer("digest_hour").notNull().default(8),
    digestLastSentAt: integer("digest_last_sent_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("users_email_uq").on(t.email), uniqueIndex("users_calendar_token_uq").on(t.calendarTokenHash)],
);

/** A user's role in one program. No membership means the program does not exist for them. */
export const memberships = sqliteTable(
  "memberships",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    programId: integer("program_id")
      .notNull()
      .references(() => programs.id, { onDelete: "cascade" }),
    role: text("role", { enum: ROLES }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.programId] }), index("memberships_program_idx").on(t.programId)],
);

/** Opaque session tokens: only the SHA-256 of the token is stored. */
export const sessions = sqliteTable(
  "sessions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tokenHash: text("token_hash").notNull(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    lastSeenAt: integer("last_seen_at", { mode: "timestamp_ms" }).notNull(),
    /** For the profile's list of active sessions: the browser as it names itself, and the client address. */
    userAgent: text("user_agent"),
    address: text("address"),
    /** The last time the person proved who they are (password or passkey): sensitive actions need it recent. */
    authenticatedAt: integer("authenticated_at", { mode: "timestamp_ms" }).notNull().default(sql`0`),
    /** Signed in with a password while a second factor is required but none is enrolled: enrolment only. */
    enrolmentOnly: integer("enrolment_only", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [uniqueIndex("sessions_token_hash_uq").on(t.tokenHash), index("sessions_user_idx").on(t.userId)],
);

/**
 * Single-use links sent to a person: the first-run setup code, an invitation
 * to join a program, a password reset. Only the SHA-256 of the token is stored;
 * a link is spent by setting `usedAt` in the same transaction as its effect.
 */
export const accountLinks = sqliteTable(
  "account_links",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind", { enum: ["setup", "invitation", "password_reset"] }).notNull(),
    tokenHash: text("token_hash").notNull(),
    /** Who the link is for (invitation, reset); null for the setup code. */
    email: text("email"),
    userId: integer("user_id").references(() => users.id, { onDelete: "cascade" }),
    /** An invitation's program and role. */
    programId: integer("program_id").references(() => programs.id, { onDelete: "cascade" }),
    role: text("role", { enum: ROLES }),
    createdByUserId: integer("created_by_user_id").references(() => users.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    usedAt: integer("used_at", { mode: "timestamp_ms" }),
  },
  (t) => [uniqueIndex("account_links_token_hash_uq").on(t.tokenHash), index("account_links_email_idx").on(t.email)],
);
