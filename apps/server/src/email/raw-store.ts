import { randomBytes } from "node:crypto";
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from "node:fs";
import path from "node:path";

/** Where the original bytes of an inbound email are kept: `<dataDir>/mail/<sha[0:2]>/<sha>.eml`. */
export const rawEmailPath = (dataDir: string, sha256: string) =>
  path.join(dataDir, "mail", sha256.slice(0, 2), `${sha256}.eml`);

/**
 * Keep the message exactly as received, under a name derived from its
 * SHA-256: written to a temporary file, fsynced, renamed, and the folder
 * fsynced, so the original is durable before any database row points to it.
 * The same message twice is stored once.
 */
export function storeRawEmail(dataDir: string, raw: Buffer, sha256: string): string {
  const final = rawEmailPath(dataDir, sha256);
  if (existsSync(final)) return final;
  const dir = path.dirname(final);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = path.join(dir, `.${sha256}.${randomBytes(6).toString("hex")}.tmp`);
  const fd = openSync(tmp, "wx", 0o600);
  try {
    writeSync(fd, raw);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, final);
  const dfd = openSync(dir, "r");
  try {
    fsyncSync(dfd);
  } finally {
    closeSync(dfd);
  }
  return final;
}
