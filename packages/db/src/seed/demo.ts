import {
  CHANNELS,
  type Policy,
  planTransition,
  type ReportState,
  scoreCvss,
  seededRandom,
  type TransitionName,
} from "@embargo/core";
import { eq, sql } from "drizzle-orm";
import type { Actor } from "../audit/log.ts";
import type { Db } from "../client.ts";
import { createProgram, updateProgram } from "../programs/programs.ts";
import { reportById } from "../reports/reads.ts";
import { addMessage, applyTransition, assignReport, changeSeverity, createReport } from "../reports/writes.ts";
import * as schema from "../schema/index.ts";
import { createUser } from "../users/create-user.ts";
import {
  DEMO_ADVISORY,
  DEMO_FINDINGS,
  DEMO_PRODUCTS,
  DEMO_RESEARCHERS,
  type DemoProgramSlug,
  demoDescription,
} from "./demo-content.ts";
import { seedDemoCredits } from "./demo-credits.ts";
import { afterDemoTransition, finishDemoDisclosure, publishDemoAdvisory } from "./demo-disclosure.ts";
import { seedDemoLeadership } from "./demo-leadership.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Demo sign-ins, printed by the start command. Demo only: change them for real use. */
export const DEMO_USERS = [
  { email: "admin@embargo.test", password: "embargo-admin-demo", name: "Ada Admin", role: "admin", programs: "all" },
  {
    email: "triager@embargo.test",
    password: "embargo-triager-demo",
    name: "Tom Triager",
    role: "triager",
    programs: ["voice", "echo"],
  },
  {
    email: "sense.triager@embargo.test",
    password: "embargo-sense-demo",
    name: "Sia Sense",
    role: "triager",
    programs: ["serenesense"],
  },
  {
    email: "leadership@embargo.test",
    password: "embargo-leadership-demo",
    name: "Lea Leadership",
    role: "leadership",
    programs: "all",
  },
] as const;

const weekdays = ["mon", "tue", "wed", "thu", "fri"] as const;

/**
 * The three demo programs hold the promises of three real SECURITY.md files
 * (issue 10), with example-domain addresses so the demo never mails anyone.
 * The README's "The demo programs" says what each one demonstrates.
 */
