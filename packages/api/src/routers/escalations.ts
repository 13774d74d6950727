import {
  acknowledgeEscalationSchema,
  escalationListInputSchema,
  raiseEscalationSchema,
  resolveEscalationSchema,
  TRIAGE_ROLES,
} from "@embargo/core";
import {
  acknowledgeEscalation,
  type EscalationRow,
  escalationById,
  listEscalations,
  raiseEscalation,
  resolveEscalationByHand,
} from "@embargo/db";
import { TRPCError } from "@trpc/server";
import { type AuthedContext, actorOf, programIdsWith, triageableReport } from "../access.ts";
import { escalationView } from "../leadership-view.ts";
import { authedProcedure, roleProcedure, router } from "../trpc.ts";

const PAGE_SIZE = 50;

/** An escalation of a program the caller is in; any other answers exactly like a missing one. */
function visibleEscalation(ctx: AuthedContext, id: number): EscalationRow {
  const e = escalationById(ctx.db, id);
  if (!e || !ctx.user.memberships.some((m) => m.programId === e.programId)) {
    throw new TRPCError({ code: "NOT_FOUND", message: `Escalation ${id} not found` });
  }
  return e;
}

export const escalationsRouter = router({
  list: authedProcedure.input(escalationListInputSchema).query(({ ctx, input }) => {
    const mine = ctx.user.memberships;
    const programIds = input.programs?.length
      ? input.programs.map((slug) => {
          const m = mine.find((x) => x.slug === slug);
          if (!m) throw new TRPCError({ code: "NOT_FOUND", message: `Program "${slug}" not found` });
          return m.programId;
        })
      : programIdsWith(ctx.user);
    const { rows, total } = listEscalations(ctx.db, {
      programIds,
      status: input.status,
      limit: PAGE_SIZE,
      offset: (input.page - 1) * PAGE_SIZE,
    });
    return { rows: rows.map(escalationView), total, page: input.page, pageSize: PAGE_SIZE };
  }),

  /** "I have seen it": any member of the program, leadership first of all. */
  acknowledge: authedProcedure.input(acknowledgeEscalationSchema).mutation(({ ctx, input }) => {
    const e = visibleEscalation(ctx, input.id);
    const outcome = acknowledgeEscalation(ctx.db, e, input.note ?? null, actorOf(ctx), ctx.now());
    if (outcome === "resolved") {
      throw new TRPCError({ code: "CONFLICT", message: `Escalation ${input.id} is already resolved` });
    }
    return { id: e.id, outcome };
  }),

  /** Resolved by hand, with a note saying why. */
  resolve: authedProcedure.input(resolveEscalationSchema).mutation(({ ctx, input }) => {
    const e = visibleEscalation(ctx, input.id);
    if (!resolveEscalationByHand(ctx.db, e, input.note, actorOf(ctx), ctx.now())) {
      throw new TRPCError({ code: "CONFLICT", message: `Escalation ${input.id} is already resolved` });
    }
    return { id: e.id };
  }),

  /** A triager puts a report in front of leadership, with a reason. */
  raise: roleProcedure(...TRIAGE_ROLES)
    .input(raiseEscalationSchema)
    .mutation(({ ctx, input }) => {
      const { report } = triageableReport(ctx, input.key);
      const actor = actorOf(ctx);
      const row = ctx.db.transaction((tx) =>
        raiseEscalation(
          tx,
          { report, kind: "manual", level: input.level, reason: `${report.key}: ${input.reason}`, raisedBy: actor },
          ctx.now(),
        ),
      );
      if (!row) throw new Error("manual escalation was not recorded");
      return { id: row.id };
    }),
});
