import type { disclosureDetail, ReportRow } from "@embargo/db";

/**
 * What each role may read of a report, as allow-lists (issue 9 §11): an output
 * is built from these names only, so a column added to `reports` later reaches
 * nobody until it is named here. Leadership reads what is at stake (issue 13,
 * need-to-know): key, title, program, severity, score, state, dates, clocks,
 * the disclosure plan; never how to exploit it, where the flaw is, the
 * version that fixes it before release, nor the reporter's own words.
 */
export const LEADERSHIP_REPORT_FIELDS = [
  "id",
  "key",
  "programId",
  "title",
  "channel",
  "receivedAt",
  "state",
  "resumeState",
  "isOpen",
  "severity",
  "severitySource",
  "cvssScore",
  "assigneeId",
  "duplicateOfId",
  "nextDeadlineAt",
  "nextAtRiskAt",
  "slaState",
  "disclosureTargetAt",
  "disclosureTimeZone",
  "disclosureState",
  "disclosureBasis",
  "disclosureRequestPending",
  "resolveDueAt",
  "cveId",
  "advisoryUrl",
  "createdAt",
  "updatedAt",
] as const satisfies readonly (keyof ReportRow)[];

/** The report's text as the reporter wrote it, exploit details included, and the triage details: triagers and admins only. */
export const TRIAGE_ONLY_REPORT_FIELDS = [
  // Where and how to reach the flaw, the triager's own words on it, the
  // version that fixes it (diffing it finds the flaw) and the reporter's
  // credit wishes: not what leadership decides on (issue 13, need-to-know).
  "cwe",
  "component",
  "affectedVersions",
  "severityReason",
  "cvssVersion",
  "cvssVector",
  "fixedVersion",
  "creditAs",
  "creditConsent",
  "intakePriority",
  // The reporter's language (issue 15): for those who write to the reporter; leadership sees no reporter.
  "reporterLanguage",
  "description",
  "sourceLocation",
  "configuration",
  "stepsToReproduce",
  "proofOfConcept",
  "impact",
  "suggestedFix",
] as const satisfies readonly (keyof ReportRow)[];

type LeadershipField = (typeof LEADERSHIP_REPORT_FIELDS)[number];
type TriageOnlyField = (typeof TRIAGE_ONLY_REPORT_FIELDS)[number];

/** One shape for every role, so screens need no branches: hidden fields are null. */
export type ReportView = Pick<ReportRow, LeadershipField> & { [K in TriageOnlyField]: ReportRow[K] | null };

export function reportView(row: ReportRow, canTriage: boolean): ReportView {
  const view = {} as Record<string, unknown>;
  for (const k of LEADERSHIP_REPORT_FIELDS) view[k] = row[k];
  for (const k of TRIAGE_ONLY_REPORT_FIELDS) view[k] = canTriage ? row[k] : null;
  return view as ReportView;
}

/** Timeline data keys leadership may see: states, severities and facts, never free text such as reasons. */
const LEADERSHIP_EVENT_KEYS = new Set([
  "action",
  "channel",
  "severity",
  "from",
  "to",
  "source",
  "score",
  "duplicateOf",
  "kind",
  "fields",
  "targetAt",
  "actualAt",
  "oldAt",
  "newAt",
  "timeZone",
  "basis",
  "requestId",
  "requestedBy",
  "shortening",
  "approve",
  "early",
]);

export function eventDataView(data: Record<string, unknown>, canTriage: boolean): Record<string, unknown> {
  if (canTriage) return data;
  return Object.fromEntries(Object.entries(data).filter(([k]) => LEADERSHIP_EVENT_KEYS.has(k)));
}

type DisclosureDetail = ReturnType<typeof disclosureDetail>;

/**
 * The plan and timeline for every role; the requesters' own words (reasons,
 * notes) and the milestones' values (fixed version, CVE id, advisory address
 * before it is public) for triagers only.
 */
export function disclosureView(d: DisclosureDetail, canTriage: boolean) {
  return {
    ...d,
    milestones: d.milestones.map((m) => ({ ...m, value: canTriage ? m.value : null })),
    requests: d.requests.map((r) => ({
      id: r.id,
      kind: r.kind,
      requestedBy: r.requestedBy,
      reason: canTriage ? r.reason : null,
      oldAt: r.oldAt,
      newAt: r.newAt,
      timeZone: r.timeZone,
      shortening: r.shortening,
      state: r.state,
      decidedAt: r.decidedAt,
      decisionNote: canTriage ? r.decisionNote : null,
      createdAt: r.createdAt,
    })),
  };
}
