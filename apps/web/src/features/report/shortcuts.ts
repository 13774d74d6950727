import { TRANSITION_LABELS, type TransitionName } from "@embargo/core";

/** The report page's single-key shortcuts, in the order the `?` dialog lists them. */
export const REPORT_SHORTCUTS = [
  { key: "a", id: "acknowledge", label: "Acknowledge the report" },
  { key: "t", id: "triage", label: "Triage (needs a severity)" },
  { key: "m", id: "message", label: "Write a message to the reporter" },
  { key: "n", id: "note", label: "Write an internal note" },
  { key: "s", id: "severity", label: "Set the severity (CVSS vector)" },
  { key: "?", id: "help", label: "Show these shortcuts" },
] as const;
export type ReportShortcut = (typeof REPORT_SHORTCUTS)[number]["id"];

/** Shortcuts that work everywhere in the signed-in app, listed in the same dialog. */
export const GLOBAL_SHORTCUTS = [
  { keys: "Ctrl K  /  ⌘ K", label: "Command palette: jump to a report key, a program, a screen or an action" },
  { keys: "/", label: "Search reports" },
] as const;

export const shortcutFor = (key: string): ReportShortcut | null =>
  REPORT_SHORTCUTS.find((s) => s.key === key)?.id ?? null;

/** What the live region says once an action is done: past tense, then the next step. */
const DONE: Record<TransitionName, string> = {
  acknowledge: "Acknowledged",
  request_info: "Information requested from the reporter",
  resume: "Resumed",
  triage: "Triaged",
  start_fix: "Fix started",
  mark_fixed: "Marked fixed",
  disclose: "Disclosed",
  close_duplicate: "Closed as a duplicate",
  close_informative: "Closed as informative",
  close_not_applicable: "Closed as not applicable",
  close_out_of_scope: "Closed as out of scope",
  close_spam: "Closed as spam",
  close_wont_fix: "Closed as won't fix",
  reopen: "Reopened",
};

/** Where focus goes next: a transition's button, the CVSS field, the composer or the report's title. */
export type FocusTarget = { kind: "action"; action: TransitionName | "publish" } | { kind: "cvss" } | { kind: "title" };

export interface ReportNow {
  /** Transitions the server offers now (after the change). */
  transitions: readonly TransitionName[];
  severity: string | null;
}

/** The first step of the usual path among those offered: the action bar's primary button. */
export function primaryOf(now: ReportNow): TransitionName | "publish" | null {
  if (now.transitions.includes("disclose")) return "publish";
  const order: TransitionName[] = ["triage", "start_fix", "mark_fixed", "resume", "acknowledge", "reopen"];
  return order.find((t) => now.transitions.includes(t)) ?? null;
}

const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/**
 * After `action` succeeded: the sentence to announce and the control to
 * focus. Triage needs a severity first, so an unrated report points at the
 * CVSS field; a report with nothing left to do points back at its title.
 */
export function nextStepAfter(action: TransitionName, now: ReportNow): { message: string; focus: FocusTarget } {
  const done = DONE[action];
  const next = primaryOf(now);
  if (next === null) return { message: `${done}. No further actions.`, focus: { kind: "title" } };
  if (next === "triage" && !now.severity) {
    return { message: `${done}. Next: set the severity, then triage.`, focus: { kind: "cvss" } };
  }
  const label = next === "publish" ? "publish the advisory" : lower(TRANSITION_LABELS[next]);
  return { message: `${done}. Next: ${label}.`, focus: { kind: "action", action: next } };
}

/** After the severity was saved: triage if it is offered, otherwise nothing to move to. */
export function nextStepAfterSeverity(now: ReportNow, saved: string): { message: string; focus: FocusTarget | null } {
  if (now.transitions.includes("triage") && now.severity) {
    return { message: `${saved} Next: triage.`, focus: { kind: "action", action: "triage" } };
  }
  return { message: saved, focus: null };
}
