import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defaultPolicy } from "@embargo/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase, type Db, openDatabase } from "../client.ts";
import { createProgram } from "../programs/programs.ts";
import { verifyAudit } from "./chain.ts";
import { appendAudit } from "./log.ts";

let db: Db;
const file = path.join(mkdtempSync(path.join(tmpdir(), "embargo-db-")), "t.db");
beforeAll(() => {
  db = openDatabase(file);
});
afterAll(() => closeDatabase(db));

describe("openDatabase", () => {
  it("applies the durability pragmas and the migrations", () => {
    expect(db.$client.pragma("journal_mode", { simple: true })).toBe("wal");
    // 2 = FULL: a committed report survives power loss.
    expect(db.$client.pragma("synchronous", { simple: true })).toBe(2);
    expect(db.$client.pragma("foreign_keys", { simple: true })).toBe(1);
    const tables = db.$client.prepare("SELECT name FROM sqlite_master WHERE type IN ('table')").pluck().all();
    for (const t of [
      "programs",
      "reports",
      "report_events",
      "messages",
      "audit_log",
      "sessions",
      "memberships",
      "reports_fts",
    ]) {
      expect(tables).toContain(t);
    }
  });

  it("is idempotent when opened again (migrations already applied)", () => {
    const again = openDatabase(file);
    expect(again.$client.prepare("SELECT count(*) FROM __drizzle_migrations").pluck().get()).toBeGreaterThan(0);
    closeDatabase(again);
  });
});

describe("audit log", () => {
  it("chains entries and verifies", () => {
    const now = new Date("2026-01-01T00:00:00Z");
    createProgram(
      db,
      { slug: "p", name: "P", keyPrefix: "P", policy: defaultPolicy() },
      { userId: null, label: "test" },
      now,
    );
    db.transaction((tx) => {
      appendAudit(tx, { userId: null, label: "test" }, { action: "x.one", entityType: "thing", entityId: 1 }, now);
      appendAudit(
        tx,
        { userId: null, label: "test" },
        { action: "x.two", entityType: "thing", entityId: 2, data: { a: 1 } },
        now,
      );
    });
    const v = verifyAudit(db);
    expect(v).toMatchObject({ ok: true, entries: 3 });
  });

  it("hashes an entry's data as the JSON text it is stored as", () => {
    const now = new Date("2026-01-02T00:00:00Z");
    const data = { before: { é: "ü😀", n: [1, null, { deep: true }] }, at: now, quote: '"\\' };
    appendAudit(
      db,
      { userId: null, label: "test" },
      { action: "x.three", entityType: "thing", entityId: 3, data },
      now,
    );
    const stored = db.$client.prepare("SELECT data_json FROM audit_log ORDER BY id DESC LIMIT 1").pluck().get();
    expect(stored).toBe(JSON.stringify(data));
    expect(verifyAudit(db)).toMatchObject({ ok: true, entries: 4 });
  });

  it("refuses UPDATE and DELETE at the database", () => {
    expect(() => db.$client.prepare("UPDATE audit_log SET action = 'forged' WHERE id = 2").run()).toThrow(
      /append-only/,
    );
    expect(() => db.$client.prepare("DELETE FROM audit_log WHERE id = 2").run()).toThrow(/append-only/);
  });

  it("detects a tampered row once the trigger is bypassed", () => {
    // An attacker with file access can drop the trigger; the hash chain still tells.
    db.$client.exec("DROP TRIGGER audit_log_no_update");
    db.$client.prepare("UPDATE audit_log SET data_json = '{\"a\":2}' WHERE id = 3").run();
    expect(verifyAudit(db)).toMatchObject({ ok: false, entries: 2, atId: 3, problem: "edited" });
  });
});
