/**
 * Importing a SECURITY.md onto a policy that already exists: a merge the admin
 * reviews field by field, never an overwrite. A field the file does not mention
 * keeps its current value; a mentioned one is replaced by default; clearing
 * (no promise, no address) happens only when the admin chooses it. A value the
 * reader was not sure of (confidence below CONFIDENCE_THRESHOLD) is shown but
 * not applied unless the admin takes it.
 *
 * Pure: rows in, policy out. applyMerge(current, rows) is exactly the policy
 * the settings form saves after "Apply", so each row's `result` is what will
 * be stored.
 */
import { CREDIT_PLACES, type CreditPlace } from "./enums.ts";
import { type Duration, formatDuration, type Policy, withPolicyDefaults } from "./schema.ts";
import { CONFIDENCE_THRESHOLD, type ParsedPolicy, type PossiblyRelevant } from "./security-md/index.ts";

export type MergeAction = "keep" | "replace" | "clear";

type Credit = NonNullable<Policy["credit"]>;
type Advisories = NonNullable<Policy["advisories"]>;
/** Every value a merge row can hold. */
export type MergeValue =
  | Duration
  | "next_release"
  | null
  | string[]
  | Policy["supportedVersions"]
  | Credit
  | Advisories
  | boolean;

export interface ImportedValue {
  value: MergeValue;
  /** The sentence (or sentences, joined by a blank line) the value came from. */
  evidence: string;
  confidence: number;
  /** Why the value reads as it does when the file leaves part of it open. */
  note: string | null;
}

export interface MergeRow {
  field: MergeField;
  label: string;
  current: MergeValue;
  /** null: the file does not mention the field (or only in a sentence too unsure to read: see possiblyRelevant). */
  imported: ImportedValue | null;
  /** Sentences that may concern this field but gave no value the reader was sure of. */
  possiblyRelevant: PossiblyRelevant[];
  action: MergeAction;
  result: MergeValue;
}

interface FieldSpec {
  label: string;
  /** The field's value in a policy (absent optional fields read as their default). */
  get: (p: Policy) => MergeValue;
  set: (p: Policy, v: MergeValue) => Policy;
  /** The cleared value: no promise, no address, not offered. */
  empty: MergeValue;
  /** What the file says, or null when it does not mention the field. */
  read: (parsed: ParsedPolicy) => Omit<ImportedValue, "confidence"> | null;
}

const withEvidence = (parsed: ParsedPolicy, key: string, value: MergeValue) => {
  const evidence = parsed.evidence[key];
  return evidence === undefined ? null : { value, evidence, note: null };
};

const durationField = (
  label: string,
  key: "acknowledge" | "assess" | "update" | "emergency" | "disclosure",
): [string, FieldSpec] => [
  key,
  {
    label,
    get: (p) => p[key],
    set: (p, v) => ({ ...p, [key]: v }),
    empty: null,
    read: (parsed) => (parsed[key] === null ? null : withEvidence(parsed, key, parsed[key])),
  },
];

const resolveField = (label: string, sev: "critical" | "high" | "medium" | "low"): [string, FieldSpec] => [
  `resolve.${sev}`,
  {
    label,
    get: (p) => p.resolve[sev],
    set: (p, v) => ({ ...p, resolve: { ...p.resolve, [sev]: v } }),
    empty: null,
    read: (parsed) => {
      const v = parsed.resolve[sev];
      // Only the low severity may wait for the next release; elsewhere the file's words are no clock.
      if (v === null || (v === "next_release" && sev !== "low")) return null;
      return withEvidence(parsed, `resolve.${sev}`, v);
    },
  },
];

const listField = (
  label: string,
  key: "contacts.security" | "contacts.emergency" | "languages",
): [string, FieldSpec] => {
  const pick = (p: Policy) =>
    key === "languages" ? p.languages : key === "contacts.security" ? p.contacts.security : p.contacts.emergency;
  return [
    key,
    {
      label,
      get: pick,
      set: (p, v) => {
        const list = [...(v as string[])];
        if (key === "languages") return { ...p, languages: list };
        return { ...p, contacts: { ...p.contacts, [key === "contacts.security" ? "security" : "emergency"]: list } };
      },
      empty: [],
      read: (parsed) => {
        const list =
          key === "languages"
            ? parsed.languages
            : key === "contacts.security"
              ? parsed.contacts.security
              : parsed.contacts.emergency;
        return list.length === 0 ? null : withEvidence(parsed, key, [...list]);
      },
    },
  ];
};

