import type { RouterOutputs } from "@embargo/api";
import { lazy, Suspense, useId, useMemo } from "react";
import { monthLabel } from "./format.ts";
import type { ChartSeries } from "./TrendChart.tsx";

type Trends = RouterOutputs["leadership"]["trends"];

// uPlot comes with this chunk only: the panel's tables show before it arrives.
const TrendChart = lazy(() => import("./TrendChart.tsx"));

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Hours for short spans, days for long ones: one unit per chart so its axis reads evenly. */
function durationUnit(values: (number | null)[]): { ms: number; suffix: string } {
  const top = Math.max(0, ...values.filter((v): v is number => v !== null));
  return top >= 72 * HOUR ? { ms: DAY, suffix: "d" } : { ms: HOUR, suffix: "h" };
}
const round1 = (x: number) => Math.round(x * 10) / 10;

interface ChartSpec {
  id: string;
  title: string;
  /** One sentence for a listener, on top of the data table. */
  summary: string;
  series: ChartSeries[];
  format: (v: number) => string;
  max?: number;
  /** Said under the legend, e.g. why a target line is missing. */
  note?: string;
}

/** The API draws a target only when every program chosen promises the same. */
const NO_SHARED_TARGET =
  "No target line: the programs chosen promise different times. Choose one program to see its target.";

function specsOf(t: Trends): ChartSpec[] {
  const months = t.months;
  const last = months.at(-1);
  const ack = durationUnit([...months.map((m) => m.ackMedianMs), t.targets.acknowledgeMs]);
  const fix = durationUnit([...months.map((m) => m.fixCriticalMedianMs), t.targets.fixCriticalMs]);
  const inUnit = (ms: number | null, unit: { ms: number }) => (ms === null ? null : round1(ms / unit.ms));
  const constant = (v: number | null) => months.map(() => v);
  /** The policy's promise as a dashed line, when there is one to draw. */
  const targetLine = (ms: number | null, unit: { ms: number; suffix: string }): ChartSeries[] =>
    ms === null
      ? []
      : [
          {
            label: `Policy target (${round1(ms / unit.ms)} ${unit.suffix})`,
            values: constant(inUnit(ms, unit)),
            color: "target",
            kind: "target",
          },
        ];
  const received = months.reduce((s, m) => s + m.received, 0);
  const closed = months.reduce((s, m) => s + m.closed, 0);
  const specs: ChartSpec[] = [
    {
      id: "flow",
      title: "Reports received and closed per month",
      summary: `${received} received and ${closed} closed in 12 months${last ? `; ${monthLabel(last.month)}: ${last.received} received, ${last.closed} closed` : ""}.`,
      series: [
        { label: "Received", values: months.map((m) => m.received), color: "primary", kind: "bar" },
        { label: "Closed", values: months.map((m) => m.closed), color: "secondary", kind: "bar" },
      ],
      format: (v) => String(v),
    },
    {
      id: "ack",
      title: "Median time to acknowledge",
      summary: `${last?.ackMedianMs != null ? `${round1(last.ackMedianMs / ack.ms)} ${ack.suffix} in ${monthLabel(last.month)}` : "No acknowledgement this month"}; policy target ${t.targets.acknowledgeMs === null ? "none to show" : `${round1(t.targets.acknowledgeMs / ack.ms)} ${ack.suffix}`}.`,
      series: [
        { label: "Median", values: months.map((m) => inUnit(m.ackMedianMs, ack)), color: "primary", kind: "line" },
        ...targetLine(t.targets.acknowledgeMs, ack),
      ],
      format: (v) => `${v} ${ack.suffix}`,
      ...(t.targets.acknowledgeMs === null ? { note: NO_SHARED_TARGET } : {}),
    },
    {
      id: "fix",
      title: "Median time to fix critical reports",
      summary: `${last?.fixCriticalMedianMs != null ? `${round1(last.fixCriticalMedianMs / fix.ms)} ${fix.suffix} in ${monthLabel(last.month)}` : "No critical fix this month"}; critical fix target ${t.targets.fixCriticalMs === null ? "none to show" : `${round1(t.targets.fixCriticalMs / fix.ms)} ${fix.suffix}`}.`,
      series: [
        {
          label: "Median",
          values: months.map((m) => inUnit(m.fixCriticalMedianMs, fix)),
          color: "primary",
          kind: "line",
        },
        ...targetLine(t.targets.fixCriticalMs, fix),
      ],
      format: (v) => `${v} ${fix.suffix}`,
      ...(t.targets.fixCriticalMs === null ? { note: NO_SHARED_TARGET } : {}),
    },
    {
      id: "compliance",
      title: "SLA compliance",
      summary: `${last?.compliance != null ? `${Math.floor(last.compliance * 100)}% of promises kept in ${monthLabel(last.month)}` : "No promise came due this month"}; the line at 100% is every promise kept.`,
      series: [
        {
          label: "Promises kept",
          values: months.map((m) => (m.compliance === null ? null : Math.floor(m.compliance * 1000) / 10)),
          color: "primary",
          kind: "line",
        },
        { label: "100%", values: constant(100), color: "target", kind: "target" },
      ],
      format: (v) => `${v}%`,
      max: 100,
    },
  ];
  return specs;
}

/** Trends over the last 12 months: four charts, each with a legend and a data table for screen readers. */
export function TrendCharts({ trends }: { trends: Trends }) {
  const specs = useMemo(() => specsOf(trends), [trends]);
  const months = useMemo(() => trends.months.map((m) => m.month), [trends]);
  return (
    <div className="trend-grid">
      {specs.map((s) => (
        <TrendFigure key={s.id} spec={s} months={months} />
      ))}
    </div>
  );
}

function TrendFigure({ spec, months }: { spec: ChartSpec; months: string[] }) {
  const id = useId();
  return (
    <figure className="trend" aria-labelledby={`${id}-title`} aria-describedby={`${id}-summary`}>
      <figcaption id={`${id}-title`} className="trend-title">
        {spec.title}
      </figcaption>
      <p id={`${id}-summary`} className="sr-only">
        {spec.summary}
      </p>
      <ul className="trend-legend" aria-hidden="true">
        {spec.series.map((s) => (
          <li key={s.label}>
            <span className={`swatch swatch-${s.color} swatch-${s.kind}`} />
            {s.label}
          </li>
        ))}
      </ul>
      {spec.note && <p className="trend-note muted">{spec.note}</p>}
      <Suspense fallback={<div className="chart-canvas chart-loading" aria-hidden="true" />}>
        <TrendChart months={months} series={spec.series} format={spec.format} max={spec.max} />
      </Suspense>
      <table className="sr-only">
        <caption>{spec.title}, by month</caption>
        <thead>
          <tr>
            <th scope="col">Month</th>
            {spec.series.map((s) => (
              <th scope="col" key={s.label}>
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {months.map((m, i) => (
            <tr key={m}>
              <th scope="row">{monthLabel(m)}</th>
              {spec.series.map((s) => {
                const v = s.values[i];
                return <td key={s.label}>{v === null || v === undefined ? "none" : spec.format(v)}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
