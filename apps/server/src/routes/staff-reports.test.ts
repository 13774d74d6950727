/**
 * The staff "New report" form over real HTTP: attachments checked as the
 * public form's are, stored and committed with the report; credit wishes
 * recorded; every refusal names its field and leaves nothing behind.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
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
const cookies = { triager: "", leadership: "", edgeTriager: "" };

async function signIn(email: string): Promise<string> {
  const res = await fetch(`${base}/api/trpc/auth.signIn`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify(superjson.serialize({ email, password: PASSWORD })),
  });
  expect(res.status).toBe(200);
  return /(embargo_session=[^;]+)/.exec(res.headers.get("set-cookie") ?? "")![1]!;
}

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

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "embargo-staff-new-"));
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
});
afterAll(async () => {
  await app.close();
  closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
});

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
