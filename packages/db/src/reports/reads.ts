import { asc, eq } from "drizzle-orm";
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

export function reportDetail(db: Db, id: number) {
  const report = db
    .select({
      report: reports,
      programSlug: programs.slug,
      programName: programs.name,
      assigneeName: users.name,
      assigneeEmail: users.email,
      researcherName: researchers.name,
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
  const thread = db
    .select({
      id: messages.id,
      kind: messages.kind,
      body: messages.body,
      createdAt: messages.createdAt,
      authorName: users.name,
    })
    .from(messages)
    .leftJoin(users, eq(users.id, messages.authorUserId))
    .where(eq(messages.reportId, id))
    .orderBy(asc(messages.createdAt), asc(messages.id))
    .all();
  return { ...report, duplicateOf, events, messages: thread };
}
