import type { RouterOutputs } from "@embargo/api";
import type { DisclosureState } from "@embargo/core";
import { Link } from "react-router";
import { SeverityBadge, StateBadge } from "../../components/ui/Badges.tsx";
import { SlaBadge } from "../../components/ui/SlaBadge.tsx";
import { DisclosureCountdown } from "../disclosures/DisclosureCountdown.tsx";

/** The allow-listed report fields leadership procedures return: never the reporter's text. */
export type Brief = RouterOutputs["leadership"]["reports"]["rows"][number];

/** A compact line per report for the panel's "now" sections; reads top to bottom on a phone and on paper. */
export function BriefList({ rows, now, empty }: { rows: Brief[]; now: Date; empty: string }) {
  if (rows.length === 0) return <p className="muted lead-empty">{empty}</p>;
  return (
    <ul className="brief-list">
      {rows.map((r) => (
        <li key={r.key}>
          <Link to={`/reports/${encodeURIComponent(r.key)}`} className="brief-key">
            {r.key}
          </Link>
          <span className="brief-title">{r.title}</span>
          <span className="brief-meta">
            <SeverityBadge severity={r.severity} score={r.cvssScore} />
            <StateBadge state={r.state} />
            <span className="muted">{r.programName}</span>
            {r.nextDeadlineAt && (
              <span className="brief-due">
                <span className="muted">next deadline</span>{" "}
                <SlaBadge due={r.nextDeadlineAt} atRisk={r.nextAtRiskAt} paused={r.slaState === "paused"} now={now} />
              </span>
            )}
            {r.disclosureTargetAt && (
              <span className="brief-due">
                <span className="muted">disclosure</span>{" "}
                <DisclosureCountdown
                  targetAt={r.disclosureTargetAt}
                  // The brief carries the plan's state as the stored text; it is always one of these.
                  state={r.disclosureState as DisclosureState}
                  timeZone={null}
                  reportState={r.state}
                  now={now}
                />
              </span>
            )}
          </span>
        </li>
      ))}
    </ul>
  );
}
