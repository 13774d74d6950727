import path from "node:path";
import { withoutInvisibles } from "@embargo/core";
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

/** The extension a file of each accepted type is served with. */
const EXTENSION_OF = new Map<string, string[]>([
  ...[...ALLOWED].map(([ext, type]): [string, string[]] => [type, [ext]]),
  ["image/jpeg", ["jpg", "jpeg"]],
  ["text/plain", ["txt", "log", "md"]],
]);

/**
 * A name that cannot carry a path, header injection or invisible characters
 * (a right-to-left override makes `evil\u202Egnp.exe` read "evilexe.png"), and
 * whose extension matches the detected type: `payload.html` holding text is
 * served as `payload.html.txt`, never as something a browser or OS would run.
 */
export function safeFilename(name: string, contentType: string): string {
  const base = path.basename(withoutInvisibles(name).replace(/\\/g, "/"));
  const cleaned = Array.from(base, (c) => ('"<>|:*?\\/'.includes(c) ? "_" : c))
    .join("")
    .trim()
    .replace(/^\.+/, "");
  const stem = (cleaned || "attachment").slice(0, 190);
  const allowed = EXTENSION_OF.get(contentType) ?? ["bin"];
  const ext = /\.([A-Za-z0-9]+)$/.exec(stem)?.[1]?.toLowerCase();
  return ext && allowed.includes(ext) ? stem : `${stem}.${allowed[0]}`;
}

/** The uploader's name as data (length-capped), kept beside the cleaned one. */
const originalName = (name: string) => name.slice(0, 500);

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
    const name = withoutInvisibles(path.basename(f.filename.replace(/\\/g, "/"))).slice(0, 200) || "attachment";
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
  return {
    filename: safeFilename(file.filename, contentType),
    originalFilename: originalName(file.filename),
    contentType,
    size: file.bytes.length,
    sha256,
  };
}

export const attachmentPath = (dataDir: string, sha256: string) =>
  path.join(dataDir, "attachments", sha256.slice(0, 2), sha256);
