import { closeSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";

/**
 * One writer per database (decision 0013): `embargo serve` (and `restore`)
 * hold `<db>.lock`, created with O_EXCL and holding who holds it. A second
 * server is refused with a message naming the first. SQLite's
 * locking_mode=EXCLUSIVE would also keep out every reader, so `embargo
 * backup` and `audit verify` could not run beside the server; the lock file
 * keeps out only other holders of the lock file.
 *
 * A lock left by a process that is gone (crash, kill -9, reboot) is stale:
 * its pid no longer runs, or runs another program (a different start time
 * in /proc, or a different boot), and it is taken over.
 */
export interface LockHolder {
  pid: number;
  /** ISO time the holder started. */
  startedAt: string;
  hostname: string;
  /** What holds it: "serve" or "restore". */
  purpose: string;
  /** Linux: the process's start time in clock ticks since boot (/proc/<pid>/stat), to tell a reused pid. */
  procStart?: string;
  /** Linux: /proc/sys/kernel/random/boot_id, to tell a lock from before a reboot. */
  bootId?: string;
}

export class ServerLockError extends Error {
  constructor(
    readonly lockFile: string,
    readonly holder: LockHolder,
    message: string,
  ) {
    super(message);
    this.name = "ServerLockError";
  }
}

export const lockFileOf = (dbFile: string) => `${path.resolve(dbFile)}.lock`;

const readOrNull = (file: string) => {
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    return null;
  }
};

/** Field 22 of /proc/<pid>/stat (after the parenthesised command name, which may hold spaces). */
const procStartOf = (pid: number) => {
  const stat = readOrNull(`/proc/${pid}/stat`);
  return stat?.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? undefined;
};
const bootId = () => readOrNull("/proc/sys/kernel/random/boot_id") ?? undefined;

export interface ProcessProbe {
  /** process.kill(pid, 0): true when the pid exists (EPERM: exists, another user's). */
  alive(pid: number): boolean;
  procStart(pid: number): string | undefined;
  bootId(): string | undefined;
  hostname: string;
  pid: number;
}

const realProbe: ProcessProbe = {
  alive(pid) {
    try {
      process.kill(pid, 0);
      return true;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === "EPERM";
    }
  },
  procStart: procStartOf,
  bootId,
  hostname: hostname(),
  pid: process.pid,
};

/**
 * Does the holder still run? Pure given the probe. On another host (a data
 * folder on a network share) nothing can be checked: it counts as running.
 */
export function holderRunning(holder: LockHolder, probe: ProcessProbe): boolean {
  if (holder.hostname !== probe.hostname) return true;
  if (holder.pid === probe.pid) return false; // ourselves in an earlier life (a container restart reuses pids)
  if (holder.bootId && probe.bootId() && holder.bootId !== probe.bootId()) return false;
  if (!probe.alive(holder.pid)) return false;
  const start = probe.procStart(holder.pid);
  if (holder.procStart && start && holder.procStart !== start) return false; // the pid was reused
  return true;
}

function parseHolder(text: string | null): LockHolder | null {
  if (!text) return null;
  try {
    const h = JSON.parse(text) as LockHolder;
    return Number.isInteger(h.pid) && typeof h.startedAt === "string" ? h : null;
  } catch {
    return null;
  }
}

/** The running holder of the database's lock, or null (no lock, or a stale one). */
export function serverRunning(dbFile: string, probe: ProcessProbe = realProbe): LockHolder | null {
  const holder = parseHolder(readOrNull(lockFileOf(dbFile)));
  return holder && holderRunning(holder, probe) ? holder : null;
}

export const isServerRunning = (dbFile: string) => serverRunning(dbFile) !== null;

export interface ServerLock {
  file: string;
  holder: LockHolder;
  /** Remove the lock file if it is still ours. Idempotent. */
  release(): void;
}

/**
 * Take the database's lock or throw ServerLockError naming the holder.
 * Released by release() and, as a backstop, when the process exits.
 */
export function acquireServerLock(
  dbFile: string,
  purpose = "serve",
  probe: ProcessProbe = realProbe,
  now = new Date(),
): ServerLock {
  const file = lockFileOf(dbFile);
  const holder: LockHolder = {
    pid: probe.pid,
    startedAt: now.toISOString(),
    hostname: probe.hostname,
    purpose,
    procStart: probe.procStart(probe.pid),
    bootId: probe.bootId(),
  };
  const content = `${JSON.stringify(holder)}\n`;
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  for (let attempt = 0; ; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, "wx", 0o600);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST" || attempt >= 3) throw e;
      const text = readOrNull(file);
      const other = parseHolder(text);
      if (other && holderRunning(other, probe)) {
        const what = other.purpose === "serve" ? "another Embargo server" : `another Embargo ${other.purpose}`;
        throw new ServerLockError(
          file,
          other,
          `${what} is using ${path.resolve(dbFile)} (pid ${other.pid}${other.hostname === probe.hostname ? "" : ` on ${other.hostname}`}, started ${other.startedAt}); stop it first`,
        );
      }
      // Unreadable or half-written: a holder may be writing it this instant; only an old one is stale.
      if (!other && text !== null && Date.now() - mtimeMs(file) < 5_000) {
        throw new ServerLockError(
          file,
          { pid: 0, startedAt: "", hostname: "", purpose: "unknown" },
          `another Embargo process is starting on ${path.resolve(dbFile)} (${file}); try again`,
        );
      }
      // Stale: remove it only if it is still the one judged (not a new holder's).
      if (readOrNull(file) === text) unlinkQuietly(file);
      continue;
    }
    try {
      writeSync(fd, content);
    } finally {
      closeSync(fd);
    }
    break;
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off("exit", release);
    if (readOrNull(file) === content.trim()) unlinkQuietly(file);
  };
  process.on("exit", release);
  return { file, holder, release };
}

const mtimeMs = (file: string) => {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
};

const unlinkQuietly = (file: string) => {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
};
