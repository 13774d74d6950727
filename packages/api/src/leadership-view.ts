import type { EscalationListRow } from "@embargo/db";

/**
 * An escalation as every role sees it: the escalation's own fields and the
 * report's key, title, severity and state (the leadership allow-list), never
 * its text. Leadership's panel and the report page both use it.
 */
export function escalationView(e: EscalationListRow) {
  return {
    id: e.id,
    key: e.key,
    programSlug: e.programSlug,
    programName: e.programName,
    level: e.level,
    kind: e.kind,
    clock: e.clock,
    reason: e.reason,
    dueAt: e.dueAt,
    raisedAt: e.raisedAt,
    raisedBy: e.raisedBy,
    acknowledgedAt: e.acknowledgedAt,
    acknowledgedBy: e.acknowledgedBy,
    ackNote: e.ackNote,
    resolvedAt: e.resolvedAt,
    resolvedBy: e.resolvedBy,
    resolveNote: e.resolveNote,
    resolvedCause: e.resolvedCause,
    report: { title: e.title, severity: e.severity, state: e.state },
  };
}
export type EscalationView = ReturnType<typeof escalationView>;
