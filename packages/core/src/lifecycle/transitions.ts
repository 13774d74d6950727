import { DomainError, fieldError } from "../errors.ts";
import type { Severity } from "../severity/cvss.ts";
import { CLOSED_STATES, type ClosedState, OPEN_STATES, type ReportState, STATE_LABELS } from "./states.ts";

/** Actions that close a report without a fix, one per closed state. */
export const CLOSE_ACTIONS = [
  "close_duplicate",
  "close_informative",
  "close_not_applicable",
  "close_out_of_scope",
  "close_spam",
  "close_wont_fix",
] as const;
export type CloseAction = (typeof CLOSE_ACTIONS)[number];

/**
 * Named actions a person takes on a report. Naming actions (rather than
 * letting a client ask for an arbitrary target state) keeps the rules in one
 * table and lets the UI offer exactly the valid buttons.
 */
export const TRANSITIONS = [
  "acknowledge",
  "request_info",
  "resume",
  "triage",
  "start_fix",
  "mark_fixed",
  "disclose",
  ...CLOSE_ACTIONS,
  "reopen",
] as const;
export type TransitionName = (typeof TRANSITIONS)[number];

export const isCloseAction = (action: TransitionName): action is CloseAction =>
  (CLOSE_ACTIONS as readonly TransitionName[]).includes(action);

const CLOSE_TARGET: Record<CloseAction, ClosedState> = {
  close_duplicate: "duplicate",
  close_informative: "informative",
  close_not_applicable: "not_applicable",
  close_out_of_scope: "out_of_scope",
  close_spam: "spam",
  close_wont_fix: "wont_fix",
};

/** States that can be resumed into once the reporter answers. */
const PAUSABLE: readonly ReportState[] = ["new", "acknowledged", "triaged", "fixing"];

/** Where each action may start. `resume` and `reopen` compute their target. */
export const TRANSITION_FROM: Record<TransitionName, readonly ReportState[]> = {
  acknowledge: ["new"],
  request_info: PAUSABLE,
  resume: ["needs_info"],
  // Triage implies acknowledgement: a triager who validates a fresh report
  // should not have to click twice.
  triage: ["new", "acknowledged"],
  start_fix: ["triaged"],
  mark_fixed: ["triaged", "fixing"],
  disclose: ["fixed"],
  close_duplicate: OPEN_STATES,
  close_informative: OPEN_STATES,
  close_not_applicable: OPEN_STATES,
  close_out_of_scope: OPEN_STATES,
  close_spam: OPEN_STATES,
  close_wont_fix: OPEN_STATES,
  // A closed report can come back; a fixed one can regress. A disclosed
  // report is history: a regression there is a new report.
  reopen: [...CLOSED_STATES, "fixed"],
};

export const TRANSITION_LABELS: Record<TransitionName, string> = {
  acknowledge: "Acknowledge",
  request_info: "Request info",
  resume: "Info received",
  triage: "Triage",
  start_fix: "Start fix",
  mark_fixed: "Mark fixed",
  disclose: "Mark disclosed",
  close_duplicate: "Duplicate",
  close_informative: "Informative",
  close_not_applicable: "Not applicable",
  close_out_of_scope: "Out of scope",
  close_spam: "Spam",
  close_wont_fix: "Won't fix",
  reopen: "Reopen",
};

/** What the action needs beyond the report itself; the UI asks for these. */
export const TRANSITION_NEEDS: Record<TransitionName, readonly ("reason" | "duplicateOf" | "fixedVersion")[]> = {
  acknowledge: [],
  request_info: ["reason"],
  resume: [],
  triage: [],
  start_fix: [],
  mark_fixed: ["fixedVersion"],
  disclose: [],
  close_duplicate: ["duplicateOf"],
  close_informative: [],
  close_not_applicable: [],
  close_out_of_scope: [],
  close_spam: [],
  close_wont_fix: ["reason"],
  reopen: ["reason"],
};

/**
 * Whether the dashboard shows the action's form before taking it: when the
 * action needs input, and for closing as informative or spam, where the form
 * offers an optional reason.
 */
