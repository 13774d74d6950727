import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { programs } from "./programs.ts";
import { reports } from "./reports.ts";
import { users } from "./users.ts";

/**
 * Something leadership must see: raised automatically (a clock turned at risk
 * or breached) or by hand. Stays open until resolved.
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
    kind: text("kind", {
      enum: ["clock_at_risk", "clock_breached", "critical_received", "disclosure_due", "manual"],
    }).notNull(),
    /** The SLA clock for clock_* kinds. */
    clock: text("clock"),
    /** The due instant the escalation is about; part of the once-only key, so a re-targeted clock can escalate again. */
    dueAt: integer("due_at", { mode: "timestamp_ms" }),
    reason: text("reason").notNull(),
    raisedAt: integer("raised_at", { mode: "timestamp_ms" }).notNull(),
    raisedByUserId: integer("raised_by_user_id").references(() => users.id),
    acknowledgedAt: integer("acknowledged_at", { mode: "timestamp_ms" }),
    acknowledgedByUserId: integer("acknowledged_by_user_id").references(() => users.id),
    resolvedAt: integer("resolved_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    uniqueIndex("escalations_once_uq").on(t.reportId, t.kind, t.clock, t.dueAt),
    index("escalations_open_idx").on(t.resolvedAt, t.programId),
  ],
);
