/**
 * Staff download of attachments over real HTTP: sessions only, triagers and
 * admins of the report's program only, always as a download with nosniff,
 * and a file name that cannot break out of its header. And staff upload: the
 * "New report" form's files, checked as the public form's are, stored and
 * committed with the report; every refusal names its field and leaves nothing.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defaultPolicy } from "@embargo/core";
import { closeDatabase, createProgram, createUser, type Db, openDatabase, sha256Hex } from "@embargo/db";
import type { FastifyInstance } from "fastify";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer } from "../http.ts";
import { attachmentPath } from "../intake/attachments.ts";
import { testSealer } from "../secrets/testing.ts";

const SYSTEM = { userId: null, label: "test" };
const PASSWORD = "correct horse battery staple";

let dir: string;
let dataDir: string;
let db: Db;
let app: FastifyInstance;
let base: string;
const cookies = { triager: "", leadership: "", edgeTriager: "", admin: "" };

const POC = Buffer.from("<script>alert(document.cookie)</script>\nGET /admin HTTP/1.1\n");
let pocId: number;
let reportId: number;
let unicodeId: number;

async function signIn(email: string): Promise<string> {
  const res = await fetch(`${base}/api/trpc/auth.signIn`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify(superjson.serialize({ email, password: PASSWORD })),
  });
  expect(res.status).toBe(200);
  const m = /(embargo_session=[^;]+)/.exec(res.headers.get("set-cookie") ?? "");
  expect(m).not.toBeNull();
  return m![1]!;
}

/** Submit a public report with files; returns the attachments rows for it. */
async function submitWith(files: { name: string; bytes: Buffer }[]) {
  const fd = new FormData();
  fd.append(
    "report",
    JSON.stringify({
      title: "Stored XSS in device nickname",
      description: "The nickname is rendered as HTML in the companion app.",
      stepsToReproduce: "Set the nickname to the attached payload.",
      impact: "Session theft.",
      affectedVersions: "companion 2.0",
    }),
  );
  for (const f of files) fd.append("attachments", new Blob([f.bytes]), f.name);
  const res = await fetch(`${base}/api/public/programs/voice/reports`, { method: "POST", body: fd });
  expect(res.status, await res.clone().text()).toBe(201);
  const { key } = (await res.json()) as { key: string };
  return db.$client
    .prepare("SELECT a.* FROM attachments a JOIN reports r ON r.id = a.report_id WHERE r.key = ? ORDER BY a.id")
    .all(key) as { id: number; report_id: number; filename: string; sha256: string }[];
}

/** A row pointing at stored bytes, with a name as hostile as any intake path could ever store. */
function insertAttachment(filename: string, sha: string, size: number): number {
  return Number(
    db.$client
      .prepare(
        "INSERT INTO attachments (report_id, message_id, filename, content_type, size, sha256, uploaded_by, created_at) VALUES (?, NULL, ?, 'text/plain', ?, ?, 'reporter', ?)",
      )
      .run(reportId, filename, size, sha, Date.now()).lastInsertRowid,
  );
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "embargo-attach-"));
  dataDir = path.join(dir, "data");
  db = openDatabase(path.join(dir, "embargo.db"));
  const now = new Date();
  const voice = createProgram(
    db,
    { slug: "voice", name: "Voice Assistant", keyPrefix: "VOICE", policy: defaultPolicy() },
    SYSTEM,
    now,
  );
  const edge = createProgram(
    db,
    { slug: "edge", name: "Edge Router", keyPrefix: "EDGE", policy: defaultPolicy() },
    SYSTEM,
    now,
  );
  const users = [
    ["triager", "tess@voice.test", [{ programId: voice.id, role: "triager" }]],
    ["leadership", "lena@voice.test", [{ programId: voice.id, role: "leadership" }]],
    ["edgeTriager", "eddie@edge.test", [{ programId: edge.id, role: "triager" }]],
    ["admin", "ada@voice.test", [{ programId: voice.id, role: "admin" }]],
  ] as const;
  for (const [name, email, memberships] of users) {
    await createUser(db, { email, name, password: PASSWORD, memberships: [...memberships] }, SYSTEM, now);
  }
  const dist = path.join(dir, "dist");
  mkdirSync(dist);
  writeFileSync(path.join(dist, "index.html"), "<!doctype html><title>Embargo SPA</title>");
  app = await buildServer({
    db,
    logLevel: "silent",
    webDist: dist,
    intake: {
      db,
      dataDir,
      publicUrl: "http://127.0.0.1:3000",
      sealer: testSealer,
      limits: { maxBytes: 64 * 1024, maxFiles: 2 },
      now: () => new Date(),
    },
    intakeRateLimit: 1000,
  });
  base = await app.listen({ port: 0, host: "127.0.0.1" });
  for (const [name, email] of users) cookies[name] = await signIn(email);

  const rows = await submitWith([
    { name: "payload.html.txt", bytes: POC },
    { name: "Überprüfung “final” 漏洞.txt", bytes: Buffer.from("unicode name\n") },
  ]);
  pocId = rows[0]!.id;
  reportId = rows[0]!.report_id;
  unicodeId = rows[1]!.id;
});
afterAll(async () => {
  await app.close();
  closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
});

