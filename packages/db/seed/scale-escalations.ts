import {
  type Clock,
  type EscalationKind,
  type EscalationLevel,
  escalationReason,
  formatSpan,
  formatZonedShort,
  levelOf,
  promiseOf,
  type Random as Rand,
  type Severity,
} from "@embargo/core";

/**
 * The escalations of one bulk-seeded report: what the minute sweep and the
 * report's own changes would have raised over its history, and what became
 * of each (db/src/leadership/escalations.ts):
 *
 * - clock_at_risk (attention) when a clock passed 75% of its time unmet,
 *   resolved "clock met" when it was met, or superseded by the breach;
 * - clock_breached (page) when it passed its due instant unmet, resolved
 *   "clock met" when met late, else still open;
 * - critical_received (page when the policy escalates criticals to
 *   leadership, else attention) when the open report became critical,
 *   resolved "report closed" when it stopped being open;
 * - disclosure_due (attention, clock "disclosure") when an active plan came
 *   within 7 days of its date with no fix released, and (page, clock
 *   "disclosure_overdue") once the date passed with still none, superseding
 *   the first; resolved "fix released" or "report closed".
 *
 * People acknowledge most of them (page faster than attention) and resolve by
 * hand, with a note, those whose cause lingers, so the open ones are mostly
 * recent: a few hundred at 100,000 reports, as a team that reads its panel
 * would have. Every row is one the product could have written: the settle
 * pass (settleEscalations) finds nothing to resolve and the sweeps nothing
 * to raise. Reasons are the product's (escalationReason), formatted with a
 * cached zone formatter (the same text, tested, at a thousandth of the cost).
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The minute sweep notices an instant within a minute. */
export const SWEEP_LAG_MS = 30_000;
/** sweepDisclosures' window (db/src/disclosure/sweep.ts). */
const DISCLOSURE_WINDOW_MS = 7 * DAY;

export const ESCALATION_COLUMNS = [
  "report_id",
  "program_id",
  "kind",
  "level",
  "clock",
  "due_at",
  "reason",
  "raised_at",
  "acknowledged_at",
  "acknowledged_by_user_id",
  "ack_note",
  "resolved_at",
  "resolved_by_user_id",
  "resolve_note",
  "resolved_cause",
] as const;

/** Mean days until someone resolves by hand an escalation whose cause lingers. */
const HAND_MEAN_DAYS: Record<Exclude<EscalationKind, "manual">, number> = {
  clock_at_risk: 10,
  clock_breached: 3,
  critical_received: 12,
  disclosure_due: 5,
};

const ACK_NOTES = [
  "Seen; the owning team is on it.",
  "Paged the on-call engineer.",
  "Discussed in the weekly review.",
  "Asked for an update by tomorrow.",
];

const RESOLVE_NOTES: Record<Exclude<EscalationKind, "manual">, readonly string[]> = {
  clock_at_risk: ["Reprioritised; the team will meet the deadline.", "Covered by the weekly review."],
  clock_breached: [
    "Accepted: the fix is planned for the next release and tracked in the weekly review.",
    "The reporter agreed to the new timeline.",
    "Low impact after analysis; handled in the backlog.",
    "Waiting on a vendor patch; the reporter knows.",
  ],
  critical_received: [
    "Mitigated in production; the fix follows the normal clock.",
    "Downgraded after the incident call; regrade follows.",
    "Incident handled; tracked by the security on-call.",
  ],
  disclosure_due: [
    "The reporter agreed to hold the disclosure until the fix ships.",
    "Extension under discussion with the reporter.",
    "Advisory ready; publishing with the release.",
  ],
};

/** Who acts on a program's escalations: its leadership members and its staff. */
export interface Responders {
  leaders: readonly number[];
  staff: readonly number[];
}

// ---------------------------------------------------------------------------
// Reasons

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const offsetFormats = new Map<string, Intl.DateTimeFormat>();
const zoneNames = new Map<string, string>();
const pad = (n: number) => String(n).padStart(2, "0");

const dayOffsets = new Map<string, number | null>();

/** The zone's offset from UTC at `t`, in ms: per UTC day when the day has no clock change. */
function offsetAt(timeZone: string, t: number): number {
  const day = Math.floor(t / DAY);
  const key = `${timeZone}|${day}`;
  let off = dayOffsets.get(key);
  if (off === undefined) {
    const start = exactOffsetAt(timeZone, day * DAY);
    off = start === exactOffsetAt(timeZone, (day + 1) * DAY - 1000) ? start : null;
    dayOffsets.set(key, off);
  }
  return off ?? exactOffsetAt(timeZone, t);
}

/** The zone's offset from UTC at `t`, in ms (one cached formatter per zone). */
function exactOffsetAt(timeZone: string, t: number): number {
  let f = offsetFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    offsetFormats.set(timeZone, f);
  }
  const p: Record<string, number> = {};
  for (const x of f.formatToParts(t)) if (x.type !== "literal") p[x.type] = Number(x.value);
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return wall - (t - (t % 1000));
}

