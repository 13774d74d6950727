import {
  type Channel,
  type DisclosureFilter,
  disclosureFilterRange,
  isOpenState,
  REPORT_STATES,
  type ReportSort,
  type ReportState,
  SEVERITIES,
  SEVERITY_FILTERS,
  type Severity,
  type SeverityFilter,
  SLA_FILTERS,
  type SlaFilter,
  severityRank,
} from "@embargo/core";
import { and, asc, desc, eq, gte, inArray, isNull, lte, type SQL, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Db } from "../client.ts";
import { prepared } from "../prepared.ts";
import { programs } from "../schema/programs.ts";
import {
  ACTIVE_PLAN_STATES,
  activeDisclosureTarget,
  reportClocks,
  reportStateCounts,
  reports,
} from "../schema/reports.ts";
import { users } from "../schema/users.ts";
import { slaCondition } from "../sla/clocks.ts";
import { textSearchOf } from "./search.ts";

export interface ReportFilter {
  /** Programs the caller may see; an empty list sees nothing. */
  programIds: number[];
  states?: ReportState[] | undefined;
  open?: boolean | undefined;
  severities?: SeverityFilter[] | undefined;
  assigneeId?: number | null | undefined;
  channel?: Channel | undefined;
  q?: string | undefined;
  /**
   * Search titles only (and keys): set when a leadership member of a program
   * searches, since matching words of a description they may not read would
   * tell them what it says.
   */
  titleOnly?: boolean | undefined;
  sla?: SlaFilter[] | undefined;
  /** Plans still to be published whose target falls in core's disclosureFilterRange at `now`. */
  disclosure?: DisclosureFilter | undefined;
  /** The instant SLA states and disclosure ranges are judged at (time passing is a comparison, not a write). */
  now?: Date | undefined;
}

const programIdsOf = (f: ReportFilter) => (f.programIds.length ? f.programIds : [-1]);

/** The states a filter keeps (open/closed and the state list), as conditions() applies them. */
const statesOf = (f: ReportFilter): ReportState[] =>
  REPORT_STATES.filter(
    (s) => (f.open === undefined || isOpenState(s) === f.open) && (!f.states?.length || f.states.includes(s)),
  );

interface ConditionOptions {
  /** Apply the open/closed and state filters (false: counts per state ignore them). */
  states?: boolean;
  /**
   * false: the program filter is checked on each row an index yields
   * (`+program_id`) instead of driving the search. Without statistics the
   * planner takes `program_id IN (...)` for a selective seek, but the programs
   * a person sees usually hold most reports, an IN seek cannot return rows in
   * deadline order, and it leads to the wide table rows; the inbox indexes
   * carry program_id, so filtering inside them is cheap.
   */
  programSeek?: boolean;
  /** Express open/closed as the list of states (`state IN`), which reports_filter_idx can seek. */
  openAsStates?: boolean;
}

/** A value bound at execution, so one prepared statement serves every request of a shape. */
const bound = (name: string) => sql.placeholder(name);

/** One placeholder per program the caller sees; paramsOf fills them. */
const programPlaceholders = (f: ReportFilter) => programIdsOf(f).map((_, i) => bound(`program${i}`));

