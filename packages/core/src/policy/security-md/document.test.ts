import { describe, expect, it } from "vitest";
import { excerpt, readDocument, sliceCap } from "./document.ts";

describe("readDocument", () => {
  it("keeps the normalised source and an analysis text of the same length with comments blanked", () => {
    const doc = readDocument("\uFEFF# Security\r\n\r\nWe reply <!-- maybe --> within 2 days.\r\n");
    expect(doc.src).toBe("# Security\n\nWe reply <!-- maybe --> within 2 days.\n");
    expect(doc.ana).toHaveLength(doc.src.length);
    expect(doc.ana).not.toContain("maybe");
    expect(doc.headings.map((h) => doc.src.slice(h.a, h.b))).toEqual(["Security"]);
    expect(doc.headingToks.map((t) => t.map((x) => x.s))).toEqual([["security"]]);
  });

  it("lists every @ outside code and comments, in order", () => {
    const doc = readDocument("a@x.org <!-- b@x.org -->\n\n```\nc@x.org\n```\n\n@d");
    expect(doc.ats.map((i) => doc.src.slice(i - 1, i + 2))).toEqual(["a@x", "\n@d"]);
  });

  it("reads the cues of each heading once", () => {
    const doc = readDocument("## Response times\n\ntext\n\n## Disclosure\n");
    expect(doc.headingCues.map((hits) => hits.map((h) => h.cue))).toEqual([["ack"], ["disclosure"]]);
  });
});

describe("excerpt", () => {
  it("copies the source, comments included, without surrounding white space", () => {
    const doc = readDocument("  We reply <!-- maybe --> within 2 days.  ");
    expect(excerpt(doc, 0, doc.src.length)).toBe("We reply <!-- maybe --> within 2 days.");
  });
});

describe("sliceCap", () => {
  it("reads at most 4,000 characters", () => {
    expect(sliceCap("x".repeat(5000), 10, 5000)).toHaveLength(4000);
    expect(sliceCap("abcdef", 1, 3)).toBe("bc");
  });
});
