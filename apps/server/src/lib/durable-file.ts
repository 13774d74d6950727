import { randomBytes } from "node:crypto";
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, unlinkSync, writeSync } from "node:fs";
import path from "node:path";

/**
 * Write a file whose name is derived from its content (a SHA-256), so a file
 * already there holds these bytes and is left alone. The bytes go to a
 * temporary file that is fsynced and renamed into place, then the folder is
 * fsynced so the rename is on disk too: once this returns, a crash cannot
 * leave a database row pointing at a missing or half-written file. A folder
 * this creates (a new shard, `attachments/ab`) is fsynced into its parent
 * first, or a power cut could lose the folder with the file in it.
 *
 * When a write fails (disk full, permissions) the temporary file is removed
 * and the error thrown as is; one a crash leaves behind is removed by the
 * orphan sweep at the next start (orphans.ts).
 */
export function writeContentAddressed(file: string, bytes: Uint8Array, options: { dirMode?: number } = {}): void {
  if (existsSync(file)) return;
  const dir = path.dirname(file);
  const created = mkdirSync(dir, {
    recursive: true,
    ...(options.dirMode === undefined ? {} : { mode: options.dirMode }),
  });
  if (created !== undefined) {
    // Each new folder's entry lives in its parent: fsync the parents from the
    // deepest new folder's up to the one that held the first new folder.
    for (let d = dir; d !== path.dirname(created); d = path.dirname(d)) fsyncDir(path.dirname(d));
  }
  const tmp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString("hex")}.tmp`);
  const fd = openSync(tmp, "wx", 0o600);
  try {
    try {
      writeSync(fd, bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // the sweep at the next start removes it
    }
    throw e;
  }
  fsyncDir(dir);
}

function fsyncDir(dir: string): void {
  const dfd = openSync(dir, "r");
  try {
    fsyncSync(dfd);
  } finally {
    closeSync(dfd);
  }
}
