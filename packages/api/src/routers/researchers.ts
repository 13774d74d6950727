import { DomainError, type Role, TRIAGE_ROLES } from "@embargo/core";
import {
  erasedLabel,
  eraseResearcher,
  mergeResearchers,
  programsOfResearcher,
  recordsOfPerson,
  researcherById,
  researcherDataExport,
  researcherDirectory,
  researcherTrackRecord,
  researcherVisibleIn,
} from "@embargo/db";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { type AuthedContext, actorOf, programIdsWith, triageableReport } from "../access.ts";
import { recentAuth, roleProcedure, router } from "../trpc.ts";

/** The directory and track records are for the people who answer researchers: triagers and admins, not leadership. */
const staff = roleProcedure(...TRIAGE_ROLES);
const admins = roleProcedure("admin");

export const DIRECTORY_PAGE_SIZE = 25;

const idSchema = z.number({ error: "Pick a researcher" }).int().positive();
const listSchema = z.object({
  q: z.string().trim().max(200, "Search at most 200 characters").nullish(),
  page: z.number().int().min(1).max(10_000).default(1),
});
const byIdSchema = z.object({ id: idSchema });
const mergeSchema = z.object({ targetId: idSchema, sourceId: idSchema });
const eraseSchema = z.object({
  id: idSchema,
  /** The researcher's id typed again by the admin. */
  confirm: z.string().trim().max(20),
});

const notFound = (id: number) => new TRPCError({ code: "NOT_FOUND", message: `Researcher #${id} not found` });

/**
 * A record the caller may look at with `roles`: it has a report or credit in one of
 * their programs where they hold such a role. Anything else answers as missing.
 */
function visibleResearcher(ctx: AuthedContext, id: number, roles: readonly Role[]) {
  const row = researcherById(ctx.db, id);
  if (!row || !researcherVisibleIn(ctx.db, id, programIdsWith(ctx.user, roles))) throw notFound(id);
  return row;
}

/**
 * Merging and data requests touch every report of the person, in whatever program:
 * the caller must be an admin of every program the records' reports and credits are in.
 */
function adminOfEveryProgramOf(ctx: AuthedContext, ids: number[]): boolean {
  const mine = new Set(programIdsWith(ctx.user, ["admin"]));
  return programsOfResearcher(ctx.db, ids).every((p) => mine.has(p));
}
function requireAdminOfEvery(ctx: AuthedContext, ids: number[], what: string) {
  if (!adminOfEveryProgramOf(ctx, ids)) {
    throw new TRPCError({
      code: "FORBIDDEN",
      message: `${what} needs the admin role in every program these researchers' reports are in`,
    });
  }
}

/** How a record is shown: an erased one has no name left. */
function person(row: NonNullable<ReturnType<typeof researcherById>>) {
  return {
    id: row.id,
    name: row.erasedAt ? erasedLabel(row.id) : row.name,
    handle: row.handle,
    email: row.email,
    links: row.links,
    languages: row.languages,
    erasedAt: row.erasedAt,
  };
}

export const researchersRouter = router({
  /** The directory: people with reports or credits in the caller's triage programs, counts over those programs only. */
  list: staff.input(listSchema).query(({ ctx, input }) => {
    const { total, rows } = researcherDirectory(ctx.db, {
      programIds: programIdsWith(ctx.user, TRIAGE_ROLES),
      q: input.q ?? null,
      page: input.page,
      pageSize: DIRECTORY_PAGE_SIZE,
    });
    return {
      total,
      page: input.page,
      pageSize: DIRECTORY_PAGE_SIZE,
      rows: rows.map((r) => ({ ...r, name: r.erasedAt ? erasedLabel(r.id) : r.name })),
    };
  }),

  /** One researcher: who they are, their reports in the caller's programs and the track record over those. */
  get: staff.input(byIdSchema).query(({ ctx, input }) => {
    const row = visibleResearcher(ctx, input.id, TRIAGE_ROLES);
    const ids = recordsOfPerson(ctx.db, row.id);
    const record = researcherTrackRecord(ctx.db, row.id, programIdsWith(ctx.user, TRIAGE_ROLES));
    const allAdmin = adminOfEveryProgramOf(ctx, ids);
    return {
      person: person(row),
      mergedRecordIds: ids.filter((i) => i !== row.id),
      ...record,
      can: {
        merge: allAdmin && !row.erasedAt,
        dataRequests: allAdmin && programIdsWith(ctx.user, ["admin"]).length > 0,
      },
    };
  }),

  /** The compact track record beside a report, for the people triaging it; null when the report has no researcher. */
  ofReport: staff.input(z.object({ key: z.string().min(1).max(64) })).query(({ ctx, input }) => {
    const { report } = triageableReport(ctx, input.key);
    if (report.researcherId === null) return null;
    const row = researcherById(ctx.db, report.researcherId)!;
    const { summary } = researcherTrackRecord(ctx.db, row.id, programIdsWith(ctx.user, TRIAGE_ROLES));
    return { researcherId: row.id, name: person(row).name, handle: row.handle, summary };
  }),

  /**
   * Merge record `sourceId` into `targetId`. Both must be visible to the caller, and the
   * caller must be an admin of every program either record's reports or credits are in:
   * a merge moves reports between people, which no one should do for programs they do
   * not run.
   */
  merge: staff.input(mergeSchema).mutation(({ ctx, input }) => {
    visibleResearcher(ctx, input.targetId, TRIAGE_ROLES);
    visibleResearcher(ctx, input.sourceId, TRIAGE_ROLES);
    requireAdminOfEvery(ctx, [input.targetId, input.sourceId], "Merging");
    return mergeResearchers(ctx.db, input.targetId, input.sourceId, actorOf(ctx), ctx.now());
  }),

  /** Everything held about the researcher, as JSON, for a data request (admins of all their programs). */
  exportData: admins.input(byIdSchema).query(({ ctx, input }) => {
    const row = visibleResearcher(ctx, input.id, ["admin"]);
    requireAdminOfEvery(ctx, recordsOfPerson(ctx.db, row.id), "A data export");
    return researcherDataExport(ctx.db, row.id, ctx.now());
  }),

  /** Erase the researcher's personal data, confirmed by typing their id; the reports stay. */
  erase: admins
    .use(recentAuth)
    .input(eraseSchema)
    .mutation(({ ctx, input }) => {
      const row = visibleResearcher(ctx, input.id, ["admin"]);
      requireAdminOfEvery(ctx, recordsOfPerson(ctx.db, row.id), "Erasing");
      if (input.confirm !== String(row.id)) {
        throw new DomainError("validation", `Type ${row.id} to confirm the erasure`, "confirm");
      }
      if (row.erasedAt) throw new DomainError("conflict", `Researcher #${row.id} was already erased`, "id");
      const result = eraseResearcher(ctx.db, row.id, actorOf(ctx), ctx.now());
      for (const sha of result.rawEmails) ctx.removeRawEmail(sha);
      return { id: row.id, counts: result.counts, rawEmailsRemoved: result.rawEmails.length };
    }),
});
