import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isOpenState, type ReportState } from "../lifecycle/states.ts";
import { availableTransitions, planTransition } from "../lifecycle/transitions.ts";
import { defaultPolicy, type Policy } from "../policy/schema.ts";
import { SEVERITIES, type Severity } from "../severity/cvss.ts";
import { type Clock, type ClockName, computeClocks, nextDeadlines, type SlaEvent } from "./clocks.ts";

// Expected instants are worked out by hand from the rules. The calendar is UTC,
// Monday to Friday, so days and business days are easy to count.
const policy = (): Policy => ({
  ...defaultPolicy(),
  acknowledge: { amount: 24, unit: "hours" },
  assess: { amount: 5, unit: "business_days" },
  update: { amount: 7, unit: "days" },
  emergency: { amount: 4, unit: "hours" },
  resolve: {
    critical: { amount: 7, unit: "days" },
    high: { amount: 30, unit: "days" },
    medium: { amount: 60, unit: "days" },
    low: "next_release",
  },
  calendar: { timeZone: "UTC", workingDays: ["mon", "tue", "wed", "thu", "fri"], holidays: [] },
});

const d = (s: string) => new Date(s);
const H = 3_600_000;
const RECEIVED = d("2026-03-02T09:00:00Z"); // a Monday
const tr = (at: string, from: ReportState, to: ReportState): SlaEvent => ({ at: d(at), kind: "transition", from, to });
const sev = (at: string, severity: Severity | null): SlaEvent => ({ at: d(at), kind: "severity", severity });
const msg = (at: string): SlaEvent => ({ at: d(at), kind: "message_to_reporter" });

function clocksAt(now: string, events: SlaEvent[], initialSeverity: Severity | null = null, p = policy()) {
  const list = computeClocks({ policy: p, receivedAt: RECEIVED, initialSeverity, events, now: d(now) });
  const byName = new Map(list.map((c) => [c.name, c]));
  const get = (name: ClockName): Clock => {
    const c = byName.get(name);
    if (!c) throw new Error(`no ${name} clock`);
    return c;
  };
  return { list, names: list.map((c) => c.name), get };
}

/** The fields worth comparing, as ISO strings. */
const view = (c: Clock) => ({
  start: c.start.toISOString(),
  due: c.due?.toISOString() ?? null,
  atRisk: c.atRisk?.toISOString() ?? null,
  state: c.state,
  metAt: c.metAt?.toISOString() ?? null,
  pausedMs: c.pausedMs,
  breachedAt: c.breachedAt?.toISOString() ?? null,
});

describe("a fresh report", () => {
  it("runs acknowledge and assess only (no ack yet: no update clock; unrated: no resolve clock)", () => {
    const { names, get } = clocksAt("2026-03-02T11:00:00Z", []);
    expect(names).toEqual(["acknowledge", "assess"]);
    expect(view(get("acknowledge"))).toEqual({
      start: "2026-03-02T09:00:00.000Z",
      due: "2026-03-03T09:00:00.000Z",
      atRisk: "2026-03-03T03:00:00.000Z", // 18 of 24 hours
      state: "on_track",
      metAt: null,
      pausedMs: 0,
      breachedAt: null,
    });
    // 5 business days from Mon 09:00 -> Mon 9 Mar 09:00; 3.75 -> Fri 6 Mar 03:00
    expect(view(get("assess"))).toMatchObject({ due: "2026-03-09T09:00:00.000Z", atRisk: "2026-03-06T03:00:00.000Z" });
  });

  it("goes at risk at 75% and breached at the due instant", () => {
    expect(clocksAt("2026-03-03T02:59:59Z", []).get("acknowledge").state).toBe("on_track");
    expect(clocksAt("2026-03-03T03:00:00Z", []).get("acknowledge").state).toBe("at_risk");
    const late = clocksAt("2026-03-03T09:00:00Z", []).get("acknowledge");
    expect(late.state).toBe("breached");
    expect(late.breachedAt?.toISOString()).toBe("2026-03-03T09:00:00.000Z");
  });

  it("a severity of none, or no promise for the severity, has no resolve clock", () => {
    expect(clocksAt("2026-03-02T11:00:00Z", [], "none").names).not.toContain("resolve");
    const p = policy();
    p.resolve.high = null;
    expect(clocksAt("2026-03-02T11:00:00Z", [], "high", p).names).not.toContain("resolve");
    p.acknowledge = null;
    expect(clocksAt("2026-03-02T11:00:00Z", [], "high", p).names).toEqual(["assess"]);
  });
});

