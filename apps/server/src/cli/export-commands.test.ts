import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  advisoryOf,
  closeDatabase,
  type Db,
  openDatabase,
  reportByKey,
  saveAdvisory,
  seedDemo,
  updateProgram,
} from "@embargo/db";
import { beforeAll, describe, expect, inject, it } from "vitest";

// src/cli.ts, bundled once per test run (test/cli-bundle.ts): a CLI start in half the time.
const bin = inject("cliBundle");
const dir = mkdtempSync(path.join(tmpdir(), "embargo-cli-export-"));
const dbFile = path.join(dir, "demo.db");
const PUBLIC_URL = "https://security.embargo.example";

function run(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    encoding: "utf8",
    env: { ...process.env, EMBARGO_DB: dbFile, EMBARGO_PUBLIC_URL: PUBLIC_URL },
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function withDb<T>(fn: (db: Db) => T): T {
  const db = openDatabase(dbFile);
  try {
    return fn(db);
  } finally {
    closeDatabase(db);
  }
}

/** A fixed demo report with a saved advisory and a CVE id (read from the database, not assumed). */
let fixedKey: string;
let cveId: string;

beforeAll(async () => {
  const db = openDatabase(dbFile);
  try {
    await seedDemo(db, new Date(Date.now() - 60_000));
    const row = db.$client
      .prepare(
        "SELECT r.key, r.cve_id FROM advisories a JOIN reports r ON r.id = a.report_id WHERE r.state = 'fixed' ORDER BY r.id LIMIT 1",
      )
      .get() as { key: string; cve_id: string } | undefined;
    if (!row) throw new Error("the demo has no fixed report with an advisory");
    fixedKey = row.key;
    cveId = row.cve_id;
  } finally {
    closeDatabase(db);
  }
}, 60_000);

describe("embargo export advisory", () => {
  it("prints a valid CVE record of a demo report to standard output", () => {
    const r = run(["export", "advisory", fixedKey.toLowerCase(), "--format", "cve"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as { dataType: string; cveMetadata: { cveId: string; assignerOrgId: string } };
    expect(doc.dataType).toBe("CVE_RECORD");
    expect(doc.cveMetadata.cveId).toBe(cveId);
    const program = withDb((db) => {
      const report = reportByKey(db, fixedKey)!;
      return db.$client.prepare("SELECT cve_assigner_org_id id FROM programs WHERE id = ?").get(report.programId) as {
        id: string;
      };
    });
    expect(doc.cveMetadata.assignerOrgId).toBe(program.id);
  });

  it("writes --out, refuses to replace it without --force, and replaces it with --force", () => {
    const out = path.join(dir, "advisory.osv.json");
    const first = run(["export", "advisory", fixedKey, "--format", "osv", "--out", out]);
    expect(first.err).toBe("");
    expect(first.code).toBe(0);
    expect(first.out).toContain(out);
    const doc = JSON.parse(readFileSync(out, "utf8")) as { id: string; affected: { package: { ecosystem: string } }[] };
    expect(doc.affected[0]!.package.ecosystem).toBeTruthy();

    writeFileSync(out, "keep me");
    const again = run(["export", "advisory", fixedKey, "--format", "osv", "--out", out]);
    expect(again.code).toBe(1);
    expect(again.err).toContain("--force");
    expect(readFileSync(out, "utf8")).toBe("keep me");

    const forced = run(["export", "advisory", fixedKey, "--format", "osv", "--out", out, "--force"]);
    expect(forced.code).toBe(0);
    const replaced = JSON.parse(readFileSync(out, "utf8")) as typeof doc;
    expect(replaced.id).toBe(doc.id);
    expect(replaced.affected).toEqual(doc.affected);
  });

  it("grows the CSAF revision history when the advisory changed since the last export, as the dashboard does", () => {
    const revisions = () => withDb((db) => advisoryOf(db, reportByKey(db, fixedKey)!.id)!.revisions.length);
    const before = revisions();
    const first = run(["export", "advisory", fixedKey, "--format", "csaf"]);
    expect(first.code).toBe(0);
    const history = (out: string) =>
      (JSON.parse(out) as { document: { tracking: { revision_history: unknown[] } } }).document.tracking
        .revision_history.length;
    expect(history(first.out)).toBe(Math.max(before, 1));
    const afterFirst = revisions();
    expect(afterFirst).toBe(Math.max(before, 1));
    // Unchanged: no new revision.
    expect(history(run(["export", "advisory", fixedKey, "--format", "csaf"]).out)).toBe(afterFirst);
    withDb((db) => {
      const report = reportByKey(db, fixedKey)!;
      const draft = advisoryOf(db, report.id)!.draft;
      saveAdvisory(
        db,
        report,
        { ...draft, summary: `${draft.summary} Upgrade now.` },
        { userId: null, label: "test" },
        new Date(),
      );
    });
    const changed = run(["export", "advisory", fixedKey, "--format", "csaf"]);
    expect(changed.code).toBe(0);
    expect(history(changed.out)).toBe(afterFirst + 1);
    expect(revisions()).toBe(afterFirst + 1);
  });

  it("refuses an advisory that does not validate, naming each field, and writes nothing", () => {
    withDb((db) => {
      const report = reportByKey(db, fixedKey)!;
      const program = db.$client.prepare("SELECT * FROM programs WHERE id = ?").get(report.programId) as {
        name: string;
        description: string;
        version_scheme: "semver";
      };
      updateProgram(
        db,
        report.programId,
        {
          name: program.name,
          description: program.description,
          versionScheme: program.version_scheme,
          advisory: { cveAssignerOrgId: null },
        },
        { userId: null, label: "test" },
        new Date(),
      );
    });
    const out = path.join(dir, "refused.json");
    const r = run(["export", "advisory", fixedKey, "--format", "cve", "--out", out]);
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toMatch(/program\.cveAssignerOrgId: /);
    expect(existsSync(out)).toBe(false);
  });

  it("says which report is unknown or has no advisory, and which option is wrong", () => {
    const unknown = run(["export", "advisory", "VOICE-9999", "--format", "cve"]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain("VOICE-9999");
    expect(unknown.out).toBe("");

    const none = withDb(
      (db) =>
        db.$client
          .prepare("SELECT key FROM reports WHERE id NOT IN (SELECT report_id FROM advisories) ORDER BY id LIMIT 1")
          .get() as { key: string },
    );
    const noAdvisory = run(["export", "advisory", none.key, "--format", "osv"]);
    expect(noAdvisory.code).toBe(1);
    expect(noAdvisory.err).toContain(`${none.key} has no saved advisory`);

    const badFormat = run(["export", "advisory", fixedKey, "--format", "pdf"]);
    expect(badFormat.code).toBe(2);
    expect(badFormat.err).toContain("--format");
  });
});
