import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defaultPolicy, planTransition, reportFieldsSchema } from "@embargo/core";
import { describe, expect, it } from "vitest";
import { closeDatabase, type Db, openDatabase } from "../client.ts";
import { createProgram } from "../programs/programs.ts";
import { applyTransition, createReport } from "../reports/writes.ts";
import { type AuditRawRow, auditHead, CHAIN_COLUMNS, fieldsOf, GENESIS, legacyHashOf, verifyAudit } from "./chain.ts";
import { auditHeadsFileOf, readRecordedHeads, recordAuditHead } from "./heads.ts";
import { auditKeyFileOf, loadAuditKey } from "./key.ts";
import { appendAudit } from "./log.ts";
import { AUDIT_KEYED_VERSION } from "./rekey.ts";

const SYSTEM = { userId: null, label: "system" };
const T0 = new Date("2026-05-01T09:00:00Z");

/** A fresh database with a program, one acknowledged report and a dozen entries; its heads file records the end. */
function build(): { db: Db; file: string } {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "embargo-chain-")), "embargo.db");
  const db = openDatabase(file);
  const program = createProgram(db, { slug: "p", name: "P", keyPrefix: "P", policy: defaultPolicy() }, SYSTEM, T0);
  const report = createReport(
    db,
    {
      programId: program.id,
      fields: reportFieldsSchema.parse({ title: "XSS in search", description: "Steps." }),
      channel: "manual",
      receivedAt: T0,
      reporter: null,
    },
    SYSTEM,
    T0,
  );
  applyTransition(db, report, planTransition(report, { action: "acknowledge" }), { duplicateOfId: null }, SYSTEM, T0);
  for (let i = 0; i < 8; i++) {
    appendAudit(db, SYSTEM, { action: `x.${i}`, entityType: "thing", entityId: i, data: { i } }, T0);
  }
  recordAuditHead(db, file, T0);
  return { db, file };
}

const unlock = (db: Db) => db.$client.exec("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;");
const verify = (db: Db, file: string) => verifyAudit(db, { heads: readRecordedHeads(file) });
/** Recompute every hash as the old unkeyed chain did (what an attacker without the key can do). */
function rechainWithoutKey(db: Db): void {
  let prev = GENESIS;
  for (const r of db.$client.prepare(`SELECT ${CHAIN_COLUMNS} FROM audit_log ORDER BY id`).all() as AuditRawRow[]) {
    const hash = legacyHashOf({ ...fieldsOf(r), prevHash: prev });
    db.$client.prepare("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?").run(prev, hash, r.id);
    prev = hash;
  }
}

const rows = (db: Db) => db.$client.prepare("SELECT * FROM audit_log ORDER BY id").all() as Record<string, unknown>[];

