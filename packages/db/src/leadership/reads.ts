import {
  AGE_BUCKET_START_DAYS,
  AGE_BUCKETS,
  type AgeBucket,
  type ClockState,
  COMPLIANCE_CLOCKS,
  type ComplianceClock,
  DAY_MS,
  type DisclosureState,
  KPI_SEVERITIES,
  type KpiMeasure,
  type KpiSeverity,
  type KpiTable,
  type Period,
  type ReportState,
  ratio,
  type Severity,
  summarizeDurations,
} from "@embargo/core";
import type { Db } from "../client.ts";
import { inList, stmt } from "./statements.ts";

/**
 * What leadership procedures return of a report: named here and nowhere
 * else, so a column added to `reports` reaches leadership only when it is
 * added to this list (need-to-know, issue 13).
 */
export interface ReportBrief {
  key: string;
  title: string;
  programSlug: string;
  programName: string;
  severity: Severity | null;
  cvssScore: number | null;
  state: ReportState;
  receivedAt: Date;
  acknowledgedAt: Date | null;
  fixedAt: Date | null;
  closedAt: Date | null;
  nextDeadlineAt: Date | null;
  nextAtRiskAt: Date | null;
  slaState: ClockState | null;
  disclosureTargetAt: Date | null;
  disclosureState: DisclosureState;
  assigneeName: string | null;
}

const BRIEF_COLUMNS = `r.key, r.title, p.slug, p.name, r.severity, r.cvss_score, r.state, r.received_at,
  r.acknowledged_at, r.fixed_at, r.closed_at, r.next_deadline_at, r.next_at_risk_at, r.sla_state,
  r.disclosure_target_at, r.disclosure_state, u.name`;
const BRIEF_FROM = "reports r JOIN programs p ON p.id = r.program_id LEFT JOIN users u ON u.id = r.assignee_id";

const date = (v: unknown) => (typeof v === "number" ? new Date(v) : null);

function toBrief(v: unknown[]): ReportBrief {
  return {
    key: v[0] as string,
    title: v[1] as string,
    programSlug: v[2] as string,
    programName: v[3] as string,
    severity: v[4] as Severity | null,
    cvssScore: v[5] as number | null,
    state: v[6] as ReportState,
    receivedAt: new Date(v[7] as number),
    acknowledgedAt: date(v[8]),
    fixedAt: date(v[9]),
    closedAt: date(v[10]),
    nextDeadlineAt: date(v[11]),
    nextAtRiskAt: date(v[12]),
    slaState: v[13] as ClockState | null,
    disclosureTargetAt: date(v[14]),
    disclosureState: v[15] as DisclosureState,
    assigneeName: v[16] as string | null,
  };
}

/** A condition on `r` with its parameters, and the order of the list behind it. */
export interface BriefQuery {
  where: string;
  params: unknown[];
  order: string;
  /**
   * How the program filter is written: "+r.program_id" when the condition's
   * own range is the index to read. Without statistics (no ANALYZE) SQLite
   * takes `program_id IN (…)` for a seek that finds ~10 rows per program, so
   * it would walk every report of the programs through
   * reports_program_received_idx instead of the period's slice of a KPI
   * index; the unary plus keeps it a filter.
   */
  program?: "r.program_id" | "+r.program_id";
}

/**
 * The disclosure target of a plan still to be published, else NULL, spelled as
 * schema/reports.ts activeDisclosureTarget spells it for the inbox, so the
 * "disclosures due" list and count read reports_disclosure_order_idx (target,
 * id, program) in order instead of looking up every active plan's report.
 */
const ACTIVE_TARGET =
  "(CASE WHEN r.disclosure_state = 'proposed' OR r.disclosure_state = 'agreed' OR r.disclosure_state = 'extended' THEN r.disclosure_target_at END)";

/** The inbox's deadline order (reports_open_inbox_idx), so a "now" list of clocks reads 50 entries in order. */
const DEADLINE_ORDER = "r.next_deadline_at, r.severity_rank DESC, r.received_at, r.id";

