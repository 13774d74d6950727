import { type ReportState, type Severity, STATE_LABELS } from "@embargo/core";
import { readsLabel } from "../../features/report/reporterLanguage.ts";

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

/**
 * The language the reporter reads (issue 15), as a small badge: the short tag
 * is shown, the full "Reporter reads Hindi" is its name for screen readers and
 * its tooltip.
 */
export function ReporterLanguageBadge({ lang }: { lang: string }) {
  const label = readsLabel(lang);
  return (
    <span className="lang-badge" title={label}>
      <span aria-hidden="true">{lang.toUpperCase()}</span>
      <span className="sr-only">{label}</span>
    </span>
  );
}
