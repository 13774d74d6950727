import { SIGN_IN_THROTTLE } from "@embargo/core";
import { describe, expect, it } from "vitest";
import { SignInThrottle, signInThrottleFor } from "./sign-in-throttle.ts";

const T0 = 1_900_000_000_000;
const { account, address } = SIGN_IN_THROTTLE;

/** Admits `n` attempts at `now`, each expected to go through. */
const spend = (t: SignInThrottle, n: number, email: (i: number) => string, addr: string | null = null) => {
  for (let i = 0; i < n; i++) expect(t.admit(email(i), addr, T0)).toBe(0);
};

describe("SignInThrottle", () => {
  it("counts each admitted attempt, before any password check", () => {
    const t = new SignInThrottle();
    spend(t, account.freeFailures, () => "alice@example.com");
    expect(t.admit("alice@example.com", null, T0)).toBe(account.baseDelayMs);
    expect(t.admit("alice@example.com", null, T0 + 500)).toBe(account.baseDelayMs - 500);
  });

  it("treats an email with no account just the same", () => {
    const t = new SignInThrottle();
    spend(t, account.freeFailures, () => "nobody@nowhere.invalid");
    expect(t.admit("nobody@nowhere.invalid", null, T0)).toBe(account.baseDelayMs);
  });

  it("does not count a refused attempt; the next admitted one doubles the wait", () => {
    const t = new SignInThrottle();
    spend(t, account.freeFailures, () => "alice@example.com");
    for (let i = 0; i < 10; i++) expect(t.admit("alice@example.com", null, T0 + i)).toBeGreaterThan(0);
    const later = T0 + account.baseDelayMs;
    expect(t.admit("alice@example.com", null, later)).toBe(0);
    expect(t.admit("alice@example.com", null, later)).toBe(2 * account.baseDelayMs);
  });

  it("keeps accounts apart", () => {
    const t = new SignInThrottle();
    spend(t, account.freeFailures, () => "alice@example.com");
    expect(t.admit("bob@example.com", null, T0)).toBe(0);
  });

  it("limits one address across different emails", () => {
    const t = new SignInThrottle();
    spend(t, address.freeFailures, (i) => `user${i}@example.com`, "203.0.113.7");
    expect(t.admit("fresh@example.com", "203.0.113.7", T0)).toBe(address.baseDelayMs);
    expect(t.admit("fresh@example.com", "198.51.100.9", T0)).toBe(0);
  });

  it("succeeded clears the account and takes back only its own attempt from the address", () => {
    const t = new SignInThrottle();
    // Four accounts, 5 attempts each (their free failures); 20 from the address (its free failures).
    spend(t, address.freeFailures, (i) => `user${i % 4}@example.com`, "203.0.113.7");
    expect(t.admit("user0@example.com", null, T0)).toBeGreaterThan(0);
    // One of those 20 was right: the address is back to 19 failures, one attempt free, then waits again.
    t.succeeded("user0@example.com", "203.0.113.7");
    expect(t.admit("user0@example.com", null, T0)).toBe(0);
    expect(t.admit("user0@example.com", "203.0.113.7", T0)).toBe(0);
    expect(t.admit("user0@example.com", "203.0.113.7", T0)).toBe(address.baseDelayMs);
    expect(t.admit("user1@example.com", null, T0)).toBeGreaterThan(0);
  });

  it("never slows an address whose attempts all succeed (an office behind one NAT)", () => {
    const t = new SignInThrottle();
    for (let i = 0; i < 5 * address.freeFailures; i++) {
      expect(t.admit(`colleague${i}@example.com`, "198.51.100.20", T0 + i)).toBe(0);
      t.succeeded(`colleague${i}@example.com`, "198.51.100.20");
    }
    // Failures still count from zero: the free ones, then the wait.
    spend(t, address.freeFailures, (i) => `guess${i}@example.com`, "198.51.100.20");
    expect(t.admit("guess@example.com", "198.51.100.20", T0)).toBe(address.baseDelayMs);
  });

  it("keeps at most 50,000 records: the oldest is forgotten", () => {
    const flood = (others: number) => {
      const t = new SignInThrottle();
      spend(t, account.freeFailures, () => "target@example.com");
      for (let i = 0; i < others; i++) t.admit(`made-up-${i}@example.com`, null, T0);
      return t.admit("target@example.com", null, T0);
    };
    expect(flood(49_999)).toBeGreaterThan(0); // 50,000 records: all kept
    expect(flood(50_000)).toBe(0); // 50,001: the oldest (target) went
  });
});

describe("signInThrottleFor", () => {
  it("shares one throttle per database object", () => {
    const db1 = {} as never;
    const db2 = {} as never;
    expect(signInThrottleFor(db1)).toBe(signInThrottleFor(db1));
    expect(signInThrottleFor(db1)).not.toBe(signInThrottleFor(db2));
    expect(signInThrottleFor(db1)).toBeInstanceOf(SignInThrottle);
  });
});
