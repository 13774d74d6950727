import { describe, expect, it } from "vitest";
import { cosine, findDuplicateCandidates, termVector } from "./similarity.ts";

const existing = [
  {
    id: 1,
    title: "Stored XSS in transcript viewer via speaker name",
    description: "The speaker name is rendered as HTML in the transcript viewer.",
  },
  {
    id: 2,
    title: "SSRF through webhook URL validation bypass",
    description: "DNS rebinding lets the webhook reach internal metadata.",
  },
  { id: 3, title: "Open redirect on logout", description: "The next parameter is not validated." },
];

describe("duplicate candidates", () => {
  it("ranks the report about the same bug first and ignores unrelated ones", () => {
    const c = findDuplicateCandidates(
      {
        title: "XSS in the transcript viewer (speaker name field)",
        description: "Setting a speaker name to <img onerror> runs script in the transcript viewer.",
      },
      existing,
    );
    expect(c.map((x) => x.item.id)).toEqual([1]);
    expect(c[0]!.score).toBeGreaterThan(0.5);
    expect(c[0]!.score).toBeLessThanOrEqual(1);
  });

  it("finds nothing for an unrelated report", () => {
    expect(
      findDuplicateCandidates(
        { title: "Denial of service with nested JSON", description: "Deep nesting pins the CPU." },
        existing,
      ),
    ).toEqual([]);
  });

  it("is symmetric, 1 for identical text and 0 for disjoint text", () => {
    const a = termVector("heap overflow in decoder", "crafted file overflows the heap");
    const b = termVector("decoder crash", "a crafted file crashes it");
    expect(cosine(a, b)).toBeCloseTo(cosine(b, a), 10);
    expect(cosine(a, a)).toBeCloseTo(1, 10);
    expect(cosine(a, termVector("unrelated words entirely", "nothing shared"))).toBe(0);
    expect(cosine(new Map(), a)).toBe(0);
  });
});
