import { z } from "zod";
import { ESCALATION_LEVELS } from "./escalations.ts";
import { AGE_BUCKETS, COMPLIANCE_CLOCKS, KPI_SEVERITIES } from "./kpis.ts";
import { periodInputSchema } from "./period.ts";

/** Program slugs; omitted or empty: every program the caller is a member of. */
const programsSchema = z.array(z.string().trim().min(1).max(64)).max(100).optional();

export const panelInputSchema = z.object({ programs: programsSchema });
export const kpisInputSchema = z.object({ period: periodInputSchema, programs: programsSchema });
export const trendsInputSchema = z.object({ programs: programsSchema });

export const LEADERSHIP_METRICS = [
  "escalated",
  "criticals",
  "breached",
  "at_risk",
  "disclosures_due",
  "backlog",
  "received",
  "closed",
  "acknowledged",
  "assessed",
  "fixed",
  "compliance_met",
  "compliance_missed",
] as const;
export type LeadershipMetric = (typeof LEADERSHIP_METRICS)[number];
/** Metrics that are about a period; the others are about now. */
export const PERIOD_METRICS: readonly LeadershipMetric[] = [
  "received",
  "closed",
  "acknowledged",
  "assessed",
  "fixed",
  "compliance_met",
  "compliance_missed",
];

export const leadershipReportsInputSchema = z.object({
  metric: z.enum(LEADERSHIP_METRICS),
  period: periodInputSchema.optional(),
  programs: programsSchema,
  severity: z.enum(KPI_SEVERITIES).optional(),
  bucket: z.enum(AGE_BUCKETS).optional(),
  clock: z.enum(COMPLIANCE_CLOCKS).optional(),
  /** One program of a compliance row. */
  program: z.string().trim().min(1).max(64).optional(),
  page: z.number().int().min(1).max(10_000).default(1),
});

export const escalationListInputSchema = z.object({
  programs: programsSchema,
  status: z.enum(["open", "resolved", "all"]).default("open"),
  page: z.number().int().min(1).max(10_000).default(1),
});

const note = z.string().trim().max(2000, "A note can be at most 2000 characters");

export const acknowledgeEscalationSchema = z.object({
  id: z.number().int().positive(),
  note: note.optional(),
});
export const resolveEscalationSchema = z.object({
  id: z.number().int().positive(),
  note: note.min(1, "Say why it is resolved"),
});
export const raiseEscalationSchema = z.object({
  key: z.string().trim().toUpperCase().min(1).max(30),
  level: z.enum(ESCALATION_LEVELS),
  reason: z
    .string()
    .trim()
    .min(1, "Give a reason leadership will understand")
    .max(500, "A reason can be at most 500 characters"),
});

export const digestSettingSchema = z.object({
  weekday: z.number().int().min(1, "Pick a weekday").max(7, "Pick a weekday").nullable(),
  hour: z.number().int().min(0, "An hour is 0 to 23").max(23, "An hour is 0 to 23"),
});
