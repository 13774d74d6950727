import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.ts";
import { DURATION_UNITS } from "../policy/enums.ts";
import { type Duration, defaultPolicy, type Policy } from "../policy/schema.ts";
import { SEVERITIES, type Severity } from "../severity/levels.ts";
import { DISCLOSURE_STATES, type DisclosureState } from "./enums.ts";
import {
  availablePlanActions,
  type ChangeRequest,
  checkExtension,
  checkTarget,
  nextPlanState,
  PLAN_ACTIONS,
  type PlanAction,
  proposeDisclosure,
} from "./plan.ts";

// Every expected instant below was worked out by hand (local time in the comment).
// 2026: New York EST(-5)->EDT(-4) Sun 8 Mar, back Sun 1 Nov; Berlin CET(+1)->CEST(+2)
// Sun 29 Mar, back Sun 25 Oct. Kolkata is +5:30 all year.

const d = (s: string) => new Date(s);
const iso = (x: Date | undefined) => x?.toISOString();
const weekdays: Policy["calendar"]["workingDays"] = ["mon", "tue", "wed", "thu", "fri"];

const policy = (over: Partial<Policy>): Policy => ({ ...defaultPolicy(), ...over });

/** Like the demo's IndiVillage program: 90 days, critical issues when the patch is released. */
const VOICE = policy({
  disclosure: { amount: 90, unit: "days" },
  criticalDisclosure: { after: "patch_release", delay: null },
  calendar: { timeZone: "Asia/Kolkata", workingDays: weekdays, holidays: ["2026-08-15", "2026-10-02"] },
});
/** Critical issues a week after the patch release, others after 90 days, in New York. */
const DELAYED = policy({
  disclosure: { amount: 90, unit: "days" },
  criticalDisclosure: { after: "patch_release", delay: { amount: 7, unit: "days" } },
  calendar: { timeZone: "America/New_York", workingDays: weekdays, holidays: [] },
});
/** A business-day window in Berlin with the Easter holidays. */
const BUSINESS = policy({
  disclosure: { amount: 10, unit: "business_days" },
  criticalDisclosure: null,
  calendar: { timeZone: "Europe/Berlin", workingDays: weekdays, holidays: ["2026-04-03", "2026-04-06"] },
});
/** Like the demo's Echo and SereneSense: no disclosure promise. */
const NO_PROMISE = policy({ disclosure: null, criticalDisclosure: null });

function errorOf(f: () => unknown): DomainError {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error("expected a DomainError");
}

