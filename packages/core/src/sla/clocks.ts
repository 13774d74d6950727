import { CLOSED_STATES, isOpenState, type ReportState } from "../lifecycle/states.ts";
import type { Duration, Policy } from "../policy/schema.ts";
import type { Severity } from "../severity/cvss.ts";
import { addDuration, addDurationFraction, type Interval, pausedWithin } from "./calendar.ts";

/**
 * SLA clocks of one report, computed from the policy and the report's event
 * history. Pure: `now` is an input, and the same input always gives the same
 * clocks, so they can be recomputed whenever severity, state or policy change.
 *
 * Rules (docs/product.md, "SLA clocks"):
 * - acknowledge: from receivedAt; met at the first transition out of `new`.
 * - assess: from receivedAt; met at the first transition into triaged, fixing,
 *   fixed, disclosed or a closed outcome.
 * - update (cadence): exists once the report has been acknowledged; while the
 *   report is open it runs from the later of the acknowledgement and the most
 *   recent transition or message to the reporter, and is never met; when the
 *   report leaves the open states it is met at that instant (its start and due
 *   are the ones it had just before). A report closed straight from `new` never
 *   ran the cadence clock, so it has none.
 * - resolve: target from the CURRENT severity (none/unrated: no clock), always
 *   measured from the clock's original start, so a change to a shorter target
 *   can breach it at once; met at the first transition into fixed, disclosed or
 *   a closed outcome.
 * - emergency: only while the severity is critical and the policy has one;
 *   starts when the open report (last) became critical (receivedAt when it
 *   arrived critical; none when it was regraded while fixed or closed); met at
 *   the first transition or message to the reporter at or after that instant.
 * - pauses: time in needs_info pauses every clock and extends its due.
 * - reopen (fixed or closed back to an open state): clocks that were met stay
 *   met (their history does not change); the resolve clock, if it had been met
 *   by the fix/close, starts over from the reopen instant with the full target
 *   of the then-current severity (its earlier met/breach record is replaced);
 *   the update clock runs again from the reopen transition.
 * - events later than `now` are ignored; events at the same instant keep their
 *   input order.
 */

export const CLOCK_NAMES = ["acknowledge", "assess", "update", "resolve", "emergency"] as const;
export type ClockName = (typeof CLOCK_NAMES)[number];
export const CLOCK_STATES = ["met", "on_track", "at_risk", "breached", "paused"] as const;
export type ClockState = (typeof CLOCK_STATES)[number];

export type SlaEvent =
  | { at: Date; kind: "transition"; from: ReportState; to: ReportState }
  | { at: Date; kind: "severity"; severity: Severity | null }
  | { at: Date; kind: "message_to_reporter" };

export interface ClockInput {
  policy: Policy;
  receivedAt: Date;
  initialSeverity: Severity | null;
  events: SlaEvent[];
  now: Date;
}

export interface Clock {
  name: ClockName;
  /** What the policy promises. */
  target: Duration | "next_release";
  start: Date;
  /** null when the promise has no instant (next_release). */
  due: Date | null;
  /** The instant 75% of the allowed time is used (pauses excluded, in the clock's own measure). */
  atRisk: Date | null;
  state: ClockState;
  metAt: Date | null;
  /** Total paused real time so far (up to now, or up to metAt). */
  pausedMs: number;
  /** = due when the clock was not met before due (even if met later). */
  breachedAt: Date | null;
}

/** Share of the allowed time after which a clock is at risk. */
export const AT_RISK_FRACTION = 0.75;

const ASSESSED: ReadonlySet<ReportState> = new Set<ReportState>([
  "triaged",
  "fixing",
  "fixed",
  "disclosed",
  ...CLOSED_STATES,
]);
const RESOLVED: ReadonlySet<ReportState> = new Set<ReportState>(["fixed", "disclosed", ...CLOSED_STATES]);

const later = (a: Date, b: Date): Date => (b.getTime() > a.getTime() ? b : a);

interface Context {
  policy: Policy;
  now: Date;
  pauses: Interval[];
  pausedNow: boolean;
}

function makeClock(
  ctx: Context,
  name: ClockName,
  target: Duration | "next_release",
  start: Date,
  metAt: Date | null,
): Clock {
  const horizon = metAt ?? ctx.now;
  // Pauses count only up to the horizon: a met clock keeps the due it had when met.
  const pauses = ctx.pauses
    .filter((p) => p.start.getTime() < horizon.getTime())
    .map((p) => ({ start: p.start, end: p.end.getTime() > horizon.getTime() ? horizon : p.end }));
  const pausedMs = horizon.getTime() > start.getTime() ? pausedWithin(pauses, start, horizon) : 0;
  const cal = ctx.policy.calendar;
  const due = target === "next_release" ? null : addDuration(start, target, cal, pauses);
  const atRisk = target === "next_release" ? null : addDurationFraction(start, target, AT_RISK_FRACTION, cal, pauses);
  const breachedAt = due && horizon.getTime() >= due.getTime() ? due : null;
  let state: ClockState;
  if (metAt) state = "met";
  else if (ctx.pausedNow) state = "paused";
  else if (breachedAt) state = "breached";
  else if (atRisk && ctx.now.getTime() >= atRisk.getTime()) state = "at_risk";
  else state = "on_track";
  return { name, target, start, due, atRisk, state, metAt, pausedMs, breachedAt };
}

