/**
 * An installation upgraded to migration 0012 (leadership) keeps its history:
 * the migration backfills the KPI instants from the timeline, and the figures
 * and open escalations of reports that existed before it must be the same as
 * if they had been recorded under 0012. The "before" state is built with
 * today's code, then put in the state 0012 leaves an older database in: the
 * KPI instants recomputed by the migration's own backfill statement and
 * report_clocks empty (the migration creates that table and fills nothing),
 * then the database is opened again as a starting server opens it.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { planTransition, reportFieldsSchema, type Severity, type TransitionName } from "@embargo/core";
import {
  applyTransition,
  closeDatabase,
  createReport,
  openDatabase,
  reportById,
  schema,
  settleEscalations,
  sweepSla,
} from "@embargo/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Caller,
  callerFor,
  type Fixture,
  makeClock,
  makeTestDb,
  seedFixture,
  type TestDb,
} from "./test-support.ts";

const clock = makeClock("2026-04-10T12:00:00.000Z");
let t: TestDb;
let f: Fixture;
let lead: Caller;
const k: Record<string, string> = {};

type Step = [TransitionName, string, { reason?: string; fixedVersion?: string }?];
function build(name: string, severity: Severity | null, receivedAt: string, steps: Step[] = []) {
  const actor = { userId: f.users.admin.id, label: f.users.admin.email };
  const row = createReport(
    t.db,
    {
      programId: f.programs.alpha.id,
      fields: reportFieldsSchema.parse({ title: `Upgrade report ${name}`, description: "Body" }),
      channel: "manual",
      receivedAt: new Date(receivedAt),
      reporter: null,
      severity: severity ? { severity, source: "manual", reason: "test" } : null,
    },
    actor,
    new Date(receivedAt),
  );
  for (const [action, at, extra] of steps) {
    const current = reportById(t.db, row.id)!;
    applyTransition(
      t.db,
      current,
      planTransition(current, { action, ...extra }),
      { duplicateOfId: null },
      actor,
      new Date(at),
    );
  }
  k[name] = row.key;
}

/** The migration's backfill statement, as written in 0012_leadership.sql. */
function backfillSql(): string {
  const dbEntry = createRequire(import.meta.url).resolve("@embargo/db");
  const file = path.join(path.dirname(dbEntry), "..", "migrations", "0012_leadership.sql");
  const statements = readFileSync(file, "utf8").split("--> statement-breakpoint");
  const backfill = statements.filter((s) => /UPDATE `reports` SET/.test(s) && s.includes("`acknowledged_at` ="));
  expect(backfill).toHaveLength(1);
  return backfill[0]!;
}

const instants = () =>
  t.db
    .select({
      key: schema.reports.key,
      acknowledgedAt: schema.reports.acknowledgedAt,
      assessedAt: schema.reports.assessedAt,
      fixedAt: schema.reports.fixedAt,
      closedAt: schema.reports.closedAt,
    })
    .from(schema.reports)
    .all();

const Q1 = { kind: "quarter", quarter: "2026-Q1" } as const;
let before: {
  instants: ReturnType<typeof instants>;
  kpis: Awaited<ReturnType<Caller["leadership"]["kpis"]>>;
  trends: Awaited<ReturnType<Caller["leadership"]["trends"]>>;
  openBreach: number;
};

