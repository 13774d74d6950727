import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  CLOSED_STATES,
  type EscalationKind,
  formatZonedShort,
  isOpenState,
  lastTwelveMonths,
  levelOf,
  nextDeadlines,
  OPEN_STATES,
  type Policy,
  type ReportState,
  resolvePeriod,
  type Severity,
} from "@embargo/core";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAudit } from "../src/audit/chain.ts";
import { closeDatabase, type Db, MIGRATIONS_FOLDER, openDatabase } from "../src/client.ts";
import { sweepDisclosures } from "../src/disclosure/sweep.ts";
import { settleEscalations } from "../src/leadership/escalations.ts";
import { panelNow } from "../src/leadership/panel.ts";
import { briefPage, kpiTable, periodQuery, trendMonths } from "../src/leadership/reads.ts";
import { listReports, type ReportFilter } from "../src/reports/list.ts";
import { type ReportRow, reportById } from "../src/reports/reads.ts";
import * as schema from "../src/schema/index.ts";
import { clocksOf, nextSweepInstant } from "../src/sla/clocks.ts";
import { sweepSla } from "../src/sla/escalations.ts";
import { NonEmptyDatabaseError, type ScaleSeedResult, seedScale } from "./scale.ts";
import { productReason, reasonOf, zonedShort } from "./scale-escalations.ts";

const NOW = new Date("2026-06-15T09:30:00Z");
const N = 2_000;
let db: Db;
let result: ScaleSeedResult;
const file = path.join(mkdtempSync(path.join(tmpdir(), "embargo-scale-")), "t.db");

beforeAll(async () => {
  db = openDatabase(file);
  result = await seedScale(db, { reports: N, now: NOW, batchSize: 500 });
}, 60_000);
afterAll(() => closeDatabase(db));

const all = <T>(sql: string, ...params: unknown[]) => db.$client.prepare(sql).all(...params) as T[];
const one = <T>(sql: string, ...params: unknown[]) => db.$client.prepare(sql).get(...params) as T;

