import { and, asc, count, desc, eq, inArray, isNull, max, min, or, type SQL, sql } from "drizzle-orm";
import type { Conn } from "../client.ts";
import { containing } from "../like.ts";
import { credits } from "../schema/credits.ts";
import { programs } from "../schema/programs.ts";
import { reportEvents, reports } from "../schema/reports.ts";
import { researchers } from "../schema/researchers.ts";
import { isInvalidReport, isValidReport, median } from "./outcomes.ts";

export type ResearcherRow = typeof researchers.$inferSelect;

/** How an erased record is named wherever a name would be shown. */
export const erasedLabel = (id: number) => `erased researcher #${id}`;

/** Researchers with a report or a credit in one of the programs: who a viewer of those programs may look up. */
function involvedIn(programIds: number[]): SQL {
  return sql`${researchers.id} IN (
    SELECT ${reports.researcherId} FROM ${reports} WHERE ${inArray(reports.programId, programIds)} AND ${reports.researcherId} IS NOT NULL
    UNION SELECT ${credits.researcherId} FROM ${credits} JOIN ${reports} ON ${reports.id} = ${credits.reportId}
      WHERE ${inArray(reports.programId, programIds)})`;
}

export interface DirectoryQuery {
  programIds: number[];
  q?: string | null;
  page: number;
  pageSize: number;
}

/**
 * One page of the researcher directory: the people involved in the given programs
 * (records merged into another are hidden), with their report counts over those
 * programs only, most recent reporter first.
 */