export const DEMO_PROGRAMS: {
  slug: DemoProgramSlug;
  name: string;
  keyPrefix: string;
  description: string;
  /** How many of the demo reports this program gets. */
  reports: number;
  policy: Policy;
}[] = [
  {
    slug: "voice",
    name: "IndiVillage Voice Agent System",
    keyPrefix: "VOICE",
    description:
      "Voice agents that answer customer-support calls: Deepgram speech recognition, live audio over WebSockets, call transcripts and recordings.",
    reports: 24,
    policy: {
      acknowledge: { amount: 24, unit: "hours" },
      assess: { amount: 72, unit: "hours" },
      update: null,
      emergency: { amount: 4, unit: "hours" },
      resolve: { critical: { amount: 7, unit: "days" }, high: null, medium: null, low: null },
      disclosure: { amount: 90, unit: "days" },
      criticalDisclosure: { after: "patch_release", delay: null },
      coordinatedDisclosure: true,
      credit: { mode: "opt_in", places: [] },
      advisories: [
        { channel: "github", scope: "all" },
        { channel: "email", scope: "critical" },
      ],
      assessmentIncludes: [],
      immediateCriticalPatch: false,
      escalateCriticalToLeadership: true,
      criticalDependencyUpdate: null,
      supportedVersions: [
        { range: "1.0.x", status: "supported" },
        { range: "0.9.x", status: "limited" },
        { range: "0.8.x", status: "unsupported" },
        { range: "< 0.8", status: "unsupported" },
      ],
      // IndiVillage works from India: the team's calendar is India Standard Time
      // (no daylight saving) with the national holidays.
      calendar: {
        timeZone: "Asia/Kolkata",
        workingDays: [...weekdays],
        holidays: ["2026-08-15", "2026-10-02", "2026-12-25", "2027-01-26"],
      },
      contacts: {
        security: ["security@indivillage.example"],
        emergency: ["critical-security@indivillage.example"],
        support: [],
        subjects: {
          security: "[SECURITY] Voice Agent System - …",
          emergency: "[CRITICAL SECURITY] Voice Agent System",
        },
      },
      languages: ["en", "hi"],
      pgpKeyUrl: null,
      policyUrl: null,
    },
  },
  {
    slug: "echo",
    name: "Echo",
    keyPrefix: "ECHO",
    description:
      "Multi-tenant AI customer-support SaaS: an embeddable chat widget, voice calls, and a knowledge base each tenant trains on its own documents.",
    reports: 20,
    policy: {
      acknowledge: { amount: 48, unit: "hours" },
      assess: null,
      update: null,
      emergency: null,
      resolve: { critical: null, high: null, medium: null, low: null },
      disclosure: null,
      criticalDisclosure: null,
      coordinatedDisclosure: false,
      credit: { mode: "opt_in", places: [] },
      advisories: [],
      assessmentIncludes: ["fix_timeline"],
      immediateCriticalPatch: false,
      escalateCriticalToLeadership: false,
      criticalDependencyUpdate: { amount: 7, unit: "days" },
      supportedVersions: [{ range: "1.x.x", status: "supported" }],
      // A SaaS with tenants in every time zone, and none of Echo's promises
      // counts business days: UTC only decides how its dates are shown.
      calendar: { timeZone: "UTC", workingDays: [...weekdays], holidays: [] },
      contacts: {
        security: ["security@echo.example"],
        emergency: [],
        support: ["support@echo.example"],
        subjects: { security: null, emergency: null },
      },
      languages: [],
      pgpKeyUrl: null,
      policyUrl: null,
    },
  },
  {
    slug: "serenesense",
    name: "SereneSense",
    keyPrefix: "SENSE",
    description:
      "Audio-classification model that runs on edge devices: the quantised model, its on-device runtime and the signed model updates.",
    reports: 16,
    policy: {
      acknowledge: { amount: 48, unit: "hours" },
      assess: { amount: 5, unit: "business_days" },
      update: null,
      emergency: null,
      resolve: {
        critical: { amount: 30, unit: "days" },
        high: { amount: 7, unit: "days" },
        medium: { amount: 30, unit: "days" },
        low: "next_release",
      },
      disclosure: null,
      criticalDisclosure: null,
      coordinatedDisclosure: false,
      credit: { mode: "opt_out", places: ["advisory"] },
      advisories: [{ channel: "github", scope: "all" }],
      assessmentIncludes: ["confirmation", "severity", "fix_timeline"],
      immediateCriticalPatch: true,
      escalateCriticalToLeadership: false,
      criticalDependencyUpdate: null,
      supportedVersions: [
        { range: "1.0.x", status: "supported" },
        { range: "< 1.0", status: "unsupported" },
      ],
      // The policy names no place. Its 5-business-day assessment is the one
      // business-day clock of the demo, so it gets a zone with daylight-saving
      // changes and public holidays (Asia/Kolkata has neither kind of shift).
      calendar: {
        timeZone: "Europe/Berlin",
        workingDays: [...weekdays],
        holidays: ["2026-10-03", "2026-12-25", "2026-12-26", "2027-01-01"],
      },
      contacts: {
        security: ["security@serenesense.example"],
        emergency: [],
        support: [],
        subjects: { security: "[SECURITY] …", emergency: null },
      },
      languages: [],
      pgpKeyUrl: null,
      policyUrl: null,
    },
  },
];

/** Paths through the lifecycle the demo reports follow (each step is an action). */
const PATHS: TransitionName[][] = [
  [],
  [],
  ["acknowledge"],
  ["acknowledge"],
  ["acknowledge", "request_info"],
  ["triage"],
  ["acknowledge", "triage"],
  ["acknowledge", "triage", "start_fix"],
  ["acknowledge", "triage", "start_fix"],
  ["acknowledge", "triage", "start_fix", "mark_fixed"],
  ["acknowledge", "triage", "start_fix", "mark_fixed", "disclose"],
  ["acknowledge", "close_duplicate"],
  ["acknowledge", "close_informative"],
  ["close_spam"],
  ["acknowledge", "close_out_of_scope"],
];

/**
 * Load the demo into an empty database. `publicUrl` is where the server is
 * reached: the advisory published from the dashboard links its public page there.
 */