/** The "now" lists of the panel and of the figures that link to them. */
export function nowQuery(
  kind: "criticals" | "breached" | "at_risk" | "disclosures_due" | "backlog",
  now: Date,
  opts: { severity?: KpiSeverity | undefined; bucket?: AgeBucket | undefined } = {},
): BriefQuery {
  const t = now.getTime();
  switch (kind) {
    case "criticals":
      return { where: "r.is_open = 1 AND r.severity = 'critical'", params: [], order: "r.received_at, r.id" };
    case "breached":
      return {
        where: "r.is_open = 1 AND (r.next_deadline_at IS NULL) = 0 AND r.next_deadline_at <= ?",
        params: [t],
        order: DEADLINE_ORDER,
      };
    case "at_risk":
      return {
        where:
          "r.is_open = 1 AND (r.next_deadline_at IS NULL) = 0 AND r.next_deadline_at > ? AND r.next_at_risk_at <= ?",
        params: [t, t],
        order: DEADLINE_ORDER,
      };
    case "disclosures_due":
      return {
        where: `(${ACTIVE_TARGET} IS NULL) = 0 AND ${ACTIVE_TARGET} <= ?`,
        params: [t + 30 * DAY_MS],
        order: `${ACTIVE_TARGET}, r.id`,
      };
    case "backlog": {
      const parts = ["r.is_open = 1"];
      const params: unknown[] = [];
      if (opts.severity) {
        parts.push(opts.severity === "unrated" ? "r.severity IS NULL" : "r.severity = ?");
        if (opts.severity !== "unrated") params.push(opts.severity);
      }
      if (opts.bucket) {
        const i = AGE_BUCKETS.indexOf(opts.bucket);
        const start = AGE_BUCKET_START_DAYS[opts.bucket];
        const next = AGE_BUCKETS[i + 1];
        parts.push("r.received_at <= ?");
        params.push(t - start * DAY_MS);
        if (next) {
          parts.push("r.received_at > ?");
          params.push(t - AGE_BUCKET_START_DAYS[next] * DAY_MS);
        }
      }
      return { where: parts.join(" AND "), params, order: "r.received_at, r.id" };
    }
  }
}

const INSTANT_COLUMN: Record<"received" | "closed" | "acknowledged" | "assessed" | "fixed", string> = {
  received: "r.received_at",
  closed: "r.closed_at",
  acknowledged: "r.acknowledged_at",
  assessed: "r.assessed_at",
  fixed: "r.fixed_at",
};

/** Reports whose instant (received, closed, acknowledged …) falls in the period, optionally of one severity. */
export function periodQuery(
  kind: keyof typeof INSTANT_COLUMN,
  period: Pick<Period, "from" | "to">,
  severity?: KpiSeverity,
): BriefQuery {
  const col = INSTANT_COLUMN[kind];
  const parts = [`${col} >= ?`, `${col} < ?`];
  const params: unknown[] = [period.from.getTime(), period.to.getTime()];
  // The range is the index to read (reports_program_received_idx for received, else the instant's
  // KPI index); severity stays a filter, not a seek into reports_severity_state_idx (see BriefQuery.program).
  const received = kind === "received";
  if (severity) {
    parts.push(severity === "unrated" ? "+r.severity IS NULL" : "+r.severity = ?");
    if (severity !== "unrated") params.push(severity);
  }
  return {
    where: parts.join(" AND "),
    params,
    order: `${col}, r.id`,
    program: received ? "r.program_id" : "+r.program_id",
  };
}

/** Reports with a clock due in the period that was kept (met) or not (missed). */
export function complianceQuery(
  outcome: "met" | "missed",
  period: Pick<Period, "from" | "to">,
  now: Date,
  clock?: ComplianceClock,
): BriefQuery {
  const clocks = clock ? [clock] : [...COMPLIANCE_CLOCKS];
  const kept =
    outcome === "met" ? "c.met_at IS NOT NULL AND c.met_at <= c.due_at" : "(c.met_at IS NULL OR c.met_at > c.due_at)";
  return {
    where: `r.id IN (SELECT c.report_id FROM report_clocks c WHERE c.due_at >= ? AND c.due_at < ? AND c.clock IN ${inList(clocks.length)} AND (c.met_at IS NOT NULL OR c.due_at <= ?) AND ${kept})`,
    params: [period.from.getTime(), period.to.getTime(), ...clocks, now.getTime()],
    order: "r.received_at, r.id",
    // Driven by the clocks found, not by every report of the programs.
    program: "+r.program_id",
  };
}

/** Reports behind one escalation list: those with an open escalation. */
export function escalatedQuery(): BriefQuery {
  return {
    where: "r.id IN (SELECT e.report_id FROM escalations e WHERE e.resolved_at IS NULL)",
    params: [],
    order: "r.received_at, r.id",
    // Driven by the few open escalations, not by every report of the programs.
    program: "+r.program_id",
  };
}

