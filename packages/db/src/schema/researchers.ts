import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** An outside reporter. Has no account; reached through their contact and status links. */
export const researchers = sqliteTable(
  "researchers",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name"),
    handle: text("handle"),
    email: text("email"),
    /** URLs (profile, website). */
    links: text("links_json", { mode: "json" }).$type<string[]>().notNull().default([]),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("researchers_email_idx").on(t.email)],
);
