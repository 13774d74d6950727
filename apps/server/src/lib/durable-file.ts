import { randomBytes } from "node:crypto";
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from "node:fs";
import path from "node:path";

/**
 * Write a file whose name is derived from its content (a SHA-256), so a file
 * already there holds these bytes and is left alone. The bytes go to a
 * temporary file that is fsynced and renamed into place, then the folder is
 * fsynced so the rename is on disk too: once this returns, a crash cannot
 * leave a database row pointing at a missing or half-written file.
 */
export function writeContentAddressed(file: string, bytes: Uint8Array, options: { dirMode?: number } = {}): void {
  if (existsSync(file)) return;
  const dir = path.dirname(file);
  mkdirSync(dir, { recursive: true, ...(options.dirMode === undefined ? {} : { mode: options.dirMode }) });
  const tmp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString("hex")}.tmp`);
  const fd = openSync(tmp, "wx", 0o600);
  try {
    writeSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  const dfd = openSync(dir, "r");
  try {
    fsyncSync(dfd);
  } finally {
    closeSync(dfd);
  }
}
