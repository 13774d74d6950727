import { type AdvisoryDraft, parseZonedInstant, type TransitionName, toZonedLocal } from "@embargo/core";
import type { Actor } from "../audit/log.ts";
import type { Db } from "../client.ts";
import { saveAdvisory } from "../disclosure/advisories.ts";
import { setMilestone } from "../disclosure/milestones.ts";
import {
  agreeDisclosure,
  decideDisclosureRequest,
  requestDisclosureChange,
  setDisclosureTarget,
} from "../disclosure/plan.ts";
import { publishAdvisory } from "../disclosure/publish.ts";
import { type ReportRow, reportById } from "../reports/reads.ts";
import { policyOf } from "../sla/clocks.ts";
import {
  DEMO_ADVISORY,
  DEMO_DISCLOSURE_TEXT,
  DEMO_PRODUCTS,
  type DemoFinding,
  type DemoProgramSlug,
} from "./demo-content.ts";

/**
 * The disclosure side of the demo histories: plans, requests to move a date,
 * patch milestones, CVE ids and advisories, replayed through the same write
 * functions the dashboard and the status page call, at the instants the
 * report's history reaches them. Which report gets what depends only on its
 * place in its program, so every demo database looks the same.
 */

const DAY = 86_400_000;

const RESEARCHER: Actor = { userId: null, label: "reporter" };

export interface DemoReportContext {
  db: Db;
  reportId: number;
  program: { slug: DemoProgramSlug; name: string; versionScheme: "semver" | "calver" | "other" };
  /** The program's place among the demo programs (varies who asks for what). */
  programIndex: number;
  /** The report's place among its program's reports. */
  nth: number;
  finding: DemoFinding;
  actor: Actor;
  /** The next instant of the report's history (never after the seed's now). */
  step: () => Date;
  now: Date;
  publicUrl: string;
}

/** The path position (PATHS in demo.ts) a report's disclosure story follows. */
const place = (c: DemoReportContext) => c.nth % 15;
/** Fixing reports take turns: a pending researcher request, a team extension, an approved researcher request. */
const variant = (c: DemoReportContext) => (c.programIndex + Math.floor(c.nth / 15)) % 3;

const current = (c: DemoReportContext): ReportRow => reportById(c.db, c.reportId)!;

/** 10:00 on the day `at` falls on in the zone: dates people agree on are on the hour, not at seed instants. */
function atTen(at: Date, timeZone: string): Date {
  return parseZonedInstant(`${toZonedLocal(at, timeZone).slice(0, 10)}T10:00`, timeZone);
}

const zoneOf = (c: DemoReportContext) => policyOf(c.db, current(c).programId).calendar.timeZone;

/** After each state change of the replayed history. */
export function afterDemoTransition(c: DemoReportContext, action: TransitionName, at: Date): void {
  const tz = zoneOf(c);
  if (action === "triage") {
    // Echo and SereneSense promise no disclosure window, so no date is proposed:
    // their triagers propose one by hand (75 days out).
    const r = current(c);
    if (r.disclosureState === "none") {
      c.db.transaction((tx) =>
        setDisclosureTarget(tx, r, { at: atTen(new Date(at.getTime() + 75 * DAY), tz), timeZone: tz }, c.actor, at),
      );
    }
    // The reporter of every second triaged report accepted the date on the status page.
    if (place(c) === 6) agree(c, "researcher", c.step());
  }
  if (action === "start_fix") {
    agree(c, "team", at);
    const fixing = place(c) === 7 || place(c) === 8;
    // Place 7: a fix_ready target that passed without the fix (the "late" milestone).
    if (place(c) === 7) {
      const target = new Date(Math.min(at.getTime() + 3 * DAY, c.now.getTime() - 30 * 60_000));
      milestone(c, "fix_ready", { targetAt: target, actualAt: null, value: null }, at);
    }
    // Reports still being fixed plan the release well ahead; the rest released on time.
    const release = fixing ? Math.max(at.getTime() + 14 * DAY, c.now.getTime() + 10 * DAY) : at.getTime() + 10 * DAY;
    milestone(c, "fix_released", { targetAt: atTen(new Date(release), tz), actualAt: null, value: null }, at);
  }
  if (action === "mark_fixed") {
    const reservedAt = c.step();
    const cveId = `CVE-${reservedAt.getUTCFullYear()}-${String(90_000 + c.reportId * 7)}`;
    milestone(c, "cve_reserved", { targetAt: null, actualAt: reservedAt, value: cveId }, reservedAt);
    const r = current(c);
    c.db.transaction((tx) => saveAdvisory(tx, r, demoAdvisoryDraft(c, r), c.actor, c.step()));
  }
}

