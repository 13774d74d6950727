import { exportInputOf, exportReportAdvisory } from "@embargo/api/advisory-input";
import {
  creditPreferenceSchema,
  DomainError,
  disclosureChangeSchema,
  parseZonedInstant,
  programLocales,
  RESEARCHER_STATE_TEXT,
  toResearcherLocale,
  zodFieldErrors,
} from "@embargo/core";
import {
  advisoryOf,
  agreeDisclosure,
  policyOf,
  programBySlug,
  REPORTER,
  type ReportRow,
  reportByKey,
  reportByStatusTokenHash,
  requestDisclosureChange,
  researcherView,
  setCreditPreference,
  setReporterLanguage,
} from "@embargo/db";
import type { FastifyInstance, FastifyReply } from "fastify";
import { hashStatusToken, type IntakeConfig, idempotencyKeyOf, submitReply, submitReport } from "../intake/service.ts";
import { bad, readMultipart, refuse } from "./multipart.ts";

/** Unknown, malformed and revoked tokens all look the same. */
const NOT_FOUND = { error: "This status link is not valid." };
/** Unknown keys and reports not yet disclosed get the same answer: nothing about them is public. */
const NO_ADVISORY = { error: "There is no published advisory with this key." };
const ADVISORY_PATH_RE = /^([A-Za-z][A-Za-z0-9]{0,19}-[0-9]{1,9})(?:\.(cve|osv|csaf)\.json)?$/;
const ADVISORY_FORMATS = ["cve", "osv", "csaf"] as const;

const STATUS_OF_DOMAIN: Record<DomainError["kind"], number> = {
  validation: 400,
  invalid_transition: 409,
  conflict: 409,
  not_found: 404,
  forbidden: 403,
};

/** A refused plan change: its status and, when it concerns one field, that field beside the message. */
function domainRefusal(reply: FastifyReply, e: unknown) {
  if (!(e instanceof DomainError)) throw e;
  return reply
    .code(STATUS_OF_DOMAIN[e.kind])
    .send({ error: e.message, fieldErrors: e.field ? { [e.field]: e.message } : {} });
}
const TOKEN_RE = /^[A-Za-z0-9_-]{20,100}$/;

/** The report a status token opens; a malformed token is not even hashed. */
const reportOfToken = (cfg: IntakeConfig, token: string) =>
  TOKEN_RE.test(token) ? reportByStatusTokenHash(cfg.db, hashStatusToken(token)) : undefined;

