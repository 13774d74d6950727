/**
 * The public intake over real HTTP: the report form (multipart), attachment
 * checks, the honeypot, rate limiting, the researcher status portal and its
 * secret link, and the log that must never carry that link.
 */
import { randomBytes } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { deflateSync } from "node:zlib";
import { validateAdvisoryDocument } from "@embargo/advisory";
import { createCaller, createContext } from "@embargo/api";
import { defaultPolicy, RESEARCHER_STATE_TEXT, STATUS_LINK_SLOT, toZonedLocal } from "@embargo/core";
import { closeDatabase, createProgram, createUser, type Db, openDatabase, sha256Hex } from "@embargo/db";
import type { FastifyInstance } from "fastify";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer } from "../http.ts";
import { testSealer } from "../secrets/testing.ts";

const SYSTEM = { userId: null, label: "test" };
// biome-ignore lint/suspicious/noExplicitAny: parsed JSON bodies and SQLite rows, checked field by field
type Loose = Record<string, any>;
const PASSWORD = "correct horse battery staple";
const PUBLIC_URL = "http://127.0.0.1:3000";
const MAX_BYTES = 64 * 1024;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CVSS_HIGH = "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:N";

const STAFF = {
  triager: { email: "tess@voice.test", name: "Tess Triager" },
  leadership: { email: "lena@voice.test", name: "Lena Leadership" },
  edgeTriager: { email: "eddie@edge.test", name: "Eddie Edge" },
} as const;

interface Server {
  dir: string;
  dbFile: string;
  dataDir: string;
  db: Db;
  app: FastifyInstance;
  base: string;
  close(): Promise<void>;
}

async function startServer(
  o: { intakeRateLimit?: number; logLevel?: string; webDist?: boolean } = {},
): Promise<Server> {
  const dir = mkdtempSync(path.join(tmpdir(), "embargo-public-"));
  const dbFile = path.join(dir, "db", "embargo.db");
  const db = openDatabase(dbFile);
  const now = new Date();
  // Voice offers its researcher pages in English and Hindi; Edge only in English (the default).
  const bilingual = defaultPolicy();
  bilingual.languages = ["en", "hi"];
  const voice = createProgram(
    db,
    { slug: "voice", name: "Voice Assistant", keyPrefix: "VOICE", policy: bilingual },
    SYSTEM,
    now,
  );
  const edge = createProgram(
    db,
    { slug: "edge", name: "Edge Router", keyPrefix: "EDGE", policy: defaultPolicy() },
    SYSTEM,
    now,
  );
  await createUser(
    db,
    { ...STAFF.triager, password: PASSWORD, memberships: [{ programId: voice.id, role: "triager" }] },
    SYSTEM,
    now,
  );
  await createUser(
    db,
    { ...STAFF.leadership, password: PASSWORD, memberships: [{ programId: voice.id, role: "leadership" }] },
    SYSTEM,
    now,
  );
  await createUser(
    db,
    { ...STAFF.edgeTriager, password: PASSWORD, memberships: [{ programId: edge.id, role: "triager" }] },
    SYSTEM,
    now,
  );
  const dist = path.join(dir, "dist");
  mkdirSync(dist);
  writeFileSync(path.join(dist, "index.html"), "<!doctype html><title>Embargo SPA</title>");
  const dataDir = path.join(dir, "data");
  const app = await buildServer({
    db,
    logLevel: o.logLevel ?? "silent",
    webDist: o.webDist === false ? path.join(dir, "no-dist") : dist,
    intake: {
      db,
      dataDir,
      publicUrl: PUBLIC_URL,
      sealer: testSealer,
      limits: { maxBytes: MAX_BYTES, maxFiles: 2 },
      now: () => new Date(),
    },
    intakeRateLimit: o.intakeRateLimit ?? 1000,
  });
  const base = await app.listen({ port: 0, host: "127.0.0.1" });
  return {
    dir,
    dbFile,
    dataDir,
    db,
    app,
    base,
    async close() {
      await app.close();
      closeDatabase(db);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ---- small binary inputs -------------------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
/** A real 1x1 RGB PNG: signature, IHDR, IDAT, IEND. */
function tinyPng(rgb: [number, number, number] = [255, 0, 0]): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(1, 0);
  ihdr.writeUInt32BE(1, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(Buffer.from([0, ...rgb]))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}
/** The start of a 64-bit Linux ELF executable. */
const ELF = Buffer.concat([
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]),
  Buffer.alloc(8),
  Buffer.from([0x02, 0x00, 0x3e, 0x00, 0x01, 0x00, 0x00, 0x00]),
  Buffer.alloc(100, 0x41),
]);
/** Bytes no detector recognises, with NUL bytes and invalid UTF-8, so not text either. */
const RANDOM_BINARY = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 151 + 0xde) & 0xff));

// ---- helpers ----------------------------------------------------------------

const validReport = (over: Record<string, unknown> = {}) => ({
  title: "Wake word bypass lets anyone unlock the assistant",
  description: "Replaying a recorded wake word unlocks the device without voice match.",
  stepsToReproduce: "1. Record the owner's wake word\n2. Replay it from a speaker\n3. Device unlocks",
  impact: "An attacker in earshot can read the owner's messages.",
  affectedVersions: "firmware 4.2.0 - 4.2.7",
  reporter: { name: "Rita Reporter", email: "rita@researcher.test" },
  ...over,
});

interface Upload {
  name: string;
  bytes: Buffer;
  type?: string;
}

async function submit(base: string, slug: string, report: unknown, files: Upload[] = [], nonce?: string) {
  const fd = new FormData();
  if (report !== undefined) fd.append("report", typeof report === "string" ? report : JSON.stringify(report));
  for (const f of files) fd.append("attachments", new Blob([f.bytes], { type: f.type ?? "image/png" }), f.name);
  const res = await fetch(`${base}/api/public/programs/${slug}/reports`, {
    method: "POST",
    body: fd,
    ...(nonce ? { headers: { "Idempotency-Key": nonce } } : {}),
  });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) as Loose, headers: res.headers };
}