/**
 * One page of briefs matching `q` in the programs, and how many there are.
 * The page's ids are found first from what the condition and the order read
 * (an index, mostly), and only those rows are read whole: sorting the full
 * rows of every match to keep 50 cost a second at 100,000 reports.
 */
export function briefPage(db: Db, programIds: number[], q: BriefQuery, limit: number, offset: number) {
  if (programIds.length === 0) return { rows: [] as ReportBrief[], total: 0 };
  const where = `${q.where} AND ${q.program ?? "r.program_id"} IN ${inList(programIds.length)}`;
  const rows = stmt(
    db,
    `SELECT ${BRIEF_COLUMNS} FROM ${BRIEF_FROM}
     WHERE r.id IN (SELECT r.id FROM reports r WHERE ${where} ORDER BY ${q.order} LIMIT ? OFFSET ?)
     ORDER BY ${q.order}`,
  )
    .raw()
    .all(...q.params, ...programIds, limit, offset) as unknown[][];
  const total =
    (stmt(db, `SELECT count(*) FROM reports r WHERE ${where}`)
      .pluck()
      .get(...q.params, ...programIds) as number) ?? 0;
  return { rows: rows.map(toBrief), total };
}

/**
 * The program filter of a count over an instant's range: received_at has
 * reports_program_received_idx (program, received) to seek; every other
 * instant's own KPI index leads with the instant, so program_id must stay a
 * filter there (see BriefQuery.program).
 */
const programFilter = (col: string) => (col === "received_at" ? "program_id" : "+program_id");

/**
 * The KPI table for a period: durations as (severity, ms) pairs read from
 * covering indexes, compliance and counts aggregated in SQL. Never a report row.
 */
export function kpiTable(
  db: Db,
  programs: { id: number; slug: string; name: string }[],
  period: Period,
  now: Date,
): KpiTable {
  const ids = programs.map((p) => p.id);
  const empty: KpiTable = {
    period,
    timeTo: [],
    compliance: [],
    backlog: [],
    flow: { received: 0, closed: 0 },
  };
  if (ids.length === 0) return empty;
  const from = period.from.getTime();
  const to = period.to.getTime();
  const inIds = inList(ids.length);
  // "+program_id": read the period's range of the instant's KPI index (see BriefQuery.program).
  const measures: [KpiMeasure, string][] = [
    ["acknowledge", "acknowledged_at"],
    ["assess", "assessed_at"],
    ["fix", "fixed_at"],
  ];
  const timeTo: KpiTable["timeTo"] = [];
  for (const [measure, col] of measures) {
    const pairs = stmt(
      db,
      `SELECT severity, ${col} - received_at FROM reports WHERE ${col} >= ? AND ${col} < ? AND +program_id IN ${inIds}`,
    )
      .raw()
      .all(from, to, ...ids) as [Severity | null, number][];
    const bySeverity = new Map<KpiSeverity, number[]>();
    for (const [sev, ms] of pairs) {
      const k: KpiSeverity = sev ?? "unrated";
      const list = bySeverity.get(k) ?? [];
      if (list.length === 0) bySeverity.set(k, list);
      list.push(Math.max(0, ms));
    }
    for (const severity of KPI_SEVERITIES) {
      timeTo.push({ measure, severity, ...summarizeDurations(bySeverity.get(severity) ?? []) });
    }
  }
  const complianceRows = stmt(
    db,
    `SELECT program_id, clock, count(*), sum(met_at IS NOT NULL AND met_at <= due_at) FROM report_clocks
     WHERE due_at >= ? AND due_at < ? AND program_id IN ${inIds} AND clock IN ${inList(COMPLIANCE_CLOCKS.length)}
       AND (met_at IS NOT NULL OR due_at <= ?)
     GROUP BY program_id, clock`,
  )
    .raw()
    .all(from, to, ...ids, ...COMPLIANCE_CLOCKS, now.getTime()) as [number, ComplianceClock, number, number][];
  const found = new Map(complianceRows.map(([p, c, due, met]) => [`${p}:${c}`, { due, met }]));
  const compliance: KpiTable["compliance"] = [];
  for (const p of programs) {
    for (const clock of COMPLIANCE_CLOCKS) {
      const f = found.get(`${p.id}:${clock}`) ?? { due: 0, met: 0 };
      compliance.push({
        programSlug: p.slug,
        programName: p.name,
        clock,
        due: f.due,
        met: f.met,
        ratio: ratio(f.met, f.due),
      });
    }
  }
  const t = now.getTime();
  const edges = AGE_BUCKETS.slice(1).map((b) => t - AGE_BUCKET_START_DAYS[b] * DAY_MS);
  const backlogRows = stmt(
    db,
    `SELECT severity, CASE WHEN received_at > ? THEN 0 WHEN received_at > ? THEN 1 WHEN received_at > ? THEN 2 ELSE 3 END b, count(*)
     FROM reports WHERE is_open = 1 AND program_id IN ${inIds} GROUP BY severity, b`,
  )
    .raw()
    .all(...edges, ...ids) as [Severity | null, number, number][];
  const backlog = KPI_SEVERITIES.map((severity) => ({ severity, buckets: AGE_BUCKETS.map(() => 0) }));
  for (const [sev, b, n] of backlogRows) {
    const row = backlog.find((x) => x.severity === (sev ?? "unrated"));
    if (row) row.buckets[b] = n;
  }
  const count = (col: string) =>
    stmt(db, `SELECT count(*) FROM reports WHERE ${col} >= ? AND ${col} < ? AND ${programFilter(col)} IN ${inIds}`)
      .pluck()
      .get(from, to, ...ids) as number;
  return { period, timeTo, compliance, backlog, flow: { received: count("received_at"), closed: count("closed_at") } };
}

