import { type AdvisoryDraft, isClosedState, type Policy, type Random as Rand, type ReportState } from "@embargo/core";
import { DEMO_ADVISORY, DEMO_PRODUCTS, type DemoProgramSlug } from "../src/seed/demo-content.ts";

/**
 * The disclosure side of one bulk-seeded report, consistent with the state its
 * history reached: a plan from triage on (cancelled when closed, published when
 * disclosed), some agreed or extended, a few researcher requests waiting; the
 * patch milestones of fixing, fixed and disclosed reports (some targets passed
 * without the milestone: late); CVE ids for most released fixes; an advisory
 * draft for a few. Rows for prepared statements, no timeline events (the bulk
 * seeder's timelines hold transitions, severity, assignment and messages only).
 */

const DAY = 86_400_000;

export interface DisclosureColumns {
  state: "none" | "proposed" | "agreed" | "extended" | "published" | "cancelled";
  targetAt: number | null;
  timeZone: string | null;
  basis: "policy_window" | "manual" | null;
  requestPending: 0 | 1;
  cveId: string | null;
  advisoryUrl: string | null;
}

export interface DisclosureRows {
  columns: DisclosureColumns;
  /** report_id, kind, target_at, actual_at, value, updated_at */
  milestones: unknown[][];
  /** report_id, kind, requested_by, requested_by_user_id, reason, old_at, new_at, time_zone, shortening, state, decided_by_user_id, decided_at, created_at */
  requests: unknown[][];
  /** report_id, draft_json, revisions_json, updated_at, updated_by_user_id */
  advisory: unknown[] | null;
}

const NONE: DisclosureColumns = {
  state: "none",
  targetAt: null,
  timeZone: null,
  basis: null,
  requestPending: 0,
  cveId: null,
  advisoryUrl: null,
};

export function disclosureRowsOf(r: {
  rand: Rand;
  id: number;
  key: string;
  base: DemoProgramSlug;
  programName: string;
  policy: Policy;
  receivedAt: number;
  state: ReportState;
  /** First instant each state was reached. */
  reached: Partial<Record<ReportState, number>>;
  fixedVersion: string | null;
  title: string;
  cwe: string;
  impact: string;
  workerId: number;
  now: number;
}): DisclosureRows {
  const { rand, reached, now } = r;
  const triagedAt = reached.triaged ?? reached.fixing ?? reached.fixed ?? reached.disclosed;
  const out: DisclosureRows = { columns: { ...NONE }, milestones: [], requests: [], advisory: null };
  if (triagedAt === undefined) return out;
  const tz = r.policy.calendar.timeZone;
  const window = r.policy.disclosure;
  // The policy's window from receipt (days and hours are exact; business days read as days here), else a date set by hand.
  const byPolicy = window !== null;
  const windowMs = window ? window.amount * (window.unit === "hours" ? 3_600_000 : DAY) : 0;
  let target = byPolicy ? r.receivedAt + windowMs : triagedAt + Math.round((60 + rand() * 30) * DAY);
  let state: DisclosureColumns["state"] = "proposed";
  let pending: 0 | 1 = 0;
  const shipped = r.state === "fixed" || r.state === "disclosed";
  const x = rand();
  if (r.state === "disclosed") state = "published";
  else if (isClosedState(r.state)) state = "cancelled";
  else if (x < (r.state === "triaged" ? 0.4 : 0.75)) state = "agreed";
  if (state === "agreed" && rand() < 0.15) {
    // A team extension, recorded and approved at once.
    const from = target;
    const at = Math.min(now - DAY, Math.max(triagedAt, from - 10 * DAY));
    target = from + 21 * DAY;
    state = "extended";
    out.requests.push([
      r.id,
      "extension",
      "team",
      r.workerId,
      "Release moved",
      from,
      target,
      tz,
      0,
      "approved",
      r.workerId,
      at,
      at,
    ]);
  }
  if ((state === "agreed" || state === "extended") && !shipped && rand() < 0.05) {
    // A researcher's extension request the team has not answered yet.
    const at = Math.max(triagedAt, now - Math.round(rand() * 5 * DAY));
    const newAt = Math.max(target, now) + 30 * DAY;
    pending = 1;
    out.requests.push([
      r.id,
      "extension",
      "researcher",
      null,
      "Conference talk",
      target,
      newAt,
      tz,
      0,
      "pending",
      null,
      null,
      at,
    ]);
  }
  out.columns = {
    ...out.columns,
    state,
    targetAt: target,
    timeZone: tz,
    basis: byPolicy ? "policy_window" : "manual",
    requestPending: pending,
  };

  const fixingAt = reached.fixing;
  const fixedAt = reached.fixed;
  // A fix can be released straight from triage (no fixing step), as mark_fixed allows.
  const startedAt = fixingAt ?? fixedAt;
  if (startedAt === undefined) return out;
  const ms = (kind: string, targetAt: number | null, actualAt: number | null, value: string | null) =>
    out.milestones.push([r.id, kind, targetAt, actualAt, value, actualAt ?? startedAt]);
  if (fixingAt !== undefined) ms("fix_started", null, fixingAt, null);
  const releaseTarget = startedAt + Math.round((10 + rand() * 35) * DAY);
  if (fixedAt === undefined) {
    // Still being fixed: the fix_ready target has passed for about a third (late milestones).
    if (rand() < 0.35) ms("fix_ready", startedAt + Math.round((2 + rand() * 5) * DAY), null, null);
    ms("fix_released", releaseTarget, null, null);
    return out;
  }
  ms("fix_released", releaseTarget, fixedAt, r.fixedVersion);
  const a = DEMO_ADVISORY[r.base];
  if (rand() < 0.6) {
    const reservedAt = Math.min(now - 60_000, fixedAt + Math.round(rand() * 3 * DAY));
    const cveId = `CVE-${new Date(reservedAt).getUTCFullYear()}-${100_000 + r.id}`;
    ms("cve_reserved", null, reservedAt, cveId);
    out.columns.cveId = cveId;
    if (rand() < 0.05) {
      const draft: AdvisoryDraft = {
        title: r.title,
        summary: `${r.title} in ${r.programName} before ${r.fixedVersion ?? DEMO_PRODUCTS[r.base].fixedVersion}. ${r.impact}`,
        details: "",
        workaround: null,
        affected: [
          {
            vendor: a.vendorName,
            product: r.programName,
            ecosystem: a.osvEcosystem,
            packageName: a.packageName,
            ranges: [
              {
                introduced: a.introduced,
                fixed: r.fixedVersion ?? DEMO_PRODUCTS[r.base].fixedVersion,
                lastAffected: null,
              },
            ],
          },
        ],
        cwes: [r.cwe],
        references: [{ url: `${a.advisoryBase}/${r.key}`, type: "ADVISORY" }],
      };
      out.advisory = [r.id, JSON.stringify(draft), "[]", reservedAt, r.workerId];
    }
  }
  const disclosedAt = reached.disclosed;
  if (disclosedAt !== undefined) {
    const url = `${a.advisoryBase}/${r.key}`;
    ms("advisory_published", null, disclosedAt, url);
    out.columns.advisoryUrl = url;
  }
  return out;
}
