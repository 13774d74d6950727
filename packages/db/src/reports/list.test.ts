import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  type DisclosureFilter,
  disclosureFilterRange,
  isOpenState,
  type ReportSort,
  type ReportState,
  type SlaFilter,
} from "@embargo/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedScale } from "../../seed/scale.ts";
import { closeDatabase, type Db, openDatabase } from "../client.ts";
import { programs } from "../schema/programs.ts";
import { reportClocks, reports } from "../schema/reports.ts";
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
  // Disclosure plans in every state, targets from 40 days ago to 80 days ahead,
  // some with a pending request (whether or not the seed wrote plans itself).
  db.$client
    .prepare(
      `UPDATE reports SET
         disclosure_state = CASE id % 6 WHEN 0 THEN 'proposed' WHEN 1 THEN 'agreed' WHEN 2 THEN 'extended'
           WHEN 3 THEN 'published' WHEN 4 THEN 'cancelled' ELSE 'none' END,
         disclosure_target_at = CASE WHEN id % 6 = 5 THEN NULL
           ELSE @now + ((id * 7919) % 120 - 40) * 86400000 + (id % 24) * 3600000 END,
         disclosure_time_zone = CASE WHEN id % 6 = 5 THEN NULL WHEN id % 2 = 0 THEN 'Europe/Berlin' ELSE 'America/New_York' END,
         disclosure_request_pending = (id % 5 = 0 AND id % 6 < 3)
       WHERE id % 3 <> 0 OR state IN ('triaged', 'fixing', 'fixed', 'disclosed')`,
    )
    .run({ now: NOW.getTime() });
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

/**
 * Most urgent: breached deadlines, then deadlines still ahead, then no running
 * clock; within each, the most severe first, then the nearest deadline, then the oldest.
 */
function byUrgency(now: number) {
  const part = (r: ReportRow) => {
    const due = t(r.nextDeadlineAt);
    return due === null ? 2 : due <= now ? 0 : 1;
  };
  return (a: ReportRow, b: ReportRow): number =>
    part(a) - part(b) ||
    b.severityRank - a.severityRank ||
    (t(a.nextDeadlineAt) ?? 0) - (t(b.nextDeadlineAt) ?? 0) ||
    a.receivedAt.getTime() - b.receivedAt.getTime() ||
    a.id - b.id;
}

function slaOf(r: ReportRow, now: number): SlaFilter {
  if (r.slaState === "paused") return "paused";
  const due = t(r.nextDeadlineAt);
  if (due === null) return "none" as SlaFilter;
  if (due <= now) return "breached";
  const risk = t(r.nextAtRiskAt);
  return risk !== null && risk <= now ? "at_risk" : "on_track";
}

const ACTIVE = ["proposed", "agreed", "extended"];
/** The target of a plan still to be published, else null. */
const activeTarget = (r: ReportRow) => (ACTIVE.includes(r.disclosureState) ? t(r.disclosureTargetAt) : null);

/** The disclosure order: nearest target of a live plan first, none last, then id. */
function byDisclosure(a: ReportRow, b: ReportRow): number {
  const da = activeTarget(a);
  const db_ = activeTarget(b);
  if ((da === null) !== (db_ === null)) return da === null ? 1 : -1;
  if (da !== null && db_ !== null && da !== db_) return da - db_;
  return a.id - b.id;
}

function inDisclosureRange(r: ReportRow, filter: DisclosureFilter, now: Date): boolean {
  const at = activeTarget(r);
  if (at === null) return false;
  const { from, to } = disclosureFilterRange(filter, now);
  return (from === null || at >= from.getTime()) && at <= to.getTime();
}

const ORDERS: Partial<Record<ReportSort, (a: ReportRow, b: ReportRow) => number>> = {
  deadline: byDeadline,
  disclosure: byDisclosure,
};

