import {
  AGE_BUCKETS,
  type AgeBucket,
  COMPLIANCE_CLOCKS,
  type ComplianceClock,
  KPI_SEVERITIES,
  type KpiSeverity,
  LEADERSHIP_METRICS,
  type LeadershipMetric,
  PERIOD_METRICS,
  type PeriodInput,
  quarterOf,
} from "@embargo/core";

/**
 * The panel's choices live in the URL (?programs=voice,echo&period=quarter&quarter=2026-Q2)
 * so a view can be bookmarked, shared and opened again for next month's meeting.
 * Unknown or malformed values fall back to the defaults rather than reaching the API.
 */
export interface PanelChoice {
  /** Program slugs; empty: all of the viewer's programs. */
  programs: string[];
  period: PeriodInput;
}

export const PERIOD_KINDS = ["last30", "last90", "quarter", "custom"] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];
export const PERIOD_KIND_LABELS: Record<PeriodKind, string> = {
  last30: "Last 30 days",
  last90: "Last 90 days",
  quarter: "A quarter",
  custom: "Custom dates",
};
/** A quarter for a meeting is the common case, but the last 90 days needs no choosing. */
export const DEFAULT_PERIOD: PeriodInput = { kind: "last90" };

const isOneOf = <T extends string>(list: readonly T[], value: string | null): value is T =>
  (list as readonly (string | null)[]).includes(value);

const QUARTER = /^\d{4}-Q[1-4]$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** A real calendar day (2026-02-30 is refused): the API would refuse it anyway. */
export const isDay = (s: string | null): s is string =>
  !!s && DAY.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;

export function programsFrom(params: URLSearchParams): string[] {
  const raw = params.get("programs") ?? "";
  return [...new Set(raw.split(",").map((s) => s.trim()))].filter((s) => /^[a-z0-9][a-z0-9-]{0,63}$/.test(s));
}

export function periodFrom(params: URLSearchParams): PeriodInput {
  const kind = params.get("period");
  if (kind === "last30" || kind === "last90") return { kind };
  if (kind === "quarter") {
    const quarter = params.get("quarter")?.toUpperCase() ?? "";
    return QUARTER.test(quarter) ? { kind, quarter } : DEFAULT_PERIOD;
  }
  if (kind === "custom") {
    const from = params.get("from");
    const to = params.get("to");
    return isDay(from) && isDay(to) && from <= to ? { kind, from, to } : DEFAULT_PERIOD;
  }
  return DEFAULT_PERIOD;
}

export const choiceFrom = (params: URLSearchParams): PanelChoice => ({
  programs: programsFrom(params),
  period: periodFrom(params),
});

/** The period as URL parameters (the default one as none, so plain /leadership stays plain). */
export function periodParams(period: PeriodInput): Record<string, string> {
  switch (period.kind) {
    case "last30":
      return { period: "last30" };
    case "last90":
      return {};
    case "quarter":
      return { period: "quarter", quarter: period.quarter };
    case "custom":
      return { period: "custom", from: period.from, to: period.to };
  }
}

export function choiceParams(choice: PanelChoice): URLSearchParams {
  const out = new URLSearchParams(periodParams(choice.period));
  if (choice.programs.length) out.set("programs", choice.programs.join(","));
  return out;
}

/** The programs for the API: omitted means all of the caller's. */
export const programsInput = (programs: string[]) => (programs.length ? programs : undefined);

/** The current quarter and the seven before it, newest first. */
export function recentQuarters(now: Date, count = 8): string[] {
  const out: string[] = [];
  let year = now.getUTCFullYear();
  let q = Number(quarterOf(now).slice(-1));
  for (let i = 0; i < count; i++) {
    out.push(`${year}-Q${q}`);
    q -= 1;
    if (q === 0) {
      q = 4;
      year -= 1;
    }
  }
  return out;
}

const QUARTER_MONTHS = ["Jan–Mar", "Apr–Jun", "Jul–Sep", "Oct–Dec"];
/** "2026-Q2" → "2026 Q2 (Apr–Jun)". */
export const quarterLabel = (quarter: string) =>
  `${quarter.slice(0, 4)} Q${quarter.slice(-1)} (${QUARTER_MONTHS[Number(quarter.slice(-1)) - 1]})`;

export interface MetricFilter {
  severity?: KpiSeverity;
  bucket?: AgeBucket;
  clock?: ComplianceClock;
  program?: string;
}

/**
 * The link behind a figure: the reports it counts. Figures about now (backlog,
 * open criticals) carry no period; figures about the period carry the panel's.
 */
export function metricHref(metric: LeadershipMetric, choice: PanelChoice, filter: MetricFilter = {}): string {
  const out = new URLSearchParams({ metric });
  if (PERIOD_METRICS.includes(metric)) {
    // The list page has no default period of its own: spell the panel's out, default included.
    out.set("period", choice.period.kind);
    for (const [k, v] of Object.entries(periodParams(choice.period))) out.set(k, v);
  }
  if (choice.programs.length) out.set("programs", choice.programs.join(","));
  for (const [k, v] of Object.entries(filter)) if (v) out.set(k, v);
  return `/leadership/reports?${out.toString()}`;
}

export type ReportsInput = {
  metric: LeadershipMetric;
  period?: PeriodInput;
  programs?: string[];
  page: number;
} & MetricFilter;

/** /leadership/reports?… → the list's API input; null when the metric is unknown. */
export function reportsInputFrom(params: URLSearchParams): ReportsInput | null {
  const metric = params.get("metric");
  if (!isOneOf(LEADERSHIP_METRICS, metric)) return null;
  const severity = params.get("severity");
  const bucket = params.get("bucket");
  const clock = params.get("clock");
  const program = params.get("program");
  const page = Number(params.get("page") ?? "1");
  const input: ReportsInput = { metric, page: Number.isInteger(page) && page > 0 ? page : 1 };
  if (PERIOD_METRICS.includes(metric)) input.period = periodFrom(params);
  const programs = programsFrom(params);
  if (programs.length) input.programs = programs;
  if (isOneOf(KPI_SEVERITIES, severity)) input.severity = severity;
  if (isOneOf(AGE_BUCKETS, bucket)) input.bucket = bucket;
  if (isOneOf(COMPLIANCE_CLOCKS, clock)) input.clock = clock;
  if (program && /^[a-z0-9][a-z0-9-]{0,63}$/.test(program)) input.program = program;
  return input;
}
