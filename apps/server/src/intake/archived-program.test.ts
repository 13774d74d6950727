/** An archived program takes no new reports by any path: public form, API v1, email (issue 10 §2). */
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defaultPolicy } from "@embargo/core";
import {
  closeDatabase,
  createApiToken,
  createProgram,
  type Db,
  openDatabase,
  setProgramArchived,
  sha256Hex,
} from "@embargo/db";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestEmail } from "../email/ingest.ts";
import { compose } from "../email/testing.ts";
import { buildServer } from "../http.ts";
import { testSealer } from "../secrets/testing.ts";

const SYSTEM = { userId: null, label: "test" };
let dir: string;
let db: Db;
let app: FastifyInstance;
let base: string;
let programId: number;
let token: string;
const intake = () => ({
  db,
  dataDir: path.join(dir, "data"),
  publicUrl: "http://127.0.0.1:3000",
  sealer: testSealer,
  limits: { maxBytes: 64 * 1024, maxFiles: 2 },
  now: () => new Date(),
});

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "embargo-archived-"));
  db = openDatabase(path.join(dir, "embargo.db"));
  const policy = defaultPolicy();
  policy.contacts.security = ["security@old.example"];
  programId = createProgram(db, { slug: "old", name: "Old Product", keyPrefix: "OLD", policy }, SYSTEM, new Date()).id;
  token = `emb_${randomBytes(24).toString("base64url")}`;
  createApiToken(
    db,
    { programId, name: "ci", tokenHash: sha256Hex(token), prefix: token.slice(0, 8) },
    SYSTEM,
    new Date(),
  );
  const dist = path.join(dir, "dist");
  mkdirSync(dist);
  writeFileSync(path.join(dist, "index.html"), "<!doctype html><title>Embargo</title>");
  app = await buildServer({ db, logLevel: "silent", webDist: dist, intake: intake(), intakeRateLimit: 1000 });
  base = await app.listen({ port: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  await app.close();
  closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
});

const reportCount = () => (db.$client.prepare("SELECT count(*) AS n FROM reports").get() as { n: number }).n;
const REPORT = {
  title: "Auth bypass in admin",
  description: "The admin route skips the session check entirely.",
  stepsToReproduce: "Open /admin without a session.",
  impact: "Anyone can administer the product.",
  affectedVersions: "2.1",
};

function postForm() {
  const form = new FormData();
  form.set("report", JSON.stringify(REPORT));
  return fetch(`${base}/api/public/programs/old/reports`, { method: "POST", body: form });
}
const postApi = () =>
  fetch(`${base}/api/v1/reports`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(REPORT),
  });
const mail = (n: number) =>
  compose({
    from: "Rae Researcher <rae@example.net>",
    to: "security@old.example",
    subject: `[SECURITY] Auth bypass ${n}`,
    text: "The admin route skips the session check entirely.",
  });

describe("archived program", () => {
  it("takes reports while open", async () => {
    expect(((await (await fetch(`${base}/api/public/programs/old`)).json()) as { closed: boolean }).closed).toBe(false);
    expect((await postForm()).status).toBe(201);
    expect((await postApi()).status).toBe(201);
    expect((await ingestEmail(intake(), await mail(1))).outcome).toBe("report");
    expect(reportCount()).toBe(3);
  });

  it("refuses every intake path once archived, and its reports stay readable", async () => {
    setProgramArchived(db, programId, true, SYSTEM, new Date());
    const info = await (await fetch(`${base}/api/public/programs/old`)).json();
    expect(info).toMatchObject({ slug: "old", closed: true });

    const form = await postForm();
    expect(form.status).toBe(410);
    expect(((await form.json()) as { error: string }).error).toBe("Old Product no longer accepts reports");
    const api = await postApi();
    expect(api.status).toBe(410);
    expect(((await api.json()) as { error: string }).error).toContain("no longer accepts reports");
    const email = await ingestEmail(intake(), await mail(2));
    expect(email).toMatchObject({
      outcome: "refused",
      reason: "the program is archived and no longer accepts reports",
    });
    expect(reportCount()).toBe(3);

    const read = await fetch(`${base}/api/v1/reports/OLD-1`, { headers: { authorization: `Bearer ${token}` } });
    expect(read.status).toBe(200);
  });

  it("takes reports again once unarchived", async () => {
    setProgramArchived(db, programId, false, SYSTEM, new Date());
    expect((await postForm()).status).toBe(201);
  });
});
