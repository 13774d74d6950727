import { createCaller, createContext } from "@embargo/api";
import { DomainError, describeFieldErrors, reportCreateSchema, TRIAGE_ROLES, zodFieldErrors } from "@embargo/core";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ZodError } from "zod";
import { checkFiles, storeFile } from "../intake/attachments.ts";
import type { IntakeConfig } from "../intake/service.ts";
import { bad, readMultipart, refuse } from "./multipart.ts";

export interface StaffReportOptions {
  sessionCookie: string;
  /** The same-origin check the tRPC scope applies to every mutation. */
  sameOrigin: (req: FastifyRequest) => boolean;
  mailConfigured: boolean;
}

/** A JSON date travels as a string: `receivedAt` back to a Date (anything else is left for the schema to refuse). */
function withDates(json: unknown): unknown {
  if (!json || typeof json !== "object") return json;
  const o = json as Record<string, unknown>;
  if (typeof o.receivedAt !== "string") return o;
  if (o.receivedAt === "") {
    const { receivedAt: _r, ...rest } = o;
    return rest;
  }
  return { ...o, receivedAt: new Date(o.receivedAt) };
}

/** A refusal from the procedure, as the public routes answer: status, message, and the field it concerns. */
function refusal(reply: FastifyReply, e: unknown) {
  if (!(e instanceof TRPCError)) throw e;
  if (e.code === "INTERNAL_SERVER_ERROR") throw e.cause ?? e;
  const status = getHTTPStatusCodeFromError(e);
  if (e.cause instanceof ZodError) {
    const fieldErrors = zodFieldErrors(e.cause);
    return reply.code(status).send({ error: describeFieldErrors(fieldErrors), fieldErrors });
  }
  const field = e.cause instanceof DomainError ? e.cause.field : undefined;
  return reply.code(status).send({ error: e.message, fieldErrors: field ? { [field]: e.message } : {} });
}

/**
 * The staff "New report" form with attachments: multipart (tRPC takes JSON
 * only), so it comes here. Files are checked as the public form's are (type
 * by content, size, count), stored durably, then handed to the same
 * reports.create procedure (its role checks, validation and audit), which
 * commits the report and the file rows in one transaction.
 */
export function registerStaffReportRoutes(app: FastifyInstance, cfg: IntakeConfig, opts: StaffReportOptions) {
  const limit = { rateLimit: { max: 60, timeWindow: "1 minute" } };
  app.post("/api/staff/reports", { config: limit }, async (req, reply) => {
    reply.header("Cache-Control", "no-store");
    if (!opts.sameOrigin(req)) return reply.code(403).send({ error: "Cross-origin requests are refused" });
    const ctx = createContext({
      db: cfg.db,
      sessionToken: req.cookies[opts.sessionCookie] ?? null,
      now: cfg.now,
      clientAddress: req.ip,
      userAgent: req.headers["user-agent"] ?? null,
      mailConfigured: opts.mailConfigured,
    });
    if (!ctx.user) return reply.code(401).send({ error: "Sign in first" });
    // Nothing is read or stored for someone who could never create a report.
    if (!ctx.user.memberships.some((m) => TRIAGE_ROLES.includes(m.role))) {
      return reply.code(403).send({ error: "Only triagers and admins can create reports" });
    }
    if (!req.isMultipart()) return bad(reply, "input", "Send multipart/form-data with a `report` JSON field");
    const body = await readMultipart(req, "report", cfg.limits.maxFiles);
    if (!body.ok) return bad(reply, body.field, body.error);
    const input = withDates(body.json);
    // Refuse bad fields before any file is written.
    const parsed = reportCreateSchema.safeParse(input);
    if (!parsed.success) return refuse(reply, zodFieldErrors(parsed.error));
    const checked = await checkFiles(body.files, cfg.limits);
    if (!checked.ok) return bad(reply, "attachments", checked.message);
    const stored = body.files.map((f, i) => storeFile(cfg.dataDir, f, checked.types[i]!));
    try {
      const res = await createCaller({ ...ctx, stagedFiles: stored }).reports.create(
        input as Parameters<ReturnType<typeof createCaller>["reports"]["create"]>[0],
      );
      return reply.code(201).send(res);
    } catch (e) {
      // A refused report leaves its stored files unreferenced; the orphan sweep at start removes them.
      return refusal(reply, e);
    }
  });
}
