import type { RouterOutputs } from "@embargo/api";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Link, useNavigate, useSearchParams } from "react-router";
import { Empty, ErrorBox, Loading } from "../../components/ui/States.tsx";
import { exactTime } from "../../lib/time.ts";
import { errorMessage, trpc } from "../../lib/trpc.ts";
import "./researchers.css";
import { atHandle } from "../../lib/handle.ts";
import { useTitle } from "../../lib/title.ts";

type Row = RouterOutputs["researchers"]["list"]["rows"][number];

/** The researcher directory: everyone with reports or credits in the viewer's programs, newest reporter first. */
export function ResearchersPage() {
  useTitle("Researchers");
  const [params, setParams] = useSearchParams();
  const q = params.get("q") ?? "";
  const page = Math.max(1, Number(params.get("page")) || 1);
  const list = useQuery({
    ...trpc.researchers.list.queryOptions({ q: q || null, page }),
    placeholderData: keepPreviousData,
  });
  const go = (next: { q?: string; page?: number }) => {
    const p = new URLSearchParams();
    const nq = next.q ?? q;
    if (nq) p.set("q", nq);
    if ((next.page ?? 1) > 1) p.set("page", String(next.page));
    setParams(p);
  };
  return (
    <>
      <div className="page-head">
        <h1>Researchers</h1>
        <div className="spacer" />
        <Link to="/acknowledgments">Acknowledgment lists</Link>
      </div>
      {/* biome-ignore lint/a11y/useSemanticElements: <search> is not in React's JSX types yet; the role is equivalent. */}
      <form
        role="search"
        aria-label="Researchers"
        className="researcher-search"
        onSubmit={(e) => {
          e.preventDefault();
          go({ q: new FormData(e.currentTarget).get("q")?.toString().trim() ?? "", page: 1 });
        }}
      >
        <div className="field">
          <label htmlFor="researcher-q">Search researchers</label>
          <input
            id="researcher-q"
            name="q"
            type="search"
            key={q}
            defaultValue={q}
            maxLength={200}
            placeholder="Name, handle or email"
          />
        </div>
        <button type="submit" className="btn">
          Search
        </button>
      </form>
      <p className="muted">
        Counts cover your programs only. Valid: reached triaged or later. Invalid: closed as spam, not applicable, out
        of scope, informative or duplicate without being triaged.
      </p>
      {list.isPending ? (
        <Loading label="Loading researchers…" />
      ) : list.isError ? (
        <ErrorBox
          title="Researchers could not be loaded"
          message={errorMessage(list.error)}
          onRetry={() => list.refetch()}
        />
      ) : list.data.rows.length === 0 ? (
        <Empty title={q ? `No researcher matches “${q}”` : "No researchers yet"}>
          {q ? "Try part of a name, a handle or an email." : "People appear here once they report to your programs."}
        </Empty>
      ) : (
        <>
          <DirectoryTable rows={list.data.rows} />
          <nav className="pager" aria-label="Pages">
            <span>
              {(page - 1) * list.data.pageSize + 1}–{(page - 1) * list.data.pageSize + list.data.rows.length} of{" "}
              {list.data.total}
            </span>
            <button type="button" className="btn small" disabled={page <= 1} onClick={() => go({ page: page - 1 })}>
              Previous page
            </button>
            <button
              type="button"
              className="btn small"
              disabled={page * list.data.pageSize >= list.data.total}
              onClick={() => go({ page: page + 1 })}
            >
              Next page
            </button>
          </nav>
        </>
      )}
    </>
  );
}

function DirectoryTable({ rows }: { rows: Row[] }) {
  const navigate = useNavigate();
  return (
    <div className="table-scroll">
      <table className="grid researchers-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col" className="opt">
              Handle
            </th>
            <th scope="col">Contact</th>
            <th scope="col" className="opt">
              Languages
            </th>
            <th scope="col">Reports</th>
            <th scope="col">Valid</th>
            <th scope="col" className="opt">
              Invalid
            </th>
            <th scope="col">Last report</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} onClick={() => navigate(`/researchers/${r.id}`)}>
              <td className="title">
                <Link to={`/researchers/${r.id}`}>
                  {r.name ?? (r.handle ? atHandle(r.handle) : `Researcher #${r.id}`)}
                </Link>
                <span className="muted"> #{r.id}</span>
                {r.links.length > 0 && <span className="muted"> · {r.links.length} links</span>}
              </td>
              <td className="opt">{r.handle ? atHandle(r.handle) : <span className="muted">—</span>}</td>
              <td>{r.email ?? <span className="muted">—</span>}</td>
              <td className="opt">{r.languages.length ? r.languages.join(", ") : <span className="muted">—</span>}</td>
              <td>{r.reports}</td>
              <td>{r.valid}</td>
              <td className="opt">{r.invalid}</td>
              <td>{r.lastReportAt ? exactTime(r.lastReportAt) : <span className="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
