import {
  addMessageSchema,
  assignSchema,
  availableTransitions,
  DomainError,
  planTransition,
  reportCreateSchema,
  reportKeySchema,
  reportListSchema,
  reportUpdateSchema,
  revealInvisibles,
  scoreCvss,
  setCvssSchema,
  setSeveritySchema,
  TRIAGE_ROLES,
  transitionSchema,
} from "@embargo/core";
import {
  addMessage,
  applyTransition,
  assignReport,
  attachmentsOf,
  COUNT_CAP,
  changeSeverity,
  clocksOf,
  createReport,
  disclosureDetail,
  duplicateCandidatesOf,
  insertAttachments,
  listEscalations,
  listReports,
  policyOf,
  programById,
  programStaff,
  reportById,
  reportByKey,
  reportDetail,
  updateReportFields,
} from "@embargo/db";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { actorOf, programBySlugFor, programIdsWith, readableReport, triageableReport } from "../access.ts";
import { escalationView } from "../leadership-view.ts";
import { disclosureView, eventDataView, reportView } from "../report-view.ts";
import { authedProcedure, roleProcedure, router } from "../trpc.ts";

const triage = roleProcedure(...TRIAGE_ROLES);

function scoreOrThrow(vector: string) {
  const scored = scoreCvss(vector);
  if (!scored.ok) {
    throw new DomainError("validation", `CVSS vector: ${scored.message}`, "cvssVector");
  }
  return scored;
}

function assigneeFor(ctx: Parameters<typeof actorOf>[0], programId: number, assigneeId: number) {
  const staff = programStaff(ctx.db, programId).find((s) => s.id === assigneeId);
  if (!staff)
    throw new DomainError("validation", "The assignee must be a triager or admin of this program", "assigneeId");
  return staff;
}

