import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import {
  acquireServerLock,
  holderRunning,
  isServerRunning,
  type LockHolder,
  lockFileOf,
  type ProcessProbe,
  ServerLockError,
  serverRunning,
} from "./server-lock.ts";

const dir = mkdtempSync(path.join(tmpdir(), "embargo-lock-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const dbFile = () => path.join(dir, `e${++n}.db`);

const probe = (over: Partial<ProcessProbe> = {}): ProcessProbe => ({
  alive: () => true,
  procStart: () => "100",
  bootId: () => "boot-1",
  hostname: "here",
  pid: 10,
  ...over,
});
const holder = (over: Partial<LockHolder> = {}): LockHolder => ({
  pid: 20,
  startedAt: "2026-12-01T10:00:00.000Z",
  hostname: "here",
  purpose: "serve",
  procStart: "100",
  bootId: "boot-1",
  ...over,
});

describe("holderRunning", () => {
  it("is running while its pid runs the same process since the same boot", () => {
    expect(holderRunning(holder(), probe())).toBe(true);
  });
  it("is stale when the pid is gone, reused, from before a reboot, or our own pid", () => {
    expect(holderRunning(holder(), probe({ alive: () => false }))).toBe(false);
    expect(holderRunning(holder(), probe({ procStart: () => "999" }))).toBe(false);
    expect(holderRunning(holder(), probe({ bootId: () => "boot-2" }))).toBe(false);
    expect(holderRunning(holder({ pid: 10 }), probe())).toBe(false);
  });
  it("counts a holder on another host as running (nothing can be checked)", () => {
    expect(holderRunning(holder({ hostname: "there" }), probe({ alive: () => false }))).toBe(true);
  });
});

describe("acquireServerLock", () => {
  it("refuses a second holder with a message naming the database, pid and start time; release frees it", () => {
    const db = dbFile();
    const first = acquireServerLock(db, "serve", probe({ pid: 20 }), new Date("2026-12-01T10:00:00Z"));
    expect(JSON.parse(readFileSync(lockFileOf(db), "utf8"))).toMatchObject({ pid: 20, purpose: "serve" });
    let err: unknown;
    try {
      acquireServerLock(db, "serve", probe({ pid: 30 }));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ServerLockError);
    expect((err as Error).message).toBe(
      `another Embargo server is using ${db} (pid 20, started 2026-12-01T10:00:00.000Z); stop it first`,
    );
    first.release();
    expect(existsSync(lockFileOf(db))).toBe(false);
    acquireServerLock(db, "restore", probe({ pid: 30 })).release();
  });

  it("takes over a stale lock (the pid is gone) and an old unreadable one", () => {
    const db = dbFile();
    writeFileSync(
      lockFileOf(db),
      JSON.stringify(holder({ pid: 2 ** 22 + 7, procStart: undefined, bootId: undefined })),
    );
    expect(serverRunning(db, probe({ alive: () => false }))).toBeNull();
    const lock = acquireServerLock(db, "serve", probe({ alive: () => false }));
    expect(lock.holder.pid).toBe(10);
    lock.release();
    writeFileSync(lockFileOf(db), "{half");
    expect(() => acquireServerLock(db)).toThrow(/another Embargo process is starting/);
    const old = new Date(Date.now() - 60_000);
    utimesSync(lockFileOf(db), old, old);
    acquireServerLock(db).release();
  });

  it("does not remove a lock it does not hold", () => {
    const db = dbFile();
    const lock = acquireServerLock(db, "serve", probe({ pid: 20 }));
    writeFileSync(lockFileOf(db), JSON.stringify(holder({ pid: 21 })));
    lock.release();
    expect(existsSync(lockFileOf(db))).toBe(true);
  });
});

// The CLI itself (not bin/embargo.mjs, which runs it in a child): its pid is the one in the lock.
const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../cli.ts");
const embargo = (args: string[], env: NodeJS.ProcessEnv) =>
  spawn(process.execPath, ["--import", "tsx", cli, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });

describe("embargo serve: one server per database", () => {
  it("refuses a second serve on the same database, and the lock goes with a clean exit", async () => {
    const db = path.join(dir, "serve.db");
    const env = { ...process.env, EMBARGO_DB: db, EMBARGO_LOG_LEVEL: "warn" };
    const first = embargo(["serve", "--port", "0"], env);
    let out = "";
    first.stdout.on("data", (b) => {
      out += b;
    });
    first.stderr.on("data", (b) => {
      out += b;
    });
    try {
      await new Promise<void>((resolve, reject) => {
        const t = setInterval(() => {
          if (out.includes("Embargo is running")) {
            clearInterval(t);
            resolve();
          }
          if (first.exitCode !== null) {
            clearInterval(t);
            reject(new Error(out));
          }
        }, 100);
      });
      expect(isServerRunning(db)).toBe(true);
      const second = await new Promise<{ code: number | null; err: string }>((resolve) => {
        const p = embargo(["serve", "--port", "0"], env);
        let err = "";
        p.stderr.on("data", (b) => {
          err += b;
        });
        p.on("close", (code) => resolve({ code, err }));
      });
      expect(second.code).toBe(1);
      expect(second.err.trim()).toMatch(
        new RegExp(
          `^embargo: another Embargo server is using ${db.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\(pid ${first.pid}, started \\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z\\); stop it first$`,
        ),
      );
    } finally {
      const closed = new Promise((r) => first.on("close", r));
      first.kill("SIGTERM");
      await closed;
    }
    expect(existsSync(lockFileOf(db))).toBe(false);
    expect(isServerRunning(db)).toBe(false);
  }, 90_000);
});
