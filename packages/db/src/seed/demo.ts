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
import { createProgram } from "../programs/programs.ts";
import { reportById } from "../reports/reads.ts";
import { addMessage, applyTransition, assignReport, changeSeverity, createReport } from "../reports/writes.ts";
import * as schema from "../schema/index.ts";
import { createUser } from "../users/create-user.ts";
import { DEMO_FINDINGS, DEMO_RESEARCHERS, demoDescription } from "./demo-content.ts";

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
    programs: ["voice", "widget"],
  },
  {
    email: "edge.triager@embargo.test",
    password: "embargo-edge-demo",
    name: "Eve Edge",
    role: "triager",
    programs: ["edge"],
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

export const DEMO_PROGRAMS: { slug: string; name: string; keyPrefix: string; description: string; policy: Policy }[] = [
  {
    slug: "voice",
    name: "Voice Agent Platform",
    keyPrefix: "VOICE",
    description: "Hosted and self-hosted voice agents",
    policy: {
      acknowledge: { amount: 24, unit: "hours" },
      assess: { amount: 5, unit: "business_days" },
      update: { amount: 7, unit: "days" },
      emergency: { amount: 4, unit: "hours" },
      resolve: {
        critical: { amount: 7, unit: "days" },
        high: { amount: 7, unit: "days" },
        medium: { amount: 30, unit: "days" },
        low: "next_release",
      },
      disclosure: { amount: 90, unit: "days" },
      supportedVersions: [
        { range: "3.x", status: "supported" },
        { range: "2.4.x", status: "limited" },
        { range: "< 2.4", status: "unsupported" },
      ],
      calendar: {
        timeZone: "Europe/Berlin",
        workingDays: [...weekdays],
        holidays: ["2026-12-24", "2026-12-25", "2026-12-26", "2027-01-01"],
      },
      contacts: { security: ["security@voice.example"], emergency: ["oncall-security@voice.example"] },
      languages: ["en", "de"],
      pgpKeyUrl: null,
      policyUrl: null,
    },
  },
  {
    slug: "widget",
    name: "Support Widget SaaS",
    keyPrefix: "WIDGET",
    description: "Embeddable chat widget and admin console",
    policy: {
      acknowledge: { amount: 48, unit: "hours" },
      assess: { amount: 72, unit: "hours" },
      update: { amount: 14, unit: "days" },
      emergency: null,
      resolve: {
        critical: { amount: 14, unit: "days" },
        high: { amount: 30, unit: "days" },
        medium: { amount: 90, unit: "days" },
        low: null,
      },
      disclosure: { amount: 90, unit: "days" },
      supportedVersions: [{ range: "current (SaaS)", status: "supported" }],
      calendar: { timeZone: "America/New_York", workingDays: [...weekdays], holidays: ["2026-11-26", "2026-12-25"] },
      contacts: { security: ["security@widget.example"], emergency: [] },
      languages: ["en"],
      pgpKeyUrl: null,
      policyUrl: null,
    },
  },
  {
    slug: "edge",
    name: "Edge Vision Model",
    keyPrefix: "EDGE",
    description: "On-device vision model and updater",
    policy: {
      acknowledge: { amount: 3, unit: "business_days" },
      assess: { amount: 10, unit: "business_days" },
      update: null,
      emergency: null,
      resolve: {
        critical: { amount: 30, unit: "days" },
        high: { amount: 60, unit: "days" },
        medium: { amount: 120, unit: "days" },
        low: "next_release",
      },
      disclosure: { amount: 120, unit: "days" },
      supportedVersions: [
        { range: "2025.x", status: "supported" },
        { range: "2024.x", status: "unsupported" },
      ],
      calendar: { timeZone: "Asia/Tokyo", workingDays: [...weekdays], holidays: ["2026-11-23", "2027-01-01"] },
      contacts: { security: ["psirt@edge.example"], emergency: [] },
      languages: ["en", "ja"],
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

export async function seedDemo(db: Db, now: Date, log: (line: string) => void = () => {}): Promise<void> {
  const system: Actor = { userId: null, label: "seed" };
  // Seeded so every demo database looks the same.
  const rand = seededRandom(42);
  const created = DEMO_PROGRAMS.map((p) => createProgram(db, p, system, new Date(now.getTime() - 200 * DAY)));
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
  const TOTAL = 60;
  for (let i = 0; i < TOTAL; i++) {
    const program = created[i % created.length]!;
    // Findings match the product: edge/* and widget/* components belong to those programs.
    const pool = DEMO_FINDINGS.filter((f) =>
      program.slug === "voice" ? !/^(edge|widget)\//.test(f.component) : f.component.startsWith(`${program.slug}/`),
    );
    const finding = pool[(i * 7 + Math.floor(i / 3)) % pool.length]!;
    const researcher = DEMO_RESEARCHERS[i % DEMO_RESEARCHERS.length]!;
    // Each program walks through every path, so every program has reports in every state.
    const nth = Math.floor(i / created.length);
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
          description: demoDescription(finding.title, finding.component, i),
          cwe: finding.cwe,
          component: finding.component,
          sourceLocation: `src/${finding.component}/handler.ts`,
          affectedVersions: program.slug === "edge" ? "2025.3 – 2025.9" : "3.0.0 – 3.4.2",
          configuration: null,
          stepsToReproduce: "1. Sign in as a low-privileged user\n2. Send the request above\n3. Observe the response",
          proofOfConcept: "```bash\ncurl -s https://target.example/v2/api -d @payload.json\n```",
          impact: finding.impact,
          suggestedFix: i % 3 === 0 ? "Validate the value against an allow-list on the server." : null,
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
    for (const action of path) {
      const current = reportById(db, row.id)!;
      const dupOf = firstKeyOf.get(program.id);
      if (action === "close_duplicate" && dupOf === current.key) continue;
      const plan = planTransition(current, {
        action,
        reason: action === "request_info" ? "Which build did you test? We cannot reproduce on 3.4.2." : null,
        duplicateOf: dupOf,
        fixedVersion: action === "mark_fixed" ? "3.4.3" : null,
      });
      const at = step();
      const duplicateOfId = plan.duplicateOf ? reportIdByKey(db, plan.duplicateOf) : null;
      applyTransition(db, current, plan, { duplicateOfId }, actor, at);
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
    if (path.includes("request_info")) {
      const current = reportById(db, row.id)!;
      addMessage(
        db,
        current,
        { kind: "from_reporter", body: "Tested on 3.4.1, self-hosted, default config.", authorUserId: null },
        { userId: null, label: "reporter" },
        step(),
      );
    }
    const state: ReportState = reportById(db, row.id)!.state;
    if (i % 10 === 0) log(`report ${i + 1}/${TOTAL} ${row.key} (${state})`);
  }
  // The demo is history: its notifications count as delivered long ago, so
  // the outbox starts with nothing waiting.
  db.update(schema.outbox)
    .set({ status: "sent", sentAt: sql`${schema.outbox.createdAt}` })
    .run();
  log(`created ${TOTAL} reports`);
}

function reportIdByKey(db: Db, key: string): number {
  const row = db.$client.prepare("SELECT id FROM reports WHERE key = ?").get(key) as { id: number } | undefined;
  if (!row) throw new Error(`demo seed: no report ${key}`);
  return row.id;
}
