import { SEVERITY_FILTERS } from "@embargo/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { ReporterLanguageBadge, SeverityBadge, StateBadge } from "../../components/ui/Badges.tsx";
import { Options } from "../../components/ui/Options.tsx";
import { Empty, ErrorBox, Loading } from "../../components/ui/States.tsx";
import { RelativeTime } from "../../components/ui/Time.tsx";
import { fromEpochMs } from "../../lib/time.ts";
import { useTitle } from "../../lib/title.ts";
import { errorMessage, trpc } from "../../lib/trpc.ts";
import type { InboxRow } from "../../lib/types.ts";
import { useMediaQuery } from "../../lib/useMediaQuery.ts";
import { DateRequestBadge, DisclosureCountdown } from "../disclosures/DisclosureCountdown.tsx";
import { Deadline } from "./Deadline.tsx";
import {
  CHANNEL_LABELS,
  DEFAULT_SORT,
  DISCLOSURE_FILTER_LABELS,
  listInputFrom,
  pageSummary,
  SLA_LABELS,
  SORT_LABELS,
  TABS,
  tabCount,
  URGENT_EXPLAINED,
  uncountedNotice,
} from "./filters.ts";
import "./inbox.css";

/**
 * Below this width the inbox is a list of cards (issue 14: phones and narrow windows):
 * the table needs about 1,030 px, which beside the sidebar only a 1,280 px window has.
 */
const CARDS_QUERY = "(max-width: 1279.98px)";

export function InboxPage() {
  useTitle("Inbox");
  const [params, setParams] = useSearchParams();
  const input = listInputFrom(params);
  const list = useQuery({ ...trpc.reports.list.queryOptions(input), placeholderData: keepPreviousData });
  const me = useQuery(trpc.auth.me.queryOptions());
  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === "") next.delete(k);
      else next.set(k, v);
    }
    if (!("page" in changes)) next.delete("page");
    setParams(next);
  };
  const activeTab = TABS.find((t) => t.id === params.get("tab"))?.id ?? "open";
  const sev = new Set((params.get("sev") ?? "").split(",").filter(Boolean));

  return (
    <>
      <div className="page-head">
        <h1>Inbox</h1>
        {input.q && (
          <span className="muted">
            matching “{input.q}”{" "}
            <button type="button" className="btn small" onClick={() => update({ q: null })}>
              Clear search
            </button>
          </span>
        )}
        <div className="spacer" />
        <span className="kbd-help">
          <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>Enter</kbd> open · <kbd>/</kbd> search
        </span>
      </div>
      <div className="tabs" role="tablist" aria-label="Report state">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            aria-selected={activeTab === t.id}
            onClick={() => update({ tab: t.id === "open" ? null : t.id })}
          >
            {t.label}
            {list.data?.counts && <TabCount n={tabCount(t.id, list.data.counts)} />}
          </button>
        ))}
      </div>
      {list.data && list.data.total === null && (
        // Tabs show no numbers then: say why where they are, not under 50 rows.
        <div className="notice" role="status">
          {uncountedNotice(list.data.countCap)}
        </div>
      )}
      <div className="filters">
        <fieldset className="chips">
          <legend className="muted">Severity</legend>
          {SEVERITY_FILTERS.map((s) => (
            <button
              key={s}
              type="button"
              className="chip"
              aria-pressed={sev.has(s)}
              onClick={() => {
                const next = new Set(sev);
                if (next.has(s)) next.delete(s);
                else next.add(s);
                update({ sev: [...next].join(",") || null });
              }}
            >
              {s[0]!.toUpperCase() + s.slice(1)}
            </button>
          ))}
        </fieldset>
        <label>
          Assignee
          <select value={params.get("assignee") ?? ""} onChange={(e) => update({ assignee: e.target.value || null })}>
            <option value="">Anyone</option>
            <option value="me">Me{me.data ? ` (${me.data.name})` : ""}</option>
            <option value="unassigned">Unassigned</option>
          </select>
        </label>
        <label>
          SLA
          <select value={params.get("sla") ?? ""} onChange={(e) => update({ sla: e.target.value || null })}>
            <option value="">Any</option>
            <Options labels={SLA_LABELS} />
          </select>
        </label>
        <label>
          Disclosure
          <select value={input.disclosure ?? ""} onChange={(e) => update({ disclosure: e.target.value || null })}>
            <option value="">Any</option>
            <Options labels={DISCLOSURE_FILTER_LABELS} />
          </select>
        </label>
        <label>
          Channel
          <select value={params.get("channel") ?? ""} onChange={(e) => update({ channel: e.target.value || null })}>
            <option value="">Any</option>
            <Options labels={CHANNEL_LABELS} />
          </select>
        </label>
        <label>
          Sort
          <select
            value={input.sort}
            aria-describedby={input.sort === "urgent" ? "sort-explained" : undefined}
            onChange={(e) => update({ sort: e.target.value === DEFAULT_SORT ? null : e.target.value })}
          >
            <Options labels={SORT_LABELS} />
          </select>
        </label>
        {input.sort === "urgent" && (
          <span id="sort-explained" className="sort-explained muted">
            {URGENT_EXPLAINED}
          </span>
        )}
      </div>
      {list.isPending ? (
        <Loading label="Loading reports…" />
      ) : list.isError ? (
        <ErrorBox
          title="Reports could not be loaded"
          message={errorMessage(list.error)}
          onRetry={() => list.refetch()}
        />
      ) : list.data.rows.length === 0 ? (
        <Empty title={list.data.page > 1 ? "No more reports on this page" : "No reports match"}>
          {list.data.page > 1 ? (
            // An uncounted view can page one past its last full page.
            <button type="button" className="btn small" onClick={() => update({ page: null })}>
              Back to the first page
            </button>
          ) : input.q || params.toString() ? (
            "Try fewer filters or another search."
          ) : (
            "New reports will appear here."
          )}
        </Empty>
      ) : (
        <>
          <Reports
            rows={list.data.rows}
            busy={list.isPlaceholderData}
            sortedByDisclosure={input.sort === "disclosure"}
            onSortByDisclosure={(on) => update({ sort: on ? "disclosure" : null })}
          />
          <Pager
            page={list.data.page}
            pageSize={list.data.pageSize}
            shown={list.data.rows.length}
            total={list.data.total}
            countCap={list.data.countCap}
            onPage={(p) => update({ page: p === 1 ? null : String(p) })}
          />
        </>
      )}
    </>
  );
}

