import {
  calendarQuerySchema,
  decideRequestSchema,
  disclosureKeySchema,
  fieldError,
  isTimeZone,
  MILESTONE_TRANSITION,
  parseZonedInstant,
  planTransition,
  publishSchema,
  requestExtensionSchema,
  setDisclosureTargetSchema,
  setMilestoneSchema,
  TRIAGE_ROLES,
} from "@embargo/core";
import {
  agreeDisclosure,
  applyTransition,
  calendarEntries,
  decideDisclosureRequest,
  hasCalendarFeed,
  programById,
  publishAdvisory,
  regenerateCalendarToken,
  reportById,
  requestDisclosureChange,
  revokeCalendarToken,
  setDisclosureTarget,
  setMilestone,
} from "@embargo/db";
import { actorOf, programIdsWith, triageableReport } from "../access.ts";
import { authedProcedure, roleProcedure, router } from "../trpc.ts";

const triage = roleProcedure(...TRIAGE_ROLES);

/** A wall-clock time and its zone from a form, as an instant; refused naming the field. */
function instantOf(local: string, timeZone: string, field: string): Date {
  if (!isTimeZone(timeZone)) throw fieldError("timeZone", `Unknown time zone "${timeZone}"`);
  return parseZonedInstant(local, timeZone, field);
}

const MAX_CALENDAR_SPAN_MS = 400 * 86_400_000;

export const disclosureRouter = router({
  /** Propose or edit the date of a plan not yet agreed. */
  setTarget: triage.input(setDisclosureTargetSchema).mutation(({ ctx, input }) => {
    const { report } = triageableReport(ctx, input.key);
    const at = instantOf(input.targetAt, input.timeZone, "targetAt");
    const row = ctx.db.transaction((tx) =>
      setDisclosureTarget(tx, report, { at, timeZone: input.timeZone }, actorOf(ctx), ctx.now()),
    );
    return { key: row.key, state: row.disclosureState };
  }),

  /** The team accepts the proposed date (the reporter does so on the status page). */
  agree: triage.input(disclosureKeySchema).mutation(({ ctx, input }) => {
    const { report } = triageableReport(ctx, input.key);
    const row = ctx.db.transaction((tx) => agreeDisclosure(tx, report, "team", actorOf(ctx), ctx.now()));
    return { key: row.key, state: row.disclosureState };
  }),

  /** A team extension: recorded with its reason and applied at once. */
  extend: triage.input(requestExtensionSchema).mutation(({ ctx, input }) => {
    const { report } = triageableReport(ctx, input.key);
    const newAt = instantOf(input.newAt, input.timeZone, "newAt");
    const { report: row } = ctx.db.transaction((tx) =>
      requestDisclosureChange(
        tx,
        report,
        {
          kind: "extension",
          requestedBy: "team",
          reason: input.reason,
          newAt,
          timeZone: input.timeZone,
          shortening: input.shortening,
        },
        actorOf(ctx),
        ctx.now(),
      ),
    );
    return { key: row.key, state: row.disclosureState };
  }),

  /** Approve or decline the reporter's request (an extension or another date). */
  decide: triage.input(decideRequestSchema).mutation(({ ctx, input }) => {
    const { report } = triageableReport(ctx, input.key);
    const row = ctx.db.transaction((tx) =>
      decideDisclosureRequest(
        tx,
        report,
        input.requestId,
        { approve: input.approve, note: input.note },
        actorOf(ctx),
        ctx.now(),
      ),
    );
    return { key: row.key, state: row.disclosureState };
  }),

  /**
   * Record a patch milestone. Reaching fix_started or fix_released also takes
   * the matching transition when the report is where it starts (the two never
   * disagree); advisory_published is reached by publishing.
   */
  setMilestone: triage.input(setMilestoneSchema).mutation(({ ctx, input }) => {
    const { report } = triageableReport(ctx, input.key);
    const program = programById(ctx.db, report.programId)!;
    const targetAt = input.targetAt ? instantOf(input.targetAt, input.timeZone, "targetAt") : null;
    const actualAt = input.actualAt ? instantOf(input.actualAt, input.timeZone, "actualAt") : null;
    if (input.kind === "advisory_published" && actualAt && report.state !== "disclosed") {
      throw fieldError("actualAt", "Publish the advisory (it discloses the report) to record this milestone");
    }
    const now = ctx.now();
    const row = ctx.db.transaction((tx) => {
      let current = setMilestone(
        tx,
        report,
        { kind: input.kind, targetAt, actualAt, value: input.value },
        program.versionScheme,
        actorOf(ctx),
        now,
      );
      const action = MILESTONE_TRANSITION[input.kind];
      if (actualAt && action && action !== "disclose") {
        const plan = (() => {
          try {
            return planTransition(current, { action, fixedVersion: current.fixedVersion });
          } catch {
            return null; // already past that state
          }
        })();
        if (plan) current = applyTransition(tx, current, plan, { duplicateOfId: null }, actorOf(ctx), now);
      }
      return reportById(tx, current.id)!;
    });
    return { key: row.key, state: row.state };
  }),

  /** Publish the advisory: discloses the report and tells the reporter. */
  publish: triage.input(publishSchema).mutation(({ ctx, input }) => {
    const { report } = triageableReport(ctx, input.key);
    const row = publishAdvisory(
      ctx.db,
      report,
      {
        advisoryUrl: input.advisoryUrl,
        generatedUrl: `${ctx.publicUrl}/advisories/${encodeURIComponent(report.key)}`,
        overrideReason: input.overrideReason || null,
      },
      actorOf(ctx),
      ctx.now(),
    );
    return { key: row.key, state: row.state, advisoryUrl: row.advisoryUrl };
  }),

  /**
   * Disclosure and fix-release targets across the programs the caller sees
   * (leadership included: dates, keys, titles and severities, no report text).
   */
  calendar: authedProcedure.input(calendarQuerySchema).query(({ ctx, input }) => {
    if (input.to.getTime() <= input.from.getTime()) throw fieldError("to", "The end must be after the start");
    if (input.to.getTime() - input.from.getTime() > MAX_CALENDAR_SPAN_MS) {
      throw fieldError("to", "Show at most 400 days at once");
    }
    let programIds = programIdsWith(ctx.user);
    if (input.program) {
      const m = ctx.user.memberships.find((x) => x.slug === input.program);
      programIds = m ? [m.programId] : [];
    }
    const entries = calendarEntries(ctx.db, {
      programIds,
      from: input.from,
      to: input.to,
      severities: input.severities,
    });
    return { entries };
  }),

  /** Whether the caller has a calendar feed (the URL itself is shown only when made). */
  feedStatus: authedProcedure.query(({ ctx }) => ({ enabled: hasCalendarFeed(ctx.db, ctx.user.id) })),

  /** A new secret feed URL; the previous one stops working at once. */
  regenerateFeed: authedProcedure.mutation(({ ctx }) => {
    const token = regenerateCalendarToken(ctx.db, ctx.user.id, actorOf(ctx), ctx.now());
    return { url: `${ctx.publicUrl}/calendar/${token}.ics` };
  }),

  revokeFeed: authedProcedure.mutation(({ ctx }) => {
    revokeCalendarToken(ctx.db, ctx.user.id, actorOf(ctx), ctx.now());
    return { enabled: false };
  }),
});
