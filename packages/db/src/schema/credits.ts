import { CREDIT_TYPES } from "@embargo/core/disclosure/enums";
import { CREDIT_AS, CREDIT_CONSENT } from "@embargo/core/intake/schemas";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { reports } from "./reports.ts";
import { researchers } from "./researchers.ts";
import { users } from "./users.ts";

/**
 * Where a credit's consent came from: the report form, the reporter's status page,
 * the secret consent link sent to a co-credited person, or the team recording what
 * a person without email told them.
 */
export const CONSENT_CHANNELS = ["intake", "status_page", "consent_link", "team"] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];

/**
 * A person credited on a report (issue 12): the reporter (position 0, made with the
 * report) and anyone the team adds. Only accepted, not withdrawn credits of disclosed
 * reports ever leave Embargo (advisories, acknowledgment lists, the hall of fame).
 */
export const credits = sqliteTable(
  "credits",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    reportId: integer("report_id")
      .notNull()
      .references(() => reports.id),
    researcherId: integer("researcher_id")
      .notNull()
      .references(() => researchers.id),
    type: text("type", { enum: CREDIT_TYPES }).notNull(),
    /** How the person is named: their name, their handle, or not at all. */
    display: text("display", { enum: CREDIT_AS }).notNull().default("name"),
    consent: text("consent", { enum: CREDIT_CONSENT }).notNull().default("pending"),
    consentAt: integer("consent_at", { mode: "timestamp_ms" }),
    consentChannel: text("consent_channel", { enum: CONSENT_CHANNELS }),
    /** Consent taken back after it was given: exports made afterwards leave the credit out. */
    withdrawnAt: integer("withdrawn_at", { mode: "timestamp_ms" }),
    /** Order on the report; the reporter is 0. */
    position: integer("position").notNull(),
    /** SHA-256 of the secret consent link's token; the link itself is only ever sealed in the outbox. */
    consentTokenHash: text("consent_token_hash"),
    consentTokenExpiresAt: integer("consent_token_expires_at", { mode: "timestamp_ms" }),
    consentTokenUsedAt: integer("consent_token_used_at", { mode: "timestamp_ms" }),
    createdByUserId: integer("created_by_user_id").references(() => users.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("credits_report_idx").on(t.reportId, t.position),
    index("credits_researcher_idx").on(t.researcherId),
    uniqueIndex("credits_consent_token_uq").on(t.consentTokenHash),
  ],
);
