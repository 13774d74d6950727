import { RESEARCHER_STATE_TEXT } from "@embargo/core";
import { apiTokenProgram, programById, reportByKey, sha256Hex } from "@embargo/db";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { type IntakeConfig, idempotencyKeyOf, submitReport } from "../intake/service.ts";

/** Bearer token -> program id; every failure answers the same 401. */
function programOf(cfg: IntakeConfig, req: FastifyRequest): number | null {
  const m = /^bearer ([A-Za-z0-9_-]{20,200})$/i.exec(req.headers.authorization ?? "");
  if (!m) return null;
  return apiTokenProgram(cfg.db, sha256Hex(m[1]!), cfg.now());
}

const unauthorized = (reply: FastifyReply) =>
  reply.code(401).header("WWW-Authenticate", 'Bearer realm="embargo"').send({ error: "A valid API token is required" });

/** JSON API for tools: submit reports and read their status, scoped to the token's program. */
export function registerApiV1Routes(app: FastifyInstance, cfg: IntakeConfig) {
  const limit = { rateLimit: { max: 600, timeWindow: "1 minute" } };

  app.post("/api/v1/reports", { config: limit }, async (req, reply) => {
    const programId = programOf(cfg, req);
    if (!programId) return unauthorized(reply);
    const program = programById(cfg.db, programId);
    if (!program) return unauthorized(reply);
    const result = await submitReport(cfg, {
      programSlug: program.slug,
      channel: "api",
      input: req.body,
      files: [],
      idempotencyKey: idempotencyKeyOf(req),
    });
    if (!result.ok) return reply.code(result.status).send({ error: result.error, fieldErrors: result.fieldErrors });
    if (result.replayed) reply.header("Idempotent-Replayed", "true");
    return reply.code(201).send({
      key: result.key,
      statusUrl: result.statusUrl,
      nextPromisedAt: result.nextPromisedAt?.toISOString() ?? null,
    });
  });

  app.get<{ Params: { key: string } }>("/api/v1/reports/:key", { config: limit }, async (req, reply) => {
    const programId = programOf(cfg, req);
    if (!programId) return unauthorized(reply);
    const report = reportByKey(cfg.db, req.params.key.toUpperCase());
    if (!report || report.programId !== programId)
      return reply.code(404).send({ error: `Report ${req.params.key} not found` });
    return {
      key: report.key,
      state: report.state,
      stateText: RESEARCHER_STATE_TEXT[report.state] ?? report.state,
      severity: report.severity,
      cvssScore: report.cvssScore,
      receivedAt: report.receivedAt.toISOString(),
      updatedAt: report.updatedAt.toISOString(),
      nextDeadlineAt: report.nextDeadlineAt?.toISOString() ?? null,
      fixedVersion: report.fixedVersion,
    };
  });
}