/** "Open 42" on screen; "Open 42 reports" to a screen reader. */
function TabCount({ n }: { n: number }) {
  return (
    <span className="count">
      {" "}
      {n}
      <span className="sr-only"> {n === 1 ? "report" : "reports"}</span>
    </span>
  );
}

interface ReportsProps {
  rows: InboxRow[];
  busy: boolean;
  sortedByDisclosure: boolean;
  onSortByDisclosure: (on: boolean) => void;
}

/** The page of reports: a table on wide screens, cards on narrow ones; j/k/Enter in both. */
function Reports(props: ReportsProps) {
  const cards = useMediaQuery(CARDS_QUERY);
  const navigate = useNavigate();
  const { rows } = props;
  const [selected, setSelected] = useState(0);
  const itemRefs = useRef<(HTMLElement | null)[]>([]);
  const index = Math.min(selected, rows.length - 1);

  // j/k/Enter work anywhere on the page except while typing.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target as HTMLElement;
      if (t.closest("input, textarea, select, [contenteditable]")) return;
      if (e.key === "j" || e.key === "k") {
        e.preventDefault();
        setSelected((i) => {
          const next = Math.max(0, Math.min(rows.length - 1, Math.min(i, rows.length - 1) + (e.key === "j" ? 1 : -1)));
          itemRefs.current[next]?.scrollIntoView({ block: "nearest" });
          return next;
        });
      } else if (e.key === "Enter" && !t.closest("button, a")) {
        const row = rows[index];
        if (row) navigate(`/reports/${row.key}`);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [rows, index, navigate]);

  const refAt = (i: number) => (el: HTMLElement | null) => {
    itemRefs.current[i] = el;
  };
  const now = new Date();
  return cards ? (
    <ReportCards rows={rows} busy={props.busy} selected={index} refAt={refAt} now={now} />
  ) : (
    <ReportTable {...props} selected={index} refAt={refAt} now={now} />
  );
}

interface LayoutProps {
  selected: number;
  refAt: (i: number) => (el: HTMLElement | null) => void;
  now: Date;
}

/** The program as its keys' prefix, with its full name for screen readers and on hover. */
function ProgramLabel({ row }: { row: InboxRow }) {
  return (
    <>
      <span className="program-tag" aria-hidden="true" title={row.programName}>
        {row.programKeyPrefix}
      </span>
      <span className="sr-only">{row.programName}</span>
    </>
  );
}

