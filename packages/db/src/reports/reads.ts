import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Conn, Db } from "../client.ts";
import { programs } from "../schema/programs.ts";
import { messages, reportEvents, reports } from "../schema/reports.ts";
import { researchers } from "../schema/researchers.ts";
import { users } from "../schema/users.ts";

export type ReportRow = typeof reports.$inferSelect;

export function reportByKey(db: Conn, key: string): ReportRow | undefined {
  return db.select().from(reports).where(eq(reports.key, key)).get();
}

export function reportById(db: Conn, id: number): ReportRow | undefined {
  return db.select().from(reports).where(eq(reports.id, id)).get();
}

/** The reporter's address, if the report has a researcher who gave one. */
export function reporterEmailOf(db: Conn, report: Pick<ReportRow, "researcherId">): string | null {
  if (!report.researcherId) return null;
  return (
    db.select({ email: researchers.email }).from(researchers).where(eq(researchers.id, report.researcherId)).get()
      ?.email ?? null
  );
}

export function reportDetail(db: Db, id: number) {
  const report = db
    .select({
      report: reports,
      programSlug: programs.slug,
      programName: programs.name,
      assigneeName: users.name,
      assigneeEmail: users.email,
      // A researcher whose data was erased is still the reporter, under a label (issue 12).
      researcherName: sql<string | null>`CASE WHEN ${researchers.erasedAt} IS NOT NULL
        THEN 'erased researcher #' || ${researchers.id} ELSE ${researchers.name} END`,
      researcherHandle: researchers.handle,
      researcherEmail: researchers.email,
    })
    .from(reports)
    .innerJoin(programs, eq(programs.id, reports.programId))
    .leftJoin(users, eq(users.id, reports.assigneeId))
    .leftJoin(researchers, eq(researchers.id, reports.researcherId))
    .where(eq(reports.id, id))
    .get();
  if (!report) return undefined;
  const duplicateOf = report.report.duplicateOfId
    ? (db
        .select({ key: reports.key, title: reports.title })
        .from(reports)
        .where(eq(reports.id, report.report.duplicateOfId))
        .get() ?? null)
    : null;
  const events = db
    .select()
    .from(reportEvents)
    .where(eq(reportEvents.reportId, id))
    .orderBy(asc(reportEvents.at), asc(reportEvents.id))
    .all();
  return { ...report, duplicateOf, events, messages: messageThread(db, id, "staff") };
}

export type ThreadMessage = Pick<typeof messages.$inferSelect, "id" | "kind" | "body" | "createdAt">;
export type StaffThreadMessage = ThreadMessage & { authorName: string | null };

const THREAD_COLUMNS = { id: messages.id, kind: messages.kind, body: messages.body, createdAt: messages.createdAt };

/**
 * A report's messages, oldest first. The researcher reads only what was
 * written to or by them, and no staff names: never internal notes.
 */
export function messageThread(db: Conn, reportId: number, reader: "staff"): StaffThreadMessage[];
export function messageThread(db: Conn, reportId: number, reader: "researcher"): ThreadMessage[];
export function messageThread(db: Conn, reportId: number, reader: "staff" | "researcher"): ThreadMessage[] {
  const staff = reader === "staff";
  return db
    .select(staff ? { ...THREAD_COLUMNS, authorName: users.name } : THREAD_COLUMNS)
    .from(messages)
    .leftJoin(users, eq(users.id, messages.authorUserId))
    .where(
      and(
        eq(messages.reportId, reportId),
        staff ? undefined : inArray(messages.kind, ["to_reporter", "from_reporter"]),
      ),
    )
    .orderBy(asc(messages.createdAt), asc(messages.id))
    .all();
}

/** The report's researcher (name, handle, email), if it has one. */
export function researcherOf(db: Conn, report: Pick<ReportRow, "researcherId">) {
  if (!report.researcherId) return undefined;
  return db.select().from(researchers).where(eq(researchers.id, report.researcherId)).get();
}
