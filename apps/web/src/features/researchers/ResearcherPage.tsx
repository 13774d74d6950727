import type { RouterOutputs } from "@embargo/api";
import { SEVERITIES, STATE_LABELS } from "@embargo/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { SeverityBadge, StateBadge } from "../../components/ui/Badges.tsx";
import { Field } from "../../components/ui/Field.tsx";
import { ErrorBox, Loading } from "../../components/ui/States.tsx";
import { exactTime } from "../../lib/time.ts";
import { errorMessage, fieldErrorsOf, queryClient, trpc } from "../../lib/trpc.ts";
import { isWebLink, plural, shortDuration } from "./format.ts";
import "./researchers.css";
import { atHandle } from "../../lib/handle.ts";
import { useTitle } from "../../lib/title.ts";

type Researcher = RouterOutputs["researchers"]["get"];

const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.researchers.pathKey() });

export function ResearcherPage() {
  useTitle("Researcher");
  const id = Number(useParams().id);
  const q = useQuery({ ...trpc.researchers.get.queryOptions({ id }), enabled: Number.isInteger(id) && id > 0 });
  if (!Number.isInteger(id) || id <= 0) return <ErrorBox title="No such researcher" message="The address is wrong." />;
  if (q.isPending) return <Loading label="Loading researcher…" />;
  if (q.isError)
    return (
      <ErrorBox title="Researcher could not be loaded" message={errorMessage(q.error)} onRetry={() => q.refetch()} />
    );
  const r = q.data;
  const p = r.person;
  return (
    <article className="researcher-page">
      <p>
        <Link to="/researchers">← Researchers</Link>
      </p>
      <div className="researcher-head">
        <h1>{p.name ?? (p.handle ? atHandle(p.handle) : `Researcher #${p.id}`)}</h1>
        {p.handle && p.name && <span className="muted">{atHandle(p.handle)}</span>}
        <span className="muted">#{p.id}</span>
      </div>
      <div className="researcher-grid">
        <div>
          <TrackRecord r={r} />
          <ReportsTable r={r} />
        </div>
        <aside>
          <PersonCard r={r} />
          {r.can.merge && <MergeCard r={r} />}
          {r.can.dataRequests && <DataRequestsCard r={r} />}
        </aside>
      </div>
    </article>
  );
}

