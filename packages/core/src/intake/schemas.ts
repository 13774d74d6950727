import { z } from "zod";
import { reporterSchema, reportFieldsSchema } from "../report/schemas.ts";
import { creditSchema } from "./credit.ts";

export { CREDIT_AS, CREDIT_CONSENT } from "./credit.ts";

const required = (label: string, max: number) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .max(max, `Must be at most ${max} characters`);

/**
 * A report from outside (web form, email, API). Stricter than the staff
 * form: the fields a team needs to act are required.
 */
export const publicSubmissionSchema = reportFieldsSchema.extend({
  title: required("Title", 300).min(3, "Must be at least 3 characters"),
  description: required("Description", 100_000),
  stepsToReproduce: required("Steps to reproduce", 100_000),
  impact: required("Impact", 20_000),
  affectedVersions: required("Affected version", 1_000),
  reporter: reporterSchema,
  credit: creditSchema.default({ creditAs: "name", consent: "pending" }),
  /** Honeypot: people leave it empty, form-filling bots do not. */
  website: z.string().max(500).optional(),
});
export type PublicSubmission = z.output<typeof publicSubmissionSchema>;

/** Email intake: only title and description come from the message. */
export const emailSubmissionSchema = reportFieldsSchema.extend({
  reporter: reporterSchema,
});

export const replySchema = z.object({
  body: z.string().trim().min(1, "Write a message").max(50_000, "Must be at most 50000 characters"),
});

export const creditPreferenceSchema = creditSchema.extend({
  name: z.string().trim().max(200).optional().nullable(),
  handle: z.string().trim().max(100).optional().nullable(),
});

/** State names a researcher understands. */
export const RESEARCHER_STATE_TEXT: Record<string, string> = {
  new: "Received: waiting for the security team to acknowledge it",
  acknowledged: "Acknowledged: the team is assessing your report",
  needs_info: "Waiting for you: the team asked for more information",
  triaged: "Confirmed: the team validated the issue and rated its severity",
  fixing: "Being fixed",
  fixed: "Fixed: a patched version has been released",
  disclosed: "Disclosed: the advisory is published",
  duplicate: "Closed: already reported by someone else",
  informative: "Closed: useful information, but no fix is needed",
  not_applicable: "Closed: not a vulnerability in this product",
  out_of_scope: "Closed: outside the scope of this program",
  spam: "Closed",
  wont_fix: "Closed: the team decided not to fix it",
};

/**
 * A client's idempotency key (API `Idempotency-Key` header; the public form
 * sends a random per-page nonce): a retried submission with the same key gets
 * the first receipt. At least 16 characters, so keys are random enough that
 * the receipt sealed with them (it holds the status link) cannot be guessed open.
 */
export const idempotencyKeySchema = z
  .string()
  .min(16, "Must be at least 16 characters (use a random value such as a UUID)")
  .max(200, "Must be at most 200 characters")
  .regex(/^[A-Za-z0-9_.:-]+$/, "Use only letters, digits and _ . : -");

/** How long a key is remembered: a retry later than this is a new report. */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
