import { exactTime, relativeTime, shortAge } from "../../lib/time.ts";

/** Relative time, with the exact instant and time zone on hover. */
export function RelativeTime({ at, short = false }: { at: Date; short?: boolean }) {
  return (
    <time dateTime={at.toISOString()} title={exactTime(at)}>
      {short ? shortAge(at) : relativeTime(at)}
    </time>
  );
}