describe("the keyed audit chain", () => {
  it("verifies an untouched log against its recorded head", () => {
    const { db, file } = build();
    const v = verify(db, file);
    expect(v).toMatchObject({ ok: true, headsChecked: 1 });
    expect(v.ok && v.head).toEqual(auditHead(db));
    closeDatabase(db);
  });

  it("names an edited entry", () => {
    const { db, file } = build();
    unlock(db);
    db.$client.prepare("UPDATE audit_log SET data_json = '{\"i\":99}' WHERE action = 'x.3'").run();
    const id = db.$client.prepare("SELECT id FROM audit_log WHERE action = 'x.3'").pluck().get();
    expect(verify(db, file)).toMatchObject({ ok: false, problem: "edited", atId: id });
    closeDatabase(db);
  });

  it("names a deleted entry", () => {
    const { db, file } = build();
    unlock(db);
    const id = db.$client.prepare("SELECT id FROM audit_log WHERE action = 'x.2'").pluck().get() as number;
    db.$client.prepare("DELETE FROM audit_log WHERE id = ?").run(id);
    expect(verify(db, file)).toMatchObject({ ok: false, problem: "deleted", atId: id + 1 });
    closeDatabase(db);
  });

  it("names entries inserted into the middle, even when the chain after them is intact", () => {
    const { db, file } = build();
    unlock(db);
    // Shift entries #k.. up by one and put a copy of an older entry at #k: the copy links to an older row.
    const all = rows(db);
    const k = all[6]?.id as number;
    const copy = all[2] as Record<string, unknown>;
    db.$client.exec(`UPDATE audit_log SET id = -id WHERE id >= ${k}; UPDATE audit_log SET id = -id + 1 WHERE id < 0;`);
    db.$client
      .prepare(
        "INSERT INTO audit_log (id, at, actor_user_id, actor_label, action, entity_type, entity_id, program_id, data_json, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
      )
      .run(
        k,
        copy.at,
        copy.actor_user_id,
        copy.actor_label,
        copy.action,
        copy.entity_type,
        copy.entity_id,
        copy.program_id,
        copy.data_json,
        copy.prev_hash,
        copy.hash,
      );
    expect(verify(db, file)).toMatchObject({ ok: false, problem: "inserted", atId: k });
    closeDatabase(db);
  });

  it("names reordered entries", () => {
    const { db, file } = build();
    unlock(db);
    const all = rows(db);
    const a = all[4]?.id as number;
    const b = all[5]?.id as number;
    db.$client.exec(
      `UPDATE audit_log SET id = -1 WHERE id = ${a}; UPDATE audit_log SET id = ${a} WHERE id = ${b}; UPDATE audit_log SET id = ${b} WHERE id = -1;`,
    );
    expect(verify(db, file)).toMatchObject({ ok: false, problem: "reordered", atId: a });
    closeDatabase(db);
  });

  it("tells a cut tail and an emptied table from the recorded head", () => {
    const { db, file } = build();
    unlock(db);
    const last = auditHead(db)?.id as number;
    db.$client.prepare("DELETE FROM audit_log WHERE id > ?").run(last - 3);
    expect(verify(db, file)).toMatchObject({ ok: false, problem: "tail_cut" });
    // Without the recorded head a cut tail is a shorter valid chain: the head file is what tells.
    expect(verifyAudit(db)).toMatchObject({ ok: true });
    db.$client.exec("DELETE FROM audit_log");
    expect(verify(db, file)).toMatchObject({ ok: false, problem: "tail_cut", atId: null });
    closeDatabase(db);
  });

  it("refuses a forged entry appended without the key (the triggers allow INSERT)", () => {
    const { db, file } = build();
    const head = auditHead(db);
    const fields = {
      at: T0,
      actorUserId: null,
      actorLabel: "admin@example.com",
      action: "user.password_change",
      entityType: "user",
      entityId: "1",
      programId: null,
      dataJson: "{}",
      prevHash: head?.hash as string,
    };
    db.$client
      .prepare(
        "INSERT INTO audit_log (at, actor_user_id, actor_label, action, entity_type, entity_id, program_id, data_json, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?)",
      )
      .run(
        T0.getTime(),
        null,
        fields.actorLabel,
        fields.action,
        "user",
        "1",
        null,
        "{}",
        fields.prevHash,
        legacyHashOf(fields),
      );
    expect(verify(db, file)).toMatchObject({ ok: false, problem: "edited", atId: (head?.id as number) + 1 });
    closeDatabase(db);
  });

  it("refuses a chain recomputed without the key after an edit", () => {
    const { db, file } = build();
    unlock(db);
    db.$client.prepare("UPDATE audit_log SET actor_label = 'someone-else' WHERE action = 'x.0'").run();
    // Recompute every hash as the old unkeyed chain did.
    rechainWithoutKey(db);
    expect(verify(db, file)).toMatchObject({ ok: false, problem: "edited", atId: rows(db)[0]?.id });
    closeDatabase(db);
  });

  it("finds a report whose state was changed behind the application's back", () => {
    const { db, file } = build();
    db.$client.prepare("UPDATE reports SET state = 'spam', is_open = 0 WHERE key = 'P-1'").run();
    const v = verify(db, file);
    expect(v).toMatchObject({ ok: false, problem: "state_mismatch" });
    expect(!v.ok && v.message).toMatch(/P-1 is "spam".*"acknowledged"/);
    closeDatabase(db);
  });

  it("a recorded head that no longer matches the log is named", () => {
    const { db, file } = build();
    const head = auditHead(db);
    writeFileSync(
      auditHeadsFileOf(file),
      `${JSON.stringify({ ...head, hash: "f".repeat(64), at: "2026-05-01T09:00:00Z" })}\n`,
    );
    expect(verify(db, file)).toMatchObject({ ok: false, problem: "head_mismatch", atId: head?.id });
    closeDatabase(db);
  });

  it("records a head only when the log moved", () => {
    const { db, file } = build();
    expect(recordAuditHead(db, file, T0)).toBeNull();
    appendAudit(db, SYSTEM, { action: "x.more", entityType: "thing", entityId: 1 }, T0);
    expect(recordAuditHead(db, file, T0)).toMatchObject({ id: auditHead(db)?.id });
    expect(readRecordedHeads(file)).toHaveLength(2);
    closeDatabase(db);
  });
});

describe("the audit key", () => {
  it("is created 0600 beside the database and read back the same", () => {
    const { db, file } = build();
    closeDatabase(db);
    const key = loadAuditKey(file, { env: {} });
    expect(key.length).toBe(32);
    expect(statSync(auditKeyFileOf(file)).mode & 0o777).toBe(0o600);
    // Reopened with the same key file, the chain verifies.
    const again = openDatabase(file);
    expect(verifyAudit(again, { heads: readRecordedHeads(file) })).toMatchObject({ ok: true });
    closeDatabase(again);
  });

  it("a database opened with another key fails verification at its first entry", () => {
    const { db, file } = build();
    closeDatabase(db);
    const other = openDatabase(file, { auditKey: Buffer.alloc(32, 7) });
    expect(verifyAudit(other)).toMatchObject({ ok: false, problem: "edited", atId: 1 });
    closeDatabase(other);
  });

  it("refuses a short key and names where it came from", () => {
    expect(() => loadAuditKey("/nowhere/x.db", { env: { EMBARGO_AUDIT_KEY: "abcd" } })).toThrow(
      /EMBARGO_AUDIT_KEY.*32 bytes/,
    );
    expect(() => loadAuditKey("/nowhere/x.db", { env: {}, create: false })).toThrow(/x\.db\.audit-key does not exist/);
  });
});

describe("a database from before the keyed chain", () => {
  it("is re-chained with the key once, after its plain chain is checked", () => {
    const { db, file } = build();
    // Make it look like an old database: plain SHA-256 chain, user_version 12, no heads file.
    unlock(db);
    rechainWithoutKey(db);
    db.$client.exec(
      "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;",
    );
    db.$client.exec(
      "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;",
    );
    db.$client.pragma("user_version = 12");
    const count = rows(db).length;
    closeDatabase(db);
    rmSync(auditHeadsFileOf(file));
    const reopened = openDatabase(file);
    expect(reopened.$client.pragma("user_version", { simple: true })).toBe(AUDIT_KEYED_VERSION);
    expect(verifyAudit(reopened)).toMatchObject({ ok: true, entries: count + 1 });
    expect(rows(reopened).at(-1)).toMatchObject({ action: "audit.chain_keyed" });
    // The triggers are back.
    expect(() => reopened.$client.prepare("DELETE FROM audit_log WHERE id = 1").run()).toThrow(/append-only/);
    closeDatabase(reopened);
  });
});
