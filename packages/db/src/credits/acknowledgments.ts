import { type AckFormat, type AckPeriod, renderAckList, utcDay } from "@embargo/core";
import type { Conn } from "../client.ts";
import { acknowledgmentEntries } from "./reads.ts";

/**
 * One acknowledgment list as a file, for the dashboard (credits.acknowledgments) and
 * `embargo export acknowledgments`, so both hand out the same bytes: the programs the
 * caller may see (one, or all of theirs), the period and the format.
 */
export function acknowledgmentFile(
  db: Conn,
  scope: { programs: { id: number; name: string; slug: string }[]; one: boolean },
  period: AckPeriod,
  format: AckFormat,
  now: Date,
): { body: string; mediaType: string; filename: string } {
  const only = scope.one ? scope.programs[0] : undefined;
  const entries = acknowledgmentEntries(
    db,
    scope.programs.map((p) => p.id),
    period,
  );
  const rendered = renderAckList(format, {
    title: only ? `Acknowledgments — ${only.name}` : "Acknowledgments",
    from: period.from,
    to: period.to,
    entries,
    generatedAt: now,
  });
  const days = [period.from && `from-${utcDay(period.from)}`, period.to && `to-${utcDay(period.to)}`].filter(Boolean);
  const filename = ["acknowledgments", only?.slug ?? "all", ...days].join("-");
  return { body: rendered.body, mediaType: rendered.mediaType, filename: `${filename}.${rendered.extension}` };
}
