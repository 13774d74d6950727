import {
  countAttempt,
  type FailureRecord,
  SIGN_IN_THROTTLE,
  type ThrottleRule,
  waitBeforeAttempt,
} from "@embargo/core";
import type { Db } from "@embargo/db";

/** Most records kept per kind: a flood of made-up emails cannot grow memory without bound. */
const MAX_RECORDS = 50_000;

class FailureBook {
  readonly #records = new Map<string, FailureRecord>();
  constructor(readonly rule: ThrottleRule) {}

  wait(key: string, now: number): number {
    return waitBeforeAttempt(this.#records.get(key), this.rule, now);
  }

  count(key: string, now: number): void {
    const next = countAttempt(this.#records.get(key), this.rule, now);
    this.#records.delete(key); // re-insert at the back: the front is the least recently seen
    this.#records.set(key, next);
    if (this.#records.size > MAX_RECORDS) this.#records.delete(this.#records.keys().next().value as string);
  }

  forget(key: string): void {
    this.#records.delete(key);
  }

  /** Take back one counted attempt (it turned out to be no failure). */
  refund(key: string): void {
    const r = this.#records.get(key);
    if (!r) return;
    if (r.failures <= 1) this.#records.delete(key);
    else this.#records.set(key, { ...r, failures: r.failures - 1 });
  }
}

/**
 * Sign-in attempts counted inside the procedure, per account and per client
 * address, whatever URL spelling or batch brought them (issue 9 §1). Kept in
 * memory: one process serves one database, and a restart is not something an
 * attacker can cause from outside.
 */
export class SignInThrottle {
  readonly #accounts = new FailureBook(SIGN_IN_THROTTLE.account);
  readonly #addresses = new FailureBook(SIGN_IN_THROTTLE.address);

  /** Milliseconds to wait, or 0; when 0 the attempt is counted now, before any password check. */
  admit(email: string, address: string | null, now: number): number {
    const wait = Math.max(this.#accounts.wait(email, now), address ? this.#addresses.wait(address, now) : 0);
    if (wait > 0) return wait;
    this.#accounts.count(email, now);
    if (address) this.#addresses.count(address, now);
    return 0;
  }

  /**
   * A right password clears the account's count. The address keeps its
   * failures (it may be guessing other accounts) but not this attempt: an
   * office behind one address signs in many times a day, and only failures
   * should ever slow it down.
   */
  succeeded(email: string, address: string | null): void {
    this.#accounts.forget(email);
    if (address) this.#addresses.refund(address);
  }
}

const byDb = new WeakMap<Db, SignInThrottle>();

/** One throttle per database, so every server and caller of it shares the counts. */
export function signInThrottleFor(db: Db): SignInThrottle {
  const known = byDb.get(db);
  if (known) return known;
  const t = new SignInThrottle();
  byDb.set(db, t);
  return t;
}
