import type { ReportState, Severity, SlaFilter } from "@embargo/core";
import { and, asc, desc, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import type { Db } from "./client.ts";
import { programs } from "./schema/programs.ts";
import { messages, reportEvents, reports } from "./schema/reports.ts";
import { researchers } from "./schema/researchers.ts";
import { users } from "./schema/users.ts";
import { slaCondition } from "./sla.ts";

export type ReportRow = typeof reports.$inferSelect;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export interface ReportFilter {
  /** Programs the caller may see; an empty list sees nothing. */
  programIds: number[];
  states?: ReportState[] | undefined;
  open?: boolean | undefined;
  severities?: (Severity | "unrated")[] | undefined;
  assigneeId?: number | null | undefined;
  channel?: string | undefined;
  q?: string | undefined;
  sla?: SlaFilter[] | undefined;
  /** The instant SLA states are judged at (time passing is a comparison, not a write). */
  now?: Date | undefined;
}

export type ReportSortKey = "deadline" | "received_desc" | "received_asc" | "severity" | "updated";

/**
 * Turn what a person typed into a safe FTS5 query: every word is quoted (so
 * FTS operators in the input are just text) and prefix-matched.
 */
export function toFtsQuery(q: string): string | null {
  const words = q
    .split(/\s+/)
    .map((w) => w.replace(/"/g, ""))
    // A word with no letter or digit tokenises to nothing and would make FTS5 fail.
    .filter((w) => /[\p{L}\p{N}]/u.test(w))
    .slice(0, 12);
  if (words.length === 0) return null;
  return words.map((w) => `"${w}"*`).join(" AND ");
}

const KEY_RE = /^[A-Za-z][A-Za-z0-9]{1,15}-[0-9]{1,9}$/;

function conditions(f: ReportFilter, withStates = true): SQL | undefined {
  const c: (SQL | undefined)[] = [inArray(reports.programId, f.programIds.length ? f.programIds : [-1])];
  if (f.open !== undefined) c.push(eq(reports.isOpen, f.open));
  if (withStates && f.states?.length) c.push(inArray(reports.state, f.states));
  if (f.severities?.length) {
    const named = f.severities.filter((s): s is Severity => s !== "unrated");
    const parts: SQL[] = [];
    if (named.length) parts.push(inArray(reports.severity, named));
    if (f.severities.includes("unrated")) parts.push(isNull(reports.severity));
    c.push(parts.length === 1 ? parts[0] : sql`(${sql.join(parts, sql` OR `)})`);
  }
  if (f.assigneeId === null) c.push(isNull(reports.assigneeId));
  else if (f.assigneeId !== undefined) c.push(eq(reports.assigneeId, f.assigneeId));
  if (f.channel) c.push(eq(reports.channel, f.channel as ReportRow["channel"]));
  if (f.sla?.length) c.push(slaCondition(f.sla, f.now ?? new Date()));
  if (f.q) {
    const q = f.q.trim();
    const fts = toFtsQuery(q);
    const byText = fts
      ? sql`${reports.id} IN (SELECT rowid FROM reports_fts WHERE reports_fts MATCH ${fts})`
      : undefined;
    if (KEY_RE.test(q)) {
      c.push(byText ? sql`(${reports.key} = ${q.toUpperCase()} OR ${byText})` : eq(reports.key, q.toUpperCase()));
    } else if (byText) c.push(byText);
  }
  return and(...c);
}

const ORDER: Record<ReportSortKey, SQL[]> = {
  // Reports with no running clock sort after those with one.
  deadline: [
    sql`${reports.nextDeadlineAt} IS NULL`,
    asc(reports.nextDeadlineAt),
    desc(reports.severityRank),
    asc(reports.receivedAt),
  ],
  received_desc: [desc(reports.receivedAt), desc(reports.id)],
  received_asc: [asc(reports.receivedAt), asc(reports.id)],
  severity: [desc(reports.severityRank), asc(reports.receivedAt)],
  updated: [desc(reports.updatedAt), desc(reports.id)],
};

/** Columns the inbox shows: no bodies, so a page stays small. */
const listColumns = {
  id: reports.id,
  key: reports.key,
  title: reports.title,
  programId: reports.programId,
  programSlug: programs.slug,
  programName: programs.name,
  state: reports.state,
  severity: reports.severity,
  cvssScore: reports.cvssScore,
  channel: reports.channel,
  receivedAt: reports.receivedAt,
  updatedAt: reports.updatedAt,
  assigneeId: reports.assigneeId,
  assigneeName: users.name,
  nextDeadlineAt: reports.nextDeadlineAt,
  nextAtRiskAt: reports.nextAtRiskAt,
  slaState: reports.slaState,
  disclosureTargetAt: reports.disclosureTargetAt,
};

export function listReports(db: Db, f: ReportFilter, sort: ReportSortKey, page: { offset: number; limit: number }) {
  const where = conditions(f);
  const rows = db
    .select(listColumns)
    .from(reports)
    .innerJoin(programs, eq(programs.id, reports.programId))
    .leftJoin(users, eq(users.id, reports.assigneeId))
    .where(where)
    .orderBy(...ORDER[sort])
    .limit(page.limit)
    .offset(page.offset)
    .all();
  const total = db.select({ n: sql<number>`count(*)` }).from(reports).where(where).get()?.n ?? 0;
  return { rows, total };
}

/** Counts per state under the same filters except the state filter itself. */
export function countReportsByState(db: Db, f: ReportFilter): Record<string, number> {
  const rows = db
    .select({ state: reports.state, n: sql<number>`count(*)` })
    .from(reports)
    .where(conditions({ ...f, states: undefined, open: undefined }, false))
    .groupBy(reports.state)
    .all();
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}

export function reportByKey(db: Db | Tx, key: string): ReportRow | undefined {
  return db.select().from(reports).where(eq(reports.key, key)).get();
}

export function reportById(db: Db | Tx, id: number): ReportRow | undefined {
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

export interface EventInput {
  reportId: number;
  at: Date;
  actorUserId: number | null;
  actorLabel: string;
  type: string;
  fromState?: ReportState | null;
  toState?: ReportState | null;
  data?: Record<string, unknown>;
}

export function insertEvent(tx: Tx | Db, e: EventInput): void {
  tx.insert(reportEvents)
    .values({
      reportId: e.reportId,
      at: e.at,
      actorUserId: e.actorUserId,
      actorLabel: e.actorLabel,
      type: e.type,
      fromState: e.fromState ?? null,
      toState: e.toState ?? null,
      dataJson: JSON.stringify(e.data ?? {}),
    })
    .run();
}

/** Take the program's next report number (inside the caller's transaction). */
export function takeReportKey(tx: Tx | Db, programId: number): string {
  const row = tx
    .update(programs)
    .set({ nextReportNumber: sql`${programs.nextReportNumber} + 1` })
    .where(eq(programs.id, programId))
    .returning({ prefix: programs.keyPrefix, next: programs.nextReportNumber })
    .get();
  if (!row) throw new Error(`program ${programId} vanished`);
  return `${row.prefix}-${row.next - 1}`;
}