function conditions(f: ReportFilter, opts: ConditionOptions = {}): SQL | undefined {
  const ids = programPlaceholders(f);
  // A disclosure filter matches a few hundred plans, which
  // reports_disclosure_state_idx finds directly; every other indexed term then
  // only checks those rows (`+column`). Otherwise the planner walked all open
  // reports in deadline order looking for them (14 ms at 100,000 reports, 40
  // with a severity chip).
  const seek = !f.disclosure;
  const checked = (column: SQLiteColumn): SQL => (seek ? sql`${column}` : sql`+${column}`);
  const c: (SQL | undefined)[] = [
    (opts.programSeek ?? true) && seek
      ? inArray(reports.programId, ids)
      : sql`+${reports.programId} IN (${sql.join(
          ids.map((id) => sql`${id}`),
          sql`, `,
        )})`,
  ];
  if (opts.states ?? true) {
    if (opts.openAsStates) {
      const states = statesOf(f);
      if (states.length < REPORT_STATES.length)
        c.push(states.length ? inArray(checked(reports.state), states) : sql`0`);
    } else {
      if (f.open !== undefined) {
        c.push(seek ? eq(reports.isOpen, f.open) : sql`+${reports.isOpen} = ${f.open ? 1 : 0}`);
      }
      if (f.states?.length) c.push(inArray(checked(reports.state), f.states));
    }
  }
  if (f.severities?.length) {
    const named = f.severities.filter((s): s is Severity => s !== "unrated");
    const parts: SQL[] = [];
    if (named.length) parts.push(inArray(checked(reports.severity), named));
    if (f.severities.includes("unrated")) parts.push(isNull(checked(reports.severity)));
    c.push(parts.length === 1 ? parts[0] : sql`(${sql.join(parts, sql` OR `)})`);
  }
  if (f.assigneeId === null) c.push(isNull(checked(reports.assigneeId)));
  else if (f.assigneeId !== undefined) c.push(eq(checked(reports.assigneeId), bound("assigneeId")));
  if (f.channel) c.push(eq(reports.channel, bound("channel")));
  if (f.sla?.length) c.push(slaCondition(f.sla, bound("now")));
  if (f.disclosure) {
    // Seeks reports_disclosure_state_idx (state, target): a few hundred plans, not every report.
    c.push(inArray(reports.disclosureState, [...ACTIVE_PLAN_STATES]));
    // Overdue has no lower bound; which bounds exist is part of the shape (the filter is), their instants are bound.
    if (disclosureFilterRange(f.disclosure, new Date(0)).from) {
      c.push(gte(reports.disclosureTargetAt, bound("disclosureFrom")));
    }
    c.push(lte(reports.disclosureTargetAt, bound("disclosureTo")));
  }
  const text = textSearchOf(f.q);
  if (text) {
    const byText = text.fts
      ? sql`${reports.id} IN (SELECT rowid FROM reports_fts WHERE reports_fts MATCH ${bound("fts")})`
      : undefined;
    const byKey = eq(reports.key, bound("key"));
    if (text.key) c.push(byText ? sql`(${byKey} OR ${byText})` : byKey);
    else if (byText) c.push(byText);
  }
  return and(...c);
}

/**
 * Everything that changes the SQL text of a filter (the values that vary
 * are placeholders, see paramsOf): the prepared-statement cache key.
 * The enum lists (states, severities, SLA states) are few and are part of it.
 */
function shapeOf(f: ReportFilter): string {
  const text = textSearchOf(f.q);
  return JSON.stringify([
    programIdsOf(f).length,
    f.states ?? null,
    f.open ?? null,
    f.severities ?? null,
    f.assigneeId === undefined ? "any" : f.assigneeId === null ? "none" : "one",
    Boolean(f.channel),
    f.sla ?? null,
    text ? [Boolean(text.fts), Boolean(text.key)] : null,
    f.disclosure ?? null,
  ]);
}

/**
 * The filter with its lists in one fixed order and without repeats: the
 * same view always has the same shape (and SQL text), however the lists were
 * sent, so a caller cannot churn the statement caches by reordering them.
 */
function canonical(f: ReportFilter): ReportFilter {
  const keep = <T>(order: readonly T[], list: readonly T[] | undefined) =>
    list?.length ? order.filter((x) => list.includes(x)) : undefined;
  return {
    ...f,
    states: keep(REPORT_STATES, f.states),
    severities: keep(SEVERITY_FILTERS, f.severities),
    sla: keep(SLA_FILTERS, f.sla),
  };
}

