import {
  acknowledgmentsSchema,
  addCreditSchema,
  creditKeySchema,
  creditRefSchema,
  DomainError,
  ROLES,
  TRIAGE_ROLES,
  updateCreditSchema,
} from "@embargo/core";
import {
  acknowledgmentFile,
  addCredit,
  creditName,
  creditsOfReport,
  removeCredit,
  setCredit,
  withdrawConsent,
} from "@embargo/db";
import { type AuthedContext, actorOf, programIdsWith, readableReport, triageableReport } from "../access.ts";
import { hashToken } from "../context.ts";
import { roleProcedure, router } from "../trpc.ts";
import { newLinkToken } from "./members.ts";

const triage = roleProcedure(...TRIAGE_ROLES);
const anyRole = roleProcedure(...ROLES);

/**
 * A fresh consent link: the token's hash for the row, the link sealed for the outbox, never stored in clear.
 * `made` receives the clear link so the caller can hand it to the team when no mail can carry it.
 */
function consentLink(ctx: AuthedContext, made: (url: string) => void) {
  const token = newLinkToken();
  const url = `${ctx.publicUrl}/credit/${token}`;
  made(url);
  return { tokenHash: hashToken(token), sealedUrl: ctx.sealLink(url) };
}

export const creditsRouter = router({
  /**
   * A report's credits. Triagers see who each person is (to contact them);
   * leadership sees a person only as they chose to be named, and only once they
   * accepted: the same as what would be published.
   */
  list: anyRole.input(creditKeySchema).query(({ ctx, input }) => {
    const { report, role } = readableReport(ctx, input.key);
    const rows = creditsOfReport(ctx.db, report.id);
    const canTriage = TRIAGE_ROLES.includes(role);
    return rows.map((c) => {
      const base = {
        id: c.id,
        position: c.position,
        type: c.type,
        display: c.display,
        consent: c.consent,
        consentAt: c.consentAt,
        consentChannel: c.consentChannel,
        withdrawnAt: c.withdrawnAt,
        isReporter: c.position === 0,
      };
      if (canTriage) {
        return {
          ...base,
          person: { researcherId: c.researcherId, name: c.name, handle: c.handle, email: c.email },
          shownAs: creditName(c.display, c),
          consentLinkExpiresAt: c.consent === "pending" ? c.consentLinkExpiresAt : null,
        };
      }
      const published = c.consent === "accepted" && c.withdrawnAt === null;
      return {
        ...base,
        person: null,
        shownAs: published ? creditName(c.display, c) : null,
        consentLinkExpiresAt: null,
      };
    });
  }),

  add: triage.input(addCreditSchema).mutation(({ ctx, input }) => {
    const { report } = triageableReport(ctx, input.key);
    let url: string | null = null;
    const row = addCredit(
      ctx.db,
      report,
      input,
      {
        visibleProgramIds: programIdsWith(ctx.user, TRIAGE_ROLES),
        link: () =>
          consentLink(ctx, (made) => {
            url = made;
          }),
      },
      actorOf(ctx),
      ctx.now(),
    );
    // Like invitations: without SMTP the team passes the link on by hand; with it, only the outbox holds it.
    return { id: row.id, consent: row.consent, link: ctx.mailConfigured ? null : url };
  }),

  update: triage.input(updateCreditSchema).mutation(({ ctx, input }) => {
    const { report } = triageableReport(ctx, input.key);
    const row = setCredit(
      ctx.db,
      report,
      input.id,
      { type: input.type, display: input.display },
      actorOf(ctx),
      ctx.now(),
    );
    return { id: row.id, type: row.type, display: row.display };
  }),

  remove: triage.input(creditRefSchema).mutation(({ ctx, input }) => {
    const { report } = triageableReport(ctx, input.key);
    removeCredit(ctx.db, report, input.id, actorOf(ctx), ctx.now());
    return { id: input.id };
  }),

  withdraw: triage.input(creditRefSchema).mutation(({ ctx, input }) => {
    const { report } = triageableReport(ctx, input.key);
    const row = withdrawConsent(ctx.db, report, input.id, actorOf(ctx), ctx.now());
    return { id: row.id, withdrawnAt: row.withdrawnAt };
  }),

  /**
   * An acknowledgment list for one of the viewer's programs or all of them, any role
   * (communications staff hold leadership): disclosed reports and accepted credits only.
   */
  acknowledgments: anyRole.input(acknowledgmentsSchema).query(({ ctx, input }) => {
    const mine = ctx.user.memberships;
    const chosen = input.program ? mine.filter((m) => m.slug === input.program) : mine;
    if (input.program && chosen.length === 0) {
      throw new DomainError("not_found", `Program "${input.program}" not found`, "program");
    }
    const programs = chosen.map((m) => ({ id: m.programId, name: m.name, slug: m.slug }));
    return acknowledgmentFile(ctx.db, { programs, one: input.program !== null }, input.period, input.format, ctx.now());
  }),
});