const count = (db: Db, table: string) =>
  (db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

function counts(db: Db) {
  return {
    reports: count(db, "reports"),
    attachments: count(db, "attachments"),
    messages: count(db, "messages"),
    outbox: count(db, "outbox"),
    researchers: count(db, "researchers"),
  };
}

/** Every file under dir (relative paths), including hidden temporary files. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import("node:fs").Dirent[])
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)))
    .sort();
}

async function signIn(base: string, email: string): Promise<string> {
  const res = await fetch(`${base}/api/trpc/auth.signIn`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify(superjson.serialize({ email, password: PASSWORD })),
  });
  expect(res.status).toBe(200);
  const cookie = res.headers.get("set-cookie") ?? "";
  const m = /embargo_session=([^;]+)/.exec(cookie);
  expect(m).not.toBeNull();
  return m![1]!;
}

async function staffCaller(s: Server, email: string) {
  const sessionToken = await signIn(s.base, email);
  return createCaller(createContext({ db: s.db, sessionToken }));
}

const tokenOf = (statusPath: string) => {
  const m = /^\/status\/([A-Za-z0-9_-]+)$/.exec(statusPath);
  expect(m, statusPath).not.toBeNull();
  return m![1]!;
};

/** Every (table, column) holding `needle` anywhere in its text. */
function columnsContaining(db: Db, needle: string): string[] {
  const c = db.$client;
  const tables = c.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
  const hits: string[] = [];
  for (const t of tables) {
    const cols = c.prepare(`PRAGMA table_info("${t}")`).all() as { name: string }[];
    for (const col of cols) {
      const n = (
        c.prepare(`SELECT count(*) AS n FROM "${t}" WHERE instr(CAST("${col.name}" AS TEXT), ?) > 0`).get(needle) as {
          n: number;
        }
      ).n;
      if (n > 0) hits.push(`${t}.${col.name}`);
    }
  }
  return hits;
}

/** The raw bytes of the SQLite file and its WAL, searched for `needle`. */
function onDisk(dbFile: string, needle: string): boolean {
  return [dbFile, `${dbFile}-wal`, `${dbFile}-journal`]
    .filter((f) => existsSync(f))
    .some((f) => readFileSync(f).includes(Buffer.from(needle)));
}

// ---- tests -------------------------------------------------------------------

let s: Server;
beforeAll(async () => {
  s = await startServer();
});
afterAll(async () => {
  await s.close();
});

describe("public report form", () => {
  it("accepts a complete report with a PNG: receipt, stored file, hashed status token, receipt email", async () => {
    const png = tinyPng();
    const before = Date.now();
    const res = await submit(s.base, "voice", validReport(), [{ name: "screenshot.png", bytes: png }]);
    expect(res.status, res.text).toBe(201);
    expect(res.body.key).toBe("VOICE-1");
    const token = tokenOf(res.body.statusPath);
    // At least 128 bits: 22 base64url characters.
    expect(token.length).toBeGreaterThanOrEqual(22);
    expect(res.body.statusUrl).toBe(`${PUBLIC_URL}/status/${token}`);

    const row = s.db.$client.prepare("SELECT * FROM reports WHERE key = 'VOICE-1'").get() as Loose;
    expect(row).toBeDefined();
    expect(row.channel).toBe("web");
    expect(row.state).toBe("new");
    expect(row.title).toBe(validReport().title);
    expect(row.affected_versions).toBe("firmware 4.2.0 - 4.2.7");
    expect(row.received_at).toBeGreaterThanOrEqual(before - 1000);
    // Default policy: acknowledge within 24 hours of receipt.
    const promised = new Date(res.body.nextPromisedAt).getTime();
    expect(Math.abs(promised - (row.received_at + 24 * HOUR))).toBeLessThanOrEqual(1000);

    // Only the SHA-256 of the token is kept on the report.
    expect(row.status_token_hash).toBe(sha256Hex(token));
    expect(row.status_token_hash).not.toContain(token);

    // The attachment: content type judged from the bytes, named by its hash on disk.
    const files = s.db.$client.prepare("SELECT * FROM attachments WHERE report_id = ?").all(row.id) as Loose[];
    expect(files).toHaveLength(1);
    expect(files[0]!.content_type).toBe("image/png");
    expect(files[0]!.sha256).toBe(sha256Hex(png));
    expect(files[0]!.size).toBe(png.length);
    expect(files[0]!.filename).toBe("screenshot.png");
    expect(files[0]!.uploaded_by).toBe("reporter");
    const onDiskPath = path.join(s.dataDir, "attachments", sha256Hex(png).slice(0, 2), sha256Hex(png));
    expect(readFileSync(onDiskPath).equals(png)).toBe(true);
    // No temporary file is left behind.
    expect(filesUnder(path.join(s.dataDir, "attachments"))).toEqual([
      path.join(sha256Hex(png).slice(0, 2), sha256Hex(png)),
    ]);

    // The receipt email to the reporter carries the status link.
    const mail = s.db.$client
      .prepare("SELECT * FROM outbox WHERE channel = 'email' AND report_id = ? AND event = 'report.receipt'")
      .all(row.id) as Loose[];
    expect(mail).toHaveLength(1);
    expect(mail[0]!.target).toBe("rita@researcher.test");
    expect(mail[0]!.status).toBe("pending");
    const payload = JSON.parse(mail[0]!.payload_json) as {
      subject: string;
      text: string;
      sealed: { statusUrl: string };
    };
    expect(payload.subject).toContain("VOICE-1");
    // The queued email holds the link only sealed with the installation key, opened to send.
    expect(payload.text).toContain(STATUS_LINK_SLOT);
    expect(testSealer.open(payload.sealed.statusUrl)).toBe(`${PUBLIC_URL}/status/${token}`);
    // The report keeps it sealed too, for every later email to the reporter (decision 0015).
    expect(testSealer.open(row.status_link_sealed as string)).toBe(`${PUBLIC_URL}/status/${token}`);

    // The raw token lives nowhere at rest: no column, not the database file, its WAL, or any file in the data folder.
    expect(columnsContaining(s.db, token)).toEqual([]);
    expect(onDisk(s.dbFile, token)).toBe(false);
    for (const f of filesUnder(s.dir)) {
      expect(readFileSync(path.join(s.dir, f)).includes(Buffer.from(token)), f).toBe(false);
    }
  });

  it("creates the database and its WAL readable by the server's user only", () => {
    for (const f of [s.dbFile, `${s.dbFile}-wal`]) expect(statSync(f).mode & 0o777, f).toBe(0o600);
    expect(statSync(path.dirname(s.dbFile)).mode & 0o077).toBe(0);
  });

  it("never writes the raw status token into the SQLite files (report without an email address)", async () => {
    const res = await submit(s.base, "voice", validReport({ reporter: { handle: "quiet-one" } }));
    expect(res.status, res.text).toBe(201);
    const token = tokenOf(res.body.statusPath);
    // No receipt email can be sent, so nothing should hold the link.
    expect(columnsContaining(s.db, token)).toEqual([]);
    const hash = sha256Hex(token);
    expect(onDisk(s.dbFile, hash)).toBe(true); // sanity: the search sees committed data
    expect(onDisk(s.dbFile, token)).toBe(false);
  });

  it("the form's nonce: sending again after a lost answer gives the first receipt and stores the files once", async () => {
    const nonce = `form-${crypto.randomUUID()}`;
    const files = [{ name: "proof.png", bytes: tinyPng() }];
    const report = validReport({ title: "Sent twice over a flaky connection" });
    const first = await submit(s.base, "voice", report, files, nonce);
    expect(first.status, first.text).toBe(201);
    const reports = count(s.db, "reports");
    const stored = count(s.db, "attachments");
    const again = await submit(s.base, "voice", report, files, nonce);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(count(s.db, "reports")).toBe(reports);
    expect(count(s.db, "attachments")).toBe(stored);
    // A different attachment is a different report: refused, nothing saved.
    const other = await submit(
      s.base,
      "voice",
      report,
      [{ name: "proof.png", bytes: Buffer.concat([tinyPng(), Buffer.from([0])]) }],
      nonce,
    );
    expect(other.status).toBe(409);
    expect(count(s.db, "reports")).toBe(reports);
  });

  it("refuses missing required fields with a field error for each, and creates nothing", async () => {
    const before = counts(s.db);
    const res = await submit(s.base, "voice", { reporter: { email: "x@researcher.test" } });
    expect(res.status).toBe(400);
    const fe = res.body.fieldErrors as Record<string, string>;
    for (const f of ["title", "description", "stepsToReproduce", "impact", "affectedVersions"]) {
      expect(fe[f], f).toBeTruthy();
    }
    expect(fe.title).toMatch(/required/i);
    // Whitespace-only is missing too.
    const blank = await submit(s.base, "voice", validReport({ impact: "   ", affectedVersions: "\n" }));
    expect(blank.status).toBe(400);
    expect(Object.keys(blank.body.fieldErrors).sort()).toEqual(["affectedVersions", "impact"]);
    expect(counts(s.db)).toEqual(before);
  });

  it("refuses a report field that is not JSON, and a body that is not multipart", async () => {
    const before = counts(s.db);
    const res = await submit(s.base, "voice", "{not json");
    expect(res.status).toBe(400);
    expect(res.body.fieldErrors.report).toMatch(/JSON/);
    const json = await fetch(`${s.base}/api/public/programs/voice/reports`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(validReport()),
    });
    expect(json.status).toBe(400);
    expect(counts(s.db)).toEqual(before);
  });

  it("refuses a filled honeypot and creates nothing", async () => {
    const before = counts(s.db);
    const files = filesUnder(s.dataDir);
    const res = await submit(s.base, "voice", validReport({ website: "http://cheap-pills.example" }), [
      { name: "bot.png", bytes: tinyPng([1, 2, 3]) },
    ]);
    expect(res.status).toBe(400);
    expect(res.body.fieldErrors.website).toBeTruthy();
    expect(counts(s.db)).toEqual(before);
    expect(filesUnder(s.dataDir)).toEqual(files);
  });

  it("answers 404 for an unknown program and stores nothing", async () => {
    const before = counts(s.db);
    const files = filesUnder(s.dataDir);
    const res = await submit(s.base, "no-such-program", validReport(), [{ name: "x.png", bytes: tinyPng([9, 9, 9]) }]);
    expect(res.status).toBe(404);
    expect(res.body.error).toBeTruthy();
    expect((await fetch(`${s.base}/api/public/programs/no-such-program`)).status).toBe(404);
    expect(counts(s.db)).toEqual(before);
    expect(filesUnder(s.dataDir)).toEqual(files);
  });

  it("describes the program's form: name and attachment limits, no internal policy", async () => {
    const res = await fetch(`${s.base}/api/public/programs/voice`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Loose;
    expect(body).toMatchObject({
      slug: "voice",
      name: "Voice Assistant",
      limits: { maxFiles: 2, maxBytes: MAX_BYTES },
    });
    expect(JSON.stringify(body)).not.toContain("contacts");
  });
});

describe("public report form: attachments", () => {
  /** Submit and expect a 400 naming `attachments`, with nothing created and no file written. */
  async function expectRefused(files: Upload[], message: RegExp) {
    const before = counts(s.db);
    const stored = filesUnder(s.dataDir);
    const res = await submit(s.base, "voice", validReport(), files);
    expect(res.status, res.text).toBe(400);
    expect(res.body.fieldErrors?.attachments, res.text).toMatch(message);
    expect(counts(s.db)).toEqual(before);
    expect(filesUnder(s.dataDir)).toEqual(stored);
    return res;
  }

  it("refuses a file over the size limit", async () => {
    const big = Buffer.concat([tinyPng([4, 4, 4]), Buffer.alloc(MAX_BYTES, 0x20)]);
    await expectRefused([{ name: "huge.png", bytes: big }], /larger|too large|limit/i);
  });

  it("accepts a file of exactly the size limit", async () => {
    const exact = Buffer.alloc(MAX_BYTES, "a");
    const res = await submit(s.base, "voice", validReport(), [{ name: "exact.txt", bytes: exact, type: "text/plain" }]);
    expect(res.status, res.text).toBe(201);
    const row = s.db.$client
      .prepare("SELECT size, content_type FROM attachments WHERE sha256 = ?")
      .get(sha256Hex(exact));
    expect(row).toEqual({ size: MAX_BYTES, content_type: "text/plain" });
  });

  it("refuses more files than the limit", async () => {
    await expectRefused(
      [
        { name: "a.png", bytes: tinyPng([10, 0, 0]) },
        { name: "b.png", bytes: tinyPng([20, 0, 0]) },
        { name: "c.png", bytes: tinyPng([30, 0, 0]) },
      ],
      /at most 2/i,
    );
  });

  it("refuses an executable named .png (type by content, not name)", async () => {
    const res = await expectRefused([{ name: "shot.png", bytes: ELF }], /not accepted/);
    expect(res.body.fieldErrors.attachments).toContain("shot.png");
  });

  it("refuses a Windows executable named .png", async () => {
    const mz = Buffer.concat([Buffer.from("MZ"), Buffer.alloc(62), Buffer.from("PE\0\0"), Buffer.alloc(64, 1)]);
    await expectRefused([{ name: "cute-cat.png", bytes: mz }], /not accepted/);
  });

  it("refuses unrecognised binary named .png", async () => {
    await expectRefused([{ name: "noise.png", bytes: RANDOM_BINARY }], /not accepted/);
  });

  it("refuses the whole upload when one of two files is bad, writing neither", async () => {
    const good = tinyPng([77, 77, 77]);
    await expectRefused(
      [
        { name: "good.png", bytes: good },
        { name: "bad.png", bytes: ELF },
      ],
      /bad\.png.*not accepted/,
    );
    expect(existsSync(path.join(s.dataDir, "attachments", sha256Hex(good).slice(0, 2), sha256Hex(good)))).toBe(false);
  });

  it("accepts plain text named poc.exe as text/plain", async () => {
    const text = Buffer.from("curl -X POST http://device.local/unlock --data 'replay=1'\n");
    const res = await submit(s.base, "voice", validReport(), [
      { name: "poc.exe", bytes: text, type: "application/x-msdownload" },
    ]);
    expect(res.status, res.text).toBe(201);
    const row = s.db.$client
      .prepare("SELECT a.* FROM attachments a JOIN reports r ON r.id = a.report_id WHERE r.key = ?")
      .get(res.body.key) as Loose;
    expect(row.content_type).toBe("text/plain");
    // Served with an extension that matches what it is; the sent name is kept as data.
    expect(row.filename).toBe("poc.exe.txt");
    expect(row.original_filename).toBe("poc.exe");
    expect(row.sha256).toBe(sha256Hex(text));
  });

  it("strips bidirectional and control characters from names and gives each file its type's extension", async () => {
    const res = await submit(s.base, "voice", validReport(), [
      // Reads "evilexe.png" on screen: a right-to-left override hides ".exe" at the end.
      { name: "evil\u202Egnp.exe", bytes: tinyPng([9, 9, 9]) },
      { name: "payload.html", bytes: Buffer.from("<script>alert(1)</script>\n"), type: "text/html" },
    ]);
    expect(res.status, res.text).toBe(201);
    const rows = s.db.$client
      .prepare("SELECT a.* FROM attachments a JOIN reports r ON r.id = a.report_id WHERE r.key = ? ORDER BY a.id")
      .all(res.body.key) as Loose[];
    expect(rows.map((r) => r.filename)).toEqual(["evilgnp.exe.png", "payload.html.txt"]);
    expect(rows.map((r) => r.content_type)).toEqual(["image/png", "text/plain"]);
    expect(rows[0]!.original_filename).toBe("evil\u202Egnp.exe");

    // Staff see the sent name with the override revealed, not applied.
    const token = await signIn(s.base, STAFF.triager.email);
    const caller = createCaller(createContext({ db: s.db, sessionToken: token }));
    const detail = await caller.reports.byKey({ key: res.body.key as string });
    expect(detail.attachments.map((a) => [a.filename, a.originalFilename])).toEqual([
      ["evilgnp.exe.png", "evil<U+202E>gnp.exe"],
      ["payload.html.txt", "payload.html"],
    ]);
  });

  it("keeps only the base name of a path-like file name and a UTF-8 name intact", async () => {
    const bytes = Buffer.from("traversal attempt\n");
    const res = await submit(s.base, "voice", validReport(), [
      { name: "../../../etc/passwd.txt", bytes, type: "text/plain" },
      { name: "Überprüfung-スクショ.png", bytes: tinyPng([5, 6, 7]) },
    ]);
    expect(res.status, res.text).toBe(201);
    const names = s.db.$client
      .prepare(
        "SELECT a.filename FROM attachments a JOIN reports r ON r.id = a.report_id WHERE r.key = ? ORDER BY a.id",
      )
      .pluck()
      .all(res.body.key);
    expect(names).toEqual(["passwd.txt", "Überprüfung-スクショ.png"]);
  });
});

describe("status portal", () => {
  let token: string;
  let key: string;
  const NOTE = "INTERNAL-ONLY: probably the same root cause as VOICE-0, do not tell the reporter";
  const TO_REPORTER = "Thanks! Which speaker model did you replay the wake word from?";

  beforeAll(async () => {
    const res = await submit(s.base, "voice", validReport({ title: "Voice match skipped on replay" }));
    expect(res.status, res.text).toBe(201);
    token = tokenOf(res.body.statusPath);
    key = res.body.key;
    const triager = await staffCaller(s, STAFF.triager.email);
    await triager.reports.addMessage({ key, kind: "internal", body: NOTE });
    await triager.reports.addMessage({ key, kind: "to_reporter", body: TO_REPORTER });
  });

  it("shows state, title, the next promise and the reporter-facing thread, never internal notes or staff", async () => {
    const res = await fetch(`${s.base}/api/public/status/${token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const text = await res.text();
    const body = JSON.parse(text) as Loose;
    expect(body.key).toBe(key);
    expect(body.title).toBe("Voice match skipped on replay");
    expect(body.state).toBe("new");
    expect(body.stateText).toBe(RESEARCHER_STATE_TEXT.new);
    expect(body.nextPromise?.clock).toBe("acknowledge");
    const received = new Date(body.receivedAt).getTime();
    expect(Math.abs(new Date(body.nextPromise.due).getTime() - (received + 24 * HOUR))).toBeLessThanOrEqual(1000);
    expect(body.messages.map((m: { kind: string; body: string }) => [m.kind, m.body])).toEqual([
      ["to_reporter", TO_REPORTER],
    ]);
    expect(text).not.toContain("INTERNAL-ONLY");
    for (const u of Object.values(STAFF)) {
      expect(text).not.toContain(u.name);
      expect(text).not.toContain(u.email);
    }
    expect(text).not.toContain("statusTokenHash");
    expect(text).not.toContain(sha256Hex(token));
    expect(text).not.toContain("authorUserId");
  });

  it("takes a reply with an attachment, which staff then see on the report", async () => {
    const poc = Buffer.from("import replay\nreplay.play('wake.wav')\n");
    const fd = new FormData();
    fd.append("body", "A cheap Bluetooth speaker, model BT-100.");
    fd.append("attachments", new Blob([poc], { type: "text/x-python" }), "replay.py");
    const res = await fetch(`${s.base}/api/public/status/${token}/messages`, { method: "POST", body: fd });
    expect(res.status, await res.clone().text()).toBe(201);
    const { id } = (await res.json()) as { id: number };

    const triager = await staffCaller(s, STAFF.triager.email);
    const detail = await triager.reports.byKey({ key });
    const mine = detail.messages.find((m) => m.id === id);
    expect(mine?.kind).toBe("from_reporter");
    expect(mine?.body).toBe("A cheap Bluetooth speaker, model BT-100.");
    // Text is served as .txt whatever it was called; the sent name stays beside it.
    const file = detail.attachments.find((a) => a.filename === "replay.py.txt");
    expect(file?.originalFilename).toBe("replay.py");
    expect(file).toMatchObject({ contentType: "text/plain", size: poc.length, uploadedBy: "reporter", messageId: id });

    // The reporter sees their own reply and file on the portal.
    const view = (await (await fetch(`${s.base}/api/public/status/${token}`)).json()) as Loose;
    expect(view.messages.map((m: { kind: string }) => m.kind)).toEqual(["to_reporter", "from_reporter"]);
    expect(view.attachments.map((a: { filename: string }) => a.filename)).toContain("replay.py.txt");
  });

  it("refuses an empty reply and a reply with a refused file, creating nothing", async () => {
    const before = counts(s.db);
    const files = filesUnder(s.dataDir);
    const empty = new FormData();
    empty.append("body", "   ");
    const r1 = await fetch(`${s.base}/api/public/status/${token}/messages`, { method: "POST", body: empty });
    expect(r1.status).toBe(400);
    expect(((await r1.json()) as { fieldErrors: Record<string, string> }).fieldErrors.body).toBeTruthy();
    const bad = new FormData();
    bad.append("body", "here is the exploit binary");
    bad.append("attachments", new Blob([ELF]), "exploit.png");
    const r2 = await fetch(`${s.base}/api/public/status/${token}/messages`, { method: "POST", body: bad });
    expect(r2.status).toBe(400);
    expect(((await r2.json()) as { fieldErrors: Record<string, string> }).fieldErrors.attachments).toMatch(
      /not accepted/,
    );
    expect(counts(s.db)).toEqual(before);
    expect(filesUnder(s.dataDir)).toEqual(files);
  });

  it("records the credit preference, and refuses an invalid one", async () => {
    const res = await fetch(`${s.base}/api/public/status/${token}/credit`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ creditAs: "handle", consent: "accepted", handle: "h4x" }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const row = s.db.$client
      .prepare(
        "SELECT r.credit_as, r.credit_consent, x.handle FROM reports r LEFT JOIN researchers x ON x.id = r.researcher_id WHERE r.key = ?",
      )
      .get(key);
    expect(row).toEqual({ credit_as: "handle", credit_consent: "accepted", handle: "h4x" });
    const view = (await (await fetch(`${s.base}/api/public/status/${token}`)).json()) as Loose;
    expect(view.credit).toMatchObject({ creditAs: "handle", consent: "accepted", handle: "h4x" });

    const invalid = await fetch(`${s.base}/api/public/status/${token}/credit`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ creditAs: "full-legal-name", consent: "accepted" }),
    });
    expect(invalid.status).toBe(400);
    const err = (await invalid.json()) as { fieldErrors: Record<string, string> };
    expect(err.fieldErrors.creditAs).toBeTruthy();
    // Unchanged by the refused request.
    expect(s.db.$client.prepare("SELECT credit_as, credit_consent FROM reports WHERE key = ?").get(key)).toEqual({
      credit_as: "handle",
      credit_consent: "accepted",
    });
  });

  it("keeps the link out of Referer headers: the status page is served with no-referrer", async () => {
    const res = await fetch(`${s.base}/status/${token}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Embargo SPA");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
  });

  it("does not let someone who types another researcher's email read or change that researcher's identity", async () => {
    const victim = await submit(
      s.base,
      "voice",
      validReport({ reporter: { name: "Victoria Victim", handle: "vicky", email: "victim@researcher.test" } }),
    );
    expect(victim.status, victim.text).toBe(201);
    // A stranger submits with the victim's address (nothing verifies it) and no name of their own.
    const stranger = await submit(s.base, "voice", validReport({ reporter: { email: "victim@researcher.test" } }));
    expect(stranger.status, stranger.text).toBe(201);
    const strangerToken = tokenOf(stranger.body.statusPath);

    const view = await (await fetch(`${s.base}/api/public/status/${strangerToken}`)).text();
    // Regression test (fixed).
    expect.soft(view).not.toContain("Victoria Victim");
    expect.soft(view).not.toContain("vicky");

    const put = await fetch(`${s.base}/api/public/status/${strangerToken}/credit`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ creditAs: "name", consent: "accepted", name: "Mallory", handle: "mal" }),
    });
    expect(put.status).toBe(200);
    // Regression test (fixed).
    const victimCredit = s.db.$client
      .prepare("SELECT x.name, x.handle FROM reports r JOIN researchers x ON x.id = r.researcher_id WHERE r.key = ?")
      .get(victim.body.key);
    expect.soft(victimCredit).toEqual({ name: "Victoria Victim", handle: "vicky" });
  });

  it("reveals nothing for a wrong, malformed or missing token: one identical 404", async () => {
    const changed = token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
    const bad = [
      randomBytes(24).toString("base64url"), // well-formed, unknown
      "abc", // too short
      encodeURIComponent(`${"a".repeat(30)}!$.`), // bad characters
      "A".repeat(101), // too long
      changed, // the real token, one character off
      sha256Hex(token), // the stored hash is not a key either
    ];
    const reference = await fetch(`${s.base}/api/public/status/${bad[0]}`);
    expect(reference.status).toBe(404);
    const refBody = await reference.text();
    expect(refBody).not.toContain(key);

    const before = counts(s.db);
    const credit = s.db.$client.prepare("SELECT credit_as, credit_consent, updated_at FROM reports").all();
    for (const t of bad) {
      const get = await fetch(`${s.base}/api/public/status/${t}`);
      expect(get.status, t).toBe(404);
      expect(await get.text(), t).toBe(refBody);

      const fd = new FormData();
      fd.append("body", "a reply that must go nowhere");
      fd.append("attachments", new Blob([Buffer.from("nowhere\n")]), "n.txt");
      const post = await fetch(`${s.base}/api/public/status/${t}/messages`, { method: "POST", body: fd });
      expect(post.status, t).toBe(404);
      expect(await post.text(), t).toBe(refBody);

      const put = await fetch(`${s.base}/api/public/status/${t}/credit`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ creditAs: "anonymous", consent: "declined" }),
      });
      expect(put.status, t).toBe(404);
      expect(await put.text(), t).toBe(refBody);
    }
    // Missing token entirely: no status route matches, and nothing is revealed.
    const none = await fetch(`${s.base}/api/public/status/`);
    expect(none.status).toBe(404);
    expect(await none.text()).not.toContain(key);

    expect(counts(s.db)).toEqual(before);
    expect(s.db.$client.prepare("SELECT credit_as, credit_consent, updated_at FROM reports").all()).toEqual(credit);
  });
});