describe("needs_info pauses every running clock", () => {
  const events = [
    tr("2026-03-02T12:00:00Z", "new", "acknowledged"),
    tr("2026-03-03T09:00:00Z", "acknowledged", "needs_info"), // Tue
    tr("2026-03-05T09:00:00Z", "needs_info", "acknowledged"), // Thu: two days paused
  ];

  it("while paused, the state is paused and the due moves with the pause", () => {
    const { get } = clocksAt("2026-03-04T09:00:00Z", events, "medium"); // one day into the pause
    expect(view(get("acknowledge"))).toEqual({
      start: "2026-03-02T09:00:00.000Z",
      due: "2026-03-03T09:00:00.000Z",
      atRisk: "2026-03-03T03:00:00.000Z",
      state: "met",
      metAt: "2026-03-02T12:00:00.000Z",
      pausedMs: 0,
      breachedAt: null,
    });
    expect(view(get("assess"))).toMatchObject({ due: "2026-03-10T09:00:00.000Z", state: "paused", pausedMs: 24 * H });
    // update: started by the transition into needs_info; 7 days + 1 day paused
    expect(view(get("update"))).toMatchObject({
      start: "2026-03-03T09:00:00.000Z",
      due: "2026-03-11T09:00:00.000Z",
      state: "paused",
    });
    // resolve (medium, 60 days): 2 Mar + 60 d = 1 May, + 1 day paused
    expect(view(get("resolve"))).toMatchObject({ due: "2026-05-02T09:00:00.000Z", state: "paused" });
  });

  it("after resuming, the due is extended by the whole pause", () => {
    const { get } = clocksAt("2026-03-05T12:00:00Z", events, "medium");
    // assess: Mon 9 Mar 09:00 + 2 working days given back -> Wed 11 Mar 09:00;
    // at risk: Fri 6 Mar 03:00 + 2 working days -> Tue 10 Mar 03:00
    expect(view(get("assess"))).toEqual({
      start: "2026-03-02T09:00:00.000Z",
      due: "2026-03-11T09:00:00.000Z",
      atRisk: "2026-03-10T03:00:00.000Z",
      state: "on_track",
      metAt: null,
      pausedMs: 48 * H,
      breachedAt: null,
    });
    expect(view(get("resolve"))).toMatchObject({ due: "2026-05-03T09:00:00.000Z", pausedMs: 48 * H });
    // update restarts at the resume transition
    expect(view(get("update"))).toMatchObject({
      start: "2026-03-05T09:00:00.000Z",
      due: "2026-03-12T09:00:00.000Z",
      pausedMs: 0,
      state: "on_track",
    });
  });
});

