import type { RouterOutputs } from "@embargo/api";
import type { PeriodInput } from "@embargo/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { type ReactNode, useEffect, useId, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { ErrorBox, Loading } from "../../components/ui/States.tsx";
import { exactTime, viewerTimeZone } from "../../lib/time.ts";
import { errorMessage, queryClient, trpc } from "../../lib/trpc.ts";
import type { Me } from "../../lib/types.ts";
import { BriefList } from "./Briefs.tsx";
import { EscalationItem, EscalationList } from "./Escalations.tsx";
import { plural } from "./format.ts";
import { KpiTables } from "./KpiTables.tsx";
import {
  choiceFrom,
  choiceParams,
  isDay,
  metricHref,
  type PanelChoice,
  PERIOD_KIND_LABELS,
  PERIOD_KINDS,
  type PeriodKind,
  programsInput,
  quarterLabel,
  recentQuarters,
} from "./params.ts";
import { TrendCharts } from "./Trends.tsx";
import "./leadership.css";
import { downloadText } from "../../lib/download.ts";
import { useTitle } from "../../lib/title.ts";

const dayFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  timeZone: "UTC",
});
const DAY_MS = 86_400_000;
/** The API's period ends at the first instant after it; people read the last day. */
export const periodRange = (p: { from: Date; to: Date }) =>
  `${dayFormat.format(p.from)} – ${dayFormat.format(new Date(p.to.getTime() - DAY_MS))}`;

/**
 * /leadership: what needs a leader now (escalations, criticals, clocks, disclosures),
 * the key figures of a period and twelve months of trends, for the programs chosen.
 * Prints as a one-document brief for a meeting.
 */
export function LeadershipPage() {
  useTitle("Leadership");
  const [params, setParams] = useSearchParams();
  const choice = choiceFrom(params);
  const me = useQuery(trpc.auth.me.queryOptions());
  const programs = programsInput(choice.programs);
  const panel = useQuery({ ...trpc.leadership.panel.queryOptions({ programs }), placeholderData: keepPreviousData });
  const kpis = useQuery({
    ...trpc.leadership.kpis.queryOptions({ period: choice.period, programs }),
    placeholderData: keepPreviousData,
  });
  const trends = useQuery({ ...trpc.leadership.trends.queryOptions({ programs }), placeholderData: keepPreviousData });
  const setChoice = (next: PanelChoice) => setParams(choiceParams(next));
  const programNames = (panel.data?.programs ?? []).map((p) => p.name);
  const programsText = choice.programs.length
    ? programNames.join(", ")
    : `All programs${programNames.length ? ` (${programNames.join(", ")})` : ""}`;

  return (
    <div className="lead">
      <PrintHeader
        programs={programsText}
        period={kpis.data ? `${kpis.data.period.label} (${periodRange(kpis.data.period)}, UTC days)` : ""}
      />
      <div className="page-head lead-head">
        <h1>Leadership</h1>
        <span className="muted lead-scope">{programsText}</span>
        <div className="spacer" />
        <div className="lead-buttons no-print">
          <button type="button" className="btn" onClick={() => window.print()}>
            Print
          </button>
          <CsvButton choice={choice} />
        </div>
      </div>
      {me.data && <Controls me={me.data} choice={choice} onChange={setChoice} />}

      {panel.isPending ? (
        <Loading label="Loading what needs attention…" />
      ) : panel.isError ? (
        <ErrorBox
          title="The panel could not be loaded"
          message={errorMessage(panel.error)}
          onRetry={() => panel.refetch()}
        />
      ) : (
        <NowSections panel={panel.data} choice={choice} busy={panel.isPlaceholderData} />
      )}

      <section className="lead-section" aria-labelledby="kpi-title" aria-busy={kpis.isPlaceholderData}>
        <div className="lead-section-head">
          <h2 id="kpi-title">Key figures: {kpis.data?.period.label ?? "…"}</h2>
          {kpis.data && <span className="muted">{periodRange(kpis.data.period)} (UTC days)</span>}
        </div>
        {kpis.isPending ? (
          <Loading label="Loading the key figures…" />
        ) : kpis.isError ? (
          <ErrorBox
            title="The key figures could not be loaded"
            message={errorMessage(kpis.error)}
            onRetry={() => kpis.refetch()}
          />
        ) : (
          <KpiTables kpis={kpis.data} choice={choice} />
        )}
      </section>

      <section className="lead-section lead-trends" aria-labelledby="trends-title" aria-busy={trends.isPlaceholderData}>
        <div className="lead-section-head">
          <h2 id="trends-title">Trends: last 12 months</h2>
        </div>
        {trends.isPending ? (
          <Loading label="Loading the trends…" />
        ) : trends.isError ? (
          <ErrorBox
            title="The trends could not be loaded"
            message={errorMessage(trends.error)}
            onRetry={() => trends.refetch()}
          />
        ) : (
          <TrendCharts trends={trends.data} />
        )}
      </section>
    </div>
  );
}

