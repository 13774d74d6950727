/**
 * The leadership figures through the real router on a worked data set: every
 * report is created and moved at a chosen instant, and every expected median,
 * 90th percentile, compliance ratio, age bucket and month count below is
 * worked out by hand from those instants and the programs' policies (noted
 * beside each), never read back from the code.
 *
 * "now" is Friday 10 April 2026 12:00 UTC. Program "kpi" (KPI One) keeps the
 * default policy: acknowledge 24 h, assess 5 business days (Mon–Fri, UTC),
 * critical fix 7 days, high 30 days, medium 60 days. Program "kpi2" (=KPI Two)
 * promises an acknowledgement within 12 hours.
 */
import {
  AGE_BUCKETS,
  COMPLIANCE_CLOCKS,
  defaultPolicy,
  KPI_SEVERITIES,
  type LEADERSHIP_METRICS,
  planTransition,
  reportFieldsSchema,
  type Severity,
  type TransitionName,
} from "@embargo/core";
import { applyTransition, createProgram, createReport, reportById, reportByKey, schema } from "@embargo/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  auditCount,
  type Caller,
  callerFor,
  expectTRPCError,
  type Fixture,
  fieldErrorsOf,
  makeClock,
  makeTestDb,
  seedFixture,
  type TestDb,
} from "./test-support.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = "2026-04-10T12:00:00.000Z";
const clock = makeClock(NOW);
let t: TestDb;
let f: Fixture;
let lead: Caller;
let triager: Caller;

/** Report keys by the names used in the comments (C1 … R2, K2). */
const k: Record<string, string> = {};

type Step = [TransitionName, string, { reason?: string; fixedVersion?: string }?];