describe("severity changes", () => {
  const events = [tr("2026-03-02T10:00:00Z", "new", "acknowledged"), sev("2026-03-10T10:00:00Z", "critical")];

  it("re-targets resolve from the original start: medium -> critical breaches at once", () => {
    const before = clocksAt("2026-03-10T09:59:00Z", events, "medium");
    expect(view(before.get("resolve"))).toMatchObject({ due: "2026-05-01T09:00:00.000Z", state: "on_track" });
    expect(before.names).not.toContain("emergency");

    const after = clocksAt("2026-03-10T11:00:00Z", events, "medium");
    const resolve = after.get("resolve");
    expect(resolve.target).toEqual({ amount: 7, unit: "days" });
    expect(view(resolve)).toMatchObject({
      start: "2026-03-02T09:00:00.000Z",
      due: "2026-03-09T09:00:00.000Z",
      state: "breached",
      breachedAt: "2026-03-09T09:00:00.000Z",
    });
  });

  it("starts the emergency clock when the report becomes critical", () => {
    const { get } = clocksAt("2026-03-10T11:00:00Z", events, "medium");
    expect(view(get("emergency"))).toEqual({
      start: "2026-03-10T10:00:00.000Z",
      due: "2026-03-10T14:00:00.000Z",
      atRisk: "2026-03-10T13:00:00.000Z",
      state: "on_track",
      metAt: null,
      pausedMs: 0,
      breachedAt: null,
    });
    const answered = clocksAt("2026-03-10T13:30:00Z", [...events, msg("2026-03-10T12:30:00Z")], "medium");
    expect(view(answered.get("emergency"))).toMatchObject({
      state: "met",
      metAt: "2026-03-10T12:30:00.000Z",
      breachedAt: null,
    });
  });

  it("a report received critical starts the emergency clock at receipt; a late answer is met late", () => {
    const { get } = clocksAt("2026-03-02T15:00:00Z", [msg("2026-03-02T14:00:00Z")], "critical");
    expect(view(get("emergency"))).toEqual({
      start: "2026-03-02T09:00:00.000Z",
      due: "2026-03-02T13:00:00.000Z",
      atRisk: "2026-03-02T12:00:00.000Z",
      state: "met",
      metAt: "2026-03-02T14:00:00.000Z",
      pausedMs: 0,
      breachedAt: "2026-03-02T13:00:00.000Z",
    });
    // a message is not an acknowledgement
    expect(get("acknowledge").state).toBe("on_track");
  });

  it("no emergency clock once the severity drops below critical, or without a policy", () => {
    expect(clocksAt("2026-03-02T10:00:00Z", [sev("2026-03-02T09:30:00Z", "high")], "critical").names).not.toContain(
      "emergency",
    );
    const p = policy();
    p.emergency = null;
    expect(clocksAt("2026-03-02T10:00:00Z", [], "critical", p).names).not.toContain("emergency");
  });

  it("low severity with a next-release promise has no due instant", () => {
    const running = clocksAt("2026-06-01T00:00:00Z", [tr("2026-03-02T10:00:00Z", "new", "acknowledged")], "low");
    expect(running.get("resolve")).toMatchObject({
      target: "next_release",
      due: null,
      atRisk: null,
      state: "on_track",
    });
    const fixed = clocksAt(
      "2026-06-01T00:00:00Z",
      [tr("2026-03-02T10:00:00Z", "new", "triaged"), tr("2026-04-01T10:00:00Z", "triaged", "fixed")],
      "low",
    );
    expect(view(fixed.get("resolve"))).toMatchObject({ state: "met", metAt: "2026-04-01T10:00:00.000Z", due: null });
  });

  it("unrated reports have no resolve clock", () => {
    expect(clocksAt("2026-03-02T11:00:00Z", [sev("2026-03-02T10:00:00Z", null)], "high").names).not.toContain(
      "resolve",
    );
  });
});

describe("update cadence", () => {
  const events = [tr("2026-03-02T10:00:00Z", "new", "acknowledged"), msg("2026-03-05T09:00:00Z")];

  it("runs from the latest message or transition and goes at risk after 75% of 7 days", () => {
    const { get } = clocksAt("2026-03-11T09:00:00Z", events);
    expect(view(get("update"))).toEqual({
      start: "2026-03-05T09:00:00.000Z",
      due: "2026-03-12T09:00:00.000Z",
      atRisk: "2026-03-10T15:00:00.000Z", // 5 d 6 h
      state: "at_risk",
      metAt: null,
      pausedMs: 0,
      breachedAt: null,
    });
    expect(clocksAt("2026-03-12T09:00:00Z", events).get("update").state).toBe("breached");
  });

  it("is met when the report leaves the open states (late here)", () => {
    const closed = [...events, tr("2026-03-13T09:00:00Z", "acknowledged", "wont_fix")];
    const { get } = clocksAt("2026-03-14T00:00:00Z", closed);
    expect(view(get("update"))).toMatchObject({
      start: "2026-03-05T09:00:00.000Z",
      due: "2026-03-12T09:00:00.000Z",
      state: "met",
      metAt: "2026-03-13T09:00:00.000Z",
      breachedAt: "2026-03-12T09:00:00.000Z",
    });
  });
});

