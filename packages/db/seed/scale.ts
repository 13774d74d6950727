import {
  CLOSED_STATES,
  type Clock,
  computeClocks,
  isOpenState,
  type MessageKind,
  nextDeadlines,
  type Random as Rand,
  REPORT_STATES,
  type ReportState,
  type Severity,
  type SeveritySource,
  type SlaEvent,
  scoreCvss,
  seededRandom,
  severityRank,
} from "@embargo/core";
import { eq } from "drizzle-orm";
import { type Actor, appendAudit } from "../src/audit/log.ts";
import type { Db } from "../src/client.ts";
import { createProgram, hasPrograms, updateProgram } from "../src/programs/programs.ts";
import { programs as programTable } from "../src/schema/programs.ts";
import { DEMO_PROGRAMS, DEMO_USERS } from "../src/seed/demo.ts";
import { DEMO_ADVISORY, DEMO_FINDINGS, DEMO_PRODUCTS, type DemoProgramSlug } from "../src/seed/demo-content.ts";
import { nextSweepInstant } from "../src/sla/clocks.ts";
import { createUser } from "../src/users/create-user.ts";
import { disclosureRowsOf } from "./scale-disclosure.ts";
import { ESCALATION_COLUMNS, escalationRowsOf, type Responders } from "./scale-escalations.ts";

/**
 * Bulk data for benchmarks and load tests: `embargo seed --reports N`.
 *
 * The demo seed goes through createReport/applyTransition one call at a time
 * (a transaction, an audit entry and a timeline replay per step); that is
 * right for 60 reports and far too slow for a million. Here every row is
 * generated in memory and written with prepared statements in transactions
 * of `batchSize` reports. The rows are what the write paths would have
 * produced: the timeline holds a `created` event and every transition,
 * severity change, assignment and message; the report's state, resume state
 * and severity follow from it; and the stored SLA columns (next deadline,
 * next at-risk instant, SLA state, resolve due, one report_clocks row per
 * clock with its due and met instants) come from the clock engine run on
 * exactly those events, as recomputeSla would store them at the seed's `now`.
 * The leadership KPI instants (acknowledged, assessed, fixed, closed) are
 * taken from the same transitions as they are generated, by the rules the
 * transitions apply (reports/writes.ts lifecycleInstants): no replay.
 * Escalations follow each report's history (scale-escalations.ts): raised
 * when a clock went at risk or breached, the report became critical or a
 * disclosure came due; resolved when their cause went away, or by hand; the
 * few open ones are what the sweeps would have left, and reports at risk are
 * marked swept, so a server started on the database has nothing to catch up.
 *
 * Credit preferences are set on reports with a researcher (with the `credit`
 * event the portal writes); status-link token hashes are random (nobody holds
 * the tokens). Disclosure plans, requests, milestones, CVE ids and a few
 * advisories follow each report's state (scale-disclosure.ts). Not generated:
 * timeline events for those, attachments, outbox entries, reopened reports, and one audit entry per row
 * (a single summary entry records the bulk load).
 */

export interface ScaleSeedOptions {
  reports: number;
  /** Number of programs (default 3); beyond the three demo programs their policies repeat. */
  programs?: number;
  now?: Date;
  /** PRNG seed: the same options give the same database. */
  seed?: number;
  /** Reports per transaction. */
  batchSize?: number;
  onProgress?: (p: ScaleProgress) => void;
}

export interface ScaleProgress {
  phase: "setup" | "reports" | "search index" | "done";
  done: number;
  total: number;
}

export interface ScaleSeedResult {
  programs: number;
  users: number;
  researchers: number;
  reports: number;
  events: number;
  messages: number;
  escalations: number;
  /** Escalations still open at `now`. */
  openEscalations: number;
  /** report_clocks rows. */
  clocks: number;
  milestones: number;
  advisories: number;
  /** Reports per state, as written. */
  states: Record<string, number>;
  seconds: number;
}