export function registerPublicRoutes(app: FastifyInstance, cfg: IntakeConfig, rateLimitPerHour: number) {
  const postLimit = { rateLimit: { max: rateLimitPerHour, timeWindow: "1 hour" } };
  const readLimit = { rateLimit: { max: 300, timeWindow: "1 minute" } };

  app.get<{ Params: { slug: string } }>("/api/public/programs/:slug", { config: readLimit }, async (req, reply) => {
    const program = programBySlug(cfg.db, req.params.slug);
    if (!program) return reply.code(404).send({ error: "No such program" });
    return {
      slug: program.slug,
      name: program.name,
      /** Archived: the form says the program no longer accepts reports. */
      closed: program.archivedAt !== null,
      /** The languages the researcher pages offer (the policy's, limited to our catalogs), first the default. */
      languages: programLocales(program.policy.languages),
      supportedVersions: program.policy.supportedVersions,
      limits: { maxFiles: cfg.limits.maxFiles, maxBytes: cfg.limits.maxBytes },
    };
  });

  app.post<{ Params: { slug: string } }>(
    "/api/public/programs/:slug/reports",
    { config: postLimit },
    async (req, reply) => {
      if (!req.isMultipart()) return bad(reply, "input", "Send multipart/form-data with a `report` JSON field");
      const body = await readMultipart(req, "report", cfg.limits.maxFiles);
      if (!body.ok) return bad(reply, body.field, body.error);
      const result = await submitReport(cfg, {
        programSlug: req.params.slug,
        channel: "web",
        input: body.json,
        files: body.files,
        idempotencyKey: idempotencyKeyOf(req),
        // The form's language; without one the browser's header decides. Either falls back to the program's first.
        language: body.fields.language ?? null,
        acceptLanguage: req.headers["accept-language"] ?? null,
      });
      if (!result.ok) return reply.code(result.status).send({ error: result.error, fieldErrors: result.fieldErrors });
      if (result.replayed) reply.header("Idempotent-Replayed", "true");
      return reply.code(201).send({
        key: result.key,
        statusUrl: result.statusUrl,
        statusPath: `/status/${result.statusToken}`,
        nextPromisedAt: result.nextPromisedAt?.toISOString() ?? null,
      });
    },
  );

  app.get<{ Params: { token: string } }>("/api/public/status/:token", { config: readLimit }, async (req, reply) => {
    const report = reportOfToken(cfg, req.params.token);
    if (!report) return reply.code(404).send(NOT_FOUND);
    const view = researcherView(cfg.db, report, cfg.now());
    reply.header("Cache-Control", "no-store");
    return {
      ...view,
      stateText: RESEARCHER_STATE_TEXT[view.state] ?? view.state,
      limits: { maxFiles: cfg.limits.maxFiles, maxBytes: cfg.limits.maxBytes },
    };
  });

  app.post<{ Params: { token: string } }>(
    "/api/public/status/:token/messages",
    { config: postLimit },
    async (req, reply) => {
      const report = reportOfToken(cfg, req.params.token);
      if (!report) return reply.code(404).send(NOT_FOUND);
      if (!req.isMultipart()) return bad(reply, "input", "Send multipart/form-data with a `body` field");
      const body = await readMultipart(req, "__none__", cfg.limits.maxFiles);
      if (!body.ok) return bad(reply, body.field, body.error);
      const result = await submitReply(cfg, report, { body: body.fields.body ?? "" }, body.files);
      if (!result.ok) return reply.code(result.status).send({ error: result.error, fieldErrors: result.fieldErrors });
      return reply.code(201).send({ id: result.id });
    },
  );

  app.put<{ Params: { token: string } }>(
    "/api/public/status/:token/credit",
    { config: postLimit },
    async (req, reply) => {
      const report = reportOfToken(cfg, req.params.token);
      if (!report) return reply.code(404).send(NOT_FOUND);
      const parsed = creditPreferenceSchema.safeParse(req.body);
      if (!parsed.success) return refuse(reply, zodFieldErrors(parsed.error));
      setCreditPreference(cfg.db, report, parsed.data, cfg.now());
      return { ok: true };
    },
  );

  /**
   * The language switcher on the status page: the choice is stored on the report,
   * so the page and later emails use it. Only a language the program offers.
   */
  app.post<{ Params: { token: string } }>(
    "/api/public/status/:token/language",
    { config: postLimit },
    async (req, reply) => {
      const report = reportOfToken(cfg, req.params.token);
      if (!report) return reply.code(404).send(NOT_FOUND);
      const offered = programLocales(policyOf(cfg.db, report.programId).languages);
      const raw = (req.body as { language?: unknown } | null)?.language;
      const language = typeof raw === "string" ? toResearcherLocale(raw) : null;
      if (!language || !offered.includes(language)) {
        return refuse(reply, { language: `Must be one of: ${offered.join(", ")}` });
      }
      if (language !== report.reporterLanguage) setReporterLanguage(cfg.db, report, language, cfg.now());
      return { language };
    },
  );

  // ---- the disclosure plan, from the status page ------------------------------

  /** The reporter accepts the proposed date (a suggestion of theirs still waiting is withdrawn by it). */
  app.post<{ Params: { token: string } }>(
    "/api/public/status/:token/disclosure/accept",
    { config: postLimit },
    async (req, reply) => {
      const report = reportOfToken(cfg, req.params.token);
      if (!report) return reply.code(404).send(NOT_FOUND);
      try {
        const row = cfg.db.transaction((tx) => agreeDisclosure(tx, report, "researcher", REPORTER, cfg.now()));
        return { state: row.disclosureState };
      } catch (e) {
        return domainRefusal(reply, e);
      }
    },
  );

  /**
   * Another date for a proposed plan (contest) or a later one for an agreed
   * plan (extension): a request the team decides; nothing moves until then.
   */
  for (const [path, kind] of [
    ["contest", "contest"],
    ["extension", "extension"],
  ] as const) {
    app.post<{ Params: { token: string } }>(
      `/api/public/status/:token/disclosure/${path}`,
      { config: postLimit },
      async (req, reply) => {
        const report = reportOfToken(cfg, req.params.token);
        if (!report) return reply.code(404).send(NOT_FOUND);
        const parsed = disclosureChangeSchema.safeParse(req.body ?? {});
        if (!parsed.success) return refuse(reply, zodFieldErrors(parsed.error));
        const input = parsed.data;
        try {
          const newAt = parseZonedInstant(input.newAt, input.timeZone, "newAt");
          const { request } = cfg.db.transaction((tx) =>
            requestDisclosureChange(
              tx,
              report,
              {
                kind,
                requestedBy: "researcher",
                reason: input.reason,
                newAt,
                timeZone: input.timeZone,
                shortening: input.shortening,
              },
              REPORTER,
              cfg.now(),
            ),
          );
          return reply.code(201).send({ state: request.state, newAt: request.newAt, timeZone: request.timeZone });
        } catch (e) {
          return domainRefusal(reply, e);
        }
      },
    );
  }

  // ---- the public advisory ---------------------------------------------------

  /**
   * /api/public/advisories/VOICE-12 is the advisory page's content;
   * VOICE-12.cve.json, .osv.json and .csaf.json are its exports, built by the
   * same builder as the dashboard's (read-only: no CSAF revision is added here).
   */
  app.get<{ Params: { name: string } }>("/api/public/advisories/:name", { config: readLimit }, async (req, reply) => {
    const m = ADVISORY_PATH_RE.exec(req.params.name);
    const report = m ? reportByKey(cfg.db, m[1]!.toUpperCase()) : undefined;
    if (!report || !isPublished(cfg, report)) return reply.code(404).send(NO_ADVISORY);
    const format = m![2] as (typeof ADVISORY_FORMATS)[number] | undefined;
    const now = cfg.now();
    const exportOf = (f: (typeof ADVISORY_FORMATS)[number]) =>
      exportReportAdvisory(cfg.db, report, f, { publicUrl: cfg.publicUrl, now, growRevisions: false });
    reply.header("Cache-Control", "no-cache");
    if (format) {
      const result = exportOf(format);
      // A format the saved advisory cannot fill (a CVE record without a CVE id) is simply not offered.
      if (!result?.ok) return reply.code(404).send({ error: "This advisory is not available in that format." });
      return reply
        .type("application/json; charset=utf-8")
        .header("Content-Disposition", `attachment; filename="${result.filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`)
        .send(result.json);
    }
    // The page reads what the exports are built from, so the two never differ.
    const input = exportInputOf(cfg.db, report, cfg.publicUrl, now)!;
    const { draft } = input;
    const base = `/api/public/advisories/${encodeURIComponent(report.key)}`;
    return {
      key: report.key,
      programName: input.program.name,
      vendorName: input.program.vendorName ?? input.program.name,
      title: draft.title,
      summary: draft.summary,
      details: draft.details,
      workaround: draft.workaround,
      affected: draft.affected,
      cwes: draft.cwes,
      references: draft.references,
      cveId: input.report.cveId,
      severity: input.report.severity,
      cvss: input.report.cvss,
      fixedVersion: input.report.fixedVersion,
      disclosedAt: input.report.disclosedAt,
      credits: input.credits.map((c) => ({ name: c.name })),
      downloads: ADVISORY_FORMATS.filter((f) => exportOf(f)?.ok).map((f) => ({ format: f, url: `${base}.${f}.json` })),
    };
  });
}

/** Public only once disclosed, and only an advisory written here (a link elsewhere is the team's own page). */
const isPublished = (cfg: IntakeConfig, report: ReportRow) =>
  report.state === "disclosed" && advisoryOf(cfg.db, report.id) !== undefined;