/** The placeholder values for conditions(f). Names a query does not use are ignored. */
function paramsOf(f: ReportFilter): Record<string, unknown> {
  const text = textSearchOf(f.q);
  const now = f.now ?? new Date();
  const range = f.disclosure ? disclosureFilterRange(f.disclosure, now) : null;
  const params: Record<string, unknown> = {
    assigneeId: f.assigneeId ?? null,
    channel: f.channel ?? null,
    now: now.getTime(),
    // A column filter over the whole expression: FTS5 applies it to every phrase inside.
    fts: text?.fts ? (f.titleOnly ? `title : (${text.fts})` : text.fts) : null,
    key: text?.key ?? null,
    disclosureFrom: range?.from?.getTime() ?? null,
    disclosureTo: range?.to.getTime() ?? null,
  };
  programIdsOf(f).forEach((id, i) => {
    params[`program${i}`] = id;
  });
  return params;
}

/** The target of a plan still to be published, else NULL; spelled as the disclosure order indexes spell it. */
const disclosureTarget = activeDisclosureTarget(reports.disclosureState, reports.disclosureTargetAt);

const ORDER: Record<ReportSort, SQL[]> = {
  // Breached, then due, then no running clock; most severe first within each, then the nearest deadline.
  urgent: [
    sql`${reports.nextDeadlineAt} IS NULL`,
    sql`${reports.nextDeadlineAt} > ${bound("now")}`,
    desc(reports.severityRank),
    asc(reports.nextDeadlineAt),
    asc(reports.receivedAt),
    asc(reports.id),
  ],
  // Reports with no running clock sort after those with one.
  deadline: [
    sql`${reports.nextDeadlineAt} IS NULL`,
    asc(reports.nextDeadlineAt),
    desc(reports.severityRank),
    asc(reports.receivedAt),
    asc(reports.id),
  ],
  received_desc: [desc(reports.receivedAt), desc(reports.id)],
  received_asc: [asc(reports.receivedAt), asc(reports.id)],
  severity: [desc(reports.severityRank), asc(reports.receivedAt)],
  updated: [desc(reports.updatedAt), desc(reports.id)],
  // Nearest disclosure first; published, cancelled and no plan last (reports_*disclosure*_idx).
  disclosure: [sql`(${disclosureTarget} IS NULL)`, asc(disclosureTarget), asc(reports.id)],
};

/**
 * Orders an index holds with program_id inside it: the page walks the index
 * and filters programs there (see ConditionOptions.programSeek).
 */
const INDEX_ORDERS: ReadonlySet<ReportSort> = new Set(["urgent", "deadline", "disclosure"]);

/** Every stored severity_rank (core's severityRank: critical 4 .. none 0, unrated -1). */
const SEVERITY_RANKS = [...SEVERITIES.map((s) => severityRank(s)), severityRank(null)];

/**
 * The page's ids in the urgent order. Whether a deadline has passed depends
 * on now, so no index holds this order; the *_urgent_idx indexes hold
 * (severity DESC, deadline, received, id) behind the state or open filter.
 * Each part (breached, still due, no clock) is one range per severity there,
 * read in index order (`severity_rank IN (...)` is walked value by value, so
 * no sort), and the parts are read one after the other: UNION ALL without an
 * ORDER BY of its own yields its arms in turn (SQLite runs them left to
 * right, sharing the LIMIT), and each arm's LIMIT keeps its ORDER BY.
 * list.test.ts holds the result to a plain sort of every matching report.
 * Sorting the whole union instead read every match into a temporary B-tree.
 */
function urgentPageIds(db: Db, f: ReportFilter): SQL {
  const where = conditions(f, { programSeek: false });
  const bySeverity = inArray(reports.severityRank, SEVERITY_RANKS);
  const arm = (part: SQL, order: SQL[]) =>
    db
      .select({ id: reports.id })
      .from(reports)
      .where(and(where, bySeverity, part))
      .orderBy(...order)
      .limit(bound("end"));
  const withDeadline = [
    desc(reports.severityRank),
    asc(reports.nextDeadlineAt),
    asc(reports.receivedAt),
    asc(reports.id),
  ];
  const breached = arm(lte(reports.nextDeadlineAt, bound("now")), withDeadline);
  const due = arm(sql`${reports.nextDeadlineAt} > ${bound("now")}`, withDeadline);
  const none = arm(isNull(reports.nextDeadlineAt), [
    desc(reports.severityRank),
    asc(reports.receivedAt),
    asc(reports.id),
  ]);
  return sql`SELECT id FROM (${breached}) UNION ALL SELECT id FROM (${due}) UNION ALL SELECT id FROM (${none}) LIMIT ${bound("limit")} OFFSET ${bound("offset")}`;
}