describe("closed and fixed reports", () => {
  it("a fixed, disclosed report has every clock met", () => {
    const events = [
      tr("2026-03-02T10:00:00Z", "new", "acknowledged"),
      tr("2026-03-03T10:00:00Z", "acknowledged", "triaged"),
      tr("2026-03-04T10:00:00Z", "triaged", "fixing"),
      tr("2026-03-20T10:00:00Z", "fixing", "fixed"),
      tr("2026-04-01T10:00:00Z", "fixed", "disclosed"),
    ];
    const { list, get } = clocksAt("2026-04-02T00:00:00Z", events, "high");
    expect(list.map((c) => [c.name, c.state, c.metAt?.toISOString()])).toEqual([
      ["acknowledge", "met", "2026-03-02T10:00:00.000Z"],
      ["assess", "met", "2026-03-03T10:00:00.000Z"],
      ["update", "met", "2026-03-20T10:00:00.000Z"],
      ["resolve", "met", "2026-03-20T10:00:00.000Z"],
    ]);
    // the cadence clock ran from the fixing transition and was met late
    expect(view(get("update"))).toMatchObject({
      start: "2026-03-04T10:00:00.000Z",
      due: "2026-03-11T10:00:00.000Z",
      breachedAt: "2026-03-11T10:00:00.000Z",
    });
    expect(view(get("resolve"))).toMatchObject({ due: "2026-04-01T09:00:00.000Z", breachedAt: null });
    expect(nextDeadlines(list)).toEqual({ nextDueAt: null, nextAtRiskAt: null, worstState: "met" });
  });

  it("a report closed straight from new meets acknowledge, assess, resolve and emergency at once", () => {
    const { list } = clocksAt("2026-03-03T00:00:00Z", [tr("2026-03-02T11:00:00Z", "new", "spam")], "critical");
    expect(list.map((c) => [c.name, c.state, c.metAt?.toISOString()])).toEqual([
      ["acknowledge", "met", "2026-03-02T11:00:00.000Z"],
      ["assess", "met", "2026-03-02T11:00:00.000Z"],
      ["resolve", "met", "2026-03-02T11:00:00.000Z"],
      ["emergency", "met", "2026-03-02T11:00:00.000Z"],
    ]);
  });

  it("reopening restarts the resolve clock and the cadence; met clocks stay met", () => {
    const events = [
      tr("2026-03-02T10:00:00Z", "new", "acknowledged"),
      tr("2026-03-02T11:00:00Z", "acknowledged", "triaged"),
      tr("2026-03-05T09:00:00Z", "triaged", "fixed"),
      tr("2026-03-20T09:00:00Z", "fixed", "fixing"), // regression: reopen
    ];
    const { get } = clocksAt("2026-03-21T09:00:00Z", events, "high");
    expect(get("acknowledge")).toMatchObject({ state: "met", metAt: d("2026-03-02T10:00:00Z") });
    expect(get("assess")).toMatchObject({ state: "met", metAt: d("2026-03-02T11:00:00Z") });
    expect(view(get("resolve"))).toMatchObject({
      start: "2026-03-20T09:00:00.000Z",
      due: "2026-04-19T09:00:00.000Z",
      state: "on_track",
      metAt: null,
    });
    expect(view(get("update"))).toMatchObject({ start: "2026-03-20T09:00:00.000Z", due: "2026-03-27T09:00:00.000Z" });
  });

  it("ignores events after now and sorts the rest", () => {
    const events = [
      tr("2026-03-03T10:00:00Z", "acknowledged", "triaged"),
      tr("2026-03-02T10:00:00Z", "new", "acknowledged"),
    ];
    const { get } = clocksAt("2026-03-02T12:00:00Z", events);
    expect(get("acknowledge").metAt?.toISOString()).toBe("2026-03-02T10:00:00.000Z");
    expect(get("assess").metAt).toBeNull();
  });
});

