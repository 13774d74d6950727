import { z } from "zod";
import { DISCLOSURE_FILTERS } from "../disclosure/enums.ts";
import { creditSchema } from "../intake/credit.ts";
import { REPORT_STATES } from "../lifecycle/states.ts";
import { TRANSITIONS } from "../lifecycle/transitions.ts";
import { SEVERITIES, SEVERITY_FILTERS } from "../severity/levels.ts";
import { CHANNELS, REPORT_VIEWS, SLA_FILTERS, SORTS, STAFF_MESSAGE_KINDS } from "./enums.ts";
import { searchText } from "./text.ts";

// Reporter-supplied text is untrusted and may be large (proofs of concept),
// but unbounded input is a denial of service: cap every field.
const text = (max: number) => z.string().trim().max(max, `Must be at most ${max} characters`);
const optionalText = (max: number) =>
  text(max)
    .optional()
    .nullable()
    .transform((v) => (v ? v : null));

/** A report key in upper case: the program's prefix, a dash, the number (VOICE-42). */
export const REPORT_KEY_PATTERN = /^[A-Z][A-Z0-9]{1,15}-[1-9][0-9]{0,8}$/;

export const reportKeySchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(REPORT_KEY_PATTERN, "Must be a report key such as VOICE-42");

export const cweSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^CWE-[1-9][0-9]{0,5}$/, "Must be a CWE identifier such as CWE-79")
  .optional()
  .nullable()
  .or(z.literal("").transform(() => null))
  .transform((v) => v ?? null);

export const reporterSchema = z
  .object({
    name: optionalText(200),
    handle: optionalText(100),
    email: z
      .string()
      .trim()
      .max(320)
      .pipe(z.email("Must be an email address"))
      .optional()
      .nullable()
      .or(z.literal("").transform(() => null))
      .transform((v) => v ?? null),
  })
  .optional()
  .nullable();

/** Fields a triager (or an intake path) supplies for a new report. */
export const reportFieldsSchema = z.object({
  title: text(300).min(3, "Must be at least 3 characters"),
  description: text(100_000).min(1, "Describe the vulnerability"),
  cwe: cweSchema,
  component: optionalText(500),
  sourceLocation: optionalText(2_000),
  affectedVersions: optionalText(1_000),
  configuration: optionalText(10_000),
  stepsToReproduce: optionalText(100_000),
  proofOfConcept: optionalText(200_000),
  impact: optionalText(20_000),
  suggestedFix: optionalText(50_000),
});
export type ReportFields = z.output<typeof reportFieldsSchema>;

export const reportCreateSchema = reportFieldsSchema.extend({
  programSlug: z.string().trim().min(1, "Choose a program"),
  channel: z.enum(CHANNELS).default("manual"),
  /** When the report actually arrived (a manual entry may be late). */
  receivedAt: z.date().optional(),
  reporter: reporterSchema,
  cvssVector: optionalText(512),
  assigneeId: z.number().int().positive().optional().nullable(),
  /** The reporter's credit wishes when the team knows them (a call, a forwarded mail); absent: not asked yet. */
  credit: creditSchema.optional(),
});
export type ReportCreateInput = z.input<typeof reportCreateSchema>;

export const reportUpdateSchema = reportFieldsSchema.partial().extend({ key: reportKeySchema });

export const reportListSchema = z.object({
  program: z.string().trim().max(64).optional(),
  states: z.array(z.enum(REPORT_STATES)).max(REPORT_STATES.length).optional(),
  view: z.enum(REPORT_VIEWS).default("open"),
  severities: z.array(z.enum(SEVERITY_FILTERS)).max(SEVERITY_FILTERS.length).optional(),
  /** A user id, or "me", or "unassigned". */
  assignee: z.union([z.number().int().positive(), z.literal("me"), z.literal("unassigned")]).optional(),
  channel: z.enum(CHANNELS).optional(),
  sla: z.array(z.enum(SLA_FILTERS)).max(SLA_FILTERS.length).optional(),
  /** Plans still to be published whose target is within 7 or 30 days, or has passed. */
  disclosure: z.enum(DISCLOSURE_FILTERS).optional(),
  q: z
    .string()
    .max(200, "Search text must be at most 200 characters")
    .transform((s) => searchText(s).trim())
    .optional(),
  sort: z.enum(SORTS).default("urgent"),
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(200).default(50),
});
export type ReportListInput = z.input<typeof reportListSchema>;

export const transitionSchema = z.object({
  key: reportKeySchema,
  action: z.enum(TRANSITIONS),
  reason: optionalText(5_000),
  duplicateOf: z.string().trim().max(30).optional().nullable(),
  fixedVersion: optionalText(100),
});
export type TransitionInput = z.input<typeof transitionSchema>;

export const setCvssSchema = z.object({
  key: reportKeySchema,
  vector: z.string().trim().max(512, "Must be at most 512 characters"),
});

export const setSeveritySchema = z.object({
  key: reportKeySchema,
  severity: z.enum(SEVERITIES).nullable(),
  reason: text(2_000).min(3, "Say why the severity differs from the score"),
});

export const assignSchema = z.object({
  key: reportKeySchema,
  assigneeId: z.number().int().positive().nullable(),
});

export const addMessageSchema = z.object({
  key: reportKeySchema,
  kind: z.enum(STAFF_MESSAGE_KINDS),
  body: text(50_000).min(1, "Write something"),
});

/** Sort ordinal for severities; unrated sorts below none. */
export function severityRank(s: (typeof SEVERITIES)[number] | null | undefined): number {
  return s ? SEVERITIES.length - 1 - SEVERITIES.indexOf(s) : -1;
}
