import { ESCALATION_KINDS, ESCALATION_LEVELS } from "@embargo/core/leadership/escalations";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { programs } from "./programs.ts";
import { reports } from "./reports.ts";
import { users } from "./users.ts";

/**
 * Something leadership must see: raised automatically (a critical report
 * arrived, a clock turned at risk or breached, a disclosure is due with no fix)
 * or by hand. Acknowledged by a person; resolved when its cause goes away or
 * by hand with a note (db/src/leadership/escalations.ts).
 */
export const escalations = sqliteTable(
  "escalations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    reportId: integer("report_id")
      .notNull()
      .references(() => reports.id),
    programId: integer("program_id")
      .notNull()
      .references(() => programs.id),
    kind: text("kind", { enum: ESCALATION_KINDS }).notNull(),
    level: text("level", { enum: ESCALATION_LEVELS }).notNull().default("attention"),
    /** The SLA clock for clock_* kinds. */
    clock: text("clock"),
    /** The due instant the escalation is about; part of the once-only key, so a re-targeted clock can escalate again. */
    dueAt: integer("due_at", { mode: "timestamp_ms" }),
    reason: text("reason").notNull(),
    raisedAt: integer("raised_at", { mode: "timestamp_ms" }).notNull(),
    raisedByUserId: integer("raised_by_user_id").references(() => users.id),
    acknowledgedAt: integer("acknowledged_at", { mode: "timestamp_ms" }),
    acknowledgedByUserId: integer("acknowledged_by_user_id").references(() => users.id),
    ackNote: text("ack_note"),
    resolvedAt: integer("resolved_at", { mode: "timestamp_ms" }),
    /** Null when resolved by the system (its cause went away). */
    resolvedByUserId: integer("resolved_by_user_id").references(() => users.id),
    resolveNote: text("resolve_note"),
    /** Why it closed, in plain words: "clock met", "report closed", "fix released", "by hand". */
    resolvedCause: text("resolved_cause"),
  },
  (t) => [
    uniqueIndex("escalations_once_uq").on(t.reportId, t.kind, t.clock, t.dueAt),
    index("escalations_open_idx").on(t.resolvedAt, t.programId),
    index("escalations_report_idx").on(t.reportId, t.resolvedAt),
  ],
);
