import { stringify } from "csv-stringify/browser/esm/sync";
import type { Duration } from "../policy/schema.ts";
import { SEVERITIES, type Severity } from "../severity/levels.ts";
import type { ClockName } from "../sla/clocks.ts";
import { DAY_MS, type Period } from "./period.ts";

/**
 * The leadership figures, computed from numbers the database hands over
 * (durations, due/met instants, counts), never from reports. Pure.
 */

export const KPI_MEASURES = ["acknowledge", "assess", "fix"] as const;
export type KpiMeasure = (typeof KPI_MEASURES)[number];
export const KPI_SEVERITIES = [...SEVERITIES, "unrated"] as const;
export type KpiSeverity = (typeof KPI_SEVERITIES)[number];

/** The clocks whose keeping is measured: the update cadence rolls forward and has no single due instant. */
export const COMPLIANCE_CLOCKS = [
  "acknowledge",
  "assess",
  "resolve",
  "emergency",
] as const satisfies readonly ClockName[];
export type ComplianceClock = (typeof COMPLIANCE_CLOCKS)[number];

export const AGE_BUCKETS = ["lt7", "d7to30", "d30to90", "gt90"] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];
export const AGE_BUCKET_LABELS: Record<AgeBucket, string> = {
  lt7: "< 7 d",
  d7to30: "7–30 d",
  d30to90: "30–90 d",
  gt90: "> 90 d",
};
/** Lower edge of each bucket in days: an open report 7 days old is in 7–30 d. */
export const AGE_BUCKET_START_DAYS: Record<AgeBucket, number> = { lt7: 0, d7to30: 7, d30to90: 30, gt90: 90 };

/**
 * The p-th percentile (0..1) of ascending values by linear interpolation
 * between closest ranks (the "inclusive" definition of spreadsheets, R type 7):
 * the median of 1, 2, 3, 4 is 2.5 and the 90th percentile of 1..10 is 9.1.
 * Null for no values.
 */
export function percentile(sorted: readonly number[], p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const rank = (n - 1) * p;
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (rank - lo);
}

export interface DurationSummary {
  n: number;
  medianMs: number | null;
  p90Ms: number | null;
}

export function summarizeDurations(values: readonly number[]): DurationSummary {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: sorted.length, medianMs: percentile(sorted, 0.5), p90Ms: percentile(sorted, 0.9) };
}

/** Which age bucket an open report received at `receivedAt` is in at `now`. */
export function ageBucketOf(receivedAt: Date, now: Date): AgeBucket {
  const days = (now.getTime() - receivedAt.getTime()) / DAY_MS;
  if (days < 7) return "lt7";
  if (days < 30) return "d7to30";
  if (days < 90) return "d30to90";
  return "gt90";
}

/** The received_at range of a bucket at `now`: [from, to), either end open. */
export function ageBucketRange(bucket: AgeBucket, now: Date): { from: Date | null; to: Date | null } {
  const edges: Record<AgeBucket, [number | null, number]> = {
    lt7: [null, 7],
    d7to30: [7, 30],
    d30to90: [30, 90],
    gt90: [90, Number.POSITIVE_INFINITY],
  };
  const [minDays, maxDays] = edges[bucket];
  const at = (days: number) => new Date(now.getTime() - days * DAY_MS);
  return {
    // Received after now - maxDays (exclusive) and at or before now - minDays.
    from: Number.isFinite(maxDays) ? at(maxDays) : null,
    to: minDays === null ? null : at(minDays),
  };
}

export interface ClockOutcome {
  dueAt: Date;
  metAt: Date | null;
}

export interface Compliance {
  /** Clocks due in the period whose due instant has passed or that were met. */
  due: number;
  /** Of those, met at or before their due instant. */
  met: number;
  /** met ÷ due, null when nothing was due. */
  ratio: number | null;
}

/**
 * SLA compliance: of the clocks due in the period (due instant in [from, to)),
 * those already decided — met, or due by `now` — count; a clock met at or
 * before its due instant was kept. A clock still running with its due instant
 * ahead is not counted yet: it can still be kept.
 */
