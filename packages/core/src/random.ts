/** Numbers in [0, 1), like Math.random. */
export type Random = () => number;

/**
 * mulberry32: small, fast and deterministic, for data that must come out the
 * same on every run (demo and scale seeds, generated test input). Never for
 * secrets: its whole state is the 32-bit seed.
 */
export function seededRandom(seed: number): Random {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
