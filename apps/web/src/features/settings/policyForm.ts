import type { MergeRow, Policy } from "@embargo/core";

/**
 * The editor works on strings (what inputs hold) and converts to a Policy on
 * save; the server validates again and answers with field errors by path.
 */
export type DurationDraft = { amount: string; unit: string };
export interface PolicyDraft {
  acknowledge: DurationDraft;
  assess: DurationDraft;
  update: DurationDraft;
  emergency: DurationDraft;
  resolveCritical: DurationDraft;
  resolveHigh: DurationDraft;
  resolveMedium: DurationDraft;
  resolveLow: DurationDraft;
  disclosure: DurationDraft;
  timeZone: string;
  workingDays: string[];
  holidays: string;
  securityContacts: string;
  emergencyContacts: string;
  languages: string;
  supportedVersions: { range: string; status: string }[];
  pgpKeyUrl: string;
  policyUrl: string;
  /** Policy fields the form has no control for, as a SECURITY.md import set them (saved as they are). */
  fromImport: Partial<Pick<Policy, "credit" | "advisories" | "coordinatedDisclosure">>;
}

type D = { amount: number; unit: string } | "next_release" | null | undefined;

const toDraft = (d: D): DurationDraft =>
  d === "next_release"
    ? { amount: "", unit: "next_release" }
    : d
      ? { amount: String(d.amount), unit: d.unit }
      : { amount: "", unit: "none" };

export function draftFromPolicy(p: Policy): PolicyDraft {
  return {
    acknowledge: toDraft(p.acknowledge),
    assess: toDraft(p.assess),
    update: toDraft(p.update),
    emergency: toDraft(p.emergency),
    resolveCritical: toDraft(p.resolve.critical),
    resolveHigh: toDraft(p.resolve.high),
    resolveMedium: toDraft(p.resolve.medium),
    resolveLow: toDraft(p.resolve.low),
    disclosure: toDraft(p.disclosure),
    timeZone: p.calendar.timeZone,
    workingDays: [...p.calendar.workingDays],
    holidays: p.calendar.holidays.join("\n"),
    securityContacts: p.contacts.security.join("\n"),
    emergencyContacts: p.contacts.emergency.join("\n"),
    languages: p.languages.join(", "),
    supportedVersions: p.supportedVersions.map((v) => ({ ...v })),
    pgpKeyUrl: p.pgpKeyUrl ?? "",
    policyUrl: p.policyUrl ?? "",
    fromImport: {},
  };
}

/** What a possibly relevant sentence of a SECURITY.md may concern, in the words of the form. */
const FIELD_LABELS: Record<string, string> = {
  acknowledge: "Acknowledge within",
  assess: "Initial assessment within",
  update: "Status update every",
  emergency: "Emergency response (critical)",
  resolve: "Resolution (every severity)",
  "resolve.critical": "Resolution: critical",
  "resolve.high": "Resolution: high",
  "resolve.medium": "Resolution: medium",
  "resolve.low": "Resolution: low",
  disclosure: "Disclose within",
  "contacts.security": "Security contacts",
  "contacts.emergency": "Emergency contacts",
  "contacts.escalation": "Escalation contact (information only)",
  "contacts.support": "Support contact (information only)",
  supportedVersions: "Supported versions",
  languages: "Preferred languages",
};
export const fieldLabelOf = (field: string): string => FIELD_LABELS[field] ?? field;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
/** The status line after an import: what was found, what to do next, and what to read by hand. */
export function importSummary(
  values: number,
  possiblyRelevant: number,
  nextStep = "Review them in the form, then save.",
): string {
  const check = possiblyRelevant
    ? ` ${plural(possiblyRelevant, "sentence", "sentences")} may state more: see “Possibly relevant” and fill by hand.`
    : "";
  if (values === 0) return `No promises found in this file.${check}`;
  return `Found ${plural(values, "value", "values")}. ${nextStep}${check}`;
}

type DurationKey =
  | "acknowledge"
  | "assess"
  | "update"
  | "emergency"
  | "resolveCritical"
  | "resolveHigh"
  | "resolveMedium"
  | "resolveLow"
  | "disclosure";
const DURATION_KEYS: Partial<Record<MergeRow["field"], DurationKey>> = {
  acknowledge: "acknowledge",
  assess: "assess",
  update: "update",
  emergency: "emergency",
  "resolve.critical": "resolveCritical",
  "resolve.high": "resolveHigh",
  "resolve.medium": "resolveMedium",
  "resolve.low": "resolveLow",
  disclosure: "disclosure",
};

