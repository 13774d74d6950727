import type { Policy } from "@embargo/core/policy/schema";
import { integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const programs = sqliteTable(
  "programs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    /** Prefix of human report keys, e.g. VOICE in VOICE-42. */
    keyPrefix: text("key_prefix").notNull(),
    description: text("description").notNull().default(""),
    /** How the program numbers its releases (semver, calver, other), for advisories and fixed versions. */
    versionScheme: text("version_scheme", { enum: ["semver", "calver", "other"] })
      .notNull()
      .default("semver"),
    /** Advisory settings: the vendor named in advisories, the CVE assigner (CNA) and the OSV ecosystem of its packages. */
    vendorName: text("vendor_name"),
    cveAssignerOrgId: text("cve_assigner_org_id"),
    cveAssignerShortName: text("cve_assigner_short_name"),
    osvEcosystem: text("osv_ecosystem"),
    /** An archived program takes no new reports; its reports stay readable. */
    archivedAt: integer("archived_at", { mode: "timestamp_ms" }),
    /** Validated with core's policy schema on every write (createProgram, the updatePolicy input), so reads trust it. */
    policy: text("policy_json", { mode: "json" }).$type<Policy>().notNull(),
    /** Next report number; taken and bumped in the same transaction as the insert. */
    nextReportNumber: integer("next_report_number").notNull().default(1),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("programs_slug_uq").on(t.slug), uniqueIndex("programs_key_prefix_uq").on(t.keyPrefix)],
);
