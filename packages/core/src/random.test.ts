import { describe, expect, it } from "vitest";
import { seededRandom } from "./random.ts";

const take = (n: number, next: () => number) => Array.from({ length: n }, next);

describe("seededRandom", () => {
  it("gives mulberry32's sequence, so seeded demo and scale databases stay the same", () => {
    expect(take(3, seededRandom(42))).toEqual([0.6011037519201636, 0.44829055899754167, 0.8524657934904099]);
    expect(take(2, seededRandom(20_251))).toEqual([0.07983162719756365, 0.4085909971036017]);
  });

  it("repeats for the same seed and differs for another", () => {
    expect(take(50, seededRandom(7))).toEqual(take(50, seededRandom(7)));
    expect(take(50, seededRandom(7))).not.toEqual(take(50, seededRandom(8)));
  });

  it("stays in [0, 1) and spreads over it", () => {
    const xs = take(10_000, seededRandom(1));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
  });

  it("treats the seed as an unsigned 32-bit integer", () => {
    expect(take(3, seededRandom(-1))).toEqual(take(3, seededRandom(2 ** 32 - 1)));
  });
});
