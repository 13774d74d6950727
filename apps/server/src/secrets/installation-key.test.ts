import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadInstallationKey } from "./installation-key.ts";

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), "embargo-key-"));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("loadInstallationKey", () => {
  it("creates a 32-byte base64 key file, readable by the owner only, and its missing folder", () => {
    const file = path.join(tempDir(), "missing", "embargo.key");
    const key = loadInstallationKey(file);
    expect(key).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, "utf8").trim();
    expect(text).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(text, "base64").equals(key)).toBe(true);
  });

  it("returns the same key on the next call", () => {
    const file = path.join(tempDir(), "embargo.key");
    const first = loadInstallationKey(file);
    expect(loadInstallationKey(file).equals(first)).toBe(true);
  });

  it("gives each installation its own key", () => {
    const a = loadInstallationKey(path.join(tempDir(), "embargo.key"));
    const b = loadInstallationKey(path.join(tempDir(), "embargo.key"));
    expect(a.equals(b)).toBe(false);
  });

  it("throws, naming the file, for a key of the wrong length or not base64", () => {
    const dir = tempDir();
    for (const [name, text] of [
      ["short.key", Buffer.alloc(16, 7).toString("base64")],
      ["long.key", Buffer.alloc(48, 7).toString("base64")],
      ["garbage.key", "this is not a key!\n"],
      ["empty.key", ""],
      ["junk-inside.key", `%%%%${Buffer.alloc(32, 7).toString("base64")}`],
    ]) {
      const file = path.join(dir, name!);
      writeFileSync(file, text!);
      expect(() => loadInstallationKey(file)).toThrow(file);
      expect(readFileSync(file, "utf8")).toBe(text); // never overwritten
    }
  });
});