/**
 * An instant as epoch milliseconds (how it is stored) rather than a Date: an
 * inbox page then is plain JSON and skips superjson's walk (decision 0006).
 */
const epochMs = <C extends SQLiteColumn>(column: C) =>
  sql<C["_"]["notNull"] extends true ? number : number | null>`${column}`;

/** Columns the inbox shows: no bodies, so a page stays small. Instants are epoch ms. */
const listColumns = {
  id: reports.id,
  key: reports.key,
  title: reports.title,
  programId: reports.programId,
  programSlug: programs.slug,
  programName: programs.name,
  /** The program's short label in the inbox (its keys' prefix). */
  programKeyPrefix: programs.keyPrefix,
  /** The zone the program's promises are kept in, for the deadline's exact instant. */
  programTimeZone: sql<string | null>`json_extract(${programs.policy}, '$.calendar.timeZone')`,
  state: reports.state,
  severity: reports.severity,
  cvssScore: reports.cvssScore,
  channel: reports.channel,
  /** The language the reporter reads ("en", "hi"; null before issue 15): the inbox's small badge. */
  reporterLanguage: reports.reporterLanguage,
  receivedAt: epochMs(reports.receivedAt),
  updatedAt: epochMs(reports.updatedAt),
  assigneeId: reports.assigneeId,
  assigneeName: users.name,
  nextDeadlineAt: epochMs(reports.nextDeadlineAt),
  nextAtRiskAt: epochMs(reports.nextAtRiskAt),
  /**
   * The promise whose deadline next_deadline_at is: the running clock due
   * then (report_clocks, one primary-key lookup per row of the page).
   */
  nextClock: sql<
    string | null
  >`(SELECT ${reportClocks.clock} FROM ${reportClocks} WHERE ${reportClocks.reportId} = ${reports.id} AND ${reportClocks.metAt} IS NULL AND ${reportClocks.dueAt} = ${reports.nextDeadlineAt} ORDER BY ${reportClocks.clock} LIMIT 1)`,
  slaState: reports.slaState,
  disclosureTargetAt: epochMs(reports.disclosureTargetAt),
  disclosureState: reports.disclosureState,
  disclosureTimeZone: reports.disclosureTimeZone,
  disclosureRequestPending: reports.disclosureRequestPending,
};

/** A row as drizzle would map it (left-joined columns nullable). */
export type ListRow = ReturnType<ReturnType<typeof pageQuery>["all"]>[number];
const LIST_FIELDS = Object.keys(listColumns) as (keyof typeof listColumns)[];

/** The one column stored as 0/1 that the row carries as a boolean. */
const PENDING_INDEX = LIST_FIELDS.indexOf("disclosureRequestPending");

/**
 * A raw row (values in listColumns' order) as an object. drizzle's own row
 * mapping allocated ~90 KB per inbox page; these columns need no decoding
 * (integers, text, epoch ms) but one 0/1 flag, which list.test.ts checks
 * against drizzle's typed reading of the same reports.
 */
function toListRow(values: unknown[]): ListRow {
  const row: Record<string, unknown> = {};
  for (let i = 0; i < LIST_FIELDS.length; i++) row[LIST_FIELDS[i] as string] = values[i];
  row.disclosureRequestPending = values[PENDING_INDEX] === 1;
  return row as ListRow;
}

/**
 * True when the filter narrows by nothing but programs and states (open,
 * closed, a state tab): then report_state_counts answers totals and tab
 * counts without counting rows.
 */