beforeAll(async () => {
  t = makeTestDb();
  f = await seedFixture(t.db, clock.now);
  build("P1", "high", "2026-01-05T10:00:00Z", [
    ["acknowledge", "2026-01-05T11:00:00Z"],
    ["triage", "2026-01-05T12:00:00Z"],
    ["mark_fixed", "2026-01-20T10:00:00Z", { fixedVersion: "1.2.3" }],
  ]);
  build("P2", null, "2026-01-12T10:00:00Z", [["acknowledge", "2026-01-14T10:00:00Z"]]);
  // Closed, reopened, closed again: closed at the last close.
  build("P4", null, "2026-02-02T09:00:00Z", [
    ["close_spam", "2026-02-02T10:00:00Z", { reason: "Spam" }],
    ["reopen", "2026-02-05T10:00:00Z", { reason: "Not spam after all" }],
    ["close_informative", "2026-02-09T10:00:00Z", { reason: "Known" }],
  ]);
  // Closed, then reopened: open, so no closed instant.
  build("P5", "medium", "2026-02-16T09:00:00Z", [
    ["triage", "2026-02-16T10:00:00Z"],
    ["close_wont_fix", "2026-02-17T10:00:00Z", { reason: "Accepted" }],
    ["reopen", "2026-02-20T10:00:00Z", { reason: "Not accepted" }],
  ]);
  // Never touched: its acknowledgement breaches on 3 March 09:00 and stays escalated.
  build("P3", null, "2026-03-02T09:00:00Z");
  sweepSla(t.db, new Date("2026-03-02T23:00:00Z"));
  sweepSla(t.db, new Date("2026-03-03T10:00:00Z"));
  settleEscalations(t.db, new Date("2026-03-03T10:00:00Z"));

  lead = await callerFor(t.db, f.users.leadership, clock.now);
  const breach = t.db
    .select()
    .from(schema.escalations)
    .where(eq(schema.escalations.kind, "clock_breached"))
    .all()
    .filter((e) => e.resolvedAt === null && e.clock === "acknowledge" && e.reportId === reportIdOf("P3"));
  expect(breach).toHaveLength(1);
  before = {
    instants: instants(),
    kpis: await lead.leadership.kpis({ period: Q1, programs: ["alpha"] }),
    trends: await lead.leadership.trends({ programs: ["alpha"] }),
    openBreach: breach[0]!.id,
  };
  expect(before.kpis.compliance.find((c) => c.clock === "acknowledge")!.due).toBeGreaterThan(0);

  // What 0012 leaves: instants as its backfill computes them, no stored clocks, and the clocks' backfill
  // (run when the database is opened) not yet done. Then the server starts: the database is opened again.
  t.db.$client.exec(
    "UPDATE reports SET acknowledged_at = NULL, assessed_at = NULL, fixed_at = NULL, closed_at = NULL; DELETE FROM report_clocks;",
  );
  t.db.$client.exec(backfillSql());
  t.db.$client.pragma("user_version = 0");
  closeDatabase(t.db);
  t.db = openDatabase(t.file);
  lead = await callerFor(t.db, f.users.leadership, clock.now);
});
afterAll(() => {
  closeDatabase(t.db);
  t.cleanup();
});

function reportIdOf(name: string) {
  return t.db.select({ id: schema.reports.id }).from(schema.reports).where(eq(schema.reports.key, k[name]!)).get()!.id;
}

describe("upgrading to migration 0012", () => {
  it("backfills acknowledged, assessed, fixed and closed instants exactly as the transitions record them", () => {
    expect(instants()).toEqual(before.instants);
    const p4 = instants().find((r) => r.key === k.P4)!;
    expect(p4.closedAt?.toISOString()).toBe("2026-02-09T10:00:00.000Z");
    expect(instants().find((r) => r.key === k.P5)!.closedAt).toBeNull();
  });

  it("keeps SLA compliance and its trend for the months before the upgrade", async () => {
    const after = await lead.leadership.kpis({ period: Q1, programs: ["alpha"] });
    expect(after.compliance, "compliance of clocks due before the upgrade").toEqual(before.kpis.compliance);
    expect(after.timeTo).toEqual(before.kpis.timeTo);
    const trends = await lead.leadership.trends({ programs: ["alpha"] });
    expect(trends.months.map((m) => m.compliance)).toEqual(before.trends.months.map((m) => m.compliance));
  });

  it("leaves open the clock escalations of reports nobody has changed since", () => {
    settleEscalations(t.db, clock.now());
    const e = t.db.select().from(schema.escalations).where(eq(schema.escalations.id, before.openBreach)).get()!;
    expect(e.resolvedCause, "an open breach resolved by the first minute job after the upgrade").toBeNull();
  });
});
