import type { DisclosureState } from "@embargo/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Link, useSearchParams } from "react-router";
import { SeverityBadge, StateBadge } from "../../components/ui/Badges.tsx";
import { SlaBadge } from "../../components/ui/SlaBadge.tsx";
import { Empty, ErrorBox, Loading } from "../../components/ui/States.tsx";
import { RelativeTime } from "../../components/ui/Time.tsx";
import { errorMessage, trpc } from "../../lib/trpc.ts";
import { DisclosureCountdown } from "../disclosures/DisclosureCountdown.tsx";
import { ScrollTable } from "./KpiTables.tsx";
import { choiceFrom, choiceParams, type ReportsInput, reportsInputFrom } from "./params.ts";
import "./leadership.css";
import { useTitle } from "../../lib/title.ts";

/**
 * /leadership/reports?metric=…: the reports behind one figure of the panel,
 * titled by the server ("Critical reports acknowledged in 2026-Q2"), in pages.
 */
export function LeadershipReportsPage() {
  useTitle("Leadership reports");
  const [params, setParams] = useSearchParams();
  const input = reportsInputFrom(params);
  // Back to the panel with the same programs and period.
  const back = `/leadership${choiceParams(choiceFrom(params)).size ? `?${choiceParams(choiceFrom(params))}` : ""}`;
  if (!input) {
    return (
      <>
        <p className="lead-back">
          <Link to={back}>← Leadership</Link>
        </p>
        <ErrorBox title="Unknown list" message="This link does not name a figure of the leadership panel." />
      </>
    );
  }
  return (
    <ReportList
      input={input}
      back={back}
      onPage={(page) => {
        const next = new URLSearchParams(params);
        if (page === 1) next.delete("page");
        else next.set("page", String(page));
        setParams(next);
      }}
    />
  );
}

function ReportList({ input, back, onPage }: { input: ReportsInput; back: string; onPage: (page: number) => void }) {
  const list = useQuery({ ...trpc.leadership.reports.queryOptions(input), placeholderData: keepPreviousData });
  const now = new Date();
  return (
    <div className="lead">
      <p className="lead-back">
        <Link to={back}>← Leadership</Link>
      </p>
      <div className="page-head">
        <h1>{list.data?.title ?? "Reports"}</h1>
        {list.data && (
          <span className="muted">
            {list.data.total} report{list.data.total === 1 ? "" : "s"}
          </span>
        )}
      </div>
      {list.isPending ? (
        <Loading label="Loading the reports…" />
      ) : list.isError ? (
        <ErrorBox
          title="The reports could not be loaded"
          message={errorMessage(list.error)}
          onRetry={() => list.refetch()}
        />
      ) : list.data.rows.length === 0 ? (
        <Empty title={list.data.page > 1 ? "No more reports on this page" : "No reports"}>
          {list.data.page > 1 ? (
            <button type="button" className="btn small" onClick={() => onPage(1)}>
              Back to the first page
            </button>
          ) : (
            "Nothing is counted in this figure."
          )}
        </Empty>
      ) : (
        <>
          <ScrollTable label="Reports, scrollable">
            <table className="grid lead-grid" aria-label="Reports" aria-busy={list.isPlaceholderData}>
              <thead>
                <tr>
                  <th scope="col">Key</th>
                  <th scope="col">Title</th>
                  <th scope="col">Program</th>
                  <th scope="col">Severity</th>
                  <th scope="col">State</th>
                  <th scope="col">Received</th>
                  <th scope="col">Next deadline</th>
                  <th scope="col">Disclosure</th>
                  <th scope="col">Assignee</th>
                </tr>
              </thead>
              <tbody>
                {list.data.rows.map((r) => (
                  <tr key={r.key}>
                    <td className="key">
                      <Link to={`/reports/${encodeURIComponent(r.key)}`}>{r.key}</Link>
                    </td>
                    <td className="title">{r.title}</td>
                    <td className="muted program">{r.programName}</td>
                    <td>
                      <SeverityBadge severity={r.severity} score={r.cvssScore} />
                    </td>
                    <td>
                      <StateBadge state={r.state} />
                    </td>
                    <td className="muted">
                      <RelativeTime at={r.receivedAt} short /> ago
                    </td>
                    <td>
                      <SlaBadge
                        due={r.nextDeadlineAt}
                        atRisk={r.nextAtRiskAt}
                        paused={r.slaState === "paused"}
                        now={now}
                      />
                    </td>
                    <td>
                      <DisclosureCountdown
                        targetAt={r.disclosureTargetAt}
                        // The brief carries the plan's state as the stored text; it is always one of these.
                        state={r.disclosureState as DisclosureState}
                        timeZone={null}
                        reportState={r.state}
                        now={now}
                      />
                    </td>
                    <td className={`assignee${r.assigneeName ? "" : " muted"}`}>{r.assigneeName ?? "Unassigned"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollTable>
          <nav className="pager" aria-label="Pages">
            <span>
              {(list.data.page - 1) * list.data.pageSize + 1}–
              {(list.data.page - 1) * list.data.pageSize + list.data.rows.length} of {list.data.total}
            </span>
            <button
              type="button"
              className="btn small"
              disabled={list.data.page <= 1}
              onClick={() => onPage(list.data.page - 1)}
            >
              Previous page
            </button>
            <button
              type="button"
              className="btn small"
              disabled={list.data.page * list.data.pageSize >= list.data.total}
              onClick={() => onPage(list.data.page + 1)}
            >
              Next page
            </button>
          </nav>
        </>
      )}
    </div>
  );
}
