import type { AdvisoryDraft } from "@embargo/core/advisory/draft";
import {
  DISCLOSURE_REQUEST_KINDS,
  DISCLOSURE_REQUEST_STATES,
  DISCLOSURE_REQUESTERS,
  MILESTONES,
} from "@embargo/core/disclosure/enums";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { reports } from "./reports.ts";
import { users } from "./users.ts";

/**
 * A report's patch timeline: one row per milestone that has a target or an
 * actual instant. fix_released's target, when none is set, is the resolve
 * clock's due instant (computed on read, never copied here).
 */
export const reportMilestones = sqliteTable(
  "report_milestones",
  {
    reportId: integer("report_id")
      .notNull()
      .references(() => reports.id),
    kind: text("kind", { enum: MILESTONES }).notNull(),
    targetAt: integer("target_at", { mode: "timestamp_ms" }),
    actualAt: integer("actual_at", { mode: "timestamp_ms" }),
    /** fix_released: the fixed version; cve_reserved: the CVE id; advisory_published: the advisory URL. */
    value: text("value"),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.reportId, t.kind] }), index("report_milestones_target_idx").on(t.kind, t.targetAt)],
);

/**
 * A request to move the disclosure date: an extension (team or researcher)
 * or a researcher contesting a proposed date. Kept for ever with its decision.
 */
export const disclosureRequests = sqliteTable(
  "disclosure_requests",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    reportId: integer("report_id")
      .notNull()
      .references(() => reports.id),
    kind: text("kind", { enum: DISCLOSURE_REQUEST_KINDS }).notNull(),
    requestedBy: text("requested_by", { enum: DISCLOSURE_REQUESTERS }).notNull(),
    /** The team member who asked; null when the researcher asked. */
    requestedByUserId: integer("requested_by_user_id").references(() => users.id),
    reason: text("reason").notNull(),
    oldAt: integer("old_at", { mode: "timestamp_ms" }),
    /** Null for a contest that suggests no date. */
    newAt: integer("new_at", { mode: "timestamp_ms" }),
    timeZone: text("time_zone"),
    /** Set when the request deliberately brings the date forward. */
    shortening: integer("shortening", { mode: "boolean" }).notNull().default(false),
    state: text("state", { enum: DISCLOSURE_REQUEST_STATES }).notNull(),
    decidedByUserId: integer("decided_by_user_id").references(() => users.id),
    decidedAt: integer("decided_at", { mode: "timestamp_ms" }),
    decisionNote: text("decision_note"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("disclosure_requests_report_idx").on(t.reportId, t.createdAt)],
);

/** A CSAF revision as exported: its number, date, summary and the hash of the content it described. */
export interface CsafRevisionRow {
  number: string;
  date: string;
  summary: string;
  hash: string;
}

/** The advisory draft of a report, and the CSAF revision history its exports have grown. */
export const advisories = sqliteTable("advisories", {
  reportId: integer("report_id")
    .primaryKey()
    .references(() => reports.id),
  /** Validated with core's advisoryDraftSchema on every write. */
  draft: text("draft_json", { mode: "json" }).$type<AdvisoryDraft>().notNull(),
  revisions: text("revisions_json", { mode: "json" }).$type<CsafRevisionRow[]>().notNull().default([]),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  updatedByUserId: integer("updated_by_user_id").references(() => users.id),
});