function expected(f: ReportFilter, sort: ReportSort = "deadline"): ReportRow[] {
  const now = (f.now ?? NOW).getTime();
  const order = sort === "urgent" ? byUrgency(now) : ORDERS[sort];
  return all
    .filter(
      (r) =>
        f.programIds.includes(r.programId) &&
        (f.open === undefined || isOpenState(r.state) === f.open) &&
        (!f.states?.length || f.states.includes(r.state)) &&
        (f.assigneeId === undefined || r.assigneeId === f.assigneeId) &&
        (!f.severities?.length || f.severities.includes(r.severity ?? "unrated")) &&
        (!f.sla?.length || f.sla.includes(slaOf(r, now))) &&
        (!f.disclosure || inDisclosureRange(r, f.disclosure, new Date(now))),
    )
    .sort(order);
}

function check(f: ReportFilter, offset = 0, sort: ReportSort = "deadline", limit = 50) {
  const got = listReports(db, f, sort, { offset, limit });
  const want = expected(f, sort);
  expect(got.total).toBe(want.length);
  expect(got.rows.map((r) => r.key)).toEqual(want.slice(offset, offset + limit).map((r) => r.key));
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
        disclosureState: r?.disclosureState,
        disclosureTimeZone: r?.disclosureTimeZone,
        disclosureRequestPending: r?.disclosureRequestPending,
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

  it("carries the disclosure plan's state, zone and pending request as the table holds them", () => {
    const { rows } = listReports(db, { programIds: [1, 2, 3] }, "disclosure", { offset: 0, limit: 200 });
    const byId = new Map(all.map((r) => [r.id, r]));
    expect(rows.some((r) => r.disclosureRequestPending)).toBe(true);
    expect(rows.some((r) => !r.disclosureRequestPending)).toBe(true);
    for (const row of rows) {
      const r = byId.get(row.id);
      expect(row.disclosureState).toBe(r?.disclosureState);
      expect(row.disclosureTimeZone).toBe(r?.disclosureTimeZone);
      // A boolean, not SQLite's 0/1: the row stays plain JSON and reads the same as drizzle's.
      expect(row.disclosureRequestPending).toBe(r?.disclosureRequestPending);
    }
  });

  it("sorts by the nearest disclosure of a live plan, with published, cancelled and no plan last", () => {
    for (const f of [
      { programIds: [1, 2, 3], open: true },
      { programIds: [1, 2, 3] },
      { programIds: [2], open: false },
      { programIds: [1, 3], states: ["fixed"] as ReportState[] },
    ]) {
      for (const offset of [0, 50]) check(f, offset, "disclosure");
    }
    // The last page of All holds the reports without a live plan, in id order.
    const live = all.filter((r) => activeTarget(r) !== null).length;
    expect(live).toBeGreaterThan(100);
    expect(live).toBeLessThan(all.length);
    const tail = check({ programIds: [1, 2, 3] }, live, "disclosure").rows;
    expect(tail.every((r) => !ACTIVE.includes(r.disclosureState) || r.disclosureTargetAt === null)).toBe(true);
  });

  it("filters live plans due within 7 or 30 days, or overdue, judged at each request's instant", () => {
    const later = new Date(NOW.getTime() + 20 * 86_400_000);
    const totals: Record<string, number | null> = {};
    for (const disclosure of ["within_7", "within_30", "overdue"] as DisclosureFilter[]) {
      for (const now of [NOW, later]) {
        const got = check({ programIds: [1, 2, 3], disclosure, now });
        totals[`${disclosure}@${now.getTime()}`] = got.total;
        expect(got.total).toBeGreaterThan(0);
        for (const row of got.rows) expect(ACTIVE).toContain(row.disclosureState);
      }
      // Combined with the other filters and sorts, on one program or two.
      check({ programIds: [1], open: true, disclosure, now: NOW });
      check({ programIds: [2, 3], disclosure, severities: ["critical", "high", "unrated"], now: NOW });
      check({ programIds: [1, 2, 3], states: ["fixing"], disclosure, now: NOW }, 0, "disclosure");
    }
    // Time passing moves plans into "overdue" without a write.
    expect(totals[`overdue@${later.getTime()}`]).toBeGreaterThan(totals[`overdue@${NOW.getTime()}`] ?? 0);
    // A filtered view is counted by its matches, not by the per-state table.
    const { counts } = listReports(db, { programIds: [1, 2, 3], disclosure: "within_30", now: NOW }, "deadline", {
      offset: 0,
      limit: 1,
    });
    const want: Record<string, number> = {};
    for (const r of expected({ programIds: [1, 2, 3], disclosure: "within_30", now: NOW })) {
      want[r.state] = (want[r.state] ?? 0) + 1;
    }
    expect(counts).toEqual(want);
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

describe("the most urgent order", () => {
  const parts = (f: ReportFilter) => {
    const now = (f.now ?? NOW).getTime();
    const rows = expected(f, "urgent");
    return {
      breached: rows.filter((r) => r.nextDeadlineAt && r.nextDeadlineAt.getTime() <= now).length,
      due: rows.filter((r) => r.nextDeadlineAt && r.nextDeadlineAt.getTime() > now).length,
      total: rows.length,
    };
  };

  it("puts breached before due before no clock, most severe first within each", () => {
    const f: ReportFilter = { programIds: [1, 2, 3], open: true, now: NOW };
    const { breached, due, total } = parts(f);
    // The seed has all three parts, so pages of 10 cross their boundaries below.
    expect(breached).toBeGreaterThan(10);
    expect(due).toBeGreaterThan(5);
    expect(total).toBeGreaterThan(breached + due + 10);
    for (const offset of [0, 10, breached - 5, breached + due - 5, total - 5]) check(f, offset, "urgent", 10);
    check(f, 0, "urgent");
    // The first page opens with the breached criticals.
    const first = listReports(db, f, "urgent", { offset: 0, limit: 3 }).rows;
    for (const row of first) {
      expect(row.severity).toBe("critical");
      expect(row.nextDeadlineAt).toBeLessThanOrEqual(NOW.getTime());
    }
  });

  it("moves a report from due to breached as time passes, without a write", () => {
    const later = new Date(NOW.getTime() + 5 * 86_400_000);
    expect(parts({ programIds: [1, 2, 3], open: true, now: later }).breached).toBeGreaterThan(
      parts({ programIds: [1, 2, 3], open: true, now: NOW }).breached,
    );
    for (const offset of [0, 100]) check({ programIds: [1, 2, 3], open: true, now: later }, offset, "urgent");
  });

  it("holds under every filter shape, tab and program", () => {
    const shapes: ReportFilter[] = [
      { programIds: [1, 2, 3] },
      { programIds: [2], open: true },
      { programIds: [1, 3], open: false },
      { programIds: [1, 2, 3], states: ["new"] },
      { programIds: [1, 2, 3], states: ["triaged", "fixing"] },
      { programIds: [1, 2, 3], open: true, severities: ["critical", "unrated"] },
      { programIds: [1, 2, 3], open: true, sla: ["breached"] },
      { programIds: [1, 2, 3], open: true, sla: ["at_risk", "on_track"] },
      { programIds: [1, 2, 3], open: true, assigneeId: null },
      { programIds: [1, 2, 3], disclosure: "within_30" },
    ];
    for (const f of shapes) for (const offset of [0, 50]) check({ ...f, now: NOW }, offset, "urgent");
  });

  it("names the promise due next, the program's short label and its time zone", () => {
    const { rows } = listReports(db, { programIds: [1, 2, 3], open: true, now: NOW }, "urgent", {
      offset: 0,
      limit: 200,
    });
    const clocks = db.select().from(reportClocks).all();
    const zones = new Map(
      db
        .select()
        .from(programs)
        .all()
        .map((p) => [p.id, p]),
    );
    let named = 0;
    for (const row of rows) {
      const running = clocks.filter((c) => c.reportId === row.id && c.metAt === null);
      const due = running.filter((c) => c.dueAt.getTime() === row.nextDeadlineAt).map((c) => c.clock);
      if (row.nextDeadlineAt === null) expect(row.nextClock).toBeNull();
      else {
        expect(due).toContain(row.nextClock);
        named++;
      }
      const program = zones.get(row.programId);
      expect(row.programKeyPrefix).toBe(program?.keyPrefix);
      expect(row.programTimeZone).toBe(program?.policy.calendar.timeZone);
    }
    expect(named).toBeGreaterThan(20);
  });
});
