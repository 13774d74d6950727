import { policySchema, TRIAGE_ROLES } from "@embargo/core";
import { programStaff, schema } from "@embargo/db";
import { eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { programBySlugFor, programIdsWith } from "../access.ts";
import { authedProcedure, roleProcedure, router } from "../trpc.ts";

export const programsRouter = router({
  /** Programs the caller is a member of, with their role in each. */
  list: authedProcedure.query(({ ctx }) => {
    const ids = programIdsWith(ctx.user);
    if (ids.length === 0) return [];
    const rows = ctx.db
      .select({
        id: schema.programs.id,
        slug: schema.programs.slug,
        name: schema.programs.name,
        keyPrefix: schema.programs.keyPrefix,
        policyJson: schema.programs.policyJson,
      })
      .from(schema.programs)
      .where(inArray(schema.programs.id, ids))
      .all();
    return rows
      .map(({ policyJson, ...p }) => ({
        ...p,
        role: ctx.user.memberships.find((m) => m.programId === p.id)?.role ?? "leadership",
        policy: policySchema.parse(JSON.parse(policyJson)),
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }),

  /** People a report in this program can be assigned to. */
  staff: roleProcedure(...TRIAGE_ROLES)
    .input(z.object({ program: z.string().trim().min(1).max(64) }))
    .query(({ ctx, input }) => {
      const m = programBySlugFor(ctx, input.program, TRIAGE_ROLES);
      const program = ctx.db
        .select({ id: schema.programs.id })
        .from(schema.programs)
        .where(eq(schema.programs.id, m.programId))
        .get();
      return program ? programStaff(ctx.db, program.id) : [];
    }),
});