const download = (id: number | string, cookie?: string) =>
  fetch(`${base}/api/attachments/${id}`, { headers: cookie ? { cookie } : {} });

describe("attachment download", () => {
  it("requires a session", async () => {
    const res = await download(pocId);
    expect(res.status).toBe(401);
    expect(await res.text()).not.toContain("alert");
    expect((await download(pocId, "embargo_session=not-a-real-session-token")).status).toBe(401);
  });

  it("gives a triager of the program the exact bytes, as a download that is never sniffed or rendered", async () => {
    const res = await download(pocId, cookies.triager);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/octet-stream");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="payload\.html\.txt"/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(res.headers.get("content-security-policy")).toContain("sandbox");
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.equals(POC)).toBe(true);
    expect(sha256Hex(bytes)).toBe(sha256Hex(POC));
    // An admin of the program may download too.
    expect((await download(pocId, cookies.admin)).status).toBe(200);
  });

  it("refuses leadership viewers of the program with 403", async () => {
    const res = await download(pocId, cookies.leadership);
    expect(res.status).toBe(403);
    const text = await res.text();
    expect(text).not.toContain("alert");
    expect(res.headers.get("content-disposition")).toBeNull();
  });

  it("answers a triager of another program exactly as for an attachment that does not exist", async () => {
    const other = await download(pocId, cookies.edgeTriager);
    expect(other.status).toBe(404);
    const otherText = await other.text();
    expect(otherText).not.toContain("alert");
    expect(otherText).not.toContain("payload");
    for (const id of [999_999, 0, -1, "abc", "1.5"]) {
      const res = await download(id, cookies.edgeTriager);
      expect(res.status, String(id)).toBe(404);
      expect(await res.text(), String(id)).toBe(otherText);
      const own = await download(id, cookies.triager);
      expect(own.status, String(id)).toBe(404);
    }
  });

  it("puts a UTF-8 name in filename* and only safe ASCII in filename", async () => {
    const res = await download(unicodeId, cookies.triager);
    expect(res.status).toBe(200);
    const cd = res.headers.get("content-disposition") ?? "";
    const ascii = /filename="([^"]*)"/.exec(cd)?.[1];
    expect(ascii).toBeDefined();
    expect(ascii).toMatch(/^[\x20-\x7e]+$/);
    expect(ascii).toContain("final");
    const star = /filename\*=UTF-8''(\S+)/.exec(cd)?.[1];
    expect(decodeURIComponent(star!)).toBe("Überprüfung “final” 漏洞.txt");
  });

  it("cannot be used for header injection by a hostile stored file name", async () => {
    const id = insertAttachment(
      'evil".txt\r\nX-Injected: yes\r\nSet-Cookie: embargo_session=x; ü\\',
      sha256Hex(POC),
      POC.length,
    );
    const res = await download(id, cookies.triager);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-injected")).toBeNull();
    expect(res.headers.get("set-cookie")).toBeNull();
    const cd = res.headers.get("content-disposition") ?? "";
    expect(cd).not.toMatch(/[\r\n]/);
    // Exactly two double quotes: the ones around the ASCII name.
    expect(cd.split('"').length - 1).toBe(2);
    const ascii = /filename="([^"]*)"/.exec(cd)![1]!;
    expect(ascii).not.toContain("\\");
    const star = /filename\*=UTF-8''(\S+)$/.exec(cd)?.[1];
    expect(star).toBeDefined();
    expect(star).not.toMatch(/[";\s]/);
    expect(Buffer.from(await res.arrayBuffer()).equals(POC)).toBe(true);
  });

  it("encodes filename* with RFC 8187 value characters only (no raw ' ( ) *)", async () => {
    const id = insertAttachment("it's (v2)*.txt", sha256Hex(POC), POC.length);
    const res = await download(id, cookies.triager);
    expect(res.status).toBe(200);
    const star = /filename\*=UTF-8''(\S+)$/.exec(res.headers.get("content-disposition") ?? "")?.[1];
    expect(decodeURIComponent(star!)).toBe("it's (v2)*.txt");
    // Regression test (fixed).
    expect(star).toMatch(/^[A-Za-z0-9!#$&+\-.^_`|~%]+$/);
  });

  it("answers 410 when the bytes are gone from the store, without leaking the path", async () => {
    const bytes = Buffer.from("soon to be lost\n");
    const [row] = await submitWith([{ name: "lost.txt", bytes }]);
    unlinkSync(attachmentPath(dataDir, row!.sha256));
    const res = await download(row!.id, cookies.triager);
    expect(res.status).toBe(410);
    const text = await res.text();
    expect(text).not.toContain(dataDir);
    expect(text).not.toContain(row!.sha256);
  });
});

