import { createHash, randomBytes } from "node:crypto";
import { closeSync, fsyncSync, openSync } from "node:fs";
import { mkdir, open, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";

/** Make a folder (and its parents) 0700; fsync each created one into its parent. */
export async function mkdirPrivate(dir: string): Promise<void> {
  const parent = path.dirname(dir);
  try {
    await stat(dir);
    return;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  if (parent !== dir) await mkdirPrivate(parent);
  try {
    await mkdir(dir, { mode: 0o700 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  }
  fsyncDir(parent);
}

export function fsyncDir(dir: string): void {
  const fd = openSync(dir, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

const CHUNK = 1 << 20;

/** SHA-256 and size of a file, read in chunks (an attachment may be large). */
export async function hashFile(file: string): Promise<{ size: number; sha256: string }> {
  const h = createHash("sha256");
  const fh = await open(file, "r");
  let size = 0;
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, CHUNK, null);
      if (bytesRead === 0) break;
      h.update(buf.subarray(0, bytesRead));
      size += bytesRead;
    }
  } finally {
    await fh.close();
  }
  return { size, sha256: h.digest("hex") };
}

/**
 * Copy `from` to `to` through a temporary name in the same folder: written 0600,
 * hashed as it is written, fsynced, renamed, the folder fsynced. The destination
 * never holds a half-written file under its real name.
 */
export async function copyDurably(from: string, to: string): Promise<{ size: number; sha256: string }> {
  await mkdirPrivate(path.dirname(to));
  const tmp = path.join(path.dirname(to), `.${path.basename(to)}.${randomBytes(6).toString("hex")}.tmp`);
  const h = createHash("sha256");
  let size = 0;
  const src = await open(from, "r");
  try {
    const dst = await open(tmp, "wx", 0o600);
    try {
      const buf = Buffer.allocUnsafe(CHUNK);
      for (;;) {
        const { bytesRead } = await src.read(buf, 0, CHUNK, null);
        if (bytesRead === 0) break;
        const chunk = buf.subarray(0, bytesRead);
        h.update(chunk);
        await dst.write(chunk);
        size += bytesRead;
      }
      await dst.sync();
    } finally {
      await dst.close();
    }
    await rename(tmp, to);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  } finally {
    await src.close();
  }
  fsyncDir(path.dirname(to));
  return { size, sha256: h.digest("hex") };
}

/** Write a small file durably under its final name (temporary name, fsync, rename, fsync folder). */
export async function writeDurably(to: string, body: string | Uint8Array): Promise<void> {
  const tmp = path.join(path.dirname(to), `.${path.basename(to)}.${randomBytes(6).toString("hex")}.tmp`);
  const fh = await open(tmp, "wx", 0o600);
  try {
    await fh.writeFile(body);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, to);
  fsyncDir(path.dirname(to));
}

/** Every regular file under `root`, as relative POSIX paths; anything else (links, devices) is reported. */
export async function listFiles(root: string): Promise<{ files: string[]; odd: string[] }> {
  const files: string[] = [];
  const odd: string[] = [];
  const walk = async (rel: string) => {
    for (const e of await readdir(path.join(root, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) files.push(p);
      else odd.push(p);
    }
  };
  await walk("");
  return { files: files.sort(), odd: odd.sort() };
}

/** What was found on disk per relative path (see manifest.ts compareWithDisk). */
export type FoundFileMap = Map<string, { size: number; sha256?: string }>;
