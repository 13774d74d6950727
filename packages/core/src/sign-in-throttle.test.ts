import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  countAttempt,
  describeWait,
  type FailureRecord,
  SIGN_IN_THROTTLE,
  type ThrottleRule,
  waitBeforeAttempt,
} from "./sign-in-throttle.ts";

const RULE: ThrottleRule = { freeFailures: 3, baseDelayMs: 1_000, maxDelayMs: 10_000, forgetAfterMs: 60_000 };
const T0 = 1_900_000_000_000;

/** The record after `n` attempts, all made at `now`. */
const after = (n: number, rule = RULE, now = T0) => {
  let rec: FailureRecord | undefined;
  for (let i = 0; i < n; i++) rec = countAttempt(rec, rule, now);
  return rec;
};

describe("waitBeforeAttempt", () => {
  it("allows the free failures with no wait", () => {
    expect(waitBeforeAttempt(undefined, RULE, T0)).toBe(0);
    for (let n = 1; n < RULE.freeFailures; n++) expect(waitBeforeAttempt(after(n), RULE, T0)).toBe(0);
  });

  it("then waits the base delay, doubling per further failure", () => {
    expect(waitBeforeAttempt(after(3), RULE, T0)).toBe(1_000);
    expect(waitBeforeAttempt(after(4), RULE, T0)).toBe(2_000);
    expect(waitBeforeAttempt(after(5), RULE, T0)).toBe(4_000);
    expect(waitBeforeAttempt(after(6), RULE, T0)).toBe(8_000);
  });

  it("caps the wait at maxDelayMs, even for absurd failure counts", () => {
    expect(waitBeforeAttempt(after(7), RULE, T0)).toBe(10_000);
    expect(waitBeforeAttempt({ failures: 5_000, lastAt: T0 }, RULE, T0)).toBe(10_000);
  });

  it("counts the wait down from the last attempt", () => {
    const rec = after(4); // 2 s from T0
    expect(waitBeforeAttempt(rec, RULE, T0 + 500)).toBe(1_500);
    expect(waitBeforeAttempt(rec, RULE, T0 + 1_999)).toBe(1);
    expect(waitBeforeAttempt(rec, RULE, T0 + 2_000)).toBe(0);
    expect(waitBeforeAttempt(rec, RULE, T0 + 50_000)).toBe(0);
  });

  it("uses the shipped account and address rules", () => {
    const { account, address } = SIGN_IN_THROTTLE;
    expect(waitBeforeAttempt(after(account.freeFailures - 1, account), account, T0)).toBe(0);
    expect(waitBeforeAttempt(after(account.freeFailures, account), account, T0)).toBe(account.baseDelayMs);
    expect(waitBeforeAttempt(after(address.freeFailures - 1, address), address, T0)).toBe(0);
    expect(waitBeforeAttempt(after(address.freeFailures + 1, address), address, T0)).toBe(2 * address.baseDelayMs);
  });
});

describe("countAttempt", () => {
  it("adds one failure and stamps the time", () => {
    expect(countAttempt(undefined, RULE, T0)).toEqual({ failures: 1, lastAt: T0 });
    expect(countAttempt({ failures: 4, lastAt: T0 }, RULE, T0 + 10)).toEqual({ failures: 5, lastAt: T0 + 10 });
  });

  it("forgets a record older than forgetAfterMs: the count restarts at 1", () => {
    const old: FailureRecord = { failures: 50, lastAt: T0 };
    const later = T0 + RULE.forgetAfterMs + 1;
    expect(waitBeforeAttempt(old, RULE, later)).toBe(0);
    expect(countAttempt(old, RULE, later)).toEqual({ failures: 1, lastAt: later });
    // Still remembered well inside the window.
    expect(countAttempt(old, RULE, T0 + RULE.forgetAfterMs / 2).failures).toBe(51);
  });
});

describe("describeWait", () => {
  it("rounds up to whole seconds, singular for one", () => {
    expect(describeWait(0)).toBe("1 second");
    expect(describeWait(1)).toBe("1 second");
    expect(describeWait(1_000)).toBe("1 second");
    expect(describeWait(1_001)).toBe("2 seconds");
    expect(describeWait(119_000)).toBe("119 seconds");
  });

  it("switches to whole minutes (rounded up) from 120 s", () => {
    expect(describeWait(119_001)).toBe("2 minutes");
    expect(describeWait(120_000)).toBe("2 minutes");
    expect(describeWait(121_000)).toBe("3 minutes");
    expect(describeWait(15 * 60_000)).toBe("15 minutes");
  });
});

describe("waitBeforeAttempt properties", () => {
  const rule = fc.record({
    freeFailures: fc.integer({ min: 0, max: 30 }),
    baseDelayMs: fc.integer({ min: 1, max: 60_000 }),
    maxDelayMs: fc.integer({ min: 1, max: 3_600_000 }),
    forgetAfterMs: fc.integer({ min: 1, max: 86_400_000 }),
  });

  it("is within [0, maxDelayMs] and non-decreasing in failures at a fixed time", () => {
    fc.assert(
      fc.property(
        rule,
        fc.integer({ min: 0, max: 2_000 }),
        fc.integer({ min: 0, max: 2_000 }),
        fc.integer({ min: 0, max: 100_000_000 }),
        (r, a, b, elapsed) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const now = T0 + elapsed;
          const wLo = waitBeforeAttempt({ failures: lo, lastAt: T0 }, r, now);
          const wHi = waitBeforeAttempt({ failures: hi, lastAt: T0 }, r, now);
          for (const w of [wLo, wHi]) {
            expect(w).toBeGreaterThanOrEqual(0);
            expect(w).toBeLessThanOrEqual(r.maxDelayMs);
          }
          expect(wLo).toBeLessThanOrEqual(wHi);
        },
      ),
    );
  });
});