export function computeClocks(input: ClockInput): Clock[] {
  const { policy, receivedAt, now } = input;
  const nowMs = now.getTime();
  const events = input.events
    .map((e, i) => ({ e, i }))
    .filter(({ e }) => e.at.getTime() <= nowMs)
    .sort((a, b) => a.e.at.getTime() - b.e.at.getTime() || a.i - b.i)
    .map(({ e }) => e);

  let state: ReportState = "new";
  const pauses: Interval[] = [];
  let pauseStart: Date | null = null;
  let ackAt: Date | null = null;
  let assessAt: Date | null = null;
  let severity: Severity | null = input.initialSeverity;
  let criticalSince: Date | null = severity === "critical" ? receivedAt : null;
  let resolveStart = receivedAt;
  let resolveMetAt: Date | null = null;
  /** Most recent transition or message to the reporter. */
  let lastActivity: Date | null = null;
  /** When the report last left the open states, and the update clock's start just before. */
  let leftOpen: { at: Date; updateStart: Date | null } | null = null;

  for (const e of events) {
    if (e.kind === "severity") {
      // An emergency starts when an open report becomes critical; a report
      // regraded while fixed or closed has nobody left to page.
      if (e.severity === "critical" && severity !== "critical") criticalSince = isOpenState(state) ? e.at : null;
      if (e.severity !== "critical") criticalSince = null;
      severity = e.severity;
      continue;
    }
    if (e.kind === "transition") {
      const wasOpen = isOpenState(state);
      if (pauseStart && e.to !== "needs_info") {
        pauses.push({ start: pauseStart, end: e.at });
        pauseStart = null;
      }
      if (e.to === "needs_info" && !pauseStart) pauseStart = e.at;
      if (!ackAt && e.to !== "new") ackAt = e.at;
      if (!assessAt && ASSESSED.has(e.to)) assessAt = e.at;
      if (!resolveMetAt && RESOLVED.has(e.to)) resolveMetAt = e.at;
      else if (resolveMetAt && isOpenState(e.to) && !isOpenState(state)) {
        // Reopen: a fixed or closed report is work again.
        resolveStart = e.at;
        resolveMetAt = null;
      }
      if (wasOpen && !isOpenState(e.to)) {
        const ack = ackAt && ackAt.getTime() < e.at.getTime() ? ackAt : null;
        leftOpen = { at: e.at, updateStart: ack && (lastActivity ? later(ack, lastActivity) : ack) };
      } else if (isOpenState(e.to)) {
        leftOpen = null;
      }
      state = e.to;
    }
    lastActivity = e.at;
  }

  const pausedNow = pauseStart !== null;
  if (pauseStart) pauses.push({ start: pauseStart, end: later(pauseStart, now) });
  const ctx: Context = { policy, now, pauses, pausedNow };
  const clocks: Clock[] = [];

  if (policy.acknowledge) clocks.push(makeClock(ctx, "acknowledge", policy.acknowledge, receivedAt, ackAt));
  if (policy.assess) clocks.push(makeClock(ctx, "assess", policy.assess, receivedAt, assessAt));

  if (policy.update && ackAt) {
    if (isOpenState(state)) {
      const start = lastActivity ? later(ackAt, lastActivity) : ackAt;
      clocks.push(makeClock(ctx, "update", policy.update, start, null));
    } else if (leftOpen?.updateStart) {
      clocks.push(makeClock(ctx, "update", policy.update, leftOpen.updateStart, leftOpen.at));
    }
  }

  if (severity && severity !== "none") {
    const target = policy.resolve[severity];
    if (target) clocks.push(makeClock(ctx, "resolve", target, resolveStart, resolveMetAt));
  }

  if (severity === "critical" && policy.emergency && criticalSince) {
    const since = criticalSince.getTime();
    const response = events.find((e) => e.kind !== "severity" && e.at.getTime() >= since);
    clocks.push(makeClock(ctx, "emergency", policy.emergency, criticalSince, response?.at ?? null));
  }

  return clocks;
}

const STATE_RANK: Record<ClockState, number> = { met: 0, on_track: 1, paused: 2, at_risk: 3, breached: 4 };

/**
 * The report's next deadlines over its running clocks (not met, with a due):
 * earliest due, earliest at-risk mark, and the worst state over all clocks
 * (breached > at_risk > paused > on_track > met; null when there are no clocks).
 */
export function nextDeadlines(clocks: Clock[]): {
  nextDueAt: Date | null;
  nextAtRiskAt: Date | null;
  worstState: ClockState | null;
} {
  let nextDueAt: Date | null = null;
  let nextAtRiskAt: Date | null = null;
  let worstState: ClockState | null = null;
  for (const c of clocks) {
    if (!worstState || STATE_RANK[c.state] > STATE_RANK[worstState]) worstState = c.state;
    if (c.state === "met" || !c.due) continue;
    if (!nextDueAt || c.due.getTime() < nextDueAt.getTime()) nextDueAt = c.due;
    if (c.atRisk && (!nextAtRiskAt || c.atRisk.getTime() < nextAtRiskAt.getTime())) nextAtRiskAt = c.atRisk;
  }
  return { nextDueAt, nextAtRiskAt, worstState };
}
