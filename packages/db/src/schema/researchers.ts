import { type AnySQLiteColumn, index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

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
    /** Languages they write in (free text, e.g. "English", "de"): who on the team should answer. */
    languages: text("languages_json", { mode: "json" }).$type<string[]>().notNull().default([]),
    /**
     * Set when this record was merged into another one (the same person under a second
     * email): the row is kept so old links and audit entries still resolve, but it owns
     * no reports or credits any more and the directory hides it.
     */
    mergedIntoId: integer("merged_into_id").references((): AnySQLiteColumn => researchers.id),
    /** Set when their personal data was erased on request; the record stays as "erased researcher #id". */
    erasedAt: integer("erased_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("researchers_email_idx").on(t.email), index("researchers_merged_idx").on(t.mergedIntoId)],
);