function countedByState(f: ReportFilter): boolean {
  return (
    !f.severities?.length &&
    f.assigneeId === undefined &&
    !f.channel &&
    !f.sla?.length &&
    !f.disclosure &&
    !textSearchOf(f.q)
  );
}

/** The page of rows, prepared once per filter shape and sort. */
function pageQuery(db: Db, f: ReportFilter, sort: ReportSort) {
  return prepared(db, `list:${sort}:${shapeOf(f)}`, () => {
    // Deferred join: find the page's ids from the index alone (skipping
    // `offset` index entries, not `offset` joined rows), then fetch those rows.
    const pageIds =
      sort === "urgent"
        ? urgentPageIds(db, f)
        : db
            .select({ id: reports.id })
            .from(reports)
            .where(conditions(f, { programSeek: !INDEX_ORDERS.has(sort) }))
            .orderBy(...ORDER[sort])
            .limit(bound("limit"))
            .offset(bound("offset"));
    return db
      .select(listColumns)
      .from(reports)
      .innerJoin(programs, eq(programs.id, reports.programId))
      .leftJoin(users, eq(users.id, reports.assigneeId))
      .where(sql`${reports.id} IN (${pageIds})`)
      .orderBy(...ORDER[sort])
      .prepare();
  });
}

/**
 * Counting a filtered view costs a lookup per matching report (~0.7 µs): a
 * search for a common word matched 16,000 of 100,000 reports and took 12 ms
 * to count. Past this many matches (in all states) the view is not counted;
 * the inbox says so and asks for a narrower search (decision 0006).
 */
export const COUNT_CAP = 5000;

interface ReportCounts {
  /** Reports per state under the filter, without its state filter; null when over COUNT_CAP. */
  counts: Record<string, number> | null;
}

export function listReports(
  db: Db,
  f: ReportFilter,
  sort: ReportSort,
  page: { offset: number; limit: number; countCap?: number },
) {
  f = canonical(f);
  const params = paramsOf(f);
  const rows = pageQuery(db, f, sort)
    .values({ ...params, limit: page.limit, offset: page.offset, end: page.offset + page.limit })
    .map(toListRow);
  // One count per state (from report_state_counts when only program and
  // state filter the view, else one pass over the matches) gives both the
  // inbox's tab counts and the total: the sum over the states the filter keeps.
  const { counts } = stateCounts(db, f, params, page.countCap);
  const total = counts ? statesOf(f).reduce((n, s) => n + (counts[s] ?? 0), 0) : null;
  return { rows, total, counts };
}

/** `params` are paramsOf(f): the state filter binds no value, so they serve the counts too. */
function stateCounts(db: Db, f: ReportFilter, params: Record<string, unknown>, cap = COUNT_CAP): ReportCounts {
  const rest = { ...f, states: undefined, open: undefined };
  const perState = (rows: { state: string; n: number }[]) => Object.fromEntries(rows.map((r) => [r.state, r.n]));
  if (countedByState(rest)) {
    const rows = prepared(db, `counts:${shapeOf(rest)}`, () =>
      db
        .select({ state: reportStateCounts.state, n: sql<number>`sum(${reportStateCounts.n})` })
        .from(reportStateCounts)
        .where(inArray(reportStateCounts.programId, programPlaceholders(rest)))
        .groupBy(reportStateCounts.state)
        .having(sql`sum(${reportStateCounts.n}) > 0`)
        .prepare(),
    ).all(params);
    return { counts: perState(rows) };
  }
  // Count at most cap + 1 matches: the LIMIT stops the scan there.
  const rows = prepared(db, `capped-counts:${shapeOf(rest)}`, () => {
    const matches = db
      .select({ state: reports.state })
      .from(reports)
      .where(conditions(rest, { states: false, programSeek: false }))
      .limit(bound("cap"))
      .as("matches");
    return db.select({ state: matches.state, n: sql<number>`count(*)` }).from(matches).groupBy(matches.state).prepare();
  }).all({ ...params, cap: cap + 1 });
  return { counts: rows.reduce((n, r) => n + r.n, 0) > cap ? null : perState(rows) };
}
