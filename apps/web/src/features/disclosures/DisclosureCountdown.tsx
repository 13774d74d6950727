import { DISCLOSURE_STATE_LABELS, type DisclosureState, disclosureCountdown, type ReportState } from "@embargo/core";
import { exactTime, viewerTimeZone } from "../../lib/time.ts";
import "./disclosures.css";

/** Report states in which the fix has shipped: a near date is then no cause for alarm. */
const FIX_RELEASED: ReadonlySet<ReportState> = new Set(["fixed", "disclosed"]);

/** A countdown looks like an SLA clock: amber at risk, red when passed. */
export const SLA_LOOK = { ok: "sla-on_track", amber: "sla-at_risk", red: "sla-breached" } as const;

/** The exact date in the plan's zone, and in the viewer's when that differs. */
export function disclosureWhen(at: Date, timeZone: string | null): string {
  const viewer = viewerTimeZone();
  const inPlan = exactTime(at, timeZone ?? viewer);
  return timeZone && timeZone !== viewer ? `${inPlan} · ${exactTime(at, viewer)}` : inPlan;
}

/**
 * Days and hours to a plan's disclosure date: amber within 7 days while no fix
 * is released, red once the date has passed; "—" without a live plan
 * (none, published, cancelled). The exact date and zone are on hover.
 */
export function DisclosureCountdown({
  targetAt,
  state,
  timeZone,
  reportState,
  now = new Date(),
}: {
  targetAt: Date | null;
  state: DisclosureState;
  timeZone: string | null;
  reportState: ReportState;
  now?: Date;
}) {
  const countdown = disclosureCountdown({ targetAt, state, fixReleased: FIX_RELEASED.has(reportState), now });
  if (!countdown || countdown.tone === "done" || !targetAt) {
    return (
      <span className="muted" title={DISCLOSURE_STATE_LABELS[state]}>
        —
      </span>
    );
  }
  const warning = countdown.tone === "amber" ? " · no fix released yet" : "";
  return (
    <time
      className={`disc sla ${SLA_LOOK[countdown.tone]}`}
      dateTime={targetAt.toISOString()}
      title={`${DISCLOSURE_STATE_LABELS[state]} disclosure: ${disclosureWhen(targetAt, timeZone)}${warning}`}
    >
      {countdown.text}
    </time>
  );
}

/** A request to move the date waits for a decision. */
export function DateRequestBadge() {
  return (
    <span className="disc-request" title="A request to move the disclosure date waits for a decision">
      date request
    </span>
  );
}