export function researcherDirectory(db: Conn, query: DirectoryQuery) {
  const { programIds, page, pageSize } = query;
  if (programIds.length === 0) return { total: 0, rows: [] };
  const q = query.q?.trim();
  const like = q ? containing(q) : null;
  const where = and(
    isNull(researchers.mergedIntoId),
    involvedIn(programIds),
    like
      ? or(
          sql`lower(${researchers.name}) LIKE ${like} ESCAPE '\\'`,
          sql`lower(${researchers.handle}) LIKE ${like} ESCAPE '\\'`,
          sql`lower(${researchers.email}) LIKE ${like} ESCAPE '\\'`,
        )
      : undefined,
  );
  const total = db.select({ n: count() }).from(researchers).where(where).get()?.n ?? 0;
  // Counts over the viewer's programs only: a LEFT JOIN so a credits-only person shows 0 reports.
  const mine = and(eq(reports.researcherId, researchers.id), inArray(reports.programId, programIds));
  const lastReportAt = max(reports.receivedAt);
  const rows = db
    .select({
      id: researchers.id,
      name: researchers.name,
      handle: researchers.handle,
      email: researchers.email,
      links: researchers.links,
      languages: researchers.languages,
      erasedAt: researchers.erasedAt,
      reports: count(reports.id),
      valid: sql<number>`coalesce(sum(${isValidReport}), 0)`.mapWith(Number),
      invalid: sql<number>`coalesce(sum(${isInvalidReport}), 0)`.mapWith(Number),
      lastReportAt: sql<number | null>`${lastReportAt}`.mapWith((v: number | null) =>
        v === null ? null : new Date(v),
      ),
    })
    .from(researchers)
    .leftJoin(reports, mine)
    .where(where)
    .groupBy(researchers.id)
    .orderBy(sql`${lastReportAt} IS NULL`, desc(lastReportAt), asc(researchers.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all();
  return { total, rows };
}
export type DirectoryRow = ReturnType<typeof researcherDirectory>["rows"][number];

/** A researcher record, or undefined. */
export function researcherById(db: Conn, id: number): ResearcherRow | undefined {
  return db.select().from(researchers).where(eq(researchers.id, id)).get();
}

/** Whether the researcher has a report or credit in one of the programs. */
export function researcherVisibleIn(db: Conn, id: number, programIds: number[]): boolean {
  if (programIds.length === 0) return false;
  return !!db
    .select({ id: researchers.id })
    .from(researchers)
    .where(and(eq(researchers.id, id), involvedIn(programIds)))
    .get();
}

/** Every program the researcher's reports or credits are in, whoever may see them: who may merge or erase them. */
export function programsOfResearcher(db: Conn, ids: number[]): number[] {
  if (ids.length === 0) return [];
  const fromReports = db
    .selectDistinct({ id: reports.programId })
    .from(reports)
    .where(inArray(reports.researcherId, ids))
    .all();
  const fromCredits = db
    .selectDistinct({ id: reports.programId })
    .from(credits)
    .innerJoin(reports, eq(reports.id, credits.reportId))
    .where(inArray(credits.researcherId, ids))
    .all();
  return [...new Set([...fromReports, ...fromCredits].map((r) => r.id))];
}

/**
 * A researcher's reports in the given programs, newest first, and their track record
 * over exactly those reports: outcomes, severities, first and last report, credits
 * received (accepted, not withdrawn, on disclosed reports), and the median time from
 * their report to our acknowledgement (the first transition out of `new`).
 */
export function researcherTrackRecord(db: Conn, researcherId: number, programIds: number[]) {
  const empty = programIds.length === 0;
  const inScope = and(eq(reports.researcherId, researcherId), inArray(reports.programId, empty ? [-1] : programIds));
  const list = db
    .select({
      id: reports.id,
      key: reports.key,
      title: reports.title,
      programSlug: programs.slug,
      programName: programs.name,
      state: reports.state,
      severity: reports.severity,
      receivedAt: reports.receivedAt,
      valid: isValidReport,
      invalid: isInvalidReport,
    })
    .from(reports)
    .innerJoin(programs, eq(programs.id, reports.programId))
    .where(inScope)
    .orderBy(desc(reports.receivedAt), desc(reports.id))
    .all();

  const byState: Record<string, number> = {};
  const bySeverity: Record<string, number> = {};
  let valid = 0;
  let invalid = 0;
  for (const r of list) {
    byState[r.state] = (byState[r.state] ?? 0) + 1;
    const sev = r.severity ?? "unrated";
    bySeverity[sev] = (bySeverity[sev] ?? 0) + 1;
    valid += r.valid;
    invalid += r.invalid;
  }

  const firstOutOfNew = min(reportEvents.at);
  const acks = db
    .select({ receivedAt: reports.receivedAt, ackAt: firstOutOfNew })
    .from(reports)
    .innerJoin(reportEvents, and(eq(reportEvents.reportId, reports.id), eq(reportEvents.fromState, "new")))
    .where(inScope)
    .groupBy(reports.id)
    .all()
    .flatMap((r) => (r.ackAt === null ? [] : [new Date(r.ackAt).getTime() - r.receivedAt.getTime()]));

  const creditsReceived =
    db
      .select({ n: count() })
      .from(credits)
      .innerJoin(reports, eq(reports.id, credits.reportId))
      .where(
        and(
          eq(credits.researcherId, researcherId),
          eq(credits.consent, "accepted"),
          isNull(credits.withdrawnAt),
          eq(reports.state, "disclosed"),
          inArray(reports.programId, empty ? [-1] : programIds),
        ),
      )
      .get()?.n ?? 0;

  return {
    reports: list.map(({ id: _id, valid: v, invalid: i, ...r }) => ({ ...r, valid: v === 1, invalid: i === 1 })),
    summary: {
      total: list.length,
      valid,
      invalid,
      spam: byState.spam ?? 0,
      byState,
      bySeverity,
      firstReportAt: list.at(-1)?.receivedAt ?? null,
      lastReportAt: list[0]?.receivedAt ?? null,
      creditsReceived,
      medianAckMs: median(acks),
      acknowledged: acks.length,
    },
  };
}
export type TrackRecord = ReturnType<typeof researcherTrackRecord>;
