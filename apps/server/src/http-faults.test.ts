/**
 * Failure hygiene and readiness over real HTTP (decision 0013): an
 * unwritable attachments folder, a full disk and a read-only database answer
 * 503 with no code, path or SQL; /healthz says so; nothing half-saved.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defaultPolicy } from "@embargo/core";
import { closeDatabase, createProgram, createUser, type Db, openDatabase } from "@embargo/db";
import type { FastifyInstance } from "fastify";
import superjson from "superjson";
import { afterEach, describe, expect, it } from "vitest";
import { buildServer } from "./http.ts";
import { testSealer } from "./secrets/testing.ts";

const SYSTEM = { userId: null, label: "test" };
const PASSWORD = "correct horse battery staple";
const STORE_FAILED = "could not store your report, nothing was saved, try again";
/** What no public answer may carry. */
const LEAKS = /EACCES|ENOSPC|ENOTDIR|EEXIST|SQLITE|errno|syscall|\/tmp\/|attachments\/|INSERT|SELECT|reporter_|_id\b/;

const REPORT = {
  title: "Stored XSS in the profile page",
  description: "The display name is rendered without escaping, so a script runs for every visitor.",
  severity: "high",
  affectedVersions: "2.1",
  stepsToReproduce: "Set the display name to a script tag and open the profile.",
  impact: "Account takeover of every visitor.",
};

interface Server {
  dataDir: string;
  dbFile: string;
  db: Db;
  app: FastifyInstance;
  base: string;
}
let servers: Server[] = [];
let cleanup: (() => void)[] = [];
afterEach(async () => {
  for (const s of servers) {
    await s.app.close();
    closeDatabase(s.db);
  }
  servers = [];
  for (const c of cleanup.reverse()) c();
  cleanup = [];
});

async function seed(dbFile: string) {
  const db = openDatabase(dbFile);
  const p = createProgram(
    db,
    { slug: "voice", name: "Voice", keyPrefix: "VOICE", policy: defaultPolicy() },
    SYSTEM,
    new Date(),
  );
  await createUser(
    db,
    { email: "t@example.com", name: "T", password: PASSWORD, memberships: [{ programId: p.id, role: "triager" }] },
    SYSTEM,
    new Date(),
  );
  closeDatabase(db);
}

async function start(o: { dataDir?: string; readonly?: boolean; log?: string[] } = {}): Promise<Server> {
  const dataDir = o.dataDir ?? mkdtempSync(path.join(tmpdir(), "embargo-faults-"));
  if (!o.dataDir) cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const dbFile = path.join(dataDir, "embargo.db");
  await seed(dbFile);
  const db = o.readonly ? openDatabase(dbFile, { readonly: true, migrate: false }) : openDatabase(dbFile);
  const app = await buildServer({
    db,
    logLevel: o.log ? "info" : "silent",
    ...(o.log ? { logStream: { write: (line: string) => void o.log!.push(line) } } : {}),
    intake: {
      db,
      dataDir,
      publicUrl: "http://127.0.0.1:3000",
      sealer: testSealer,
      limits: { maxBytes: 4 * 1024 * 1024, maxFiles: 5 },
      now: () => new Date(),
    },
  });
  const base = await app.listen({ port: 0, host: "127.0.0.1" });
  const s = { dataDir, dbFile, db, app, base };
  servers.push(s);
  return s;
}

function submit(s: Server, files: { name: string; bytes: Buffer }[] = []) {
  const form = new FormData();
  form.set("report", JSON.stringify(REPORT));
  for (const f of files) form.append("attachments", new Blob([new Uint8Array(f.bytes)]), f.name);
  return fetch(`${s.base}/api/public/programs/voice/reports`, { method: "POST", body: form });
}

const reportCount = (s: Server) => s.db.$client.prepare("SELECT count(*) FROM reports").pluck().get() as number;
const health = async (s: Server) => {
  const res = await fetch(`${s.base}/healthz`);
  return { status: res.status, body: (await res.json()) as { ok: boolean; reason?: string } };
};

async function expectStoreFailed(res: Response) {
  const text = await res.text();
  expect(res.status, text).toBe(503);
  expect(JSON.parse(text)).toEqual({ error: STORE_FAILED, message: STORE_FAILED });
  expect(text).not.toMatch(LEAKS);
}