function PersonCard({ r }: { r: Researcher }) {
  const p = r.person;
  return (
    <section className="card" aria-labelledby="person-title">
      <h3 id="person-title">Contact</h3>
      {p.erasedAt && (
        <p className="notice">
          Personal data erased on {exactTime(p.erasedAt)}. The reports stay as a vulnerability record.
        </p>
      )}
      <dl className="props">
        <dt>Email</dt>
        <dd>{p.email ?? <span className="muted">—</span>}</dd>
        <dt>Handle</dt>
        <dd>{p.handle ? atHandle(p.handle) : <span className="muted">—</span>}</dd>
        <dt>Links</dt>
        <dd>
          {p.links.length === 0 ? (
            <span className="muted">—</span>
          ) : (
            p.links.map((l) => (
              <div key={l}>
                {isWebLink(l) ? (
                  <a href={l} rel="noopener noreferrer nofollow" target="_blank">
                    {l}
                  </a>
                ) : (
                  l
                )}
              </div>
            ))
          )}
        </dd>
        <dt>Languages</dt>
        <dd>{p.languages.length ? p.languages.join(", ") : <span className="muted">—</span>}</dd>
        {r.mergedRecordIds.length > 0 && (
          <>
            <dt>Merged records</dt>
            <dd>{r.mergedRecordIds.map((m) => `#${m}`).join(", ")}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

function TrackRecord({ r }: { r: Researcher }) {
  const s = r.summary;
  const states = Object.entries(s.byState).sort((a, b) => b[1] - a[1]);
  const severities = [...SEVERITIES, "unrated" as const].filter((k) => s.bySeverity[k]);
  return (
    <section className="card" aria-labelledby="track-record-title">
      <h2 id="track-record-title">Track record</h2>
      <p className="muted">Over the reports in your programs.</p>
      <dl className="track-stats">
        <div>
          <dt>Reports</dt>
          <dd>{s.total}</dd>
        </div>
        <div>
          <dt>Valid</dt>
          <dd>{s.valid}</dd>
        </div>
        <div>
          <dt>Invalid</dt>
          <dd>{s.invalid}</dd>
        </div>
        <div>
          <dt>Credits received</dt>
          <dd>{s.creditsReceived}</dd>
        </div>
        <div>
          <dt>Median time to acknowledge</dt>
          <dd>{s.medianAckMs === null ? "—" : shortDuration(s.medianAckMs)}</dd>
        </div>
      </dl>
      <dl className="props">
        <dt>By outcome</dt>
        <dd>
          {states.length
            ? states
                .map(([state, n]) => `${STATE_LABELS[state as keyof typeof STATE_LABELS] ?? state} ${n}`)
                .join(" · ")
            : "—"}
        </dd>
        <dt>By severity</dt>
        <dd>{severities.length ? severities.map((k) => `${k} ${s.bySeverity[k]}`).join(" · ") : "—"}</dd>
        <dt>First report</dt>
        <dd>{s.firstReportAt ? exactTime(s.firstReportAt) : "—"}</dd>
        <dt>Last report</dt>
        <dd>{s.lastReportAt ? exactTime(s.lastReportAt) : "—"}</dd>
      </dl>
    </section>
  );
}

function ReportsTable({ r }: { r: Researcher }) {
  return (
    <section aria-labelledby="their-reports-title">
      <h2 id="their-reports-title">Reports</h2>
      {r.reports.length === 0 ? (
        <p className="muted">No reports in your programs (they are credited on others' reports).</p>
      ) : (
        <div className="table-scroll">
          <table className="grid researchers-table">
            <thead>
              <tr>
                <th scope="col">Key</th>
                <th scope="col">Title</th>
                <th scope="col" className="opt">
                  Program
                </th>
                <th scope="col">Severity</th>
                <th scope="col">State</th>
                <th scope="col" className="opt">
                  Received
                </th>
              </tr>
            </thead>
            <tbody>
              {r.reports.map((x) => (
                <tr key={x.key}>
                  <td className="key">{x.key}</td>
                  <td className="title">
                    <Link to={`/reports/${x.key}`}>{x.title}</Link>
                  </td>
                  <td className="program opt">{x.programName}</td>
                  <td>
                    <SeverityBadge severity={x.severity} />
                  </td>
                  <td>
                    <StateBadge state={x.state} />
                  </td>
                  <td className="opt">{exactTime(x.receivedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Merge another record of the same person into this one: search, pick, confirm. */
function MergeCard({ r }: { r: Researcher }) {
  const [q, setQ] = useState("");
  const [search, setSearch] = useState("");
  const [picked, setPicked] = useState<{ id: number; label: string } | null>(null);
  const found = useQuery({ ...trpc.researchers.list.queryOptions({ q: search, page: 1 }), enabled: search !== "" });
  const merge = useMutation(
    trpc.researchers.merge.mutationOptions({
      onSuccess: async () => {
        setPicked(null);
        setSearch("");
        setQ("");
        await invalidate();
      },
    }),
  );
  const candidates = found.data?.rows.filter((c) => c.id !== r.person.id) ?? [];
  return (
    <section className="card" aria-labelledby="merge-title">
      <h3 id="merge-title">Merge another record into this one</h3>
      <p className="muted">
        For the same person under a second email. Their reports and credits move here; the other record is kept, marked
        as merged, and the audit log names both record ids.
      </p>
      {merge.isSuccess && (
        <p className="notice ok" role="status">
          Merged #{merge.data.sourceId}: {plural(merge.data.reports, "report")} and{" "}
          {plural(merge.data.credits, "credit")} moved.
        </p>
      )}
      {merge.isError && (
        <p className="notice err" role="alert">
          {errorMessage(merge.error)}
        </p>
      )}
      {picked ? (
        <fieldset className="confirm-merge">
          <legend className="sr-only">Confirm the merge</legend>
          <p>
            Merge <strong>{picked.label}</strong> (#{picked.id}) into this record (#{r.person.id})? This cannot be
            undone from the dashboard.
          </p>
          <button
            type="button"
            className="btn danger"
            disabled={merge.isPending}
            onClick={() => merge.mutate({ targetId: r.person.id, sourceId: picked.id })}
          >
            Merge #{picked.id} into #{r.person.id}
          </button>{" "}
          <button type="button" className="btn" onClick={() => setPicked(null)}>
            Cancel
          </button>
        </fieldset>
      ) : (
        <>
          <form
            className="researcher-search"
            onSubmit={(e) => {
              e.preventDefault();
              setSearch(q.trim());
            }}
          >
            <Field label="Find the other record">
              {(p) => (
                <input
                  {...p}
                  type="search"
                  value={q}
                  maxLength={200}
                  placeholder="Name, handle or email"
                  onChange={(e) => setQ(e.target.value)}
                />
              )}
            </Field>
            <button type="submit" className="btn">
              Find
            </button>
          </form>
          {search && found.isSuccess && candidates.length === 0 && <p className="muted">No other record matches.</p>}
          {candidates.length > 0 && (
            <ul className="candidates" aria-label="Matching records">
              {candidates.map((c) => {
                const label = c.name ?? (c.handle ? atHandle(c.handle) : `Researcher #${c.id}`);
                return (
                  <li key={c.id}>
                    <span>
                      {label}{" "}
                      <span className="muted">
                        #{c.id} · {c.email ?? "no email"} · {plural(c.reports, "report")}
                      </span>
                    </span>
                    <button
                      type="button"
                      className="btn small"
                      aria-label={`Choose ${label} (#${c.id})`}
                      onClick={() => setPicked({ id: c.id, label })}
                    >
                      Choose
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

/** Data requests: export everything held about them, or erase their personal data (typed confirmation). */
function DataRequestsCard({ r }: { r: Researcher }) {
  const id = r.person.id;
  const [confirm, setConfirm] = useState("");
  const [exportError, setExportError] = useState<string | null>(null);
  const erase = useMutation(
    trpc.researchers.erase.mutationOptions({
      onSuccess: async () => {
        setConfirm("");
        await invalidate();
      },
    }),
  );
  const errs = fieldErrorsOf(erase.error);
  const download = async () => {
    setExportError(null);
    try {
      const data = await queryClient.fetchQuery({ ...trpc.researchers.exportData.queryOptions({ id }), staleTime: 0 });
      const blob = new Blob([JSON.stringify(data, null, 2)], { type: "application/json" });
      const a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = `researcher-${id}-data.json`;
      a.click();
      URL.revokeObjectURL(a.href);
    } catch (e) {
      setExportError(errorMessage(e));
    }
  };
  return (
    <section className="card danger-zone" aria-labelledby="data-title">
      <h3 id="data-title">Data requests</h3>
      <p className="muted">Everything Embargo holds about this person: their record, reports, messages and credits.</p>
      <button type="button" className="btn" onClick={download}>
        Export data
      </button>
      {exportError && (
        <p className="notice err" role="alert">
          {exportError}
        </p>
      )}
      {r.person.erasedAt ? (
        <p className="muted">Personal data already erased.</p>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            erase.mutate({ id, confirm });
          }}
        >
          <p>
            Erasing clears name, handle, email, links and languages, redacts them in reports and messages, makes their
            credits anonymous and deletes the raw emails. The reports stay.
          </p>
          <Field label={`Type ${id} to confirm`} error={errs.confirm}>
            {(p) => (
              <input
                {...p}
                value={confirm}
                inputMode="numeric"
                autoComplete="off"
                onChange={(e) => setConfirm(e.target.value)}
              />
            )}
          </Field>
          {erase.isError && !errs.confirm && (
            <p className="notice err" role="alert">
              {errorMessage(erase.error)}
            </p>
          )}
          <button type="submit" className="btn danger" disabled={erase.isPending || confirm.trim() !== String(id)}>
            Erase personal data
          </button>
        </form>
      )}
      {erase.isSuccess && (
        <p className="notice ok" role="status">
          Erased. {plural(erase.data.counts.reports, "report")} kept, {plural(erase.data.rawEmailsRemoved, "raw email")}{" "}
          deleted.
        </p>
      )}
    </section>
  );
}