type Panel = RouterOutputs["leadership"]["panel"];

/** The sections about now, in the order a leader acts on them. */
function NowSections({ panel, choice, busy }: { panel: Panel; choice: PanelChoice; busy: boolean }) {
  const { counts } = panel;
  return (
    <div aria-busy={busy}>
      <Section
        id="esc"
        title="Open escalations"
        count={counts.escalations}
        countLabel={(n) => `${plural(n, "open escalation")}: list the reports`}
        href={metricHref("escalated", choice)}
      >
        {counts.pageEscalations > 0 && (
          <p className="muted lead-note">{counts.pageEscalations} at page level: someone must act now.</p>
        )}
        <EscalationList empty="No open escalations.">
          {panel.escalations.map((e) => (
            <EscalationItem
              key={e.id}
              escalation={e}
              report={{ key: e.key, title: e.report.title, severity: e.report.severity }}
            />
          ))}
        </EscalationList>
        {/* The list behind the figure is of reports (one report can have several escalations). */}
        <More shown={panel.escalations.length} total={counts.escalations} href={metricHref("escalated", choice)} />
      </Section>
      <Section
        id="crit"
        title="Open critical reports"
        count={counts.criticals}
        countLabel={(n) => `${plural(n, "open critical report")}: list them`}
        href={metricHref("criticals", choice)}
      >
        <BriefList rows={panel.criticals} now={panel.now} empty="No critical report is open." />
        <More shown={panel.criticals.length} total={counts.criticals} href={metricHref("criticals", choice)} />
      </Section>
      <Section id="clocks" title="Clocks breached and at risk">
        <h3 className="lead-sub">
          Breached{" "}
          <Link
            className="lead-count"
            to={metricHref("breached", choice)}
            aria-label={`${plural(counts.breached, "report")} with a breached clock: list them`}
          >
            {counts.breached}
          </Link>
        </h3>
        <BriefList rows={panel.breached} now={panel.now} empty="No promise is broken." />
        <More shown={panel.breached.length} total={counts.breached} href={metricHref("breached", choice)} />
        <h3 className="lead-sub">
          At risk{" "}
          <Link
            className="lead-count"
            to={metricHref("at_risk", choice)}
            aria-label={`${plural(counts.atRisk, "report")} with a clock at risk: list them`}
          >
            {counts.atRisk}
          </Link>
        </h3>
        <BriefList rows={panel.atRisk} now={panel.now} empty="No clock is at risk." />
        <More shown={panel.atRisk.length} total={counts.atRisk} href={metricHref("at_risk", choice)} />
      </Section>
      <Section
        id="disc"
        title="Disclosures due in the next 30 days"
        count={counts.disclosuresDue}
        countLabel={(n) => `${plural(n, "disclosure")} due: list the reports`}
        href={metricHref("disclosures_due", choice)}
      >
        <BriefList rows={panel.disclosuresDue} now={panel.now} empty="No disclosure date in the next 30 days." />
        <More
          shown={panel.disclosuresDue.length}
          total={counts.disclosuresDue}
          href={metricHref("disclosures_due", choice)}
        />
      </Section>
    </div>
  );
}