describe("seedScale", () => {
  it("writes the requested reports with unique keys numbered per program", () => {
    expect(result.reports).toBe(N);
    expect(one<{ n: number }>("SELECT count(*) n FROM reports").n).toBe(N);
    expect(one<{ n: number }>("SELECT count(DISTINCT key) n FROM reports").n).toBe(N);
    const programs = all<{ id: number; next: number; n: number }>(
      "SELECT p.id, p.next_report_number next, (SELECT count(*) FROM reports r WHERE r.program_id = p.id) n FROM programs p",
    );
    expect(programs).toHaveLength(3);
    for (const p of programs) expect(p.next).toBe(p.n + 1);
    expect(all("PRAGMA foreign_key_check")).toEqual([]);
  });

  it("starts every timeline with one created event at the arrival instant", () => {
    const bad = all(`
      SELECT r.id FROM reports r
      WHERE (SELECT count(*) FROM report_events e WHERE e.report_id = r.id AND e.type = 'created') <> 1
         OR (SELECT e.type FROM report_events e WHERE e.report_id = r.id ORDER BY e.at, e.id LIMIT 1) <> 'created'
         OR (SELECT e.at FROM report_events e WHERE e.report_id = r.id AND e.type = 'created') <> r.received_at`);
    expect(bad).toEqual([]);
    expect(one<{ n: number }>("SELECT count(*) n FROM report_events WHERE at > ?", NOW.getTime()).n).toBe(0);
  });

  it("stores the state, open flag and resume state the transitions lead to", () => {
    const rows = all<{ id: number; state: ReportState; is_open: number; resume_state: string | null; last: string }>(`
      SELECT r.id, r.state, r.is_open, r.resume_state,
        coalesce((SELECT e.to_state FROM report_events e WHERE e.report_id = r.id AND e.type = 'transition'
                  ORDER BY e.at DESC, e.id DESC LIMIT 1), 'new') AS last
      FROM reports r`);
    for (const r of rows) {
      expect(r.state, `report ${r.id}`).toBe(r.last);
      expect(r.is_open).toBe(isOpenState(r.state) ? 1 : 0);
      if (r.state === "needs_info") expect(r.resume_state).not.toBeNull();
      else expect(r.resume_state).toBeNull();
    }
    // Every state of the lifecycle occurs (reopen is not generated).
    expect(new Set(rows.map((r) => r.state)).size).toBe(13);
    // Each transition starts where the previous one ended.
    const chains = all<{ report_id: number; from_state: string; to_state: string }>(
      "SELECT report_id, from_state, to_state FROM report_events WHERE type = 'transition' ORDER BY report_id, at, id",
    );
    const at = new Map<number, string>();
    for (const e of chains) {
      expect(e.from_state).toBe(at.get(e.report_id) ?? "new");
      at.set(e.report_id, e.to_state);
    }
  });

  it("links duplicates to an earlier report of the same program and rates every triaged report", () => {
    const dups = all<{ ok: number }>(`
      SELECT (o.program_id = r.program_id AND o.id < r.id) ok
      FROM reports r JOIN reports o ON o.id = r.duplicate_of_id WHERE r.state = 'duplicate'`);
    expect(dups.length).toBe(one<{ n: number }>("SELECT count(*) n FROM reports WHERE state = 'duplicate'").n);
    expect(dups.every((d) => d.ok === 1)).toBe(true);
    expect(
      one<{ n: number }>(
        "SELECT count(*) n FROM reports WHERE state IN ('triaged','fixing','fixed','disclosed') AND severity IS NULL",
      ).n,
    ).toBe(0);
  });

  it("stores the deadlines the clock engine computes from the stored timeline", () => {
    const ids = all<{ id: number }>("SELECT id FROM reports WHERE id % 7 = 0 OR is_open = 1 ORDER BY id");
    expect(ids.length).toBeGreaterThan(200);
    let withDeadline = 0;
    for (const { id } of ids) {
      const r = reportById(db, id) as ReportRow;
      const clocks = clocksOf(db, r, NOW);
      const next = nextDeadlines(clocks);
      const paused = next.worstState === "paused" || clocks.some((c) => c.state === "paused");
      expect(r.nextDeadlineAt?.getTime() ?? null, r.key).toBe(paused ? null : (next.nextDueAt?.getTime() ?? null));
      expect(r.nextAtRiskAt?.getTime() ?? null, r.key).toBe(paused ? null : (next.nextAtRiskAt?.getTime() ?? null));
      expect(r.slaState, r.key).toBe(next.worstState);
      // The sweep's next look is the next instant still ahead: nothing is due before it.
      expect(r.slaNextSweepAt?.getTime() ?? null, r.key).toBe(
        paused ? null : (nextSweepInstant(clocks, NOW)?.getTime() ?? null),
      );
      if (r.nextDeadlineAt) withDeadline++;
    }
    expect(withDeadline).toBeGreaterThan(50);
  });

  it("leaves the minute sweep nothing to catch up on: nothing to raise, nothing to settle", () => {
    expect(result.escalations).toBeGreaterThan(0);
    expect(
      one<{ n: number }>(
        "SELECT count(*) n FROM escalations e JOIN reports r ON r.id = e.report_id WHERE r.is_open = 0 AND e.resolved_at IS NULL",
      ).n,
    ).toBe(0);
    expect(sweepSla(db, NOW)).toEqual({ checked: 0, raised: 0 });
    // Run in a transaction rolled back, so a failure here leaves the other tests their data.
    db.$client.exec("SAVEPOINT sweep");
    try {
      expect(settleEscalations(db, NOW)).toBe(0);
      expect(sweepDisclosures(db, NOW)).toEqual({ raised: 0 });
    } finally {
      db.$client.exec("ROLLBACK TO sweep");
      db.$client.exec("RELEASE sweep");
    }
  });

  it("indexes every report for search and restores the search trigger", () => {
    db.$client.exec("INSERT INTO reports_fts(reports_fts) VALUES ('integrity-check')");
    const like = one<{ n: number }>(
      "SELECT count(*) n FROM reports WHERE title LIKE '%deserialization%' OR description LIKE '%deserialization%'",
    ).n;
    expect(like).toBeGreaterThan(0);
    const programIds = all<{ id: number }>("SELECT id FROM programs").map((p) => p.id);
    const found = listReports(db, { programIds, q: "deserialization" }, "deadline", { offset: 0, limit: 10 });
    expect(found.total).toBe(like);
    const migration = readFileSync(path.join(MIGRATIONS_FOLDER, "0001_search_and_audit.sql"), "utf8");
    const trigger = one<{ sql: string }>("SELECT sql FROM sqlite_master WHERE name = 'reports_fts_ai'").sql;
    expect(migration).toContain(trigger);
  });

  it("stores credit preferences with the portal's credit event", () => {
    const bad = all(`
      SELECT r.id FROM reports r WHERE
        (r.researcher_id IS NULL AND r.credit_as IS NOT NULL)
        OR (r.credit_consent <> 'pending' AND NOT EXISTS (
          SELECT 1 FROM report_events e WHERE e.report_id = r.id AND e.type = 'credit'
            AND json_extract(e.data_json, '$.consent') = r.credit_consent))`);
    expect(bad).toEqual([]);
    expect(one<{ n: number }>("SELECT count(*) n FROM reports WHERE credit_consent = 'accepted'").n).toBeGreaterThan(0);
    // The reporter's credit row says the same as the report's preference, for every report with a researcher.
    const unmatched = all(`
      SELECT r.id FROM reports r LEFT JOIN credits c ON c.report_id = r.id AND c.position = 0
      WHERE r.researcher_id IS NOT NULL AND (c.id IS NULL OR c.consent <> r.credit_consent
        OR c.display <> coalesce(r.credit_as, 'name') OR c.researcher_id <> r.researcher_id
        OR (c.consent <> 'pending' AND c.consent_channel <> 'status_page'))`);
    expect(unmatched).toEqual([]);
  });

  it("keeps the per-state counts the inbox reads equal to the reports", () => {
    const drift = all(`
      SELECT p.id, s.state FROM programs p, (SELECT DISTINCT state FROM reports) s
      WHERE coalesce((SELECT n FROM report_state_counts c WHERE c.program_id = p.id AND c.state = s.state), 0)
         <> (SELECT count(*) FROM reports r WHERE r.program_id = p.id AND r.state = s.state)`);
    expect(drift).toEqual([]);
  });

  it("answers the inbox pages from the deadline indexes and the counts table, without sorting or counting reports", () => {
    const programIds = all<{ id: number }>("SELECT id FROM programs").map((p) => p.id);
    const captured: string[] = [];
    const logged = drizzle(db.$client, {
      schema,
      logger: {
        logQuery: (query, params) => {
          const plan = db.$client
            .prepare(`EXPLAIN QUERY PLAN ${query}`)
            .all(...params)
            .map((r) => (r as { detail: string }).detail)
            .join(" | ");
          captured.push(plan);
        },
      },
    }) as unknown as Db;
    const cases: [ReportFilter, number, string][] = [
      [{ programIds, open: true }, 0, "reports_open_inbox_idx"],
      [{ programIds: programIds.slice(0, 1), open: true }, 0, "reports_open_inbox_idx"],
      [{ programIds, states: ["fixed"] }, 0, "reports_state_inbox_idx"],
      [{ programIds }, 500, "reports_inbox_idx"],
    ];
    for (const [filter, offset, index] of cases) {
      captured.length = 0;
      const page = listReports(logged, filter, "deadline", { offset, limit: 50 });
      expect(page.rows).toHaveLength(50);
      const [list, counts] = captured;
      // The page's ids come from the index in order; only the 50 rows found are sorted again.
      expect(list).toContain(`COVERING INDEX ${index}`);
      expect(list).not.toMatch(/SCAN reports(?! USING COVERING INDEX)/);
      expect(counts).toContain("report_state_counts");
    }
    // The most urgent order reads each of its three parts (breached, due, no
    // clock) from the urgent index of the view, one range per severity, unsorted.
    for (const [filter, index] of [
      [{ programIds, open: true }, "reports_open_urgent_idx"],
      [{ programIds: programIds.slice(0, 1), states: ["fixed"] }, "reports_state_urgent_idx"],
      [{ programIds }, "reports_urgent_idx"],
    ] as [ReportFilter, string][]) {
      captured.length = 0;
      const page = listReports(logged, { ...filter, now: NOW }, "urgent", { offset: 10, limit: 50 });
      expect(page.rows.length).toBeGreaterThan(0);
      const list = captured[0] ?? "";
      expect(
        list.match(new RegExp(`COVERING INDEX ${index} \\((?:\\w+=\\? AND )?severity_rank=\\?`, "g")),
      ).toHaveLength(3);
      // The one sort is of the page's rows, after the join.
      expect(list.match(/TEMP B-TREE/g)).toHaveLength(1);
      expect(list).toMatch(/USE TEMP B-TREE FOR ORDER BY$/);
      expect(list).not.toMatch(/SCAN reports(?! USING COVERING INDEX)/);
    }
    // Same rows as a plain sort of everything the filter matches.
    const all50 = all<{ id: number }>(
      "SELECT id FROM reports WHERE is_open = 1 ORDER BY next_deadline_at IS NULL, next_deadline_at, severity_rank DESC, received_at, id LIMIT 50 OFFSET 10",
    ).map((r) => r.id);
    expect(
      listReports(db, { programIds, open: true }, "deadline", { offset: 10, limit: 50 }).rows.map((r) => r.id),
    ).toEqual(all50);
  });

  it("records one summary audit entry for the bulk load, and the chain verifies", () => {
    expect(one<{ n: number }>("SELECT count(*) n FROM audit_log WHERE action = 'seed.scale'").n).toBe(1);
    expect(one<{ n: number }>("SELECT count(*) n FROM audit_log").n).toBeLessThan(30);
    expect(verifyAudit(db).ok).toBe(true);
  });

  it("refuses a database that already has programs", async () => {
    await expect(seedScale(db, { reports: 10, now: NOW })).rejects.toBeInstanceOf(NonEmptyDatabaseError);
    expect(one<{ n: number }>("SELECT count(*) n FROM reports").n).toBe(N);
  });
});

