import { CLOCK_LABELS, clockNameOf, formatCountdown, formatDeadlineLabel } from "@embargo/core";
import { useId, useState } from "react";
import { slaNow } from "../../components/ui/SlaBadge.tsx";
import { exactTime, fromEpochMs, viewerTimeZone } from "../../lib/time.ts";
import type { InboxRow } from "../../lib/types.ts";

type DeadlineFields = Pick<InboxRow, "nextDeadlineAt" | "nextAtRiskAt" | "slaState" | "nextClock" | "programTimeZone">;

/**
 * The whole story of a next deadline, for its tooltip and accessible
 * description: "Resolution breached 75 d 6 h ago. Due 12 Sep 2026, 14:00
 * Asia/Kolkata (the program's time zone); 12 Sep 2026, 10:30 Europe/Berlin
 * for you."
 */
export function deadlineDescription(row: DeadlineFields, now: Date): string {
  const due = fromEpochMs(row.nextDeadlineAt);
  if (!due) return "";
  const clock = clockNameOf(row.nextClock);
  const what = clock ? CLOCK_LABELS[clock] : "Next deadline";
  const programZone = row.programTimeZone ?? viewerTimeZone();
  const mine = viewerTimeZone();
  const theirs = `${exactTime(due, programZone)} (the program's time zone)`;
  const yours = mine === programZone ? "" : `; ${exactTime(due, mine)} for you`;
  return `${what} ${formatCountdown(due, now)}. Due ${theirs}${yours}.`;
}

/**
 * The inbox's next-deadline cell: the promise and how far off it is
 * ("Resolve · breached 75 d ago"), coloured by its state. The exact instant
 * and the program's zone show on hover and on keyboard focus (the badge is a
 * tab stop, described by the same text for screen readers).
 */
export function Deadline({ row, now }: { row: DeadlineFields; now: Date }) {
  const tipId = useId();
  // Escape hides the details until focus leaves (WCAG 1.4.13: dismissible without moving focus).
  const [dismissed, setDismissed] = useState(false);
  const due = fromEpochMs(row.nextDeadlineAt);
  const state = slaNow(due, fromEpochMs(row.nextAtRiskAt), row.slaState === "paused", now);
  if (!state) return <span className="muted">—</span>;
  const paused = state === "paused";
  const label = paused || !due ? "Paused" : formatDeadlineLabel(clockNameOf(row.nextClock), due, now);
  const tip = paused ? "Waiting on the reporter: clocks are paused." : deadlineDescription(row, now);
  return (
    <span className="deadline">
      {/* biome-ignore lint/a11y/noStaticElementInteractions: its one key, Escape, hides the details it shows on focus */}
      <span
        className={`sla sla-${state}`}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a tab stop so keyboard users can read the exact instant, as a pointer's hover shows it
        tabIndex={0}
        aria-describedby={tipId}
        onBlur={() => setDismissed(false)}
        onKeyDown={(e) => {
          if (e.key === "Escape") setDismissed(true);
        }}
      >
        {label}
      </span>
      <span className={`deadline-tip${dismissed ? " dismissed" : ""}`} role="tooltip" id={tipId}>
        {tip}
      </span>
    </span>
  );
}