export const needsConfirmation = (action: TransitionName): boolean =>
  TRANSITION_NEEDS[action].length > 0 || action === "close_informative" || action === "close_spam";

export interface ReportForTransition {
  key: string;
  state: ReportState;
  severity: Severity | null;
  /** The state a needs_info report returns to. */
  resumeState: ReportState | null;
}

export interface TransitionRequest {
  action: TransitionName;
  reason?: string | null | undefined;
  /** Key of the original report, for close_duplicate. */
  duplicateOf?: string | null | undefined;
  fixedVersion?: string | null | undefined;
}

export interface TransitionPlan {
  from: ReportState;
  to: ReportState;
  action: TransitionName;
  reason: string | null;
  duplicateOf: string | null;
  fixedVersion: string | null;
  /** Value to store as the report's resume state after this change. */
  resumeState: ReportState | null;
}

export function availableTransitions(report: Pick<ReportForTransition, "state">): TransitionName[] {
  return TRANSITIONS.filter((t) => TRANSITION_FROM[t].includes(report.state));
}

function targetOf(action: TransitionName, report: ReportForTransition): ReportState {
  switch (action) {
    case "acknowledge":
      return "acknowledged";
    case "request_info":
      return "needs_info";
    case "resume":
      return report.resumeState ?? "acknowledged";
    case "triage":
      return "triaged";
    case "start_fix":
      return "fixing";
    case "mark_fixed":
      return "fixed";
    case "disclose":
      return "disclosed";
    case "reopen":
      return report.state === "fixed" ? "fixing" : "acknowledged";
    default: {
      if (!isCloseAction(action)) throw new DomainError("invalid_transition", `Unknown action "${action}"`, "action");
      return CLOSE_TARGET[action];
    }
  }
}

const clean = (s: string | null | undefined): string | null => {
  const t = s?.trim();
  return t ? t : null;
};

/**
 * Decide a transition: pure, so it can be tested for every (state, action)
 * pair. Throws a DomainError naming the field when the request is incomplete.
 */
export function planTransition(report: ReportForTransition, req: TransitionRequest): TransitionPlan {
  const { action } = req;
  if (!TRANSITIONS.includes(action)) {
    throw new DomainError("invalid_transition", `Unknown action "${String(action)}"`, "action");
  }
  if (!TRANSITION_FROM[action].includes(report.state)) {
    const allowed = availableTransitions(report).map((t) => TRANSITION_LABELS[t]);
    throw new DomainError(
      "invalid_transition",
      `Cannot ${TRANSITION_LABELS[action].toLowerCase()} a report that is ${STATE_LABELS[report.state].toLowerCase()}` +
        (allowed.length ? ` (possible: ${allowed.join(", ")})` : " (no action is possible)"),
      "action",
    );
  }
  const reason = clean(req.reason);
  const duplicateOf = clean(req.duplicateOf)?.toUpperCase() ?? null;
  const fixedVersion = clean(req.fixedVersion);
  const needs = TRANSITION_NEEDS[action];
  if (needs.includes("reason") && !reason) {
    throw fieldError("reason", `A reason is required to ${TRANSITION_LABELS[action].toLowerCase()}`);
  }
  if (needs.includes("duplicateOf")) {
    if (!duplicateOf) throw fieldError("duplicateOf", "The key of the original report is required");
    if (duplicateOf === report.key.toUpperCase()) {
      throw fieldError("duplicateOf", "A report cannot be a duplicate of itself");
    }
  }
  if (needs.includes("fixedVersion") && !fixedVersion) {
    throw fieldError("fixedVersion", "The version that contains the fix is required");
  }
  if (action === "triage" && !report.severity) {
    throw fieldError("severity", "Set a severity (or a CVSS vector) before triaging");
  }
  const to = targetOf(action, report);
  return {
    from: report.state,
    to,
    action,
    reason,
    duplicateOf: needs.includes("duplicateOf") ? duplicateOf : null,
    fixedVersion: needs.includes("fixedVersion") ? fixedVersion : null,
    resumeState: action === "request_info" ? report.state : null,
  };
}
