import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseSecurityMd, policyFromParsed } from "@embargo/core";
import { closeDatabase, openDatabase, programBySlug } from "@embargo/db";
import { describe, expect, inject, it } from "vitest";

const here = path.dirname(fileURLToPath(import.meta.url));
// src/cli.ts, bundled once per test run (test/cli-bundle.ts): a CLI start in half the time.
const bin = inject("cliBundle");
const fixture = path.resolve(here, "../../../../packages/core/fixtures/securitymd/nodejs__node.md");
const dir = mkdtempSync(path.join(tmpdir(), "embargo-cli-programs-"));

function run(dbFile: string, args: string[], input?: string) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    input: input ?? "",
    encoding: "utf8",
    env: { ...process.env, EMBARGO_DB: dbFile },
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const query = <T>(dbFile: string, sql: string, ...args: unknown[]) => {
  const db = openDatabase(dbFile);
  try {
    return db.$client.prepare(sql).all(...args) as T[];
  } finally {
    closeDatabase(db);
  }
};

describe("embargo program", () => {
  const dbFile = path.join(dir, "programs.db");

  it("adds a program from a SECURITY.md with the parsed promises", () => {
    const r = run(dbFile, [
      "program",
      "add",
      "--slug",
      "node",
      "--name",
      "Node.js",
      "--key-prefix",
      "NODE",
      "--from-security-md",
      fixture,
      "--time-zone",
      "America/New_York",
      "--description",
      "The runtime",
    ]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain("NODE-1");
    const db = openDatabase(dbFile);
    try {
      const row = programBySlug(db, "node")!;
      const expected = policyFromParsed(parseSecurityMd(readFileSync(fixture, "utf8")));
      expect(row.policy).toEqual({ ...expected, calendar: { ...expected.calendar, timeZone: "America/New_York" } });
      // The fixture does promise something, so the comparison is not of two defaults.
      expect(row.policy.acknowledge).not.toBeNull();
      expect(row).toMatchObject({ name: "Node.js", keyPrefix: "NODE", description: "The runtime", archivedAt: null });
    } finally {
      closeDatabase(db);
    }
  });

  it("refuses bad or taken values naming the option, and changes nothing", () => {
    const cases: [string[], string][] = [
      [["--slug", "Bad Slug", "--name", "X", "--key-prefix", "XX"], "--slug"],
      [["--slug", "okay", "--name", "X", "--key-prefix", "x1"], "--key-prefix"],
      [["--slug", "okay", "--name", "X", "--key-prefix", "XX", "--time-zone", "Nowhere/Land"], "--time-zone"],
      [["--slug", "node", "--name", "X", "--key-prefix", "XX"], "--slug"],
      [["--slug", "okay", "--name", "X", "--key-prefix", "NODE"], "--key-prefix"],
      [["--slug", "okay", "--name", "X", "--key-prefix", "XX", "--from-security-md", "/nope.md"], "--from-security-md"],
    ];
    for (const [args, option] of cases) {
      const r = run(dbFile, ["program", "add", ...args]);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.err, args.join(" ")).toContain(option);
    }
    expect(query(dbFile, "SELECT slug FROM programs")).toEqual([{ slug: "node" }]);
  });

  it("lists programs as JSON and archives one", () => {
    expect(run(dbFile, ["program", "add", "--slug", "blank", "--name", "Blank", "--key-prefix", "BL"]).code).toBe(0);
    const listed = run(dbFile, ["program", "list", "--json"]);
    expect(listed.code).toBe(0);
    const rows = JSON.parse(listed.out) as { slug: string; archivedAt: string | null; reports: number }[];
    expect(rows.map((r) => [r.slug, r.archivedAt, r.reports])).toEqual([
      ["blank", null, 0],
      ["node", null, 0],
    ]);

    const archived = run(dbFile, ["program", "archive", "blank"]);
    expect(archived.code).toBe(0);
    const again = JSON.parse(run(dbFile, ["program", "list", "--json"]).out) as { slug: string; archivedAt: string }[];
    expect(again.find((r) => r.slug === "blank")?.archivedAt).toMatch(/^\d{4}-/);
    expect(run(dbFile, ["program", "list"]).out).toMatch(/blank.*\(archived\)/);
    expect(run(dbFile, ["program", "archive", "blank"]).code).toBe(2);
    expect(run(dbFile, ["program", "archive", "missing"]).err).toContain('no program "missing"');
    expect(query(dbFile, "SELECT action FROM audit_log WHERE action LIKE 'program.%' ORDER BY id")).toEqual([
      { action: "program.create" },
      { action: "program.create" },
      { action: "program.archive" },
    ]);
  });
});

describe("embargo setup", () => {
  it("creates the first administrator once, admin of every program, and refuses a second time", () => {
    const dbFile = path.join(dir, "setup.db");
    expect(run(dbFile, ["program", "add", "--slug", "first", "--name", "First", "--key-prefix", "FIRST"]).code).toBe(0);
    const weak = run(dbFile, ["setup", "--email", "root@example.com"], "short\n");
    expect(weak.code).toBe(2);
    expect(weak.err).toContain("at least 12 characters");
    const ok = run(dbFile, ["setup", "--email", "Root@Example.com", "--name", "Root"], "a long enough password\n");
    expect(ok.err).toBe("");
    expect(ok.code).toBe(0);
    expect(
      query(
        dbFile,
        "SELECT u.email, u.admin_of_all AS all_, m.role FROM users u JOIN memberships m ON m.user_id = u.id",
      ),
    ).toEqual([{ email: "root@example.com", all_: 1, role: "admin" }]);
    // A program created later makes them its admin too.
    expect(run(dbFile, ["program", "add", "--slug", "second", "--name", "Second", "--key-prefix", "SEC"]).code).toBe(0);
    expect(query(dbFile, "SELECT count(*) AS n FROM memberships")).toEqual([{ n: 2 }]);

    const second = run(dbFile, ["setup", "--email", "other@example.com"], "a long enough password\n");
    expect(second.code).toBe(2);
    expect(second.err).toContain("already set up");
    expect(query(dbFile, "SELECT count(*) AS n FROM users")).toEqual([{ n: 1 }]);
  });

  it("serve prints a one-time setup link on an empty database, and a new one on the next start", async () => {
    const dbFile = path.join(dir, "serve.db");
    const linkOf = () =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, [bin, "serve", "--port", "0"], {
          env: { ...process.env, EMBARGO_DB: dbFile, EMBARGO_LOG_LEVEL: "silent" },
          stdio: ["ignore", "pipe", "pipe"],
        });
        let out = "";
        const timer = setTimeout(() => {
          child.kill("SIGTERM");
          reject(new Error(`no setup link in: ${out}`));
        }, 30_000);
        child.stdout.on("data", (d: Buffer) => {
          out += d.toString();
          const m = /(http:\/\/\S+\/setup\?code=([A-Za-z0-9_-]+))/.exec(out);
          if (m) {
            clearTimeout(timer);
            child.once("exit", () => resolve(m[2]!));
            child.kill("SIGTERM");
          }
        });
      });
    const first = await linkOf();
    expect(first).toHaveLength(32); // 24 random bytes, 192 bits
    const second = await linkOf();
    expect(second).not.toBe(first);
    const links = query<{ kind: string; token_hash: string; used_at: number | null }>(
      dbFile,
      "SELECT kind, token_hash, used_at FROM account_links",
    );
    // Only the latest code is kept, and only as a hash.
    expect(links).toHaveLength(1);
    expect(links[0]!.token_hash).not.toContain(second);
    expect(links[0]!.kind).toBe("setup");
  }, 90_000);
});
