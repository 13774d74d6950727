import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { programs } from "./programs.ts";
import { reports } from "./reports.ts";
import { users } from "./users.ts";

export const FACTOR_KINDS = ["totp", "passkey"] as const;

/**
 * A user's second factors. A TOTP factor keeps its base32 secret and the last
 * time step it accepted (a code is refused for any step not after it, so a
 * replayed code fails within its window); a passkey keeps its WebAuthn
 * credential (id, public key, signature counter, transports).
 */
export const userFactors = sqliteTable(
  "user_factors",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: FACTOR_KINDS }).notNull(),
    /** The user's own name for it: "YubiKey 5", "Phone". */
    label: text("label").notNull(),
    totpSecret: text("totp_secret"),
    totpLastStep: integer("totp_last_step"),
    /** base64url credential id, unique across users. */
    credentialId: text("credential_id"),
    /** base64url COSE public key. */
    publicKey: text("public_key"),
    signCount: integer("sign_count").notNull().default(0),
    transports: text("transports_json", { mode: "json" }).$type<string[]>(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    lastUsedAt: integer("last_used_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("user_factors_user_idx").on(t.userId), uniqueIndex("user_factors_credential_uq").on(t.credentialId)],
);

/** Ten single-use recovery codes per user, stored as argon2id hashes; `used_at` spends one. */
export const recoveryCodes = sqliteTable(
  "recovery_codes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    usedAt: integer("used_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("recovery_codes_user_idx").on(t.userId)],
);

export const CHALLENGE_PURPOSES = ["second_factor", "passkey_register", "reauth"] as const;

/**
 * Short-lived server-side state between two steps of an authentication:
 * the password was right and the second factor is awaited (the browser holds
 * the token, only its SHA-256 is here), or a WebAuthn challenge was issued.
 * Spent by deleting the row; expired rows are swept.
 */
export const authChallenges = sqliteTable(
  "auth_challenges",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tokenHash: text("token_hash").notNull(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: text("purpose", { enum: CHALLENGE_PURPOSES }).notNull(),
    /** The WebAuthn challenge (base64url) issued with this step, if any. */
    challenge: text("challenge"),
    attempts: integer("attempts").notNull().default(0),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("auth_challenges_token_uq").on(t.tokenHash), index("auth_challenges_expiry_idx").on(t.expiresAt)],
);

/**
 * Installation-wide settings an admin changes in the app (not in the
 * environment): the second-factor requirement and the session timeouts.
 * Values are JSON; unknown keys are ignored, missing keys take their defaults
 * (core/auth/settings.ts).
 */
export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value_json").notNull(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  updatedByUserId: integer("updated_by_user_id").references(() => users.id),
});

/**
 * Idempotent intake: a retried submission with the same key (API
 * `Idempotency-Key`, the public form's per-page nonce) gets the first
 * receipt. The key itself is never stored: `key_hash` finds the row, and the
 * receipt (which holds the secret status link) is sealed with a key derived
 * from the idempotency key, so the database alone cannot open it.
 */
export const intakeRequests = sqliteTable(
  "intake_requests",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    programId: integer("program_id")
      .notNull()
      .references(() => programs.id),
    keyHash: text("key_hash").notNull(),
    /** SHA-256 of the request's canonical content: the same key with different content is refused. */
    requestHash: text("request_hash").notNull(),
    reportId: integer("report_id")
      .notNull()
      .references(() => reports.id),
    sealedReceipt: text("sealed_receipt").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("intake_requests_key_uq").on(t.programId, t.keyHash),
    index("intake_requests_created_idx").on(t.createdAt),
  ],
);
