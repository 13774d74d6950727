import { claimOutbox, type Db, enqueueEmail, enqueueWebhooks } from "@embargo/db";
import { afterEach, describe, expect, it } from "vitest";
import { memoryLog } from "../lib/log.ts";
import { verifyWebhookSignature } from "./signature.ts";
import {
  clock,
  freshDb,
  insertWebhook,
  lastOutboxRow,
  outboxRow,
  startReceiver,
  T0,
  testWorker,
} from "./test-support.ts";
import { defaultBackoff } from "./worker.ts";

const _FROM = "Embargo <security-noreply@embargo.test>";
const SECRET = "whsec_0f1e2d3c4b5a69788796a5b4c3d2e1f0";
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup() {
  const t = freshDb();
  cleanups.push(t.close);
  const rx = await startReceiver();
  cleanups.push(rx.close);
  return { ...t, rx };
}

function enqueueCreated(db: Db, programId: number, key = "ALPHA-1") {
  const n = enqueueWebhooks(
    db,
    { event: "report.created", programId, reportId: null, data: { key, channel: "web", severity: null } },
    T0,
  );
  return { n, row: lastOutboxRow(db) };
}

const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

describe("outbox worker: webhooks", () => {
  it("POSTs the stored JSON with a verifiable signature and delivery headers", async () => {
    const { db, program, rx } = await setup();
    insertWebhook(db, { programId: program.id, url: rx.url, secret: SECRET });
    const { n, row } = enqueueCreated(db, program.id);
    expect(n).toBe(1);
    const c = clock();
    const w = testWorker(db, { now: c.now });
    expect(await w.runOnce()).toEqual({ sent: 1, failed: 0, dead: 0 });

    expect(rx.requests).toHaveLength(1);
    const req = rx.requests[0]!;
    expect(req.method).toBe("POST");
    expect(req.url).toBe("/hooks/embargo");
    expect(req.headers["content-type"]).toBe("application/json");
    expect(req.headers["embargo-event"]).toBe("report.created");
    expect(req.headers["embargo-delivery"]).toBe(String(row.id));
    expect(req.body).toBe(row.payloadJson);
    expect(JSON.parse(req.body)).toMatchObject({ event: "report.created", data: { key: "ALPHA-1" } });

    const header = req.headers["embargo-signature"] as string;
    expect(header).toMatch(new RegExp(`^t=${seconds(T0)},v1=[0-9a-f]{64}$`));
    expect(verifyWebhookSignature(SECRET, header, req.body, seconds(T0))).toBe(true);
    expect(verifyWebhookSignature("whsec_wrong", header, req.body, seconds(T0))).toBe(false);
    expect(verifyWebhookSignature(SECRET, header, req.body.replace("ALPHA-1", "ALPHA-9"), seconds(T0))).toBe(false);
    expect(verifyWebhookSignature(SECRET, header, req.body, seconds(T0) + 3600)).toBe(false);

    const after = outboxRow(db, row.id);
    expect(after.status).toBe("sent");
    expect(after.attempts).toBe(1);
    expect(after.payloadJson).toBe(row.payloadJson);
  });

  it("a sender that died mid-send: the row waits out its claim, then goes with the same delivery id", async () => {
    const { db, program, rx } = await setup();
    insertWebhook(db, { programId: program.id, url: rx.url, secret: SECRET });
    const { row } = enqueueCreated(db, program.id);
    // The crashed process had claimed the row; a second claim now is refused.
    expect(claimOutbox(db, row.id, T0, 120_000)).toBe(true);
    expect(claimOutbox(db, row.id, T0, 120_000)).toBe(false);
    const c = clock();
    const w = testWorker(db, { now: c.now });
    expect(await w.runOnce()).toEqual({ sent: 0, failed: 0, dead: 0 });
    expect(rx.requests).toHaveLength(0);
    c.advance(120_001);
    expect(await w.runOnce()).toEqual({ sent: 1, failed: 0, dead: 0 });
    expect(rx.requests.map((r) => r.headers["embargo-delivery"])).toEqual([String(row.id)]);
    expect(outboxRow(db, row.id)).toMatchObject({ status: "sent", leaseUntil: null });
  });

  it("a retried delivery carries the same delivery id as the first try", async () => {
    const { db, program, rx: failing } = await setup();
    failing.respondWith((_req, res) => {
      res.writeHead(500);
      res.end();
    });
    insertWebhook(db, { programId: program.id, url: failing.url, secret: SECRET });
    const { row } = enqueueCreated(db, program.id);
    const c = clock();
    const w = testWorker(db, { now: c.now, backoff: () => 1_000 });
    await w.runOnce();
    c.advance(1_001);
    await w.runOnce();
    expect(failing.requests.map((r) => r.headers["embargo-delivery"])).toEqual([String(row.id), String(row.id)]);
  });

  it("a receiver answering 500 is retried with growing backoff and dead-lettered after maxAttempts", async () => {
    const { db, program, rx } = await setup();
    rx.respondWith((_r, res) => {
      res.writeHead(500);
      res.end("boom: internal details");
    });
    insertWebhook(db, { programId: program.id, url: rx.url, secret: SECRET });
    const { row } = enqueueCreated(db, program.id);
    const c = clock();
    const w = testWorker(db, { now: c.now, maxAttempts: 3 });

    expect(await w.runOnce()).toEqual({ sent: 0, failed: 1, dead: 0 });
    const first = outboxRow(db, row.id);
    expect(first).toMatchObject({ status: "pending", attempts: 1, lastError: "HTTP 500" });
    const gap1 = first.nextAttemptAt.getTime() - c.now().getTime();
    expect(gap1).toBe(defaultBackoff(1));

    c.set(first.nextAttemptAt);
    expect(await w.runOnce()).toEqual({ sent: 0, failed: 1, dead: 0 });
    const second = outboxRow(db, row.id);
    expect(second).toMatchObject({ status: "pending", attempts: 2, lastError: "HTTP 500" });
    const gap2 = second.nextAttemptAt.getTime() - c.now().getTime();
    expect(gap2).toBe(defaultBackoff(2));
    expect(gap2).toBeGreaterThan(gap1);

    c.set(second.nextAttemptAt);
    expect(await w.runOnce()).toEqual({ sent: 0, failed: 0, dead: 1 });
    const third = outboxRow(db, row.id);
    expect(third).toMatchObject({ status: "dead", attempts: 3, lastError: "HTTP 500" });

    // Dead rows are not tried again; each try was a fresh, verifiable signature.
    c.advance(24 * 3600_000);
    expect(await w.runOnce()).toEqual({ sent: 0, failed: 0, dead: 0 });
    expect(rx.requests).toHaveLength(3);
    const stamps = rx.requests.map((r) => r.headers["embargo-signature"] as string);
    expect(new Set(stamps).size).toBe(3);
    expect(new Set(rx.requests.map((r) => r.headers["embargo-delivery"]))).toEqual(new Set([String(row.id)]));
  });

  it("the default backoff grows and is capped", () => {
    const gaps = Array.from({ length: 10 }, (_, i) => defaultBackoff(i + 1));
    expect(gaps.slice(0, 6)).toEqual([30_000, 120_000, 600_000, 1_800_000, 7_200_000, 21_600_000]);
    for (let i = 1; i < gaps.length; i++) expect(gaps[i]!).toBeGreaterThanOrEqual(gaps[i - 1]!);
    expect(Math.max(...gaps)).toBe(12 * 3600_000);
  });

  it("an injected backoff is used with the attempt number", async () => {
    const { db, program, rx } = await setup();
    rx.respondWith((_r, res) => {
      res.writeHead(503);
      res.end();
    });
    insertWebhook(db, { programId: program.id, url: rx.url, secret: SECRET });
    const { row } = enqueueCreated(db, program.id);
    const c = clock();
    const seen: number[] = [];
    const backoff = (a: number) => {
      seen.push(a);
      return a * 1000;
    };
    const w = testWorker(db, { now: c.now, maxAttempts: 5, backoff });
    await w.runOnce();
    c.advance(1000);
    await w.runOnce();
    expect(seen).toEqual([1, 2]);
    expect(outboxRow(db, row.id).nextAttemptAt.getTime()).toBe(c.now().getTime() + 2000);
    expect(outboxRow(db, row.id).lastError).toBe("HTTP 503");
  });

  it("a receiver that is down (connection refused) is a failure", async () => {
    const { db, program, rx } = await setup();
    await rx.close();
    insertWebhook(db, { programId: program.id, url: rx.url, secret: SECRET });
    const { row } = enqueueCreated(db, program.id);
    const w = testWorker(db);
    expect(await w.runOnce()).toEqual({ sent: 0, failed: 1, dead: 0 });
    expect(outboxRow(db, row.id)).toMatchObject({ status: "pending", attempts: 1, lastError: "ECONNREFUSED" });
  });

  it("a redirect is not followed and counts as a failure", async () => {
    const { db, program, rx } = await setup();
    rx.respondWith((r, res) => {
      if (r.url === "/elsewhere") {
        res.writeHead(200);
        res.end();
        return;
      }
      res.writeHead(302, { location: "/elsewhere" });
      res.end();
    });
    insertWebhook(db, { programId: program.id, url: rx.url, secret: SECRET });
    const { row } = enqueueCreated(db, program.id);
    const w = testWorker(db);
    expect(await w.runOnce()).toEqual({ sent: 0, failed: 1, dead: 0 });
    expect(outboxRow(db, row.id)).toMatchObject({ status: "pending", attempts: 1, lastError: "HTTP 302" });
    expect(rx.requests.map((r) => r.url)).toEqual(["/hooks/embargo"]);
  });

  it("a receiver that does not answer in time is a failure", async () => {
    const { db, program, rx } = await setup();
    rx.respondWith(() => {
      /* never answers */
    });
    insertWebhook(db, { programId: program.id, url: rx.url, secret: SECRET });
    const { row } = enqueueCreated(db, program.id);
    const w = testWorker(db, { webhookTimeoutMs: 300 });
    const started = Date.now();
    expect(await w.runOnce()).toEqual({ sent: 0, failed: 1, dead: 0 });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(outboxRow(db, row.id)).toMatchObject({ status: "pending", attempts: 1, lastError: "timeout after 0.3 s" });
  });

  it("a deleted or deactivated webhook is dead-lettered without a request", async () => {
    const { db, program, rx } = await setup();
    const hook = insertWebhook(db, { programId: program.id, url: rx.url, secret: SECRET });
    const { row: r1 } = enqueueCreated(db, program.id, "ALPHA-1");
    db.$client.prepare("UPDATE webhooks SET active = 0 WHERE id = ?").run(hook.id);
    const { row: r2 } = (() => {
      // Queue one for a webhook id that does not exist (deleted after queueing).
      db.$client
        .prepare(
          "INSERT INTO outbox (channel, event, program_id, target, payload_json, status, attempts, next_attempt_at, created_at) VALUES ('webhook', 'report.created', ?, ?, ?, 'pending', 0, ?, ?)",
        )
        .run(
          program.id,
          rx.url,
          JSON.stringify({ event: "report.created", webhookId: 9999, data: {} }),
          T0.getTime(),
          T0.getTime(),
        );
      return { row: lastOutboxRow(db) };
    })();
    const w = testWorker(db);
    expect(await w.runOnce()).toEqual({ sent: 0, failed: 0, dead: 2 });
    expect(outboxRow(db, r1.id)).toMatchObject({
      status: "dead",
      attempts: 1,
      lastError: `webhook ${hook.id} is inactive`,
    });
    expect(outboxRow(db, r2.id)).toMatchObject({
      status: "dead",
      attempts: 1,
      lastError: "webhook 9999 no longer exists",
    });
    expect(rx.requests).toHaveLength(0);
  });

  it("refuses non-http(s) webhook URLs", async () => {
    const { db, program, rx } = await setup();
    insertWebhook(db, { programId: program.id, url: "file:///etc/passwd", secret: SECRET });
    insertWebhook(db, { programId: program.id, url: "not a url", secret: SECRET });
    enqueueCreated(db, program.id);
    let calls = 0;
    const post = async () => {
      calls++;
      return 200;
    };
    const w = testWorker(db, { post });
    expect(await w.runOnce()).toEqual({ sent: 0, failed: 0, dead: 2 });
    const errors = db.$client.prepare("SELECT last_error FROM outbox ORDER BY id").pluck().all();
    expect(errors).toEqual(["webhook URL must be http or https", "webhook URL is not a valid URL"]);
    expect(calls).toBe(0);
    expect(rx.requests).toHaveLength(0);
  });

  it("without SMTP, waiting emails never crowd webhooks out of a batch", async () => {
    const { db, program, rx } = await setup();
    for (let i = 0; i < 120; i++) {
      enqueueEmail(
        db,
        {
          event: "report.state",
          reportId: null,
          programId: program.id,
          to: `r${i}@example.org`,
          subject: "s",
          text: "t",
        },
        T0,
      );
    }
    insertWebhook(db, { programId: program.id, url: rx.url, secret: SECRET });
    const { row } = enqueueCreated(db, program.id);
    const w = testWorker(db);
    expect(await w.runOnce()).toEqual({ sent: 1, failed: 0, dead: 0 });
    expect(outboxRow(db, row.id).status).toBe("sent");
    expect(
      db.$client
        .prepare("SELECT count(*) FROM outbox WHERE channel = 'email' AND status = 'pending' AND attempts = 0")
        .pluck()
        .get(),
    ).toBe(120);
  });

  it("logs no secret, URL or payload", async () => {
    const { db, program, rx } = await setup();
    rx.respondWith((_r, res) => {
      res.writeHead(500);
      res.end();
    });
    insertWebhook(db, { programId: program.id, url: rx.url, secret: SECRET });
    enqueueCreated(db, program.id, "ALPHA-SECRETKEY");
    const { log, entries } = memoryLog();
    const w = testWorker(db, { log, maxAttempts: 1 });
    expect(await w.runOnce()).toEqual({ sent: 0, failed: 0, dead: 1 });
    expect(entries.map((e) => [e.level, e.obj.channel, e.obj.event, e.obj.error])).toEqual([
      ["error", "webhook", "report.created", "HTTP 500"],
    ]);
    const dump = JSON.stringify(entries);
    for (const s of [SECRET, "ALPHA-SECRETKEY", "127.0.0.1", "hooks/embargo"]) expect(dump).not.toContain(s);
  });
});