// ---- staff upload: the New report form -------------------------------------------

const REPORT = {
  programSlug: "voice",
  channel: "manual",
  title: "Wake word accepted from a recording",
  description: "A replayed recording of the wake word unlocks the assistant.",
  reporter: { name: "Rosa Researcher", handle: "rosa", email: "rosa@researcher.example" },
};

function post(
  report: unknown,
  files: { name: string; bytes: Buffer }[] = [],
  headers: Record<string, string> = { cookie: cookies.triager, origin: base },
) {
  const fd = new FormData();
  fd.append("report", typeof report === "string" ? report : JSON.stringify(report));
  for (const f of files) fd.append("attachments", new Blob([f.bytes]), f.name);
  return fetch(`${base}/api/staff/reports`, { method: "POST", body: fd, headers });
}

const reportCount = () => (db.$client.prepare("SELECT count(*) AS n FROM reports").get() as { n: number }).n;
const storedFiles = () =>
  existsSync(path.join(dataDir, "attachments"))
    ? readdirSync(path.join(dataDir, "attachments"), { recursive: true }).filter((f) => /[0-9a-f]{64}$/.test(String(f)))
        .length
    : 0;

describe("POST /api/staff/reports", () => {
  it("creates the report with its files (uploaded by staff) and the reporter's credit wishes", async () => {
    const log = Buffer.from("wake word heard at 03:12 from the TV\n");
    const res = await post(
      {
        ...REPORT,
        receivedAt: new Date(Date.now() - 3_600_000).toISOString(),
        credit: { creditAs: "handle", consent: "accepted" },
      },
      [{ name: "session.log", bytes: log }],
    );
    expect(res.status, await res.clone().text()).toBe(201);
    const { key } = (await res.json()) as { key: string };
    expect(key).toMatch(/^VOICE-\d+$/);
    const row = db.$client
      .prepare("SELECT id, channel, credit_as, credit_consent, received_at FROM reports WHERE key = ?")
      .get(key) as { id: number; channel: string; credit_as: string; credit_consent: string; received_at: number };
    expect(row).toMatchObject({ channel: "manual", credit_as: "handle", credit_consent: "accepted" });
    expect(Date.now() - row.received_at).toBeGreaterThan(3_000_000);
    const files = db.$client
      .prepare(
        "SELECT filename, content_type, size, sha256, uploaded_by, message_id FROM attachments WHERE report_id = ?",
      )
      .all(row.id);
    expect(files).toEqual([
      {
        filename: "session.log",
        content_type: "text/plain",
        size: log.length,
        sha256: sha256Hex(log),
        uploaded_by: "staff",
        message_id: null,
      },
    ]);
    expect(existsSync(attachmentPath(dataDir, sha256Hex(log)))).toBe(true);
    const credit = db.$client.prepare("SELECT display, consent FROM credits WHERE report_id = ?").get(row.id) as {
      display: string;
      consent: string;
    };
    expect(credit).toEqual({ display: "handle", consent: "accepted" });
  });

  it("without files or credit it works as before: credit not asked yet", async () => {
    const res = await post(REPORT);
    expect(res.status).toBe(201);
    const { key } = (await res.json()) as { key: string };
    const row = db.$client.prepare("SELECT credit_consent FROM reports WHERE key = ?").get(key);
    expect(row).toEqual({ credit_consent: "pending" });
  });

  it("refuses a file type the intake refuses, naming the file, and creates nothing", async () => {
    const before = reportCount();
    const files = storedFiles();
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(64, 1)]);
    const res = await post(REPORT, [{ name: "exploit", bytes: elf }]);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { fieldErrors: Record<string, string> };
    expect(body.fieldErrors.attachments).toMatch(/^exploit: this type of file is not accepted/);
    expect(reportCount()).toBe(before);
    expect(storedFiles()).toBe(files);
  });

  it("refuses too many files and a file over the size limit", async () => {
    const small = { name: "a.txt", bytes: Buffer.from("a\n") };
    const many = await post(REPORT, [small, { ...small, name: "b.txt" }, { ...small, name: "c.txt" }]);
    expect(many.status).toBe(400);
    expect(((await many.json()) as { fieldErrors: Record<string, string> }).fieldErrors.attachments).toMatch(
      /At most 2 files/,
    );
    const big = await post(REPORT, [{ name: "big.txt", bytes: Buffer.alloc(65 * 1024, 0x61) }]);
    expect(big.status).toBe(400);
    expect(((await big.json()) as { fieldErrors: Record<string, string> }).fieldErrors.attachments).toMatch(
      /larger than the limit/,
    );
  });

  it("refuses bad fields by name before storing any file", async () => {
    const files = storedFiles();
    const fresh = { name: "new.txt", bytes: Buffer.from(`never stored ${Math.random()}\n`) };
    const res = await post({ ...REPORT, title: "", credit: { creditAs: "nickname", consent: "accepted" } }, [fresh]);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; fieldErrors: Record<string, string> };
    expect(Object.keys(body.fieldErrors).sort()).toEqual(["credit.creditAs", "title"]);
    expect(body.fieldErrors["credit.creditAs"]).toBe("Choose name, handle or anonymous");
    expect(storedFiles()).toBe(files);
    const notJson = await post("{title:", []);
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { fieldErrors: Record<string, string> }).fieldErrors.report).toBe("Must be JSON");
  });

  it("a received time in the future is refused by the procedure, with its field", async () => {
    const res = await post({ ...REPORT, receivedAt: new Date(Date.now() + 86_400_000).toISOString() });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { fieldErrors: Record<string, string> }).fieldErrors).toEqual({
      receivedAt: "Received time cannot be in the future",
    });
  });

  it("only signed-in triagers of the program, from our own pages", async () => {
    const before = reportCount();
    expect((await post(REPORT, [], { origin: base })).status).toBe(401);
    expect((await post(REPORT, [], { cookie: cookies.triager, origin: "https://evil.example" })).status).toBe(403);
    expect((await post(REPORT, [], { cookie: cookies.leadership, origin: base })).status).toBe(403);
    const other = await post(REPORT, [], { cookie: cookies.edgeTriager, origin: base });
    expect(other.status).toBe(404);
    expect(((await other.json()) as { error: string }).error).toBe('Program "voice" not found');
    expect(reportCount()).toBe(before);
  });
});
