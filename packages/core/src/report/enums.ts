// The closed value sets of a report's fields and of the inbox's controls.
// Kept apart from the zod schemas so the database schema and the dashboard
// can import them without zod.

/** Where a report came in. */
export const CHANNELS = ["web", "email", "api", "manual"] as const;
export type Channel = (typeof CHANNELS)[number];

/** Internal notes never reach the reporter. */
export const MESSAGE_KINDS = ["internal", "to_reporter", "from_reporter"] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** What staff may write; `from_reporter` only comes in through intake. */
export const STAFF_MESSAGE_KINDS = ["internal", "to_reporter"] as const satisfies readonly MessageKind[];

/**
 * Inbox orders. `urgent` (the default): breached deadlines first, then those
 * still due, then reports without a running clock; within each, the most
 * severe first, then the nearest deadline. `deadline`: the nearest deadline
 * first, whatever the severity. `disclosure`: the nearest disclosure target of
 * a plan still to be published first, reports without one last.
 */
export const SORTS = [
  "urgent",
  "deadline",
  "received_desc",
  "received_asc",
  "severity",
  "updated",
  "disclosure",
] as const;
export type ReportSort = (typeof SORTS)[number];

/** SLA filter values: judged from the stored next instants and now. */
export const SLA_FILTERS = ["breached", "at_risk", "on_track", "paused", "none"] as const;
export type SlaFilter = (typeof SLA_FILTERS)[number];

/** Convenience groups of states; `open` = every state where work is owed. */
export const REPORT_VIEWS = ["open", "closed", "all"] as const;
export type ReportView = (typeof REPORT_VIEWS)[number];

/** Intake priority from an email subject tag ([SECURITY], [CRITICAL SECURITY]). */
export const INTAKE_PRIORITIES = ["security", "critical"] as const;
export type IntakePriority = (typeof INTAKE_PRIORITIES)[number];
