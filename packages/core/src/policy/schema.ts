import { z } from "zod";
import {
  ADVISORY_CHANNELS,
  ADVISORY_SCOPES,
  ASSESSMENT_ITEMS,
  CREDIT_MODES,
  CREDIT_PLACES,
  DISCLOSURE_ANCHORS,
  DURATION_UNITS,
  SUPPORT_STATUSES,
  WEEKDAYS,
} from "./enums.ts";
import { namesAVersion } from "./version-range.ts";

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

const emailList = z.array(z.email("Must be an email address")).max(10);

const uniqueList = <T extends z.ZodType>(item: T, max: number) =>
  z
    .array(item)
    .max(max)
    .refine((xs) => new Set(xs).size === xs.length, "Name each value once");

/** A subject line the reporter is asked to use; "…" marks where their own summary goes. */
const subjectSchema = z
  .string()
  .trim()
  .min(1, "Enter a subject line")
  .max(200, "At most 200 characters")
  .refine((s) => !/[`\p{Cc}\u2028\u2029]/u.test(s), "Must be one line without backticks");

/**
 * A program's promises (its SECURITY.md as data). null means the program
 * promises nothing for that clock.
 *
 * The fields marked "optional" were added after policies were first stored:
 * a stored policy may lack them, so reads go through withPolicyDefaults
 * (POLICY_DEFAULTS says what an absent field means), and a client that
 * replaces a policy must carry them over (the settings form does).
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
  /** Disclosure window from the report; with criticalDisclosure set, for non-critical issues only. */
  disclosure: durationSchema.nullable(),
  /**
   * Optional. Critical issues are disclosed `delay` after the release that
   * contains the patch (null delay: as soon as it is available), instead of
   * by the window above. null: the window applies to them too.
   */
  criticalDisclosure: z
    .object({ after: z.enum(DISCLOSURE_ANCHORS), delay: durationSchema.nullable() })
    .nullable()
    .optional(),
  /** Optional. The public disclosure date is agreed with the reporter. */
  coordinatedDisclosure: z.boolean().optional(),
  /** Optional. Whether and where reporters are credited. */
  credit: z
    .object({ mode: z.enum(CREDIT_MODES), places: uniqueList(z.enum(CREDIT_PLACES), CREDIT_PLACES.length) })
    .refine((c) => c.mode !== "not_offered" || c.places.length === 0, {
      message: "No places when credit is not offered",
      path: ["places"],
    })
    .optional(),
  /** Optional. Where advisories are published, each channel once. */
  advisories: z
    .array(z.object({ channel: z.enum(ADVISORY_CHANNELS), scope: z.enum(ADVISORY_SCOPES) }))
    .max(ADVISORY_CHANNELS.length)
    .refine((xs) => new Set(xs.map((x) => x.channel)).size === xs.length, "Name each channel once")
    .optional(),
  /** Optional. What the reporter is told after the initial assessment (or, without an assess clock, at all). */
  assessmentIncludes: uniqueList(z.enum(ASSESSMENT_ITEMS), ASSESSMENT_ITEMS.length).optional(),
  /** Optional. Critical issues get a patch release at once (the resolve clock still bounds the fix). */
  immediateCriticalPatch: z.boolean().optional(),
  /** Optional. Critical issues are escalated to the leadership team. */
  escalateCriticalToLeadership: z.boolean().optional(),
  /** Optional. Dependencies with a critical vulnerability are updated within this time (no per-report clock). */
  criticalDependencyUpdate: durationSchema.nullable().optional(),
  supportedVersions: z
    .array(
      z.object({
        range: z
          .string()
          .trim()
          .min(1, "Name the version range")
          .max(100)
          .refine(namesAVersion, "Name the version range with at least one letter or digit"),
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
    security: emailList,
    emergency: emailList,
    /** Optional. Addresses for general (non-security) support. */
    support: emailList.optional(),
    /** Optional. Subject lines for mail to the security and the emergency addresses. */
    subjects: z.object({ security: subjectSchema.nullable(), emergency: subjectSchema.nullable() }).optional(),
  }),
  languages: z.array(z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "Must be a language tag such as en")).max(20),
  pgpKeyUrl: z.url("Must be a URL").nullable().optional(),
  policyUrl: z.url("Must be a URL").nullable().optional(),
});
export type Policy = z.infer<typeof policySchema>;

type OptionalKey =
  | "criticalDisclosure"
  | "coordinatedDisclosure"
  | "credit"
  | "advisories"
  | "assessmentIncludes"
  | "immediateCriticalPatch"
  | "escalateCriticalToLeadership"
  | "criticalDependencyUpdate";
type Contacts = Policy["contacts"];
/** A policy with every optional field present. */
export type CompletePolicy = Omit<Policy, OptionalKey | "contacts"> &
  Required<Pick<Policy, OptionalKey>> & { contacts: Required<Contacts> };

/**
 * What an absent optional field means. Credit and coordinated disclosure
 * keep what every SECURITY.md said before they could be set (credit in the
 * advisory and hall of fame unless anonymous; the date agreed with the
 * reporter); the others promise nothing.
 */
export const POLICY_DEFAULTS: Required<Pick<Policy, OptionalKey>> & {
  contacts: Required<Pick<Contacts, "support" | "subjects">>;
} = {
  criticalDisclosure: null,
  coordinatedDisclosure: true,
  credit: { mode: "opt_out", places: ["advisory", "hall_of_fame"] },
  advisories: [],
  assessmentIncludes: [],
  immediateCriticalPatch: false,
  escalateCriticalToLeadership: false,
  criticalDependencyUpdate: null,
  contacts: { support: [], subjects: { security: null, emergency: null } },
};

/** The policy with each absent optional field set to what its absence means (POLICY_DEFAULTS). */
export function withPolicyDefaults(p: Policy): CompletePolicy {
  const d = structuredClone(POLICY_DEFAULTS);
  return {
    ...p,
    criticalDisclosure: p.criticalDisclosure ?? d.criticalDisclosure,
    coordinatedDisclosure: p.coordinatedDisclosure ?? d.coordinatedDisclosure,
    credit: p.credit ?? d.credit,
    advisories: p.advisories ?? d.advisories,
    assessmentIncludes: p.assessmentIncludes ?? d.assessmentIncludes,
    immediateCriticalPatch: p.immediateCriticalPatch ?? d.immediateCriticalPatch,
    escalateCriticalToLeadership: p.escalateCriticalToLeadership ?? d.escalateCriticalToLeadership,
    criticalDependencyUpdate: p.criticalDependencyUpdate ?? d.criticalDependencyUpdate,
    contacts: {
      ...p.contacts,
      support: p.contacts.support ?? d.contacts.support,
      subjects: p.contacts.subjects ?? d.contacts.subjects,
    },
  };
}

export const defaultPolicy = (): CompletePolicy => ({
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
  ...structuredClone(POLICY_DEFAULTS),
  supportedVersions: [],
  calendar: { timeZone: "UTC", workingDays: ["mon", "tue", "wed", "thu", "fri"], holidays: [] },
  contacts: { security: [], emergency: [], ...structuredClone(POLICY_DEFAULTS.contacts) },
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
