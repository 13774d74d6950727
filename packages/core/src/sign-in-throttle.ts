/**
 * Password-guessing throttle, as pure rules: every sign-in attempt counts as a
 * failure until it succeeds, so parallel or batched guesses are counted before
 * any password is checked. After `freeFailures`, each further attempt must wait
 * an exponentially growing delay. The same rules apply to an email with no
 * account, so the answer never tells who has one.
 */
export interface ThrottleRule {
  /** Failures allowed before any delay. */
  freeFailures: number;
  /** Delay after the first failure past the free ones; doubles with each further one. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A record this old since its last failure is forgotten. */
  forgetAfterMs: number;
}

export interface FailureRecord {
  failures: number;
  /** Epoch ms of the last counted attempt. */
  lastAt: number;
}

const MINUTE = 60_000;

/** Per account (any email string, existing or not) and per client address. */
export const SIGN_IN_THROTTLE: { account: ThrottleRule; address: ThrottleRule } = {
  account: { freeFailures: 5, baseDelayMs: 2_000, maxDelayMs: 15 * MINUTE, forgetAfterMs: 24 * 60 * MINUTE },
  // Wider: an office or a NAT puts many people behind one address.
  address: { freeFailures: 20, baseDelayMs: 1_000, maxDelayMs: 15 * MINUTE, forgetAfterMs: 60 * MINUTE },
};

const live = (rec: FailureRecord | undefined, rule: ThrottleRule, now: number) =>
  rec && now - rec.lastAt < rule.forgetAfterMs ? rec : undefined;

/** Milliseconds until the next attempt is allowed; 0 when it is allowed now. */
export function waitBeforeAttempt(rec: FailureRecord | undefined, rule: ThrottleRule, now: number): number {
  const r = live(rec, rule, now);
  if (!r || r.failures < rule.freeFailures) return 0;
  const delay = Math.min(rule.baseDelayMs * 2 ** (r.failures - rule.freeFailures), rule.maxDelayMs);
  // Capped again in case the clock stepped back past the last attempt.
  return Math.min(Math.max(0, r.lastAt + delay - now), rule.maxDelayMs);
}

/** The record after one more counted attempt. */
export function countAttempt(rec: FailureRecord | undefined, rule: ThrottleRule, now: number): FailureRecord {
  const r = live(rec, rule, now);
  return { failures: (r?.failures ?? 0) + 1, lastAt: now };
}

/** Plain words for a refused attempt: rounded up to whole seconds or minutes. */
export function describeWait(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 120) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  return `${Math.ceil(seconds / 60)} minutes`;
}