describe("disclosure from the status page", () => {
  const ZONE = "Asia/Kolkata";
  const inDays = (days: number) => toZonedLocal(new Date(Date.now() + days * DAY), ZONE);

  /** A report the triager has triaged and proposed a date for, with the reporter's status token. */
  async function proposedReport(title: string) {
    const res = await submit(s.base, "voice", validReport({ title }));
    expect(res.status, res.text).toBe(201);
    const key = res.body.key as string;
    const triager = await staffCaller(s, STAFF.triager.email);
    await triager.reports.setCvss({ key, vector: CVSS_HIGH });
    await triager.reports.transition({ key, action: "acknowledge" });
    await triager.reports.transition({ key, action: "triage" });
    await triager.disclosure.setTarget({ key, targetAt: inDays(60), timeZone: ZONE });
    return { key, token: tokenOf(res.body.statusPath), triager };
  }
  const status = async (token: string) => (await (await fetch(`${s.base}/api/public/status/${token}`)).json()) as Loose;
  const post = async (token: string, action: string, body?: unknown) => {
    const res = await fetch(`${s.base}/api/public/status/${token}/disclosure/${action}`, {
      method: "POST",
      ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, text, body: JSON.parse(text) as Loose };
  };
  const rowOf = (key: string) => s.db.$client.prepare("SELECT * FROM reports WHERE key = ?").get(key) as Loose;
  const requestsOf = (key: string) =>
    s.db.$client
      .prepare("SELECT r.* FROM disclosure_requests r JOIN reports p ON p.id = r.report_id WHERE p.key = ?")
      .all(key) as Loose[];

  it("shows the proposed date and lets the reporter accept it: plan agreed, event and audit by the reporter", async () => {
    const { key, token } = await proposedReport("Accept the proposed date");
    const before = await status(token);
    const target = rowOf(key).disclosure_target_at as number;
    expect(before.disclosure).toMatchObject({
      state: "proposed",
      timeZone: ZONE,
      pendingRequest: null,
      canAccept: true,
      canContest: true,
      canRequestExtension: false,
    });
    expect(new Date(before.disclosure.targetAt).getTime()).toBe(target);
    expect(before.fixReleased).toBeNull();

    const res = await post(token, "accept");
    expect(res.status, res.text).toBe(200);
    expect(res.body.state).toBe("agreed");
    const row = rowOf(key);
    expect(row.disclosure_state).toBe("agreed");
    expect(row.disclosure_target_at).toBe(target);
    const event = s.db.$client
      .prepare("SELECT * FROM report_events WHERE report_id = ? AND type = 'disclosure' ORDER BY id DESC LIMIT 1")
      .get(row.id) as Loose;
    expect(event.actor_label).toBe("reporter");
    expect(event.actor_user_id).toBeNull();
    expect(JSON.parse(event.data_json)).toMatchObject({
      action: "agree",
      from: "proposed",
      to: "agreed",
      by: "researcher",
    });
    const audit = s.db.$client
      .prepare("SELECT * FROM audit_log WHERE entity_id = ? ORDER BY id DESC LIMIT 1")
      .get(key) as Loose;
    expect(audit.action).toBe("report.disclosure.agree");

    const after = await status(token);
    expect(after.disclosure).toMatchObject({
      state: "agreed",
      canAccept: false,
      canContest: false,
      canRequestExtension: true,
    });
    // Accepting twice: there is nothing proposed any more.
    const again = await post(token, "accept");
    expect(again.status).toBe(409);
    expect(again.body.error).toMatch(/no proposed disclosure date/i);
  });

  it("refuses another date in the past naming newAt, an unknown zone naming timeZone and no reason, changing nothing", async () => {
    const { key, token } = await proposedReport("Contest refused");
    const before = rowOf(key);
    const past = await post(token, "contest", { newAt: inDays(-3), timeZone: ZONE, reason: "Too soon for the vendor" });
    expect(past.status, past.text).toBe(400);
    expect(Object.keys(past.body.fieldErrors)).toEqual(["newAt"]);
    expect(past.text).not.toContain("stack");
    const zone = await post(token, "contest", { newAt: inDays(90), timeZone: "Mars/Olympus", reason: "Later" });
    expect(zone.status).toBe(400);
    expect(Object.keys(zone.body.fieldErrors)).toEqual(["timeZone"]);
    const reasonless = await post(token, "contest", { newAt: inDays(90), timeZone: ZONE, reason: "  " });
    expect(reasonless.status).toBe(400);
    expect(Object.keys(reasonless.body.fieldErrors)).toEqual(["reason"]);
    const notJson = await post(token, "contest", { newAt: "next Tuesday", timeZone: ZONE, reason: "Later" });
    expect(notJson.status).toBe(400);
    expect(notJson.body.fieldErrors).toHaveProperty("newAt");
    expect(requestsOf(key)).toEqual([]);
    expect(rowOf(key)).toEqual(before);
  });

  it("takes another date for a proposed plan as a request waiting for the team, shown on the status page", async () => {
    const { key, token, triager } = await proposedReport("Contest a proposed date");
    const newAt = inDays(100);
    const res = await post(token, "contest", { newAt, timeZone: ZONE, reason: "The vendor's release train is slower" });
    expect(res.status, res.text).toBe(201);
    const [request] = requestsOf(key);
    expect(request).toMatchObject({ kind: "contest", requested_by: "researcher", state: "pending", time_zone: ZONE });
    expect(toZonedLocal(new Date(request!.new_at), ZONE)).toBe(newAt);
    expect(rowOf(key).disclosure_state).toBe("proposed");
    const view = await status(token);
    expect(view.disclosure).toMatchObject({ state: "proposed", canAccept: true, canContest: false });
    expect(view.disclosure.pendingRequest).toMatchObject({ kind: "contest", timeZone: ZONE });
    expect(new Date(view.disclosure.pendingRequest.newAt).getTime()).toBe(request!.new_at);
    // The team sees it on the report.
    const detail = await triager.reports.byKey({ key });
    expect(detail.disclosure.requests.map((r) => [r.kind, r.state, r.reason])).toEqual([
      ["contest", "pending", "The vendor's release train is slower"],
    ]);
  });

  it("takes an extension of an agreed date once; a second while it waits is 409 and changes nothing", async () => {
    const { key, token } = await proposedReport("Extension requests");
    // An extension needs an agreed date; contesting one does too late.
    const early = await post(token, "extension", { newAt: inDays(120), timeZone: ZONE, reason: "More time" });
    expect(early.status).toBe(409);
    expect((await post(token, "accept")).status).toBe(200);
    const contest = await post(token, "contest", { newAt: inDays(120), timeZone: ZONE, reason: "More time" });
    expect(contest.status).toBe(409);

    const first = await post(token, "extension", {
      newAt: inDays(120),
      timeZone: ZONE,
      reason: "Talk at a conference",
    });
    expect(first.status, first.text).toBe(201);
    expect(first.body.state).toBe("pending");
    expect(rowOf(key)).toMatchObject({ disclosure_state: "agreed", disclosure_request_pending: 1 });
    const view = await status(token);
    expect(view.disclosure).toMatchObject({ canRequestExtension: false, pendingRequest: { kind: "extension" } });

    const before = rowOf(key);
    const second = await post(token, "extension", { newAt: inDays(150), timeZone: ZONE, reason: "Even later" });
    expect(second.status).toBe(409);
    expect(second.body.error).toMatch(/already waiting/);
    expect(requestsOf(key)).toHaveLength(1);
    expect(rowOf(key)).toEqual(before);
  });

  it("answers a wrong token on the disclosure routes with the same 404 as the status page", async () => {
    const wrong = "A".repeat(32);
    const page = await fetch(`${s.base}/api/public/status/${wrong}`);
    const accept = await post(wrong, "accept");
    expect(accept.status).toBe(404);
    expect(accept.text).toBe(await page.text());
  });
});

describe("the researcher's language", () => {
  /** A form submission with the form's `language` field and the browser's Accept-Language header. */
  async function submitIn(slug: string, o: { language?: string; acceptLanguage?: string }) {
    const fd = new FormData();
    fd.append("report", JSON.stringify(validReport()));
    if (o.language !== undefined) fd.append("language", o.language);
    const res = await fetch(`${s.base}/api/public/programs/${slug}/reports`, {
      method: "POST",
      body: fd,
      headers: o.acceptLanguage ? { "accept-language": o.acceptLanguage } : {},
    });
    expect(res.status, await res.clone().text()).toBe(201);
    return (await res.json()) as { key: string; statusPath: string };
  }
  const stored = (key: string) =>
    s.db.$client.prepare("SELECT reporter_language FROM reports WHERE key = ?").pluck().get(key);
  const statusOf = async (token: string) =>
    (await (await fetch(`${s.base}/api/public/status/${token}`)).json()) as { language: string; languages: string[] };
  const choose = (token: string, body: unknown) =>
    fetch(`${s.base}/api/public/status/${token}/language`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  it("lists the program's offered languages with its form, the default first", async () => {
    const voice = (await (await fetch(`${s.base}/api/public/programs/voice`)).json()) as Loose;
    expect(voice.languages).toEqual(["en", "hi"]);
    const edge = (await (await fetch(`${s.base}/api/public/programs/edge`)).json()) as Loose;
    expect(edge.languages).toEqual(["en"]);
    const thanks = (await (await fetch(`${s.base}/api/public/programs/voice/thanks`)).json()) as Loose;
    expect(thanks.program.languages).toEqual(["en", "hi"]);
  });

  it("stores the form's language, else the Accept-Language header's, else the program's first", async () => {
    expect(stored((await submitIn("voice", { language: "hi" })).key)).toBe("hi");
    expect(stored((await submitIn("voice", { acceptLanguage: "hi-IN,hi;q=0.9,en;q=0.8" })).key)).toBe("hi");
    // The form's explicit choice beats the header.
    expect(stored((await submitIn("voice", { language: "en", acceptLanguage: "hi-IN" })).key)).toBe("en");
    // Unsupported by us or by the program: the program's first, never a refusal.
    expect(stored((await submitIn("voice", { language: "fr", acceptLanguage: "de-DE" })).key)).toBe("en");
    expect(stored((await submitIn("edge", { language: "hi", acceptLanguage: "hi-IN" })).key)).toBe("en");
  });

  it("the status page answers with the stored language, and a switch stores the new one, audited", async () => {
    const { key, statusPath } = await submitIn("voice", { language: "hi" });
    const token = tokenOf(statusPath);
    expect(await statusOf(token)).toMatchObject({ language: "hi", languages: ["en", "hi"] });

    const res = await choose(token, { language: "en-GB" });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toEqual({ language: "en" });
    expect(stored(key)).toBe("en");
    expect((await statusOf(token)).language).toBe("en");
    const audit = s.db.$client
      .prepare(
        "SELECT action, actor_label AS actor, data_json AS data FROM audit_log WHERE entity_id = ? ORDER BY id DESC LIMIT 1",
      )
      .get(key) as { action: string; actor: string; data: string };
    expect(audit.action).toBe("report.reporter_language");
    expect(JSON.parse(audit.data)).toEqual({ from: "hi", to: "en" });
  });

  it("refuses a language the program does not offer, or none, naming the field; a wrong token is a 404", async () => {
    const { key, statusPath } = await submitIn("edge", {});
    const token = tokenOf(statusPath);
    for (const body of [{ language: "hi" }, { language: "xx" }, { language: 7 }, {}, null]) {
      const res = await choose(token, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const err = (await res.json()) as { fieldErrors: Record<string, string> };
      expect(err.fieldErrors.language).toBe("Must be one of: en");
    }
    expect(stored(key)).toBe("en");
    expect((await choose("A".repeat(32), { language: "en" })).status).toBe(404);
  });
});

describe("public advisory page", () => {
  const DRAFT = {
    title: "Replayed wake word unlocks the assistant",
    summary: "A recorded wake word replayed from a speaker unlocks the assistant without a voice match.",
    details: "The voice match step is skipped when <script>alert(1)</script> the audio is replayed.",
    workaround: "Turn on the PIN for unlocking.",
    affected: [
      {
        vendor: "Voice Assistant",
        product: "Voice Assistant firmware",
        ecosystem: "npm",
        packageName: "@voice/firmware",
        ranges: [{ introduced: "4.2.0", fixed: "4.2.8", lastAffected: null }],
      },
    ],
    cwes: ["CWE-294"],
    references: [{ url: "https://voice.example/security/fix-428", type: "FIX" as const }],
  };
  let key: string;
  let token: string;

  beforeAll(async () => {
    const res = await submit(s.base, "voice", validReport({ title: "Wake word replay (advisory)" }));
    key = res.body.key;
    token = tokenOf(res.body.statusPath);
    const credit = await fetch(`${s.base}/api/public/status/${token}/credit`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ creditAs: "handle", consent: "accepted", handle: "rita-r" }),
    });
    expect(credit.status).toBe(200);
    // CSAF names the vendor, which a program sets in its settings.
    s.db.$client.prepare("UPDATE programs SET vendor_name = 'Voice Labs' WHERE slug = 'voice'").run();
    const triager = await staffCaller(s, STAFF.triager.email);
    await triager.reports.setCvss({ key, vector: CVSS_HIGH });
    for (const action of ["acknowledge", "triage", "start_fix"] as const) {
      await triager.reports.transition({ key, action });
    }
    await triager.reports.transition({ key, action: "mark_fixed", fixedVersion: "4.2.8" });
    await triager.advisories.save({ key, draft: DRAFT });
  });

  const get = async (p: string) => {
    const res = await fetch(`${s.base}/api/public/advisories/${p}`);
    const text = await res.text();
    return { status: res.status, text, headers: res.headers };
  };

  it("shows nothing of a report not yet disclosed: the same 404 as an unknown or malformed key", async () => {
    const unknown = await get("VOICE-9999");
    expect(unknown.status).toBe(404);
    for (const p of [key, `${key}.csaf.json`, `${key}.cve.json`, `${key.toLowerCase()}`, "..%2Fetc", "VOICE-1.pdf"]) {
      const res = await get(p);
      expect(res.status, p).toBe(404);
      expect(res.text, p).toBe(unknown.text);
    }
    expect(unknown.text).not.toContain(DRAFT.title);
  });

  it("serves a disclosed report's advisory with its credits and exports that validate", async () => {
    const triager = await staffCaller(s, STAFF.triager.email);
    await triager.disclosure.publish({ key, advisoryUrl: null, overrideReason: "Fix shipped, coordinated early" });

    const page = await get(key);
    expect(page.status, page.text).toBe(200);
    const body = JSON.parse(page.text) as Loose;
    expect(body).toMatchObject({
      key,
      title: DRAFT.title,
      summary: DRAFT.summary,
      details: DRAFT.details,
      workaround: DRAFT.workaround,
      cwes: DRAFT.cwes,
      references: DRAFT.references,
      fixedVersion: "4.2.8",
      credits: [{ name: "rita-r" }],
    });
    expect(body.affected[0].ranges).toEqual(DRAFT.affected[0]!.ranges);
    const disclosedAt = new Date(body.disclosedAt).getTime();
    expect(Math.abs(disclosedAt - Date.now())).toBeLessThan(60_000);
    // Nothing about the reporter beyond the credit they chose, nothing about staff.
    expect(page.text).not.toContain("rita@researcher.test");
    expect(page.text).not.toContain("Rita Reporter");
    for (const u of Object.values(STAFF)) expect(page.text).not.toContain(u.email);

    const formats = (body.downloads as { format: string; url: string }[]).map((d) => d.format);
    expect(formats).toContain("csaf");
    expect(formats).toContain("osv");
    // No CVE id was reserved, so there is no CVE record to offer.
    expect(formats).not.toContain("cve");
    expect((await get(`${key}.cve.json`)).status).toBe(404);

    const csafUrl = (body.downloads as { format: string; url: string }[]).find((d) => d.format === "csaf")!.url;
    const csaf = await fetch(`${s.base}${csafUrl}`);
    expect(csaf.status).toBe(200);
    expect(csaf.headers.get("content-type")).toContain("application/json");
    expect(csaf.headers.get("content-disposition")).toMatch(/^attachment; filename="[A-Za-z0-9._-]+\.json"$/);
    const doc = (await csaf.json()) as Loose;
    expect(validateAdvisoryDocument("csaf", doc)).toEqual([]);
    expect(doc.document.title).toBe(DRAFT.title);
    // Read-only: downloading never grows the stored CSAF revision history.
    const revisions = () =>
      (
        s.db.$client
          .prepare("SELECT revisions_json FROM advisories a JOIN reports r ON r.id = a.report_id WHERE r.key = ?")
          .get(key) as Loose
      ).revisions_json;
    const stored = revisions();
    await fetch(`${s.base}${csafUrl}`);
    expect(revisions()).toBe(stored);

    const osv = await fetch(`${s.base}/api/public/advisories/${key}.osv.json`);
    expect(validateAdvisoryDocument("osv", await osv.json())).toEqual([]);

    // The reporter's status page now links the advisory.
    const view = (await (await fetch(`${s.base}/api/public/status/${token}`)).json()) as Loose;
    expect(view.disclosure.state).toBe("published");
    expect(view.disclosure.advisoryUrl).toMatch(new RegExp(`^https?://[^/]+/advisories/${key}$`));
    expect(view.fixReleased).not.toBeNull();
  });
});

