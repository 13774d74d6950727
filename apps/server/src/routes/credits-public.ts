import {
  ackAdvisoryUrl,
  ackName,
  consentAnswerSchema,
  consentTokenSchema,
  DomainError,
  hallOfFameGroups,
  programLocales,
  zodFieldErrors,
} from "@embargo/core";
import {
  acknowledgmentEntries,
  answerConsentLink,
  consentRequestView,
  liveConsentCredit,
  programBySlug,
  sha256Hex,
} from "@embargo/db";
import type { FastifyInstance, FastifyReply } from "fastify";
import type { IntakeConfig } from "../intake/service.ts";

/** Wrong, used and expired consent links all get exactly this answer. */
const NO_LINK = { error: "This credit link is not valid: it may have been used already or have expired." };
const NO_PROGRAM = { error: "No such program" };

/** The credit a consent token opens, if it still works; a malformed token is not even hashed. */
const hashOf = (token: string) => (consentTokenSchema.safeParse(token).success ? sha256Hex(token) : null);

function refusal(reply: FastifyReply, e: unknown) {
  if (!(e instanceof DomainError) || e.kind !== "validation") throw e;
  return reply.code(400).send({ error: e.message, fieldErrors: e.field ? { [e.field]: e.message } : {} });
}

/**
 * The public side of credits (issue 12): the one-page consent form a credited person
 * reaches from their email, and the program's hall of fame. Neither says anything of a
 * report beyond what its disclosure already made public.
 */
export function registerCreditPublicRoutes(app: FastifyInstance, cfg: IntakeConfig, rateLimitPerHour: number) {
  const postLimit = { rateLimit: { max: rateLimitPerHour, timeWindow: "1 hour" } };
  const readLimit = { rateLimit: { max: 300, timeWindow: "1 minute" } };

  /** Who asks and for what: the program's name and the credit type, nothing of the (undisclosed) report. */
  app.get<{ Params: { token: string } }>("/api/public/credit/:token", { config: readLimit }, async (req, reply) => {
    reply.header("Cache-Control", "no-store");
    const hash = hashOf(req.params.token);
    const credit = hash ? liveConsentCredit(cfg.db, hash, cfg.now()) : undefined;
    if (!credit) return reply.code(404).send(NO_LINK);
    return consentRequestView(cfg.db, credit);
  });

  app.post<{ Params: { token: string } }>("/api/public/credit/:token", { config: postLimit }, async (req, reply) => {
    reply.header("Cache-Control", "no-store");
    const hash = hashOf(req.params.token);
    if (!hash || !liveConsentCredit(cfg.db, hash, cfg.now())) return reply.code(404).send(NO_LINK);
    const parsed = consentAnswerSchema.safeParse(req.body);
    if (!parsed.success) {
      const fieldErrors = zodFieldErrors(parsed.error);
      return reply.code(400).send({ error: "Check the highlighted fields", fieldErrors });
    }
    try {
      const credit = answerConsentLink(cfg.db, hash, parsed.data, cfg.now());
      if (!credit) return reply.code(404).send(NO_LINK);
      return { consent: credit.consent, display: credit.display };
    } catch (e) {
      return refusal(reply, e);
    }
  });

  /**
   * The hall of fame: every accepted, not withdrawn credit of the program's disclosed
   * reports, newest year first. Only what an acknowledgment list shows; the names are
   * untrusted text for whoever renders them.
   */
  app.get<{ Params: { slug: string } }>(
    "/api/public/programs/:slug/thanks",
    { config: readLimit },
    async (req, reply) => {
      const program = programBySlug(cfg.db, req.params.slug);
      if (!program) return reply.code(404).send(NO_PROGRAM);
      const entries = acknowledgmentEntries(cfg.db, [program.id], { from: null, to: null });
      return {
        program: {
          slug: program.slug,
          name: program.name,
          policyUrl: program.policy.policyUrl ?? null,
          languages: programLocales(program.policy.languages),
        },
        years: hallOfFameGroups(entries).map((g) => ({
          year: g.year,
          entries: g.entries.map((e) => ({
            name: ackName(e),
            creditType: e.creditType,
            reportKey: e.reportKey,
            cveId: e.cveId,
            advisoryUrl: ackAdvisoryUrl(e),
            disclosedAt: e.disclosedAt.toISOString(),
          })),
        })),
      };
    },
  );
}
