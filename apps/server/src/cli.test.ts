import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { closeDatabase, openDatabase } from "@embargo/db";
import { describe, expect, inject, it } from "vitest";

// src/cli.ts, bundled once per test run (test/cli-bundle.ts): a CLI start in half the time.
const bin = inject("cliBundle");
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
  it("runs as installed: bin/embargo.mjs starts the TypeScript CLI through tsx", () => {
    const installed = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../bin/embargo.mjs");
    const r = spawnSync(
      process.execPath,
      [installed, "cvss", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", "--json"],
      {
        encoding: "utf8",
        timeout: 60_000,
      },
    );
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ version: "3.1", baseScore: 7.5, severity: "high" });
  });

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
      ["user", "add", "--email", "New@Example.com", "--role", "triager", "--program", "serenesense"],
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
    expect(rows).toEqual([{ email: "new@example.com", role: "triager", slug: "serenesense" }]);
    expect(hash.startsWith("$argon2id$")).toBe(true);
    const dup = run(["user", "add", "--email", "new@example.com", "--role", "admin"], "a long enough password\n");
    expect(dup.code).not.toBe(0);
    expect(dup.err).toContain("already exists");
  });
});

describe("embargo user", () => {
  // Runs after the block above has migrated and seeded this file's database.
  it("adds an admin of all programs when --role admin has no --program", () => {
    const r = run(["user", "add", "--email", "root@example.com", "--role", "admin"], "a long enough password\n");
    expect(r.code).toBe(0);
    expect(r.out).toContain("admin of all programs");
  });

  it("list --json parses and shows roles per program, disabled, last sign-in and MFA", () => {
    const r = run(["user", "list", "--json"]);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.out) as {
      email: string;
      adminOfAll: boolean;
      roles: Record<string, string>;
      disabled: boolean;
      lastSignInAt: string | null;
      mfa: boolean;
    }[];
    const added = rows.find((u) => u.email === "new@example.com");
    expect(added).toMatchObject({ roles: { serenesense: "triager" }, disabled: false, lastSignInAt: null, mfa: false });
    expect(rows.find((u) => u.email === "root@example.com")?.adminOfAll).toBe(true);
    // The demo's admin of all programs is admin in every program.
    const demoAdmin = rows.find((u) => u.email === "admin@embargo.test");
    expect(demoAdmin?.adminOfAll).toBe(true);
    expect(Object.values(demoAdmin?.roles ?? {}).every((role) => role === "admin")).toBe(true);
  });

  it("role sets a role, refusing an unknown user, program or role", () => {
    const ok = run(["user", "role", "new@example.com", "--program", "serenesense", "--role", "leadership"]);
    expect(ok.code).toBe(0);
    const rows = JSON.parse(run(["user", "list", "--json"]).out) as { email: string; roles: Record<string, string> }[];
    expect(rows.find((u) => u.email === "new@example.com")?.roles.serenesense).toBe("leadership");
    expect(run(["user", "role", "nobody@example.com", "--program", "serenesense", "--role", "admin"]).err).toContain(
      "no user with nobody@example.com",
    );
    expect(run(["user", "role", "new@example.com", "--program", "nope", "--role", "admin"]).err).toContain(
      '--program: no program "nope"',
    );
    expect(run(["user", "role", "new@example.com", "--program", "serenesense", "--role", "boss"]).code).toBe(2);
  });

  it("disable ends the user's sessions and enable restores sign-in", () => {
    const db = openDatabase(dbFile);
    const id = db.$client.prepare("SELECT id FROM users WHERE email = ?").pluck().get("new@example.com") as number;
    db.$client
      .prepare(
        "INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen_at) VALUES (?, ?, ?, ?, ?)",
      )
      .run("x".repeat(64), id, Date.now(), Date.now() + 3600_000, Date.now());
    closeDatabase(db);
    const off = run(["user", "disable", "new@example.com"]);
    expect(off.code).toBe(0);
    expect(off.out).toContain("is now disabled");
    const check = openDatabase(dbFile);
    const sessions = check.$client.prepare("SELECT count(*) FROM sessions WHERE user_id = ?").pluck().get(id);
    closeDatabase(check);
    expect(sessions).toBe(0);
    const rows = JSON.parse(run(["user", "list", "--json"]).out) as { email: string; disabled: boolean }[];
    expect(rows.find((u) => u.email === "new@example.com")?.disabled).toBe(true);
    expect(run(["user", "enable", "new@example.com"]).out).toContain("is now enabled");
  });

  it("reset-link prints a single-use link whose token is stored only as a hash", () => {
    const r = run(["user", "reset-link", "new@example.com"]);
    expect(r.code).toBe(0);
    const link = r.out.trim();
    expect(link).toMatch(/\/reset-password\?token=[\w-]{32}$/);
    const token = new URL(link).searchParams.get("token") ?? "";
    const db = openDatabase(dbFile);
    const row = db.$client
      .prepare("SELECT token_hash, expires_at - created_at AS ttl FROM account_links WHERE kind = 'password_reset'")
      .get() as { token_hash: string; ttl: number };
    closeDatabase(db);
    expect(row.token_hash).not.toContain(token);
    expect(row.ttl).toBe(24 * 3600_000);
    expect(run(["user", "reset-link", "ghost@example.com"]).code).toBe(2);
  });
});

