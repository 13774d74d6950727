import { randomBytes } from "node:crypto";
import { chmodSync, closeSync, mkdirSync, openSync, readFileSync, writeSync } from "node:fs";
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
  const key = randomBytes(KEY_BYTES);
  let fd: number;
  try {
    fd = openSync(file, "wx", 0o600);
  } catch (err) {
    // Another process created it first: use theirs.
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return parseKey(readFileSync(file, "utf8"), file);
    throw err;
  }
  try {
    writeSync(fd, `${key.toString("base64")}\n`);
  } finally {
    closeSync(fd);
  }
  chmodSync(file, 0o600);
  return key;
}

function parseKey(text: string, file: string): Buffer {
  const key = Buffer.from(text.trim(), "base64");
  if (key.length !== KEY_BYTES) throw new Error(`${file} is not an Embargo key (expected ${KEY_BYTES} bytes, base64)`);
  return key;
}
