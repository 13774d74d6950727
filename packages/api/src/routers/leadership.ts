import {
  AGE_BUCKET_LABELS,
  CLOCK_LABELS,
  fieldError,
  kpiCsv,
  kpisInputSchema,
  lastTwelveMonths,
  leadershipReportsInputSchema,
  nominalMs,
  PERIOD_METRICS,
  type Period,
  panelInputSchema,
  resolvePeriod,
  trendsInputSchema,
} from "@embargo/core";
import {
  type BriefQuery,
  briefPage,
  complianceQuery,
  escalatedQuery,
  kpiTable,
  nowQuery,
  panelNow,
  periodQuery,
  policyOf,
  trendMonths,
} from "@embargo/db";
import { TRPCError } from "@trpc/server";
import type { AuthedContext } from "../access.ts";
import { escalationView } from "../leadership-view.ts";
import { authedProcedure, router } from "../trpc.ts";

const PAGE_SIZE = 50;

/**
 * The programs a figure covers: the slugs asked for, each one the caller is
 * a member of (an unknown slug answers like a missing program), or all of
 * theirs. Every role may read the panel; what it returns is the leadership
 * allow-list (ReportBrief, escalationView), the same for everyone.
 */
function programsFor(ctx: AuthedContext, slugs: string[] | undefined) {
  const mine = ctx.user.memberships;
  if (!slugs || slugs.length === 0) return mine.map((m) => ({ id: m.programId, slug: m.slug, name: m.name }));
  return [...new Set(slugs)].map((slug) => {
    const m = mine.find((x) => x.slug === slug);
    if (!m) throw new TRPCError({ code: "NOT_FOUND", message: `Program "${slug}" not found` });
    return { id: m.programId, slug: m.slug, name: m.name };
  });
}

const programsLabel = (ps: { name: string }[]) => ps.map((p) => p.name).join(", ") || "no programs";

/** The policy targets a trend line can show: only when every program chosen promises the same. */
function sharedTarget(
  ctx: AuthedContext,
  programIds: number[],
  pick: (p: ReturnType<typeof policyOf>) => number | null,
) {
  const values = new Set(programIds.map((id) => pick(policyOf(ctx.db, id))));
  return values.size === 1 ? ([...values][0] ?? null) : null;
}

function periodOf(ctx: AuthedContext, input: Parameters<typeof resolvePeriod>[0]): Period {
  return resolvePeriod(input, ctx.now());
}

export const leadershipRouter = router({
  /** What needs leadership now. */
  panel: authedProcedure.input(panelInputSchema).query(({ ctx, input }) => {
    const programs = programsFor(ctx, input.programs);
    const now = ctx.now();
    const p = panelNow(
      ctx.db,
      programs.map((x) => x.id),
      now,
    );
    return {
      now,
      programs: programs.map(({ slug, name }) => ({ slug, name })),
      escalations: p.escalations.map(escalationView),
      criticals: p.criticals,
      breached: p.breached,
      atRisk: p.atRisk,
      disclosuresDue: p.disclosuresDue,
      counts: p.counts,
    };
  }),

  /** The KPI table for a period. */
  kpis: authedProcedure.input(kpisInputSchema).query(({ ctx, input }) => {
    const programs = programsFor(ctx, input.programs);
    return kpiTable(ctx.db, programs, periodOf(ctx, input.period), ctx.now());
  }),

  /** The same figures month by month for the last 12 months, with the policy's targets. */
  trends: authedProcedure.input(trendsInputSchema).query(({ ctx, input }) => {
    const programs = programsFor(ctx, input.programs);
    const ids = programs.map((p) => p.id);
    const now = ctx.now();
    return {
      months: trendMonths(ctx.db, ids, lastTwelveMonths(now), now),
      targets: {
        acknowledgeMs: sharedTarget(ctx, ids, (p) => nominalMs(p.acknowledge)),
        fixCriticalMs: sharedTarget(ctx, ids, (p) => nominalMs(p.resolve.critical)),
        compliance: 1,
      },
    };
  }),

  /** The KPI table as CSV for a meeting's spreadsheet. */
  kpiCsv: authedProcedure.input(kpisInputSchema).query(({ ctx, input }) => {
    const programs = programsFor(ctx, input.programs);
    const table = kpiTable(ctx.db, programs, periodOf(ctx, input.period), ctx.now());
    const day = (d: Date) => d.toISOString().slice(0, 10);
    const lastDay = new Date(table.period.to.getTime() - 1);
    return {
      filename: `embargo-kpis-${day(table.period.from)}-to-${day(lastDay)}.csv`,
      csv: kpiCsv(table, programsLabel(programs)),
    };
  }),

  /** The reports behind one figure of the panel, paged. */
  reports: authedProcedure.input(leadershipReportsInputSchema).query(({ ctx, input }) => {
    let programs = programsFor(ctx, input.programs);
    if (input.program) programs = programsFor(ctx, [input.program]);
    const now = ctx.now();
    if (PERIOD_METRICS.includes(input.metric) && !input.period) {
      throw fieldError("period", "This figure is about a period: give one");
    }
    const period = input.period ? periodOf(ctx, input.period) : null;
    let q: BriefQuery;
    let title: string;
    const sev = input.severity ? ` · ${input.severity}` : "";
    switch (input.metric) {
      case "escalated":
        q = escalatedQuery();
        title = "Reports with an open escalation";
        break;
      case "criticals":
      case "breached":
      case "at_risk":
      case "disclosures_due":
      case "backlog": {
        q = nowQuery(input.metric, now, { severity: input.severity, bucket: input.bucket });
        const titles = {
          criticals: "Open critical reports",
          breached: "Open reports with a breached clock",
          at_risk: "Open reports with a clock at risk",
          disclosures_due: "Disclosures due in the next 30 days",
          backlog: `Open reports${sev}${input.bucket ? ` · received ${AGE_BUCKET_LABELS[input.bucket]} ago` : ""}`,
        };
        title = titles[input.metric];
        break;
      }
      case "compliance_met":
      case "compliance_missed":
        q = complianceQuery(input.metric === "compliance_met" ? "met" : "missed", period as Period, now, input.clock);
        title = `${input.clock ? CLOCK_LABELS[input.clock] : "SLA"} promises ${input.metric === "compliance_met" ? "kept" : "missed"} · ${period?.label}`;
        break;
      default: {
        q = periodQuery(input.metric, period as Period, input.severity);
        const verb = {
          received: "Received",
          closed: "Closed",
          acknowledged: "Acknowledged",
          assessed: "Assessed",
          fixed: "Fixed",
        }[input.metric];
        title = `${verb}${sev} · ${period?.label}`;
      }
    }
    const { rows, total } = briefPage(
      ctx.db,
      programs.map((p) => p.id),
      q,
      PAGE_SIZE,
      (input.page - 1) * PAGE_SIZE,
    );
    return {
      title,
      programs: programs.map(({ slug, name }) => ({ slug, name })),
      rows,
      total,
      page: input.page,
      pageSize: PAGE_SIZE,
    };
  }),
});
