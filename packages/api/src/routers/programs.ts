import { randomBytes } from "node:crypto";
import {
  DomainError,
  defaultPolicy,
  fieldError,
  parseSecurityMd,
  policySchema,
  programCreateSchema,
  programUpdateSchema,
  ROLES,
  renderSecurityMd,
  renderSecurityTxt,
  TRIAGE_ROLES,
} from "@embargo/core";
import {
  createApiToken,
  createProgram,
  type Db,
  listApiTokens,
  programById,
  programByKeyPrefix,
  programBySlug,
  programReportCount,
  programStaff,
  programsByIds,
  revokeApiToken,
  setProgramArchived,
  sha256Hex,
  updateProgram,
  updateProgramPolicy,
} from "@embargo/db";
import { z } from "zod";
import { actorOf, programBySlugFor, programIdsWith } from "../access.ts";
import { adminOfAllProcedure, authedProcedure, recentAuth, roleProcedure, router } from "../trpc.ts";

const programInput = z.object({ program: z.string().trim().min(1).max(64) });

/** Slug and key prefix are unique; a clash is a field error on the field that clashes. */
function assertFree(db: Db, want: { slug?: string | undefined; keyPrefix?: string | undefined }, selfId?: number) {
  const bySlug = want.slug ? programBySlug(db, want.slug) : undefined;
  if (bySlug && bySlug.id !== selfId) {
    throw new DomainError("conflict", `A program with the slug "${want.slug}" already exists`, "slug");
  }
  const byPrefix = want.keyPrefix ? programByKeyPrefix(db, want.keyPrefix) : undefined;
  if (byPrefix && byPrefix.id !== selfId) {
    throw new DomainError(
      "conflict",
      `The key prefix ${want.keyPrefix} is already used by ${byPrefix.name}`,
      "keyPrefix",
    );
  }
}

