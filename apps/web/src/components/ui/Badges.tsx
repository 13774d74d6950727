import { type ReportState, type Severity, STATE_LABELS } from "@embargo/core";

export function SeverityBadge({ severity, score }: { severity: Severity | null; score?: number | null }) {
  const label = severity ? severity[0]!.toUpperCase() + severity.slice(1) : "Unrated";
  return (
    <span className={`sev sev-${severity ?? "unrated"}`} title={score != null ? `CVSS ${score.toFixed(1)}` : undefined}>
      {label}
      {score != null && <span className="sev-score">{score.toFixed(1)}</span>}
    </span>
  );
}

export function StateBadge({ state }: { state: ReportState }) {
  return <span className={`state state-${state}`}>{STATE_LABELS[state]}</span>;
}