describe("nextDeadlines", () => {
  it("takes the earliest due and at-risk mark of running clocks and the worst state", () => {
    const { list } = clocksAt(
      "2026-03-10T11:00:00Z",
      [tr("2026-03-02T10:00:00Z", "new", "acknowledged"), sev("2026-03-10T10:00:00Z", "critical")],
      "medium",
    );
    // running: assess (due 9 Mar 09:00, breached), update (due 9 Mar 10:00, breached), resolve (9 Mar 09:00), emergency
    expect(nextDeadlines(list)).toEqual({
      nextDueAt: d("2026-03-09T09:00:00Z"),
      nextAtRiskAt: d("2026-03-06T03:00:00Z"), // assess: 3.75 business days
      worstState: "breached",
    });
  });

  it("orders states breached > at_risk > paused > on_track > met", () => {
    const base = clocksAt("2026-03-02T11:00:00Z", []).get("acknowledge");
    const with_ = (...states: Clock["state"][]) =>
      nextDeadlines(states.map((state) => ({ ...base, state, metAt: state === "met" ? base.start : null }))).worstState;
    expect(with_("met", "on_track", "paused")).toBe("paused");
    expect(with_("paused", "at_risk")).toBe("at_risk");
    expect(with_("at_risk", "breached", "met")).toBe("breached");
    expect(with_("met")).toBe("met");
    expect(nextDeadlines([])).toEqual({ nextDueAt: null, nextAtRiskAt: null, worstState: null });
  });
});

// ---------------------------------------------------------------- properties

const historyArb = fc.record({
  received: fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2028, 11, 31) }),
  initial: fc.constantFrom<Severity | null>(...SEVERITIES, null),
  zone: fc.constantFrom("Europe/Berlin", "America/New_York", "Asia/Tokyo", "Australia/Sydney", "UTC"),
  steps: fc.array(
    fc.record({
      gap: fc.integer({ min: 0, max: 4 * 86_400_000 }),
      kind: fc.constantFrom("transition", "transition", "severity", "message"),
      pick: fc.nat(),
      severity: fc.constantFrom<Severity | null>(...SEVERITIES, null),
    }),
    { maxLength: 12 },
  ),
  tail: fc.integer({ min: 0, max: 40 * 86_400_000 }),
});

describe("clock properties", () => {
  it("hold for any valid history", () => {
    fc.assert(
      fc.property(historyArb, ({ received, initial, zone, steps, tail }) => {
        const p = policy();
        p.calendar = { ...p.calendar, timeZone: zone };
        let t = received;
        let state: ReportState = "new";
        let resumeState: ReportState | null = null;
        let severity = initial;
        const events: SlaEvent[] = [];
        for (const step of steps) {
          t += step.gap;
          if (step.kind === "severity") {
            severity = step.severity;
            events.push({ at: new Date(t), kind: "severity", severity });
          } else if (step.kind === "message") {
            events.push({ at: new Date(t), kind: "message_to_reporter" });
          } else {
            const actions = availableTransitions({ state });
            const action = actions[step.pick % Math.max(1, actions.length)];
            if (!action) continue;
            const plan = planTransition(
              { key: "R-1", state, severity: severity ?? "high", resumeState },
              { action, reason: "r", duplicateOf: "R-2", fixedVersion: "1.0" },
            );
            events.push({ at: new Date(t), kind: "transition", from: plan.from, to: plan.to });
            if (plan.to === "needs_info") resumeState = plan.resumeState;
            state = plan.to;
          }
        }
        const now = new Date(t + tail);
        const clocks = computeClocks({
          policy: p,
          receivedAt: new Date(received),
          initialSeverity: initial,
          events,
          now,
        });
        for (const c of clocks) {
          expect(c.state === "met").toBe(c.metAt !== null);
          expect(c.pausedMs).toBeGreaterThanOrEqual(0);
          if (c.due && c.atRisk) {
            expect(c.atRisk.getTime()).toBeGreaterThanOrEqual(c.start.getTime());
            expect(c.atRisk.getTime()).toBeLessThanOrEqual(c.due.getTime());
            expect(c.due.getTime()).toBeGreaterThan(c.start.getTime());
          }
          if (c.breachedAt) expect(c.breachedAt).toEqual(c.due);
          if (c.state === "breached") expect(now.getTime()).toBeGreaterThanOrEqual(c.due?.getTime() ?? Infinity);
          if (c.state === "on_track" && c.atRisk) expect(now.getTime()).toBeLessThan(c.atRisk.getTime());
          if (c.state === "paused") expect(state).toBe("needs_info");
          if (c.metAt && c.due) expect(c.breachedAt !== null).toBe(c.metAt.getTime() >= c.due.getTime());
        }
        if (!isOpenState(state)) {
          for (const c of clocks) expect(c.state).toBe("met");
          expect(nextDeadlines(clocks).nextDueAt).toBeNull();
        }
      }),
      { numRuns: 200 },
    );
  });
});
