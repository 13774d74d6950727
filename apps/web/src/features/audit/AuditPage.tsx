import type { RouterOutputs } from "@embargo/api";
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { Fragment, type ReactNode, useId, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { Empty, ErrorBox, Loading } from "../../components/ui/States.tsx";
import { viewerTimeZone } from "../../lib/time.ts";
import { errorCode, errorMessage, fieldErrorsOf, queryClient, trpc } from "../../lib/trpc.ts";
import type { Me } from "../../lib/types.ts";
import {
  type AuditFilterParams,
  actionPrefixes,
  apiFilter,
  beforeFrom,
  dataSummary,
  filterParams,
  filtersFrom,
  prettyData,
} from "./params.ts";
import "./audit.css";
import { downloadText } from "../../lib/download.ts";
import { useTitle } from "../../lib/title.ts";

type AuditRow = RouterOutputs["audit"]["list"]["rows"][number];
type Verification = NonNullable<RouterOutputs["audit"]["lastVerification"]>;

const PAGE_SIZE = 50;
const CSV_MAX_ROWS = 50_000;

const formats = new Map<string, Intl.DateTimeFormat>();
/** "2 Dec 2026, 18:36:29" in the viewer's zone (named once, in the column header). */
function rowTime(d: Date, timeZone: string): string {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", { timeZone, dateStyle: "medium", timeStyle: "medium" });
    formats.set(timeZone, f);
  }
  return f.format(d);
}
const when = (iso: string) => `${rowTime(new Date(iso), viewerTimeZone())} ${viewerTimeZone()}`;

const isAdminOfSome = (me: Me) => me.adminOfAll || me.memberships.some((m) => m.role === "admin");

/** /audit: the audit log for program administrators; checking its chain for administrators of all programs. */
export function AuditPage() {
  useTitle("Audit");
  const me = useQuery(trpc.auth.me.queryOptions());
  if (me.isPending) return <Loading label="Loading the audit log…" />;
  if (me.isError || !me.data)
    return <ErrorBox title="The audit log could not be loaded" message={errorMessage(me.error)} />;
  if (!isAdminOfSome(me.data)) return <NotAllowed />;
  return <AuditLog me={me.data} />;
}

function NotAllowed() {
  return (
    <>
      <div className="page-head">
        <h1>Audit</h1>
      </div>
      <Empty title="Not allowed">
        The audit log is open to program administrators only. Ask an administrator if you need an entry from it.
      </Empty>
    </>
  );
}