describe("seedScale's disclosure columns", () => {
  it("plans dates from triage on, in the state each report's history reached", () => {
    const rows = all<{ state: ReportState; plan: string; target: number | null; zone: string | null; pending: number }>(
      `SELECT r.state, r.disclosure_state plan, r.disclosure_target_at target, r.disclosure_time_zone zone,
              r.disclosure_request_pending pending FROM reports r`,
    );
    const worked = new Set(["triaged", "fixing", "fixed", "disclosed"]);
    for (const r of rows) {
      if (r.state === "disclosed") expect(r.plan).toBe("published");
      else if (worked.has(r.state)) expect(["proposed", "agreed", "extended"]).toContain(r.plan);
      else if (r.state === "new" || r.state === "acknowledged") expect(r.plan).toBe("none");
      if (r.plan !== "none") expect(r.target !== null && r.zone !== null).toBe(true);
      if (r.pending) expect(["agreed", "extended"]).toContain(r.plan);
    }
    const count = (p: string) => rows.filter((r) => r.plan === p).length;
    for (const p of ["proposed", "agreed", "extended", "published"]) expect(count(p), p).toBeGreaterThan(0);
    // Exactly the flagged reports have a request waiting.
    expect(one<{ n: number }>("SELECT count(*) n FROM disclosure_requests WHERE state = 'pending'").n).toBe(
      rows.filter((r) => r.pending).length,
    );
    expect(rows.filter((r) => r.pending).length).toBeGreaterThan(0);
  });

  it("records milestones by state (some late), CVE ids on released fixes and a few advisories", () => {
    const missingStart = one<{ n: number }>(
      // fix_started exactly when the history went through fixing (a fix may be released straight from triage).
      `SELECT count(*) n FROM reports r
        WHERE EXISTS (SELECT 1 FROM report_events e WHERE e.report_id = r.id AND e.to_state = 'fixing')
           <> EXISTS (SELECT 1 FROM report_milestones m WHERE m.report_id = r.id AND m.kind = 'fix_started'
                        AND m.actual_at IS NOT NULL)`,
    ).n;
    expect(missingStart).toBe(0);
    const badRelease = one<{ n: number }>(
      `SELECT count(*) n FROM reports r WHERE r.state IN ('fixed','disclosed') AND NOT EXISTS
        (SELECT 1 FROM report_milestones m WHERE m.report_id = r.id AND m.kind = 'fix_released'
           AND m.actual_at IS NOT NULL AND m.value = r.fixed_version)`,
    ).n;
    expect(badRelease).toBe(0);
    expect(
      one<{ n: number }>(
        "SELECT count(*) n FROM report_milestones WHERE actual_at IS NULL AND target_at <= ?",
        NOW.getTime(),
      ).n,
    ).toBeGreaterThan(0);
    const cves = all<{ cve_id: string; state: string; value: string }>(
      `SELECT r.cve_id, r.state, m.value FROM reports r JOIN report_milestones m
         ON m.report_id = r.id AND m.kind = 'cve_reserved' WHERE r.cve_id IS NOT NULL`,
    );
    expect(cves.length).toBeGreaterThan(0);
    for (const c of cves) {
      expect(c.cve_id).toMatch(/^CVE-\d{4}-\d{4,19}$/);
      expect(c.value).toBe(c.cve_id);
      expect(["fixed", "disclosed"]).toContain(c.state);
    }
    expect(one<{ n: number }>("SELECT count(*) n FROM reports WHERE cve_id IS NOT NULL").n).toBe(cves.length);
    expect(result.advisories).toBeGreaterThan(0);
    expect(one<{ n: number }>("SELECT count(*) n FROM advisories").n).toBe(result.advisories);
    expect(one<{ n: number }>("SELECT count(*) n FROM report_milestones").n).toBe(result.milestones);
    expect(all("PRAGMA foreign_key_check")).toEqual([]);
  });
});