export async function seedDemo(
  db: Db,
  now: Date,
  log: (line: string) => void = () => {},
  opts: { publicUrl?: string } = {},
): Promise<void> {
  const publicUrl = (opts.publicUrl ?? "http://localhost:3000").replace(/\/$/, "");
  const system: Actor = { userId: null, label: "seed" };
  // Seeded so every demo database looks the same.
  const rand = seededRandom(42);
  const created = DEMO_PROGRAMS.map((p) => {
    const at = new Date(now.getTime() - 200 * DAY);
    const row = createProgram(db, p, system, at);
    // What the program's advisories say about it (Settings → Programs → Advisories).
    const { vendorName, cveAssignerOrgId, cveAssignerShortName, osvEcosystem } = DEMO_ADVISORY[p.slug];
    const advisory = { vendorName, cveAssignerOrgId, cveAssignerShortName, osvEcosystem };
    return updateProgram(db, row.id, { ...row, advisory }, system, at)!;
  });
  const idOf = (slug: string) => created.find((p) => p.slug === slug)!.id;
  const staff: { id: number; email: string; programs: number[] }[] = [];
  for (const u of DEMO_USERS) {
    const programIds = u.programs === "all" ? created.map((p) => p.id) : u.programs.map(idOf);
    const row = await createUser(
      db,
      {
        email: u.email,
        name: u.name,
        password: u.password,
        memberships: programIds.map((programId) => ({ programId, role: u.role })),
        adminOfAll: u.role === "admin" && u.programs === "all",
      },
      system,
      new Date(now.getTime() - 190 * DAY),
    );
    // The demo admin runs everything, so it may also create programs (Settings → Programs).
    if (u.role === "admin" && u.programs === "all") {
      db.update(schema.users).set({ adminOfAll: true }).where(eq(schema.users.id, row.id)).run();
    }
    if (u.role !== "leadership") staff.push({ id: row.id, email: row.email, programs: programIds });
  }
  log(`created ${created.length} programs and ${DEMO_USERS.length} users`);

  const firstKeyOf = new Map<number, string>();
  const schedule = interleave(DEMO_PROGRAMS.map((p) => ({ slug: p.slug, count: p.reports })));
  const TOTAL = schedule.length;
  for (let i = 0; i < TOTAL; i++) {
    // nth: this report's place among its program's reports.
    const { slug, nth } = schedule[i]!;
    const program = created.find((p) => p.slug === slug)!;
    const product = DEMO_PRODUCTS[slug];
    const pool = DEMO_FINDINGS.filter((f) => f.program === slug);
    // Later reports repeat earlier findings now and then, as duplicates do.
    const finding = pool[(nth * 7 + Math.floor(nth / 3)) % pool.length]!;
    const researcher = DEMO_RESEARCHERS[i % DEMO_RESEARCHERS.length]!;
    // Each program walks through every path, so every program has reports in every state.
    const path = PATHS[nth % PATHS.length]!;
    // Reports still waiting for a first answer are mostly recent (a working team keeps up);
    // work in progress and closed ones are spread over four months.
    const early = path.length <= 1 && !path.some((a) => a.startsWith("close_"));
    const ageDays = early ? Math.floor(rand() * 3.5) : Math.floor(2 + rand() ** 2 * 118);
    const receivedAt = new Date(now.getTime() - ageDays * DAY - Math.floor(rand() * DAY));
    const scored = finding.vector ? scoreCvss(finding.vector) : null;
    const channel = CHANNELS[i % CHANNELS.length]!;
    const row = createReport(
      db,
      {
        programId: program.id,
        fields: {
          title: finding.title,
          description: demoDescription(finding, i),
          cwe: finding.cwe,
          component: finding.component,
          sourceLocation: finding.source,
          affectedVersions: product.affectedVersions,
          configuration: null,
          stepsToReproduce: product.stepsToReproduce,
          proofOfConcept: finding.poc,
          impact: finding.impact,
          suggestedFix: i % 3 === 0 ? "Check the value against an allow-list before using it." : null,
        },
        channel,
        receivedAt,
        reporter: i % 11 === 5 ? null : researcher,
        severity: null,
        cvss: null,
      },
      { userId: null, label: channel === "manual" ? staff[0]!.email : "reporter" },
      receivedAt,
    );
    if (!firstKeyOf.has(program.id)) firstKeyOf.set(program.id, row.key);
    const programStaff = staff.filter((s) => s.programs.includes(program.id));
    const actorUser = programStaff[i % programStaff.length]!;
    const actor: Actor = { userId: actorUser.id, label: actorUser.email };
    let t = receivedAt.getTime();
    const step = () => {
      t = Math.min(t + Math.floor((0.2 + rand() * 3) * DAY * Math.max(1, ageDays / 20)), now.getTime() - HOUR);
      return new Date(Math.max(t, receivedAt.getTime() + 60_000));
    };
    if (path.length > 0 && i % 4 !== 3)
      assignReport(db, row, { id: actorUser.id, name: actorUser.email }, actor, step());
    if (scored?.ok && path.length > 1) {
      changeSeverity(
        db,
        reportById(db, row.id)!,
        {
          severity: scored.severity,
          source: "cvss",
          reason: null,
          cvss: { version: scored.version, vector: scored.vector, score: scored.score },
        },
        actor,
        step(),
      );
    } else if (path.includes("triage")) {
      changeSeverity(
        db,
        reportById(db, row.id)!,
        { severity: "medium", source: "manual", reason: "No CVSS for model attacks; rated by impact", cvss: null },
        actor,
        step(),
      );
    }
    const disclosure = {
      db,
      reportId: row.id,
      program: { slug, name: program.name, versionScheme: program.versionScheme },
      programIndex: created.indexOf(program),
      nth,
      finding,
      actor,
      step,
      now,
      publicUrl,
    };
    for (const action of path) {
      const current = reportById(db, row.id)!;
      if (action === "disclose") {
        publishDemoAdvisory(disclosure, step());
        continue;
      }
      const dupOf = firstKeyOf.get(program.id);
      if (action === "close_duplicate" && dupOf === current.key) continue;
      const plan = planTransition(current, {
        action,
        reason: action === "request_info" ? product.question : null,
        duplicateOf: dupOf,
        fixedVersion: action === "mark_fixed" ? product.fixedVersion : null,
      });
      const at = step();
      const duplicateOfId = plan.duplicateOf ? reportIdByKey(db, plan.duplicateOf) : null;
      applyTransition(db, current, plan, { duplicateOfId }, actor, at);
      afterDemoTransition(disclosure, action, at);
      if (action === "acknowledge") {
        addMessage(
          db,
          current,
          {
            kind: "to_reporter",
            body: "Thanks for the report. We have received it and are looking into it.",
            authorUserId: actor.userId,
          },
          actor,
          at,
        );
      }
      if (action === "triage") {
        addMessage(
          db,
          current,
          { kind: "internal", body: "Reproduced on staging. Looping in the owning team.", authorUserId: actor.userId },
          actor,
          at,
        );
      }
    }
    finishDemoDisclosure(disclosure);
    if (path.includes("request_info")) {
      const current = reportById(db, row.id)!;
      addMessage(
        db,
        current,
        { kind: "from_reporter", body: product.answer, authorUserId: null },
        { userId: null, label: "reporter" },
        step(),
      );
    }
    const state: ReportState = reportById(db, row.id)!.state;
    if (i % 10 === 0) log(`report ${i + 1}/${TOTAL} ${row.key} (${state})`);
  }
  seedDemoCredits(db, { userId: staff[0]?.id ?? null, label: staff[0]?.email ?? "seed" }, now);
  const leader = DEMO_USERS.find((u) => u.role === "leadership");
  if (leader) seedDemoLeadership(db, leader.email, now);
  // The demo is history: its notifications count as delivered long ago, so
  // the outbox starts with nothing waiting.
  db.update(schema.outbox)
    .set({ status: "sent", sentAt: sql`${schema.outbox.createdAt}` })
    .run();
  log(`created ${TOTAL} reports`);
}

/**
 * The programs' reports in arrival order, taking turns while each has some
 * left, so the busier programs fill the most recent keys too.
 */
function interleave(programs: { slug: DemoProgramSlug; count: number }[]): { slug: DemoProgramSlug; nth: number }[] {
  const out: { slug: DemoProgramSlug; nth: number }[] = [];
  const most = Math.max(...programs.map((p) => p.count));
  for (let nth = 0; nth < most; nth++) for (const p of programs) if (nth < p.count) out.push({ slug: p.slug, nth });
  return out;
}

function reportIdByKey(db: Db, key: string): number {
  const row = db.$client.prepare("SELECT id FROM reports WHERE key = ?").get(key) as { id: number } | undefined;
  if (!row) throw new Error(`demo seed: no report ${key}`);
  return row.id;
}
