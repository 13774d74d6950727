import { creditPreferenceSchema, RESEARCHER_STATE_TEXT, zodFieldErrors } from "@embargo/core";
import { programBySlug, reportByStatusTokenHash, researcherView, setCreditPreference } from "@embargo/db";
import type { MultipartFile } from "@fastify/multipart";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { IncomingFile } from "../intake/attachments.ts";
import { hashStatusToken, type IntakeConfig, invalid, submitReply, submitReport } from "../intake/service.ts";

/** Read a multipart request: one JSON field (or plain fields) and the files. */
async function readMultipart(
  req: FastifyRequest,
  jsonField: string,
  maxFiles: number,
): Promise<
  | { ok: true; fields: Record<string, string>; json: unknown; files: IncomingFile[] }
  | { ok: false; error: string; field: string }
> {
  const fields: Record<string, string> = {};
  const files: IncomingFile[] = [];
  try {
    for await (const part of req.parts()) {
      if (part.type === "file") {
        const file = part as MultipartFile;
        if (files.length >= maxFiles) {
          await file.toBuffer().catch(() => undefined);
          return { ok: false, field: "attachments", error: `At most ${maxFiles} files can be attached` };
        }
        const bytes = await file.toBuffer();
        if (file.file.truncated) return { ok: false, field: "attachments", error: `${file.filename} is too large` };
        if (bytes.length > 0 || file.filename) files.push({ filename: file.filename || "attachment", bytes });
      } else {
        fields[part.fieldname] = String(part.value ?? "");
      }
    }
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === "FST_REQ_FILE_TOO_LARGE")
      return { ok: false, field: "attachments", error: "An attachment is larger than the limit" };
    if (code === "FST_FILES_LIMIT" || code === "FST_PARTS_LIMIT")
      return { ok: false, field: "attachments", error: `At most ${maxFiles} files can be attached` };
    return { ok: false, field: "input", error: "The upload could not be read" };
  }
  let json: unknown = {};
  if (fields[jsonField] !== undefined) {
    try {
      json = JSON.parse(fields[jsonField]!);
    } catch {
      return { ok: false, field: jsonField, error: "Must be JSON" };
    }
  }
  return { ok: true, fields, json, files: files.filter((f) => f.bytes.length > 0) };
}

const refuse = (reply: FastifyReply, fieldErrors: Record<string, string>) => {
  const e = invalid(fieldErrors);
  return reply.code(e.status).send({ error: e.error, fieldErrors: e.fieldErrors });
};
const bad = (reply: FastifyReply, field: string, error: string) => refuse(reply, { [field]: error });
/** Unknown, malformed and revoked tokens all look the same. */
const NOT_FOUND = { error: "This status link is not valid." };
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
      });
      if (!result.ok) return reply.code(result.status).send({ error: result.error, fieldErrors: result.fieldErrors });
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
}
