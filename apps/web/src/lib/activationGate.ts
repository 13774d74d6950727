/**
 * Lets one activation through and ignores the next ones for `windowMs`: a
 * double click (or a bouncing Enter) on an action fires it once. `holdFor`
 * extends the quiet time, e.g. while the next buttons have just appeared
 * where the pointer still is. Time is passed in, so tests need no clock.
 */
export function createActivationGate(windowMs: number, now: () => number = Date.now) {
  let quietUntil = Number.NEGATIVE_INFINITY;
  return {
    /** True when this activation may proceed; it then starts a quiet window. */
    pass(): boolean {
      const t = now();
      if (t < quietUntil) return false;
      quietUntil = t + windowMs;
      return true;
    },
    /** Ignore activations for `ms` from now (never shortens a running window). */
    holdFor(ms: number = windowMs): void {
      quietUntil = Math.max(quietUntil, now() + ms);
    },
    isQuiet(): boolean {
      return now() < quietUntil;
    },
  };
}
export type ActivationGate = ReturnType<typeof createActivationGate>;