describe("seedScale's leadership figures", () => {
  const ASSESSED = ["triaged", "fixing", "fixed", "disclosed", ...CLOSED_STATES].map((x) => `'${x}'`).join(", ");
  const OPEN = OPEN_STATES.map((x) => `'${x}'`).join(", ");

  it("stores the KPI instants the timeline gives, by the transitions' rules (lifecycleInstants)", () => {
    const bad = all<{ id: number }>(`
      SELECT r.id FROM reports r WHERE
        r.acknowledged_at IS NOT (SELECT min(e.at) FROM report_events e WHERE e.report_id = r.id AND e.type = 'transition' AND e.from_state = 'new')
        OR r.assessed_at IS NOT (SELECT min(e.at) FROM report_events e WHERE e.report_id = r.id AND e.type = 'transition' AND e.to_state IN (${ASSESSED}))
        OR r.fixed_at IS NOT (SELECT min(e.at) FROM report_events e WHERE e.report_id = r.id AND e.type = 'transition' AND e.to_state IN ('fixed', 'disclosed'))
        OR r.closed_at IS NOT (CASE WHEN r.is_open = 1 THEN NULL ELSE (SELECT max(e.at) FROM report_events e WHERE e.report_id = r.id
             AND e.type = 'transition' AND e.from_state IN (${OPEN}) AND e.to_state NOT IN (${OPEN})) END)`);
    expect(bad).toEqual([]);
    const n = (sql: string) => one<{ n: number }>(`SELECT count(*) n FROM reports WHERE ${sql}`).n;
    expect(n("acknowledged_at IS NOT NULL")).toBeGreaterThan(N / 2);
    expect(n("fixed_at IS NOT NULL")).toBeGreaterThan(N / 10);
    expect(n("is_open = 0 AND closed_at IS NULL")).toBe(0);
    // A disclosed report stopped being open when it was fixed, and stays closed from then.
    expect(n("state = 'disclosed' AND closed_at <> fixed_at")).toBe(0);
  });

  it("stores each report's clocks as recomputeSla would (report_clocks, resolve_due_at)", () => {
    const ids = all<{ id: number }>("SELECT id FROM reports WHERE id % 5 = 0 OR is_open = 1 ORDER BY id");
    expect(ids.length).toBeGreaterThan(400);
    const stored = db.$client.prepare(
      "SELECT clock, program_id, due_at, met_at FROM report_clocks WHERE report_id = ? ORDER BY clock",
    );
    const kinds = new Set<string>();
    for (const { id } of ids) {
      const r = reportById(db, id) as ReportRow;
      const clocks = clocksOf(db, r, NOW);
      const expected = clocks
        .filter((c) => c.due)
        .map((c) => ({
          clock: c.name,
          program_id: r.programId,
          due_at: c.due!.getTime(),
          met_at: c.metAt?.getTime() ?? null,
        }))
        .sort((a, b) => a.clock.localeCompare(b.clock));
      expect(stored.all(id), r.key).toEqual(expected);
      const resolve = clocks.find((c) => c.name === "resolve" && c.state !== "met");
      expect(r.resolveDueAt?.getTime() ?? null, r.key).toBe(resolve?.due?.getTime() ?? null);
      for (const c of expected) kinds.add(c.clock);
    }
    expect([...kinds].sort()).toEqual(["acknowledge", "assess", "emergency", "resolve"]);
    expect(one<{ n: number }>("SELECT count(*) n FROM report_clocks").n).toBe(result.clocks);
    // Every clock due in the past is either kept or missed; both happen.
    const kept = one<{ met: number; missed: number }>(
      `SELECT sum(met_at IS NOT NULL AND met_at <= due_at) met, sum(met_at IS NULL OR met_at > due_at) missed
       FROM report_clocks WHERE due_at <= ?`,
      NOW.getTime(),
    );
    expect(kept.met).toBeGreaterThan(kept.missed);
    expect(kept.missed).toBeGreaterThan(0);
  });

  it("raises escalations at the levels of levelOf, with the product's reasons, acknowledged and resolved in order", () => {
    const rows = all<{
      id: number;
      kind: Exclude<EscalationKind, "manual">;
      level: string;
      clock: string;
      due_at: number;
      raised_at: number;
      reason: string;
      acknowledged_at: number | null;
      acknowledged_by_user_id: number | null;
      resolved_at: number | null;
      resolved_by_user_id: number | null;
      resolve_note: string | null;
      resolved_cause: string | null;
      key: string;
      received_at: number;
      severity: Severity | null;
      zone: string | null;
      policy: string;
    }>(`SELECT e.*, r.key, r.received_at, r.severity, r.disclosure_time_zone zone, p.policy_json policy
        FROM escalations e JOIN reports r ON r.id = e.report_id JOIN programs p ON p.id = e.program_id ORDER BY e.id`);
    expect(rows.length).toBe(result.escalations);
    const kinds = new Set(rows.map((e) => e.kind));
    expect([...kinds].sort()).toEqual(["clock_at_risk", "clock_breached", "critical_received", "disclosure_due"]);
    for (const e of rows) {
      const overdue = e.kind === "disclosure_due" && e.clock === "disclosure_overdue";
      const pages = (JSON.parse(e.policy) as Policy).escalateCriticalToLeadership;
      const level = e.kind === "critical_received" && !pages ? "attention" : levelOf(e.kind, overdue);
      expect(e.level, `${e.key} ${e.kind}`).toBe(level);
      expect(e.raised_at).toBeLessThanOrEqual(NOW.getTime());
      if (e.acknowledged_at !== null) {
        expect(e.acknowledged_at).toBeGreaterThanOrEqual(e.raised_at);
        expect(e.acknowledged_at).toBeLessThanOrEqual(e.resolved_at ?? NOW.getTime());
        expect(e.acknowledged_by_user_id).not.toBeNull();
      }
      if (e.resolved_at !== null) {
        expect(e.resolved_at).toBeGreaterThanOrEqual(e.raised_at);
        expect(e.resolved_at).toBeLessThanOrEqual(NOW.getTime());
        expect(e.resolved_cause).not.toBeNull();
      } else expect(e.resolved_cause).toBeNull();
      const byHand = e.resolved_cause === "by hand";
      expect(e.resolved_by_user_id !== null && e.resolve_note !== null, `${e.key} ${e.kind}`).toBe(byHand);
    }
    // The reason text is escalationReason's, as of when it was raised.
    for (const e of rows.filter((_, i) => i % 29 === 0)) {
      const timeZone =
        e.kind === "disclosure_due" ? (e.zone ?? "UTC") : (JSON.parse(e.policy) as Policy).calendar.timeZone;
      const input = {
        key: e.key,
        kind: e.kind,
        clock: e.kind === "critical_received" ? null : e.clock,
        severity: e.severity,
        due: e.kind === "critical_received" ? null : e.due_at,
        receivedAt: e.received_at,
        timeZone,
        now: e.raised_at,
      };
      expect(e.reason, `${e.key} ${e.kind}`).toBe(productReason(input));
      expect(reasonOf(input)).toBe(e.reason);
    }
    // A team that reads its panel: most are resolved, a few are open, all four kinds occur among the resolved.
    const open = rows.filter((e) => e.resolved_at === null).length;
    expect(open).toBe(result.openEscalations);
    expect(open).toBeGreaterThan(0);
    expect(open).toBeLessThan(N * 0.02);
    expect(new Set(rows.filter((e) => e.resolved_cause === "by hand").map((e) => e.kind)).size).toBe(4);
  }, 30_000);

  it("formats zoned instants like the product, across zones and daylight saving", () => {
    const zones = ["UTC", "Asia/Kolkata", "Europe/Berlin", "America/New_York", "Australia/Adelaide", "Asia/Kathmandu"];
    const start = Date.UTC(2024, 0, 1);
    for (let i = 0; i < 120; i++) {
      const t = start + Math.floor(i * 6.7e8 + (i % 7) * 1_799_999);
      for (const z of zones)
        expect(zonedShort(t, z), `${new Date(t).toISOString()} ${z}`).toBe(formatZonedShort(new Date(t), z));
    }
  }, 30_000);

  it("spreads arrivals and closures over the twelve months a trend shows", () => {
    const months = all<{ m: string; received: number }>(
      `SELECT strftime('%Y-%m', received_at / 1000, 'unixepoch') m, count(*) received FROM reports
       WHERE received_at >= ? GROUP BY m`,
      Date.UTC(2025, 5, 1),
    );
    expect(months).toHaveLength(13);
    for (const m of months) expect(m.received, m.m).toBeGreaterThan(10);
    const closed = one<{ n: number }>(
      "SELECT count(DISTINCT strftime('%Y-%m', closed_at / 1000, 'unixepoch')) n FROM reports WHERE closed_at >= ?",
      Date.UTC(2025, 5, 1),
    ).n;
    expect(closed).toBe(13);
  });
});