export interface TrendMonth {
  month: string;
  received: number;
  closed: number;
  ackMedianMs: number | null;
  fixCriticalMedianMs: number | null;
  compliance: number | null;
}

/** Month-over-month figures for the 12 months given, oldest first, grouped in SQL or from (month, ms) pairs. */
export function trendMonths(
  db: Db,
  programIds: number[],
  months: { month: string; from: Date; to: Date }[],
  now: Date,
): TrendMonth[] {
  if (months.length === 0 || programIds.length === 0) {
    return months.map((m) => ({
      month: m.month,
      received: 0,
      closed: 0,
      ackMedianMs: null,
      fixCriticalMedianMs: null,
      compliance: null,
    }));
  }
  const inIds = inList(programIds.length);
  // One execution per month over the month's range of the instant's index: no
  // strftime and no GROUP BY sort over a year of rows (a year of
  // acknowledgements is 40,000 rows at 100,000 reports).
  const perMonth = <T>(run: (from: number, to: number) => T) =>
    months.map((m) => run(m.from.getTime(), m.to.getTime()));
  const counts = (col: string) => {
    const st = stmt(
      db,
      `SELECT count(*) FROM reports WHERE ${col} >= ? AND ${col} < ? AND ${programFilter(col)} IN ${inIds}`,
    ).pluck();
    return perMonth((from, to) => st.get(from, to, ...programIds) as number);
  };
  const durations = (col: string, extra: string) => {
    const st = stmt(
      db,
      `SELECT max(${col} - received_at, 0) FROM reports WHERE ${col} >= ? AND ${col} < ? AND +program_id IN ${inIds}${extra}`,
    ).pluck();
    return perMonth((from, to) => st.all(from, to, ...programIds) as number[]);
  };
  const received = counts("received_at");
  const closed = counts("closed_at");
  const ack = durations("acknowledged_at", "");
  const fix = durations("fixed_at", " AND +severity = 'critical'");
  const complianceSt = stmt(
    db,
    `SELECT count(*), sum(met_at IS NOT NULL AND met_at <= due_at) FROM report_clocks
     WHERE due_at >= ? AND due_at < ? AND program_id IN ${inIds} AND clock IN ${inList(COMPLIANCE_CLOCKS.length)}
       AND (met_at IS NOT NULL OR due_at <= ?)`,
  ).raw();
  const compliance = perMonth((from, to) => {
    const [due, met] = complianceSt.get(from, to, ...programIds, ...COMPLIANCE_CLOCKS, now.getTime()) as [
      number,
      number | null,
    ];
    return due ? ratio(met ?? 0, due) : null;
  });
  return months.map((m, i) => ({
    month: m.month,
    received: received[i] ?? 0,
    closed: closed[i] ?? 0,
    ackMedianMs: summarizeDurations(ack[i] ?? []).medianMs,
    fixCriticalMedianMs: summarizeDurations(fix[i] ?? []).medianMs,
    compliance: compliance[i] ?? null,
  }));
}

/** Counts of the panel's "now" lists, each from its index. */
export function nowCount(db: Db, programIds: number[], q: BriefQuery): number {
  if (programIds.length === 0) return 0;
  return stmt(
    db,
    `SELECT count(*) FROM reports r WHERE ${q.where} AND ${q.program ?? "r.program_id"} IN ${inList(programIds.length)}`,
  )
    .pluck()
    .get(...q.params, ...programIds) as number;
}
