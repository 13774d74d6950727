/**
 * The JSON API for tools over real HTTP: per-program bearer tokens (only
 * their SHA-256 stored), submission, status reads scoped to the token's
 * program, and one uniform 401 for every bad token.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defaultPolicy, RESEARCHER_STATE_TEXT } from "@embargo/core";
import {
  closeDatabase,
  createApiToken,
  createProgram,
  type Db,
  openDatabase,
  revokeApiToken,
  sha256Hex,
} from "@embargo/db";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer } from "../http.ts";
import { testSealer } from "../secrets/testing.ts";

const SYSTEM = { userId: null, label: "test" };

let dir: string;
let db: Db;
let app: FastifyInstance;
let base: string;
let voiceId: number;
let edgeId: number;

/** A fresh token for a program, stored as its hash only. */
function issueToken(programId: number, name: string) {
  const token = `emb_${randomBytes(24).toString("base64url")}`;
  const row = createApiToken(
    db,
    { programId, name, tokenHash: sha256Hex(token), prefix: token.slice(0, 8) },
    SYSTEM,
    new Date(),
  );
  return { token, id: row.id };
}

let voiceToken: string;
let edgeToken: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "embargo-apiv1-"));
  db = openDatabase(path.join(dir, "embargo.db"));
  const now = new Date();
  voiceId = createProgram(
    db,
    { slug: "voice", name: "Voice Assistant", keyPrefix: "VOICE", policy: defaultPolicy() },
    SYSTEM,
    now,
  ).id;
  edgeId = createProgram(
    db,
    { slug: "edge", name: "Edge Router", keyPrefix: "EDGE", policy: defaultPolicy() },
    SYSTEM,
    now,
  ).id;
  const dist = path.join(dir, "dist");
  mkdirSync(dist);
  writeFileSync(path.join(dist, "index.html"), "<!doctype html><title>Embargo SPA</title>");
  app = await buildServer({
    db,
    logLevel: "silent",
    webDist: dist,
    intake: {
      db,
      dataDir: path.join(dir, "data"),
      publicUrl: "http://127.0.0.1:3000",
      sealer: testSealer,
      limits: { maxBytes: 64 * 1024, maxFiles: 2 },
      now: () => new Date(),
    },
    intakeRateLimit: 1000,
  });
  base = await app.listen({ port: 0, host: "127.0.0.1" });
  voiceToken = issueToken(voiceId, "scanner").token;
  edgeToken = issueToken(edgeId, "edge-ci").token;
});
afterAll(async () => {
  await app.close();
  closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
});

const report = (over: Record<string, unknown> = {}) => ({
  title: "Open redirect in the pairing flow",
  description: "The `next` parameter of /pair is not checked against an allow list.",
  stepsToReproduce: "Visit /pair?next=https://evil.example",
  impact: "Phishing of pairing codes.",
  affectedVersions: "app 3.1",
  ...over,
});

