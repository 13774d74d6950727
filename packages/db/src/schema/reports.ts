import { DISCLOSURE_BASES, DISCLOSURE_STATES, type DisclosureState } from "@embargo/core/disclosure/enums";
import { CREDIT_AS, CREDIT_CONSENT } from "@embargo/core/intake/schemas";
import { REPORT_STATES } from "@embargo/core/lifecycle/states";
import { CHANNELS, INTAKE_PRIORITIES, MESSAGE_KINDS } from "@embargo/core/report/enums";
import { SEVERITIES, SEVERITY_SOURCES } from "@embargo/core/severity/levels";
import { CLOCK_STATES } from "@embargo/core/sla/clocks";
import { sql } from "drizzle-orm";
import {
  type AnySQLiteColumn,
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";
import { programs } from "./programs.ts";
import { researchers } from "./researchers.ts";
import { users } from "./users.ts";

// The enums come from core so the database and the domain can never disagree.
const states = REPORT_STATES;
const severities = SEVERITIES;

/** Plans whose date is still ahead of them: the inbox's disclosure column, sort and filter count only these. */
export const ACTIVE_PLAN_STATES = ["proposed", "agreed", "extended"] as const satisfies readonly DisclosureState[];

/**
 * The disclosure target of a plan still to be published, else NULL: the
 * inbox's disclosure order. The list's ORDER BY and the order indexes below
 * must spell it the same way for SQLite to read the order from an index, so
 * the states are literals (a bound parameter would not match the index), and
 * without commas (drizzle-kit splits an index expression at its commas).
 */
export const activeDisclosureTarget = (state: AnySQLiteColumn, target: AnySQLiteColumn) =>
  sql`(CASE WHEN ${sql.join(
    ACTIVE_PLAN_STATES.map((s) => sql`${state} = ${sql.raw(`'${s}'`)}`),
    sql` OR `,
  )} THEN ${target} END)`;

export const reports = sqliteTable(
  "reports",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    programId: integer("program_id")
      .notNull()
      .references(() => programs.id),
    /** Human key, e.g. VOICE-42; unique across the instance. */
    key: text("key").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull(),
    cwe: text("cwe"),
    component: text("component"),
    sourceLocation: text("source_location"),
    affectedVersions: text("affected_versions"),
    configuration: text("configuration"),
    stepsToReproduce: text("steps_to_reproduce"),
    proofOfConcept: text("proof_of_concept"),
    impact: text("impact"),
    suggestedFix: text("suggested_fix"),
    researcherId: integer("researcher_id").references(() => researchers.id),
    channel: text("channel", { enum: CHANNELS }).notNull(),
    receivedAt: integer("received_at", { mode: "timestamp_ms" }).notNull(),
    state: text("state", { enum: states }).notNull(),
    /** Where a needs_info report goes back to when the reporter answers. */
    resumeState: text("resume_state", { enum: states }),
    /** 1 while work is owed (new..fixing); the inbox's default view filters on it. */
    isOpen: integer("is_open", { mode: "boolean" }).notNull(),
    severity: text("severity", { enum: severities }),
    /** Ordinal for sorting (critical=4 .. none=0, unrated=-1). */
    severityRank: integer("severity_rank").notNull().default(-1),
    severitySource: text("severity_source", { enum: SEVERITY_SOURCES }),
    severityReason: text("severity_reason"),
    cvssVersion: text("cvss_version"),
    cvssVector: text("cvss_vector"),
    cvssScore: real("cvss_score"),
    assigneeId: integer("assignee_id").references(() => users.id),
    duplicateOfId: integer("duplicate_of_id").references((): AnySQLiteColumn => reports.id),
    fixedVersion: text("fixed_version"),
    /** Earliest due instant over the report's running SLA clocks (null: none running). */
    nextDeadlineAt: integer("next_deadline_at", { mode: "timestamp_ms" }),
    /** Earliest at-risk instant over the running clocks. */
    nextAtRiskAt: integer("next_at_risk_at", { mode: "timestamp_ms" }),
    /** Worst clock state when last computed; time passing is a comparison with now (see sla.ts). */
    slaState: text("sla_state", { enum: CLOCK_STATES }),
    /** When the minute sweep last looked at this report's clocks. */
    slaSweptAt: integer("sla_swept_at", { mode: "timestamp_ms" }),
    /**
     * When the minute sweep must look at this report next: the earliest at-risk
     * or due instant of a running clock still ahead of the last look (or of the
     * last change). Not the inbox's next deadline, which stays on a clock that
     * already breached, so a later clock would never be seen turning.
     */
    slaNextSweepAt: integer("sla_next_sweep_at", { mode: "timestamp_ms" }),
    /** The resolve clock's due instant while it runs: the fix release target unless one is set by hand. */
    resolveDueAt: integer("resolve_due_at", { mode: "timestamp_ms" }),
    /** The disclosure plan: target instant (UTC), the zone it was agreed in, its state and where it came from. */
    disclosureTargetAt: integer("disclosure_target_at", { mode: "timestamp_ms" }),
    disclosureTimeZone: text("disclosure_time_zone"),
    disclosureState: text("disclosure_state", { enum: DISCLOSURE_STATES }).notNull().default("none"),
    disclosureBasis: text("disclosure_basis", { enum: DISCLOSURE_BASES }),
    /** 1 while a researcher's or team member's request to move the date awaits a decision (the inbox marks it). */
    disclosureRequestPending: integer("disclosure_request_pending", { mode: "boolean" }).notNull().default(false),
    /** From the cve_reserved and advisory_published milestones, for search and exports. */
    cveId: text("cve_id"),
    advisoryUrl: text("advisory_url"),
    /** How the reporter wants to be credited, and whether they agreed to it. */
    creditAs: text("credit_as", { enum: CREDIT_AS }),
    creditConsent: text("credit_consent", { enum: CREDIT_CONSENT }).notNull().default("pending"),
    intakePriority: text("intake_priority", { enum: INTAKE_PRIORITIES }),
    /** SHA-256 of the researcher's secret status-link token. */
    statusTokenHash: text("status_token_hash"),
    /**
     * The status link sealed with the installation key (never usable from the
     * database alone), so every email to the reporter can carry it: the outbox
     * worker opens it only to send (decision 0015).
     */
    statusLinkSealed: text("status_link_sealed"),
    /**
     * The language the reporter reads ("en", "hi"): chosen on the form, or
     * detected from an email's script; later emails and the status page use it.
     * Null for reports from before it was kept (served in the program's first language).
     */
    reporterLanguage: text("reporter_language"),
    /**
     * Lifecycle instants the leadership KPIs measure, set by the transition
     * that reaches them (first left `new`; first assessed; first fixed or
     * disclosed; last closed, null while open), so a period's figures are an
     * index range, never a replay of history.
     */
    acknowledgedAt: integer("acknowledged_at", { mode: "timestamp_ms" }),
    assessedAt: integer("assessed_at", { mode: "timestamp_ms" }),
    fixedAt: integer("fixed_at", { mode: "timestamp_ms" }),
    closedAt: integer("closed_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => {
    // The inbox's default order (next deadline first and none last, then the
    // most severe, then the oldest; id breaks ties) in index order, so a page
    // reads its 50 entries instead of sorting every matching row. One per
    // leading filter (open/closed, one state, none); program_id comes last so
    // a member of some programs is filtered inside the index.
    const deadlineOrder = [
      sql`(${t.nextDeadlineAt} IS NULL)`,
      t.nextDeadlineAt,
      sql`${t.severityRank} DESC`,
      t.receivedAt,
      t.id,
      t.programId,
    ] as const;
    // The disclosure order (nearest target of a plan still to be published
    // first, none last, id breaking ties), likewise: open/closed, one state,
    // none. Without the state one a Disclosed tab in this order sorted 28,000
    // rows (95 ms at 100,000 reports).
    // The "most urgent" order (decision 0017): breached before due before none,
    // then the most severe, then the nearest deadline. Whether a deadline has
    // passed depends on now, so the index holds severity then deadline and the
    // query reads each part (breached, due, none) as one range per severity.
    const urgentOrder = [sql`${t.severityRank} DESC`, t.nextDeadlineAt, t.receivedAt, t.id, t.programId] as const;
    const disclosureTarget = activeDisclosureTarget(t.disclosureState, t.disclosureTargetAt);
    const disclosureOrder = [sql`(${disclosureTarget} IS NULL)`, disclosureTarget, t.id, t.programId] as const;
    return [
      uniqueIndex("reports_key_uq").on(t.key),
      index("reports_open_inbox_idx").on(t.isOpen, ...deadlineOrder),
      index("reports_state_inbox_idx").on(t.state, ...deadlineOrder),
      index("reports_inbox_idx").on(...deadlineOrder),
      index("reports_open_urgent_idx").on(t.isOpen, ...urgentOrder),
      index("reports_state_urgent_idx").on(t.state, ...urgentOrder),
      index("reports_urgent_idx").on(...urgentOrder),
      index("reports_open_disclosure_idx").on(t.isOpen, ...disclosureOrder),
      index("reports_state_disclosure_idx").on(t.state, ...disclosureOrder),
      index("reports_disclosure_order_idx").on(...disclosureOrder),
      index("reports_program_state_idx").on(t.programId, t.state),
      // Severity chips: counting a severity seeks its reports, by state.
      index("reports_severity_state_idx").on(t.severity, t.state, t.programId),
      // Counting under any other filter (tab counts, totals) reads this narrow
      // index instead of the wide rows: by state, then every filtered column.
      index("reports_filter_idx").on(
        t.state,
        t.programId,
        t.severity,
        t.assigneeId,
        t.channel,
        t.nextDeadlineAt,
        t.nextAtRiskAt,
        t.slaState,
      ),
      index("reports_program_received_idx").on(t.programId, t.receivedAt),
      index("reports_received_idx").on(t.receivedAt),
      index("reports_severity_idx").on(t.severityRank, t.receivedAt),
      index("reports_assignee_idx").on(t.assigneeId),
      // A researcher's reports (directory, track record, merge, data requests).
      index("reports_researcher_idx").on(t.researcherId, t.receivedAt),
      index("reports_disclosure_idx").on(t.disclosureTargetAt),
      // The disclosure sweep and the calendar: targets of plans still to be published, in date order.
      index("reports_disclosure_state_idx").on(t.disclosureState, t.disclosureTargetAt),
      index("reports_resolve_due_idx").on(t.resolveDueAt),
      // The sweep finds open reports whose next instant to look at has passed.
      index("reports_sla_sweep_idx").on(t.isOpen, t.slaNextSweepAt),
      uniqueIndex("reports_status_token_uq").on(t.statusTokenHash),
      // Leadership KPIs: each measure's period is a range over its instant, the
      // index carrying what the figure needs so the rows are never read.
      index("reports_acknowledged_kpi_idx").on(t.acknowledgedAt, t.programId, t.severity, t.receivedAt),
      index("reports_assessed_kpi_idx").on(t.assessedAt, t.programId, t.severity, t.receivedAt),
      index("reports_fixed_kpi_idx").on(t.fixedAt, t.programId, t.severity, t.receivedAt),
      index("reports_closed_kpi_idx").on(t.closedAt, t.programId),
      // Open criticals and the backlog by age and severity.
      index("reports_open_severity_age_idx").on(t.isOpen, t.severity, t.receivedAt, t.programId),
    ];
  },
);

/**
 * Each report's SLA clocks as last computed (acknowledge, assess, resolve,
 * emergency; the rolling update cadence has no single due instant), written by
 * recomputeSla, so compliance for a period is a range over due instants.
 */
export const reportClocks = sqliteTable(
  "report_clocks",
  {
    reportId: integer("report_id")
      .notNull()
      .references(() => reports.id),
    clock: text("clock").notNull(),
    programId: integer("program_id").notNull(),
    dueAt: integer("due_at", { mode: "timestamp_ms" }).notNull(),
    metAt: integer("met_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    primaryKey({ columns: [t.reportId, t.clock] }),
    index("report_clocks_due_idx").on(t.dueAt, t.programId, t.clock, t.metAt),
  ],
);

/**
 * How many reports each program has in each state, kept exact by triggers on
 * reports (migration 0004), so the inbox's tab counts and totals read a few
 * rows instead of counting every report the user may see.
 */
export const reportStateCounts = sqliteTable(
  "report_state_counts",
  {
    programId: integer("program_id").notNull(),
    state: text("state", { enum: states }).notNull(),
    n: integer("n").notNull(),
  },
  (t) => [primaryKey({ columns: [t.programId, t.state] })],
);

/** The report's timeline: one row per thing that happened, never updated. */
export const reportEvents = sqliteTable(
  "report_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    reportId: integer("report_id")
      .notNull()
      .references(() => reports.id),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
    /** Null for the system or the reporter; see actorLabel. */
    actorUserId: integer("actor_user_id").references(() => users.id),
    actorLabel: text("actor_label").notNull(),
    type: text("type").notNull(),
    fromState: text("from_state", { enum: states }),
    toState: text("to_state", { enum: states }),
    /** Event details (reason, old/new values). */
    data: text("data_json", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index("report_events_report_idx").on(t.reportId, t.at)],
);

export const messages = sqliteTable(
  "messages",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    reportId: integer("report_id")
      .notNull()
      .references(() => reports.id),
    kind: text("kind", { enum: MESSAGE_KINDS }).notNull(),
    authorUserId: integer("author_user_id").references(() => users.id),
    body: text("body").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("messages_report_idx").on(t.reportId, t.createdAt)],
);
