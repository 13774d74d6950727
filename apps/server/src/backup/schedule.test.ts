import { describe, expect, it } from "vitest";
import { loadEnv } from "../env.ts";
import { backupFolderName, folderInstant, foldersToPrune, nextRunDelay, parseInterval } from "./schedule.ts";

const H = 3_600_000;

describe("parseInterval", () => {
  it("reads minutes, hours and days", () => {
    expect(parseInterval("6h")).toBe(6 * H);
    expect(parseInterval("1d")).toBe(24 * H);
    expect(parseInterval("90m")).toBe(90 * 60_000);
    expect(parseInterval(" 2D ")).toBe(48 * H);
  });
  it("refuses anything else, and intervals under a minute or over a year", () => {
    for (const bad of ["", "6", "h", "6x", "1.5h", "-1h", "0m", "6h30m", "366d", "1w", "30s"]) {
      expect(parseInterval(bad)).toBeNull();
    }
  });
  it("is checked at start with an error naming the variable", () => {
    expect(() => loadEnv({ EMBARGO_BACKUP_DIR: "/b", EMBARGO_BACKUP_EVERY: "6x" })).toThrow(
      /EMBARGO_BACKUP_EVERY: "6x" is not a duration such as 90m, 6h or 1d/,
    );
    expect(() => loadEnv({ EMBARGO_BACKUP_EVERY: "6h" })).toThrow(/EMBARGO_BACKUP_EVERY: set EMBARGO_BACKUP_DIR too/);
    expect(() => loadEnv({ EMBARGO_BACKUP_DIR: "/b", EMBARGO_BACKUP_KEEP: "0" })).toThrow(/EMBARGO_BACKUP_KEEP/);
    const env = loadEnv({ EMBARGO_BACKUP_DIR: "/b", EMBARGO_BACKUP_EVERY: "6h" });
    expect(env.EMBARGO_BACKUP_EVERY).toBe(6 * H);
    expect(env.EMBARGO_BACKUP_KEEP).toBe(7);
  });
});

describe("backup folder names", () => {
  it("sort in time order and read back to their instant", () => {
    const a = new Date("2026-12-02T09:05:07.004Z");
    const b = new Date("2026-12-10T00:00:00.000Z");
    expect(backupFolderName(a)).toBe("embargo-2026-12-02T09-05-07-004Z");
    expect(backupFolderName(a) < backupFolderName(b)).toBe(true);
    expect(folderInstant(backupFolderName(a))).toEqual(a);
    expect(folderInstant("my-notes")).toBeNull();
    expect(folderInstant("embargo-2026-13-02T09-05-07-004Z")).toBeNull();
  });
});

describe("foldersToPrune", () => {
  const at = (day: number) => backupFolderName(new Date(Date.UTC(2026, 11, day)));
  const done = (day: number) => ({ name: at(day), complete: true });

  it("keeps the newest N complete backups", () => {
    const folders = [1, 2, 3, 4, 5].map(done);
    expect(foldersToPrune(folders, 3)).toEqual([at(1), at(2)]);
    expect(foldersToPrune(folders, 7)).toEqual([]);
    expect(foldersToPrune(folders, 1)).toEqual([at(1), at(2), at(3), at(4)]);
  });
  it("deletes unfinished ones older than the newest complete, never the running one or folders it did not name", () => {
    const folders = [done(1), { name: at(2), complete: false }, done(3), { name: at(4), complete: false }];
    folders.push({ name: "keep-me", complete: true });
    expect(foldersToPrune(folders, 5, at(4))).toEqual([at(2)]);
    // An unfinished folder newer than every complete one may be a run in progress elsewhere: left alone.
    expect(foldersToPrune(folders, 5)).toEqual([at(2)]);
  });
  it("never counts unfinished backups toward N", () => {
    const folders = [done(1), done(2), { name: at(3), complete: false }];
    expect(foldersToPrune(folders, 2)).toEqual([]);
  });
});

describe("nextRunDelay", () => {
  const now = new Date("2026-12-02T12:00:00Z");
  it("runs soon when there is no backup or the last is overdue", () => {
    expect(nextRunDelay(null, now, 6 * H)).toBe(30_000);
    expect(nextRunDelay(new Date("2026-12-01T00:00:00Z"), now, 6 * H)).toBe(30_000);
  });
  it("waits for the rest of the interval after the newest backup", () => {
    expect(nextRunDelay(new Date("2026-12-02T10:00:00Z"), now, 6 * H)).toBe(4 * H);
  });
  it("waits at most one interval when the newest is dated in the future", () => {
    expect(nextRunDelay(new Date("2027-01-01T00:00:00Z"), now, 6 * H)).toBe(6 * H);
  });
});