/** A report received at `receivedAt`, then moved through `steps`, each at its own instant. */
function build(
  name: string,
  programId: number,
  severity: Severity | null,
  receivedAt: string,
  steps: Step[] = [],
): void {
  const actor = { userId: f.users.admin.id, label: f.users.admin.email };
  const row = createReport(
    t.db,
    {
      programId,
      fields: reportFieldsSchema.parse({ title: `KPI report ${name}`, description: `Body of ${name}` }),
      channel: "manual",
      receivedAt: new Date(receivedAt),
      reporter: null,
      severity: severity ? { severity, source: "manual", reason: "Set for the KPI test" } : null,
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

const h = (n: number) => n * HOUR;
/** Durations come from integer milliseconds and interpolation: equal to the hand value within a millisecond. */
function expectMs(actual: number | null | undefined, expected: number | null, label: string) {
  if (expected === null) {
    expect(actual, label).toBeNull();
    return;
  }
  expect(actual, label).not.toBeNull();
  expect(Math.abs((actual as number) - expected), `${label}: ${actual} vs ${expected}`).toBeLessThan(1);
}

const keysOf = (rows: { key: string }[]) => rows.map((r) => r.key).sort();
const named = (...names: string[]) => names.map((n) => k[n]!).sort();

const Q1 = { kind: "quarter", quarter: "2026-Q1" } as const;

beforeAll(async () => {
  t = makeTestDb();
  f = await seedFixture(t.db, clock.now);
  const system = { userId: null, label: "test" };
  const kpi = createProgram(
    t.db,
    { slug: "kpi", name: "KPI One", keyPrefix: "KPI", policy: defaultPolicy(), creatorUserId: f.users.admin.id },
    system,
    new Date("2025-01-01T00:00:00Z"),
  );
  const kpi2 = createProgram(
    t.db,
    {
      slug: "kpi2",
      name: "=KPI Two",
      keyPrefix: "KPIB",
      policy: { ...defaultPolicy(), acknowledge: { amount: 12, unit: "hours" } },
      creatorUserId: f.users.admin.id,
    },
    system,
    new Date("2025-01-01T00:00:00Z"),
  );
  for (const p of [kpi, kpi2]) {
    t.db
      .insert(schema.memberships)
      .values({ userId: f.users.leadership.id, programId: p.id, role: "leadership" })
      .run();
    t.db.insert(schema.memberships).values({ userId: f.users.triager.id, programId: p.id, role: "triager" }).run();
  }

  // Criticals: acknowledged after 1, 2, 4 and 10 h; assessed (triaged) after 2, 6, 8 and 20 h; fixed after 48, 72, 120 h.
  build("C1", kpi.id, "critical", "2026-01-05T10:00:00Z", [
    ["acknowledge", "2026-01-05T11:00:00Z"],
    ["triage", "2026-01-05T12:00:00Z"],
    ["mark_fixed", "2026-01-07T10:00:00Z", { fixedVersion: "1.0.1" }],
  ]);
  build("C2", kpi.id, "critical", "2026-01-12T10:00:00Z", [
    ["acknowledge", "2026-01-12T12:00:00Z"],
    ["triage", "2026-01-12T16:00:00Z"],
    ["mark_fixed", "2026-01-15T10:00:00Z", { fixedVersion: "1.0.2" }],
  ]);
  build("C3", kpi.id, "critical", "2026-01-19T10:00:00Z", [
    ["acknowledge", "2026-01-19T14:00:00Z"],
    ["triage", "2026-01-19T18:00:00Z"],
    ["mark_fixed", "2026-01-24T10:00:00Z", { fixedVersion: "1.0.3" }],
  ]);
  build("C4", kpi.id, "critical", "2026-01-26T10:00:00Z", [
    ["acknowledge", "2026-01-26T20:00:00Z"],
    ["triage", "2026-01-27T06:00:00Z"],
  ]);
  // Highs: acknowledged after 30 min, 90 min and 30 h; H1 and H2 assessed after 6 and 8 days.
  // H1 arrives on a Friday: 5 business days end the next Friday 10:00, so Thursday's triage is on time
  // (5 calendar days would have ended on Wednesday).
  build("H1", kpi.id, "high", "2026-01-09T10:00:00Z", [
    ["acknowledge", "2026-01-09T10:30:00Z"],
    ["triage", "2026-01-15T10:00:00Z"],
  ]);
  // H2 arrives Friday 6 Feb: due Friday 13 Feb 10:00; triaged Saturday 14 Feb: late.
  build("H2", kpi.id, "high", "2026-02-06T10:00:00Z", [
    ["acknowledge", "2026-02-06T11:30:00Z"],
    ["triage", "2026-02-14T10:00:00Z"],
  ]);
  build("H3", kpi.id, "high", "2026-03-02T09:00:00Z", [["acknowledge", "2026-03-03T15:00:00Z"]]);
  // Unrated, acknowledged after 5 h and closed as spam after 24 h (a closed outcome is an assessment).
  build("U1", kpi.id, null, "2026-02-02T09:00:00Z", [
    ["acknowledge", "2026-02-02T14:00:00Z"],
    ["close_spam", "2026-02-03T09:00:00Z", { reason: "Advertising" }],
  ]);
  // Received in December (a Saturday), acknowledged on 2 January: 13 days = 312 h, counted in Q1 by its acknowledgement.
  build("M1", kpi.id, "medium", "2025-12-20T10:00:00Z", [["acknowledge", "2026-01-02T10:00:00Z"]]);
  // Received on the last evening of Q1, acknowledged in Q2.
  build("L1", kpi.id, null, "2026-03-31T22:00:00Z", [["acknowledge", "2026-04-01T02:00:00Z"]]);
  // Open and new: 2 days old, exactly 7 days old, 12 h old (on track) and 20 h old (at risk since 18 h).
  build("N1", kpi.id, null, "2026-04-08T12:00:00Z");
  build("E7", kpi.id, null, "2026-04-03T12:00:00Z");
  build("R1", kpi.id, null, "2026-04-10T00:00:00Z");
  build("R2", kpi.id, null, "2026-04-09T16:00:00Z");
  // kpi2: one high report acknowledged after 48 h against a 12 h promise.
  build("K2", kpi2.id, "high", "2026-02-02T09:00:00Z", [["acknowledge", "2026-02-04T09:00:00Z"]]);

  lead = await callerFor(t.db, f.users.leadership, clock.now);
  triager = await callerFor(t.db, f.users.triager, clock.now);
  // Two manual escalations: H2 at attention level, then H3 at page level a minute later.
  clock.set("2026-04-10T11:58:00.000Z");
  await triager.escalations.raise({ key: k.H2!, level: "attention", reason: "Customer is asking" });
  clock.set("2026-04-10T11:59:00.000Z");
  await triager.escalations.raise({ key: k.H3!, level: "page", reason: "Press enquiry" });
  clock.set(NOW);
});
afterAll(() => t.cleanup());

describe("time to acknowledge, assess and fix", () => {
  it("medians and 90th percentiles per severity, by linear interpolation between closest ranks", async () => {
    const kpis = await lead.leadership.kpis({ period: Q1, programs: ["kpi"] });
    expect(kpis.period.from.toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(kpis.period.to.toISOString()).toBe("2026-04-01T00:00:00.000Z");
    expect(kpis.period.label).toBe("2026-Q1");
    const row = (measure: string, severity: string) => {
      const r = kpis.timeTo.filter((x) => x.measure === measure && x.severity === severity);
      expect(r, `${measure}/${severity}`).toHaveLength(1);
      return r[0]!;
    };
    // [n, median, p90] worked by hand: for sorted x1..xn, rank (n-1)p, x_lo + (x_hi - x_lo) * fraction.
    const expected: Record<string, Record<string, [number, number | null, number | null]>> = {
      acknowledge: {
        // 1, 2, 4, 10 h: median (2+4)/2 = 3 h; p90 rank 2.7: 4 + 0.7 × 6 = 8.2 h.
        critical: [4, h(3), h(8.2)],
        // 0.5, 1.5, 30 h: median 1.5 h; p90 rank 1.8: 1.5 + 0.8 × 28.5 = 24.3 h.
        high: [3, h(1.5), h(24.3)],
        medium: [1, h(312), h(312)],
        low: [0, null, null],
        none: [0, null, null],
        // U1 only (L1 was acknowledged in April).
        unrated: [1, h(5), h(5)],
      },
      assess: {
        // 2, 6, 8, 20 h: median 7 h; p90 8 + 0.7 × 12 = 16.4 h.
        critical: [4, h(7), h(16.4)],
        // 144, 192 h: median 168 h; p90 rank 0.9: 144 + 0.9 × 48 = 187.2 h.
        high: [2, h(168), h(187.2)],
        medium: [0, null, null],
        low: [0, null, null],
        none: [0, null, null],
        unrated: [1, h(24), h(24)],
      },
      fix: {
        // 48, 72, 120 h: median 72 h; p90 rank 1.8: 72 + 0.8 × 48 = 110.4 h.
        critical: [3, h(72), h(110.4)],
        high: [0, null, null],
        medium: [0, null, null],
        low: [0, null, null],
        none: [0, null, null],
        unrated: [0, null, null],
      },
    };
    expect(kpis.timeTo).toHaveLength(3 * KPI_SEVERITIES.length);
    for (const [measure, bySeverity] of Object.entries(expected)) {
      for (const [severity, [n, median, p90]] of Object.entries(bySeverity)) {
        const r = row(measure, severity);
        expect(r.n, `${measure}/${severity} n`).toBe(n);
        expectMs(r.medianMs, median, `${measure}/${severity} median`);
        expectMs(r.p90Ms, p90, `${measure}/${severity} p90`);
      }
    }
  });

  it("received and closed in the period", async () => {
    const kpis = await lead.leadership.kpis({ period: Q1, programs: ["kpi"] });
    // C1–C4, H1–H3, U1, L1 (M1 arrived in December, the rest in April); closed: C1–C3 (fixed) and U1.
    expect(kpis.flow).toEqual({ received: 9, closed: 4 });
    // Every program of the caller: kpi2's K2 too; the fixture's reports arrived in April.
    const all = await lead.leadership.kpis({ period: Q1 });
    expect(all.flow).toEqual({ received: 10, closed: 4 });
    expect(await lead.leadership.kpis({ period: Q1, programs: [] })).toEqual(all);
  });
});

describe("SLA compliance", () => {
  it("met ÷ due per program and clock, over clocks due in the period and decided by now, business days included", async () => {
    const kpis = await lead.leadership.kpis({ period: Q1, programs: ["kpi", "kpi2"] });
    const got = Object.fromEntries(
      kpis.compliance.map((c) => [`${c.programSlug}:${c.clock}`, [c.due, c.met, c.ratio, c.programName]]),
    );
    expect(got).toEqual({
      // Acknowledge due in Q1: C1–C4, H1, H2, U1 on time; H3 late (30 h). M1's was due in December, L1's in April.
      "kpi:acknowledge": [8, 7, 7 / 8, "KPI One"],
      // Assess (5 business days): C1–C4, H1 (Friday → next Friday), U1 on time; H2 late, H3 never. M1, L1 due outside Q1.
      "kpi:assess": [8, 6, 6 / 8, "KPI One"],
      // Resolve: C1–C3 fixed in time; C4 (due 2 Feb), H1 (8 Feb), H2 (8 Mar), M1 (18 Feb) missed; H3's is due 1 April.
      "kpi:resolve": [7, 3, 3 / 7, "KPI One"],
      "kpi:emergency": [0, 0, null, "KPI One"],
      // K2: acknowledged after 48 h against 12 h; never assessed; high fix due 4 March missed.
      "kpi2:acknowledge": [1, 0, 0, "=KPI Two"],
      "kpi2:assess": [1, 0, 0, "=KPI Two"],
      "kpi2:resolve": [1, 0, 0, "=KPI Two"],
      "kpi2:emergency": [0, 0, null, "=KPI Two"],
    });
  });

  it("a clock not yet due and not met is not counted; it counts once decided", async () => {
    // R1's acknowledgement is due 11 April 00:00: in a period ending then, it is still undecided.
    const april = { kind: "custom", from: "2026-04-01", to: "2026-04-30" } as const;
    const before = await lead.leadership.kpis({ period: april, programs: ["kpi"] });
    const ack = (x: typeof before) => x.compliance.find((c) => c.clock === "acknowledge")!;
    // Due in April by now: L1 (1 Apr 22:00, met), E7 (4 Apr 12:00), N1 (9 Apr 12:00); R2 (10 Apr 16:00) and R1 not yet.
    expect([ack(before).due, ack(before).met]).toEqual([3, 1]);
    clock.set("2026-04-11T00:00:00.000Z");
    const later = await (await callerFor(t.db, f.users.leadership, clock.now)).leadership.kpis({
      period: april,
      programs: ["kpi"],
    });
    expect([ack(later).due, ack(later).met]).toEqual([5, 1]);
    clock.set(NOW);
  });
});

describe("backlog", () => {
  it("open reports by severity and age at now; a report exactly 7 days old is in 7–30 days", async () => {
    const kpis = await lead.leadership.kpis({ period: Q1, programs: ["kpi"] });
    const got = Object.fromEntries(kpis.backlog.map((b) => [b.severity, b.buckets]));
    expect(got).toEqual({
      critical: [0, 0, 1, 0], // C4, 74 days
      high: [0, 0, 2, 1], // H2 63 d, H3 39 d; H1 91 d
      medium: [0, 0, 0, 1], // M1, 111 days
      low: [0, 0, 0, 0],
      none: [0, 0, 0, 0],
      unrated: [3, 2, 0, 0], // N1 2 d, R1 12 h, R2 20 h; L1 9.6 d, E7 exactly 7 d
    });
  });
});

describe("empty and small periods", () => {
  it("a period with nothing in it has zero counts and no medians or ratios", async () => {
    const kpis = await lead.leadership.kpis({
      period: { kind: "custom", from: "2025-06-01", to: "2025-06-30" },
      programs: ["kpi", "kpi2"],
    });
    expect(kpis.period.label).toBe("2025-06-01 – 2025-06-30");
    expect(kpis.flow).toEqual({ received: 0, closed: 0 });
    for (const r of kpis.timeTo) expect([r.n, r.medianMs, r.p90Ms]).toEqual([0, null, null]);
    expect(kpis.compliance).toHaveLength(2 * COMPLIANCE_CLOCKS.length);
    for (const c of kpis.compliance) expect([c.due, c.met, c.ratio]).toEqual([0, 0, null]);
  });

  it("a period with one report: its duration is both the median and the 90th percentile", async () => {
    const kpis = await lead.leadership.kpis({ period: Q1, programs: ["kpi2"] });
    expect(kpis.flow).toEqual({ received: 1, closed: 0 });
    const withData = kpis.timeTo.filter((r) => r.n > 0);
    expect(withData).toHaveLength(1);
    expect(withData[0]).toMatchObject({ measure: "acknowledge", severity: "high", n: 1 });
    expectMs(withData[0]!.medianMs, h(48), "median");
    expectMs(withData[0]!.p90Ms, h(48), "p90");
    expect(kpis.backlog.find((b) => b.severity === "high")!.buckets).toEqual([0, 0, 1, 0]);
  });

  it("the last 30 and 90 days end with today (UTC) and start 29 and 89 days before it", async () => {
    const last30 = await lead.leadership.kpis({ period: { kind: "last30" }, programs: ["kpi"] });
    expect(last30.period.from.toISOString()).toBe("2026-03-12T00:00:00.000Z");
    expect(last30.period.to.toISOString()).toBe("2026-04-11T00:00:00.000Z");
    // L1, N1, E7, R1, R2.
    expect(last30.flow.received).toBe(5);
    const last90 = await lead.leadership.kpis({ period: { kind: "last90" }, programs: ["kpi"] });
    expect(last90.period.from.toISOString()).toBe("2026-01-11T00:00:00.000Z");
    // C2–C4 (C1 on 5 Jan and H1 on 9 Jan are older), H2, H3, U1, L1, N1, E7, R1, R2.
    expect(last90.flow.received).toBe(11);
  });
});

describe("trends", () => {
  it("12 whole months ending with this month, oldest first, with the right counts and medians", async () => {
    const trends = await lead.leadership.trends({ programs: ["kpi"] });
    expect(trends.months.map((m) => m.month)).toEqual([
      "2025-05",
      "2025-06",
      "2025-07",
      "2025-08",
      "2025-09",
      "2025-10",
      "2025-11",
      "2025-12",
      "2026-01",
      "2026-02",
      "2026-03",
      "2026-04",
    ]);
    const by = Object.fromEntries(trends.months.map((m) => [m.month, m]));
    const received = Object.fromEntries(trends.months.map((m) => [m.month, m.received]));
    const closed = Object.fromEntries(trends.months.map((m) => [m.month, m.closed]));
    expect(received).toMatchObject({
      "2025-11": 0,
      "2025-12": 1,
      "2026-01": 5,
      "2026-02": 2,
      "2026-03": 2,
      "2026-04": 4,
    });
    expect(closed).toMatchObject({ "2025-12": 0, "2026-01": 3, "2026-02": 1, "2026-03": 0, "2026-04": 0 });
    // January's acknowledgements: 0.5, 1, 2, 4, 10 and 312 h → median 3 h. February: 1.5 and 5 h → 3.25 h.
    expectMs(by["2026-01"]!.ackMedianMs, h(3), "Jan ack");
    expectMs(by["2026-02"]!.ackMedianMs, h(3.25), "Feb ack");
    expectMs(by["2026-03"]!.ackMedianMs, h(30), "Mar ack");
    expectMs(by["2026-04"]!.ackMedianMs, h(4), "Apr ack");
    expectMs(by["2025-12"]!.ackMedianMs, null, "Dec ack");
    expectMs(by["2026-01"]!.fixCriticalMedianMs, h(72), "Jan fix");
    expectMs(by["2026-02"]!.fixCriticalMedianMs, null, "Feb fix");
    // Compliance by the month a clock was due: December 0/2 (M1), January 12/12, February 4/8, March 0/3,
    // April 1/6 (L1's acknowledgement met; N1's and E7's missed; L1's and E7's assessment, due by now, missed;
    // H3's fix due 1 April missed).
    const compliance = Object.fromEntries(trends.months.map((m) => [m.month, m.compliance]));
    expect(compliance).toEqual({
      "2025-05": null,
      "2025-06": null,
      "2025-07": null,
      "2025-08": null,
      "2025-09": null,
      "2025-10": null,
      "2025-11": null,
      "2025-12": 0,
      "2026-01": 1,
      "2026-02": 0.5,
      "2026-03": 0,
      "2026-04": 1 / 6,
    });
    expect(trends.targets).toEqual({ acknowledgeMs: h(24), fixCriticalMs: 7 * DAY, compliance: 1 });
  });

  it("shows a target line only when every program chosen promises the same", async () => {
    const both = await lead.leadership.trends({ programs: ["kpi", "kpi2"] });
    expect(both.targets).toEqual({ acknowledgeMs: null, fixCriticalMs: 7 * DAY, compliance: 1 });
    expect(both.months.find((m) => m.month === "2026-02")!.received).toBe(3);
  });
});

/** RFC 4180, as much as the export needs: quoted fields with doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += c;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

describe("the KPI CSV", () => {
  it("parses back to the same figures, with the period on every row and formulas escaped", async () => {
    const { filename, csv } = await lead.leadership.kpiCsv({ period: Q1, programs: ["kpi", "kpi2"] });
    expect(filename).toBe("embargo-kpis-2026-01-01-to-2026-03-31.csv");
    expect(csv.startsWith("\uFEFF")).toBe(true);
    const [header, ...rows] = parseCsv(csv.slice(1));
    expect(header).toEqual([
      "section",
      "program",
      "measure",
      "severity",
      "count",
      "value",
      "median_hours",
      "p90_hours",
      "period_from",
      "period_to",
    ]);
    const records = rows.map((r) => Object.fromEntries(header!.map((name, i) => [name, r[i] ?? ""])));
    for (const r of records) {
      expect(r.period_from).toBe("2026-01-01T00:00:00.000Z");
      expect(r.period_to).toBe("2026-04-01T00:00:00.000Z");
    }
    const timeTo = records.filter((r) => r.section === "time_to");
    expect(timeTo).toHaveLength(3 * KPI_SEVERITIES.length);
    const ackCritical = timeTo.find((r) => r.measure === "acknowledge" && r.severity === "critical")!;
    expect([ackCritical.count, ackCritical.median_hours, ackCritical.p90_hours]).toEqual(["4", "3.0", "8.2"]);
    const fixCritical = timeTo.find((r) => r.measure === "fix" && r.severity === "critical")!;
    expect([fixCritical.count, fixCritical.median_hours, fixCritical.p90_hours]).toEqual(["3", "72.0", "110.4"]);
    const compliance = records.filter((r) => r.section === "sla_compliance");
    expect(compliance).toHaveLength(2 * COMPLIANCE_CLOCKS.length);
    expect(compliance.find((r) => r.program === "KPI One" && r.measure === "assess")).toMatchObject({
      count: "8",
      value: "6/8",
    });
    // A program name an admin typed as a formula is not a formula in the spreadsheet.
    const kpi2Rows = compliance.filter((r) => (r.program ?? "").includes("KPI Two"));
    expect(kpi2Rows).toHaveLength(COMPLIANCE_CLOCKS.length);
    for (const r of kpi2Rows) expect(r.program?.startsWith("=")).toBe(false);
    expect(records.filter((r) => r.section === "backlog")).toHaveLength(KPI_SEVERITIES.length * AGE_BUCKETS.length);
    expect(records.filter((r) => r.section === "flow").map((r) => [r.measure, r.count])).toEqual([
      ["received", "10"],
      ["closed", "4"],
    ]);
  });
});

describe("the reports behind each figure", () => {
  const BRIEF_FIELDS = [
    "acknowledgedAt",
    "assigneeName",
    "closedAt",
    "cvssScore",
    "disclosureState",
    "disclosureTargetAt",
    "fixedAt",
    "key",
    "nextAtRiskAt",
    "nextDeadlineAt",
    "programName",
    "programSlug",
    "receivedAt",
    "severity",
    "slaState",
    "state",
    "title",
  ];

  it("every time-to figure lists exactly its n reports, each a brief of the allow-list", async () => {
    const kpis = await lead.leadership.kpis({ period: Q1, programs: ["kpi"] });
    const metricOf = { acknowledge: "acknowledged", assess: "assessed", fix: "fixed" } as const;
    for (const r of kpis.timeTo) {
      const list = await lead.leadership.reports({
        metric: metricOf[r.measure],
        period: Q1,
        programs: ["kpi"],
        severity: r.severity,
      });
      expect(list.total, `${r.measure}/${r.severity}`).toBe(r.n);
      expect(list.rows).toHaveLength(r.n);
      for (const row of list.rows) expect(Object.keys(row).sort()).toEqual(BRIEF_FIELDS);
    }
    const ack = (severity: "critical" | "high" | "medium" | "unrated") =>
      lead.leadership.reports({ metric: "acknowledged", period: Q1, programs: ["kpi"], severity });
    expect(keysOf((await ack("critical")).rows)).toEqual(named("C1", "C2", "C3", "C4"));
    expect(keysOf((await ack("high")).rows)).toEqual(named("H1", "H2", "H3"));
    expect(keysOf((await ack("medium")).rows)).toEqual(named("M1"));
    expect(keysOf((await ack("unrated")).rows)).toEqual(named("U1"));
    const fixed = await lead.leadership.reports({ metric: "fixed", period: Q1, programs: ["kpi"] });
    expect(keysOf(fixed.rows)).toEqual(named("C1", "C2", "C3"));
    expect(fixed.title).toContain("2026-Q1");
  });

  it("received and closed list the flow's reports", async () => {
    const received = await lead.leadership.reports({ metric: "received", period: Q1, programs: ["kpi"] });
    expect(keysOf(received.rows)).toEqual(named("C1", "C2", "C3", "C4", "H1", "H2", "H3", "U1", "L1"));
    expect(received.total).toBe(9);
    const closed = await lead.leadership.reports({ metric: "closed", period: Q1, programs: ["kpi"] });
    expect(keysOf(closed.rows)).toEqual(named("C1", "C2", "C3", "U1"));
  });

  it("compliance met and missed list exactly the reports behind met and due − met, per program and clock", async () => {
    const kpis = await lead.leadership.kpis({ period: Q1, programs: ["kpi", "kpi2"] });
    for (const c of kpis.compliance) {
      const args = { period: Q1, program: c.programSlug, clock: c.clock } as const;
      const met = await lead.leadership.reports({ metric: "compliance_met", ...args });
      const missed = await lead.leadership.reports({ metric: "compliance_missed", ...args });
      expect(met.total, `${c.programSlug}/${c.clock} met`).toBe(c.met);
      expect(missed.total, `${c.programSlug}/${c.clock} missed`).toBe(c.due - c.met);
      expect(met.rows.every((r) => r.programSlug === c.programSlug)).toBe(true);
    }
    const of = async (metric: "compliance_met" | "compliance_missed", clock: "acknowledge" | "assess" | "resolve") =>
      keysOf((await lead.leadership.reports({ metric, period: Q1, program: "kpi", clock })).rows);
    expect(await of("compliance_missed", "acknowledge")).toEqual(named("H3"));
    expect(await of("compliance_met", "assess")).toEqual(named("C1", "C2", "C3", "C4", "H1", "U1"));
    expect(await of("compliance_missed", "assess")).toEqual(named("H2", "H3"));
    expect(await of("compliance_missed", "resolve")).toEqual(named("C4", "H1", "H2", "M1"));
  });

  it("every backlog cell lists exactly its reports", async () => {
    const kpis = await lead.leadership.kpis({ period: Q1, programs: ["kpi"] });
    for (const b of kpis.backlog) {
      for (const [i, bucket] of AGE_BUCKETS.entries()) {
        const list = await lead.leadership.reports({
          metric: "backlog",
          programs: ["kpi"],
          severity: b.severity,
          bucket,
        });
        expect(list.total, `${b.severity}/${bucket}`).toBe(b.buckets[i]);
      }
    }
    const cell = async (severity: "high" | "unrated", bucket: "lt7" | "d7to30" | "d30to90") =>
      keysOf((await lead.leadership.reports({ metric: "backlog", programs: ["kpi"], severity, bucket })).rows);
    expect(await cell("high", "d30to90")).toEqual(named("H2", "H3"));
    expect(await cell("unrated", "d7to30")).toEqual(named("L1", "E7"));
    expect(await cell("unrated", "lt7")).toEqual(named("N1", "R1", "R2"));
    const open = await lead.leadership.reports({ metric: "backlog", programs: ["kpi"] });
    expect(keysOf(open.rows)).toEqual(named("C4", "H1", "H2", "H3", "M1", "L1", "N1", "E7", "R1", "R2"));
  });

  it("the panel's lists and counts match the figures' lists: criticals, breached, at risk, escalated, disclosures due", async () => {
    const panel = await lead.leadership.panel({ programs: ["kpi"] });
    expect(keysOf(panel.criticals)).toEqual(named("C4"));
    // Every open report but R1 (acknowledgement due tomorrow 00:00) and R2 (at risk since 10:00, due 16:00) is late.
    expect(keysOf(panel.breached)).toEqual(named("C4", "H1", "H2", "H3", "M1", "L1", "N1", "E7"));
    expect(keysOf(panel.atRisk)).toEqual(named("R2"));
    // Open escalations, page level first, then the oldest: H3's page, then C4's critical arrival (attention: kpi's
    // policy does not promise to escalate criticals) raised on 26 January, then H2's attention raised today.
    expect(panel.escalations.map((e) => [e.key, e.kind, e.level])).toEqual([
      [k.H3, "manual", "page"],
      [k.C4, "critical_received", "attention"],
      [k.H2, "manual", "attention"],
    ]);
    expect(panel.counts).toMatchObject({ criticals: 1, breached: 8, atRisk: 1, escalations: 3, pageEscalations: 1 });
    const list = async (metric: (typeof LEADERSHIP_METRICS)[number]) =>
      lead.leadership.reports({ metric, programs: ["kpi"] });
    expect(keysOf((await list("criticals")).rows)).toEqual(keysOf(panel.criticals));
    expect(keysOf((await list("breached")).rows)).toEqual(keysOf(panel.breached));
    expect(keysOf((await list("at_risk")).rows)).toEqual(keysOf(panel.atRisk));
    expect(keysOf((await list("escalated")).rows)).toEqual(named("C4", "H2", "H3"));
    // Disclosures due: plans still to be published whose date is within 30 days (worked out from the stored plans).
    const horizon = new Date(NOW).getTime() + 30 * DAY;
    const due = Object.values(k)
      .map((key) => reportByKey(t.db, key)!)
      .filter(
        (r) =>
          r.programId === reportByKey(t.db, k.C1!)!.programId &&
          ["proposed", "agreed", "extended"].includes(r.disclosureState) &&
          r.disclosureTargetAt !== null &&
          r.disclosureTargetAt.getTime() <= horizon,
      )
      .map((r) => r.key)
      .sort();
    expect(due.length).toBeGreaterThan(0);
    expect(keysOf(panel.disclosuresDue)).toEqual(due);
    expect(panel.counts.disclosuresDue).toBe(due.length);
    expect(keysOf((await list("disclosures_due")).rows)).toEqual(due);
  });
});

describe("bad input", () => {
  const snapshot = () => ({
    audit: auditCount(t.db),
    outbox: (t.db.$client.prepare("SELECT count(*) AS n FROM outbox").get() as { n: number }).n,
    escalations: (t.db.$client.prepare("SELECT count(*) AS n FROM escalations").get() as { n: number }).n,
  });

  it("an end before the start names `to`; over five years names `from`; a malformed day or quarter names its field", async () => {
    const before = snapshot();
    const backwards = await expectTRPCError(
      lead.leadership.kpis({ period: { kind: "custom", from: "2026-03-01", to: "2026-02-28" } }),
      "BAD_REQUEST",
    );
    expect(fieldErrorsOf(backwards)).toHaveProperty("to");
    const tooLong = await expectTRPCError(
      lead.leadership.kpis({ period: { kind: "custom", from: "2020-01-01", to: "2026-01-01" } }),
      "BAD_REQUEST",
    );
    expect(fieldErrorsOf(tooLong)).toHaveProperty("from");
    const badDay = await expectTRPCError(
      lead.leadership.kpiCsv({ period: { kind: "custom", from: "2026-02-30", to: "2026-03-31" } }),
      "BAD_REQUEST",
    );
    expect(fieldErrorsOf(badDay)).toHaveProperty("from");
    for (const quarter of ["2026-Q5", "2026Q1", "Q1-2026", ""]) {
      const err = await expectTRPCError(lead.leadership.kpis({ period: { kind: "quarter", quarter } }), "BAD_REQUEST");
      expect(fieldErrorsOf(err), quarter).toHaveProperty("quarter");
    }
    await expectTRPCError(
      lead.leadership.reports({ metric: "received", period: { kind: "quarter", quarter: "2026-Q0" } }),
      "BAD_REQUEST",
    );
    // A lower-case quarter is the same quarter.
    expect((await lead.leadership.kpis({ period: { kind: "quarter", quarter: "2026-q1" } })).period.label).toBe(
      "2026-Q1",
    );
    expect(snapshot()).toEqual(before);
  });

  it("a period figure without a period is refused", async () => {
    const before = snapshot();
    const err = await expectTRPCError(lead.leadership.reports({ metric: "closed", programs: ["kpi"] }), "BAD_REQUEST");
    expect(err.message).toMatch(/period/);
    expect(snapshot()).toEqual(before);
  });

  it("an unknown program, or one the caller is not in, is NOT_FOUND alike on every leadership procedure", async () => {
    const before = snapshot();
    const other = await callerFor(t.db, f.users.otherTriager, clock.now);
    const afterSignIn = snapshot();
    for (const [who, slug] of [
      [lead, "no-such-program"],
      [other, "kpi"],
    ] as const) {
      await expectTRPCError(who.leadership.panel({ programs: [slug] }), "NOT_FOUND");
      await expectTRPCError(who.leadership.kpis({ period: Q1, programs: [slug] }), "NOT_FOUND");
      await expectTRPCError(who.leadership.trends({ programs: [slug] }), "NOT_FOUND");
      await expectTRPCError(who.leadership.kpiCsv({ period: Q1, programs: [slug] }), "NOT_FOUND");
      await expectTRPCError(who.leadership.reports({ metric: "criticals", programs: [slug] }), "NOT_FOUND");
      await expectTRPCError(who.leadership.reports({ metric: "received", period: Q1, program: slug }), "NOT_FOUND");
      await expectTRPCError(who.escalations.list({ programs: [slug] }), "NOT_FOUND");
    }
    const unknown = await expectTRPCError(other.leadership.kpis({ period: Q1, programs: ["nope"] }), "NOT_FOUND");
    const hidden = await expectTRPCError(other.leadership.kpis({ period: Q1, programs: ["kpi"] }), "NOT_FOUND");
    expect(hidden.message.replace("kpi", "#")).toBe(unknown.message.replace("nope", "#"));
    expect(snapshot()).toEqual(afterSignIn);
    expect(afterSignIn.outbox).toBe(before.outbox);
    // A member of beta only sees none of kpi's reports in its own figures.
    const theirs = await other.leadership.kpis({ period: Q1 });
    expect(theirs.flow).toEqual({ received: 0, closed: 0 });
    expect(theirs.compliance.every((c) => c.programSlug === "beta")).toBe(true);
  });
});