function Section({
  id,
  title,
  count,
  countLabel,
  href,
  children,
}: {
  id: string;
  title: string;
  count?: number;
  countLabel?: (n: number) => string;
  href?: string;
  children: ReactNode;
}) {
  return (
    <section className="lead-section" aria-labelledby={`${id}-title`}>
      <div className="lead-section-head">
        <h2 id={`${id}-title`}>
          {title}
          {count !== undefined && href && (
            <>
              {" "}
              <Link className="lead-count" to={href} aria-label={countLabel?.(count)}>
                {count}
              </Link>
            </>
          )}
        </h2>
      </div>
      {children}
    </section>
  );
}

/** The panel lists at most 50 of a kind; the rest are one link away. */
function More({ shown, total, href }: { shown: number; total: number; href: string }) {
  if (total <= shown) return null;
  return (
    <p className="lead-more">
      Showing {shown} of {total}: <Link to={href}>see them all</Link>
    </p>
  );
}

/** Programs and period: the URL holds both, so the browser's back button undoes a change. */
function Controls({ me, choice, onChange }: { me: Me; choice: PanelChoice; onChange: (c: PanelChoice) => void }) {
  return (
    <div className="filters lead-controls no-print">
      <ProgramPicker me={me} chosen={choice.programs} onChange={(programs) => onChange({ ...choice, programs })} />
      <PeriodPicker period={choice.period} onChange={(period) => onChange({ ...choice, period })} />
    </div>
  );
}

function ProgramPicker({ me, chosen, onChange }: { me: Me; chosen: string[]; onChange: (programs: string[]) => void }) {
  const all = me.memberships;
  const summary =
    chosen.length === 0
      ? "All programs"
      : chosen.length === 1
        ? (all.find((m) => m.slug === chosen[0])?.name ?? chosen[0])
        : `${chosen.length} programs`;
  return (
    <details className="program-picker">
      <summary>
        <span className="muted">Programs:</span> {summary}
      </summary>
      <fieldset className="bare">
        <legend className="sr-only">Programs</legend>
        {all.map((m) => (
          <label key={m.slug} className="check">
            <input
              type="checkbox"
              checked={chosen.includes(m.slug)}
              onChange={(e) =>
                onChange(e.target.checked ? [...chosen, m.slug] : chosen.filter((slug) => slug !== m.slug))
              }
            />
            {m.name}
          </label>
        ))}
        <button type="button" className="btn small" disabled={chosen.length === 0} onClick={() => onChange([])}>
          All programs
        </button>
      </fieldset>
    </details>
  );
}

const todayUtc = () => new Date().toISOString().slice(0, 10);
const daysBefore = (day: string, n: number) =>
  new Date(new Date(`${day}T00:00:00Z`).getTime() - n * DAY_MS).toISOString().slice(0, 10);

function PeriodPicker({ period, onChange }: { period: PeriodInput; onChange: (p: PeriodInput) => void }) {
  const id = useId();
  const quarters = recentQuarters(new Date());
  const choose = (kind: PeriodKind) => {
    if (kind === "last30" || kind === "last90") onChange({ kind });
    // A meeting looks back at the last whole quarter.
    else if (kind === "quarter") onChange({ kind, quarter: quarters[1]! });
    else onChange({ kind, from: daysBefore(todayUtc(), 29), to: todayUtc() });
  };
  return (
    <>
      {/* Labels point at their selects (not wrap them) so each select is named by its label alone. */}
      <label htmlFor={`${id}-period`}>Period</label>
      <select id={`${id}-period`} value={period.kind} onChange={(e) => choose(e.target.value as PeriodKind)}>
        {/* The options are PERIOD_KINDS, so the chosen value is one of them. */}
        {PERIOD_KINDS.map((k) => (
          <option key={k} value={k}>
            {PERIOD_KIND_LABELS[k]}
          </option>
        ))}
      </select>
      {period.kind === "quarter" && (
        <>
          <label htmlFor={`${id}-quarter`}>Quarter</label>
          <select
            id={`${id}-quarter`}
            value={period.quarter}
            onChange={(e) => onChange({ kind: "quarter", quarter: e.target.value })}
          >
            {(quarters.includes(period.quarter) ? quarters : [period.quarter, ...quarters]).map((q) => (
              <option key={q} value={q}>
                {quarterLabel(q)}
              </option>
            ))}
          </select>
        </>
      )}
      {period.kind === "custom" && (
        <CustomDates key={`${period.from}/${period.to}`} from={period.from} to={period.to} onApply={onChange} />
      )}
    </>
  );
}

