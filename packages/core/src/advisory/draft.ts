import { z } from "zod";
import { REFERENCE_TYPES } from "../disclosure/enums.ts";

/**
 * The advisory a team writes for one report, before it is exported as CVE JSON 5, OSV or
 * CSAF 2.0 (@embargo/advisory). Stored as advisories.draft_json; every write goes through
 * advisoryDraftSchema.
 */

const oneLine = (s: string) => !/[\p{Cc}\u2028\u2029]/u.test(s);

/** A version as the product spells it (1.4.2, 2024.10, r1234); "" means none. */
const versionSchema = z
  .string()
  .trim()
  .max(100, "At most 100 characters")
  .refine(oneLine, "Must be one line")
  .nullable()
  .transform((v) => (v === "" ? null : v));

/**
 * A range of affected versions: from `introduced` (null: from the first version) up to
 * `fixed` (excluded) or up to `lastAffected` (included), never both.
 */
export const advisoryRangeSchema = z
  .object({
    introduced: versionSchema,
    fixed: versionSchema,
    lastAffected: versionSchema,
  })
  .refine((r) => r.fixed !== null || r.lastAffected !== null, {
    message: "A range ends at a fixed version or a last affected version",
    path: ["fixed"],
  })
  .refine((r) => r.fixed === null || r.lastAffected === null, {
    message: "A range ends at a fixed version or a last affected version, not both",
    path: ["lastAffected"],
  });
export type AdvisoryRange = z.infer<typeof advisoryRangeSchema>;

const nameSchema = (what: string) =>
  z.string().trim().min(1, `Enter the ${what}`).max(200, "At most 200 characters").refine(oneLine, "Must be one line");

/** One affected product, with its package in an OSV ecosystem when it has one. */
export const advisoryProductSchema = z.object({
  vendor: nameSchema("vendor"),
  product: nameSchema("product"),
  /** OSV ecosystem, e.g. npm, PyPI, Maven; null: the product is not in a package ecosystem. */
  ecosystem: z
    .string()
    .trim()
    .max(100, "At most 100 characters")
    .refine(oneLine, "Must be one line")
    .nullable()
    .transform((v) => (v === "" ? null : v)),
  /** The package's name in that ecosystem (e.g. @acme/voice, org.acme:voice). */
  packageName: z
    .string()
    .trim()
    .max(200, "At most 200 characters")
    .refine(oneLine, "Must be one line")
    .nullable()
    .transform((v) => (v === "" ? null : v)),
  ranges: z.array(advisoryRangeSchema).max(20, "At most 20 version ranges"),
});
export type AdvisoryProduct = z.infer<typeof advisoryProductSchema>;

export const advisoryReferenceSchema = z.object({
  url: z
    .string()
    .trim()
    .max(2000, "At most 2000 characters")
    .pipe(z.url({ protocol: /^https?$/, error: "Must be a web address (http or https)" })),
  type: z.enum(REFERENCE_TYPES),
});
export type AdvisoryReference = z.infer<typeof advisoryReferenceSchema>;

/** A CWE id as CVE records spell it: CWE-79 (no leading zeros). */
export const CWE_ID_PATTERN = /^CWE-[1-9][0-9]{0,5}$/;

export const advisoryDraftSchema = z.object({
  title: z
    .string()
    .trim()
    .min(1, "Enter a title")
    .max(200, "At most 200 characters")
    .refine(oneLine, "Must be one line"),
  /** The public one-paragraph description. */
  summary: z.string().trim().min(1, "Enter a summary").max(2000, "At most 2000 characters"),
  /** Technical details; may include exploit steps (leadership never sees it). */
  details: z.string().trim().max(20_000, "At most 20000 characters"),
  workaround: z
    .string()
    .trim()
    .max(5000, "At most 5000 characters")
    .nullable()
    .transform((v) => (v === "" ? null : v)),
  affected: z.array(advisoryProductSchema).max(20, "At most 20 products"),
  cwes: z
    .array(z.string().trim().toUpperCase().regex(CWE_ID_PATTERN, "Must be a CWE id such as CWE-79"))
    .max(10, "At most 10 weaknesses")
    .refine((xs) => new Set(xs).size === xs.length, "Name each weakness once"),
  references: z.array(advisoryReferenceSchema).max(30, "At most 30 references"),
});
export type AdvisoryDraft = z.infer<typeof advisoryDraftSchema>;

/**
 * A new draft for a report: its title, its CWE and the program's product, no ranges yet.
 * Not valid until someone writes the summary (a person writes what the public reads).
 */
export function emptyAdvisoryDraft(seed: {
  title: string;
  cwe: string | null;
  vendor: string;
  product: string;
}): AdvisoryDraft {
  const cwe = seed.cwe?.trim().toUpperCase() ?? null;
  return {
    title: seed.title.trim().slice(0, 200),
    summary: "",
    details: "",
    workaround: null,
    affected: [
      {
        vendor: seed.vendor.trim().slice(0, 200),
        product: seed.product.trim().slice(0, 200),
        ecosystem: null,
        packageName: null,
        ranges: [],
      },
    ],
    cwes: cwe !== null && CWE_ID_PATTERN.test(cwe) ? [cwe] : [],
    references: [],
  };
}

/**
 * One entry of a CSAF document's revision history (document.tracking.revision_history).
 * Stored as advisories.revisions_json, oldest first.
 */
export const csafRevisionSchema = z.object({
  /** An integer version ("1", "2", …): CSAF's integer versioning. */
  number: z.string().regex(/^(0|[1-9][0-9]*)$/, "Must be a whole number"),
  /** ISO 8601 instant, e.g. 2026-05-01T12:00:00.000Z. */
  date: z.iso.datetime({ offset: true }),
  summary: z.string().trim().min(1, "Enter a summary").max(1000, "At most 1000 characters"),
  /** Optional. SHA-256 of the exported content this revision describes (contentHash in @embargo/advisory). */
  hash: z
    .string()
    .regex(/^[0-9a-f]{64}$/, "Must be a SHA-256 hex digest")
    .optional(),
});
export type CsafRevision = z.infer<typeof csafRevisionSchema>;