export class NonEmptyDatabaseError extends Error {
  constructor() {
    super("the database already has programs; bulk data goes into an empty database");
  }
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Reports arrive over this many days before `now`, more of them recently. */
const SPAN_DAYS = 3 * 365;

const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

function weighted<T>(rand: Rand, entries: readonly (readonly [T, number])[]): T {
  let total = 0;
  for (const [, w] of entries) total += w;
  let x = rand() * total;
  for (const [v, w] of entries) {
    x -= w;
    if (x < 0) return v;
  }
  return entries[entries.length - 1]![0];
}

// ---------------------------------------------------------------------------
// Content

const CLASSES: readonly { name: string; cwe: string }[] = [
  { name: "Stored XSS", cwe: "CWE-79" },
  { name: "Reflected XSS", cwe: "CWE-79" },
  { name: "SQL injection", cwe: "CWE-89" },
  { name: "Server-side request forgery", cwe: "CWE-918" },
  { name: "IDOR", cwe: "CWE-639" },
  { name: "Path traversal", cwe: "CWE-22" },
  { name: "Open redirect", cwe: "CWE-601" },
  { name: "CSRF", cwe: "CWE-352" },
  { name: "Remote code execution", cwe: "CWE-94" },
  { name: "Unsafe deserialization", cwe: "CWE-502" },
  { name: "Missing rate limit", cwe: "CWE-307" },
  { name: "Session fixation", cwe: "CWE-384" },
  { name: "Information disclosure", cwe: "CWE-200" },
  { name: "Denial of service", cwe: "CWE-400" },
  { name: "Prompt injection", cwe: "CWE-77" },
  { name: "XML external entity", cwe: "CWE-611" },
  { name: "Broken access control", cwe: "CWE-284" },
  { name: "Privilege escalation", cwe: "CWE-269" },
  { name: "Hard-coded credentials", cwe: "CWE-798" },
  { name: "Clickjacking", cwe: "CWE-1021" },
  { name: "Race condition", cwe: "CWE-362" },
  { name: "Cache poisoning", cwe: "CWE-444" },
  { name: "Signature not verified", cwe: "CWE-347" },
  { name: "Command injection", cwe: "CWE-78" },
  { name: "Template injection", cwe: "CWE-1336" },
  { name: "CORS misconfiguration", cwe: "CWE-942" },
  { name: "Account takeover via password reset", cwe: "CWE-640" },
  { name: "Log injection", cwe: "CWE-117" },
  { name: "Insecure direct download", cwe: "CWE-425" },
  { name: "Token leakage", cwe: "CWE-598" },
];

/** Components per demo program (the demo findings' and more). */
const COMPONENTS: Record<DemoProgramSlug, readonly string[]> = {
  voice: [
    "gateway/websocket",
    "web/agent-console",
    "agent/runtime",
    "agent/tools",
    "flows/import",
    "api/recordings",
    "web/transcripts",
    "integrations/webhooks",
    "stt/redaction",
    "stt/deepgram",
    "tts/voices",
    "telephony/sip",
    "auth/sso",
    "admin/users",
    "api/calls",
  ],
  echo: [
    "widget/embed",
    "widget/api",
    "kb/retrieval",
    "kb/ingest",
    "ai/answers",
    "api/conversations",
    "admin/exports",
    "admin/team",
    "voice/recordings",
    "billing/plans",
    "auth/oauth",
  ],
  serenesense: [
    "updater/download",
    "updater/verify",
    "model/classifier",
    "runtime/audio-io",
    "runtime/http-api",
    "runtime/telemetry",
    "device/firmware",
    "device/provisioning",
    "training/fine-tune",
    "tools/convert",
  ],
};

const VIA = [
  "via crafted filename",
  "via the speaker name",
  "in the export endpoint",
  "through the webhook URL",
  "after SSO login",
  "on the settings page",
  "in the mobile API",
  "via the sort parameter",
  "through a malicious attachment",
  "in bulk import",
  "via Unicode normalisation",
  "when the feature flag is off",
  "via HTTP request smuggling",
  "on the public status page",
  "via the GraphQL batch endpoint",
  "in the invitation flow",
  "through a redirect chain",
  "via a stale cache entry",
  "in the audit export",
  "with a downgraded TLS session",
];

const DETAILS = [
  "The handler trusts a client-supplied value and passes it on without validation.",
  "The check runs on the client only; the server accepts the request as sent.",
  "An identifier from the URL is used to load the record without checking its owner.",
  "The parser follows references it should refuse, and the result is echoed back.",
  "Two concurrent requests pass the check before either one writes.",
  "The response includes internal fields that the interface never shows.",
  "A header set by the caller is trusted as if a proxy had set it.",
  "The value is concatenated into a query string instead of being bound.",
];

const BULLETS = [
  "tested on the hosted service and the self-hosted release",
  "no special configuration needed",
  "reproduced with a fresh trial account",
  "works with the default role",
  "seen on the latest release and the one before it",
  "found with a fuzzer, confirmed by hand",
  "needs one click from a signed-in user",
  "unauthenticated",
];

const CLOSING = [
  "Happy to help verify a fix. Please credit me if you publish an advisory.",
  "Please keep me updated. I follow a 90 day disclosure window.",
  "Let me know if you need a video of the reproduction.",
  "I have not shared this with anyone else.",
];

const FIRST = [
  "Amara",
  "Lukas",
  "Mei",
  "Diego",
  "Priya",
  "Jonas",
  "Sofia",
  "Kwame",
  "Yuki",
  "Elena",
  "Omar",
  "Hana",
  "Mateo",
  "Ines",
  "Ravi",
  "Chloe",
  "Tariq",
  "Noor",
  "Felix",
  "Ana",
];
const LAST = [
  "Okafor",
  "Brandt",
  "Tanaka",
  "Ramírez",
  "Raman",
  "Berg",
  "Rossi",
  "Mensah",
  "Sato",
  "Popescu",
  "Haddad",
  "Kim",
  "Silva",
  "Moreau",
  "Iyer",
  "Dubois",
  "Aziz",
  "Khan",
  "Weber",
  "Costa",
];

/** Extra staff, so assignees spread as in a real team. */
const STAFF = [
  "Sam Okoye",
  "Rina Park",
  "Marco Bianchi",
  "Leila Nasser",
  "Ben Cohen",
  "Ida Lund",
  "Kofi Boateng",
  "Aiko Mori",
  "Nina Petrova",
  "Paul Girard",
  "Zoe Fischer",
  "Hugo Martin",
];

/** CVSS vectors per severity; scored once through the product's scorer. */
const VECTORS = [
  "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
  "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H",
  "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H",
  "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N",
  "CVSS:3.1/AV:N/AC:H/PR:L/UI:N/S:C/C:H/I:L/A:N",
  "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H",
  "CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:N",
  "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:L/I:N/A:N",
  "CVSS:3.1/AV:N/AC:H/PR:L/UI:R/S:U/C:L/I:L/A:N",
  "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N",
  "CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N",
  "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N",
  "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
  "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N",
  "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N",
  "CVSS:4.0/AV:N/AC:H/AT:P/PR:L/UI:P/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N",
];

type Scored = { version: string; vector: string; score: number };

function vectorsBySeverity(): Map<Severity, Scored[]> {
  const out = new Map<Severity, Scored[]>();
  for (const v of VECTORS) {
    const s = scoreCvss(v);
    if (!s.ok) throw new Error(`scale seed: bad vector ${v}: ${s.message}`);
    const list = out.get(s.severity) ?? [];
    list.push({ version: s.version, vector: s.vector, score: s.score });
    out.set(s.severity, list);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Distributions

const STATES: readonly ReportState[] = REPORT_STATES;

/**
 * Final state weights by age (same order as STATES): fresh reports are still
 * waiting, old ones are mostly fixed, disclosed or closed, and a small stale
 * tail stays open for months (that backlog is what breaches its clocks).
 */
const STATE_BY_AGE: readonly { maxDays: number; weights: readonly number[] }[] = [
  { maxDays: 3, weights: [40, 22, 5, 8, 3, 1, 0, 3, 3, 2, 3, 8, 0] },
  { maxDays: 30, weights: [4, 10, 8, 15, 18, 10, 2, 9, 7, 4, 6, 5, 2] },
  { maxDays: 180, weights: [0.5, 2, 3, 4, 12, 20, 18, 11, 8, 5, 6, 6, 4.5] },
  { maxDays: Number.POSITIVE_INFINITY, weights: [0.1, 0.3, 0.8, 0.8, 3, 14, 33, 13, 9, 6, 7, 7, 6] },
];

const SEVERITY_WEIGHTS: readonly (readonly [Severity, number])[] = [
  ["critical", 4],
  ["high", 18],
  ["medium", 40],
  ["low", 28],
  ["none", 10],
];

const CREDIT_AS = [
  ["name", 60],
  ["handle", 30],
  ["anonymous", 10],
] as const;

/** 64 hex digits from the seeded PRNG (a stand-in for a token's SHA-256). */
function randomHex(rand: Rand): string {
  let out = "";
  for (let i = 0; i < 8; i++)
    out += Math.floor(rand() * 4294967296)
      .toString(16)
      .padStart(8, "0");
  return out;
}

const CHANNEL_WEIGHTS = [
  ["web", 55],
  ["email", 30],
  ["api", 10],
  ["manual", 5],
] as const;

/** Assessed: first into one of these (reports/writes.ts, core sla/clocks.ts). */
const ASSESSED_STATES: ReadonlySet<ReportState> = new Set<ReportState>([
  "triaged",
  "fixing",
  "fixed",
  "disclosed",
  ...CLOSED_STATES,
]);

/** Straight from new, without an acknowledgement first. */
const CLOSED_FROM_NEW: Partial<Record<ReportState, number>> = {
  spam: 0.8,
  out_of_scope: 0.4,
  duplicate: 0.3,
  informative: 0.2,
  not_applicable: 0.2,
  wont_fix: 0,
};

// ---------------------------------------------------------------------------
// One report's history

type Step =
  | { kind: "transition"; gap: number; action: string; to: ReportState; reason?: string; fixedVersion?: string }
  | { kind: "severity"; gap: number; severity: Severity; cvss: Scored | null }
  | { kind: "assign"; gap: number }
  | { kind: "message"; gap: number; mkind: MessageKind; body: string };

const days = (rand: Rand, min: number, spread: number, power = 2) => (min + spread * rand() ** power) * DAY;

const FIX_DAYS: Record<Severity, [number, number]> = {
  critical: [0.5, 6],
  high: [2, 25],
  medium: [5, 80],
  low: [10, 150],
  none: [10, 100],
};

/** The steps that lead a new report to `target`, with nominal gaps between them. */
function plan(rand: Rand, target: ReportState, severityKnown: boolean, sev: Severity): Step[] {
  const steps: Step[] = [];
  if (target === "new") {
    if (rand() < 0.2) steps.push({ kind: "assign", gap: days(rand, 0.01, 0.5) });
    return steps;
  }
  const closed = !isOpenState(target) && target !== "fixed" && target !== "disclosed";
  const fromNew = closed && rand() < (CLOSED_FROM_NEW[target] ?? 0);
  const ackGap = (0.2 + 60 * rand() ** 2.5) * HOUR;
  const acknowledge = () => {
    steps.push({ kind: "transition", gap: ackGap, action: "acknowledge", to: "acknowledged" });
    steps.push({
      kind: "message",
      gap: 0,
      mkind: "to_reporter",
      body: "Thanks for the report. We have received it and are looking into it.",
    });
    if (rand() < 0.85) steps.push({ kind: "assign", gap: 0 });
  };
  const roundTrip = () => {
    steps.push({
      kind: "transition",
      gap: days(rand, 0.2, 5),
      action: "request_info",
      to: "needs_info",
      reason: "Which build did you test? We cannot reproduce it on the latest release.",
    });
    steps.push({
      kind: "message",
      gap: days(rand, 0.1, 15),
      mkind: "from_reporter",
      body: "Tested on the latest release, default configuration. Request attached.",
    });
    steps.push({ kind: "transition", gap: days(rand, 0.01, 1), action: "resume", to: "__resume__" as ReportState });
  };
  const triage = () => {
    const triageGap = days(rand, 0.1, 8);
    const lead = (5 + 55 * rand()) * MINUTE;
    if (!severityKnown || rand() < 0.5) {
      steps.push({ kind: "severity", gap: Math.max(0, triageGap - lead), severity: sev, cvss: null });
      steps.push({ kind: "transition", gap: lead, action: "triage", to: "triaged" });
    } else {
      steps.push({ kind: "transition", gap: triageGap, action: "triage", to: "triaged" });
    }
    if (rand() < 0.5) {
      steps.push({
        kind: "message",
        gap: 0,
        mkind: "internal",
        body: "Reproduced on staging. Looping in the owning team.",
      });
    }
  };
  const fixing = () => {
    steps.push({ kind: "transition", gap: days(rand, 0.1, 4), action: "start_fix", to: "fixing" });
    const updates = Math.floor(rand() * 3);
    const [min, spread] = FIX_DAYS[sev];
    for (let u = 0; u < updates; u++) {
      steps.push({
        kind: "message",
        gap: days(rand, min / 3, spread / 3, 1),
        mkind: "to_reporter",
        body: "Status update: a fix is in progress and on track for the next release.",
      });
    }
  };
  const markFixed = () => {
    const [min, spread] = FIX_DAYS[sev];
    const version = `3.${Math.floor(rand() * 9)}.${Math.floor(rand() * 20)}`;
    steps.push({
      kind: "transition",
      gap: days(rand, min, spread),
      action: "mark_fixed",
      to: "fixed",
      fixedVersion: version,
    });
    if (rand() < 0.3) {
      steps.push({ kind: "message", gap: 0, mkind: "to_reporter", body: `Fixed in ${version}. Thank you!` });
    }
  };

  if (closed) {
    if (!fromNew) {
      acknowledge();
      if (target === "wont_fix" || (target === "informative" && rand() < 0.3)) triage();
    } else if (rand() < 0.3) {
      steps.push({ kind: "assign", gap: days(rand, 0.01, 0.5) });
    }
    const reason =
      target === "wont_fix" ? "Accepted risk: the behaviour is documented and needs admin access." : undefined;
    steps.push({
      kind: "transition",
      gap: days(rand, 0.05, 10),
      action: `close_${target}`,
      to: target,
      ...(reason ? { reason } : {}),
    });
    return steps;
  }

  if (target !== "triaged" || rand() < 0.75) acknowledge();
  else if (rand() < 0.85) steps.push({ kind: "assign", gap: days(rand, 0.01, 0.5) });
  if (target === "acknowledged") {
    if (rand() < 0.2) steps.push({ kind: "severity", gap: days(rand, 0.05, 2), severity: sev, cvss: null });
    return steps;
  }
  if (target === "needs_info") {
    if (rand() < 0.4) triage();
    const paused = steps.length;
    roundTrip();
    // Still waiting on the reporter: keep only the request.
    steps.length = paused + 1;
    return steps;
  }
  if (rand() < 0.15) roundTrip();
  triage();
  if (target === "triaged") return steps;
  if (target === "fixing" || rand() < 0.85) fixing();
  if (target === "fixing") return steps;
  markFixed();
  if (target === "disclosed") {
    steps.push({ kind: "transition", gap: days(rand, 5, 85, 1), action: "disclose", to: "disclosed" });
    if (rand() < 0.5) {
      steps.push({ kind: "message", gap: 0, mkind: "to_reporter", body: "The advisory is published. Thank you!" });
    }
  }
  return steps;
}

// ---------------------------------------------------------------------------

const REPORT_COLUMNS = [
  "id",
  "program_id",
  "key",
  "title",
  "description",
  "cwe",
  "component",
  "source_location",
  "affected_versions",
  "configuration",
  "steps_to_reproduce",
  "proof_of_concept",
  "impact",
  "suggested_fix",
  "researcher_id",
  "channel",
  "received_at",
  "state",
  "resume_state",
  "is_open",
  "severity",
  "severity_rank",
  "severity_source",
  "severity_reason",
  "cvss_version",
  "cvss_vector",
  "cvss_score",
  "assignee_id",
  "duplicate_of_id",
  "fixed_version",
  "disclosure_state",
  "disclosure_target_at",
  "disclosure_time_zone",
  "disclosure_basis",
  "disclosure_request_pending",
  "cve_id",
  "advisory_url",
  "next_deadline_at",
  "next_at_risk_at",
  "sla_state",
  "sla_swept_at",
  "sla_next_sweep_at",
  "resolve_due_at",
  "acknowledged_at",
  "assessed_at",
  "fixed_at",
  "closed_at",
  "credit_as",
  "credit_consent",
  "intake_priority",
  "status_token_hash",
  "created_at",
  "updated_at",
] as const;

const insertSql = (table: string, cols: readonly string[]) =>
  `INSERT INTO ${table} (${cols.join(", ")}) VALUES (${cols.map(() => "?").join(", ")})`;

interface ProgramInfo {
  id: number;
  slug: string;
  name: string;
  base: DemoProgramSlug;
  prefix: string;
  policy: (typeof DEMO_PROGRAMS)[number]["policy"];
  staff: { id: number; label: string }[];
  /** Who acknowledges and resolves its escalations. */
  responders: Responders & { leaders: number[]; staff: number[] };
  /** Report ids so far, so a duplicate can point at an earlier report of the same program. */
  ids: number[];
  next: number;
  weight: number;
}

export async function seedScale(db: Db, opts: ScaleSeedOptions): Promise<ScaleSeedResult> {
  const started = performance.now();
  const total = opts.reports;
  const programCount = opts.programs ?? DEMO_PROGRAMS.length;
  if (!Number.isInteger(total) || total < 1) throw new RangeError("reports must be a positive integer");
  if (!Number.isInteger(programCount) || programCount < 1 || programCount > 99) {
    throw new RangeError("programs must be an integer from 1 to 99");
  }
  if (hasPrograms(db)) throw new NonEmptyDatabaseError();
  const now = opts.now ?? new Date();
  const nowMs = now.getTime();
  const rand = seededRandom(opts.seed ?? 20_251);
  const batchSize = opts.batchSize ?? 5_000;
  const progress = opts.onProgress ?? (() => {});
  const seedActor: Actor = { userId: null, label: "seed" };
  const sqlite = db.$client;
  progress({ phase: "setup", done: 0, total });

  // Programs: the demo programs, then copies of their policies under new names.
  const programs: ProgramInfo[] = [];
  for (let i = 0; i < programCount; i++) {
    const base = DEMO_PROGRAMS[i % DEMO_PROGRAMS.length]!;
    const n = Math.floor(i / DEMO_PROGRAMS.length);
    const def =
      n === 0
        ? base
        : {
            ...base,
            slug: `${base.slug}-${n + 1}`,
            name: `${base.name} ${n + 1}`,
            keyPrefix: `${base.keyPrefix}${n + 1}`,
          };
    const createdAt = new Date(nowMs - (SPAN_DAYS + 10) * DAY);
    const created = createProgram(db, def, seedActor, createdAt);
    const { vendorName, cveAssignerOrgId, cveAssignerShortName, osvEcosystem } = DEMO_ADVISORY[base.slug];
    const row = updateProgram(
      db,
      created.id,
      { ...created, advisory: { vendorName, cveAssignerOrgId, cveAssignerShortName, osvEcosystem } },
      seedActor,
      createdAt,
    )!;
    programs.push({
      id: row.id,
      slug: row.slug,
      name: row.name,
      base: base.slug,
      prefix: row.keyPrefix,
      policy: base.policy,
      staff: [],
      responders: { leaders: [], staff: [] },
      ids: [],
      next: 1,
      // Some programs are much busier than others.
      weight: 1 / (i + 1) ** 0.6,
    });
  }

  // Users: the demo sign-ins (so benchmarks can sign in) and a few more staff.
  const usersAt = new Date(nowMs - (SPAN_DAYS + 5) * DAY);
  let userCount = 0;
  for (const u of DEMO_USERS) {
    const member = programs.filter((p) => u.programs === "all" || (u.programs as readonly string[]).includes(p.base));
    const row = await createUser(
      db,
      {
        email: u.email,
        name: u.name,
        password: u.password,
        memberships: member.map((p) => ({ programId: p.id, role: u.role })),
      },
      seedActor,
      usersAt,
    );
    userCount++;
    if (u.role !== "leadership") for (const p of member) p.staff.push({ id: row.id, label: row.email });
    for (const p of member) (u.role === "leadership" ? p.responders.leaders : p.responders.staff).push(row.id);
  }
  for (let k = 0; k < STAFF.length; k++) {
    const name = STAFF[k]!;
    const member = programs.filter((_, i) => (k + i) % 3 !== 0 || programs.length === 1);
    const email = `${name.toLowerCase().replace(/[^a-z]+/g, ".")}@embargo.test`;
    // Nobody knows this password: these accounts exist to be assigned reports.
    const password = `unknown-${Math.floor(rand() * 1e15).toString(36)}-${k}`;
    const row = await createUser(
      db,
      { email, name, password, memberships: member.map((p) => ({ programId: p.id, role: "triager" as const })) },
      seedActor,
      usersAt,
    );
    userCount++;
    for (const p of member) {
      p.staff.push({ id: row.id, label: row.email });
      p.responders.staff.push(row.id);
    }
  }

  const vectors = vectorsBySeverity();
  const maxId = (table: string) =>
    (sqlite.prepare(`SELECT coalesce(max(id), 0) AS n FROM ${table}`).get() as { n: number }).n;
  let researcherId = maxId("researchers");
  let reportId = maxId("reports");
  let eventId = maxId("report_events");
  let messageId = maxId("messages");

  const insResearcher = sqlite.prepare(
    insertSql("researchers", ["id", "name", "handle", "email", "links_json", "created_at"]),
  );
  const insReport = sqlite.prepare(insertSql("reports", REPORT_COLUMNS));
  const insEvent = sqlite.prepare(
    insertSql("report_events", [
      "id",
      "report_id",
      "at",
      "actor_user_id",
      "actor_label",
      "type",
      "from_state",
      "to_state",
      "data_json",
    ]),
  );
  const insMessage = sqlite.prepare(
    insertSql("messages", ["id", "report_id", "kind", "author_user_id", "body", "created_at"]),
  );
  const insMilestone = sqlite.prepare(
    insertSql("report_milestones", ["report_id", "kind", "target_at", "actual_at", "value", "updated_at"]),
  );
  const insRequest = sqlite.prepare(
    insertSql("disclosure_requests", [
      "report_id",
      "kind",
      "requested_by",
      "requested_by_user_id",
      "reason",
      "old_at",
      "new_at",
      "time_zone",
      "shortening",
      "state",
      "decided_by_user_id",
      "decided_at",
      "created_at",
    ]),
  );
  const insAdvisory = sqlite.prepare(
    insertSql("advisories", ["report_id", "draft_json", "revisions_json", "updated_at", "updated_by_user_id"]),
  );
  // Its own sequence, so the reports, events and messages stay what they were before disclosure existed.
  const disclosureRand = seededRandom((opts.seed ?? 20_251) + 1);
  let milestoneCount = 0;
  let advisoryCount = 0;
  const insEscalation = sqlite.prepare(insertSql("escalations", ESCALATION_COLUMNS));
  const insClock = sqlite.prepare(insertSql("report_clocks", ["report_id", "clock", "program_id", "due_at", "met_at"]));
  // Its own sequence too: who acknowledged or resolved what, and when.
  const escalationRand = seededRandom((opts.seed ?? 20_251) + 2);

  // Researchers: prolific ones report often (picked with a skew below).
  const researcherTotal = Math.max(20, Math.ceil(total / 6));
  const firstResearcher = researcherId + 1;
  sqlite.transaction(() => {
    for (let i = 0; i < researcherTotal; i++) {
      const first = pick(rand, FIRST);
      const last = pick(rand, LAST);
      const handle = `${first.toLowerCase()}${last.slice(0, 3).toLowerCase()}${i}`;
      const links = rand() < 0.3 ? JSON.stringify([`https://${handle}.example/`]) : "[]";
      insResearcher.run(
        ++researcherId,
        rand() < 0.1 ? null : `${first} ${last}`,
        rand() < 0.1 ? null : handle,
        `${handle}@researcher.example`,
        links,
        nowMs - SPAN_DAYS * DAY - DAY,
      );
    }
  })();

  // Arrival times, oldest first, so keys grow with time as they do for real.
  const ages = new Float64Array(total);
  for (let i = 0; i < total; i++) ages[i] = Math.max(5 * MINUTE, SPAN_DAYS * DAY * rand() ** 1.3);
  ages.sort().reverse();

  const programWeights = programs.map((p) => [p, p.weight] as const);
  const stateBuckets = STATE_BY_AGE.map((b) => ({
    maxDays: b.maxDays,
    entries: STATES.map((s, k) => [s, b.weights[k]!] as const),
  }));
  const findingsOf = new Map(DEMO_PROGRAMS.map((p) => [p.slug, DEMO_FINDINGS.filter((f) => f.program === p.slug)]));
  const states: Record<string, number> = {};
  let events = 0;
  let messageCount = 0;
  let escalationCount = 0;
  let openEscalationCount = 0;
  let clockCount = 0;

  // The search index is rebuilt once at the end instead of row by row.
  const ftsTrigger = sqlite
    .prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'reports_fts_ai'")
    .get() as { sql: string } | undefined;
  if (ftsTrigger) sqlite.exec("DROP TRIGGER reports_fts_ai");

  const writeOne = (i: number) => {
    const program = weighted(rand, programWeights);
    const ageMs = ages[i]!;
    const receivedAt = nowMs - Math.round(ageMs);
    const ageDays = ageMs / DAY;
    const bucket = stateBuckets.find((b) => ageDays < b.maxDays)!;
    let target = weighted(rand, bucket.entries);
    if (target === "duplicate" && program.ids.length === 0) target = "informative";

    // Content
    const cls = pick(rand, CLASSES);
    const findings = findingsOf.get(program.base) ?? [];
    const finding = findings.length && rand() < 0.08 ? pick(rand, findings) : null;
    const component = finding ? finding.component : pick(rand, COMPONENTS[program.base]);
    const title = finding ? finding.title : `${cls.name} in ${component} ${pick(rand, VIA)}`;
    const build = `${2 + (i % 3)}.${i % 10}.${i % 7}`;
    const description = [
      "## Summary",
      "",
      `${title}. Found while reviewing \`${component}\` (build ${build}).`,
      "",
      "## Details",
      "",
      pick(rand, DETAILS),
      "",
      "```http",
      `POST /v2/${component.split("/")[1] ?? "api"} HTTP/1.1`,
      "Host: target.example",
      "",
      `{"id": "../../${i}", "name": "<img src=x onerror=alert(1)>"}`,
      "```",
      "",
      `- ${pick(rand, BULLETS)}`,
      `- ${pick(rand, BULLETS)}`,
      "",
      pick(rand, CLOSING),
    ].join("\n");

    const channel = weighted(rand, CHANNEL_WEIGHTS);
    const researcher =
      channel === "manual" && rand() < 0.5
        ? null
        : rand() < 0.07
          ? null
          : firstResearcher + Math.floor(researcherTotal * rand() ** 2);
    const staff = program.staff;
    const worker = pick(rand, staff);

    // Severity: sometimes known at intake (a [CRITICAL SECURITY] subject tag, an API client's rating).
    const sev = weighted(rand, SEVERITY_WEIGHTS);
    const atIntake = rand() < 0.1;
    let severity: Severity | null = atIntake ? sev : null;
    let severitySource: SeveritySource | null = atIntake ? "intake" : null;
    let severityReason: string | null = null;
    let cvss: Scored | null = null;

    const steps = plan(rand, target, atIntake, sev);
    // Fit the history between arrival and now (a minute ago at the latest).
    const room = nowMs - MINUTE - receivedAt;
    let planned = 0;
    for (const s of steps) planned += s.gap;
    const scale = planned > room * 0.98 ? (room * 0.98) / planned : 1;

    const id = ++reportId;
    const key = `${program.prefix}-${program.next++}`;
    const slaEvents: SlaEvent[] = [];
    let state: ReportState = "new";
    let resumeState: ReportState | null = null;
    let assigneeId: number | null = null;
    let duplicateOfId: number | null = null;
    let fixedVersion: string | null = null;
    const reached: Partial<Record<ReportState, number>> = {};
    // The KPI instants, by the rules of reports/writes.ts (lifecycleInstants).
    let acknowledgedAt: number | null = null;
    let assessedAt: number | null = null;
    let fixedAt: number | null = null;
    let closedAt: number | null = null;
    // When the report was first rated (its resolve clock exists from then) and became critical while open.
    let ratedAt: number | null = atIntake ? receivedAt : null;
    let criticalAt: number | null = atIntake && sev === "critical" ? receivedAt : null;
    let t = receivedAt;
    const createdActor = channel === "manual" ? worker : null;
    const eventRows: unknown[][] = [
      [
        ++eventId,
        id,
        receivedAt,
        createdActor?.id ?? null,
        createdActor?.label ?? "reporter",
        "created",
        null,
        "new",
        JSON.stringify({ channel, severity }),
      ],
    ];
    const messageRows: unknown[][] = [];

    for (const s of steps) {
      t += Math.round(s.gap * scale);
      const at = t;
      if (s.kind === "assign") {
        const from = assigneeId;
        assigneeId = worker.id;
        eventRows.push([
          ++eventId,
          id,
          at,
          worker.id,
          worker.label,
          "assigned",
          null,
          null,
          JSON.stringify({ from, to: worker.id, toName: worker.label }),
        ]);
      } else if (s.kind === "severity") {
        const useCvss = rand() < 0.8;
        const pickedCvss = useCvss ? pick(rand, vectors.get(s.severity) ?? [null]) : null;
        const from = severity;
        severity = s.severity;
        severitySource = pickedCvss ? "cvss" : "manual";
        severityReason = pickedCvss ? null : "Rated by impact; no CVSS vector fits this finding";
        if (pickedCvss) cvss = pickedCvss;
        const data = {
          from,
          to: severity,
          source: severitySource,
          reason: severityReason,
          vector: pickedCvss?.vector ?? null,
          score: pickedCvss?.score ?? null,
        };
        eventRows.push([
          ++eventId,
          id,
          at,
          worker.id,
          worker.label,
          pickedCvss ? "cvss" : "severity",
          null,
          null,
          JSON.stringify(data),
        ]);
        slaEvents.push({ at: new Date(at), kind: "severity", severity });
        ratedAt ??= at;
        if (severity === "critical" && from !== "critical" && isOpenState(state)) criticalAt ??= at;
      } else if (s.kind === "message") {
        const mid = ++messageId;
        const author = s.mkind === "from_reporter" ? null : worker;
        messageRows.push([mid, id, s.mkind, author?.id ?? null, s.body, at]);
        eventRows.push([
          ++eventId,
          id,
          at,
          author?.id ?? null,
          author?.label ?? "reporter",
          "message",
          null,
          null,
          JSON.stringify({ kind: s.mkind, messageId: mid }),
        ]);
        if (s.mkind === "to_reporter") slaEvents.push({ at: new Date(at), kind: "message_to_reporter" });
      } else {
        const from: ReportState = state;
        const to: ReportState = s.to === ("__resume__" as ReportState) ? (resumeState ?? "acknowledged") : s.to;
        let duplicateOf: string | null = null;
        if (to === "duplicate") {
          // ids[k] is the program's report number k + 1 (keys are taken in order).
          const k = Math.floor(rand() * program.ids.length);
          duplicateOfId = program.ids[k]!;
          duplicateOf = `${program.prefix}-${k + 1}`;
        }
        if (s.fixedVersion) fixedVersion = s.fixedVersion;
        resumeState = s.action === "request_info" ? from : null;
        if (from === "new") acknowledgedAt ??= at;
        if (ASSESSED_STATES.has(to)) assessedAt ??= at;
        if (to === "fixed" || to === "disclosed") fixedAt ??= at;
        closedAt = isOpenState(to) ? null : isOpenState(from) ? at : (closedAt ?? at);
        state = to;
        reached[to] ??= at;
        eventRows.push([
          ++eventId,
          id,
          at,
          worker.id,
          worker.label,
          "transition",
          from,
          to,
          JSON.stringify({
            action: s.action,
            reason: s.reason ?? null,
            duplicateOf,
            fixedVersion: s.fixedVersion ?? null,
          }),
        ]);
        slaEvents.push({ at: new Date(at), kind: "transition", from, to });
      }
    }

    // Credit preference from the researcher portal; most agree once the fix ships.
    let creditAs: "name" | "handle" | "anonymous" | null = null;
    let creditConsent: "pending" | "accepted" | "declined" = "pending";
    if (researcher !== null) {
      creditAs = weighted(rand, CREDIT_AS);
      const r = rand();
      const shipped = state === "fixed" || state === "disclosed";
      if (r < (shipped ? 0.75 : 0.15)) creditConsent = "accepted";
      else if (r < (shipped ? 0.85 : 0.2)) creditConsent = "declined";
      if (creditConsent !== "pending") {
        const at = Math.max(t, Math.min(t + Math.round(days(rand, 0.05, 5)), nowMs - MINUTE));
        t = at;
        eventRows.push([
          ++eventId,
          id,
          at,
          null,
          "reporter",
          "credit",
          null,
          null,
          JSON.stringify({ creditAs, consent: creditConsent }),
        ]);
      }
    }
    const intakePriority =
      channel === "email" ? (atIntake && sev === "critical" ? "critical" : rand() < 0.3 ? "security" : null) : null;
    // Outside submissions get a status link; only its hash is stored (nobody holds these tokens).
    const statusTokenHash = channel === "manual" ? null : randomHex(rand);

    // Stored SLA columns exactly as recomputeSla would store them at `now`.
    const clocks = computeClocks({
      policy: program.policy,
      receivedAt: new Date(receivedAt),
      initialSeverity: atIntake ? sev : null,
      events: slaEvents,
      now,
    });
    const next = nextDeadlines(clocks);
    const paused = next.worstState === "paused" || clocks.some((c) => c.state === "paused");
    const open = isOpenState(state);
    const nextDeadlineAt = paused ? null : (next.nextDueAt?.getTime() ?? null);
    const nextAtRiskAt = paused ? null : (next.nextAtRiskAt?.getTime() ?? null);
    // What the minute sweep would have raised by now, so it has nothing to catch up on.
    const sweptAt = open && nextAtRiskAt !== null && nextAtRiskAt <= nowMs ? nowMs : null;
    // The sweep's next look: the next at-risk or due instant still ahead (sla/escalations.ts).
    const nextSweepAt = paused ? null : (nextSweepInstant(clocks, now)?.getTime() ?? null);
    const resolveDueAt = clocks.find((c) => c.name === "resolve" && c.state !== "met")?.due?.getTime() ?? null;
    const disclosure = disclosureRowsOf({
      rand: disclosureRand,
      id,
      key,
      base: program.base,
      programName: program.name,
      policy: program.policy,
      receivedAt,
      state,
      reached,
      fixedVersion,
      title,
      cwe: finding?.cwe ?? cls.cwe,
      impact: finding?.impact ?? `An attacker can abuse ${component} to reach data or actions they should not.`,
      workerId: worker.id,
      now: nowMs,
    });
    const dc = disclosure.columns;
    insReport.run(
      id,
      program.id,
      key,
      title,
      description,
      finding?.cwe ?? cls.cwe,
      component,
      `src/${component}/handler.ts`,
      DEMO_PRODUCTS[program.base].affectedVersions,
      null,
      "1. Sign in as a low-privileged user\n2. Send the request above\n3. Observe the response",
      "```bash\ncurl -s https://target.example/v2/api -d @payload.json\n```",
      finding?.impact ?? `An attacker can abuse ${component} to reach data or actions they should not.`,
      rand() < 0.3 ? "Validate the value against an allow-list on the server." : null,
      researcher,
      channel,
      receivedAt,
      state,
      resumeState,
      open ? 1 : 0,
      severity,
      severityRank(severity),
      severity ? severitySource : null,
      severityReason,
      cvss?.version ?? null,
      cvss?.vector ?? null,
      cvss?.score ?? null,
      assigneeId,
      duplicateOfId,
      fixedVersion,
      dc.state,
      dc.targetAt,
      dc.timeZone,
      dc.basis,
      dc.requestPending,
      dc.cveId,
      dc.advisoryUrl,
      nextDeadlineAt,
      nextAtRiskAt,
      next.worstState,
      sweptAt,
      nextSweepAt,
      resolveDueAt,
      acknowledgedAt,
      assessedAt,
      fixedAt,
      closedAt,
      creditAs,
      creditConsent,
      intakePriority,
      statusTokenHash,
      receivedAt,
      t,
    );
    for (const e of eventRows) insEvent.run(...e);
    for (const m of messageRows) insMessage.run(...m);
    // One row per clock with a due instant, as recomputeSla stores them (sla/clocks.ts storeClocks).
    for (const c of clocks) {
      if (!c.due) continue;
      insClock.run(id, c.name, program.id, c.due.getTime(), c.metAt?.getTime() ?? null);
      clockCount++;
    }
    const escalations = escalationRowsOf({
      rand: escalationRand,
      id,
      key,
      programId: program.id,
      timeZone: program.policy.calendar.timeZone,
      escalateCriticalToLeadership: program.policy.escalateCriticalToLeadership === true,
      severity,
      open,
      closedAt,
      clocks,
      clockSince: (c: Clock) =>
        c.name === "resolve"
          ? (ratedAt ?? receivedAt)
          : c.name === "acknowledge" || c.name === "assess"
            ? receivedAt
            : c.start.getTime(),
      criticalAt,
      receivedAt,
      fixedAt,
      disclosure: {
        state: dc.state,
        targetAt: dc.targetAt,
        timeZone: dc.timeZone,
        since: reached.triaged ?? reached.fixing ?? reached.fixed ?? reached.disclosed ?? null,
      },
      responders: program.responders,
      now: nowMs,
    });
    for (const e of escalations.rows) insEscalation.run(...e);
    for (const m of disclosure.milestones) insMilestone.run(...m);
    for (const q of disclosure.requests) insRequest.run(...q);
    if (disclosure.advisory) insAdvisory.run(...disclosure.advisory);
    milestoneCount += disclosure.milestones.length;
    if (disclosure.advisory) advisoryCount++;
    program.ids.push(id);
    events += eventRows.length;
    messageCount += messageRows.length;
    escalationCount += escalations.rows.length;
    openEscalationCount += escalations.open;
    states[state] = (states[state] ?? 0) + 1;
  };

  try {
    for (let start = 0; start < total; start += batchSize) {
      const end = Math.min(total, start + batchSize);
      sqlite.transaction(() => {
        for (let i = start; i < end; i++) writeOne(i);
      })();
      progress({ phase: "reports", done: end, total });
    }
  } finally {
    progress({ phase: "search index", done: total, total });
    if (ftsTrigger) sqlite.exec(ftsTrigger.sql);
    sqlite.exec("INSERT INTO reports_fts(reports_fts) VALUES ('rebuild')");
  }
  // Every report with a researcher has the reporter's credit (position 0, finder) from its
  // credit preference, in one statement, the same rows migration 0010 backfills.
  sqlite.exec(`INSERT INTO credits (report_id, researcher_id, type, display, consent, consent_at, consent_channel, position, created_at)
    SELECT id, researcher_id, 'finder', coalesce(credit_as, 'name'), credit_consent,
      CASE WHEN credit_consent = 'pending' THEN NULL ELSE coalesce(
        (SELECT max(e.at) FROM report_events e WHERE e.report_id = r.id AND e.type = 'credit'), received_at) END,
      CASE WHEN credit_consent = 'pending' THEN NULL
        WHEN EXISTS (SELECT 1 FROM report_events e WHERE e.report_id = r.id AND e.type = 'credit') THEN 'status_page'
        ELSE 'intake' END,
      0, created_at
    FROM reports r WHERE researcher_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM credits c WHERE c.report_id = r.id AND c.position = 0)`);

  const seconds = (performance.now() - started) / 1000;
  const result: ScaleSeedResult = {
    programs: programs.length,
    users: userCount,
    researchers: researcherTotal,
    reports: total,
    events,
    messages: messageCount,
    escalations: escalationCount,
    openEscalations: openEscalationCount,
    clocks: clockCount,
    milestones: milestoneCount,
    advisories: advisoryCount,
    states,
    seconds: Math.round(seconds * 10) / 10,
  };
  db.transaction((tx) => {
    for (const p of programs) {
      tx.update(programTable).set({ nextReportNumber: p.next }).where(eq(programTable.id, p.id)).run();
    }
    appendAudit(
      tx,
      seedActor,
      {
        action: "seed.scale",
        entityType: "database",
        entityId: "scale",
        data: { ...result, now: now.toISOString() },
      },
      new Date(),
    );
  });
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  progress({ phase: "done", done: total, total });
  return result;
}
