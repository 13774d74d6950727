import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { closeDatabase, openDatabase } from "@embargo/db";
import { describe, expect, it } from "vitest";

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../bin/embargo.mjs");
const dir = mkdtempSync(path.join(tmpdir(), "embargo-cli-"));
const dbFile = path.join(dir, "cli.db");

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    input: input ?? "",
    encoding: "utf8",
    env: { ...process.env, EMBARGO_DB: dbFile },
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("embargo command line", () => {
  it("scores a CVSS vector as JSON", () => {
    const r = run(["cvss", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ version: "3.1", baseScore: 9.8, severity: "critical" });
  });

  it("refuses a bad vector naming the metric, exit non-zero", () => {
    const r = run(["cvss", "CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "--json"]);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain("AV");
    expect(r.out).toBe("");
  });

  it("reports an unknown command or missing argument", () => {
    const unknown = run(["frobnicate"]);
    expect(unknown.code).not.toBe(0);
    expect(unknown.err).toMatch(/unknown command/i);
    const missing = run(["cvss"]);
    expect(missing.code).not.toBe(0);
    expect(missing.err).toMatch(/missing required argument/i);
  });

  it("migrates, seeds the demo once, and adds users with a password from stdin", () => {
    expect(run(["migrate"]).code).toBe(0);
    const seeded = run(["seed", "--demo"]);
    expect(seeded.code).toBe(0);
    expect(seeded.out).toContain("admin@embargo.test");
    const again = run(["seed", "--demo"]);
    expect(again.code).not.toBe(0);
    expect(again.err).toContain("already has programs");

    const weak = run(["user", "add", "--email", "new@example.com", "--role", "triager"], "short\n");
    expect(weak.code).not.toBe(0);
    expect(weak.err).toContain("at least 12 characters");
    const badRole = run(["user", "add", "--email", "new@example.com", "--role", "boss"], "a long enough password\n");
    expect(badRole.code).not.toBe(0);
    expect(badRole.err).toContain('--role: "boss" is not a role');
    const badProgram = run(
      ["user", "add", "--email", "new@example.com", "--role", "triager", "--program", "nope"],
      "a long enough password\n",
    );
    expect(badProgram.code).not.toBe(0);
    expect(badProgram.err).toContain('--program: no program "nope"');

    const ok = run(
      ["user", "add", "--email", "New@Example.com", "--role", "triager", "--program", "edge"],
      "a long enough password\n",
    );
    expect(ok.code).toBe(0);
    const db = openDatabase(dbFile);
    const rows = db.$client
      .prepare(
        "SELECT u.email, m.role, p.slug FROM users u JOIN memberships m ON m.user_id = u.id JOIN programs p ON p.id = m.program_id WHERE u.email = ?",
      )
      .all("new@example.com");
    const hash = db.$client
      .prepare("SELECT password_hash FROM users WHERE email = ?")
      .pluck()
      .get("new@example.com") as string;
    closeDatabase(db);
    expect(rows).toEqual([{ email: "new@example.com", role: "triager", slug: "edge" }]);
    expect(hash.startsWith("$argon2id$")).toBe(true);
    const dup = run(["user", "add", "--email", "new@example.com", "--role", "admin"], "a long enough password\n");
    expect(dup.code).not.toBe(0);
    expect(dup.err).toContain("already exists");
  });
});
