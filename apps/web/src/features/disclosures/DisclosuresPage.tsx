import type { RouterOutputs } from "@embargo/api";
import { DISCLOSURE_STATE_LABELS, type DisclosureState, parseZonedInstant, type Severity } from "@embargo/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Link, useSearchParams } from "react-router";
import { SeverityBadge } from "../../components/ui/Badges.tsx";
import { ErrorBox, Loading } from "../../components/ui/States.tsx";
import { viewerTimeZone } from "../../lib/time.ts";
import { errorMessage, trpc } from "../../lib/trpc.ts";
import { CalendarFeed } from "./CalendarFeed.tsx";
import { addDays, dayOf, fixCountdown, type MonthGrid, monthsOf, windowOf } from "./calendar.ts";
import { DisclosureCountdown, disclosureWhen, SLA_LOOK } from "./DisclosureCountdown.tsx";
import "./disclosures.css";
import { useTitle } from "../../lib/title.ts";

type Entry = RouterOutputs["disclosure"]["calendar"]["entries"][number];

/** The severities the calendar filters on (its API takes rated ones only). */
const SEVERITIES = ["critical", "high", "medium", "low", "none"] as const satisfies readonly Severity[];
const KIND_LABELS: Record<Entry["kind"], string> = { disclosure: "Disclosure", fix_release: "Fix release due" };
/** The grid's cells are narrow: a short kind and severity, the full words in the link's hover text and the list. */
const SHORT_KIND: Record<Entry["kind"], string> = { disclosure: "Disclose", fix_release: "Fix due" };
const SHORT_SEVERITY: Record<Severity, string> = {
  critical: "crit",
  high: "high",
  medium: "med",
  low: "low",
  none: "none",
};

const weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const dayLabel = new Intl.DateTimeFormat("en-GB", {
  weekday: "short",
  day: "numeric",
  month: "short",
  timeZone: "UTC",
});
const rangeLabel = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});
const asUtcDate = (day: string) => new Date(`${day}T00:00:00Z`);

/**
 * /disclosures: the next 90 days of disclosure dates and fix-release targets
 * across the caller's programs, as month grids beside a dated list; and the
 * calendar feed. Leadership sees the same: keys, titles, dates, severities.
 */
