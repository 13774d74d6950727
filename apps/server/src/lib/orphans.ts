import { readdirSync, statSync, unlinkSync } from "node:fs";
import path from "node:path";
import type { Db } from "@embargo/db";

/**
 * Files in the data folder that no row points to: an attachment written
 * before its report's transaction failed or the process died, an .eml whose
 * row never committed, and the `.tmp` files of a write cut short
 * (durable-file.ts). `embargo serve` removes them at start (decision 0013).
 */
export type Area = "attachments" | "mail";

export interface FoundFile {
  area: Area;
  /** Path relative to the area's folder: `ab/abcdef….` */
  rel: string;
  mtimeMs: number;
}

export interface Orphan extends FoundFile {
  why: "unreferenced" | "temporary";
}

/**
 * A file written by another process (`embargo ingest email` beside the
 * server) is on disk a moment before its row commits: only files older than
 * this are judged.
 */
export const ORPHAN_GRACE_MS = 10 * 60_000;

const SHA = /^[0-9a-f]{64}$/;
const NAME_OF: Record<Area, (base: string) => string | null> = {
  attachments: (base) => (SHA.test(base) ? base : null),
  mail: (base) => (base.endsWith(".eml") && SHA.test(base.slice(0, -4)) ? base.slice(0, -4) : null),
};
const isTemporary = (base: string) => base.startsWith(".") && base.endsWith(".tmp");

/**
 * Which found files to remove: a `.tmp` file, or a content-addressed file
 * whose SHA-256 no row names, older than the grace period. Anything else
 * (a file some person put there) is left alone. Pure.
 */
export function chooseOrphans(
  files: readonly FoundFile[],
  referenced: Record<Area, ReadonlySet<string>>,
  now: Date,
  graceMs = ORPHAN_GRACE_MS,
): Orphan[] {
  const out: Orphan[] = [];
  for (const f of files) {
    if (now.getTime() - f.mtimeMs < graceMs) continue;
    const base = path.basename(f.rel);
    if (isTemporary(base)) {
      out.push({ ...f, why: "temporary" });
      continue;
    }
    const sha = NAME_OF[f.area](base);
    // The shard folder must be the hash's first two characters, as the writers name it.
    if (sha && path.dirname(f.rel) === sha.slice(0, 2) && !referenced[f.area].has(sha)) {
      out.push({ ...f, why: "unreferenced" });
    }
  }
  return out;
}

/** Every file one shard level down in `<dataDir>/<area>/`. */
function listArea(dataDir: string, area: Area): FoundFile[] {
  const root = path.join(dataDir, area);
  const files: FoundFile[] = [];
  let shards: string[];
  try {
    shards = readdirSync(root);
  } catch {
    return files;
  }
  for (const shard of shards) {
    if (!/^[0-9a-f]{2}$/.test(shard)) continue;
    let names: string[];
    try {
      names = readdirSync(path.join(root, shard));
    } catch {
      continue;
    }
    for (const name of names) {
      try {
        const st = statSync(path.join(root, shard, name));
        if (st.isFile()) files.push({ area, rel: `${shard}/${name}`, mtimeMs: st.mtimeMs });
      } catch {
        // removed meanwhile
      }
    }
  }
  return files;
}

export interface SweepResult {
  attachments: number;
  mail: number;
  temporary: number;
  failed: number;
}

/**
 * Remove orphan files. A plain unlink: overwriting the bytes first
 * ("secure" deletion) does nothing on the file systems a server runs on
 * today (copy-on-write and journalling file systems, SSD wear levelling
 * write the new bytes elsewhere); the secure_delete pragma keeps its
 * meaning for the database's own pages, where it works. Disk encryption is
 * what protects removed files.
 */
export function sweepOrphans(db: Db, dataDir: string, now: Date, graceMs = ORPHAN_GRACE_MS): SweepResult {
  const shas = (table: "attachments" | "inbound_emails") =>
    new Set(db.$client.prepare(`SELECT DISTINCT sha256 FROM ${table}`).pluck().all() as string[]);
  const referenced = { attachments: shas("attachments"), mail: shas("inbound_emails") };
  const found = [...listArea(dataDir, "attachments"), ...listArea(dataDir, "mail")];
  const result: SweepResult = { attachments: 0, mail: 0, temporary: 0, failed: 0 };
  for (const o of chooseOrphans(found, referenced, now, graceMs)) {
    try {
      unlinkSync(path.join(dataDir, o.area, o.rel));
      if (o.why === "temporary") result.temporary++;
      else result[o.area]++;
    } catch {
      result.failed++;
    }
  }
  return result;
}