function AuditLog({ me }: { me: Me }) {
  const [params, setParams] = useSearchParams();
  const filters = filtersFrom(params);
  const before = beforeFrom(params);
  const zone = viewerTimeZone();
  const input = apiFilter(filters, zone);
  const list = useQuery({
    ...trpc.audit.list.queryOptions({ ...input, beforeId: before, limit: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  const actions = useQuery(trpc.audit.actions.queryOptions());
  const programs = me.memberships.filter((m) => me.adminOfAll || m.role === "admin");

  if (list.isError && errorCode(list.error) === "FORBIDDEN") return <NotAllowed />;
  const errs = list.isError ? fieldErrorsOf(list.error) : {};
  if (list.isError && errorCode(list.error) === "NOT_FOUND" && filters.program) errs.program = list.error.message;
  const fieldProblem = Object.keys(errs).length > 0;

  return (
    <div className="audit">
      <div className="page-head audit-head">
        <h1>Audit</h1>
        <span className="muted">
          {me.adminOfAll ? "every change, in every program" : "changes in the programs you administer"}, newest first
        </span>
        <div className="spacer" />
        <CsvButton filters={filters} zone={zone} disabled={fieldProblem} />
      </div>

      {me.adminOfAll && <ChainCheck />}

      <FilterForm
        key={params.toString()}
        filters={filters}
        errors={errs}
        actions={actions.data ?? []}
        programs={programs.map((p) => ({ slug: p.slug, name: p.name }))}
        onApply={(next) => setParams(filterParams(next))}
      />

      <section aria-labelledby="entries-title" aria-busy={list.isFetching}>
        <h2 id="entries-title" className="sr-only">
          Entries
        </h2>
        {list.isPending ? (
          <Loading label="Loading entries…" />
        ) : list.isError ? (
          fieldProblem ? (
            <p className="notice err">Fix the filters marked above to see entries.</p>
          ) : (
            <ErrorBox
              title="The audit log could not be loaded"
              message={errorMessage(list.error)}
              onRetry={() => list.refetch()}
            />
          )
        ) : list.data.rows.length === 0 ? (
          <Empty title="No entries">
            {filterParams(filters).size ? "No entry matches these filters." : "Nothing has been recorded yet."}
          </Empty>
        ) : (
          <>
            <EntryTable rows={list.data.rows} zone={zone} />
            <nav className="pager" aria-label="Audit log pages">
              <span>
                {list.data.rows.length} entries, #{list.data.rows[0]?.id} to #{list.data.rows.at(-1)?.id}
              </span>
              {before && (
                <button type="button" className="btn small" onClick={() => setParams(filterParams(filters))}>
                  Newest entries
                </button>
              )}
              {list.data.nextBeforeId !== null && (
                <button
                  type="button"
                  className="btn small"
                  onClick={() => {
                    setParams(filterParams(filters, list.data.nextBeforeId ?? undefined));
                    window.scrollTo({ top: 0 });
                  }}
                >
                  Older entries
                </button>
              )}
            </nav>
          </>
        )}
      </section>
    </div>
  );
}

interface FieldProps {
  id: string;
  name: string;
  "aria-invalid": boolean;
  "aria-describedby"?: string;
}

function FilterForm({
  filters,
  errors,
  actions,
  programs,
  onApply,
}: {
  filters: AuditFilterParams;
  errors: Record<string, string>;
  actions: string[];
  programs: { slug: string; name: string }[];
  onApply: (f: AuditFilterParams) => void;
}) {
  const [draft, setDraft] = useState(filters);
  const id = useId();
  const set = (k: keyof AuditFilterParams) => (e: { target: { value: string } }) =>
    setDraft({ ...draft, [k]: e.target.value });
  const prefixes = actionPrefixes(actions);
  const known = programs.some((p) => p.slug === filters.program);
  const active = filterParams(filters).size > 0;
  const field = (k: keyof AuditFilterParams, label: string, control: (p: FieldProps) => ReactNode) => {
    const err = errors[k];
    const props: FieldProps = {
      id: `${id}-${k}`,
      name: k,
      "aria-invalid": !!err,
      ...(err ? { "aria-describedby": `${id}-${k}-err` } : {}),
    };
    return (
      <div className={`audit-field${err ? " has-error" : ""}`}>
        <label htmlFor={props.id}>{label}</label>
        {control(props)}
        {err && (
          <p className="field-error" id={`${id}-${k}-err`}>
            {err}
          </p>
        )}
      </div>
    );
  };
  return (
    <form
      className="audit-filters"
      aria-label="Filter the audit log"
      onSubmit={(e) => {
        e.preventDefault();
        onApply(draft);
      }}
    >
      {field("actor", "Actor", (p) => (
        <input
          {...p}
          type="search"
          value={draft.actor}
          onChange={set("actor")}
          placeholder="email or name contains…"
          autoComplete="off"
        />
      ))}
      {field("action", "Action", (p) => (
        <>
          <input
            {...p}
            list={`${id}-actions`}
            value={draft.action}
            onChange={set("action")}
            placeholder="any, or a prefix like report."
            autoComplete="off"
            spellCheck={false}
          />
          <datalist id={`${id}-actions`}>
            {prefixes.map((a) => (
              <option key={a} value={a}>
                every {a}* action
              </option>
            ))}
            {actions.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
        </>
      ))}
      {field("program", "Program", (p) => (
        <select {...p} value={draft.program} onChange={set("program")}>
          <option value="">{programs.length > 1 ? "All your programs" : "Any"}</option>
          {programs.map((pr) => (
            <option key={pr.slug} value={pr.slug}>
              {pr.name}
            </option>
          ))}
          {filters.program && !known && <option value={filters.program}>{filters.program}</option>}
        </select>
      ))}
      {field("from", "From", (p) => (
        <input {...p} type="date" value={draft.from} onChange={set("from")} />
      ))}
      {field("to", "To (inclusive)", (p) => (
        <input {...p} type="date" value={draft.to} onChange={set("to")} min={draft.from || undefined} />
      ))}
      <div className="audit-filter-buttons">
        <button type="submit" className="btn primary">
          Apply filters
        </button>
        {active && (
          <button type="button" className="btn" onClick={() => onApply(filtersFrom(new URLSearchParams()))}>
            Clear
          </button>
        )}
      </div>
    </form>
  );
}

function EntryTable({ rows, zone }: { rows: AuditRow[]; zone: string }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus so a keyboard can scroll it
    <section className="audit-scroll" aria-label="Audit entries, scrolls sideways" tabIndex={0}>
      <table className="grid audit-table stack" aria-label="Audit log">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Time ({zone})</th>
            <th scope="col">Actor</th>
            <th scope="col">Action</th>
            <th scope="col">Entity</th>
            <th scope="col">Program</th>
            <th scope="col">Data</th>
            <th scope="col">Hash</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td className="muted num" data-label="#">
                {r.id}
              </td>
              <td data-label={`Time (${zone})`}>
                <time dateTime={r.at.toISOString()}>{rowTime(r.at, zone)}</time>
              </td>
              <td className="actor" data-label="Actor">
                <Breakable text={r.actorLabel} at="@" />
              </td>
              <td className="action" data-label="Action">
                <code>
                  <Breakable text={r.action} at="." />
                </code>
              </td>
              <td className="entity" data-label="Entity">
                <span className="muted">{r.entityType}</span>{" "}
                {r.entityType === "report" ? (
                  <Link to={`/reports/${encodeURIComponent(r.entityId)}`}>{r.entityId}</Link>
                ) : (
                  <span>{r.entityId}</span>
                )}
              </td>
              <td className="program" data-label="Program">
                {r.program ?? <span className="muted">—</span>}
              </td>
              <td className="data" data-label="Data">
                <DataCell json={r.dataJson} />
              </td>
              <td className="hash" data-label="Hash">
                <details>
                  <summary title={r.hash}>
                    <code>{r.hash.slice(0, 12)}</code>
                  </summary>
                  <dl>
                    <dt>hash</dt>
                    <dd>
                      <code>{r.hash}</code>
                    </dd>
                    <dt>previous</dt>
                    <dd>
                      <code>{r.prevHash}</code>
                    </dd>
                  </dl>
                </details>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Long names may wrap after each dot (actions) or before the @ (emails), never inside a word. */
function Breakable({ text, at }: { text: string; at: "." | "@" }) {
  const parts = text.split(at);
  return (
    <>
      {parts.map((p, i) => (
        <Fragment key={i}>
          {at === "@" && i > 0 && (
            <>
              <wbr />@
            </>
          )}
          {p}
          {at === "." && i < parts.length - 1 && (
            <>
              .<wbr />
            </>
          )}
        </Fragment>
      ))}
    </>
  );
}

function DataCell({ json }: { json: string }) {
  const summary = dataSummary(json);
  if (!summary) return <span className="muted">—</span>;
  const full = prettyData(json);
  if (!summary.endsWith("…")) return <span title={full}>{summary}</span>;
  return (
    <details>
      <summary title={full}>{summary}</summary>
      <pre>{full}</pre>
    </details>
  );
}

const BY_LABELS: Record<string, string> = {
  start: "at server start",
  admin: "from this page",
  cli: "with embargo audit verify",
};
const PROBLEM_LABELS: Record<string, string> = {
  edited: "Edited",
  deleted: "Deleted",
  inserted: "Inserted",
  reordered: "Reordered",
  tail_cut: "Tail cut",
  head_mismatch: "Head differs from the recorded one",
  state_mismatch: "State differs from the log",
};

/** "edited at entry #3: …" */
function problemText(v: Verification): string {
  const what = PROBLEM_LABELS[v.problem ?? ""] ?? v.problem ?? "Problem";
  const where = v.atId !== null ? ` at entry #${v.atId}` : "";
  return `${what}${where}${v.message ? `: ${v.message}` : ""}`;
}

/** The last verification, always on top, and a button to check the whole chain now. */
function ChainCheck() {
  const last = useQuery(trpc.audit.lastVerification.queryOptions());
  // The newest entry's id is the number of entries in an intact append-only log.
  const newest = useQuery(trpc.audit.list.queryOptions({ limit: 1 }));
  const verify = useMutation(
    trpc.audit.verify.mutationOptions({
      onSuccess: (v) => queryClient.setQueryData(trpc.audit.lastVerification.queryKey(), v),
    }),
  );
  const count = newest.data?.rows[0]?.id;
  const shown = last.data;
  return (
    <section className="card audit-chain" aria-labelledby="chain-title">
      <div className="audit-chain-head">
        <h2 id="chain-title">Chain verification</h2>
        <div className="spacer" />
        <button type="button" className="btn" onClick={() => verify.mutate()} disabled={verify.isPending}>
          {verify.isPending ? "Checking…" : "Verify the chain"}
        </button>
      </div>
      <div aria-live="polite">
        {verify.isPending ? (
          <p className="audit-progress" role="status">
            <span className="spinner" aria-hidden="true" /> Checking{" "}
            {count !== undefined ? `${count.toLocaleString("en-GB")} entries` : "every entry"}…
          </p>
        ) : verify.isError ? (
          <p className="notice err" role="alert">
            The check could not run: {errorMessage(verify.error)}
          </p>
        ) : null}
      </div>
      {last.isPending ? (
        <p className="muted">Loading the last verification…</p>
      ) : last.isError ? (
        <p className="notice err">The last verification could not be loaded: {errorMessage(last.error)}</p>
      ) : !shown ? (
        <p className="muted">The chain has not been verified yet.</p>
      ) : shown.ok ? (
        <p className="audit-ok">
          <span aria-hidden="true">✔ </span>
          <strong>Intact: {shown.entries.toLocaleString("en-GB")} entries</strong>, checked {when(shown.at)}{" "}
          {BY_LABELS[shown.by] ?? `(${shown.by})`}.
        </p>
      ) : (
        <div className="audit-broken" role="alert">
          <strong>The audit chain failed verification.</strong> {problemText(shown)}
          <div className="muted-strong">
            Checked {when(shown.at)} {BY_LABELS[shown.by] ?? `(${shown.by})`}, {shown.entries.toLocaleString("en-GB")}{" "}
            entries read. Treat the log as tampered with: keep a copy of the database and its heads file before changing
            anything.
          </div>
        </div>
      )}
    </section>
  );
}

/** The filtered log with its chain hashes, as the server writes it (at most 50,000 rows). */
function CsvButton({ filters, zone, disabled }: { filters: AuditFilterParams; zone: string; disabled: boolean }) {
  const [state, setState] = useState<{ busy: boolean; error: string | null; note: string | null }>({
    busy: false,
    error: null,
    note: null,
  });
  const download = async () => {
    setState({ busy: true, error: null, note: null });
    try {
      const { filename, csv, rows, truncated } = await queryClient.fetchQuery({
        ...trpc.audit.csv.queryOptions(apiFilter(filters, zone)),
        staleTime: 0,
      });
      downloadText(csv, filename, "text/csv;charset=utf-8");
      setState({
        busy: false,
        error: null,
        note: truncated
          ? `Truncated: the file holds the newest ${CSV_MAX_ROWS.toLocaleString("en-GB")} entries. Narrow the period for the rest.`
          : `${rows.toLocaleString("en-GB")} entries downloaded.`,
      });
    } catch (e) {
      setState({ busy: false, error: errorMessage(e), note: null });
    }
  };
  return (
    <div className="audit-csv">
      <button type="button" className="btn" onClick={download} disabled={state.busy || disabled}>
        {state.busy ? "Preparing CSV…" : "Download CSV"}
      </button>
      <span role="status" className={state.note?.startsWith("Truncated") ? "audit-warn" : "muted"}>
        {state.note}
      </span>
      {state.error && (
        <span className="field-error" role="alert">
          {state.error}
        </span>
      )}
    </div>
  );
}
