import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { isOpenState, nextDeadlines, type ReportState } from "@embargo/core";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAudit } from "../src/audit/log.ts";
import { closeDatabase, type Db, MIGRATIONS_FOLDER, openDatabase } from "../src/client.ts";
import { listReports, type ReportFilter } from "../src/reports/list.ts";
import { type ReportRow, reportById } from "../src/reports/reads.ts";
import * as schema from "../src/schema/index.ts";
import { clocksOf } from "../src/sla/clocks.ts";
import { sweepSla } from "../src/sla/escalations.ts";
import { NonEmptyDatabaseError, type ScaleSeedResult, seedScale } from "./scale.ts";

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
      if (r.nextDeadlineAt) withDeadline++;
    }
    expect(withDeadline).toBeGreaterThan(50);
  });

  it("leaves the minute sweep nothing to catch up on", () => {
    expect(result.escalations).toBeGreaterThan(0);
    expect(
      one<{ n: number }>(
        "SELECT count(*) n FROM escalations e JOIN reports r ON r.id = e.report_id WHERE r.is_open = 0",
      ).n,
    ).toBe(0);
    expect(sweepSla(db, NOW)).toEqual({ checked: 0, raised: 0 });
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
