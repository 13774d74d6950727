import { DomainError, fieldError } from "../errors.ts";
import { formatDuration, type Policy } from "../policy/schema.ts";
import type { Severity } from "../severity/levels.ts";
import { addDuration } from "../sla/calendar.ts";
import { DISCLOSURE_STATE_LABELS, type DisclosureState } from "./enums.ts";

/**
 * The disclosure plan of one report: the date the policy proposes, the checks
 * on a date a person sets, the plan's states and extensions. Pure: `now` is
 * passed in.
 */

export interface ProposalInput {
  policy: Policy;
  receivedAt: Date;
  severity: Severity | null;
  /** fix_released: its actual instant if released, else its target (the resolve clock's due), else null */
  fixReleaseAt: Date | null;
}

export interface Proposal {
  at: Date;
  timeZone: string;
  basis: "policy_window" | "after_fix_release";
  explanation: string;
}

/**
 * The disclosure date the program's policy promises, or null when it promises
 * none. A critical issue under a "disclosed after the patch release" rule is
 * disclosed `delay` after the fix release (at once without a delay); with no
 * fix release known yet it falls back to the window, if there is one. Other
 * issues: the window counted from receipt in the program's calendar.
 */
export function proposeDisclosure(input: ProposalInput): Proposal | null {
  const { policy, receivedAt, severity, fixReleaseAt } = input;
  const cal = policy.calendar;
  const rule = policy.criticalDisclosure ?? null;
  if (severity === "critical" && rule?.after === "patch_release" && fixReleaseAt) {
    // A release recorded before the report (a silent fix) counts from receipt.
    const start = fixReleaseAt.getTime() < receivedAt.getTime() ? receivedAt : fixReleaseAt;
    const at = rule.delay ? addDuration(start, rule.delay, cal) : new Date(start.getTime());
    return {
      at,
      timeZone: cal.timeZone,
      basis: "after_fix_release",
      explanation: rule.delay
        ? `${formatDuration(rule.delay)} after the fix is released (policy for critical issues)`
        : "When the fix is released (policy for critical issues)",
    };
  }
  if (!policy.disclosure) return null;
  return {
    at: addDuration(receivedAt, policy.disclosure, cal),
    timeZone: cal.timeZone,
    basis: "policy_window",
    explanation: `${formatDuration(policy.disclosure)} after the report was received (policy)`,
  };
}

/** A disclosure date a person sets: never before receipt; a new one is in the future. */
export function checkTarget(input: {
  at: Date;
  receivedAt: Date;
  now: Date;
  isNewPlan: boolean;
  field?: string;
}): void {
  const field = input.field ?? "targetAt";
  const at = input.at.getTime();
  if (!Number.isFinite(at)) throw fieldError(field, "Give a date, a time and a time zone");
  if (at < input.receivedAt.getTime()) {
    throw fieldError(field, "The disclosure date cannot be before the report was received");
  }
  if (input.isNewPlan && at <= input.now.getTime()) {
    throw fieldError(field, "A new disclosure date must be in the future");
  }
}

export const PLAN_ACTIONS = ["propose", "edit", "agree", "extend", "follow", "publish", "cancel", "reset"] as const;
export type PlanAction = (typeof PLAN_ACTIONS)[number];

export const PLAN_ACTION_LABELS: Record<PlanAction, string> = {
  propose: "Propose",
  edit: "Edit",
  agree: "Agree",
  extend: "Extend",
  follow: "Follow the fix release",
  publish: "Publish",
  cancel: "Cancel",
  reset: "Reset",
};

/** Where each action may start, and where it leads. */
const PLAN_MOVES: Record<PlanAction, { from: readonly DisclosureState[]; to: DisclosureState }> = {
  propose: { from: ["none", "proposed"], to: "proposed" },
  edit: { from: ["none", "proposed"], to: "proposed" },
  agree: { from: ["proposed"], to: "agreed" },
  extend: { from: ["agreed", "extended"], to: "extended" },
  // A date counted from the fix release moves with it and keeps its state (see nextPlanState).
  follow: { from: ["proposed", "agreed"], to: "proposed" },
  // A report can be disclosed without a plan.
  publish: { from: ["none", "proposed", "agreed", "extended"], to: "published" },
  cancel: { from: ["none", "proposed", "agreed", "extended", "cancelled"], to: "cancelled" },
  reset: { from: ["cancelled"], to: "none" },
};

/** The plan actions possible from a state (for the buttons the UI offers). */
export const availablePlanActions = (from: DisclosureState): PlanAction[] =>
  PLAN_ACTIONS.filter((a) => PLAN_MOVES[a].from.includes(from));

/** The plan's state after `action`; throws DomainError("invalid_transition") when the action is not possible. */
export function nextPlanState(from: DisclosureState, action: PlanAction): DisclosureState {
  const move = PLAN_MOVES[action];
  if (!move) throw new DomainError("invalid_transition", `Unknown disclosure action "${String(action)}"`, "action");
  if (action === "edit" && (from === "agreed" || from === "extended")) {
    throw new DomainError(
      "invalid_transition",
      "An agreed disclosure date changes only through an extension",
      "action",
    );
  }
  if (action === "follow" && move.from.includes(from)) return from;
  if (!move.from.includes(from)) {
    throw new DomainError(
      "invalid_transition",
      `Cannot ${PLAN_ACTION_LABELS[action].toLowerCase()} a disclosure plan that is ${DISCLOSURE_STATE_LABELS[from].toLowerCase()}`,
      "action",
    );
  }
  return move.to;
}

export interface ChangeRequest {
  oldAt: Date | null;
  newAt: Date;
  shortening: boolean;
  receivedAt: Date;
  now: Date;
}

/**
 * A request to move the disclosure date: an extension moves it later; bringing
 * it forward must say so (`shortening`). Never before receipt, never in the past,
 * and never the same date.
 */
export function checkExtension(r: ChangeRequest): void {
  const field = "newAt";
  const at = r.newAt.getTime();
  if (!Number.isFinite(at)) throw fieldError(field, "Give a date, a time and a time zone");
  if (at < r.receivedAt.getTime()) {
    throw fieldError(field, "The disclosure date cannot be before the report was received");
  }
  if (r.oldAt) {
    const old = r.oldAt.getTime();
    if (at === old) throw fieldError(field, "The new date is the current date");
    if (at < old && !r.shortening) {
      throw fieldError(field, "An extension moves the date later; mark it as shortening to bring it forward");
    }
  }
  if (at <= r.now.getTime()) throw fieldError(field, "The new disclosure date must be in the future");
}