describe("the leadership reads on seeded data", () => {
  /** Every statement the leadership reads prepare on the connection, with its parameters. */
  function recorded(run: (spy: Db) => void): { sql: string; params: unknown[] }[] {
    const seen: { sql: string; params: unknown[] }[] = [];
    const client = db.$client;
    const wrap = (st: ReturnType<typeof client.prepare>, sql: string): typeof st => {
      const proxy: typeof st = new Proxy(st, {
        get(target, prop) {
          if (prop === "raw" || prop === "pluck") {
            return (on = true) => {
              target[prop](on);
              return proxy;
            };
          }
          if (prop === "all" || prop === "get") {
            return (...params: unknown[]) => {
              seen.push({ sql, params });
              return (target[prop] as (...a: unknown[]) => unknown)(...params);
            };
          }
          const v = Reflect.get(target, prop, target);
          return typeof v === "function" ? v.bind(target) : v;
        },
      });
      return proxy;
    };
    const spyClient = new Proxy(client, {
      get(target, prop) {
        if (prop === "prepare") return (sql: string) => wrap(target.prepare(sql), sql);
        const v = Reflect.get(target, prop, target);
        return typeof v === "function" ? v.bind(target) : v;
      },
    });
    // A new object: the prepared-statement cache is per database object, so every statement is prepared here.
    run(Object.create(db, { $client: { value: spyClient } }) as Db);
    return seen;
  }

  it("reads the KPI, trend and panel figures from index ranges, never every report of a program", () => {
    const programs = all<{ id: number; slug: string; name: string }>("SELECT id, slug, name FROM programs");
    const ids = programs.map((p) => p.id);
    const period = resolvePeriod({ kind: "last90" }, NOW);
    const statements = recorded((spy) => {
      kpiTable(spy, programs, period, NOW);
      trendMonths(spy, ids, lastTwelveMonths(NOW), NOW);
      panelNow(spy, ids, NOW);
      for (const kind of ["received", "closed", "acknowledged", "assessed", "fixed"] as const) {
        briefPage(spy, ids, periodQuery(kind, period, "critical"), 50, 0);
      }
    });
    expect(statements.length).toBeGreaterThan(20);
    for (const s of statements) {
      const plan = db.$client
        .prepare(`EXPLAIN QUERY PLAN ${s.sql}`)
        .all(...s.params)
        .map((r) => (r as { detail: string }).detail)
        .join(" | ");
      // program_id alone is no range: it walks every report of the program.
      expect(plan, s.sql).not.toMatch(/\(program_id=\?\)/);
      expect(plan, s.sql).not.toMatch(/SCAN (reports|r)\b(?! USING COVERING INDEX)/);
      expect(plan, s.sql).not.toContain("USING INDEX reports_severity_state_idx");
    }
    // The panel's lists read their order from an index: only the page's rows are sorted again.
    const lists = statements.filter((s) => s.sql.includes("LIMIT ? OFFSET ?"));
    expect(lists.length).toBeGreaterThan(4);
  });
});
