import { describe, expect, it } from "vitest";
import { findCues, hasAny } from "./cues.ts";
import { tokensOf } from "./test-helpers.ts";

const cues = (text: string) => {
  const toks = tokensOf(text);
  return findCues(toks).map((hit) => [hit.cue, toks[hit.tok]?.s]);
};

describe("findCues", () => {
  it("finds cues in token order, with wildcard endings", () => {
    expect(cues("We acknowledge reports and publish advisories for the fix.")).toEqual([
      ["ack", "acknowledge"],
      ["disclosure", "publish"],
      ["disclosure", "advisories"],
      ["resolve", "fix"],
    ]);
  });

  it("lets a longer phrase claim its words first", () => {
    expect(cues("You receive a detailed response.")).toEqual([["assess", "detailed"]]);
    expect(cues("You receive a response.")).toEqual([["ack", "response"]]);
  });

  it('reads "on-call" as "on call"', () => {
    expect(cues("Page the on-call engineer.")).toEqual([["emergency", "on"]]);
  });

  it('leaves bare "updates" out: releasing updates is no promise to the reporter', () => {
    expect(cues("We release updates monthly.")).toEqual([]);
    expect(cues("We send status updates.")).toEqual([["update", "status"]]);
  });
});

describe("hasAny", () => {
  it("matches whole words, or word starts for patterns ending in *", () => {
    const toks = tokensOf("Security contact: psirt");
    expect(hasAny(toks, ["secur*"])).toBe(true);
    expect(hasAny(toks, ["psirt"])).toBe(true);
    expect(hasAny(toks, ["contacts"])).toBe(false);
    expect(hasAny(tokensOf("insecure"), ["secur*"])).toBe(false);
  });
});
