import * as fs from "node:fs";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { writeContentAddressed } from "./durable-file.ts";

// Pass-through spies, to see that the file and then its folder reach the disk.
vi.mock("node:fs", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:fs")>();
  return { ...actual, fsyncSync: vi.fn(actual.fsyncSync), renameSync: vi.fn(actual.renameSync) };
});

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), "embargo-durable-"));
  vi.mocked(fs.fsyncSync).mockClear();
  vi.mocked(fs.renameSync).mockClear();
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("writeContentAddressed", () => {
  it("writes the bytes, readable only by the owner, and leaves no temporary file", () => {
    const file = path.join(root, "ab", "abcdef");
    writeContentAddressed(file, Buffer.from("hello"));
    expect(readFileSync(file, "utf8")).toBe("hello");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(path.dirname(file))).toEqual(["abcdef"]);
  });

  it("fsyncs the file before renaming it into place, then fsyncs the folder", async () => {
    const actual = await vi.importActual<typeof import("node:fs")>("node:fs");
    const order: string[] = [];
    vi.mocked(fs.fsyncSync).mockImplementation((fd) => {
      order.push(actual.fstatSync(fd).isDirectory() ? "fsync folder" : "fsync file");
      actual.fsyncSync(fd);
    });
    vi.mocked(fs.renameSync).mockImplementation((from, to) => {
      order.push("rename");
      actual.renameSync(from, to);
    });
    fs.mkdirSync(path.join(root, "ab"));
    writeContentAddressed(path.join(root, "ab", "abcdef"), Buffer.from("hello"));
    expect(order).toEqual(["fsync file", "rename", "fsync folder"]);
  });

  it("fsyncs a folder it creates into its parent before writing into it", async () => {
    const actual = await vi.importActual<typeof import("node:fs")>("node:fs");
    const synced: string[] = [];
    vi.mocked(fs.fsyncSync).mockImplementation((fd) => {
      const st = actual.fstatSync(fd);
      synced.push(st.isDirectory() ? `folder ${st.ino}` : "file");
      actual.fsyncSync(fd);
    });
    const ino = (p: string) => `folder ${actual.statSync(p).ino}`;
    writeContentAddressed(path.join(root, "attachments", "ab", "abcdef"), Buffer.from("hello"));
    // attachments/ and attachments/ab/ are new: root gets attachments, attachments gets ab.
    expect(synced).toEqual([
      ino(path.join(root, "attachments")),
      ino(root),
      "file",
      ino(path.join(root, "attachments", "ab")),
    ]);
  });

  it("removes its temporary file when the write fails (disk full) and throws the cause", () => {
    const full = Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
    vi.mocked(fs.fsyncSync).mockImplementationOnce(() => {
      throw full;
    });
    const file = path.join(root, "ab", "abcdef");
    expect(() => writeContentAddressed(file, Buffer.from("hello"))).toThrow(full);
    expect(readdirSync(path.dirname(file))).toEqual([]);
  });

  it("creates the folder with the mode asked for", () => {
    const file = path.join(root, "mail", "ab", "abcdef.eml");
    writeContentAddressed(file, Buffer.from("raw"), { dirMode: 0o700 });
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
  });

  it("keeps a file that is already there: the name says what it holds", () => {
    const file = path.join(root, "ab", "abcdef");
    fs.mkdirSync(path.dirname(file));
    writeFileSync(file, "first");
    writeContentAddressed(file, Buffer.from("second"));
    expect(readFileSync(file, "utf8")).toBe("first");
    expect(fs.renameSync).not.toHaveBeenCalled();
  });
});
