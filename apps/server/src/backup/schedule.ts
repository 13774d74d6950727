/**
 * Pure rules of the scheduled backup (no clock reads, no I/O): how often,
 * what a run's folder is called, which folders to delete, when the next run is due.
 */

const UNITS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
export const MIN_INTERVAL_MS = UNITS.m;
export const MAX_INTERVAL_MS = 365 * UNITS.d;

/** "90m", "6h", "1d" → milliseconds; null for anything else (or outside 1 minute … 365 days). */
export function parseInterval(text: string): number | null {
  const m = /^\s*(\d{1,6})\s*([mhd])\s*$/i.exec(text);
  if (!m) return null;
  const ms = Number(m[1]) * UNITS[m[2]!.toLowerCase() as keyof typeof UNITS];
  return ms >= MIN_INTERVAL_MS && ms <= MAX_INTERVAL_MS ? ms : null;
}

export const INTERVAL_HINT = "a duration such as 90m, 6h or 1d (minutes m, hours h, days d; 1m to 365d)";

const PREFIX = "embargo-";
const NAME = /^embargo-(\d{4})-(\d{2})-(\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z$/;

/** A run's subfolder: `embargo-2026-12-02T18-05-09-123Z`, UTC, sorting in time order by name. */
export function backupFolderName(at: Date): string {
  return `${PREFIX}${at.toISOString().replace(/:/g, "-").replace(".", "-")}`;
}

/** The instant a folder name stands for; null for a name this schedule did not write. */
export function folderInstant(name: string): Date | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, ms] = m;
  const t = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`);
  return Number.isNaN(t) ? null : new Date(t);
}

export interface BackupFolder {
  name: string;
  /** Holds manifest.json: the backup finished. */
  complete: boolean;
}

/**
 * The folders to delete after a run: complete backups beyond the newest `keep`, and
 * unfinished ones (no manifest: a crash or a failed run) older than the newest complete
 * one. Folders this schedule did not name, and `running`, are never touched.
 */
export function foldersToPrune(folders: BackupFolder[], keep: number, running?: string): string[] {
  const ours = folders
    .filter((f) => f.name !== running && folderInstant(f.name) !== null)
    .sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
  const complete = ours.filter((f) => f.complete);
  const newestComplete = complete[0]?.name;
  const drop = complete.slice(Math.max(keep, 0)).map((f) => f.name);
  if (newestComplete) drop.push(...ours.filter((f) => !f.complete && f.name < newestComplete).map((f) => f.name));
  return drop.sort();
}

/**
 * How long to wait before the next run: a full interval after the newest complete
 * backup, so a server restarted more often than the interval still backs up, and at
 * once (after `minDelayMs`, letting the server finish starting) when it is overdue.
 */
export function nextRunDelay(newestComplete: Date | null, now: Date, everyMs: number, minDelayMs = 30_000): number {
  if (!newestComplete) return minDelayMs;
  // A folder dated in the future (clock moved back) waits one interval, not until that date.
  return Math.max(minDelayMs, Math.min(everyMs, newestComplete.getTime() + everyMs - now.getTime()));
}
