import { auditCsv, auditFilterSchema } from "@embargo/core";
import {
  auditActions,
  lastAuditVerification,
  listAudit,
  recordAuditVerification,
  verifyAuditAgainstHeads,
} from "@embargo/db";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import type { AuthedContext } from "../access.ts";
import { programIdsWith } from "../access.ts";
import { adminOfAllProcedure, roleProcedure, router } from "../trpc.ts";

const admin = roleProcedure("admin");
const CSV_MAX_ROWS = 50_000;

const listInput = auditFilterSchema.extend({
  beforeId: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(200).default(100),
});

/** What an admin may read: everything for an administrator of all programs, else their programs' entries. */
function scopeOf(ctx: AuthedContext, programSlug: string | undefined) {
  const programIds = ctx.user.adminOfAll ? ("all" as const) : programIdsWith(ctx.user, ["admin"]);
  if (!programSlug) return { programIds, programId: undefined };
  const m = ctx.user.memberships.find((x) => x.slug === programSlug && (ctx.user.adminOfAll || x.role === "admin"));
  if (!m) throw new TRPCError({ code: "NOT_FOUND", message: `Program "${programSlug}" not found` });
  return { programIds, programId: m.programId };
}

/** The database file's name, for the heads recorded beside it. */
const dbFileOf = (ctx: AuthedContext) => ctx.db.$client.name;

/** The Audit page: read, filter and export the log; verify its chain (administrators of all programs). */
export const auditRouter = router({
  list: admin.input(listInput).query(({ ctx, input }) => {
    const { programIds, programId } = scopeOf(ctx, input.program);
    return listAudit(ctx.db, { programIds }, { ...input, programId }, { beforeId: input.beforeId, limit: input.limit });
  }),

  actions: admin.query(({ ctx }) => auditActions(ctx.db)),

  /** The filtered log with its chain hashes, newest first, at most 50,000 rows. */
  csv: admin.input(auditFilterSchema).query(({ ctx, input }) => {
    const { programIds, programId } = scopeOf(ctx, input.program);
    const { rows, nextBeforeId } = listAudit(ctx.db, { programIds }, { ...input, programId }, { limit: CSV_MAX_ROWS });
    return {
      filename: `embargo-audit-${ctx.now().toISOString().slice(0, 10)}.csv`,
      csv: auditCsv(rows),
      rows: rows.length,
      truncated: nextBeforeId !== null,
    };
  }),

  lastVerification: adminOfAllProcedure.query(({ ctx }) => lastAuditVerification(ctx.db)),

  /** Checks the whole chain now (seconds on a large log) and keeps the outcome; a failure alerts as at start. */
  verify: adminOfAllProcedure.mutation(({ ctx }) => {
    const v = verifyAuditAgainstHeads(ctx.db, dbFileOf(ctx));
    return recordAuditVerification(ctx.db, v, "admin", ctx.now(), ctx.user.id);
  }),
});