function ReportTable({
  rows,
  busy,
  sortedByDisclosure,
  onSortByDisclosure,
  selected,
  refAt,
  now,
}: ReportsProps & LayoutProps) {
  const navigate = useNavigate();
  return (
    // aria-busy while the previous page is shown during a filter change.
    <table className="grid inbox-table" aria-label="Reports" aria-busy={busy}>
      <thead>
        <tr>
          <th scope="col">Key</th>
          <th scope="col">Title</th>
          <th scope="col">Program</th>
          <th scope="col">Severity</th>
          <th scope="col">State</th>
          <th scope="col">Next deadline</th>
          <th scope="col" aria-sort={sortedByDisclosure ? "ascending" : undefined}>
            <button
              type="button"
              className="sort-head"
              aria-pressed={sortedByDisclosure}
              title={
                sortedByDisclosure
                  ? "Sorted by nearest disclosure: click to sort by most urgent"
                  : "Sort by nearest disclosure"
              }
              onClick={() => onSortByDisclosure(!sortedByDisclosure)}
            >
              Disclosure{sortedByDisclosure ? " ↑" : ""}
            </button>
          </th>
          <th scope="col">Age</th>
          <th scope="col">Assignee</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={r.id} ref={refAt(i)} aria-selected={i === selected} onClick={() => navigate(`/reports/${r.key}`)}>
            <td className="key">{r.key}</td>
            <td className="title">
              <Link to={`/reports/${r.key}`} onClick={(e) => e.stopPropagation()}>
                {r.title}
              </Link>
              <OtherLanguage lang={r.reporterLanguage} />
            </td>
            <td className="muted program">
              <ProgramLabel row={r} />
            </td>
            <td>
              <SeverityBadge severity={r.severity} score={r.cvssScore} />
            </td>
            <td>
              <StateBadge state={r.state} />
            </td>
            <td>
              <Deadline row={r} now={now} />
            </td>
            <td>
              <DisclosureCountdown
                targetAt={fromEpochMs(r.disclosureTargetAt)}
                state={r.disclosureState}
                timeZone={r.disclosureTimeZone}
                reportState={r.state}
                now={now}
              />
              {r.disclosureRequestPending && <DateRequestBadge />}
            </td>
            <td className="muted">
              <RelativeTime at={new Date(r.receivedAt)} short />
            </td>
            <td className={r.assigneeName ? "" : "muted"}>{r.assigneeName ?? "Unassigned"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The inbox marks only reporters who read a language other than English: the rows that need care when writing. */
function OtherLanguage({ lang }: { lang: string | null }) {
  return lang && lang !== "en" ? (
    <>
      {" "}
      <ReporterLanguageBadge lang={lang} />
    </>
  ) : null;
}

/**
 * Narrow screens: one card per report with what decides what to open next
 * (key, title, severity, state, next deadline). The title is the link and
 * covers the card, so a tap anywhere on it opens the report.
 */
function ReportCards({ rows, busy, selected, refAt, now }: Pick<ReportsProps, "rows" | "busy"> & LayoutProps) {
  return (
    <ul className="report-cards" aria-label="Reports" aria-busy={busy}>
      {rows.map((r, i) => (
        <li key={r.id} ref={refAt(i)} className={`report-card${i === selected ? " selected" : ""}`}>
          <div className="card-top">
            <span className="key">{r.key}</span>
            <ProgramLabel row={r} />
            <span className="spacer" />
            <span className="muted card-age">
              <RelativeTime at={new Date(r.receivedAt)} short />
            </span>
          </div>
          <Link className="card-title" to={`/reports/${r.key}`}>
            {r.title}
          </Link>
          <div className="card-badges">
            <SeverityBadge severity={r.severity} score={r.cvssScore} />
            <StateBadge state={r.state} />
            <OtherLanguage lang={r.reporterLanguage} />
            <Deadline row={r} now={now} />
          </div>
        </li>
      ))}
    </ul>
  );
}

function Pager({
  page,
  pageSize,
  shown,
  total,
  countCap,
  onPage,
}: {
  page: number;
  pageSize: number;
  shown: number;
  /** null: more than countCap reports match, so the view was not counted. */
  total: number | null;
  countCap: number;
  onPage: (p: number) => void;
}) {
  const { range, hasNext } = pageSummary({ page, pageSize, shown, total, countCap });
  return (
    <nav className="pager" aria-label="Pages">
      <span>{range}</span>
      <button type="button" className="btn small" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        Previous page
      </button>
      <button type="button" className="btn small" disabled={!hasNext} onClick={() => onPage(page + 1)}>
        Next page
      </button>
    </nav>
  );
}
