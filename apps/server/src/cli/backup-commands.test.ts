/** `embargo backup` under write load, and `embargo restore`'s checks (issue 17 §4). */
import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defaultPolicy } from "@embargo/core";
import { closeDatabase, createProgram, openDatabase, readRecordedHeads, verifyAudit } from "@embargo/db";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parseManifest } from "../backup/manifest.ts";
import { ingestEmail } from "../email/ingest.ts";
import { compose } from "../email/testing.ts";
import { submitReport } from "../intake/service.ts";
import { testSealer } from "../secrets/testing.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
// src/cli.ts, bundled once per test run (test/cli-bundle.ts): a CLI start in half the time.
const bin = inject("cliBundle");
const tsx = createRequire(import.meta.url).resolve("tsx/cli");
const dir = mkdtempSync(path.join(tmpdir(), "embargo-backup-"));
const live = path.join(dir, "live", "embargo.db");
const liveData = path.dirname(live);
const backup = path.join(dir, "backup");

/** The installation's audit key travels beside the database, never inside a backup: copied as an operator would. */
function keyFor(target: string) {
  mkdirSync(path.dirname(target), { recursive: true });
  cpSync(`${live}.audit-key`, `${target}.audit-key`);
}

function withoutAuditKey() {
  const { EMBARGO_AUDIT_KEY: _k, ...rest } = process.env;
  return rest;
}

function run(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: { ...withoutAuditKey(), EMBARGO_DB: live, ...env },
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.stderr.on("data", (d) => {
      err += d;
    });
    child.on("close", (code) => resolve({ code, out, err }));
  });
}

const sha = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");
const mode = (p: string) => statSync(p).mode & 0o777;

let writer: ChildProcess | null = null;
const committed: number[] = [];
/** Reports whose commit was reported before the backup command started. */
let before: number[] = [];

beforeAll(async () => {
  const db = openDatabase(live);
  try {
    createProgram(
      db,
      { slug: "load", name: "Load", keyPrefix: "LOAD", policy: { ...defaultPolicy() } },
      { userId: null, label: "test" },
      new Date(),
    );
    const policy = defaultPolicy();
    policy.contacts.security = ["security@mail.example"];
    createProgram(
      db,
      { slug: "mail", name: "Mail", keyPrefix: "MAIL", policy },
      { userId: null, label: "test" },
      new Date(),
    );
    const cfg = {
      db,
      dataDir: liveData,
      publicUrl: "http://127.0.0.1:3000",
      sealer: testSealer,
      limits: { maxBytes: 1_048_576, maxFiles: 2 },
      now: () => new Date(),
    };
    for (let i = 0; i < 40; i++) {
      const r = await submitReport(cfg, {
        programSlug: "load",
        channel: "web",
        input: {
          title: `Seed report ${i}`,
          description: "Before the backup.",
          stepsToReproduce: "-",
          impact: "-",
          affectedVersions: "1",
          reporter: { name: "Seed", email: null, handle: null },
        },
        files: [{ filename: `seed-${i}.txt`, bytes: Buffer.from(`seed ${i}\n`) }],
      });
      if (!r.ok) throw new Error(r.error);
    }
    const mail = await compose({
      from: "Rae Researcher <rae@example.net>",
      to: "security@mail.example",
      subject: "[SECURITY] Auth bypass",
      text: "The admin route skips the session check entirely.",
    });
    expect((await ingestEmail(cfg, mail)).outcome).toBe("report");
  } finally {
    closeDatabase(db);
  }
}, 60_000);

afterAll(() => {
  writer?.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
});