export function DisclosuresPage() {
  useTitle("Disclosures");
  const [params, setParams] = useSearchParams();
  const zone = viewerTimeZone();
  const now = new Date();
  const today = dayOf(now, zone);
  const offset = Math.max(-24, Math.min(24, Number.parseInt(params.get("month") ?? "0", 10) || 0));
  const { first, last } = windowOf(today, offset);
  const program = params.get("prog") ?? "";
  const severities = (params.get("sev") ?? "")
    .split(",")
    .filter((s): s is (typeof SEVERITIES)[number] => (SEVERITIES as readonly string[]).includes(s));
  const me = useQuery(trpc.auth.me.queryOptions());
  const calendar = useQuery({
    ...trpc.disclosure.calendar.queryOptions({
      from: parseZonedInstant(`${first}T00:00`, zone),
      to: parseZonedInstant(`${addDays(last, 1)}T00:00`, zone),
      program: program || undefined,
      severities: severities.length ? severities : undefined,
    }),
    placeholderData: keepPreviousData,
  });
  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === "") next.delete(k);
      else next.set(k, v);
    }
    setParams(next);
  };
  const entries = calendar.data?.entries ?? [];
  const byDay = new Map<string, Entry[]>();
  for (const e of entries) {
    const day = dayOf(e.at, zone);
    byDay.set(day, [...(byDay.get(day) ?? []), e]);
  }

  return (
    <>
      <div className="page-head">
        <h1>Disclosures</h1>
        <span className="muted">
          Disclosure dates and fix releases, {rangeLabel.format(asUtcDate(first))} to{" "}
          {rangeLabel.format(asUtcDate(last))} ({zone})
        </span>
      </div>
      <div className="filters cal-controls">
        <nav className="cal-nav" aria-label="Months">
          <button type="button" className="btn small" onClick={() => update({ month: String(offset - 1) })}>
            Previous month
          </button>
          <button type="button" className="btn small" disabled={offset === 0} onClick={() => update({ month: null })}>
            From today
          </button>
          <button type="button" className="btn small" onClick={() => update({ month: String(offset + 1) })}>
            Next month
          </button>
        </nav>
        <label>
          Show program
          <select value={program} onChange={(e) => update({ prog: e.target.value || null })}>
            <option value="">All programs</option>
            {me.data?.memberships.map((m) => (
              <option key={m.slug} value={m.slug}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="chips">
          <legend className="muted">Severity</legend>
          {SEVERITIES.map((s) => (
            <button
              key={s}
              type="button"
              className="chip"
              aria-pressed={severities.includes(s)}
              onClick={() => {
                const next = severities.includes(s) ? severities.filter((x) => x !== s) : [...severities, s];
                update({ sev: next.join(",") || null });
              }}
            >
              {s[0]!.toUpperCase() + s.slice(1)}
            </button>
          ))}
        </fieldset>
      </div>
      {calendar.isPending ? (
        <Loading label="Loading the calendar…" />
      ) : calendar.isError ? (
        <ErrorBox
          title="The calendar could not be loaded"
          message={errorMessage(calendar.error)}
          onRetry={() => calendar.refetch()}
        />
      ) : (
        <div className="cal-layout" aria-busy={calendar.isPlaceholderData}>
          <div className="cal-months">
            {monthsOf(first, last).map((m) => (
              <MonthTable key={m.key} month={m} first={first} last={last} today={today} byDay={byDay} />
            ))}
          </div>
          <EntryList entries={entries} now={now} />
        </div>
      )}
      <CalendarFeed />
    </>
  );
}

function MonthTable({
  month,
  first,
  last,
  today,
  byDay,
}: {
  month: MonthGrid;
  first: string;
  last: string;
  today: string;
  byDay: Map<string, Entry[]>;
}) {
  return (
    <table className="cal-month">
      <caption>{month.label}</caption>
      <thead>
        <tr>
          {weekdays.map((d) => (
            <th key={d} scope="col">
              {d}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {month.weeks
          // Weeks wholly outside the 90 days would be empty rows.
          .filter((week) => week.some((day) => day && day >= first && day <= last))
          .map((week) => (
            <tr key={week.find(Boolean) ?? ""}>
              {week.map((day, i) => {
                if (!day) return <td key={`blank-${i}`} className="cal-blank" />;
                const outside = day < first || day > last;
                const list = outside ? [] : (byDay.get(day) ?? []);
                return (
                  <td
                    key={day}
                    className={`${outside ? "cal-outside" : ""}${day === today ? " cal-today" : ""}`}
                    aria-current={day === today ? "date" : undefined}
                  >
                    <div className="cal-daynum">
                      <span className="sr-only">{dayLabel.format(asUtcDate(day))}</span>
                      <span aria-hidden="true">{Number(day.slice(8))}</span>
                    </div>
                    {list.map((e) => (
                      <Link
                        key={e.uid}
                        to={`/reports/${encodeURIComponent(e.key)}`}
                        className={`cal-entry cal-${e.kind}`}
                        title={`${KIND_LABELS[e.kind]}: ${e.key} ${e.title} · ${disclosureWhen(e.at, e.timeZone)}`}
                      >
                        <span className="cal-key">{e.key}</span>{" "}
                        <span className="cal-kind">
                          <span aria-hidden="true">
                            {SHORT_KIND[e.kind]} · {e.severity ? SHORT_SEVERITY[e.severity] : "unrated"}
                          </span>
                          <span className="sr-only">
                            {KIND_LABELS[e.kind]}, severity {e.severity ?? "unrated"}
                          </span>
                        </span>
                      </Link>
                    ))}
                  </td>
                );
              })}
            </tr>
          ))}
      </tbody>
    </table>
  );
}

function EntryList({ entries, now }: { entries: Entry[]; now: Date }) {
  return (
    <section className="cal-list" aria-labelledby="cal-list-title">
      <h2 id="cal-list-title">
        {entries.length === 1 ? "1 date" : `${entries.length} dates`}
        <span className="muted"> in this period</span>
      </h2>
      {entries.length === 0 ? (
        <p className="muted">
          No disclosure dates or fix releases in these 90 days. Plans are set on each report's Disclosure card.
        </p>
      ) : (
        <ol>
          {entries.map((e) => (
            <li key={e.uid} className="cal-item">
              <div className="cal-item-when">
                <time dateTime={e.at.toISOString()}>{disclosureWhen(e.at, e.timeZone)}</time>
                <Countdown entry={e} now={now} />
              </div>
              <div>
                <span className="key">{e.key}</span> <Link to={`/reports/${encodeURIComponent(e.key)}`}>{e.title}</Link>
              </div>
              <div className="cal-item-meta">
                <span className={`cal-tag cal-${e.kind}`}>{KIND_LABELS[e.kind]}</span>
                <SeverityBadge severity={e.severity} />
                <span className="muted">{e.programName}</span>
                {e.kind === "disclosure" && (
                  <span className="muted">{DISCLOSURE_STATE_LABELS[e.disclosureState as DisclosureState]} date</span>
                )}
                {e.kind === "fix_release" && e.source === "resolve_clock" && (
                  <span className="muted" title="No release date is set: this is the resolve clock's deadline">
                    resolve deadline
                  </span>
                )}
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function Countdown({ entry, now }: { entry: Entry; now: Date }) {
  if (entry.kind === "disclosure") {
    return (
      <DisclosureCountdown
        targetAt={entry.at}
        state={entry.disclosureState as DisclosureState}
        timeZone={entry.timeZone}
        reportState={entry.state as Parameters<typeof DisclosureCountdown>[0]["reportState"]}
        now={now}
      />
    );
  }
  const c = fixCountdown(entry.at, now);
  return <span className={`disc sla ${SLA_LOOK[c.tone]}`}>{c.text}</span>;
}
