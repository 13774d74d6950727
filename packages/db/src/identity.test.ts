import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { closeDatabase, openDatabase } from "./client.ts";
import {
  DatabaseOpenError,
  EMBARGO_APPLICATION_ID,
  judgeIdentity,
  judgeMigrations,
  MIGRATIONS_TABLE,
  openFailureCause,
} from "./identity.ts";

const dir = mkdtempSync(path.join(tmpdir(), "embargo-identity-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = () => path.join(dir, `t${++n}.db`);

function openError(file: string, opts?: Parameters<typeof openDatabase>[1]): DatabaseOpenError {
  try {
    closeDatabase(openDatabase(file, opts));
  } catch (e) {
    expect(e).toBeInstanceOf(DatabaseOpenError);
    return e as DatabaseOpenError;
  }
  throw new Error(`${file} opened`);
}

describe("judgeIdentity", () => {
  it("knows a new, an Embargo, an unmarked Embargo and a foreign file", () => {
    expect(judgeIdentity(0, [])).toEqual({ kind: "new" });
    expect(judgeIdentity(0, ["sqlite_sequence"])).toEqual({ kind: "new" });
    expect(judgeIdentity(EMBARGO_APPLICATION_ID, ["reports"])).toEqual({ kind: "embargo" });
    expect(judgeIdentity(0, [MIGRATIONS_TABLE, "reports"])).toEqual({ kind: "embargo_unmarked" });
    expect(judgeIdentity(0x0f055112, [])).toMatchObject({ kind: "foreign", why: expect.stringContaining("0f055112") });
    expect(judgeIdentity(0, ["moz_places", "moz_bookmarks"])).toMatchObject({
      kind: "foreign",
      why: expect.stringContaining("moz_places"),
    });
  });
});

describe("judgeMigrations", () => {
  const known = [
    { tag: "0000_init", when: 100 },
    { tag: "0001_next", when: 200 },
  ];
  it("counts pending migrations and refuses newer ones", () => {
    expect(judgeMigrations([], known)).toEqual({ ok: true, pending: 2 });
    expect(judgeMigrations([100], known)).toEqual({ ok: true, pending: 1 });
    expect(judgeMigrations([100, 200], known)).toEqual({ ok: true, pending: 0 });
    expect(judgeMigrations([100, 200, 300], known)).toEqual({
      ok: false,
      latestAppliedAt: 300,
      newestKnown: "0001_next",
    });
  });
});

describe("openFailureCause", () => {
  it("says the cause in words", () => {
    expect(openFailureCause({ code: "EACCES" })).toMatch(/permission denied/);
    expect(openFailureCause({ code: "SQLITE_NOTADB" })).toMatch(/not a SQLite database/);
    expect(openFailureCause({ code: "SQLITE_CORRUPT_VTAB" })).toMatch(/corrupt/);
    expect(openFailureCause({ code: "SQLITE_CANTOPEN" })).toMatch(/missing folder/);
    expect(openFailureCause(new Error("odd"))).toBe("odd");
  });
});

describe("openDatabase: schema identity", () => {
  it("marks a new database with Embargo's application_id", () => {
    const file = fresh();
    closeDatabase(openDatabase(file));
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma("application_id", { simple: true })).toBe(EMBARGO_APPLICATION_ID);
    raw.close();
  });

  it("marks an existing Embargo database that has migrations but no id", () => {
    const file = fresh();
    closeDatabase(openDatabase(file));
    const raw = new Database(file);
    raw.pragma("application_id = 0");
    raw.close();
    closeDatabase(openDatabase(file));
    const again = new Database(file, { readonly: true });
    expect(again.pragma("application_id", { simple: true })).toBe(EMBARGO_APPLICATION_ID);
    again.close();
  });

  it("refuses another application's database without touching it", () => {
    const file = fresh();
    const raw = new Database(file);
    raw.pragma("application_id = 1234");
    raw.exec("CREATE TABLE notes (body TEXT)");
    raw.close();
    const e = openError(file);
    expect(e.message).toBe(
      `not an Embargo database: ${file} (it belongs to another application (application_id 0x000004d2)); refusing to add tables to it`,
    );
    const after = new Database(file, { readonly: true });
    expect(after.pragma("journal_mode", { simple: true })).toBe("delete");
    expect(after.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all()).toEqual(["notes"]);
    after.close();
  });

  it("refuses a SQLite file with tables but no Embargo migrations", () => {
    const file = fresh();
    const raw = new Database(file);
    raw.exec("CREATE TABLE moz_places (url TEXT)");
    raw.close();
    expect(openError(file).message).toMatch(/^not an Embargo database: .*moz_places.*refusing to add tables to it$/);
  });

  it("refuses a database upgraded by a newer Embargo", () => {
    const file = fresh();
    closeDatabase(openDatabase(file));
    const raw = new Database(file);
    raw.prepare(`INSERT INTO "${MIGRATIONS_TABLE}" (hash, created_at) VALUES ('x', ?)`).run(Date.UTC(2040, 0, 1));
    raw.close();
    for (const opts of [{}, { migrate: false }, { readonly: true, migrate: false }]) {
      const e = openError(file, opts);
      expect(e.reason).toBe("newer_schema");
      expect(e.message).toMatch(
        /was upgraded by a newer Embargo \(a migration from 2040-01-01T00:00:00.000Z; this version knows up to 0\d{3}_\w+\); install that version or restore a backup$/,
      );
    }
  });

  it("names the file and the cause when it cannot open", () => {
    const junk = fresh();
    writeFileSync(junk, "this is a text file, not a database ".repeat(200));
    expect(openError(junk).message).toBe(
      `cannot open the database ${junk}: it is not a SQLite database (or it is encrypted)`,
    );
    const missing = path.join(dir, "no-such-folder", "e.db");
    expect(openError(missing, { readonly: true }).message).toMatch(
      new RegExp(`^cannot open the database ${missing}: its folder does not exist$`),
    );
    const blocker = path.join(dir, "a-file");
    writeFileSync(blocker, "");
    expect(openError(path.join(blocker, "e.db")).message).toMatch(/a part of its path is a file, not a folder$/);
    const folder = path.join(dir, "a-folder.db");
    mkdirSync(folder);
    expect(openError(folder).message).toMatch(/^cannot open the database .*a-folder\.db: /);
  });
});

/** A child that opens (and so migrates) each file named on a line of its stdin, answering "ok" or the error. */
const CHILD = `
import { createInterface } from "node:readline";
import { openDatabase, closeDatabase } from ${JSON.stringify(path.join(path.dirname(fileURLToPath(import.meta.url)), "client.ts"))};
console.log("ready");
for await (const file of createInterface({ input: process.stdin })) {
  try { closeDatabase(openDatabase(file)); console.log("ok"); } catch (e) { console.log("failed: " + e.message); }
}
`;

function migrator() {
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", CHILD], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines: string[] = [];
  const waiting: ((l: string) => void)[] = [];
  let buf = "";
  child.stdout.on("data", (b) => {
    buf += b;
    for (let i = buf.indexOf("\n"); i >= 0; i = buf.indexOf("\n")) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      const w = waiting.shift();
      if (w) w(line);
      else lines.push(line);
    }
  });
  const next = () => new Promise<string>((r) => (lines.length ? r(lines.shift()!) : waiting.push(r)));
  return {
    next,
    open: (file: string) => {
      child.stdin.write(`${file}\n`);
      return next();
    },
    end: () => child.stdin.end(),
  };
}

describe("concurrent migrations", () => {
  it("two processes migrating one new file at once both succeed, 20 times", async () => {
    const a = migrator();
    const b = migrator();
    try {
      expect([await a.next(), await b.next()]).toEqual(["ready", "ready"]);
      for (let i = 0; i < 20; i++) {
        const file = fresh();
        expect(await Promise.all([a.open(file), b.open(file)])).toEqual(["ok", "ok"]);
        const raw = new Database(file, { readonly: true });
        const rows = raw.prepare(`SELECT created_at FROM "${MIGRATIONS_TABLE}"`).pluck().all() as number[];
        expect(new Set(rows).size).toBe(rows.length);
        raw.close();
      }
    } finally {
      a.end();
      b.end();
    }
  }, 120_000);
});