describe("embargo backup under write load", () => {
  let during = 0;
  let backupMs = 0;

  it("finishes while another process commits reports with attachments several times a second", async () => {
    writer = spawn(process.execPath, [tsx, path.join(here, "backup-load-writer.ts"), live, liveData, "50"]);
    let buffered = "";
    writer.stdout!.on("data", (d: Buffer) => {
      buffered += d.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop()!;
      for (const l of lines) if (l.startsWith("committed ")) committed.push(Number(l.split(" ")[1]));
    });
    const deadline = Date.now() + 60_000;
    while (committed.length < 10 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(committed.length).toBeGreaterThanOrEqual(10);

    before = [...committed];
    const started = Date.now();
    const r = await run(["backup", backup]);
    backupMs = Date.now() - started;
    during = committed.length - before.length;
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Backed up to .*: \d+ reports/);
    // The writer kept committing while the backup ran.
    expect(during).toBeGreaterThan(0);
    writer.kill("SIGTERM");
    writer = null;

    const m = parseManifest(readFileSync(path.join(backup, "manifest.json"), "utf8"));
    if (!m.ok) throw new Error(m.problem);
    const manifest = m.manifest;
    expect(manifest.counts.reports).toBeGreaterThanOrEqual(41 + before.length);
    expect(manifest.counts.inbound_emails).toBe(1);
    expect(manifest.unavailable).toEqual([]);
    expect(manifest.audit).not.toBeNull();
    expect(manifest.audit!.count).toBe(manifest.counts.audit_log);
    expect(manifest.schema.last).toMatch(/^\d{4}_/);
    // Every file listed, with its bytes; the mail file and an attachment per report.
    for (const f of manifest.files) {
      const p = path.join(backup, f.path);
      expect(sha(p)).toBe(f.sha256);
      expect(statSync(p).size).toBe(f.size);
      expect(mode(p)).toBe(0o600);
    }
    expect(manifest.files.filter((f) => f.path.startsWith("mail/"))).toHaveLength(1);
    expect(manifest.files.filter((f) => f.path.startsWith("attachments/")).length).toBe(manifest.counts.attachments);
    expect(mode(backup)).toBe(0o700);
    expect(mode(path.join(backup, "attachments"))).toBe(0o700);
    expect(mode(path.join(backup, "manifest.json"))).toBe(0o600);
    console.log(
      `backup under load: ${backupMs} ms (process included), ${during} reports committed meanwhile, ${manifest.counts.reports} in the snapshot`,
    );
  });

  it("restores to a database that passes integrity_check and the audit chain, with every report committed before it began", async () => {
    const target = path.join(dir, "restored", "embargo.db");
    keyFor(target);
    const r = await run(["restore", backup, "--db", target]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Restored the backup of .* audit chain ok/);
    // A WAL database, as `embargo audit verify` opens it: read-only, no migrations.
    const readonly = openDatabase(target, { readonly: true, migrate: false });
    expect(readonly.$client.pragma("journal_mode", { simple: true })).toBe("wal");
    closeDatabase(readonly);
    const db = openDatabase(target);
    try {
      expect(db.$client.pragma("integrity_check", { simple: true })).toBe("ok");
      const m = parseManifest(readFileSync(path.join(backup, "manifest.json"), "utf8"));
      if (!m.ok) throw new Error(m.problem);
      // The restored database's recorded heads start at the backup's head, and the chain verifies against them.
      expect(readRecordedHeads(target).map(({ id, hash, count }) => ({ id, hash, count }))).toEqual([m.manifest.audit]);
      expect(verifyAudit(db, { heads: readRecordedHeads(target) })).toMatchObject({ ok: true });
      const ids = new Set(db.$client.prepare("SELECT id FROM reports").pluck().all() as number[]);
      // Reports committed before the backup started are all there (those during it may or may not be).
      expect(before.length).toBeGreaterThan(0);
      expect(before.filter((id) => !ids.has(id))).toEqual([]);
      // Every attachment row's file is in the restored data folder with its bytes.
      for (const s of db.$client.prepare("SELECT sha256 FROM attachments").pluck().all() as string[]) {
        expect(sha(path.join(path.dirname(target), "attachments", s.slice(0, 2), s))).toBe(s);
      }
      const mailSha = db.$client.prepare("SELECT sha256 FROM inbound_emails").pluck().get() as string;
      expect(sha(path.join(path.dirname(target), "mail", mailSha.slice(0, 2), `${mailSha}.eml`))).toBe(mailSha);
    } finally {
      closeDatabase(db);
    }
    expect(mode(target)).toBe(0o600);
  });
});

/** A copy of the good backup to damage. */
function copyOfBackup(name: string) {
  const to = path.join(dir, name);
  cpSync(backup, to, { recursive: true });
  return to;
}

const firstAttachment = (b: string) => {
  const shard = readdirSync(path.join(b, "attachments"))[0]!;
  const file = readdirSync(path.join(b, "attachments", shard))[0]!;
  return path.join(b, "attachments", shard, file);
};

describe("embargo backup refusals", () => {
  it("refuses a folder that is not empty, naming it, and writes nothing into it", async () => {
    const full = path.join(dir, "full");
    mkdirSync(full);
    writeFileSync(path.join(full, "notes.txt"), "mine");
    const r = await run(["backup", full]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`embargo: ${full} is not empty: a backup goes into an empty or new folder\n`);
    expect(readdirSync(full)).toEqual(["notes.txt"]);
  });
});

