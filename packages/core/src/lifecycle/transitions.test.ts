import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.ts";
import { REPORT_STATES, type ReportState } from "./states.ts";
import {
  availableTransitions,
  CLOSE_ACTIONS,
  isCloseAction,
  needsConfirmation,
  planTransition,
  TRANSITIONS,
  type TransitionName,
} from "./transitions.ts";

// The expected lifecycle, written out by hand from docs/product.md ("Lifecycle") so the
// test does not restate the implementation's tables. Each entry: action -> target state.
const closeAll = {
  close_duplicate: "duplicate",
  close_informative: "informative",
  close_not_applicable: "not_applicable",
  close_out_of_scope: "out_of_scope",
  close_spam: "spam",
  close_wont_fix: "wont_fix",
} as const;
const EXPECTED: Record<ReportState, Partial<Record<TransitionName, ReportState>>> = {
  new: { acknowledge: "acknowledged", request_info: "needs_info", triage: "triaged", ...closeAll },
  acknowledged: { request_info: "needs_info", triage: "triaged", ...closeAll },
  needs_info: { resume: "triaged", ...closeAll },
  triaged: { request_info: "needs_info", start_fix: "fixing", mark_fixed: "fixed", ...closeAll },
  fixing: { request_info: "needs_info", mark_fixed: "fixed", ...closeAll },
  fixed: { disclose: "disclosed", reopen: "fixing" },
  disclosed: {},
  duplicate: { reopen: "acknowledged" },
  informative: { reopen: "acknowledged" },
  not_applicable: { reopen: "acknowledged" },
  out_of_scope: { reopen: "acknowledged" },
  spam: { reopen: "acknowledged" },
  wont_fix: { reopen: "acknowledged" },
};

const fullRequest = {
  reason: "because",
  duplicateOf: "VOICE-1",
  fixedVersion: "2.4.1",
};

describe("lifecycle: every (state, action) pair", () => {
  for (const state of REPORT_STATES) {
    for (const action of TRANSITIONS) {
      const target = EXPECTED[state][action];
      const report = { key: "VOICE-7", state, severity: "high" as const, resumeState: "triaged" as const };
      if (target) {
        it(`${state} --${action}--> ${target}`, () => {
          const plan = planTransition(report, { action, ...fullRequest });
          expect(plan.from).toBe(state);
          expect(plan.to).toBe(target);
          expect(availableTransitions(report)).toContain(action);
        });
      } else {
        it(`${state} refuses ${action}`, () => {
          expect(() => planTransition(report, { action, ...fullRequest })).toThrowError(DomainError);
          try {
            planTransition(report, { action, ...fullRequest });
          } catch (e) {
            expect((e as DomainError).kind).toBe("invalid_transition");
            expect((e as DomainError).field).toBe("action");
            expect((e as DomainError).message).toMatch(/^Cannot /);
          }
          expect(availableTransitions(report)).not.toContain(action);
        });
      }
    }
  }
});

describe("lifecycle: requirements", () => {
  const base = { key: "VOICE-7", state: "acknowledged" as ReportState, severity: null, resumeState: null };
  const fieldOf = (fn: () => unknown): string | null => {
    try {
      fn();
    } catch (e) {
      return e instanceof DomainError ? e.field : "not-a-domain-error";
    }
    return null;
  };

  it("triage needs a severity", () => {
    expect(fieldOf(() => planTransition(base, { action: "triage" }))).toBe("severity");
    expect(planTransition({ ...base, severity: "low" }, { action: "triage" }).to).toBe("triaged");
  });
  it("duplicate needs the original's key and not itself", () => {
    expect(fieldOf(() => planTransition(base, { action: "close_duplicate" }))).toBe("duplicateOf");
    expect(fieldOf(() => planTransition(base, { action: "close_duplicate", duplicateOf: " " }))).toBe("duplicateOf");
    expect(fieldOf(() => planTransition(base, { action: "close_duplicate", duplicateOf: "voice-7" }))).toBe(
      "duplicateOf",
    );
    const plan = planTransition(base, { action: "close_duplicate", duplicateOf: "voice-3" });
    expect(plan.duplicateOf).toBe("VOICE-3");
  });
  it("reopen and won't fix need a reason", () => {
    expect(fieldOf(() => planTransition({ ...base, state: "spam" }, { action: "reopen" }))).toBe("reason");
    expect(fieldOf(() => planTransition(base, { action: "close_wont_fix", reason: "  " }))).toBe("reason");
  });
  it("mark fixed needs the fixed version", () => {
    const fixing = { ...base, state: "fixing" as ReportState, severity: "high" as const };
    expect(fieldOf(() => planTransition(fixing, { action: "mark_fixed" }))).toBe("fixedVersion");
    expect(planTransition(fixing, { action: "mark_fixed", fixedVersion: "1.2.3" }).fixedVersion).toBe("1.2.3");
  });
  it("request info remembers where to resume", () => {
    const plan = planTransition({ ...base, state: "fixing" }, { action: "request_info", reason: "which version?" });
    expect(plan.to).toBe("needs_info");
    expect(plan.resumeState).toBe("fixing");
    const back = planTransition({ ...base, state: "needs_info", resumeState: plan.resumeState }, { action: "resume" });
    expect(back.to).toBe("fixing");
  });
  it("resume without a remembered state goes back to acknowledged", () => {
    expect(planTransition({ ...base, state: "needs_info" }, { action: "resume" }).to).toBe("acknowledged");
  });
  it("an unknown action is refused", () => {
    expect(fieldOf(() => planTransition(base, { action: "explode" as TransitionName }))).toBe("action");
  });
});

describe("lifecycle: close actions and confirmation", () => {
  it("the close actions are exactly the actions that end in a closed state", () => {
    expect([...CLOSE_ACTIONS].sort()).toEqual(Object.keys(closeAll).sort());
    expect(TRANSITIONS.filter(isCloseAction)).toEqual([...CLOSE_ACTIONS]);
  });

  it("asks before actions that need input, and before closing as informative or spam", () => {
    expect(TRANSITIONS.filter(needsConfirmation).sort()).toEqual(
      [
        "request_info",
        "mark_fixed",
        "close_duplicate",
        "close_wont_fix",
        "reopen",
        "close_informative",
        "close_spam",
      ].sort(),
    );
  });
});
