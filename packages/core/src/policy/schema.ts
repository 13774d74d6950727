import { z } from "zod";
import { DURATION_UNITS, SUPPORT_STATUSES, WEEKDAYS } from "./enums.ts";

/** A promised duration, e.g. 24 hours or 5 business days. */
export const durationSchema = z.object({
  amount: z.number({ error: "Enter a number" }).int("Must be a whole number").min(1, "Must be at least 1").max(10_000),
  unit: z.enum(DURATION_UNITS),
});
export type Duration = z.infer<typeof durationSchema>;

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

/**
 * A program's promises (its SECURITY.md as data). null means the program
 * promises nothing for that clock.
 */
export const policySchema = z.object({
  acknowledge: durationSchema.nullable(),
  assess: durationSchema.nullable(),
  update: durationSchema.nullable(),
  emergency: durationSchema.nullable(),
  resolve: z.object({
    critical: durationSchema.nullable(),
    high: durationSchema.nullable(),
    medium: durationSchema.nullable(),
    low: z.union([durationSchema, z.literal("next_release")]).nullable(),
  }),
  disclosure: durationSchema.nullable(),
  supportedVersions: z
    .array(
      z.object({
        range: z.string().trim().min(1, "Name the version range").max(100),
        status: z.enum(SUPPORT_STATUSES),
      }),
    )
    .max(100),
  calendar: z.object({
    timeZone: z.string().refine(isTimeZone, "Must be an IANA time zone such as Europe/Berlin"),
    workingDays: z.array(z.enum(WEEKDAYS)).min(1, "At least one working day").max(7),
    /** ISO dates (YYYY-MM-DD) in the program's time zone. */
    holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Must be a date YYYY-MM-DD")).max(400),
  }),
  contacts: z.object({
    security: z.array(z.email("Must be an email address")).max(10),
    emergency: z.array(z.email("Must be an email address")).max(10),
  }),
  languages: z.array(z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "Must be a language tag such as en")).max(20),
  pgpKeyUrl: z.url("Must be a URL").nullable().optional(),
  policyUrl: z.url("Must be a URL").nullable().optional(),
});
export type Policy = z.infer<typeof policySchema>;

export const defaultPolicy = (): Policy => ({
  acknowledge: { amount: 24, unit: "hours" },
  assess: { amount: 5, unit: "business_days" },
  update: { amount: 7, unit: "days" },
  emergency: null,
  resolve: {
    critical: { amount: 7, unit: "days" },
    high: { amount: 30, unit: "days" },
    medium: { amount: 60, unit: "days" },
    low: "next_release",
  },
  disclosure: { amount: 90, unit: "days" },
  supportedVersions: [],
  calendar: { timeZone: "UTC", workingDays: ["mon", "tue", "wed", "thu", "fri"], holidays: [] },
  contacts: { security: [], emergency: [] },
  languages: ["en"],
  pgpKeyUrl: null,
  policyUrl: null,
});

export function formatDuration(d: Duration | "next_release" | null): string {
  if (d === null) return "no promise";
  if (d === "next_release") return "next release";
  const unit = d.unit === "business_days" ? "business day" : d.unit.replace(/s$/, "");
  return `${d.amount} ${unit}${d.amount === 1 ? "" : "s"}`;
}
