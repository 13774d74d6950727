import { readFileSync } from "node:fs";
import { chmod, readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { auditHead, closeDatabase, type Db, MIGRATIONS_FOLDER, openDatabase } from "@embargo/db";
import { copyDurably, fsyncDir, hashFile, mkdirPrivate, writeDurably } from "./files.ts";
import {
  attachmentRelPath,
  MANIFEST_FILE,
  MANIFEST_FORMAT,
  MANIFEST_VERSION,
  type Manifest,
  type ManifestFile,
  mailRelPath,
  SNAPSHOT_FILE,
} from "./manifest.ts";
import { snapshotDatabase } from "./snapshot.ts";

/** A refusal caused by how the backup or restore was asked for (exit code 2), not by a fault. */
export class BackupRefusal extends Error {}

export interface BackupOptions {
  /** The live database file (the server may be writing to it). */
  dbFile: string;
  /** Its data folder: attachments/ and mail/. */
  dataDir: string;
  /** An empty or new folder. */
  dir: string;
  now?: () => Date;
}

export interface BackupResult {
  manifest: Manifest;
  /** Milliseconds: the VACUUM INTO, and the whole backup. */
  snapshotMs: number;
  totalMs: number;
  bytes: number;
}

/** Tables counted in the manifest: what a person checks a restore against. */
export const COUNTED_TABLES = [
  "programs",
  "users",
  "reports",
  "messages",
  "report_events",
  "attachments",
  "inbound_emails",
  "audit_log",
] as const;

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * The data-folder files a database refers to: attachments and raw inbound emails,
 * by the SHA-256 their rows hold. A value that is not a SHA-256 cannot name a file
 * (and must never become a path), so it is skipped.
 */
export function referencedFiles(db: Db): string[] {
  const shas = (table: string) =>
    (db.$client.prepare(`SELECT DISTINCT sha256 FROM ${table}`).pluck().all() as unknown[]).filter(
      (s): s is string => typeof s === "string" && HEX64.test(s),
    );
  return [...shas("attachments").map(attachmentRelPath), ...shas("inbound_emails").map(mailRelPath)].sort();
}

export function countRows(db: Db): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const t of COUNTED_TABLES) counts[t] = db.$client.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number;
  return counts;
}

/** How many migrations the database has, and the tag of the last (from the migration journal). */
export function schemaVersion(db: Db): Manifest["schema"] {
  const row = db.$client.prepare("SELECT count(*) AS n, max(created_at) AS last FROM __drizzle_migrations").get() as {
    n: number;
    last: number | null;
  };
  let tag: string | null = null;
  try {
    const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, "meta/_journal.json"), "utf8")) as {
      entries: { when: number; tag: string }[];
    };
    tag = journal.entries.find((e) => e.when === row.last)?.tag ?? (row.last === null ? null : `unknown (${row.last})`);
  } catch {
    tag = row.last === null ? null : String(row.last);
  }
  return { migrations: row.n, last: tag };
}

/** Refuse anything but an empty or absent folder; returns whether this call creates it. */
async function prepareFolder(dir: string): Promise<boolean> {
  let s: Awaited<ReturnType<typeof stat>>;
  try {
    s = await stat(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    await mkdirPrivate(dir);
    return true;
  }
  if (!s.isDirectory()) throw new BackupRefusal(`${dir} is not a folder`);
  if ((await readdir(dir)).length > 0)
    throw new BackupRefusal(`${dir} is not empty: a backup goes into an empty or new folder`);
  await chmod(dir, 0o700);
  return false;
}

/**
 * `embargo backup DIR` and the scheduled backup: a consistent snapshot of the live
 * database (VACUUM INTO, off the main thread), then the attachment and mail files
 * that snapshot refers to (read from the snapshot, so no row of the backup points
 * at a file it lacks; files added after the snapshot are not needed), then
 * manifest.json, last: a folder without it is not a backup.
 */
export async function createBackup(o: BackupOptions): Promise<BackupResult> {
  const now = o.now ?? (() => new Date());
  const started = Date.now();
  try {
    if (!(await stat(o.dbFile)).isFile()) throw new BackupRefusal(`${o.dbFile} is not a database file`);
  } catch (e) {
    if (e instanceof BackupRefusal) throw e;
    throw new BackupRefusal(`${o.dbFile}: no database there (${(e as NodeJS.ErrnoException).code ?? "error"})`);
  }
  const created = await prepareFolder(o.dir);
  try {
    const createdAt = now();
    const snapshotFile = path.join(o.dir, SNAPSHOT_FILE);
    const { ms: snapshotMs } = await snapshotDatabase(o.dbFile, snapshotFile);
    const snap = openDatabase(snapshotFile, { readonly: true, migrate: false });
    let refs: string[];
    let counts: Record<string, number>;
    let schema: Manifest["schema"];
    let audit: Manifest["audit"];
    try {
      refs = referencedFiles(snap);
      counts = countRows(snap);
      schema = schemaVersion(snap);
      audit = auditHead(snap);
    } finally {
      closeDatabase(snap);
    }
    const files: ManifestFile[] = [{ path: SNAPSHOT_FILE, ...(await hashFile(snapshotFile)) }];
    const unavailable: Manifest["unavailable"] = [];
    for (const rel of refs) {
      const target = path.join(o.dir, ...rel.split("/"));
      let copied: { size: number; sha256: string };
      try {
        copied = await copyDurably(path.join(o.dataDir, ...rel.split("/")), target);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
        unavailable.push({ path: rel, reason: "missing" });
        continue;
      }
      // Content-addressed: a file whose bytes no longer hash to its name is damaged.
      if (!path.basename(rel).startsWith(copied.sha256)) {
        await rm(target, { force: true });
        unavailable.push({ path: rel, reason: "damaged" });
        continue;
      }
      files.push({ path: rel, ...copied });
    }
    const manifest: Manifest = {
      format: MANIFEST_FORMAT,
      version: MANIFEST_VERSION,
      createdAt: createdAt.toISOString(),
      schema,
      counts,
      audit,
      files,
      unavailable,
    };
    await writeDurably(path.join(o.dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    fsyncDir(o.dir);
    return {
      manifest,
      snapshotMs,
      totalMs: Date.now() - started,
      bytes: files.reduce((n, f) => n + f.size, 0),
    };
  } catch (e) {
    // Nothing half-written stays behind: the folder is as it was (absent or empty).
    if (created) await rm(o.dir, { recursive: true, force: true });
    else for (const entry of await readdir(o.dir)) await rm(path.join(o.dir, entry), { recursive: true, force: true });
    throw e;
  }
}
