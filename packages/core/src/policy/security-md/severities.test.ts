import { describe, expect, it } from "vitest";
import { SEVERITIES } from "../../severity/levels.ts";
import { RESOLVE_SEVERITIES, severityWordsIn } from "./severities.ts";
import { tokensOf } from "./test-helpers.ts";

describe("severities", () => {
  it("promise fix times for core's severities except none, most severe first", () => {
    expect(RESOLVE_SEVERITIES).toEqual(SEVERITIES.filter((s) => s !== "none"));
  });

  it('reads severity words once each, "moderate" as medium', () => {
    const toks = tokensOf("Critical and moderate issues, high too, and critical again");
    expect(severityWordsIn(toks, 0, toks.length)).toEqual(["critical", "medium", "high"]);
  });

  it("reads only the given token range", () => {
    const toks = tokensOf("low for now, high later");
    expect(severityWordsIn(toks, 1, toks.length)).toEqual(["high"]);
    expect(severityWordsIn(toks, 0, 1)).toEqual(["low"]);
  });
});