export function complianceOf(
  outcomes: readonly ClockOutcome[],
  period: Pick<Period, "from" | "to">,
  now: Date,
): Compliance {
  let due = 0;
  let met = 0;
  for (const o of outcomes) {
    const d = o.dueAt.getTime();
    if (d < period.from.getTime() || d >= period.to.getTime()) continue;
    if (!o.metAt && d > now.getTime()) continue;
    due++;
    if (o.metAt && o.metAt.getTime() <= d) met++;
  }
  return { due, met, ratio: ratio(met, due) };
}

export const ratio = (met: number, due: number): number | null => (due > 0 ? met / due : null);

export interface KpiTable {
  period: Period;
  timeTo: ({ measure: KpiMeasure; severity: KpiSeverity } & DurationSummary)[];
  compliance: ({ programSlug: string; programName: string; clock: ComplianceClock } & Compliance)[];
  backlog: { severity: KpiSeverity; buckets: number[] }[];
  flow: { received: number; closed: number };
}

const iso = (d: Date) => d.toISOString();
const hours = (ms: number | null) => (ms === null ? "" : (ms / 3_600_000).toFixed(1));

export const KPI_CSV_COLUMNS = [
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
] as const;

/**
 * The KPI table as CSV for a meeting's spreadsheet: one row per figure,
 * durations in hours, the period on every row. Formulas escaped as in the
 * acknowledgment lists (program names are typed by admins).
 */
export function kpiCsv(table: KpiTable, programsLabel: string): string {
  const from = iso(table.period.from);
  const to = iso(table.period.to);
  type Row = Record<(typeof KPI_CSV_COLUMNS)[number], string | number>;
  const base = { program: programsLabel, period_from: from, period_to: to, median_hours: "", p90_hours: "", value: "" };
  const rows: Row[] = [];
  for (const t of table.timeTo) {
    rows.push({
      ...base,
      section: "time_to",
      measure: t.measure,
      severity: t.severity,
      count: t.n,
      median_hours: hours(t.medianMs),
      p90_hours: hours(t.p90Ms),
    });
  }
  for (const c of table.compliance) {
    rows.push({
      ...base,
      section: "sla_compliance",
      program: c.programName,
      measure: c.clock,
      severity: "",
      count: c.due,
      value: c.ratio === null ? "" : `${c.met}/${c.due}`,
    });
  }
  for (const b of table.backlog) {
    AGE_BUCKETS.forEach((bucket, i) => {
      rows.push({ ...base, section: "backlog", measure: bucket, severity: b.severity, count: b.buckets[i] ?? 0 });
    });
  }
  rows.push({ ...base, section: "flow", measure: "received", severity: "", count: table.flow.received });
  rows.push({ ...base, section: "flow", measure: "closed", severity: "", count: table.flow.closed });
  return stringify(rows, {
    header: true,
    columns: [...KPI_CSV_COLUMNS],
    record_delimiter: "\r\n",
    bom: true,
    escape_formulas: true,
  });
}

export const isKpiSeverity = (s: string): s is KpiSeverity => (KPI_SEVERITIES as readonly string[]).includes(s);
export const severityKey = (s: Severity | null): KpiSeverity => s ?? "unrated";

/**
 * A promised duration as milliseconds for a chart's target line. Business
 * days are drawn at 7/5 of a day each: the line shows the promise's size next
 * to medians in real time, while compliance (met ÷ due) uses each clock's
 * exact due instant from the program's calendar.
 */
export function nominalMs(d: Duration | "next_release" | null | undefined): number | null {
  if (!d || d === "next_release") return null;
  const hour = 3_600_000;
  switch (d.unit) {
    case "hours":
      return d.amount * hour;
    case "days":
      return d.amount * 24 * hour;
    case "business_days":
      return (d.amount * 24 * hour * 7) / 5;
    case "weeks":
      return d.amount * 7 * 24 * hour;
  }
}
