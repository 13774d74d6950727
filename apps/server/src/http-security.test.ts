/**
 * Regression tests over real HTTP for the security defects of issue 9: every
 * spelling of a path and every batch is throttled and checked like the plain
 * one; cross-origin and non-JSON mutations are refused; search input never
 * breaks the server; webhooks never call a non-public address.
 */
import { mkdtempSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { defaultPolicy } from "@embargo/core";
import { closeDatabase, createProgram, createUser, type Db, enqueueWebhooks, openDatabase } from "@embargo/db";
import type { FastifyInstance } from "fastify";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer, SESSION_COOKIE } from "./http.ts";
import { memoryLog } from "./lib/log.ts";
import { insertWebhook } from "./outbox/test-support.ts";
import { createOutboxWorker } from "./outbox/worker.ts";
import { testSealer } from "./secrets/testing.ts";

const SYSTEM = { userId: null, label: "test" };
const PASSWORD = "correct horse battery staple";
const roles = ["admin", "triager", "leadership"] as const;
const emailOf = (role: string) => `${role}@alpha.test`;
const LOCKED = "locked-out@alpha.test";

let db: Db;
let app: FastifyInstance;
let base: string;
let programId: number;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "embargo-sec-"));
  db = openDatabase(path.join(dir, "t.db"));
  const now = new Date();
  programId = createProgram(
    db,
    { slug: "alpha", name: "Alpha", keyPrefix: "ALPHA", policy: defaultPolicy() },
    SYSTEM,
    now,
  ).id;
  for (const role of roles) {
    await createUser(
      db,
      { email: emailOf(role), name: role, password: PASSWORD, memberships: [{ programId, role }] },
      SYSTEM,
      now,
    );
  }
  // An account of its own for the lock-out test, so the others stay usable.
  await createUser(
    db,
    { email: LOCKED, name: "Locked", password: PASSWORD, memberships: [{ programId, role: "triager" }] },
    SYSTEM,
    now,
  );
  app = await buildServer({
    db,
    logLevel: "silent",
    // Each test file sees the server from its own "client address" only through these proxies.
    trustProxy: "127.0.0.1",
    intake: {
      db,
      dataDir: path.join(dir, "data"),
      publicUrl: "http://embargo.example",
      limits: { maxBytes: 1024 * 1024, maxFiles: 2 },
      sealer: testSealer,
      now: () => new Date(),
    },
  });
  base = await app.listen({ port: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  await app.close();
  closeDatabase(db);
});

const body = (input: unknown) => JSON.stringify(superjson.serialize(input));

