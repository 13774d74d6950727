import { closeSync, openSync, statfsSync, statSync, unlinkSync, writeSync } from "node:fs";
import path from "node:path";
import type { Db } from "@embargo/db";
import { EMBARGO_APPLICATION_ID } from "@embargo/db";
import { storageCode } from "./faults.ts";
import type { Logger } from "./log.ts";

export type Readiness = { ok: true } | { ok: false; reason: string };

/** The short reason /healthz gives (never a path: it is public). Pure. */
export function readinessReason(part: "database" | "attachments", e: unknown): string {
  const code = storageCode(e) ?? "";
  const what = part === "database" ? "the database" : "the attachments folder";
  if (/^(ENOSPC|EDQUOT|SQLITE_FULL)/.test(code)) return `${what} cannot be written: the disk is full`;
  if (/^(EROFS|SQLITE_READONLY)/.test(code)) return `${what} is read-only`;
  if (/^(EACCES|EPERM)/.test(code)) return `${what} cannot be written: permission denied`;
  if (/^(ENOTDIR|EEXIST)/.test(code)) return `${what} is not a folder`;
  return `${what} cannot be written`;
}

/**
 * A readiness check: can this server store a report now? The database takes
 * a write (inside a transaction that is rolled back: nothing reaches the
 * disk) and the attachments folder takes a one-byte file. A read-only file
 * opens and reads fine, so only a write shows it. Results are kept for a
 * second, so a flood of /healthz costs nothing; the cause goes to the log
 * once per change, with the path.
 */
export function createReadinessCheck(opts: {
  db: Db;
  dataDir?: string | undefined;
  log: Logger;
  cacheMs?: number;
}): () => Readiness {
  let last: { at: number; result: Readiness } | null = null;
  let lastReason: string | null = null;
  const cacheMs = opts.cacheMs ?? 1_000;
  return () => {
    const now = Date.now();
    if (last && now - last.at < cacheMs) return last.result;
    const { cause, ...result } = probe(opts);
    last = { at: now, result: result as Readiness };
    const reason = result.ok ? null : result.reason;
    if (reason !== lastReason) {
      if (reason) opts.log.error({ reason, ...cause }, "not ready");
      else opts.log.info({}, "ready again");
      lastReason = reason;
    }
    return result;
  };
}

type Probed = Readiness & { cause?: Record<string, unknown> };

/** For the operator's log: the code and, for a file-system error, its message with the path. */
const causeOf = (e: unknown) => ({
  code: storageCode(e) ?? (e as { code?: unknown }).code,
  cause: (e as { errno?: unknown }).errno !== undefined ? (e as Error).message : undefined,
});

/** Below this much free space a report with attachments would not fit: not ready. */
export const MIN_FREE_BYTES = 1_048_576;

/** Free bytes for this process on the file system holding `dir` (null when unknown). */
function freeBytes(dir: string): number | null {
  try {
    const s = statfsSync(dir);
    return s.bavail * s.bsize;
  } catch {
    return null;
  }
}

function probe(opts: { db: Db; dataDir?: string | undefined }): Probed {
  const sqlite = opts.db.$client;
  // A rolled-back write never reaches the disk, so a full disk shows only here.
  for (const dir of new Set([path.dirname(sqlite.name), ...(opts.dataDir ? [opts.dataDir] : [])])) {
    if (sqlite.name === ":memory:" && dir === ".") continue;
    const free = freeBytes(dir);
    if (free !== null && free < MIN_FREE_BYTES) {
      return { ok: false, reason: "the disk is full", cause: { freeBytes: free, folder: dir } };
    }
  }
  // Never inside someone's transaction (better-sqlite3 transactions are synchronous, so there is none).
  if (!sqlite.inTransaction) {
    const busy = sqlite.pragma("busy_timeout", { simple: true }) as number;
    try {
      // No waiting: another process writing (a CLI command, a backup) is not a fault.
      sqlite.pragma("busy_timeout = 0");
      sqlite.exec("BEGIN IMMEDIATE");
      // A write to the header page, rolled back: fails on a read-only database, which BEGIN alone does not.
      sqlite.pragma(`application_id = ${EMBARGO_APPLICATION_ID}`);
    } catch (e) {
      if (!/^SQLITE_(BUSY|LOCKED)/.test(String((e as { code?: unknown }).code))) {
        return { ok: false, reason: readinessReason("database", e), cause: causeOf(e) };
      }
    } finally {
      if (sqlite.inTransaction) sqlite.exec("ROLLBACK");
      sqlite.pragma(`busy_timeout = ${busy}`);
    }
  }
  if (opts.dataDir) {
    const attachments = path.join(opts.dataDir, "attachments");
    let dir = attachments;
    try {
      if (!statSync(attachments).isDirectory()) {
        return { ok: false, reason: "the attachments folder is not a folder" };
      }
    } catch (e) {
      // Not made yet: the first attachment creates it in the data folder.
      if ((e as { code?: unknown }).code !== "ENOENT")
        return { ok: false, reason: readinessReason("attachments", e), cause: causeOf(e) };
      dir = opts.dataDir;
    }
    const file = path.join(dir, `.healthz-${process.pid}.tmp`);
    try {
      const fd = openSync(file, "w", 0o600);
      try {
        writeSync(fd, "!");
      } finally {
        closeSync(fd);
      }
      unlinkSync(file);
    } catch (e) {
      try {
        unlinkSync(file);
      } catch {
        // not created
      }
      return { ok: false, reason: readinessReason("attachments", e), cause: causeOf(e) };
    }
  }
  return { ok: true };
}
