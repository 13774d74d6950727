import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { appendAudit, closeDatabase, openDatabase, recordAuditHead } from "@embargo/db";
import { describe, expect, inject, it } from "vitest";

// src/cli.ts, bundled once per test run (test/cli-bundle.ts): a CLI start in half the time.
const bin = inject("cliBundle");
const SYSTEM = { userId: null, label: "system" };

/** A database with a few entries and its head recorded, as a running server leaves it. */
function fresh(): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "embargo-cli-audit-")), "embargo.db");
  const db = openDatabase(file);
  for (let i = 0; i < 5; i++)
    appendAudit(db, SYSTEM, { action: `x.${i}`, entityType: "thing", entityId: i }, new Date());
  recordAuditHead(db, file, new Date());
  closeDatabase(db);
  return file;
}

function verify(file: string, json = true) {
  const env: NodeJS.ProcessEnv = { ...process.env, EMBARGO_DB: file };
  delete env.EMBARGO_AUDIT_KEY;
  const r = spawnSync(process.execPath, [bin, "audit", "verify", ...(json ? ["--json"] : [])], {
    encoding: "utf8",
    env,
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("embargo audit verify", () => {
  it("passes an intact log and says how much it checked", () => {
    const file = fresh();
    const r = verify(file);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ ok: true, entries: 5, headsChecked: 1 });
    expect(verify(file, false).out).toMatch(/^audit log intact: 5 entries, head #5 .*1 recorded head checked/);
  });

  it("exits 1 and names the first bad entry after an edit", () => {
    const file = fresh();
    const db = openDatabase(file);
    db.$client.exec("DROP TRIGGER audit_log_no_update");
    db.$client.prepare("UPDATE audit_log SET actor_label = 'mallory' WHERE id = 3").run();
    closeDatabase(db);
    const r = verify(file);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ ok: false, problem: "edited", atId: 3 });
    expect(verify(file, false).out).toMatch(/AUDIT LOG FAILED VERIFICATION \(edited at entry #3\)/);
  });

  it("exits 1 on a cut tail, told by the head recorded beside the database", () => {
    const file = fresh();
    const db = openDatabase(file);
    db.$client.exec("DROP TRIGGER audit_log_no_delete");
    db.$client.prepare("DELETE FROM audit_log WHERE id > 3").run();
    closeDatabase(db);
    const r = verify(file);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ ok: false, problem: "tail_cut" });
  });

  it("refuses to run without the key and names the missing file", () => {
    const file = fresh();
    rmSync(`${file}.audit-key`);
    const r = verify(file);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/embargo\.db\.audit-key does not exist/);
  });
});
