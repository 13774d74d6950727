import { describe, expect, it } from "vitest";
import { isConditional, isRate, readClauseBefore } from "./non-promises.ts";
import { firstDuration } from "./test-helpers.ts";

describe("isConditional", () => {
  it.each([
    ["If you do not hear back within 48 hours, follow up.", true],
    ["If we fail to respond within 5 days, escalate.", true],
    ["Unless agreed otherwise, we disclose after 90 days.", true],
    ["If you report it, we reply within 48 hours.", false],
    ["We reply within 48 hours.", false],
  ])("%s → %s", (text, want) => {
    const { toks, start } = firstDuration(text);
    expect(isConditional(toks, start)).toBe(want);
  });
});

describe("readClauseBefore", () => {
  it.each([
    ["We reply within 48 hours.", "promise"],
    ["We do not guarantee a response within 48 hours.", "no_promise"],
    ["We won't reply within 48 hours.", "no_promise"],
    ["We may extend beyond 60 days.", "no_promise"],
    ["Fixes exceeding 30 days are rare.", "no_promise"],
    ["The embargo will not exceed 90 days.", "promise"],
    ["It should never go beyond 45 days.", "promise"],
    ["Please do not disclose before 90 days.", "disclosure_only"],
    ["We will not take longer than 30 days.", "promise"],
    ["We do not sell data, but we reply within 2 days.", "promise"],
  ])("%s → %s", (text, reading) => {
    const { toks, start } = firstDuration(text);
    expect(readClauseBefore(toks, start).reading).toBe(reading);
  });

  it("returns up to eight words of the clause, nearest first", () => {
    const { toks, start } = firstDuration("Hello, we will always try hard to really quickly reply within 2 days.");
    expect(readClauseBefore(toks, start).words).toEqual([
      "within",
      "reply",
      "quickly",
      "really",
      "to",
      "hard",
      "try",
      "always",
    ]);
  });
});

describe("isRate", () => {
  it.each([
    ["available 24 hours a day", true],
    ["7 days a week", true],
    ["2 hours per day", true],
    ["48 hours at most", false],
    ["48 hours", false],
  ])("%s → %s", (text, want) => {
    const { toks, end } = firstDuration(text);
    expect(isRate(toks, end)).toBe(want);
  });
});
