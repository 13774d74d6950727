import path from "node:path";
import { type StoredFile, sha256Hex } from "@embargo/db";
import { fileTypeFromBuffer } from "file-type";
import { writeContentAddressed } from "../lib/durable-file.ts";

/** Types a report may carry, judged from the bytes (file-type), never from the name. */
const ALLOWED = new Map<string, string>([
  ["png", "image/png"],
  ["jpg", "image/jpeg"],
  ["gif", "image/gif"],
  ["webp", "image/webp"],
  ["pdf", "application/pdf"],
  ["zip", "application/zip"],
  ["gz", "application/gzip"],
  ["mp4", "video/mp4"],
  ["webm", "video/webm"],
  ["mov", "video/quicktime"],
  ["pcap", "application/vnd.tcpdump.pcap"],
]);

export interface IncomingFile {
  filename: string;
  bytes: Buffer;
}

export interface AttachmentLimits {
  maxBytes: number;
  maxFiles: number;
}

/** Plain text has no magic bytes: accept valid UTF-8 with no NUL bytes. */
function isText(bytes: Buffer): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** A display name that cannot carry a path, control characters or header injection. */
export function safeFilename(name: string): string {
  const base = path.basename(name.replace(/\\/g, "/"));
  const cleaned = Array.from(base, (c) =>
    c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127 || '"<>|:*?\\/'.includes(c) ? "_" : c,
  )
    .join("")
    .trim();
  return (cleaned || "attachment").slice(0, 200);
}

/** Check every file before anything is written; errors name the file. */
export async function checkFiles(
  files: IncomingFile[],
  limits: AttachmentLimits,
): Promise<{ ok: true; types: string[] } | { ok: false; message: string }> {
  if (files.length > limits.maxFiles) {
    return { ok: false, message: `At most ${limits.maxFiles} files can be attached (got ${files.length})` };
  }
  const types: string[] = [];
  for (const f of files) {
    const name = safeFilename(f.filename);
    if (f.bytes.length === 0) return { ok: false, message: `${name} is empty` };
    if (f.bytes.length > limits.maxBytes) {
      return { ok: false, message: `${name} is larger than ${Math.round(limits.maxBytes / 1_048_576)} MB` };
    }
    const detected = await fileTypeFromBuffer(f.bytes);
    const type = detected ? ALLOWED.get(detected.ext) : isText(f.bytes) ? "text/plain" : undefined;
    if (!type) {
      return {
        ok: false,
        message: `${name}: this type of file is not accepted${detected ? ` (${detected.mime})` : ""}; send images, PDF, text, video, pcap or a zip`,
      };
    }
    types.push(type);
  }
  return { ok: true, types };
}

/**
 * Write a file under a name derived from its SHA-256, durable before the
 * database row that points to it is committed.
 */
export function storeFile(dataDir: string, file: IncomingFile, contentType: string): StoredFile {
  const sha256 = sha256Hex(file.bytes);
  writeContentAddressed(attachmentPath(dataDir, sha256), file.bytes);
  return { filename: safeFilename(file.filename), contentType, size: file.bytes.length, sha256 };
}

export const attachmentPath = (dataDir: string, sha256: string) =>
  path.join(dataDir, "attachments", sha256.slice(0, 2), sha256);