describe("proposeDisclosure", () => {
  it("counts the window from receipt in the program's zone (Kolkata, 90 days)", () => {
    // Fri 4 Dec 2026 17:00 IST -> Thu 4 Mar 2027 17:00 IST
    const p = proposeDisclosure({
      policy: VOICE,
      receivedAt: d("2026-12-04T11:30:00Z"),
      severity: "high",
      fixReleaseAt: null,
    });
    expect(p).toEqual({
      at: d("2027-03-04T11:30:00Z"),
      timeZone: "Asia/Kolkata",
      basis: "policy_window",
      explanation: "90 days after the report was received (policy)",
    });
  });

  it("keeps the wall-clock time across a daylight-saving change", () => {
    // New York, spring: Thu 15 Jan 10:00 EST -> Wed 15 Apr 10:00 EDT (one real hour fewer)
    const spring = proposeDisclosure({
      policy: DELAYED,
      receivedAt: d("2026-01-15T15:00:00Z"),
      severity: "medium",
      fixReleaseAt: null,
    });
    expect(iso(spring?.at)).toBe("2026-04-15T14:00:00.000Z");
    // Berlin, autumn: Sat 1 Aug 10:00 CEST -> Fri 30 Oct 10:00 CET (one real hour more)
    const berlin = policy({ ...DELAYED, calendar: { ...BUSINESS.calendar } });
    const autumn = proposeDisclosure({
      policy: berlin,
      receivedAt: d("2026-08-01T08:00:00Z"),
      severity: "low",
      fixReleaseAt: null,
    });
    expect(iso(autumn?.at)).toBe("2026-10-30T09:00:00.000Z");
    expect(autumn?.timeZone).toBe("Europe/Berlin");
  });

  it("discloses a critical issue when its patch is released, or a delay after it", () => {
    const fix = d("2026-03-05T20:00:00Z");
    const now = proposeDisclosure({
      policy: VOICE,
      receivedAt: d("2026-03-01T00:00:00Z"),
      severity: "critical",
      fixReleaseAt: fix,
    });
    expect(now).toEqual({
      at: fix,
      timeZone: "Asia/Kolkata",
      basis: "after_fix_release",
      explanation: "When the fix is released (policy for critical issues)",
    });
    // Thu 5 Mar 15:00 EST + 7 days -> Thu 12 Mar 15:00 EDT (the switch is on Sun 8 Mar)
    const later = proposeDisclosure({
      policy: DELAYED,
      receivedAt: d("2026-03-01T00:00:00Z"),
      severity: "critical",
      fixReleaseAt: fix,
    });
    expect(iso(later?.at)).toBe("2026-03-12T19:00:00.000Z");
    expect(later?.basis).toBe("after_fix_release");
    expect(later?.explanation).toBe("7 days after the fix is released (policy for critical issues)");
  });

  it("falls back to the window for a critical issue with no fix release known", () => {
    const p = proposeDisclosure({
      policy: VOICE,
      receivedAt: d("2026-12-04T11:30:00Z"),
      severity: "critical",
      fixReleaseAt: null,
    });
    expect(p?.basis).toBe("policy_window");
    expect(iso(p?.at)).toBe("2027-03-04T11:30:00.000Z");
    const onlyCritical = policy({ ...VOICE, disclosure: null });
    expect(
      proposeDisclosure({
        policy: onlyCritical,
        receivedAt: d("2026-12-04T11:30:00Z"),
        severity: "critical",
        fixReleaseAt: null,
      }),
    ).toBeNull();
    expect(
      proposeDisclosure({
        policy: onlyCritical,
        receivedAt: d("2026-12-04T11:30:00Z"),
        severity: "high",
        fixReleaseAt: d("2026-12-10T00:00:00Z"),
      }),
    ).toBeNull();
  });

  it("uses the window for other severities even when a fix is released", () => {
    const p = proposeDisclosure({
      policy: VOICE,
      receivedAt: d("2026-12-04T11:30:00Z"),
      severity: null,
      fixReleaseAt: d("2026-12-10T00:00:00Z"),
    });
    expect(p?.basis).toBe("policy_window");
  });

  it("counts business days in the program's calendar (weekends, holidays, DST)", () => {
    // Thu 26 Mar 14:00 CET + 10 business days, skipping the weekend, Good Friday and
    // Easter Monday -> Mon 13 Apr 14:00 CEST
    const p = proposeDisclosure({
      policy: BUSINESS,
      receivedAt: d("2026-03-26T13:00:00Z"),
      severity: "high",
      fixReleaseAt: null,
    });
    expect(iso(p?.at)).toBe("2026-04-13T12:00:00.000Z");
    expect(p?.explanation).toBe("10 business days after the report was received (policy)");
  });

  it("proposes nothing without a promise", () => {
    for (const severity of [...SEVERITIES, null]) {
      expect(
        proposeDisclosure({
          policy: NO_PROMISE,
          receivedAt: d("2026-01-01T00:00:00Z"),
          severity,
          fixReleaseAt: d("2026-02-01T00:00:00Z"),
        }),
      ).toBeNull();
    }
  });

  it("never proposes a date before receipt (property)", () => {
    const zones = ["UTC", "Asia/Kolkata", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe"];
    const duration = fc.record({ amount: fc.integer({ min: 1, max: 400 }), unit: fc.constantFrom(...DURATION_UNITS) });
    const instant = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2060, 0, 1) }).map((t) => new Date(t));
    fc.assert(
      fc.property(
        instant,
        fc.option(duration),
        fc.option(fc.option(duration)),
        fc.constantFrom<Severity | null>(...SEVERITIES, null),
        fc.option(instant),
        fc.constantFrom(...zones),
        (receivedAt, window, critical, severity, fixReleaseAt, timeZone) => {
          const p = policy({
            disclosure: window as Duration | null,
            criticalDisclosure:
              critical === null ? null : { after: "patch_release", delay: critical as Duration | null },
            calendar: { timeZone, workingDays: weekdays, holidays: [] },
          });
          const proposal = proposeDisclosure({ policy: p, receivedAt, severity, fixReleaseAt });
          if (proposal) {
            expect(proposal.at.getTime()).toBeGreaterThanOrEqual(receivedAt.getTime());
            expect(proposal.timeZone).toBe(timeZone);
          } else {
            expect(window === null && (severity !== "critical" || critical === null || fixReleaseAt === null)).toBe(
              true,
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("checkTarget", () => {
  const receivedAt = d("2026-03-01T00:00:00Z");
  const now = d("2026-03-10T00:00:00Z");

  it("refuses a date before receipt", () => {
    const e = errorOf(() => checkTarget({ at: d("2026-02-28T23:59:00Z"), receivedAt, now, isNewPlan: false }));
    expect(e.field).toBe("targetAt");
    expect(e.message).toBe("The disclosure date cannot be before the report was received");
  });

  it("wants a new plan's date in the future, not an existing one's", () => {
    const e = errorOf(() => checkTarget({ at: now, receivedAt, now, isNewPlan: true, field: "at" }));
    expect(e.field).toBe("at");
    expect(e.message).toBe("A new disclosure date must be in the future");
    expect(() => checkTarget({ at: d("2026-03-05T00:00:00Z"), receivedAt, now, isNewPlan: false })).not.toThrow();
    expect(() => checkTarget({ at: d("2026-03-10T00:01:00Z"), receivedAt, now, isNewPlan: true })).not.toThrow();
  });
});

describe("nextPlanState", () => {
  // Written out by hand from the design: state -> action -> next state.
  const EXPECTED: Record<DisclosureState, Partial<Record<PlanAction, DisclosureState>>> = {
    none: { propose: "proposed", edit: "proposed", publish: "published", cancel: "cancelled" },
    // follow: a date counted from the fix release moves with it and keeps its state.
    proposed: {
      propose: "proposed",
      edit: "proposed",
      agree: "agreed",
      follow: "proposed",
      publish: "published",
      cancel: "cancelled",
    },
    agreed: { extend: "extended", follow: "agreed", publish: "published", cancel: "cancelled" },
    extended: { extend: "extended", publish: "published", cancel: "cancelled" },
    published: {},
    cancelled: { cancel: "cancelled", reset: "none" },
  };

  it("follows the table for every state and action", () => {
    for (const from of DISCLOSURE_STATES) {
      for (const action of PLAN_ACTIONS) {
        const to = EXPECTED[from][action];
        if (to) expect(nextPlanState(from, action), `${from} --${action}`).toBe(to);
        else expect(errorOf(() => nextPlanState(from, action)).kind, `${from} --${action}`).toBe("invalid_transition");
      }
      expect(availablePlanActions(from)).toEqual(PLAN_ACTIONS.filter((a) => EXPECTED[from][a]));
    }
  });

  it("says an agreed date changes only through an extension", () => {
    expect(errorOf(() => nextPlanState("agreed", "edit")).message).toMatch(/only through an extension/);
    expect(errorOf(() => nextPlanState("published", "cancel")).message).toBe(
      "Cannot cancel a disclosure plan that is published",
    );
  });
});

describe("checkExtension", () => {
  const base: ChangeRequest = {
    oldAt: d("2026-06-01T10:00:00Z"),
    newAt: d("2026-07-01T10:00:00Z"),
    shortening: false,
    receivedAt: d("2026-03-01T00:00:00Z"),
    now: d("2026-05-01T00:00:00Z"),
  };

  it("accepts a later date", () => {
    expect(() => checkExtension(base)).not.toThrow();
    expect(() => checkExtension({ ...base, oldAt: null })).not.toThrow();
  });

  it("refuses an earlier date unless it is marked as shortening", () => {
    const earlier = { ...base, newAt: d("2026-05-20T10:00:00Z") };
    const e = errorOf(() => checkExtension(earlier));
    expect(e.field).toBe("newAt");
    expect(e.message).toBe("An extension moves the date later; mark it as shortening to bring it forward");
    expect(() => checkExtension({ ...earlier, shortening: true })).not.toThrow();
  });

  it("refuses the same date, a date before receipt and a date in the past", () => {
    expect(errorOf(() => checkExtension({ ...base, newAt: d("2026-06-01T10:00:00Z") })).message).toMatch(
      /current date/,
    );
    expect(
      errorOf(() => checkExtension({ ...base, newAt: d("2026-02-01T00:00:00Z"), shortening: true })).message,
    ).toMatch(/before the report was received/);
    expect(
      errorOf(() => checkExtension({ ...base, newAt: d("2026-04-15T00:00:00Z"), shortening: true })).message,
    ).toMatch(/in the future/);
    expect(
      errorOf(() => checkExtension({ ...base, oldAt: d("2026-04-01T00:00:00Z"), newAt: base.now })).message,
    ).toMatch(/in the future/);
  });

  it("never accepts an earlier date unless shortening (property)", () => {
    const t = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }).map((x) => new Date(x));
    fc.assert(
      fc.property(fc.option(t), t, fc.boolean(), t, t, (oldAt, newAt, shortening, receivedAt, now) => {
        let accepted = true;
        try {
          checkExtension({ oldAt, newAt, shortening, receivedAt, now });
        } catch (e) {
          expect(e).toBeInstanceOf(DomainError);
          accepted = false;
        }
        if (accepted) {
          if (oldAt && newAt < oldAt) expect(shortening).toBe(true);
          expect(newAt.getTime()).not.toBe(oldAt?.getTime());
          expect(newAt.getTime()).toBeGreaterThanOrEqual(receivedAt.getTime());
          expect(newAt.getTime()).toBeGreaterThan(now.getTime());
        }
      }),
      { numRuns: 2000 },
    );
  });
});