/** The file's credit statement as the policy's credit; what it leaves open follows the current policy. */
function readCredit(parsed: ParsedPolicy, current: Credit): Omit<ImportedValue, "confidence"> | null {
  const s = parsed.statements.credit;
  if (s === null) return null;
  if (!s.offered) return { value: { mode: "not_offered", places: [] }, evidence: s.evidence, note: null };
  const places: CreditPlace[] = CREDIT_PLACES.filter((p) => s.places.includes(p));
  if (s.mode !== null) return { value: { mode: s.mode, places }, evidence: s.evidence, note: null };
  // The file offers credit without saying whose choice it is: keep the current choice, or credit only on request.
  const mode = current.mode === "not_offered" ? "opt_in" : current.mode;
  return {
    value: { mode, places },
    evidence: s.evidence,
    note:
      current.mode === "not_offered"
        ? "The file does not say whether reporters must ask: credit only reporters who ask for it."
        : "The file does not say whether reporters must ask: the current choice stays.",
  };
}

const FIELDS: [string, FieldSpec][] = [
  durationField("Acknowledge within", "acknowledge"),
  durationField("Initial assessment within", "assess"),
  durationField("Status update every", "update"),
  durationField("Emergency response (critical)", "emergency"),
  resolveField("Resolution: critical", "critical"),
  resolveField("Resolution: high", "high"),
  resolveField("Resolution: medium", "medium"),
  resolveField("Resolution: low", "low"),
  durationField("Disclose within", "disclosure"),
  listField("Security contacts", "contacts.security"),
  listField("Emergency contacts", "contacts.emergency"),
  [
    "supportedVersions",
    {
      label: "Supported versions",
      get: (p) => p.supportedVersions,
      set: (p, v) => ({ ...p, supportedVersions: (v as Policy["supportedVersions"]).map((x) => ({ ...x })) }),
      empty: [],
      read: (parsed) =>
        parsed.supportedVersions.length === 0
          ? null
          : withEvidence(
              parsed,
              "supportedVersions",
              parsed.supportedVersions.map((x) => ({ ...x })),
            ),
    },
  ],
  listField("Preferred languages", "languages"),
  [
    "coordinatedDisclosure",
    {
      label: "Disclosure date agreed with the reporter",
      get: (p) => withPolicyDefaults(p).coordinatedDisclosure,
      set: (p, v) => ({ ...p, coordinatedDisclosure: v as boolean }),
      empty: false,
      read: (parsed) => {
        const s = parsed.statements.coordinatedDisclosure;
        return s === null ? null : { value: true, evidence: s.evidence, note: null };
      },
    },
  ],
  [
    "credit",
    {
      label: "Credit for reporters",
      get: (p) => withPolicyDefaults(p).credit,
      set: (p, v) => ({ ...p, credit: structuredClone(v as Credit) }),
      empty: { mode: "not_offered", places: [] },
      read: () => null, // needs the current policy: see mergeImport
    },
  ],
  [
    "advisories",
    {
      label: "Advisories published on",
      get: (p) => withPolicyDefaults(p).advisories,
      set: (p, v) => ({ ...p, advisories: structuredClone(v as Advisories) }),
      empty: [],
      read: (parsed) => {
        const stated = parsed.statements.advisories.filter((a) => a.channel !== "cve");
        if (stated.length === 0) return null;
        const value = stated.map((a) => ({ channel: a.channel as Advisories[number]["channel"], scope: a.scope }));
        return { value, evidence: [...new Set(stated.map((a) => a.evidence))].join("\n\n"), note: null };
      },
    },
  ],
];

export const MERGE_FIELDS = [
  "acknowledge",
  "assess",
  "update",
  "emergency",
  "resolve.critical",
  "resolve.high",
  "resolve.medium",
  "resolve.low",
  "disclosure",
  "contacts.security",
  "contacts.emergency",
  "supportedVersions",
  "languages",
  "coordinatedDisclosure",
  "credit",
  "advisories",
] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];

