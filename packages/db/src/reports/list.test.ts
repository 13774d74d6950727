import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { isOpenState, type ReportState, type SlaFilter } from "@embargo/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedScale } from "../../seed/scale.ts";
import { closeDatabase, type Db, openDatabase } from "../client.ts";
import { reports } from "../schema/reports.ts";
import { listReports, type ReportFilter } from "./list.ts";
import type { ReportRow } from "./reads.ts";

// The inbox list is prepared once per filter shape and fills its values at
// execution (decision 0006). These tests hold it to a plain-JS reading of the
// whole table, across requests of one shape with different values, so a
// value baked into a cached statement or a mis-mapped column would show.

const NOW = new Date("2026-06-15T12:00:00Z");
let dir: string;
let db: Db;
let all: ReportRow[];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "embargo-list-"));
  db = openDatabase(path.join(dir, "list.db"));
  await seedScale(db, { reports: 1500, programs: 3, now: NOW, seed: 7 });
  all = db.select().from(reports).all();
}, 60_000);

afterAll(() => {
  closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
});

const t = (d: Date | null) => (d ? d.getTime() : null);

/** The inbox's default order: next deadline first (none last), then severity, then age. */
function byDeadline(a: ReportRow, b: ReportRow): number {
  const da = t(a.nextDeadlineAt);
  const db_ = t(b.nextDeadlineAt);
  if ((da === null) !== (db_ === null)) return da === null ? 1 : -1;
  if (da !== null && db_ !== null && da !== db_) return da - db_;
  if (a.severityRank !== b.severityRank) return b.severityRank - a.severityRank;
  if (a.receivedAt.getTime() !== b.receivedAt.getTime()) return a.receivedAt.getTime() - b.receivedAt.getTime();
  return a.id - b.id;
}

function slaOf(r: ReportRow, now: number): SlaFilter {
  if (r.slaState === "paused") return "paused";
  const due = t(r.nextDeadlineAt);
  if (due === null) return "none" as SlaFilter;
  if (due <= now) return "breached";
  const risk = t(r.nextAtRiskAt);
  return risk !== null && risk <= now ? "at_risk" : "on_track";
}

function expected(f: ReportFilter): ReportRow[] {
  const now = (f.now ?? NOW).getTime();
  return all
    .filter(
      (r) =>
        f.programIds.includes(r.programId) &&
        (f.open === undefined || isOpenState(r.state) === f.open) &&
        (!f.states?.length || f.states.includes(r.state)) &&
        (f.assigneeId === undefined || r.assigneeId === f.assigneeId) &&
        (!f.sla?.length || f.sla.includes(slaOf(r, now))),
    )
    .sort(byDeadline);
}

function check(f: ReportFilter, offset = 0) {
  const got = listReports(db, f, "deadline", { offset, limit: 50 });
  const want = expected(f);
  expect(got.total).toBe(want.length);
  expect(got.rows.map((r) => r.key)).toEqual(want.slice(offset, offset + 50).map((r) => r.key));
  return got;
}

describe("listReports (prepared per shape)", () => {
  it("maps every column as drizzle reads it, instants as epoch ms", () => {
    const { rows } = check({ programIds: [1, 2, 3], open: true });
    expect(rows.length).toBe(50);
    const byId = new Map(all.map((r) => [r.id, r]));
    for (const row of rows) {
      const r = byId.get(row.id);
      expect(r).toBeDefined();
      expect(row).toMatchObject({
        key: r?.key,
        title: r?.title,
        programId: r?.programId,
        state: r?.state,
        severity: r?.severity,
        cvssScore: r?.cvssScore,
        channel: r?.channel,
        receivedAt: r?.receivedAt.getTime(),
        updatedAt: r?.updatedAt.getTime(),
        assigneeId: r?.assigneeId,
        nextDeadlineAt: t(r?.nextDeadlineAt ?? null),
        nextAtRiskAt: t(r?.nextAtRiskAt ?? null),
        slaState: r?.slaState,
        disclosureTargetAt: t(r?.disclosureTargetAt ?? null),
      });
      expect(typeof row.programSlug).toBe("string");
    }
  });

  it("fills new values into a cached shape: programs, pages, assignees", () => {
    for (const programIds of [[1], [2], [3], [1, 2], [2, 3]]) {
      for (const offset of [0, 50, 100]) check({ programIds, open: true }, offset);
    }
    const assignees = [...new Set(all.map((r) => r.assigneeId).filter((a): a is number => a !== null))];
    expect(assignees.length).toBeGreaterThan(1);
    for (const assigneeId of assignees.slice(0, 4)) check({ programIds: [1, 2, 3], assigneeId });
  });

  it("judges SLA states at each request's own instant", () => {
    const later = new Date(NOW.getTime() + 3 * 86_400_000);
    const breachedNow = check({ programIds: [1, 2, 3], sla: ["breached"], now: NOW }).total;
    const breachedLater = check({ programIds: [1, 2, 3], sla: ["breached"], now: later }).total;
    expect(breachedLater).toBeGreaterThan(breachedNow ?? Number.POSITIVE_INFINITY);
    check({ programIds: [1, 2, 3], sla: ["at_risk", "on_track"], now: later });
  });

  it("counts per state match the table for the programs asked", () => {
    for (const programIds of [[1], [3], [1, 2, 3]]) {
      const { counts } = listReports(db, { programIds, open: true }, "deadline", { offset: 0, limit: 50 });
      const want: Record<string, number> = {};
      for (const r of all) if (programIds.includes(r.programId)) want[r.state] = (want[r.state] ?? 0) + 1;
      expect(counts).toEqual(want);
    }
  });

  it("a state tab keeps only that state", () => {
    for (const state of ["new", "triaged", "disclosed"] as ReportState[])
      check({ programIds: [1, 2, 3], states: [state] });
    // Any order, with repeats, is the same view.
    const a = check({ programIds: [1, 2, 3], states: ["triaged", "new", "new"] });
    const b = check({ programIds: [1, 2, 3], states: ["new", "triaged"] });
    expect(a.rows.map((r) => r.key)).toEqual(b.rows.map((r) => r.key));
  });

  it("stops counting past the cap and says so, while the page stays right", () => {
    const f: ReportFilter = { programIds: [1, 2, 3], sla: ["breached", "at_risk", "on_track", "paused"], now: NOW };
    const want = expected(f);
    expect(want.length).toBeGreaterThan(60);
    const capped = listReports(db, f, "deadline", { offset: 0, limit: 50, countCap: want.length - 1 });
    expect(capped.total).toBeNull();
    expect(capped.counts).toBeNull();
    expect(capped.rows.map((r) => r.key)).toEqual(want.slice(0, 50).map((r) => r.key));
    const exact = listReports(db, f, "deadline", { offset: 0, limit: 50, countCap: want.length });
    expect(exact.total).toBe(want.length);
  });

  it("a search runs its own words each time", () => {
    const word = (w: string) => listReports(db, { programIds: [1, 2, 3], q: w }, "deadline", { offset: 0, limit: 500 });
    const first = all.find((r) => r.title.includes(" "))?.title.split(" ")[0] ?? "";
    const a = word(first);
    const b = word(all[0]?.key ?? "");
    expect(a.total).toBeGreaterThan(0);
    for (const r of a.rows)
      expect(
        all.find((x) => x.id === r.id)?.title.toLowerCase() +
          " " +
          all.find((x) => x.id === r.id)?.description.toLowerCase(),
      ).toContain(first.toLowerCase());
    expect(b.rows.map((r) => r.key)).toContain(all[0]?.key);
  });
});
