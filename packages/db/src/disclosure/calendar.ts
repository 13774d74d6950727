import { randomBytes } from "node:crypto";
import type { Severity } from "@embargo/core";
import { and, asc, eq, gte, inArray, isNull, lte, or, type SQL } from "drizzle-orm";
import { type Actor, appendAudit } from "../audit/log.ts";
import type { Conn } from "../client.ts";
import { reportMilestones } from "../schema/disclosure.ts";
import { programs } from "../schema/programs.ts";
import { reports } from "../schema/reports.ts";
import { users } from "../schema/users.ts";
import { sha256Hex } from "../sha256.ts";

export interface CalendarFilter {
  programIds: number[];
  from: Date;
  to: Date;
  severities?: Severity[] | undefined;
}

export interface CalendarEntry {
  /** Stable per report and kind: the iCalendar UID is built from it. */
  uid: string;
  kind: "disclosure" | "fix_release";
  at: Date;
  timeZone: string;
  key: string;
  title: string;
  programSlug: string;
  programName: string;
  severity: Severity | null;
  state: string;
  disclosureState: string;
  /** fix_release: whether the target was set by hand or comes from the resolve clock. */
  source: "plan" | "milestone" | "resolve_clock";
  /** The report's last change: a calendar feed's SEQUENCE and LAST-MODIFIED, so a moved date replaces the old one. */
  updatedAt: Date;
}

const ENTRY_LIMIT = 2_000;

/**
 * Disclosure targets and fix-release targets in [from, to] across the given
 * programs, in date order: what /disclosures and the .ics feed show. Only
 * plans still to be published and fixes not yet released are listed.
 */
export function calendarEntries(db: Conn, f: CalendarFilter): CalendarEntry[] {
  if (f.programIds.length === 0) return [];
  const common = (extra: SQL | undefined) =>
    and(
      inArray(reports.programId, f.programIds),
      f.severities?.length ? inArray(reports.severity, f.severities) : undefined,
      extra,
    );
  const base = {
    id: reports.id,
    key: reports.key,
    title: reports.title,
    severity: reports.severity,
    state: reports.state,
    disclosureState: reports.disclosureState,
    programSlug: programs.slug,
    programName: programs.name,
    policy: programs.policy,
    updatedAt: reports.updatedAt,
  };
  const disclosures = db
    .select({ ...base, at: reports.disclosureTargetAt, tz: reports.disclosureTimeZone })
    .from(reports)
    .innerJoin(programs, eq(programs.id, reports.programId))
    .where(
      common(
        and(
          inArray(reports.disclosureState, ["proposed", "agreed", "extended"]),
          gte(reports.disclosureTargetAt, f.from),
          lte(reports.disclosureTargetAt, f.to),
        ),
      ),
    )
    .orderBy(asc(reports.disclosureTargetAt))
    .limit(ENTRY_LIMIT)
    .all();
  // A fix is due at its milestone's target when one is set, else at the resolve clock's due instant.
  const fixes = db
    .select({
      ...base,
      resolveDueAt: reports.resolveDueAt,
      milestoneTarget: reportMilestones.targetAt,
    })
    .from(reports)
    .innerJoin(programs, eq(programs.id, reports.programId))
    .leftJoin(
      reportMilestones,
      and(eq(reportMilestones.reportId, reports.id), eq(reportMilestones.kind, "fix_released")),
    )
    .where(
      common(
        and(
          inArray(reports.state, ["triaged", "fixing"]),
          isNull(reportMilestones.actualAt),
          or(
            and(gte(reportMilestones.targetAt, f.from), lte(reportMilestones.targetAt, f.to)),
            and(isNull(reportMilestones.targetAt), gte(reports.resolveDueAt, f.from), lte(reports.resolveDueAt, f.to)),
          ),
        ),
      ),
    )
    .limit(ENTRY_LIMIT)
    .all();
  const out: CalendarEntry[] = [];
  for (const d of disclosures) {
    if (!d.at) continue;
    out.push({
      uid: `${d.key}-disclosure`,
      kind: "disclosure",
      at: d.at,
      timeZone: d.tz ?? d.policy.calendar.timeZone,
      key: d.key,
      title: d.title,
      programSlug: d.programSlug,
      programName: d.programName,
      severity: d.severity,
      state: d.state,
      disclosureState: d.disclosureState,
      source: "plan",
      updatedAt: d.updatedAt,
    });
  }
  for (const x of fixes) {
    const at = x.milestoneTarget ?? x.resolveDueAt;
    if (!at) continue;
    out.push({
      uid: `${x.key}-fix-release`,
      kind: "fix_release",
      at,
      timeZone: x.policy.calendar.timeZone,
      key: x.key,
      title: x.title,
      programSlug: x.programSlug,
      programName: x.programName,
      severity: x.severity,
      state: x.state,
      disclosureState: x.disclosureState,
      source: x.milestoneTarget ? "milestone" : "resolve_clock",
      updatedAt: x.updatedAt,
    });
  }
  return out.sort((a, b) => a.at.getTime() - b.at.getTime() || a.uid.localeCompare(b.uid));
}

/** A new secret for the user's calendar feed URL; the old URL stops working at once. Returns the token (shown once in the URL). */
export function regenerateCalendarToken(db: Conn, userId: number, actor: Actor, now: Date): string {
  const token = randomBytes(32).toString("base64url");
  db.update(users)
    .set({ calendarTokenHash: sha256Hex(token) })
    .where(eq(users.id, userId))
    .run();
  appendAudit(db, actor, { action: "user.calendar_feed.regenerate", entityType: "user", entityId: userId }, now);
  return token;
}

export function revokeCalendarToken(db: Conn, userId: number, actor: Actor, now: Date): void {
  db.update(users).set({ calendarTokenHash: null }).where(eq(users.id, userId)).run();
  appendAudit(db, actor, { action: "user.calendar_feed.revoke", entityType: "user", entityId: userId }, now);
}

export const hasCalendarFeed = (db: Conn, userId: number): boolean =>
  !!db.select({ h: users.calendarTokenHash }).from(users).where(eq(users.id, userId)).get()?.h;

/** The enabled user a calendar token belongs to. */
export function userByCalendarToken(db: Conn, token: string) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  return db
    .select({ id: users.id, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.calendarTokenHash, sha256Hex(token)))
    .get();
}