/** formatZonedShort with the zone's name looked up once per zone and offset. */
export function zonedShort(t: number, timeZone: string): string {
  const off = offsetAt(timeZone, t);
  const d = new Date(t + off);
  const local = `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  const key = `${timeZone}|${off}`;
  let name = zoneNames.get(key);
  if (name === undefined) {
    const full = formatZonedShort(new Date(t), timeZone);
    if (!full.startsWith(`${local} `)) throw new Error(`scale seed: zone format drifted (${full} vs ${local})`);
    name = full.slice(local.length + 1);
    zoneNames.set(key, name);
  }
  return `${local} ${name}`;
}

/** escalationReason's text (core/leadership/escalations.ts), built with zonedShort. */
export function reasonOf(e: {
  key: string;
  kind: Exclude<EscalationKind, "manual">;
  clock?: string | null;
  severity?: Severity | null;
  due?: number | null;
  /** critical_received: when the report arrived (later than that, it was regraded). */
  receivedAt?: number | null;
  timeZone: string;
  now: number;
}): string {
  const promise = promiseOf(e.clock ?? "", e.severity ?? null);
  const when = e.due != null ? zonedShort(e.due, e.timeZone) : null;
  const left = e.due != null ? e.due - e.now : 0;
  switch (e.kind) {
    case "clock_at_risk":
      return when
        ? `${e.key}: ${promise} due ${when}, ${left > 60_000 ? `${formatSpan(left)} left` : "due now"}`
        : `${e.key}: ${promise} at risk`;
    case "clock_breached":
      return when
        ? `${e.key}: ${promise} was due ${when}${-left >= 60_000 ? `, ${formatSpan(-left)} overdue` : ""}`
        : `${e.key}: ${promise} promise broken`;
    case "critical_received": {
      const regraded = e.receivedAt != null && e.now - e.receivedAt > 60_000;
      return `${e.key}: ${regraded ? "rated critical" : "critical report received"} ${zonedShort(e.now, e.timeZone)}`;
    }
    case "disclosure_due":
      return when
        ? `${e.key}: disclosure ${left > 0 ? "due" : "was due"} ${when} and no fix is released`
        : `${e.key}: disclosure due and no fix is released`;
  }
}

/** The product's own reason, for tests comparing it with reasonOf. */
export const productReason = (e: Parameters<typeof reasonOf>[0]) =>
  escalationReason({
    ...e,
    due: e.due != null ? new Date(e.due) : null,
    receivedAt: e.receivedAt != null ? new Date(e.receivedAt) : null,
    now: new Date(e.now),
  });

// ---------------------------------------------------------------------------
// One report

export interface EscalationInput {
  rand: Rand;
  id: number;
  key: string;
  programId: number;
  /** The program's calendar zone (clock reasons). */
  timeZone: string;
  /** The policy promises to page leadership for a critical report (else it asks for attention). */
  escalateCriticalToLeadership: boolean;
  severity: Severity | null;
  open: boolean;
  /** When it last stopped being open (null while open). */
  closedAt: number | null;
  /** The clocks as computed at `now`. */
  clocks: readonly Clock[];
  /** When each clock began to exist (a resolve clock only once the report is rated). */
  clockSince: (c: Clock) => number;
  /** When the open report became critical (arrival or regrade), if it did. */
  criticalAt: number | null;
  receivedAt: number;
  fixedAt: number | null;
  disclosure: { state: string; targetAt: number | null; timeZone: string | null; since: number | null };
  responders: Responders;
  now: number;
}

type Kind = Exclude<EscalationKind, "manual">;

export function escalationRowsOf(r: EscalationInput): { rows: unknown[][]; open: number } {
  const { rand, now } = r;
  const rows: unknown[][] = [];
  let open = 0;
  const pickOf = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const person = (preferLeader: boolean): number | null => {
    const { leaders, staff } = r.responders;
    const list = preferLeader ? (leaders.length ? leaders : staff) : staff.length ? staff : leaders;
    return list.length ? pickOf(list) : null;
  };

  /** One escalation: raised at `raisedAt`, its cause gone at `goneAt` (null: still there). */
  const add = (
    kind: Kind,
    level: EscalationLevel,
    clock: string,
    dueAt: number,
    reason: string,
    raisedAt: number,
    gone: { at: number; cause: string } | null,
  ) => {
    // Every escalation draws the same numbers, whatever becomes of it.
    const ackWill = rand() < (level === "page" ? 0.9 : 0.6);
    const ackLag = level === "page" ? (0.1 + 10 * rand() ** 2) * HOUR : (1 + 70 * rand() ** 2) * HOUR;
    const handLag = -Math.log(1 - rand()) * HAND_MEAN_DAYS[kind] * DAY;
    const ackNote = rand() < 0.4 ? pickOf(ACK_NOTES) : null;
    const resolveNote = pickOf(RESOLVE_NOTES[kind]);
    const ackByLeader = rand() < 0.6;
    const end = gone ? gone.at : now;
    let ackAt = ackWill && raisedAt + ackLag < end ? Math.round(raisedAt + ackLag) : null;
    let resolvedAt: number | null = gone?.at ?? null;
    let cause: string | null = gone?.cause ?? null;
    let resolvedBy: number | null = null;
    let note: string | null = null;
    const handAt = Math.round(raisedAt + Math.max(ackAt ? ackAt - raisedAt : 0, handLag));
    if (handAt < end) {
      resolvedAt = handAt;
      cause = "by hand";
      note = resolveNote;
      resolvedBy = person(!ackByLeader);
    }
    const ackBy = ackAt !== null ? person(ackByLeader) : null;
    if (ackBy === null) ackAt = null;
    if (resolvedAt === null) open++;
    rows.push([
      r.id,
      r.programId,
      kind,
      level,
      clock,
      dueAt,
      reason,
      raisedAt,
      ackAt,
      ackBy,
      ackAt !== null ? ackNote : null,
      resolvedAt,
      resolvedBy,
      note,
      cause,
    ]);
  };

  // Clocks: at risk, then breached, as the sweep saw them while the report was open.
  for (const c of r.clocks) {
    if (!c.due || !c.atRisk || c.state === "paused") continue;
    const due = c.due.getTime();
    const since = r.clockSince(c);
    const metAt = c.metAt?.getTime() ?? null;
    if (metAt === null && !r.open) continue;
    const atRiskSeen = Math.max(c.atRisk.getTime(), since);
    const breachSeen = Math.max(due, since);
    // Raised when the sweep saw it (a met clock only if still unmet then; an unmet one by now).
    const seen = (x: number) =>
      metAt === null
        ? x <= now
          ? Math.min(now, x + SWEEP_LAG_MS)
          : null
        : x + SWEEP_LAG_MS < metAt
          ? x + SWEEP_LAG_MS
          : null;
    const breachAt = seen(breachSeen);
    const riskAt = atRiskSeen < due ? seen(atRiskSeen) : null;
    const reason = (kind: Kind, at: number) =>
      reasonOf({ key: r.key, kind, clock: c.name, severity: r.severity, due, timeZone: r.timeZone, now: at });
    const met = metAt !== null ? { at: metAt, cause: "clock met" } : null;
    if (riskAt !== null) {
      const gone = breachAt !== null ? { at: breachAt, cause: "breached: see the breach escalation" } : met;
      add("clock_at_risk", levelOf("clock_at_risk"), c.name, due, reason("clock_at_risk", riskAt), riskAt, gone);
    }
    if (breachAt !== null) {
      add("clock_breached", levelOf("clock_breached"), c.name, due, reason("clock_breached", breachAt), breachAt, met);
    }
  }

  // Critical: raised in the change that made the open report critical.
  if (r.criticalAt !== null) {
    const gone = r.closedAt !== null ? { at: r.closedAt, cause: "report closed" } : null;
    if (!gone || gone.at > r.criticalAt) {
      add(
        "critical_received",
        r.escalateCriticalToLeadership ? levelOf("critical_received") : "attention",
        "critical",
        r.receivedAt,
        reasonOf({
          key: r.key,
          kind: "critical_received",
          receivedAt: r.receivedAt,
          timeZone: r.timeZone,
          now: r.criticalAt,
        }),
        r.criticalAt,
        gone,
      );
    }
  }

  // Disclosure: an active plan within a week of its date and no fix released (attention), then
  // its date passed with still no fix (page, superseding the first): db/src/disclosure/sweep.ts.
  const d = r.disclosure;
  if (d.targetAt !== null && d.since !== null) {
    const target = d.targetAt;
    const active = ["proposed", "agreed", "extended"].includes(d.state);
    // Until when the plan could escalate, and why it stopped (null: it still can).
    const end: { at: number; cause: string } | null = r.open
      ? null
      : r.fixedAt !== null
        ? { at: r.fixedAt, cause: "fix released" }
        : r.closedAt !== null
          ? { at: r.closedAt, cause: "report closed" }
          : { at: now, cause: "report closed" };
    const until = end?.at ?? now;
    const tz = d.timeZone ?? "UTC";
    const noticeAt = Math.max(target - DISCLOSURE_WINDOW_MS, d.since);
    const overdueAt = Math.max(target, d.since);
    const overdue = overdueAt < until || (end === null && overdueAt <= now);
    if (r.open && !active) {
      // A plan no longer active escalates nothing now; its history is not kept.
    } else {
      // The 7-day notice, only when seen before the date (past it, the overdue pass pages at once).
      if (noticeAt < target && (noticeAt < until || (end === null && noticeAt <= now))) {
        const gone = overdue ? { at: overdueAt, cause: "date passed: see the overdue escalation" } : end;
        add(
          "disclosure_due",
          levelOf("disclosure_due", false),
          "disclosure",
          target,
          reasonOf({ key: r.key, kind: "disclosure_due", due: target, timeZone: tz, now: noticeAt }),
          noticeAt,
          gone,
        );
      }
      if (overdue) {
        add(
          "disclosure_due",
          levelOf("disclosure_due", true),
          "disclosure_overdue",
          target,
          reasonOf({ key: r.key, kind: "disclosure_due", due: target, timeZone: tz, now: overdueAt }),
          overdueAt,
          end,
        );
      }
    }
  }
  return { rows, open };
}
