import { createHash } from "node:crypto";
import { createReadStream, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import {
  DEFAULT_MAX_MESSAGE_BYTES,
  type EmailIntakeConfig,
  type IngestResult,
  ingestEmail,
  recordOversized,
} from "./ingest.ts";

export interface IngestCounts {
  report: number;
  reply: number;
  refused: number;
}

/** The files `embargo ingest email <path>` reads: the file itself, or every *.eml in the folder (not recursive), sorted. */
export function emlFiles(fileOrDir: string): string[] {
  const st = statSync(fileOrDir);
  if (!st.isDirectory()) return [fileOrDir];
  return readdirSync(fileOrDir, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.toLowerCase().endsWith(".eml"))
    .map((e) => e.name)
    .sort()
    .map((n) => path.join(fileOrDir, n));
}

async function sha256OfFile(file: string): Promise<string> {
  const h = createHash("sha256");
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest("hex");
}

/**
 * Ingest one .eml file or a folder of them, one message at a time, in name
 * order. A file over the message limit is hashed as a stream and refused
 * without being read into memory. Refusals are results, not errors; an
 * unreadable file or a storage failure throws.
 */
export async function ingestPath(
  cfg: EmailIntakeConfig,
  fileOrDir: string,
  onResult: (file: string, result: IngestResult) => void = () => {},
): Promise<IngestCounts> {
  const counts: IngestCounts = { report: 0, reply: 0, refused: 0 };
  const max = cfg.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  for (const file of emlFiles(fileOrDir)) {
    const size = statSync(file).size;
    const result =
      size > max
        ? recordOversized(cfg, { sha256: await sha256OfFile(file), size })
        : await ingestEmail(cfg, readFileSync(file));
    counts[result.outcome]++;
    onResult(file, result);
  }
  return counts;
}
