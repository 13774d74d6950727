import { existsSync, readFileSync } from "node:fs";
import { readFile, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import {
  AuditKeyError,
  type AuditVerification,
  auditHeadsFileOf,
  closeDatabase,
  loadAuditKey,
  openDatabase,
  verifyAudit,
} from "@embargo/db";
import { BackupRefusal, countRows, referencedFiles } from "./create.ts";
import { copyDurably, type FoundFileMap, fsyncDir, hashFile, listFiles, mkdirPrivate, writeDurably } from "./files.ts";
import {
  compareWithDisk,
  MANIFEST_FILE,
  type Manifest,
  parseManifest,
  SNAPSHOT_FILE,
  unaccountedReferences,
} from "./manifest.ts";
import { switchToWal } from "./open-snapshot.ts";

/**
 * The key the restored database's audit chain is verified with: EMBARGO_AUDIT_KEY, else
 * `<dbFile>.audit-key` (never created here). Backups do not carry it: whoever holds a
 * backup and its key could rewrite the chain and recompute it.
 */
export function restoreAuditKey(dbFile: string, envKey: string | undefined): Buffer {
  try {
    // Without an explicit key, loadAuditKey reads EMBARGO_AUDIT_KEY itself, as openDatabase does.
    return loadAuditKey(dbFile, { create: false, ...(envKey ? { env: { EMBARGO_AUDIT_KEY: envKey } } : {}) });
  } catch (e) {
    if (!(e instanceof AuditKeyError)) throw e;
    throw new BackupRefusal(
      `${e.message}; backups do not carry the audit key: copy the installation's key file there or set EMBARGO_AUDIT_KEY, so the restored audit trail can be verified`,
    );
  }
}

export interface CheckedBackup {
  manifest: Manifest;
  audit: AuditVerification;
  /** Referenced files recorded as unavailable when the backup was taken. */
  unavailable: number;
}

const list = (problems: string[]) =>
  problems.slice(0, 5).join("; ") + (problems.length > 5 ? `; and ${problems.length - 5} more` : "");

/**
 * Everything restore checks before writing anything: the manifest against the folder
 * (every file present with its size and SHA-256, nothing unlisted), the snapshot's
 * integrity_check, its rows against the manifest's counts, every file it refers to
 * accounted for, and the audit chain up to the manifest's head.
 */
export async function checkBackup(dir: string, auditKey: Buffer): Promise<CheckedBackup> {
  let text: string;
  try {
    text = await readFile(path.join(dir, MANIFEST_FILE), "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new BackupRefusal(
      code === "ENOENT"
        ? `${dir} has no ${MANIFEST_FILE}: not a complete backup (it is written last)`
        : `${dir}: cannot read ${MANIFEST_FILE} (${code ?? "error"})`,
    );
  }
  const parsed = parseManifest(text);
  if (!parsed.ok) throw new BackupRefusal(`${dir}: ${parsed.problem}`);
  const manifest = parsed.manifest;

  const { files, odd } = await listFiles(dir);
  const sizes = new Map(manifest.files.map((f) => [f.path, f.size]));
  const found: FoundFileMap = new Map();
  for (const p of files) {
    if (p === MANIFEST_FILE) continue;
    const full = path.join(dir, ...p.split("/"));
    const size = (await stat(full)).size;
    found.set(p, size === sizes.get(p) ? await hashFile(full) : { size });
  }
  const problems = [...odd.map((p) => `${p} is not a regular file`), ...compareWithDisk(manifest, found)];
  if (problems.length > 0) throw new BackupRefusal(`${dir} does not match its manifest: ${list(problems)}`);

  const snap = openDatabase(path.join(dir, SNAPSHOT_FILE), { readonly: true, migrate: false, auditKey });
  try {
    const integrity = snap.$client.pragma("integrity_check") as { integrity_check: string }[];
    if (integrity.length !== 1 || integrity[0]?.integrity_check !== "ok")
      throw new BackupRefusal(
        `${dir}/${SNAPSHOT_FILE} fails integrity_check: ${integrity
          .slice(0, 3)
          .map((r) => r.integrity_check)
          .join("; ")}`,
      );
    const counts = countRows(snap);
    const differ = Object.entries(manifest.counts).filter(([t, n]) => counts[t] !== undefined && counts[t] !== n);
    if (differ.length > 0)
      throw new BackupRefusal(
        `${dir}: the snapshot's rows differ from the manifest: ${differ.map(([t, n]) => `${t} ${counts[t]} (manifest ${n})`).join(", ")}`,
      );
    const lacking = unaccountedReferences(manifest, referencedFiles(snap));
    if (lacking.length > 0)
      throw new BackupRefusal(`${dir}: the snapshot refers to files the backup lacks: ${list(lacking)}`);
    const audit = verifyAudit(snap, { heads: manifest.audit ? [manifest.audit] : [] });
    if (!audit.ok) throw new BackupRefusal(`${dir}: the audit chain does not verify: ${audit.message}`);
    return { manifest, audit, unavailable: manifest.unavailable.length };
  } finally {
    closeDatabase(snap);
  }
}

export interface RestoreOptions {
  dir: string;
  /** The database file to create (or, with force, replace). */
  dbFile: string;
  /** Its data folder: attachments/ and mail/ go there. */
  dataDir: string;
  force: boolean;
  /** A key given explicitly (hex or base64); default EMBARGO_AUDIT_KEY, then `<dbFile>.audit-key`. */
  auditKeyEnv?: string | undefined;
  now?: () => Date;
}

export interface RestoreResult extends CheckedBackup {
  /** Data files written (those already present with the same bytes are left alone). */
  written: number;
  kept: number;
  /** The replaced database's heads file, moved aside (its heads are past the backup's). */
  headsMovedTo: string | null;
}

/**
 * `embargo restore DIR --db FILE`: check everything (checkBackup, the audit key, the
 * target), then write the data files and the database last, each through a temporary
 * name, fsynced and renamed, so a crash midway leaves no row pointing at a missing file
 * and never a half-written database under FILE.
 */
export async function restoreBackup(o: RestoreOptions): Promise<RestoreResult> {
  const now = o.now ?? (() => new Date());
  const key = restoreAuditKey(o.dbFile, o.auditKeyEnv);
  if (existsSync(o.dbFile) && !o.force) throw new BackupRefusal(`${o.dbFile} exists; pass --force to replace it`);
  const lock = serverLockOf(o.dbFile);
  if (lock) throw new BackupRefusal(`a server is using ${o.dbFile} (${lock}): stop it before restoring`);
  const checked = await checkBackup(o.dir, key);

  let written = 0;
  let kept = 0;
  for (const f of checked.manifest.files) {
    if (f.path === SNAPSHOT_FILE) continue;
    const target = path.join(o.dataDir, ...f.path.split("/"));
    if (existsSync(target) && (await hashFile(target)).sha256 === f.sha256) {
      kept++;
      continue;
    }
    await copyDurably(path.join(o.dir, ...f.path.split("/")), target);
    written++;
  }
  const snapshot = checked.manifest.files.find((f) => f.path === SNAPSHOT_FILE)!;
  await mkdirPrivate(path.dirname(path.resolve(o.dbFile)));
  const tmp = `${o.dbFile}.restoring.tmp`;
  await rm(tmp, { force: true });
  const copied = await copyDurably(path.join(o.dir, SNAPSHOT_FILE), tmp);
  if (copied.sha256 !== snapshot.sha256) {
    await rm(tmp, { force: true });
    throw new Error(`${o.dir}/${SNAPSHOT_FILE} changed while it was restored; nothing was replaced`);
  }
  switchToWal(tmp);
  // The replaced database's WAL would be replayed into the restored one: it goes first.
  await rm(`${o.dbFile}-wal`, { force: true });
  await rm(`${o.dbFile}-shm`, { force: true });
  // The heads recorded for the replaced database are past this backup's: kept aside,
  // and the restored database's record starts at the manifest's head.
  const heads = auditHeadsFileOf(o.dbFile);
  let headsMovedTo: string | null = null;
  if (existsSync(heads)) {
    headsMovedTo = `${heads}.before-restore-${now().toISOString().replace(/[:.]/g, "-")}`;
    await rename(heads, headsMovedTo);
  }
  if (checked.manifest.audit) {
    const { id, hash, count } = checked.manifest.audit;
    await writeDurably(heads, `${JSON.stringify({ id, hash, count, at: checked.manifest.createdAt })}\n`);
  }
  await rename(tmp, o.dbFile);
  fsyncDir(path.dirname(path.resolve(o.dbFile)));
  return { ...checked, written, kept, headsMovedTo };
}

/**
 * A running server's lock on FILE: `<FILE>.lock` (the single-writer lock of issue 17
 * item 5, apps/server/src/lib/server-lock.ts on the hygiene branch) naming a process
 * that still runs; a lock whose process is gone is stale and ignored. Read here
 * without that module until it is merged; then this becomes its serverRunning().
 */
export function serverLockOf(dbFile: string): string | null {
  const file = `${path.resolve(dbFile)}.lock`;
  let holder: { pid?: unknown; purpose?: unknown };
  try {
    holder = JSON.parse(readFileSync(file, "utf8")) as typeof holder;
  } catch {
    return null;
  }
  if (typeof holder.pid !== "number" || !Number.isInteger(holder.pid)) return null;
  try {
    process.kill(holder.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EPERM") return null;
  }
  return `${file} names ${typeof holder.purpose === "string" ? holder.purpose : "a process"} pid ${holder.pid}`;
}
