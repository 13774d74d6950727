import { z } from "zod";
import { advisoryDraftSchema } from "../advisory/draft.ts";
import { DISCLOSURE_FILTERS, MILESTONES } from "./enums.ts";

/** What the dashboard and the status page send about disclosure plans, milestones and advisories. */

const reportKey = z.string().trim().toUpperCase().max(30);

/** A wall-clock time as a form sends it; the zone comes beside it, and zoned.ts reads both together. */
export const localDateTimeSchema = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, "Give a date and a time (YYYY-MM-DDTHH:mm)");

export const timeZoneInputSchema = z.string().trim().min(1, "Give the time zone").max(64);

const reasonSchema = z.string().trim().min(1, "Give a reason").max(2_000, "At most 2000 characters");
const noteSchema = z.string().trim().max(2_000, "At most 2000 characters").nullable().default(null);

export const setDisclosureTargetSchema = z.object({
  key: reportKey,
  targetAt: localDateTimeSchema,
  timeZone: timeZoneInputSchema,
});

export const disclosureKeySchema = z.object({ key: reportKey });

/** A team extension (decided by whoever asks) or, from the status page, a researcher's request. */
export const disclosureChangeSchema = z.object({
  newAt: localDateTimeSchema,
  timeZone: timeZoneInputSchema,
  reason: reasonSchema,
  /** Set to bring an agreed date forward on purpose. */
  shortening: z.boolean().default(false),
});

export const requestExtensionSchema = disclosureChangeSchema.extend({ key: reportKey });

export const decideRequestSchema = z.object({
  key: reportKey,
  requestId: z.number().int().positive(),
  approve: z.boolean(),
  note: noteSchema,
});

export const setMilestoneSchema = z.object({
  key: reportKey,
  kind: z.enum(MILESTONES),
  targetAt: localDateTimeSchema.nullable(),
  actualAt: localDateTimeSchema.nullable(),
  timeZone: timeZoneInputSchema,
  value: z.string().trim().max(2_000).nullable().default(null),
});

export const publishSchema = z.object({
  key: reportKey,
  /** Null: publish the advisory written on the report page (served on the public advisory page). */
  advisoryUrl: z.url({ protocol: /^https?$/, error: "Must be an http(s) URL" }).nullable(),
  overrideReason: z.string().trim().max(2_000).nullable().default(null),
});

export const saveAdvisorySchema = z.object({ key: reportKey, draft: advisoryDraftSchema });

export const exportAdvisorySchema = z.object({ key: reportKey, format: z.enum(["cve", "osv", "csaf"]) });

export const calendarQuerySchema = z.object({
  from: z.coerce.date(),
  to: z.coerce.date(),
  program: z.string().trim().max(40).optional(),
  severities: z
    .array(z.enum(["critical", "high", "medium", "low", "none"]))
    .max(5)
    .optional(),
});

export const disclosureFilterSchema = z.enum(DISCLOSURE_FILTERS);