/** Typed dates apply together with a button: each keystroke in a date field is not a new query. */
function CustomDates({ from, to, onApply }: { from: string; to: string; onApply: (p: PeriodInput) => void }) {
  const id = useId();
  const [start, setStart] = useState(from);
  const [end, setEnd] = useState(to);
  const problem = !isDay(start) || !isDay(end) ? "Give both days" : start > end ? "The end is before the start" : null;
  return (
    <form
      className="custom-dates"
      aria-label="Custom period"
      onSubmit={(e) => {
        e.preventDefault();
        if (!problem) onApply({ kind: "custom", from: start, to: end });
      }}
    >
      <label htmlFor={`${id}-from`}>From</label>
      <input
        id={`${id}-from`}
        type="date"
        value={start}
        max={end || undefined}
        onChange={(e) => setStart(e.target.value)}
      />
      <label htmlFor={`${id}-to`}>To</label>
      <input
        id={`${id}-to`}
        type="date"
        value={end}
        min={start || undefined}
        onChange={(e) => setEnd(e.target.value)}
      />
      <button type="submit" className="btn small" disabled={!!problem || (start === from && end === to)}>
        Apply
      </button>
      <span className="muted" id={`${id}-note`} aria-live="polite">
        {problem ?? "Days in UTC, both included"}
      </span>
    </form>
  );
}

/** Shown on paper only: what the page is about and when it was printed. */
function PrintHeader({ programs, period }: { programs: string; period: string }) {
  const [printedAt, setPrintedAt] = useState(() => new Date());
  useEffect(() => {
    const stamp = () => setPrintedAt(new Date());
    window.addEventListener("beforeprint", stamp);
    return () => window.removeEventListener("beforeprint", stamp);
  }, []);
  return (
    <div className="print-head print-only">
      <p className="print-title">Embargo · Leadership panel</p>
      <dl>
        <dt>Programs</dt>
        <dd>{programs}</dd>
        <dt>Period</dt>
        <dd>{period}</dd>
        <dt>Printed</dt>
        <dd>{exactTime(printedAt, viewerTimeZone())}</dd>
      </dl>
    </div>
  );
}

/** The period's KPI table as CSV, named by the server (programs and period in the name). */
function CsvButton({ choice }: { choice: PanelChoice }) {
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const download = async () => {
    setState({ busy: true, error: null });
    try {
      const { filename, csv } = await queryClient.fetchQuery({
        ...trpc.leadership.kpiCsv.queryOptions({ period: choice.period, programs: programsInput(choice.programs) }),
        staleTime: 0,
      });
      downloadText(csv, filename, "text/csv;charset=utf-8");
      setState({ busy: false, error: null });
    } catch (e) {
      setState({ busy: false, error: errorMessage(e) });
    }
  };
  return (
    <>
      <button type="button" className="btn" onClick={download} disabled={state.busy}>
        {state.busy ? "Preparing CSV…" : "Download CSV"}
      </button>
      {state.error && (
        <span className="field-error" role="alert">
          {state.error}
        </span>
      )}
    </>
  );
}
