import {
  DomainError,
  disclosureKeySchema,
  exportAdvisorySchema,
  saveAdvisorySchema,
  TRIAGE_ROLES,
} from "@embargo/core";
import { programById, saveAdvisory } from "@embargo/db";
import { actorOf, readableReport, triageableReport } from "../access.ts";
import { draftOf, exportReportAdvisory } from "../advisory-input.ts";
import { roleProcedure, router } from "../trpc.ts";

const triage = roleProcedure(...TRIAGE_ROLES);

export const advisoriesRouter = router({
  /**
   * The advisory draft (or a starting point when none is saved). Leadership
   * reads what will be published, never the technical details, workaround,
   * weakness or versions: until the advisory is out, a CWE and a fixed version
   * say where to look (decision 0010).
   */
  get: roleProcedure("admin", "triager", "leadership")
    .input(disclosureKeySchema)
    .query(({ ctx, input }) => {
      const { report, role } = readableReport(ctx, input.key);
      const program = programById(ctx.db, report.programId)!;
      const { draft, saved } = draftOf(ctx.db, report, program.vendorName ?? program.name, program.name);
      const canTriage = TRIAGE_ROLES.includes(role);
      return {
        saved,
        draft: canTriage
          ? draft
          : {
              ...draft,
              details: "",
              workaround: null,
              cwes: [],
              affected: draft.affected.map((a) => ({ ...a, ranges: [] })),
            },
        redacted: !canTriage,
      };
    }),

  save: triage.input(saveAdvisorySchema).mutation(({ ctx, input }) => {
    const { report } = triageableReport(ctx, input.key);
    ctx.db.transaction((tx) => saveAdvisory(tx, report, input.draft, actorOf(ctx), ctx.now()));
    return { key: report.key };
  }),

  /**
   * Build, validate and hand out one format. A document that fails its
   * official schema is never returned: the caller gets the fields to fix.
   * A CSAF export after a change adds a revision to its tracking history.
   */
  export: triage.input(exportAdvisorySchema).mutation(({ ctx, input }) => {
    const { report } = triageableReport(ctx, input.key);
    const result = exportReportAdvisory(ctx.db, report, input.format, {
      publicUrl: ctx.publicUrl,
      now: ctx.now(),
      growRevisions: true,
    });
    if (!result) throw new DomainError("validation", "Write and save the advisory first", "draft");
    return result;
  }),
});
