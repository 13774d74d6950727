import { formatZonedShort } from "../disclosure/zoned.ts";
import type { Severity } from "../severity/levels.ts";
import type { ClockName } from "../sla/clocks.ts";
import { formatSpan } from "../sla/format.ts";

export const ESCALATION_KINDS = [
  "clock_at_risk",
  "clock_breached",
  "critical_received",
  "disclosure_due",
  "manual",
] as const;
export type EscalationKind = (typeof ESCALATION_KINDS)[number];
/** `page`: someone must act now; `attention`: look this week. */
export const ESCALATION_LEVELS = ["page", "attention"] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];

/** The level an automatic escalation is raised at. */
export function levelOf(kind: Exclude<EscalationKind, "manual">, overdue = false): EscalationLevel {
  if (kind === "clock_at_risk") return "attention";
  if (kind === "disclosure_due") return overdue ? "page" : "attention";
  return "page";
}

/** What a clock promises, as a person says it: "critical fix", "acknowledgement". */
export function promiseOf(clock: ClockName | string, severity: Severity | null): string {
  switch (clock) {
    case "acknowledge":
      return "acknowledgement";
    case "assess":
      return "assessment";
    case "update":
      return "status update";
    case "resolve":
      return severity && severity !== "none" ? `${severity} fix` : "fix";
    case "emergency":
      return "emergency response";
    default:
      return clock;
  }
}

/**
 * One line a leader understands without opening anything:
 * "VOICE-12: critical fix due Thu 4 Dec 17:00 IST, 9 h left". Keys, promises
 * and instants only, never a title: the reason travels in emails and webhooks.
 */
export function escalationReason(e: {
  key: string;
  kind: Exclude<EscalationKind, "manual">;
  clock?: ClockName | string | null;
  severity?: Severity | null;
  due?: Date | null;
  /** critical_received: when the report arrived; later than that, it was regraded. */
  receivedAt?: Date | null;
  timeZone: string;
  now: Date;
}): string {
  const promise = promiseOf(e.clock ?? "", e.severity ?? null);
  const when = e.due ? formatZonedShort(e.due, e.timeZone) : null;
  const left = e.due ? e.due.getTime() - e.now.getTime() : 0;
  switch (e.kind) {
    case "clock_at_risk":
      return when
        ? `${e.key}: ${promise} due ${when}, ${left > 60_000 ? `${formatSpan(left)} left` : "due now"}`
        : `${e.key}: ${promise} at risk`;
    case "clock_breached":
      return when
        ? `${e.key}: ${promise} was due ${when}${-left >= 60_000 ? `, ${formatSpan(-left)} overdue` : ""}`
        : `${e.key}: ${promise} promise broken`;
    case "critical_received": {
      const regraded = e.receivedAt && e.now.getTime() - e.receivedAt.getTime() > 60_000;
      return `${e.key}: ${regraded ? "rated critical" : "critical report received"} ${formatZonedShort(e.now, e.timeZone)}`;
    }
    case "disclosure_due":
      return when
        ? `${e.key}: disclosure ${left > 0 ? "due" : "was due"} ${when} and no fix is released`
        : `${e.key}: disclosure due and no fix is released`;
  }
}