const post = (body: unknown, auth?: string, contentType = "application/json", extra: Record<string, string> = {}) =>
  fetch(`${base}/api/v1/reports`, {
    method: "POST",
    headers: { "content-type": contentType, ...(auth !== undefined ? { authorization: auth } : {}), ...extra },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

const get = (key: string, auth?: string) =>
  fetch(`${base}/api/v1/reports/${key}`, { headers: auth !== undefined ? { authorization: auth } : {} });

const reportCount = () => (db.$client.prepare("SELECT count(*) AS n FROM reports").get() as { n: number }).n;

describe("API v1", () => {
  let voiceKey: string;
  let edgeKey: string;

  it("accepts a report with a program token: key from the token's program, channel api", async () => {
    const before = Date.now();
    // A program in the body cannot redirect the report: the token decides.
    const res = await post(report({ programSlug: "edge" }), `Bearer ${voiceToken}`);
    expect(res.status, await res.clone().text()).toBe(201);
    const body = (await res.json()) as { key: string; statusUrl: string; nextPromisedAt: string };
    expect(body.key).toMatch(/^VOICE-[1-9]\d*$/);
    expect(body.statusUrl).toMatch(/^http:\/\/127\.0\.0\.1:3000\/status\/[A-Za-z0-9_-]{22,}$/);
    voiceKey = body.key;
    const row = db.$client.prepare("SELECT channel, program_id, state FROM reports WHERE key = ?").get(body.key);
    expect(row).toEqual({ channel: "api", program_id: voiceId, state: "new" });
    const promised = new Date(body.nextPromisedAt).getTime();
    expect(promised).toBeGreaterThanOrEqual(before + 24 * 3_600_000 - 1000);
    expect(promised).toBeLessThanOrEqual(Date.now() + 24 * 3_600_000 + 1000);
    // Use is recorded on the token.
    const tok = db.$client
      .prepare("SELECT last_used_at FROM api_tokens WHERE token_hash = ?")
      .get(sha256Hex(voiceToken)) as {
      last_used_at: number | null;
    };
    expect(tok.last_used_at).toBeGreaterThanOrEqual(before - 1000);
    // Only the hash of the token is stored.
    expect(JSON.stringify(db.$client.prepare("SELECT * FROM api_tokens").all())).not.toContain(voiceToken);

    const edge = await post(report({ title: "Edge router default credentials" }), `Bearer ${edgeToken}`);
    expect(edge.status).toBe(201);
    edgeKey = ((await edge.json()) as { key: string }).key;
    expect(edgeKey).toMatch(/^EDGE-[1-9]\d*$/);
  });

  it("reads the status of its own program's report", async () => {
    const res = await get(voiceKey, `Bearer ${voiceToken}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      key: voiceKey,
      state: "new",
      stateText: RESEARCHER_STATE_TEXT.new,
      severity: null,
      fixedVersion: null,
    });
    expect(typeof body.receivedAt).toBe("string");
    expect(Number.isNaN(new Date(body.receivedAt as string).getTime())).toBe(false);
    // Keys are case-insensitive.
    expect((await get(voiceKey.toLowerCase(), `Bearer ${voiceToken}`)).status).toBe(200);
    // Nothing about the report text leaks through the status read.
    expect(JSON.stringify(body)).not.toContain("redirect");
  });

  it("does not show another program's report: 404 as for a report that does not exist", async () => {
    const cross = await get(edgeKey, `Bearer ${voiceToken}`);
    expect(cross.status).toBe(404);
    const crossBody = (await cross.json()) as Record<string, unknown>;
    expect(crossBody).not.toHaveProperty("state");
    expect(JSON.stringify(crossBody)).not.toContain("credentials");
    const missing = await get("VOICE-9999", `Bearer ${voiceToken}`);
    expect(missing.status).toBe(404);
    expect(Object.keys((await missing.json()) as object)).toEqual(Object.keys(crossBody));
    // And the other way round.
    expect((await get(voiceKey, `Bearer ${edgeToken}`)).status).toBe(404);
  });

  it("answers every missing, malformed, unknown or revoked token with the same 401 and WWW-Authenticate", async () => {
    const revoked = issueToken(voiceId, "old laptop");
    expect((await get(voiceKey, `Bearer ${revoked.token}`)).status).toBe(200);
    expect(revokeApiToken(db, voiceId, revoked.id, SYSTEM, new Date())).toBe(true);

    const cases: [string, string | undefined][] = [
      ["none", undefined],
      ["empty", ""],
      ["no scheme", voiceToken],
      ["basic", `Basic ${Buffer.from(`x:${voiceToken}`).toString("base64")}`],
      ["too short", "Bearer abc"],
      ["bad characters", `Bearer ${voiceToken.slice(0, 20)}!@#$%`],
      ["trailing junk", `Bearer ${voiceToken} extra`],
      ["unknown", `Bearer emb_${randomBytes(24).toString("base64url")}`],
      ["hash of a real token", `Bearer ${sha256Hex(voiceToken)}`],
      ["revoked", `Bearer ${revoked.token}`],
    ];
    const before = reportCount();
    let reference: string | undefined;
    for (const [name, auth] of cases) {
      for (const res of [await get(voiceKey, auth), await post(report(), auth)]) {
        expect(res.status, name).toBe(401);
        expect(res.headers.get("www-authenticate"), name).toBe('Bearer realm="embargo"');
        const text = await res.text();
        reference ??= text;
        expect(text, name).toBe(reference);
        expect(text, name).not.toContain(voiceKey);
      }
    }
    expect(reportCount()).toBe(before);
  });

  it("refuses an invalid body with field errors and creates nothing", async () => {
    const before = reportCount();
    const res = await post({ title: "x", reporter: { email: "not-an-email" } }, `Bearer ${voiceToken}`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; fieldErrors: Record<string, string> };
    for (const f of ["title", "description", "stepsToReproduce", "impact", "affectedVersions", "reporter.email"]) {
      expect(body.fieldErrors[f], f).toBeTruthy();
    }
    expect(body.error).toContain("title");

    for (const bad of ["[]", "null", '"a string"']) {
      const r = await post(bad, `Bearer ${voiceToken}`);
      expect(r.status, bad).toBe(400);
    }
    const notJson = await post("{ title: oops", `Bearer ${voiceToken}`);
    expect(notJson.status).toBe(400);
    expect(await notJson.text()).not.toMatch(/at .*\.[jt]s:\d+/);
    const form = await post("title=x", `Bearer ${voiceToken}`, "application/x-www-form-urlencoded");
    expect(form.status).toBeGreaterThanOrEqual(400);
    expect(form.status).toBeLessThan(500);
    expect(reportCount()).toBe(before);
  });

  it("sends the reporter a receipt when the tool passes their address", async () => {
    const res = await post(report({ reporter: { email: "tool-user@researcher.test" } }), `Bearer ${voiceToken}`);
    expect(res.status).toBe(201);
    const { key, statusUrl } = (await res.json()) as { key: string; statusUrl: string };
    const mail = db.$client
      .prepare(
        "SELECT o.target, o.payload_json FROM outbox o JOIN reports r ON r.id = o.report_id WHERE r.key = ? AND o.event = 'report.receipt'",
      )
      .get(key) as { target: string; payload_json: string };
    expect(mail.target).toBe("tool-user@researcher.test");
    // The link is queued sealed (never in clear at rest) and opens to the one the tool was given.
    expect(mail.payload_json).not.toContain(statusUrl.split("/status/")[1]);
    const payload = JSON.parse(mail.payload_json) as { sealed: { statusUrl: string } };
    expect(testSealer.open(payload.sealed.statusUrl)).toBe(statusUrl);
  });
});

describe("Idempotency-Key", () => {
  const key = () => `retry-${randomBytes(12).toString("hex")}`;
  const outboxRows = () => (db.$client.prepare("SELECT count(*) AS n FROM outbox").get() as { n: number }).n;

  it("a retry with the same key and body gets the first receipt, and no second report or email", async () => {
    const k = key();
    const body = report({ title: "Idempotent retry", reporter: { email: "r@example.com" } });
    const first = await post(body, `Bearer ${voiceToken}`, "application/json", { "Idempotency-Key": k });
    expect(first.status).toBe(201);
    const a = (await first.json()) as { key: string; statusUrl: string; nextPromisedAt: string };
    const reports = reportCount();
    const mails = outboxRows();
    const again = await post(body, `Bearer ${voiceToken}`, "application/json", { "Idempotency-Key": k });
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.json()).toEqual(a);
    expect(reportCount()).toBe(reports);
    expect(outboxRows()).toBe(mails);
    // The status link given again works.
    const status = await fetch(`${base}/api/public/status/${a.statusUrl.split("/").pop()}`);
    expect(status.status).toBe(200);
  });

  it("the database alone cannot open the stored receipt: only the key's hash and a sealed receipt are kept", async () => {
    const k = key();
    const res = await post(report({ title: "Sealed receipt" }), `Bearer ${voiceToken}`, "application/json", {
      "Idempotency-Key": k,
    });
    const { statusUrl } = (await res.json()) as { statusUrl: string };
    const token = statusUrl.split("/").pop() as string;
    const dump = JSON.stringify(db.$client.prepare("SELECT * FROM intake_requests").all());
    expect(dump).not.toContain(k);
    expect(dump).not.toContain(token);
  });

  it("the same key with a different report is refused with 409 and saves nothing", async () => {
    const k = key();
    expect(
      (await post(report({ title: "First" }), `Bearer ${voiceToken}`, "application/json", { "Idempotency-Key": k }))
        .status,
    ).toBe(201);
    const before = reportCount();
    const res = await post(report({ title: "Second" }), `Bearer ${voiceToken}`, "application/json", {
      "Idempotency-Key": k,
    });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ fieldErrors: { idempotencyKey: "Already used for a different report" } });
    expect(reportCount()).toBe(before);
  });

  it("keys are per program: another program's token with the same key makes its own report", async () => {
    const k = key();
    const a = await post(report({ title: "Per program" }), `Bearer ${voiceToken}`, "application/json", {
      "Idempotency-Key": k,
    });
    const b = await post(report({ title: "Per program" }), `Bearer ${edgeToken}`, "application/json", {
      "Idempotency-Key": k,
    });
    expect(((await a.json()) as { key: string }).key).toMatch(/^VOICE-/);
    expect(((await b.json()) as { key: string }).key).toMatch(/^EDGE-/);
  });

  it("a malformed key is refused naming the field, and nothing is saved", async () => {
    const before = reportCount();
    for (const bad of ["short", "has spaces in it, really", "x".repeat(201)]) {
      const res = await post(report(), `Bearer ${voiceToken}`, "application/json", { "Idempotency-Key": bad });
      expect(res.status).toBe(400);
      expect(Object.keys(((await res.json()) as { fieldErrors: object }).fieldErrors)).toEqual(["idempotencyKey"]);
    }
    expect(reportCount()).toBe(before);
  });

  it("twins sent at once with the same key make one report and both get its receipt", async () => {
    const k = key();
    const before = reportCount();
    const body = report({ title: "Twins" });
    const answers = await Promise.all(
      [0, 1, 2].map(() => post(body, `Bearer ${voiceToken}`, "application/json", { "Idempotency-Key": k })),
    );
    expect(answers.map((r) => r.status)).toEqual([201, 201, 201]);
    const keys = await Promise.all(answers.map(async (r) => ((await r.json()) as { key: string }).key));
    expect(new Set(keys).size).toBe(1);
    expect(reportCount()).toBe(before + 1);
  });
});
