import { existsSync } from "node:fs";
import { readdir, rm } from "node:fs/promises";
import path from "node:path";
import type { FastifyBaseLogger } from "fastify";
import { createBackup } from "./create.ts";
import { mkdirPrivate } from "./files.ts";
import { MANIFEST_FILE } from "./manifest.ts";
import { type BackupFolder, backupFolderName, folderInstant, foldersToPrune, nextRunDelay } from "./schedule.ts";

export interface ScheduleOptions {
  dbFile: string;
  dataDir: string;
  /** EMBARGO_BACKUP_DIR: one subfolder per run. */
  root: string;
  everyMs: number;
  keep: number;
  log: Pick<FastifyBaseLogger, "info" | "error" | "warn">;
  now?: () => Date;
  /** Shortest wait before a run (default 30 s, so a starting server is not slowed). */
  minDelayMs?: number;
}

async function foldersIn(root: string): Promise<BackupFolder[]> {
  const entries = await readdir(root, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory() && folderInstant(e.name) !== null)
    .map((e) => ({ name: e.name, complete: existsSync(path.join(root, e.name, MANIFEST_FILE)) }));
}

/** One scheduled run: a new timestamped subfolder, then the oldest beyond `keep` deleted. */
export async function runScheduledBackup(o: ScheduleOptions): Promise<{ name: string; pruned: string[] }> {
  const now = (o.now ?? (() => new Date()))();
  await mkdirPrivate(o.root);
  const name = backupFolderName(now);
  const started = Date.now();
  try {
    const r = await createBackup({
      dbFile: o.dbFile,
      dataDir: o.dataDir,
      dir: path.join(o.root, name),
      now: () => now,
    });
    // Figures only: counts and sizes, never report content.
    o.log.info(
      {
        backup: name,
        reports: r.manifest.counts.reports,
        files: r.manifest.files.length,
        bytes: r.bytes,
        snapshotMs: r.snapshotMs,
        ms: r.totalMs,
        unavailable: r.manifest.unavailable.length,
      },
      "scheduled backup written",
    );
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    o.log.error(
      { backup: name, code: e.code ?? e.name, ms: Date.now() - started },
      `scheduled backup failed: ${e.message}`,
    );
    throw err;
  }
  // After the run: it is complete now and counts toward `keep`.
  const pruned = foldersToPrune(await foldersIn(o.root), o.keep);
  for (const p of pruned) await rm(path.join(o.root, p), { recursive: true, force: true });
  if (pruned.length > 0) o.log.info({ pruned: pruned.length, keep: o.keep }, "old backups deleted");
  return { name, pruned };
}

/**
 * Backups from `serve`: the first a full interval after the newest complete one (at
 * once, after minDelayMs, when overdue), then every interval. A run still going when
 * the next is due makes that one skip. Returns stop(), which waits for a running backup.
 */
export function startScheduledBackups(o: ScheduleOptions): () => Promise<void> {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let stopped = false;
  const now = o.now ?? (() => new Date());
  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(tick, ms);
    timer.unref();
  };
  const tick = () => {
    running = runScheduledBackup(o)
      .catch(() => {}) // logged in runScheduledBackup; the next run tries again
      .finally(() => {
        running = null;
        schedule(o.everyMs);
      });
  };
  const first = async () => {
    let newest: Date | null = null;
    try {
      const complete = (await foldersIn(o.root))
        .filter((f) => f.complete)
        .map((f) => f.name)
        .sort();
      newest = complete.length > 0 ? folderInstant(complete[complete.length - 1]!) : null;
    } catch {
      // No folder yet: the first run creates it.
    }
    const delay = nextRunDelay(newest, now(), o.everyMs, o.minDelayMs);
    o.log.info({ inMs: delay, everyMs: o.everyMs, keep: o.keep }, "scheduled backups on");
    schedule(delay);
  };
  void first();
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running;
  };
}