/** A POST as the dashboard sends it (same origin), from a given client address. */
function post(pathAndQuery: string, payload: string, headers: Record<string, string> = {}) {
  return fetch(`${base}${pathAndQuery}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base, ...headers },
    body: payload,
  });
}

const signInBody = (email: string, password: string) => body({ email, password });

async function signIn(role: string): Promise<string> {
  const res = await post("/api/trpc/auth.signIn", signInBody(emailOf(role), PASSWORD), {
    "x-forwarded-for": `203.0.113.${roles.indexOf(role as never) + 10}`,
  });
  expect(res.status).toBe(200);
  const m = new RegExp(`${SESSION_COOKIE}=([^;]+)`).exec(res.headers.get("set-cookie") ?? "");
  return m![1]!;
}

describe("sign-in throttling (§1)", () => {
  const spellings = [
    "/api/trpc/auth.signIn",
    "/api/trpc/auth%2EsignIn",
    "/%61pi/trpc/auth.signIn",
    "/api/trpc/auth.sign%49n",
  ];

  it("counts every attempt in any spelling toward one account's limit, then refuses before any password check", async () => {
    const email = "victim@alpha.test"; // no such account: the answer must be the same as for one that exists
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await post(spellings[i % spellings.length]!, signInBody(email, `guess-${i}`), {
        "x-forwarded-for": `198.51.100.${i}`, // a new address each time: the account's count still grows
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    // Every spelling is refused now, the right password included.
    for (const p of spellings) {
      const res = await post(p, signInBody(email, PASSWORD), { "x-forwarded-for": "198.51.100.99" });
      expect(res.status, p).toBe(429);
      expect(await res.text()).toMatch(/Too many sign-in attempts/);
    }
  });

  it("throttles an existing account exactly like an unknown one", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push(
        (
          await post(spellings[i % 4]!, signInBody(LOCKED, `wrong-${i}`), {
            "x-forwarded-for": "192.0.2.7",
          })
        ).status,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    // Even the right password waits: a guesser learns nothing from a lucky try.
    expect((await post(spellings[0]!, signInBody(LOCKED, PASSWORD), { "x-forwarded-for": "192.0.2.8" })).status).toBe(
      429,
    );
  });

  it("counts attempts per address across accounts", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      const res = await post(spellings[i % 4]!, signInBody(`someone-${i}@alpha.test`, "guess"), {
        "x-forwarded-for": "203.0.113.200",
      });
      statuses.push(res.status);
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(20);
    expect(statuses.slice(20)).toEqual([429, 429]);
  });

  it("refuses a batched sign-in whatever it carries, checking no password", async () => {
    const guesses = Array.from({ length: 100 }, (_, i) => [
      String(i),
      superjson.serialize({ email: emailOf("admin"), password: i === 99 ? PASSWORD : `g${i}` }),
    ]);
    const procs = Array.from({ length: 100 }, () => "auth.signIn").join(",");
    const res = await post(`/api/trpc/${procs}?batch=1`, JSON.stringify(Object.fromEntries(guesses)), {
      "x-forwarded-for": "203.0.113.201",
    });
    expect([400, 413]).toContain(res.status);
    expect(res.headers.get("set-cookie")).toBeNull();
    // A batch of one, and auth.* mixed with other procedures, are refused too.
    for (const procs of ["auth.signIn", "reports.list,auth.signIn", "auth.signOut"]) {
      const n = procs.split(",").length;
      const input = Object.fromEntries(
        Array.from({ length: n }, (_, i) => [
          String(i),
          superjson.serialize({ email: emailOf("admin"), password: PASSWORD }),
        ]),
      );
      const r = await post(`/api/trpc/${procs}?batch=1`, JSON.stringify(input), { "x-forwarded-for": "203.0.113.202" });
      expect(r.status, procs).toBe(400);
      expect(r.headers.get("set-cookie"), procs).toBeNull();
    }
  });

  it("caps the size of any batch", async () => {
    const cookie = `${SESSION_COOKIE}=${await signIn("triager")}`;
    const ok = Array.from({ length: 20 }, () => "reports.list").join(",");
    const tooMany = Array.from({ length: 21 }, () => "reports.list").join(",");
    const input = (n: number) =>
      encodeURIComponent(
        JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [String(i), { json: {} }]))),
      );
    expect((await fetch(`${base}/api/trpc/${ok}?batch=1&input=${input(20)}`, { headers: { cookie } })).status).toBe(
      200,
    );
    expect(
      (await fetch(`${base}/api/trpc/${tooMany}?batch=1&input=${input(21)}`, { headers: { cookie } })).status,
    ).toBe(400);
  });
});

describe("mutations only from our own pages, only as JSON (§2)", () => {
  it("refuses a multipart or text post to any spelling of a mutation, and the session survives", async () => {
    const token = await signIn("admin");
    const cookie = `${SESSION_COOKIE}=${token}`;
    for (const p of ["/api/trpc/auth.signOut", "/%61pi/trpc/auth.signOut", "/api/trpc/auth%2EsignOut"]) {
      const form = new FormData();
      form.append("x", "y");
      const multipart = await fetch(`${base}${p}`, { method: "POST", headers: { cookie, origin: base }, body: form });
      expect(multipart.status, p).toBe(415);
      expect(multipart.headers.get("set-cookie"), p).toBeNull();
      const text = await fetch(`${base}${p}`, {
        method: "POST",
        headers: { cookie, origin: base, "content-type": "text/plain" },
        body: "{}",
      });
      expect(text.status, p).toBe(415);
    }
    const me = await fetch(`${base}/api/trpc/auth.me`, { headers: { cookie } });
    expect(JSON.stringify(await me.json())).toContain(emailOf("admin"));
  });

  it("refuses a mutation from another origin, with no origin information, or an opaque origin (403)", async () => {
    const cookie = `${SESSION_COOKIE}=${await signIn("admin")}`;
    const attempts: Record<string, string>[] = [
      { origin: "https://evil.example" },
      { origin: "null" },
      { origin: base.replace("127.0.0.1", "localhost") },
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site" },
      {},
    ];
    for (const headers of attempts) {
      const res = await fetch(`${base}/%61pi/trpc/auth.signOut`, {
        method: "POST",
        headers: { cookie, "content-type": "application/json", ...headers },
        body: "{}",
      });
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(res.headers.get("set-cookie")).toBeNull();
    }
    // The same call from our own page works: by Origin, by the configured public URL, or by Sec-Fetch-Site.
    const ours: Record<string, string>[] = [
      { "sec-fetch-site": "same-origin" },
      { origin: "http://embargo.example" },
      { origin: base },
    ];
    for (const headers of ours) {
      const c = `${SESSION_COOKIE}=${await signIn("admin")}`;
      const res = await fetch(`${base}/api/trpc/auth.signOut`, {
        method: "POST",
        headers: { cookie: c, "content-type": "application/json", ...headers },
        body: "{}",
      });
      expect(res.status, JSON.stringify(headers)).toBe(200);
    }
  });

  it("marks signed-in answers no-store and sends a Permissions-Policy, and HSTS only over HTTPS", async () => {
    const cookie = `${SESSION_COOKIE}=${await signIn("triager")}`;
    const res = await fetch(`${base}/api/trpc/reports.list?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`, {
      headers: { cookie },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("permissions-policy")).toContain("camera=()");
    expect(res.headers.get("strict-transport-security")).toBeNull();
    // Behind a trusted TLS proxy the request is HTTPS: now HSTS is sent.
    const https = await fetch(`${base}/healthz`, { headers: { "x-forwarded-proto": "https" } });
    expect(https.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
  });
});

describe("search input (§4)", () => {
  it("answers 200 or a 400 field error for NUL and control characters, for every role", async () => {
    const variants = [
      "a\u0000b",
      "\u0000",
      "a\u0000",
      "\u0000a",
      "\u0000\u0000",
      "a \u0000 b",
      "\u0001\u001f",
      "x\u007f",
      "\u202Eexe",
      "\uFEFF",
      "ab\u0000*",
      '"\u0000"',
      "ALPHA-1\u0000",
      "\u0000OR 1=1",
      "é\u0000",
      "\u0000\u0000\u0000\u0000",
      "a\u0000b\u0000c",
      "\u0085",
    ];
    for (const role of roles) {
      const cookie = `${SESSION_COOKIE}=${await signIn(role)}`;
      for (const q of variants) {
        const input = encodeURIComponent(JSON.stringify({ json: { q, view: "all" } }));
        const res = await fetch(`${base}/api/trpc/reports.list?input=${input}`, { headers: { cookie } });
        expect([200, 400], `${role} ${JSON.stringify(q)}`).toContain(res.status);
        expect(await res.text()).not.toMatch(/at .*\.ts:\d+|SqliteError|fts5/i);
      }
    }
  });
});

describe("webhook destinations (§7)", () => {
  it("refuses to call a loopback receiver unless private receivers are allowed", async () => {
    const received: string[] = [];
    const rx = createServer((req, res) => {
      received.push(req.url ?? "");
      res.writeHead(204).end();
    });
    await new Promise<void>((resolve) => rx.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(rx.address() as AddressInfo).port}/hook`;
    try {
      insertWebhook(db, { programId, url, secret: "s" });
      enqueueWebhooks(db, { event: "report.created", programId, reportId: null, data: {} }, new Date());
      const guarded = createOutboxWorker({ db, sealer: testSealer, from: "x@example.com", log: memoryLog().log });
      expect(await guarded.runOnce()).toEqual({ sent: 0, failed: 0, dead: 1 });
      expect(received).toEqual([]);
      const error = db.$client.prepare("SELECT last_error FROM outbox WHERE channel = 'webhook'").pluck().get();
      expect(error).toMatch(/127\.0\.0\.1.*EMBARGO_WEBHOOK_ALLOW_PRIVATE/);

      enqueueWebhooks(db, { event: "report.created", programId, reportId: null, data: {} }, new Date());
      const allowed = createOutboxWorker({
        db,
        sealer: testSealer,
        from: "x@example.com",
        log: memoryLog().log,
        allowPrivateWebhooks: true,
      });
      expect(await allowed.runOnce()).toEqual({ sent: 1, failed: 0, dead: 0 });
      expect(received).toEqual(["/hook"]);
    } finally {
      await new Promise((resolve) => rx.close(resolve));
    }
  });
});