export const programsRouter = router({
  /** Programs the caller is a member of, with their role in each. */
  list: authedProcedure.query(({ ctx }) => {
    const ids = programIdsWith(ctx.user);
    if (ids.length === 0) return [];
    return programsByIds(ctx.db, ids)
      .map(({ policy, ...p }) => ({
        ...p,
        role: ctx.user.memberships.find((m) => m.programId === p.id)?.role ?? "leadership",
        policy,
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }),

  /**
   * A new program, with a policy confirmed from a SECURITY.md draft or the
   * default one. The creator and every admin of all programs become its admins.
   */
  create: adminOfAllProcedure
    .input(programCreateSchema.extend({ policy: policySchema.optional() }))
    .mutation(({ ctx, input }) => {
      assertFree(ctx.db, input);
      const base = input.policy ?? defaultPolicy();
      const policy = { ...base, calendar: { ...base.calendar, timeZone: input.timeZone } };
      const row = createProgram(
        ctx.db,
        {
          slug: input.slug,
          name: input.name,
          keyPrefix: input.keyPrefix,
          description: input.description,
          versionScheme: input.versionScheme,
          policy,
          creatorUserId: ctx.user.id,
        },
        actorOf(ctx),
        ctx.now(),
      );
      return { id: row.id, slug: row.slug, keyPrefix: row.keyPrefix };
    }),

  /** Rename and describe. Slug and key prefix change only while the program has no reports (links and keys use them). */
  update: roleProcedure("admin")
    .input(programInput.extend(programUpdateSchema.shape))
    .mutation(({ ctx, input }) => {
      const m = programBySlugFor(ctx, input.program, ["admin"]);
      const current = programById(ctx.db, m.programId);
      if (!current) throw new DomainError("not_found", `Program "${input.program}" not found`);
      const slugChanges = input.slug !== undefined && input.slug !== current.slug;
      const prefixChanges = input.keyPrefix !== undefined && input.keyPrefix !== current.keyPrefix;
      if ((slugChanges || prefixChanges) && programReportCount(ctx.db, m.programId) > 0) {
        throw fieldError(
          slugChanges ? "slug" : "keyPrefix",
          `${slugChanges ? "The slug" : "The key prefix"} cannot change once the program has reports`,
        );
      }
      assertFree(
        ctx.db,
        { slug: slugChanges ? input.slug : undefined, keyPrefix: prefixChanges ? input.keyPrefix : undefined },
        m.programId,
      );
      const row = updateProgram(
        ctx.db,
        m.programId,
        {
          name: input.name ?? current.name,
          description: input.description ?? current.description,
          versionScheme: input.versionScheme ?? current.versionScheme,
          slug: slugChanges ? input.slug : undefined,
          keyPrefix: prefixChanges ? input.keyPrefix : undefined,
          advisory: input.advisory,
        },
        actorOf(ctx),
        ctx.now(),
      );
      if (!row) throw new DomainError("not_found", `Program "${input.program}" not found`);
      return { slug: row.slug, keyPrefix: row.keyPrefix };
    }),

  /** Stop taking new reports; the program's reports stay readable. Programs are never deleted. */
  archive: roleProcedure("admin")
    .input(programInput)
    .mutation(({ ctx, input }) => {
      const m = programBySlugFor(ctx, input.program, ["admin"]);
      const row = programById(ctx.db, m.programId);
      if (row?.archivedAt) throw new DomainError("conflict", `${row.name} is already archived`);
      const done = setProgramArchived(ctx.db, m.programId, true, actorOf(ctx), ctx.now());
      return { slug: m.slug, archivedAt: done?.archivedAt ?? null };
    }),

  /** Take new reports again. */
  unarchive: roleProcedure("admin")
    .input(programInput)
    .mutation(({ ctx, input }) => {
      const m = programBySlugFor(ctx, input.program, ["admin"]);
      const row = programById(ctx.db, m.programId);
      if (row && !row.archivedAt) throw new DomainError("conflict", `${row.name} is not archived`);
      setProgramArchived(ctx.db, m.programId, false, actorOf(ctx), ctx.now());
      return { slug: m.slug, archivedAt: null };
    }),

  /** People a report in this program can be assigned to. */
  staff: roleProcedure(...TRIAGE_ROLES)
    .input(programInput)
    .query(({ ctx, input }) => {
      const m = programBySlugFor(ctx, input.program, TRIAGE_ROLES);
      return programStaff(ctx.db, m.programId);
    }),

  /**
   * Replace a program's policy. The change, its audit entry and the new
   * clocks of every open report commit together.
   */
  updatePolicy: roleProcedure("admin")
    .input(programInput.extend({ policy: policySchema }))
    .mutation(({ ctx, input }) => {
      const m = programBySlugFor(ctx, input.program, ["admin"]);
      const recomputed = updateProgramPolicy(
        ctx.db,
        { id: m.programId, slug: m.slug },
        input.policy,
        actorOf(ctx),
        ctx.now(),
      );
      return { program: m.slug, recomputed };
    }),

  apiTokens: roleProcedure("admin")
    .input(programInput)
    .query(({ ctx, input }) => {
      const m = programBySlugFor(ctx, input.program, ["admin"]);
      return listApiTokens(ctx.db, m.programId);
    }),

  /** The token is shown once; only its SHA-256 is kept. */
  createApiToken: roleProcedure("admin")
    .use(recentAuth)
    .input(programInput.extend({ name: z.string().trim().min(1, "Name the token").max(100) }))
    .mutation(({ ctx, input }) => {
      const m = programBySlugFor(ctx, input.program, ["admin"]);
      const token = `emb_${randomBytes(30).toString("base64url")}`;
      const row = createApiToken(
        ctx.db,
        {
          programId: m.programId,
          name: input.name,
          tokenHash: sha256Hex(token),
          prefix: token.slice(0, 10),
        },
        actorOf(ctx),
        ctx.now(),
      );
      return { id: row.id, token };
    }),

  revokeApiToken: roleProcedure("admin")
    .input(programInput.extend({ id: z.number().int().positive() }))
    .mutation(({ ctx, input }) => {
      const m = programBySlugFor(ctx, input.program, ["admin"]);
      if (!revokeApiToken(ctx.db, m.programId, input.id, actorOf(ctx), ctx.now())) {
        throw new DomainError("not_found", `Token ${input.id} not found or already revoked`);
      }
      return { id: input.id };
    }),

  /** Draft a policy from a SECURITY.md for a human to confirm; nothing is saved. */
  parseSecurityMd: roleProcedure("admin")
    .input(z.object({ markdown: z.string().max(1_048_576, "SECURITY.md must be at most 1 MB") }))
    .mutation(({ input }) => {
      if (!input.markdown.trim()) throw new DomainError("validation", "The file is empty", "markdown");
      return parseSecurityMd(input.markdown);
    }),

  /** SECURITY.md or RFC 9116 security.txt text generated from the policy. */
  render: authedProcedure
    .input(
      programInput.extend({ format: z.enum(["security-md", "security-txt"]), baseUrl: z.url().max(200).optional() }),
    )
    .query(({ ctx, input }) => {
      const m = programBySlugFor(ctx, input.program, ROLES);
      const row = programById(ctx.db, m.programId);
      if (!row) throw new DomainError("not_found", `Program "${input.program}" not found`);
      const rctx = {
        programName: row.name,
        programSlug: row.slug,
        baseUrl: (input.baseUrl ?? "https://security.example.com").replace(/\/$/, ""),
        now: ctx.now(),
      };
      const { policy } = row;
      return input.format === "security-md"
        ? { filename: "SECURITY.md", text: renderSecurityMd(policy, rctx) }
        : { filename: "security.txt", text: renderSecurityTxt(policy, rctx) };
    }),
});