describe("embargo policy", () => {
  const fixtures = path.resolve(
    path.dirname(fileURLToPath(import.meta.url)),
    "../../../packages/core/fixtures/securitymd",
  );

  it("parse prints the draft policy as JSON in the documented shape", () => {
    const r = run(["policy", "parse", path.join(fixtures, "0-auth__zero-auth.md"), "--json"]);
    expect(r.code).toBe(0);
    const parsed = JSON.parse(r.out);
    expect(Object.keys(parsed).sort()).toEqual(
      [
        "acknowledge",
        "assess",
        "confidence",
        "contacts",
        "disclosure",
        "emergency",
        "evidence",
        "languages",
        "possiblyRelevant",
        "resolve",
        "statements",
        "supportedVersions",
        "update",
      ].sort(),
    );
    // INDEX.tsv labels this file: acknowledge in 48 hours, no assessment time.
    expect(parsed.acknowledge).toEqual({ amount: 48, unit: "hours" });
    expect(parsed.assess).toBeNull();
    expect(parsed.evidence.acknowledge).toContain("48 hours");
    // The file credits reporters in the advisory unless they prefer to remain anonymous.
    expect(parsed.statements.credit).toMatchObject({ offered: true, mode: "opt_out", places: ["advisory"] });
  });

  it("parse refuses a missing file clearly", () => {
    const r = run(["policy", "parse", path.join(dir, "nope.md"), "--json"]);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain("cannot read (ENOENT)");
  });

  it("render prints security.txt and SECURITY.md of a program, and refuses an unknown format", () => {
    // The demo database from the test above has the voice program (IndiVillage Voice Agent System).
    const txt = run(["policy", "render", "--program", "voice", "--format", "security-txt"]);
    expect(txt.code).toBe(0);
    expect(txt.out).toMatch(/^Contact: mailto:security@indivillage\.example$/m);
    expect(txt.out).toMatch(/^Contact: mailto:critical-security@indivillage\.example$/m);
    expect(txt.out).toMatch(/^Expires: \d{4}-\d{2}-\d{2}T/m);
    const md = run(["policy", "render", "--program", "voice", "--format", "security-md"]);
    expect(md.code).toBe(0);
    expect(md.out).toContain("We acknowledge reports within 24 hours.");
    expect(md.out).toContain("[CRITICAL SECURITY] Voice Agent System");
    expect(md.out).toContain("Critical vulnerabilities are disclosed immediately once the patch is available.");
    const bad = run(["policy", "render", "--program", "voice", "--format", "pdf"]);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('--format: "pdf" is not a format');
  });
});

describe("embargo ingest email", () => {
  const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "email/fixtures");

  it("ingests a folder of .eml files, one JSON line each, and never prints status links", () => {
    // The demo database from the tests above. The fixtures are written to a test program's
    // addresses; here they go to the voice demo program's (and voice@… mail by its slug).
    const inbox = path.join(dir, "inbox");
    mkdirSync(inbox);
    for (const name of readdirSync(fixtures)) {
      const raw = readFileSync(path.join(fixtures, name)).toString("latin1");
      const addressed = raw
        .replaceAll("security@voice.example", "security@indivillage.example")
        .replaceAll("emergency@voice.example", "critical-security@indivillage.example");
      writeFileSync(path.join(inbox, name), Buffer.from(addressed, "latin1"));
    }
    const r = run(["ingest", "email", inbox, "--json"]);
    expect(r.code).toBe(0);
    const lines = r.out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { file: string; outcome: string; key?: string; reason?: string });
    expect(lines.length).toBeGreaterThanOrEqual(6);
    const byFile = (name: string) => lines.find((l) => l.file.endsWith(name))!;
    expect(byFile("plain-text.eml")).toMatchObject({ outcome: "report", key: expect.stringMatching(/^VOICE-\d+$/) });
    expect(byFile("critical.eml")).toMatchObject({ outcome: "report", key: expect.stringMatching(/^VOICE-\d+$/) });
    expect(byFile("html-only.eml")).toMatchObject({ outcome: "report", key: expect.stringMatching(/^VOICE-\d+$/) });
    expect(byFile("malformed.eml").outcome).toBe("refused");
    expect(byFile("attachment-wrong-type.eml").reason).toContain("not accepted");
    expect(r.out).not.toContain("/status/");
  });

  it("refuses a path that does not exist", () => {
    const r = run(["ingest", "email", path.join(dir, "missing")]);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain("cannot read (ENOENT)");
  });
});
