import type { MultipartFile } from "@fastify/multipart";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { IncomingFile } from "../intake/attachments.ts";
import { invalid } from "../intake/service.ts";

/** Read a multipart request: one JSON field (or plain fields) and the files. */
export async function readMultipart(
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

export const refuse = (reply: FastifyReply, fieldErrors: Record<string, string>) => {
  const e = invalid(fieldErrors);
  return reply.code(e.status).send({ error: e.error, fieldErrors: e.fieldErrors });
};
export const bad = (reply: FastifyReply, field: string, error: string) => refuse(reply, { [field]: error });
