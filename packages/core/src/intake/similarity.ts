/**
 * Near-duplicate detection for intake: cosine similarity of term-frequency
 * vectors over the title (counted twice: titles carry the most signal) and
 * the start of the description. Cheap, explainable, and good enough to put
 * candidates in front of a person, who decides.
 */
const STOP = new Set(
  "the and for with that this from are was were can has have had not but you your our their its into via using use when then than which what who how all any been being also may might will would should could there here about after before over under more most such only other some these those them they".split(
    " ",
  ),
);

export type TermVector = Map<string, number>;

export function termVector(title: string, description: string): TermVector {
  const v: TermVector = new Map();
  const add = (text: string, weight: number) => {
    for (const raw of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
      if (raw.length < 3 || STOP.has(raw) || /^\d+$/.test(raw)) continue;
      v.set(raw, (v.get(raw) ?? 0) + weight);
    }
  };
  add(title, 2);
  add(description.slice(0, 5_000), 1);
  return v;
}

export function cosine(a: TermVector, b: TermVector): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [k, x] of a) {
    na += x * x;
    const y = b.get(k);
    if (y) dot += x * y;
  }
  for (const y of b.values()) nb += y * y;
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

export interface DuplicateCandidate<T> {
  item: T;
  score: number;
}

/** The most similar existing reports above `threshold`, best first. */
export function findDuplicateCandidates<T extends { title: string; description: string }>(
  report: { title: string; description: string },
  existing: readonly T[],
  { threshold = 0.35, limit = 5 } = {},
): DuplicateCandidate<T>[] {
  const v = termVector(report.title, report.description);
  return existing
    .map((item) => ({ item, score: Math.round(cosine(v, termVector(item.title, item.description)) * 100) / 100 }))
    .filter((c) => c.score >= threshold)
    .sort((a, b) => b.score - a.score)
    .slice(0, limit);
}