/**
 * The form after "Apply" on an import's merge: each row the admin did not keep is written into the draft, every other
 * field stays as the form holds it (the calendar is never imported). Nothing is saved here; the admin saves the form.
 */
export function draftFromMerge(base: PolicyDraft, rows: MergeRow[]): PolicyDraft {
  const d: PolicyDraft = { ...base, fromImport: { ...base.fromImport } };
  for (const r of rows) {
    if (r.action === "keep") continue;
    const v = r.result;
    const durationKey = DURATION_KEYS[r.field];
    if (durationKey) d[durationKey] = toDraft(v as D);
    else if (r.field === "contacts.security") d.securityContacts = (v as string[]).join("\n");
    else if (r.field === "contacts.emergency") d.emergencyContacts = (v as string[]).join("\n");
    else if (r.field === "languages") d.languages = (v as string[]).join(", ");
    else if (r.field === "supportedVersions")
      d.supportedVersions = (v as Policy["supportedVersions"]).map((x) => ({ ...x }));
    else if (r.field === "credit") d.fromImport.credit = structuredClone(v as NonNullable<Policy["credit"]>);
    else if (r.field === "advisories")
      d.fromImport.advisories = structuredClone(v as NonNullable<Policy["advisories"]>);
    else if (r.field === "coordinatedDisclosure") d.fromImport.coordinatedDisclosure = v as boolean;
  }
  return d;
}

const lines = (s: string) =>
  s
    .split(/[\n,]/)
    .map((x) => x.trim())
    .filter(Boolean);

function fromDraft(d: DurationDraft): unknown {
  if (d.unit === "none") return null;
  if (d.unit === "next_release") return "next_release";
  return { amount: d.amount.trim() === "" ? Number.NaN : Number(d.amount), unit: d.unit };
}

/**
 * The policy to save: the form's fields from the draft, every other field
 * (those the form does not edit) as the saved policy has it, since saving
 * replaces the whole policy. Not validated here: the server's zod schema is
 * the single judge.
 */
export function policyFromDraft(d: PolicyDraft, saved: Policy): Policy {
  return {
    ...saved,
    ...structuredClone(d.fromImport),
    acknowledge: fromDraft(d.acknowledge),
    assess: fromDraft(d.assess),
    update: fromDraft(d.update),
    emergency: fromDraft(d.emergency),
    resolve: {
      critical: fromDraft(d.resolveCritical),
      high: fromDraft(d.resolveHigh),
      medium: fromDraft(d.resolveMedium),
      low: fromDraft(d.resolveLow),
    },
    disclosure: fromDraft(d.disclosure),
    supportedVersions: d.supportedVersions.filter((v) => v.range.trim() !== ""),
    calendar: { timeZone: d.timeZone.trim(), workingDays: d.workingDays, holidays: lines(d.holidays) },
    contacts: { ...saved.contacts, security: lines(d.securityContacts), emergency: lines(d.emergencyContacts) },
    languages: lines(d.languages),
    pgpKeyUrl: d.pgpKeyUrl.trim() || null,
    policyUrl: d.policyUrl.trim() || null,
  } as Policy;
}

/** Server field paths (policy.resolve.critical.amount) -> draft keys. */
/** The first version row a field-error path names ("policy.supportedVersions.2.range" → 2), or null. */
export function versionRowOf(paths: string[]): number | null {
  for (const p of paths) {
    const m = /supportedVersions\.(\d+)/.exec(p);
    if (m) return Number(m[1]);
  }
  return null;
}

export function draftKeyOf(path: string): string {
  const p = path.replace(/^policy\./, "");
  const m = /^resolve\.(critical|high|medium|low)/.exec(p);
  if (m) return `resolve${m[1]![0]!.toUpperCase()}${m[1]!.slice(1)}`;
  if (p.startsWith("calendar.timeZone")) return "timeZone";
  if (p.startsWith("calendar.workingDays")) return "workingDays";
  if (p.startsWith("calendar.holidays")) return "holidays";
  if (p.startsWith("contacts.security")) return "securityContacts";
  if (p.startsWith("contacts.emergency")) return "emergencyContacts";
  return p.split(".")[0] ?? p;
}
