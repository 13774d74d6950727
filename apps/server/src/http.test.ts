import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defaultPolicy } from "@embargo/core";
import { closeDatabase, createProgram, createUser, type Db, openDatabase } from "@embargo/db";
import type { FastifyInstance } from "fastify";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer } from "./http.ts";

let db: Db;
let app: FastifyInstance;
let base: string;
const PASSWORD = "correct horse battery staple";

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "embargo-http-"));
  db = openDatabase(path.join(dir, "t.db"));
  const now = new Date();
  const p = createProgram(
    db,
    { slug: "alpha", name: "Alpha", keyPrefix: "ALPHA", policy: defaultPolicy() },
    { userId: null, label: "t" },
    now,
  );
  await createUser(
    db,
    { email: "t@example.com", name: "T", password: PASSWORD, memberships: [{ programId: p.id, role: "triager" }] },
    { userId: null, label: "t" },
    now,
  );
  const dist = path.join(dir, "dist");
  mkdirSync(dist);
  writeFileSync(path.join(dist, "index.html"), "<!doctype html><title>Embargo SPA</title>");
  app = await buildServer({ db, webDist: dist, logLevel: "silent" });
  base = await app.listen({ port: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  await app.close();
  closeDatabase(db);
});

const mutate = (procedure: string, input: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}/api/trpc/${procedure}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base, ...headers },
    body: JSON.stringify(superjson.serialize(input)),
  });

describe("HTTP server", () => {
  it("sends security headers that forbid script injection, framing and remote images", async () => {
    const res = await fetch(`${base}/`);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("img-src 'self' data:");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("serves the dashboard for any app path", async () => {
    const res = await fetch(`${base}/reports/ALPHA-1`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Embargo SPA");
    expect((await fetch(`${base}/api/nope`)).status).toBe(404);
  });

  it("signs in with an HttpOnly SameSite=Strict session cookie and signs out", async () => {
    const res = await mutate("auth.signIn", { email: "t@example.com", password: PASSWORD });
    expect(res.status).toBe(200);
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^embargo_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Strict");
    const token = cookie.split(";")[0]!;
    const me = await fetch(`${base}/api/trpc/auth.me`, { headers: { cookie: token } });
    const body = (await me.json()) as { result: { data: { json: { email: string } } } };
    expect(body.result.data.json.email).toBe("t@example.com");
    // The raw token is never stored.
    const stored = db.$client.prepare("SELECT token_hash FROM sessions").pluck().all() as string[];
    expect(stored.some((h) => token.includes(h))).toBe(false);
    await mutate("auth.signOut", null, { cookie: token });
    const after = await fetch(
      `${base}/api/trpc/reports.list?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`,
      {
        headers: { cookie: token },
      },
    );
    expect(after.status).toBe(401);
  });

  it("answers bad input with a field error and no stack trace", async () => {
    const res = await mutate("auth.signIn", { email: "not-an-email", password: "" });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).not.toMatch(/at .*\.ts:\d+/);
    expect(text).not.toContain("stack");
    const body = JSON.parse(text) as {
      error: { json: { message: string; data: { fieldErrors: Record<string, string> } } };
    };
    expect(body.error.json.data.fieldErrors.email).toBe("Must be an email address");
    expect(body.error.json.data.fieldErrors.password).toBeDefined();
  });

  it("refuses non-JSON posts so a cross-site form cannot call a mutation", async () => {
    const res = await fetch(`${base}/api/trpc/auth.signIn`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "{}",
    });
    expect(res.status).toBe(415);
  });

  it("rate-limits sign-in attempts per address", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) {
      statuses.push((await mutate("auth.signIn", { email: "t@example.com", password: "wrong password!" })).status);
    }
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s === 401).length).toBeGreaterThan(0);
  });
});
