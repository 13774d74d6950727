import { z } from "zod";
import { passwordSchema } from "./auth.ts";
import { type Duration, defaultPolicy, type Policy } from "./policy/schema.ts";

/** How a program numbers its releases, for advisories and fixed versions. */
export const VERSION_SCHEMES = ["semver", "calver", "other"] as const;
export type VersionScheme = (typeof VERSION_SCHEMES)[number];

export const VERSION_SCHEME_LABEL: Record<VersionScheme, string> = {
  semver: "Semantic versioning (1.4.2)",
  calver: "Calendar versioning (2026.03)",
  other: "Other",
};

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

/** The slug is the program's public URL (/report/<slug>), so it stays short and plain. */
export const programSlugSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9-]{2,40}$/, "Use 2 to 40 lowercase letters, digits or dashes")
  .regex(/^[a-z0-9].*[a-z0-9]$/, "Start and end with a letter or digit");

/** Report keys read PREFIX-42, so the prefix is a short word of capitals. */
export const keyPrefixSchema = z
  .string()
  .trim()
  .regex(/^[A-Z]{2,10}$/, "Use 2 to 10 capital letters (A-Z)");

const programFields = {
  name: z.string().trim().min(1, "Name the program").max(100, "Must be at most 100 characters"),
  description: z.string().trim().max(2_000, "Must be at most 2000 characters").default(""),
  versionScheme: z.enum(VERSION_SCHEMES, { error: "Choose semver, calver or other" }).default("semver"),
};

/**
 * A new program. The policy comes from a confirmed SECURITY.md draft or is
 * the default; `timeZone` overrides the policy's calendar zone.
 */
export const programCreateSchema = z.object({
  ...programFields,
  slug: programSlugSchema,
  keyPrefix: keyPrefixSchema,
  timeZone: z.string().trim().refine(isTimeZone, "Must be an IANA time zone such as Europe/Berlin").default("UTC"),
});
export type ProgramCreateInput = z.input<typeof programCreateSchema>;

/** What advisories say about the program: the vendor, the CVE assigner (CNA) and the OSV ecosystem of its packages. */
export const advisorySettingsSchema = z.object({
  vendorName: z.string().trim().max(200, "Must be at most 200 characters").nullable(),
  cveAssignerOrgId: z.uuid("Must be the CNA's organisation UUID (from the CVE Services account)").nullable(),
  cveAssignerShortName: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{2,32}$/, "Use 2 to 32 letters, digits, dashes or underscores (the CNA short name)")
    .nullable(),
  osvEcosystem: z.string().trim().max(100, "Must be at most 100 characters").nullable(),
});
export type AdvisorySettings = z.infer<typeof advisorySettingsSchema>;

/** What can change after creation. Slug and prefix are fixed once reports exist (links and keys use them). */
export const programUpdateSchema = z.object({
  name: programFields.name.optional(),
  description: z.string().trim().max(2_000, "Must be at most 2000 characters").optional(),
  versionScheme: z.enum(VERSION_SCHEMES, { error: "Choose semver, calver or other" }).optional(),
  slug: programSlugSchema.optional(),
  keyPrefix: keyPrefixSchema.optional(),
  advisory: advisorySettingsSchema.partial().optional(),
});

/** The first administrator, created through the one-time setup link. */
export const setupAdminSchema = z.object({
  code: z.string().trim().min(1, "The setup code is missing").max(200),
  email: z.string().trim().toLowerCase().max(320).pipe(z.email("Must be an email address")),
  name: z.string().trim().min(1, "Enter your name").max(100, "Must be at most 100 characters"),
  password: passwordSchema,
});

type ParsedDurationLike = { amount: number; unit: Duration["unit"] } | "next_release" | null;
/** The promises parseSecurityMd found (its output without the evidence). */
export interface ParsedPromises {
  acknowledge: ParsedDurationLike;
  assess: ParsedDurationLike;
  update: ParsedDurationLike;
  emergency: ParsedDurationLike;
  resolve: {
    critical: ParsedDurationLike;
    high: ParsedDurationLike;
    medium: ParsedDurationLike;
    low: ParsedDurationLike;
  };
  disclosure: ParsedDurationLike;
  contacts: { security: string[]; emergency: string[] };
  supportedVersions: Policy["supportedVersions"];
  languages: string[];
}

const plain = (d: ParsedDurationLike): Duration | null => (d && d !== "next_release" ? d : null);

/**
 * A new program's policy from a SECURITY.md: what the file promises, and no
 * promise where it states none (a clock nobody promised would page people
 * for nothing). Calendar and languages fall back to `base` when unstated.
 * Only report and emergency addresses become contacts: the parser's
 * escalation and support addresses and its possibly relevant sentences are
 * for the admin to read, never applied.
 */
export function policyFromParsed(parsed: ParsedPromises, base: Policy = defaultPolicy()): Policy {
  return {
    ...base,
    acknowledge: plain(parsed.acknowledge),
    assess: plain(parsed.assess),
    update: plain(parsed.update),
    emergency: plain(parsed.emergency),
    resolve: {
      critical: plain(parsed.resolve.critical),
      high: plain(parsed.resolve.high),
      medium: plain(parsed.resolve.medium),
      low: parsed.resolve.low === "next_release" ? "next_release" : plain(parsed.resolve.low),
    },
    disclosure: plain(parsed.disclosure),
    supportedVersions: parsed.supportedVersions.map((v) => ({ ...v })),
    contacts: { security: [...parsed.contacts.security], emergency: [...parsed.contacts.emergency] },
    languages: parsed.languages.length ? [...parsed.languages] : [...base.languages],
  };
}
