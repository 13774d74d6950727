import { createReadStream, existsSync } from "node:fs";
import { createContext } from "@embargo/api";
import { TRIAGE_ROLES } from "@embargo/core";
import { attachmentById, reportById } from "@embargo/db";
import type { FastifyInstance } from "fastify";
import { attachmentPath } from "../intake/attachments.ts";
import type { IntakeConfig } from "../intake/service.ts";

/** RFC 8187 value-chars: encodeURIComponent leaves ' ( ) * and ! which the RFC does not allow. */
const rfc8187 = (s: string) =>
  encodeURIComponent(s).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * Staff download of an attachment: only triagers and admins of the report's
 * program (never leadership), always as a download with nosniff, so hostile
 * files are never rendered by the browser in our origin.
 */
export function registerAttachmentRoutes(app: FastifyInstance, cfg: IntakeConfig, sessionCookie: string) {
  app.get<{ Params: { id: string } }>("/api/attachments/:id", async (req, reply) => {
    const ctx = createContext({ db: cfg.db, sessionToken: req.cookies[sessionCookie] ?? null, now: cfg.now });
    if (!ctx.user) return reply.code(401).send({ error: "Sign in first" });
    const id = Number(req.params.id);
    const file = Number.isInteger(id) && id > 0 ? attachmentById(cfg.db, id) : undefined;
    const report = file ? reportById(cfg.db, file.reportId) : undefined;
    const role = report ? ctx.user.memberships.find((m) => m.programId === report.programId)?.role : undefined;
    if (!file || !report || !role) return reply.code(404).send({ error: "Attachment not found" });
    if (!TRIAGE_ROLES.includes(role))
      return reply.code(403).send({ error: "Leadership viewers cannot download attachments" });
    const p = attachmentPath(cfg.dataDir, file.sha256);
    if (!existsSync(p)) return reply.code(410).send({ error: "The file is missing from the attachment store" });
    const ascii = file.filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
    return reply
      .header("Content-Type", "application/octet-stream")
      .header("Content-Disposition", `attachment; filename="${ascii}"; filename*=UTF-8''${rfc8187(file.filename)}`)
      .header("X-Content-Type-Options", "nosniff")
      .header("Cache-Control", "private, no-store")
      .header("Content-Security-Policy", "default-src 'none'; sandbox")
      .send(createReadStream(p));
  });
}
