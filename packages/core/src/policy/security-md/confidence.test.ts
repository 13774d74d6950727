import { describe, expect, it } from "vitest";
import { CONFIDENCE_THRESHOLD, confidenceOf, reasonsOf, SIGNALS } from "./confidence.ts";
import { parseSecurityMd } from "./index.ts";
import { d, h } from "./test-helpers.ts";

describe("confidenceOf", () => {
  it("is 1 with no weak reason and multiplies the factors of each weak reason once", () => {
    expect(confidenceOf([])).toBe(1);
    expect(confidenceOf(["cueOnlyInHeading"])).toBe(SIGNALS.cueOnlyInHeading.factor);
    expect(confidenceOf(["unitFromHeader", "unitFromHeader"])).toBe(SIGNALS.unitFromHeader.factor);
    expect(confidenceOf(["cueOnlyInHeading", "unitFromHeader"])).toBeCloseTo(
      SIGNALS.cueOnlyInHeading.factor * SIGNALS.unitFromHeader.factor,
      2,
    );
  });

  it("keeps a value with one weak reason, and drops one read from a guess on a guess", () => {
    const clockSignals = [
      "cueInOtherClause",
      "carriedOver",
      "cueOnlyInHeading",
      "farFromCue",
      "valueInHeading",
      "unitFromHeader",
      "columnRoleInferred",
      "tableSummary",
    ] as const;
    for (const s of clockSignals) expect(confidenceOf([s]), s).toBeGreaterThanOrEqual(CONFIDENCE_THRESHOLD);
    expect(confidenceOf(["cueOnlyInHeading", "unitFromHeader"])).toBeLessThan(CONFIDENCE_THRESHOLD);
    expect(confidenceOf(["cueOnlyInHeading", "farFromCue"])).toBeLessThan(CONFIDENCE_THRESHOLD);
    expect(confidenceOf(["contactWeak"])).toBeLessThan(CONFIDENCE_THRESHOLD);
  });

  it("explains each weak reason once", () => {
    expect(reasonsOf(["farFromCue", "farFromCue", "cueOnlyInHeading"])).toBe(
      `${SIGNALS.farFromCue.reason}; ${SIGNALS.cueOnlyInHeading.reason}`,
    );
  });
});

describe("parseSecurityMd confidence", () => {
  it("is certain of a cue in the number's own clause with the unit beside the number", () => {
    const p = parseSecurityMd("We acknowledge every report within 48 hours.");
    expect(p.acknowledge).toEqual(h(48));
    expect(p.confidence).toEqual({ acknowledge: 1 });
    expect(p.possiblyRelevant).toEqual([]);
  });

  it("reads a label and its colon as the number's own clause, and a cue across a comma as less sure", () => {
    expect(parseSecurityMd("- **Initial response:** within 2 business days").confidence).toEqual({ acknowledge: 1 });
    expect(parseSecurityMd("We acknowledge reports, and we do it within 3 days.").confidence).toEqual({
      acknowledge: SIGNALS.cueInOtherClause.factor,
    });
  });

  it("is less sure when only the heading says what the number is for, and still fills the field", () => {
    const p = parseSecurityMd("## Acknowledgement\n\nTypically within 48 hours.");
    expect(p.acknowledge).toEqual(h(48));
    expect(p.confidence.acknowledge).toBe(SIGNALS.cueOnlyInHeading.factor);
  });

  it("is less sure of a number far from its cue", () => {
    const p = parseSecurityMd(
      "We acknowledge every report that reaches us through the form or by email, from anyone anywhere in the world, in about 3 days.",
    );
    expect(p.acknowledge).toEqual(d(3));
    expect(p.confidence.acknowledge).toBeLessThan(1);
  });

  it("leaves the field empty below the threshold and offers the sentence as possibly relevant", () => {
    // Only the heading says these are response times, and only the column header gives the unit.
    const p = parseSecurityMd("## Response times\n\n| Severity | Days |\n|---|---|\n| Critical | 2 |\n| Low | 10 |\n");
    expect(p.acknowledge).toBeNull();
    expect(p.emergency).toBeNull();
    expect(p.confidence).toEqual({});
    expect(p.evidence).toEqual({});
    expect(p.possiblyRelevant).toEqual([
      { field: "acknowledge", excerpt: "| Low | 10 |", reason: expect.stringContaining("column header") },
      { field: "emergency", excerpt: "| Critical | 2 |", reason: expect.stringContaining("section heading") },
    ]);
  });

  it("lets a sure value win over an unsure one for the same field, and then offers nothing for it", () => {
    const p = parseSecurityMd(
      "## Response times\n\n| Severity | Days |\n|---|---|\n| Critical | 2 |\n| Low | 10 |\n\nWe acknowledge every report within 3 business days.\n",
    );
    expect(p.acknowledge).toEqual({ amount: 3, unit: "business_days" });
    expect(p.possiblyRelevant.map((x) => x.field)).toEqual(["emergency"]);
  });

  it("offers one possibly relevant entry for a fix time of every severity", () => {
    const p = parseSecurityMd("## Remediation\n\n| Component | Days |\n|---|---|\n| API | 30 |\n");
    expect(p.resolve).toEqual({ critical: null, high: null, medium: null, low: null });
    expect(p.possiblyRelevant).toEqual([{ field: "resolve", excerpt: "| API | 30 |", reason: expect.any(String) }]);
  });
});
