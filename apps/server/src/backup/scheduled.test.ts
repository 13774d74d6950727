import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defaultPolicy } from "@embargo/core";
import { closeDatabase, createProgram, openDatabase } from "@embargo/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runScheduledBackup, startScheduledBackups } from "./scheduled.ts";

const dir = mkdtempSync(path.join(tmpdir(), "embargo-scheduled-"));
const dbFile = path.join(dir, "data", "embargo.db");

function logger() {
  const lines: { level: string; obj: Record<string, unknown>; msg: string }[] = [];
  const at = (level: string) => (obj: Record<string, unknown>, msg: string) => lines.push({ level, obj, msg });
  return { lines, log: { info: at("info"), warn: at("warn"), error: at("error") } as never };
}

beforeAll(() => {
  const db = openDatabase(dbFile);
  createProgram(
    db,
    { slug: "p", name: "Secret Project Name", keyPrefix: "P", policy: defaultPolicy() },
    { userId: null, label: "test" },
    new Date(),
  );
  closeDatabase(db);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const complete = (root: string) =>
  readdirSync(root)
    .filter((n) => existsSync(path.join(root, n, "manifest.json")))
    .sort();

describe("scheduled backups", () => {
  it("write a timestamped folder per run and keep the newest N", async () => {
    const root = path.join(dir, "runs");
    const { log } = logger();
    const base = Date.UTC(2026, 11, 1);
    for (let day = 0; day < 5; day++) {
      await runScheduledBackup({
        dbFile,
        dataDir: path.dirname(dbFile),
        root,
        everyMs: 86_400_000,
        keep: 3,
        log,
        now: () => new Date(base + day * 86_400_000),
      });
    }
    expect(complete(root)).toEqual([
      "embargo-2026-12-03T00-00-00-000Z",
      "embargo-2026-12-04T00-00-00-000Z",
      "embargo-2026-12-05T00-00-00-000Z",
    ]);
  });

  it("run from serve's timer at the interval, prune, log figures only, and stop cleanly", async () => {
    const root = path.join(dir, "timer");
    const { lines, log } = logger();
    const stop = startScheduledBackups({
      dbFile,
      dataDir: path.dirname(dbFile),
      root,
      everyMs: 200,
      keep: 2,
      log,
      minDelayMs: 0,
    });
    const deadline = Date.now() + 30_000;
    while (lines.filter((l) => l.msg === "scheduled backup written").length < 4 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    await stop();
    expect(lines.filter((l) => l.msg === "scheduled backup written").length).toBeGreaterThanOrEqual(4);
    expect(complete(root)).toHaveLength(2);
    expect(readdirSync(root)).toHaveLength(2);
    expect(lines.some((l) => l.msg === "old backups deleted")).toBe(true);
    expect(JSON.stringify(lines)).not.toContain("Secret Project Name");
  });

  it("log a failure with its cause and keep the schedule", async () => {
    const { lines, log } = logger();
    await expect(
      runScheduledBackup({
        dbFile: path.join(dir, "nope.db"),
        dataDir: dir,
        root: path.join(dir, "failing"),
        everyMs: 60_000,
        keep: 2,
        log,
      }),
    ).rejects.toThrow(/no database there/);
    expect(lines.find((l) => l.level === "error")?.msg).toMatch(
      /^scheduled backup failed: .*nope\.db: no database there/,
    );
    // Nothing half-done is left: the run's folder is removed.
    expect(readdirSync(path.join(dir, "failing"))).toEqual([]);
  });
});