describe("rate limit on intake", () => {
  let limited: Server;
  beforeAll(async () => {
    limited = await startServer({ intakeRateLimit: 3 });
  });
  afterAll(async () => {
    await limited.close();
  });

  it("answers the 4th submission from one address with 429 and a clear message", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      // Two valid, one invalid: refused submissions count too.
      const res = await submit(limited.base, "voice", i === 1 ? {} : validReport({ title: `Report number ${i}` }));
      statuses.push(res.status);
    }
    expect(statuses).toEqual([201, 400, 201]);
    const before = counts(limited.db);
    const fourth = await submit(limited.base, "voice", validReport({ title: "One too many" }));
    expect(fourth.status).toBe(429);
    const msg = String(fourth.body.message ?? fourth.body.error ?? "");
    expect(msg).toMatch(/rate limit|too many/i);
    expect(fourth.text).not.toMatch(/at .*\.[jt]s:\d+/);
    expect(counts(limited.db)).toEqual(before);
    // Reading the program is not limited by the submission budget.
    expect((await fetch(`${limited.base}/api/public/programs/voice`)).status).toBe(200);
  });
});

describe("logging", () => {
  /** Capture what the server logs: pino writes to process.stdout when its write is replaced. */
  async function withCapturedLog(webDist: boolean, run: (srv: Server) => Promise<string[]>) {
    const lines: string[] = [];
    const original = process.stdout.write;
    process.stdout.write = ((chunk: string | Uint8Array) => {
      lines.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
      return true;
    }) as typeof process.stdout.write;
    let srv: Server | undefined;
    let tokens: string[] = [];
    try {
      srv = await startServer({ logLevel: "info", webDist });
      tokens = await run(srv);
      await srv.close();
      srv = undefined;
    } finally {
      process.stdout.write = original;
      if (srv) await srv.close();
    }
    return { log: lines.join(""), tokens };
  }

  async function exercise(srv: Server): Promise<string[]> {
    const res = await submit(srv.base, "voice", validReport(), [{ name: "s.png", bytes: tinyPng([3, 1, 4]) }]);
    expect(res.status, res.text).toBe(201);
    const token = tokenOf(res.body.statusPath);
    await fetch(`${srv.base}/api/public/status/${token}?utm=${token}`);
    const fd = new FormData();
    fd.append("body", "log test reply");
    await fetch(`${srv.base}/api/public/status/${token}/messages`, { method: "POST", body: fd });
    await fetch(`${srv.base}/api/public/status/${token}/credit`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: "{ not json",
    });
    // The link as a reporter's browser opens it, and a mistyped path under it.
    await fetch(`${srv.base}/status/${token}`);
    await fetch(`${srv.base}/api/public/status/${token}/nope`);
    // Other spellings that reach the same routes (routing ignores case; paths are decoded).
    await fetch(`${srv.base}/STATUS/${token}`);
    await fetch(`${srv.base}/Status/${token}`);
    await fetch(`${srv.base}/api/public/status//${token}`);
    await fetch(`${srv.base}/status%2F${token}`);
    await fetch(`${srv.base}/%73tatus/${token}`);
    await fetch(`${srv.base}/api/public/STATUS/${token}`);
    const other = randomBytes(24).toString("base64url");
    await fetch(`${srv.base}/api/public/status/${other}`);
    return [token, other];
  }

  it("never logs a status token (dashboard built)", async () => {
    const { log, tokens } = await withCapturedLog(true, exercise);
    // Sanity: the log was captured and shows the redacted route.
    expect(log).toContain("/status/[token]");
    for (const t of tokens) expect(log).not.toContain(t);
  });

  it("never logs a status token (dashboard not built)", async () => {
    const { log, tokens } = await withCapturedLog(false, exercise);
    expect(log).toContain("/status/[token]");
    // Regression test (fixed).
    for (const t of tokens) expect(log).not.toContain(t);
  });
});
