/** Every state a report can be in (docs/product.md, "Lifecycle"). */
export const REPORT_STATES = [
  "new",
  "acknowledged",
  "needs_info",
  "triaged",
  "fixing",
  "fixed",
  "disclosed",
  "duplicate",
  "informative",
  "not_applicable",
  "out_of_scope",
  "spam",
  "wont_fix",
] as const;
export type ReportState = (typeof REPORT_STATES)[number];

/** Closed outcomes: the report ends without a fix. */
export const CLOSED_STATES = [
  "duplicate",
  "informative",
  "not_applicable",
  "out_of_scope",
  "spam",
  "wont_fix",
] as const satisfies readonly ReportState[];
export type ClosedState = (typeof CLOSED_STATES)[number];

/** States in which work is still owed to the reporter (SLA clocks may run). */
export const OPEN_STATES = [
  "new",
  "acknowledged",
  "needs_info",
  "triaged",
  "fixing",
] as const satisfies readonly ReportState[];

export const isOpenState = (s: ReportState): boolean => (OPEN_STATES as readonly ReportState[]).includes(s);
export const isClosedState = (s: ReportState): s is ClosedState =>
  (CLOSED_STATES as readonly ReportState[]).includes(s);

export const STATE_LABELS: Record<ReportState, string> = {
  new: "New",
  acknowledged: "Acknowledged",
  needs_info: "Needs info",
  triaged: "Triaged",
  fixing: "Fixing",
  fixed: "Fixed",
  disclosed: "Disclosed",
  duplicate: "Duplicate",
  informative: "Informative",
  not_applicable: "Not applicable",
  out_of_scope: "Out of scope",
  spam: "Spam",
  wont_fix: "Won't fix",
};
