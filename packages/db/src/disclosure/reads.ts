import { isMilestoneLate, MILESTONES, type Policy } from "@embargo/core";
import type { Conn } from "../client.ts";
import type { ReportRow } from "../reports/reads.ts";
import { milestonesOf } from "./milestones.ts";
import { disclosureRequestsOf } from "./plan.ts";

/**
 * A report's disclosure plan, its requests and its patch timeline as the
 * report page shows them: every milestone listed (unset ones too), with
 * fix_released's target falling back to the resolve clock's due instant.
 */
export function disclosureDetail(db: Conn, report: ReportRow, now: Date, policy: Policy) {
  const rows = milestonesOf(db, report.id);
  const milestones = MILESTONES.map((kind) => {
    const r = rows.find((m) => m.kind === kind);
    const fromClock = kind === "fix_released" && !r?.targetAt && report.resolveDueAt ? report.resolveDueAt : null;
    const targetAt = r?.targetAt ?? fromClock;
    const actualAt = r?.actualAt ?? null;
    return {
      kind,
      targetAt,
      targetFromClock: fromClock !== null,
      actualAt,
      value: r?.value ?? null,
      late: isMilestoneLate({ targetAt, actualAt }, now),
    };
  });
  return {
    plan: {
      state: report.disclosureState,
      targetAt: report.disclosureTargetAt,
      timeZone: report.disclosureTimeZone ?? policy.calendar.timeZone,
      basis: report.disclosureBasis,
      requestPending: report.disclosureRequestPending,
    },
    requests: disclosureRequestsOf(db, report.id),
    milestones,
  };
}