const SPECS = new Map(FIELDS) as Map<MergeField, FieldSpec>;
const spec = (field: MergeField): FieldSpec => SPECS.get(field) as FieldSpec;

function resultOf(row: Pick<MergeRow, "field" | "current" | "imported">, action: MergeAction): MergeValue {
  if (action === "clear") return spec(row.field).empty;
  if (action === "replace" && row.imported) return row.imported.value;
  return row.current;
}

/** A possibly relevant sentence about fix times in general concerns every severity's row. */
const concerns = (p: PossiblyRelevant, field: MergeField) =>
  p.field === field || (p.field === "resolve" && field.startsWith("resolve."));

/**
 * One row per field the import can change, in the order of the settings form: what the policy holds now, what
 * the file says (with its sentence and confidence) and the result of the default action.
 */
export function mergeImport(current: Policy, parsed: ParsedPolicy): MergeRow[] {
  return MERGE_FIELDS.map((field) => {
    const s = spec(field);
    const currentValue = s.get(current);
    const read = field === "credit" ? readCredit(parsed, currentValue as Credit) : s.read(parsed);
    const confidence =
      field === "credit" ? (parsed.statements.credit?.confidence ?? 1) : (parsed.confidence[field] ?? 1);
    const imported = read ? { ...read, confidence } : null;
    const possiblyRelevant = parsed.possiblyRelevant.filter((p) => concerns(p, field));
    // An unsure value is offered, not applied: the admin reads its sentence and takes it by hand.
    if (imported && confidence < CONFIDENCE_THRESHOLD)
      possiblyRelevant.push({
        field,
        excerpt: imported.evidence,
        reason: field === "credit" ? "the file says both yes and no" : "the reader was not sure of the value",
      });
    const action: MergeAction = imported && confidence >= CONFIDENCE_THRESHOLD ? "replace" : "keep";
    const row = { field, label: s.label, current: currentValue, imported, possiblyRelevant };
    return { ...row, action, result: resultOf(row, action) };
  });
}

/** The rows with one row's choice changed. Taking an imported value the file does not state keeps the current one. */
export function chooseMergeAction(rows: MergeRow[], field: MergeField, action: MergeAction): MergeRow[] {
  return rows.map((r) => {
    if (r.field !== field) return r;
    const a = action === "replace" && r.imported === null ? "keep" : action;
    return { ...r, action: a, result: resultOf(r, a) };
  });
}

/** The policy after the merge: every row's result in place, every other field as it was. */
export function applyMerge(current: Policy, rows: MergeRow[]): Policy {
  let p: Policy = structuredClone(current);
  for (const r of rows) if (r.action !== "keep") p = spec(r.field).set(p, r.result);
  return p;
}

/** A row's value in words, for the merge table. */
export function formatMergeValue(field: MergeField, v: MergeValue): string {
  if (field === "credit") {
    const c = v as Credit;
    if (c.mode === "not_offered") return "not offered";
    const where = c.places.map((p) => (p === "advisory" ? "advisory" : "hall of fame")).join(" and ");
    const who = c.mode === "opt_in" ? "reporters who ask" : "every reporter unless anonymous";
    return `${who}${where ? `, in the ${where}` : ""}`;
  }
  if (field === "advisories") {
    const list = v as Advisories;
    const name = { github: "GitHub Security Advisories", email: "mailing list", website: "website" } as const;
    return list.length === 0
      ? "none"
      : list.map((a) => `${name[a.channel]}${a.scope === "critical" ? " (critical only)" : ""}`).join(", ");
  }
  if (field === "coordinatedDisclosure") return v ? "yes" : "no";
  if (field === "supportedVersions") {
    const list = v as Policy["supportedVersions"];
    return list.length === 0 ? "none listed" : list.map((x) => `${x.range} (${x.status})`).join(", ");
  }
  if (Array.isArray(v)) return v.length === 0 ? "none" : (v as string[]).join(", ");
  return formatDuration(v as Duration | "next_release" | null);
}