export const reportsRouter = router({
  list: authedProcedure.input(reportListSchema).query(({ ctx, input }) => {
    let programIds = programIdsWith(ctx.user);
    if (input.program) {
      const m = ctx.user.memberships.find((x) => x.slug === input.program);
      programIds = m ? [m.programId] : [];
    }
    const filter = {
      programIds,
      states: input.states,
      open: input.states?.length ? undefined : input.view === "all" ? undefined : input.view === "open",
      severities: input.severities,
      assigneeId: input.assignee === "me" ? ctx.user.id : input.assignee === "unassigned" ? null : input.assignee,
      channel: input.channel,
      q: input.q || undefined,
      titleOnly: programIds.some((id) => programIdsWith(ctx.user, ["leadership"]).includes(id)),
      sla: input.sla,
      disclosure: input.disclosure,
      now: ctx.now(),
    };
    const { rows, total, counts } = listReports(ctx.db, filter, input.sort, {
      offset: (input.page - 1) * input.pageSize,
      limit: input.pageSize,
    });
    // Leadership sees no reporter (need-to-know), so not the reporter's language either.
    const leadOnly = programIdsWith(ctx.user, ["leadership"]);
    const shown = rows.map((r) => (leadOnly.includes(r.programId) ? { ...r, reporterLanguage: null } : r));
    // total and counts are null past COUNT_CAP matches: the inbox then asks for a narrower view.
    return { rows: shown, total, page: input.page, pageSize: input.pageSize, counts, countCap: COUNT_CAP };
  }),

  /**
   * The search box's jump: when what was typed is exactly a report key the
   * caller may read (any case), that report's key; otherwise null, and the
   * inbox searches as usual. A key in another program answers null like a
   * key that does not exist, so the jump tells nothing a search would not.
   */
  jump: authedProcedure.input(z.object({ q: z.string().max(200) })).query(({ ctx, input }) => {
    const key = reportKeySchema.safeParse(input.q);
    if (!key.success) return { key: null };
    const report = reportByKey(ctx.db, key.data);
    const member = report && ctx.user.memberships.some((m) => m.programId === report.programId);
    return { key: member ? report.key : null };
  }),

  byKey: authedProcedure.input(z.object({ key: z.string().trim().toUpperCase().max(30) })).query(({ ctx, input }) => {
    const { report, role } = readableReport(ctx, input.key);
    const detail = reportDetail(ctx.db, report.id);
    const policy = policyOf(ctx.db, report.programId);
    if (!detail) throw new TRPCError({ code: "NOT_FOUND", message: `Report ${input.key} not found` });
    const canTriage = TRIAGE_ROLES.includes(role);
    return {
      // Built from allow-lists per role: leadership sees what is at stake, not how to exploit it.
      report: reportView(detail.report, canTriage),
      programSlug: detail.programSlug,
      programName: detail.programName,
      assignee: detail.report.assigneeId
        ? { id: detail.report.assigneeId, name: detail.assigneeName, email: detail.assigneeEmail }
        : null,
      // Leadership sees no reporter (need-to-know): who found it is not what is at stake.
      researcher:
        canTriage && (detail.researcherName || detail.researcherHandle || detail.researcherEmail)
          ? {
              name: detail.researcherName,
              handle: detail.researcherHandle,
              email: detail.researcherEmail,
            }
          : null,
      duplicateOf: detail.duplicateOf,
      events: detail.events.map((e) => ({
        id: e.id,
        at: e.at,
        type: e.type,
        actorLabel: e.actorLabel,
        fromState: e.fromState,
        toState: e.toState,
        data: eventDataView(e.data, canTriage),
      })),
      messages: canTriage ? detail.messages : [],
      role,
      canTriage,
      redacted: !canTriage,
      transitions: canTriage ? availableTransitions(report) : [],
      clocks: clocksOf(ctx.db, report, ctx.now(), policy),
      disclosure: disclosureView(disclosureDetail(ctx.db, report, ctx.now(), policy), canTriage),
      attachments: canTriage
        ? attachmentsOf(ctx.db, report.id).map((a) => ({
            id: a.id,
            filename: a.filename,
            // As the uploader sent it, invisible characters shown as <U+202E>; null when the same.
            originalFilename:
              a.originalFilename && a.originalFilename !== a.filename ? revealInvisibles(a.originalFilename) : null,
            contentType: a.contentType,
            size: a.size,
            uploadedBy: a.uploadedBy,
            messageId: a.messageId,
            createdAt: a.createdAt,
          }))
        : [],
      duplicateCandidates: canTriage ? duplicateCandidatesOf(ctx.db, report.id) : [],
      // The reporter's wishes about their name: the team's business, not leadership's.
      credit: canTriage ? { creditAs: report.creditAs, consent: report.creditConsent } : null,
      timeZone: policy.calendar.timeZone,
      // Open ones first, then the most recently resolved.
      escalations: listEscalations(ctx.db, {
        programIds: [report.programId],
        status: "all",
        reportId: report.id,
        limit: 20,
        offset: 0,
      }).rows.map(escalationView),
    };
  }),

  create: triage.input(reportCreateSchema).mutation(({ ctx, input }) => {
    const m = programBySlugFor(ctx, input.programSlug, TRIAGE_ROLES);
    if (programById(ctx.db, m.programId)?.archivedAt) {
      throw new DomainError("validation", `${m.name} is archived and takes no new reports`, "programSlug");
    }
    const scored = input.cvssVector ? scoreOrThrow(input.cvssVector) : null;
    if (input.assigneeId) assigneeFor(ctx, m.programId, input.assigneeId);
    const now = ctx.now();
    const { programSlug: _p, channel, receivedAt, reporter, cvssVector: _v, assigneeId, credit, ...fields } = input;
    if (receivedAt && receivedAt.getTime() > now.getTime() + 60_000) {
      throw new DomainError("validation", "Received time cannot be in the future", "receivedAt");
    }
    // The report and the files the staff form sent (stored by the HTTP route) commit together.
    const row = ctx.db.transaction((tx) => {
      const created = createReport(
        tx,
        {
          programId: m.programId,
          fields,
          channel,
          receivedAt: receivedAt ?? now,
          reporter: reporter ?? null,
          severity: scored ? { severity: scored.severity, source: "cvss" } : null,
          cvss: scored ? { version: scored.version, vector: scored.vector, score: scored.score } : null,
          assigneeId: assigneeId ?? null,
          credit: credit ?? null,
        },
        actorOf(ctx),
        now,
      );
      insertAttachments(tx, created.id, null, [...ctx.stagedFiles], "staff", now);
      return created;
    });
    return { key: row.key };
  }),

  update: triage.input(reportUpdateSchema).mutation(({ ctx, input }) => {
    const { report } = triageableReport(ctx, input.key);
    const { key: _k, ...fields } = input;
    const row = updateReportFields(ctx.db, report, fields, actorOf(ctx), ctx.now());
    return { key: row.key };
  }),

  transition: triage.input(transitionSchema).mutation(({ ctx, input }) => {
    const { report } = triageableReport(ctx, input.key);
    const plan = planTransition(report, input);
    if (plan.action === "disclose") {
      // Disclosing publishes: it needs the release, the advisory and the date (disclosure.publish).
      throw new DomainError("validation", "Use Publish advisory to disclose a report", "action");
    }
    let duplicateOfId: number | null = null;
    if (plan.duplicateOf) {
      const original = reportByKey(ctx.db, plan.duplicateOf);
      // The original must be visible to the caller and in the same program:
      // a duplicate link must not leak another program's report key.
      if (!original || original.programId !== report.programId) {
        throw new DomainError("validation", `No report ${plan.duplicateOf} in this program`, "duplicateOf");
      }
      // Follow the original's own duplicate links: closing this one must not make a loop.
      let cursor: typeof original | undefined = original;
      for (let hops = 0; cursor?.duplicateOfId && hops < 1000; hops++) {
        if (cursor.duplicateOfId === report.id) {
          throw new DomainError(
            "validation",
            `${plan.duplicateOf} is already a duplicate of this report`,
            "duplicateOf",
          );
        }
        cursor = reportById(ctx.db, cursor.duplicateOfId);
      }
      duplicateOfId = original.id;
    }
    const row = applyTransition(ctx.db, report, plan, { duplicateOfId }, actorOf(ctx), ctx.now());
    return { key: row.key, state: row.state };
  }),

  setCvss: triage.input(setCvssSchema).mutation(({ ctx, input }) => {
    const { report } = triageableReport(ctx, input.key);
    if (input.vector === "") {
      const row = changeSeverity(
        ctx.db,
        report,
        { severity: null, source: "cvss", reason: null, cvss: null },
        actorOf(ctx),
        ctx.now(),
      );
      return { key: row.key, severity: row.severity, score: row.cvssScore };
    }
    const scored = scoreOrThrow(input.vector);
    const row = changeSeverity(
      ctx.db,
      report,
      {
        severity: scored.severity,
        source: "cvss",
        reason: null,
        cvss: { version: scored.version, vector: scored.vector, score: scored.score },
      },
      actorOf(ctx),
      ctx.now(),
    );
    return { key: row.key, severity: row.severity, score: row.cvssScore };
  }),

  /** Manual override: the reason is kept with the change. */
  setSeverity: triage.input(setSeveritySchema).mutation(({ ctx, input }) => {
    const { report } = triageableReport(ctx, input.key);
    const row = changeSeverity(
      ctx.db,
      report,
      { severity: input.severity, source: "manual", reason: input.reason },
      actorOf(ctx),
      ctx.now(),
    );
    return { key: row.key, severity: row.severity };
  }),

  assign: triage.input(assignSchema).mutation(({ ctx, input }) => {
    const { report } = triageableReport(ctx, input.key);
    const staff = input.assigneeId === null ? null : assigneeFor(ctx, report.programId, input.assigneeId);
    assignReport(ctx.db, report, staff, actorOf(ctx), ctx.now());
    return { key: report.key, assigneeId: staff?.id ?? null };
  }),

  addMessage: triage.input(addMessageSchema).mutation(({ ctx, input }) => {
    const { report } = triageableReport(ctx, input.key);
    const row = addMessage(
      ctx.db,
      report,
      { kind: input.kind, body: input.body, authorUserId: ctx.user.id },
      actorOf(ctx),
      ctx.now(),
    );
    return { id: row.id };
  }),
});