describe("embargo restore refusals: nothing is written", () => {
  const target = path.join(dir, "target", "embargo.db");
  beforeAll(() => keyFor(target));
  const untouched = () => expect(readdirSync(path.dirname(target))).toEqual(["embargo.db.audit-key"]);

  it("refuses a tampered attachment, naming it", async () => {
    const b = copyOfBackup("tampered");
    const f = firstAttachment(b);
    const bytes = readFileSync(f);
    bytes[0] = bytes[0]! ^ 1;
    writeFileSync(f, bytes);
    const r = await run(["restore", b, "--db", target]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`does not match its manifest: ${path.relative(b, f)} does not match its SHA-256`);
    untouched();
  });

  it("refuses a missing file, an extra file and a missing manifest (checked without the command line)", async () => {
    const { restoreBackup } = await import("../backup/restore.ts");
    const restore = (d: string) =>
      restoreBackup({ dir: d, dbFile: target, dataDir: path.dirname(target), force: false, auditKeyEnv: undefined });
    const missing = copyOfBackup("missing");
    const gone = firstAttachment(missing);
    unlinkSync(gone);
    await expect(restore(missing)).rejects.toThrow(`${path.relative(missing, gone)} is missing`);
    const extra = copyOfBackup("extra");
    appendFileSync(path.join(extra, "attachments", "planted"), "x");
    await expect(restore(extra)).rejects.toThrow("attachments/planted is not in the manifest");
    const shorter = copyOfBackup("shorter");
    writeFileSync(path.join(shorter, "embargo.db"), readFileSync(path.join(shorter, "embargo.db")).subarray(0, 4096));
    await expect(restore(shorter)).rejects.toThrow(/embargo\.db is 4096 bytes, the manifest says \d+/);
    const none = copyOfBackup("no-manifest");
    unlinkSync(path.join(none, "manifest.json"));
    await expect(restore(none)).rejects.toThrow("has no manifest.json: not a complete backup");
    untouched();
  });

  it("refuses, even with --force, while a running server holds the database's lock; a stale lock does not stop it", async () => {
    const { restoreBackup } = await import("../backup/restore.ts");
    const locked = path.join(dir, "locked", "embargo.db");
    keyFor(locked);
    writeFileSync(locked, "the server's database");
    const lock = `${locked}.lock`;
    const restore = () => restoreBackup({ dir: backup, dbFile: locked, dataDir: path.dirname(locked), force: true });
    writeFileSync(lock, JSON.stringify({ pid: process.pid, purpose: "serve", startedAt: new Date().toISOString() }));
    await expect(restore()).rejects.toThrow(`a server is using ${locked} (${lock} names serve pid ${process.pid})`);
    expect(readFileSync(locked, "utf8")).toBe("the server's database");
    // A pid no process has: the lock was left by a crash.
    writeFileSync(lock, JSON.stringify({ pid: 2 ** 22 + 17, purpose: "serve", startedAt: "2026-01-01T00:00:00Z" }));
    await expect(restore()).resolves.toMatchObject({ audit: { ok: true } });
  });

  it("refuses without the audit key, saying where it looked", async () => {
    const keyless = path.join(dir, "keyless", "embargo.db");
    const r = await run(["restore", backup, "--db", keyless]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${keyless}.audit-key does not exist and EMBARGO_AUDIT_KEY is not set`);
    expect(existsSync(path.dirname(keyless))).toBe(false);
  });

  it("refuses to replace an existing database without --force, then replaces it with --force", async () => {
    const existing = path.join(dir, "existing", "embargo.db");
    keyFor(existing);
    writeFileSync(existing, "an existing database");
    writeFileSync(`${existing}.audit-heads`, '{"id":999,"hash":"x","count":999}\n');
    const refused = await run(["restore", backup, "--db", existing]);
    expect(refused.code).toBe(2);
    expect(refused.err).toBe(`embargo: ${existing} exists; pass --force to replace it\n`);
    expect(readFileSync(existing, "utf8")).toBe("an existing database");

    const r = await run(["restore", backup, "--db", existing, "--force"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain("audit heads were moved to");
    // The backup's database (switched to WAL, so not byte-identical): its reports are there.
    const m = parseManifest(readFileSync(path.join(backup, "manifest.json"), "utf8"));
    if (!m.ok) throw new Error(m.problem);
    const db = openDatabase(existing, { readonly: true, migrate: false });
    expect(db.$client.prepare("SELECT count(*) FROM reports").pluck().get()).toBe(m.manifest.counts.reports);
    closeDatabase(db);
    expect(
      readdirSync(path.dirname(existing)).some((n) => n.startsWith("embargo.db.audit-heads.before-restore-")),
    ).toBe(true);
  });
});
