import { formatZonedInstant } from "@embargo/core";
import { type CalendarEntry, calendarEntries, type Db, membershipsOf, userByCalendarToken } from "@embargo/db";
import type { FastifyInstance } from "fastify";
import ical, { ICalCalendarMethod, ICalEventTransparency } from "ical-generator";

const DAY_MS = 86_400_000;
/** What a subscribed calendar shows: a month back (recently passed dates) to a year ahead. */
const PAST_MS = 30 * DAY_MS;
const AHEAD_MS = 365 * DAY_MS;
/**
 * SEQUENCE counts seconds of the report's last change since this instant:
 * it only grows, so a client replaces an event whose date moved, and it stays
 * well inside the 32-bit integer calendar clients parse it into.
 */
const SEQUENCE_EPOCH_MS = Date.UTC(2024, 0, 1);

export interface CalendarFeedConfig {
  db: Db;
  /** Where the dashboard is reached: the host of every UID and the report links. */
  publicUrl: string;
  now: () => Date;
}

/** Unknown, malformed, revoked and disabled all answer alike. */
const NOT_FOUND = { error: "This calendar feed is not valid. Make a new feed URL on the Disclosures page." };

const SUMMARY_PREFIX: Record<CalendarEntry["kind"], string> = {
  disclosure: "Disclosure",
  fix_release: "Fix release due",
};

/**
 * The iCalendar (RFC 5545) text of a user's feed. One event per report and
 * kind whose UID never changes, so a moved date updates the event in place.
 * Titles are researcher-supplied text: the library escapes them (commas,
 * semicolons, line breaks), so they cannot start properties or events of their own.
 */
export function calendarFeed(entries: CalendarEntry[], publicUrl: string, now: Date): string {
  const base = publicUrl.replace(/\/+$/, "");
  const host = new URL(base).hostname;
  const cal = ical({
    name: "Embargo: disclosures and fix releases",
    prodId: { company: "Embargo", product: "disclosure-calendar", language: "EN" },
    method: ICalCalendarMethod.PUBLISH,
    // Ask clients to refresh hourly (most poll less often whatever is asked).
    ttl: 3600,
  });
  for (const e of entries) {
    const link = `${base}/reports/${encodeURIComponent(e.key)}`;
    const when = formatZonedInstant(e.at, e.timeZone);
    const what =
      e.kind === "disclosure"
        ? `Disclosure of ${e.key} (plan ${e.disclosureState}) on ${when}.`
        : `Fix release for ${e.key} due ${when}${e.source === "resolve_clock" ? " (the resolve clock's deadline)" : ""}.`;
    cal.createEvent({
      id: `${e.uid}@${host}`,
      start: e.at,
      summary: `${SUMMARY_PREFIX[e.kind]}: ${e.key} ${e.title}`,
      description: `${what}\n${e.programName} · severity ${e.severity ?? "unrated"}\n${link}`,
      url: link,
      stamp: now,
      lastModified: e.updatedAt,
      sequence: Math.max(0, Math.floor((e.updatedAt.getTime() - SEQUENCE_EPOCH_MS) / 1000)),
      // A date to know about, not time to block.
      transparency: ICalEventTransparency.TRANSPARENT,
    });
  }
  return cal.toString();
}

/**
 * GET /calendar/<token>.ics: a person's disclosure and fix-release dates for
 * calendar apps, which cannot sign in, so the secret URL is the credential
 * (only its SHA-256 is stored; the path is never logged, see pathForLog).
 */
export function registerCalendarFeedRoutes(app: FastifyInstance, cfg: CalendarFeedConfig) {
  // Calendar apps poll; the limit is for someone guessing tokens.
  const readLimit = { rateLimit: { max: 120, timeWindow: "1 minute" } };
  app.get<{ Params: { token: string } }>("/calendar/:token.ics", { config: readLimit }, async (req, reply) => {
    reply.header("Cache-Control", "no-store");
    const user = userByCalendarToken(cfg.db, req.params.token);
    if (!user || user.disabledAt) return reply.code(404).send(NOT_FOUND);
    const now = cfg.now();
    // The programs the owner is a member of now: a membership removed since the URL was made no longer shows.
    const programIds = membershipsOf(cfg.db, user.id).map((m) => m.programId);
    const entries = calendarEntries(cfg.db, {
      programIds,
      from: new Date(now.getTime() - PAST_MS),
      to: new Date(now.getTime() + AHEAD_MS),
    });
    return reply
      .header("Content-Type", "text/calendar; charset=utf-8")
      .header("Content-Disposition", 'inline; filename="embargo-disclosures.ics"')
      .send(calendarFeed(entries, cfg.publicUrl, now));
  });
}
