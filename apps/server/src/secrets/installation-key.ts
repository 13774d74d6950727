import { randomBytes } from "node:crypto";
import {
  chmodSync,
  closeSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import path from "node:path";

const KEY_BYTES = 32;

/**
 * The per-installation secret key, kept in its own file outside the database
 * (a copy of the database alone opens nothing sealed with it). Created on
 * first use, readable by the server's user only. Losing it makes queued
 * sealed values (unsent status links) unreadable, never anything else.
 */
export function loadInstallationKey(file: string): Buffer {
  try {
    return parseKey(readFileSync(file, "utf8"), file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  // Written whole to a temporary file, then linked into place: the key file
  // never exists half-written (a crash leaves only the temporary file), and
  // link fails if another process created the key first, whose key we then use.
  const key = randomBytes(KEY_BYTES);
  const tmp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
  const fd = openSync(tmp, "wx", 0o600);
  try {
    writeSync(fd, `${key.toString("base64")}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    return parseKey(readFileSync(file, "utf8"), file);
  } finally {
    unlinkSync(tmp);
  }
  chmodSync(file, 0o600);
  return key;
}

function parseKey(text: string, file: string): Buffer {
  const t = text.trim();
  const key = Buffer.from(t, "base64");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(t) || key.length !== KEY_BYTES) {
    throw new Error(`${file} is not an Embargo key (expected ${KEY_BYTES} bytes, base64)`);
  }
  return key;
}
