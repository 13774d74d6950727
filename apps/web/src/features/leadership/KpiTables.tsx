import type { RouterOutputs } from "@embargo/api";
import { AGE_BUCKET_LABELS, AGE_BUCKETS, CLOCK_LABELS, type KpiMeasure, type KpiSeverity } from "@embargo/core";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { humanDuration, metOfDue, plural } from "./format.ts";
import { type MetricFilter, metricHref, type PanelChoice } from "./params.ts";

type Kpis = RouterOutputs["leadership"]["kpis"];

const MEASURES: { measure: KpiMeasure; title: string; metric: "acknowledged" | "assessed" | "fixed" }[] = [
  { measure: "acknowledge", title: "Time to acknowledge", metric: "acknowledged" },
  { measure: "assess", title: "Time to assess", metric: "assessed" },
  { measure: "fix", title: "Time to fix", metric: "fixed" },
];

export const SEVERITY_LABELS: Record<KpiSeverity, string> = {
  critical: "Critical",
  high: "High",
  medium: "Medium",
  low: "Low",
  none: "None",
  unrated: "Unrated",
};

/** A table that may be wider than a phone scrolls inside itself; keyboard users can reach it to scroll. */
export function ScrollTable({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be focusable to scroll by keyboard (WCAG 2.1.1).
    <section className="table-scroll lead-scroll" tabIndex={0} aria-label={label}>
      {children}
    </section>
  );
}

/** The KPI table for a period: time-to per severity, SLA compliance, backlog by age and the flow. */
export function KpiTables({ kpis, choice }: { kpis: Kpis; choice: PanelChoice }) {
  const href = (metric: Parameters<typeof metricHref>[0], filter?: MetricFilter) => metricHref(metric, choice, filter);
  const bySeverity = (m: KpiMeasure) => kpis.timeTo.filter((t) => t.measure === m);
  const programs = [...new Map(kpis.compliance.map((c) => [c.programSlug, c.programName])).entries()];
  const clocks = [...new Set(kpis.compliance.map((c) => c.clock))];
  const totals = AGE_BUCKETS.map((_, i) => kpis.backlog.reduce((s, b) => s + (b.buckets[i] ?? 0), 0));
  return (
    <>
      <dl className="flow">
        <div>
          <dt>Received</dt>
          <dd>
            <Link to={href("received")} aria-label={`${plural(kpis.flow.received, "report")} received`}>
              {kpis.flow.received}
            </Link>
          </dd>
        </div>
        <div>
          <dt>Closed</dt>
          <dd>
            <Link to={href("closed")} aria-label={`${plural(kpis.flow.closed, "report")} closed`}>
              {kpis.flow.closed}
            </Link>
          </dd>
        </div>
      </dl>

      <div className="kpi-measures">
        {MEASURES.map(({ measure, title, metric }) => (
          <ScrollTable key={measure} label={title}>
            <table className="kpi">
              <caption>{title}</caption>
              <thead>
                <tr>
                  <th scope="col">Severity</th>
                  <th scope="col" className="num">
                    <abbr title="Reports measured">n</abbr>
                  </th>
                  <th scope="col" className="num">
                    Median
                  </th>
                  <th scope="col" className="num">
                    <abbr title="90th percentile: 9 in 10 reports took at most this">p90</abbr>
                  </th>
                </tr>
              </thead>
              <tbody>
                {bySeverity(measure).map((t) => {
                  const to = href(metric, { severity: t.severity });
                  return (
                    <tr key={t.severity}>
                      <th scope="row">
                        <span className={`sev-text sev-${t.severity}`}>{SEVERITY_LABELS[t.severity]}</span>
                      </th>
                      <td className="num">
                        <Count n={t.n} to={to} />
                      </td>
                      <td className="num">
                        {t.medianMs === null ? (
                          <span className="muted">–</span>
                        ) : (
                          <Link to={to}>{humanDuration(t.medianMs)}</Link>
                        )}
                      </td>
                      <td className="num">
                        {t.p90Ms === null ? (
                          <span className="muted">–</span>
                        ) : (
                          <Link to={to}>{humanDuration(t.p90Ms)}</Link>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </ScrollTable>
        ))}
      </div>

      <ScrollTable label="SLA compliance">
        <table className="kpi">
          <caption>SLA compliance: promises kept of those due</caption>
          <thead>
            <tr>
              <th scope="col">Program</th>
              {clocks.map((c) => (
                <th scope="col" key={c} className="num">
                  {CLOCK_LABELS[c]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {programs.map(([slug, name]) => (
              <tr key={slug}>
                <th scope="row">{name}</th>
                {clocks.map((clock) => {
                  const c = kpis.compliance.find((x) => x.programSlug === slug && x.clock === clock);
                  if (!c || c.due === 0)
                    return (
                      <td key={clock} className="num muted">
                        none due
                      </td>
                    );
                  const missed = c.due - c.met;
                  return (
                    <td key={clock} className="num">
                      <Link
                        to={href("compliance_met", { program: slug, clock })}
                        title={`${c.met} kept: list them`}
                        className={c.ratio !== null && c.ratio < 1 ? "kpi-short" : undefined}
                      >
                        {metOfDue(c.met, c.due, c.ratio)}
                      </Link>
                      {missed > 0 && (
                        <>
                          {" "}
                          <Link to={href("compliance_missed", { program: slug, clock })} className="kpi-missed">
                            {missed} missed
                          </Link>
                        </>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>

      <ScrollTable label="Open reports by age">
        <table className="kpi">
          <caption>Open reports by age (now)</caption>
          <thead>
            <tr>
              <th scope="col">Severity</th>
              {AGE_BUCKETS.map((b) => (
                <th scope="col" key={b} className="num">
                  {AGE_BUCKET_LABELS[b]}
                </th>
              ))}
              <th scope="col" className="num">
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {kpis.backlog.map((b) => {
              const total = b.buckets.reduce((s, n) => s + n, 0);
              return (
                <tr key={b.severity}>
                  <th scope="row">
                    <span className={`sev-text sev-${b.severity}`}>{SEVERITY_LABELS[b.severity]}</span>
                  </th>
                  {AGE_BUCKETS.map((bucket, i) => (
                    <td key={bucket} className="num">
                      <Count n={b.buckets[i] ?? 0} to={href("backlog", { severity: b.severity, bucket })} />
                    </td>
                  ))}
                  <td className="num">
                    <Count n={total} to={href("backlog", { severity: b.severity })} />
                  </td>
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">All</th>
              {AGE_BUCKETS.map((bucket, i) => (
                <td key={bucket} className="num">
                  <Count n={totals[i] ?? 0} to={href("backlog", { bucket })} />
                </td>
              ))}
              <td className="num">
                <Count n={totals.reduce((s, n) => s + n, 0)} to={href("backlog")} />
              </td>
            </tr>
          </tfoot>
        </table>
      </ScrollTable>
    </>
  );
}

/** Every count links to the reports it counts; zeros too, greyed, so the table reads at a glance. */
function Count({ n, to }: { n: number; to: string }) {
  return (
    <Link to={to} className={n === 0 ? "kpi-zero" : undefined}>
      {n}
    </Link>
  );
}
