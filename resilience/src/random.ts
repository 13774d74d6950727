/** A seeded generator (mulberry32): the suites log their seed so a failing run can be replayed. */
export function seeded(name: string) {
  const env = process.env.RESILIENCE_SEED;
  const seed = env !== undefined ? Number(env) : Date.now() % 2 ** 31;
  console.log(`${name}: seed ${seed} (RESILIENCE_SEED=${seed} replays it)`);
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  /** An integer in [lo, hi]. */
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  return { seed, next, int, pick: <T>(xs: readonly T[]) => xs[int(0, xs.length - 1)]! };
}