/**
 * "disclose" in the demo goes through publishAdvisory, as on the report page:
 * the first program publishes the advisory written in Embargo (served on the
 * public advisory page), the others link their own advisory pages.
 */
export function publishDemoAdvisory(c: DemoReportContext, at: Date): void {
  const r = current(c);
  const early = r.disclosureTargetAt !== null && r.disclosureTargetAt.getTime() > at.getTime();
  publishAdvisory(
    c.db,
    r,
    {
      advisoryUrl: c.programIndex === 0 ? null : `${DEMO_ADVISORY[c.program.slug].advisoryBase}/${r.key}`,
      generatedUrl: `${c.publicUrl}/advisories/${encodeURIComponent(r.key)}`,
      overrideReason: early ? DEMO_DISCLOSURE_TEXT.earlyPublish : null,
    },
    c.actor,
    at,
  );
}

/** After the history: the requests to move an agreed date that reports still being fixed carry. */
export function finishDemoDisclosure(c: DemoReportContext): void {
  if (place(c) !== 8) return;
  const r = current(c);
  if (r.disclosureState !== "agreed" || !r.disclosureTargetAt) return;
  const tz = r.disclosureTimeZone ?? zoneOf(c);
  const at = c.step();
  const newAt = atTen(new Date(Math.max(r.disclosureTargetAt.getTime(), at.getTime()) + 21 * DAY), tz);
  const v = variant(c);
  const fromResearcher = v !== 1;
  const { request } = c.db.transaction((tx) =>
    requestDisclosureChange(
      tx,
      r,
      {
        kind: "extension",
        requestedBy: fromResearcher ? "researcher" : "team",
        reason: fromResearcher ? DEMO_DISCLOSURE_TEXT.researcherExtension : DEMO_DISCLOSURE_TEXT.teamExtension,
        newAt,
        timeZone: tz,
        shortening: false,
      },
      fromResearcher ? RESEARCHER : c.actor,
      at,
    ),
  );
  // Variant 0 leaves the researcher's request waiting for the team; variant 2 has it approved.
  if (v === 2) {
    c.db.transaction((tx) =>
      decideDisclosureRequest(tx, current(c), request.id, { approve: true, note: null }, c.actor, c.step()),
    );
  }
}

function agree(c: DemoReportContext, by: "team" | "researcher", at: Date): void {
  const r = current(c);
  if (r.disclosureState !== "proposed") return;
  c.db.transaction((tx) => agreeDisclosure(tx, r, by, by === "team" ? c.actor : RESEARCHER, at));
}

function milestone(
  c: DemoReportContext,
  kind: "fix_ready" | "fix_released" | "cve_reserved",
  m: { targetAt: Date | null; actualAt: Date | null; value: string | null },
  at: Date,
): void {
  const r = current(c);
  c.db.transaction((tx) => setMilestone(tx, r, { kind, ...m }, c.program.versionScheme, c.actor, at));
}

/** An advisory complete enough for all three formats: the product's package, the fixed range, the weakness, a reference. */
function demoAdvisoryDraft(c: DemoReportContext, r: ReportRow): AdvisoryDraft {
  const a = DEMO_ADVISORY[c.program.slug];
  const f = c.finding;
  return {
    title: f.title,
    summary: `${f.title} in ${c.program.name} before ${DEMO_PRODUCTS[c.program.slug].fixedVersion}. ${f.impact}`,
    details: f.detail,
    workaround: r.severity === "critical" ? null : `Restrict access to ${f.component} until you can upgrade.`,
    affected: [
      {
        vendor: a.vendorName,
        product: c.program.name,
        ecosystem: a.osvEcosystem,
        packageName: a.packageName,
        ranges: [{ introduced: a.introduced, fixed: r.fixedVersion, lastAffected: null }],
      },
    ],
    cwes: [f.cwe],
    references: [{ url: `${a.advisoryBase}/${r.key}`, type: "ADVISORY" }],
  };
}