describe("an attachments folder that cannot be written", () => {
  it("answers 503 'could not store your report' with no code or path, saves nothing, and /healthz fails", async () => {
    const log: string[] = [];
    const s = await start({ log });
    expect(await health(s)).toEqual({ status: 200, body: { ok: true } });
    // chmod 000 does not stop root (tests may run as root): a file where the folder should be stops everyone.
    writeFileSync(path.join(s.dataDir, "attachments"), "not a folder");
    await expectStoreFailed(await submit(s, [{ name: "poc.txt", bytes: Buffer.from("proof of concept") }]));
    expect(reportCount(s)).toBe(0);
    // The operator's log has the cause and the path; never the report.
    const failed = log.map((l) => JSON.parse(l)).find((l) => l.msg === "storage failed");
    expect(failed).toMatchObject({
      route: "POST /api/public/programs/:slug/reports",
      err: { code: expect.stringMatching(/^(ENOTDIR|EEXIST)$/), cause: expect.stringContaining("attachments") },
    });
    expect(log.join("\n")).not.toContain(REPORT.title);
    expect(log.join("\n")).not.toContain("proof of concept");
    // /healthz caches its answer for a second.
    await new Promise((r) => setTimeout(r, 1100));
    expect(await health(s)).toEqual({
      status: 503,
      body: { ok: false, reason: "the attachments folder is not a folder" },
    });
    // A report without files still goes in; so does one with files once the folder is fixed.
    expect((await submit(s)).status).toBe(201);
    rmSync(path.join(s.dataDir, "attachments"));
    expect((await submit(s, [{ name: "poc.txt", bytes: Buffer.from("proof of concept") }])).status).toBe(201);
    expect(reportCount(s)).toBe(2);
  });
});

describe("a read-only database", () => {
  it("fails /healthz with a short reason, and a submission answers 503 without SQLITE_READONLY", async () => {
    const s = await start({ readonly: true });
    expect(await health(s)).toEqual({ status: 503, body: { ok: false, reason: "the database is read-only" } });
    await expectStoreFailed(await submit(s));
  });

  it("a staff procedure's internal error shows a generic message only", async () => {
    const s = await start({ readonly: true });
    const res = await fetch(`${s.base}/api/trpc/auth.signIn`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: s.base },
      body: JSON.stringify(superjson.serialize({ email: "t@example.com", password: PASSWORD })),
    });
    const text = await res.text();
    expect(res.status, text).toBe(500);
    expect(text).toContain("Something went wrong on the server; nothing was changed.");
    expect(text).not.toMatch(LEAKS);
  });
});

describe("an unexpected server error on a public route", () => {
  it("answers 500 with a generic message: no SQL, column names or codes", async () => {
    const s = await start();
    s.db.$client.exec(
      "CREATE TRIGGER boom BEFORE INSERT ON reports BEGIN SELECT RAISE(ABORT, 'reporter_email INSERT failed'); END",
    );
    const res = await submit(s);
    const text = await res.text();
    expect(res.status).toBe(500);
    expect(JSON.parse(text)).toEqual({
      error: "Something went wrong on the server; nothing was changed.",
      message: "Something went wrong on the server; nothing was changed.",
    });
    expect(text).not.toMatch(LEAKS);
    // Client faults keep their message.
    const bad = await fetch(`${s.base}/api/public/programs/voice/reports`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{",
    });
    expect(bad.status).toBe(400);
  });
});

const TMPFS_MAGIC = 0x01021994;

/**
 * A 3 MB tmpfs, mounted by the test itself, when this process may mount one
 * (root in a container that allows it); null otherwise. Checked to really be
 * a tmpfs before anything fills it: filling a real disk would hurt everyone.
 */
function mountSmallDisk(): string | null {
  const dir = mkdtempSync(path.join(tmpdir(), "embargo-full-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=3m,mode=0700", "tmpfs", dir], { stdio: "ignore" });
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
  cleanup.push(() => {
    execFileSync("umount", [dir], { stdio: "ignore" });
    rmSync(dir, { recursive: true, force: true });
  });
  const fs = statfsSync(dir);
  if (fs.type !== TMPFS_MAGIC || fs.blocks * fs.bsize > 4 * 1024 * 1024) throw new Error(`${dir} is not a small tmpfs`);
  return dir;
}

describe("a full disk (tmpfs)", () => {
  it("answers 503 for an attachment and for the database, fails /healthz, and recovers when space is freed", async (ctx) => {
    const disk = mountSmallDisk();
    if (!disk) {
      console.warn(
        "http-faults: cannot mount a tmpfs here; disk full is covered by durable-file.test.ts (injected ENOSPC)",
      );
      ctx.skip();
      return;
    }
    const s = await start({ dataDir: disk });
    expect((await submit(s)).status).toBe(201);
    // Fill the disk to the last byte.
    const filler = path.join(disk, "filler");
    try {
      // Bounded (4 MB) even so: it can fill only the 3 MB tmpfs.
      execFileSync("dd", ["if=/dev/zero", `of=${filler}`, "bs=64k", "count=64"], { stdio: "ignore" });
    } catch {
      // ENOSPC: full
    }
    await expectStoreFailed(await submit(s, [{ name: "big.txt", bytes: Buffer.alloc(200_000, "a") }]));
    await expectStoreFailed(await submit(s));
    await new Promise((r) => setTimeout(r, 1100));
    const h = await health(s);
    expect(h.status).toBe(503);
    expect(h.body.reason).toMatch(/disk is full/);
    rmSync(filler);
    await new Promise((r) => setTimeout(r, 1100));
    expect(await health(s)).toEqual({ status: 200, body: { ok: true } });
    expect((await submit(s, [{ name: "poc.txt", bytes: Buffer.from("proof") }])).status).toBe(201);
    expect(reportCount(s)).toBe(2);
    s.db.$client.pragma("wal_checkpoint(TRUNCATE)");
    expect(s.db.$client.pragma("integrity_check", { simple: true })).toBe("ok");
  });
});
