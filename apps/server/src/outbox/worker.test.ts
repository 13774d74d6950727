import { enqueueEmail, enqueueWebhooks, schema } from "@embargo/db";
import { afterEach, describe, expect, it } from "vitest";
import { memoryLog } from "../lib/log.ts";
import { freshDb, insertWebhook, outboxRows, startReceiver, startSmtp, T0, testWorker } from "./test-support.ts";

const _FROM = "Embargo <security-noreply@embargo.test>";
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function until(check: () => boolean, ms = 5000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("outbox worker: robustness", () => {
  it("one bad row among good ones: every row is processed", async () => {
    const t = freshDb();
    cleanups.push(t.close);
    const { db, program } = t;
    const smtp = await startSmtp();
    cleanups.push(smtp.close);
    const good = await startReceiver();
    cleanups.push(good.close);
    const down = await startReceiver();
    await down.close();

    insertWebhook(db, { programId: program.id, url: down.url, secret: "s-down" });
    insertWebhook(db, { programId: program.id, url: good.url, secret: "s-good" });
    enqueueWebhooks(
      db,
      { event: "report.created", programId: program.id, reportId: null, data: { key: "ALPHA-1" } },
      T0,
    );
    // A row with a broken payload, queued between the others.
    db.insert(schema.outbox)
      .values({
        channel: "webhook",
        event: "report.created",
        programId: program.id,
        reportId: null,
        target: good.url,
        payloadJson: "{broken",
        status: "pending",
        nextAttemptAt: T0,
        createdAt: T0,
      })
      .run();
    enqueueEmail(
      db,
      {
        event: "report.state",
        reportId: null,
        programId: program.id,
        to: "r@example.org",
        subject: "Status",
        text: "Hi",
      },
      T0,
    );

    const w = testWorker(db, { smtpUrl: smtp.url });
    expect(await w.runOnce()).toEqual({ sent: 2, failed: 1, dead: 1 });
    const byStatus = outboxRows(db).map((r) => [r.channel, r.status, r.lastError]);
    expect(byStatus).toEqual([
      ["webhook", "pending", "ECONNREFUSED"],
      ["webhook", "sent", null],
      ["webhook", "dead", "webhook payload has no webhookId"],
      ["email", "sent", null],
    ]);
    expect(good.requests).toHaveLength(1);
    expect(smtp.received).toHaveLength(1);
  });

  it("runOnce never throws: a throwing fetch is a failure, a closed database an empty run", async () => {
    const t = freshDb();
    cleanups.push(t.close);
    const { db, program } = t;
    insertWebhook(db, { programId: program.id, url: "http://127.0.0.1:9/x", secret: "s" });
    enqueueWebhooks(db, { event: "report.created", programId: program.id, reportId: null, data: {} }, T0);
    const post = () => {
      throw "not even an Error";
    };
    const { log, entries } = memoryLog();
    const w = testWorker(db, { log, post });
    expect(await w.runOnce()).toEqual({ sent: 0, failed: 1, dead: 0 });
    expect(outboxRows(db)[0]).toMatchObject({ status: "pending", attempts: 1, lastError: "network error" });

    t.close();
    await expect(w.runOnce()).resolves.toEqual({ sent: 0, failed: 0, dead: 0 });
    expect(entries.at(-1)).toMatchObject({ level: "error", msg: "outbox run failed" });
  });

  it("runs never overlap: two concurrent runOnce calls deliver once", async () => {
    const t = freshDb();
    cleanups.push(t.close);
    const { db, program } = t;
    const rx = await startReceiver();
    cleanups.push(rx.close);
    rx.respondWith((_r, res) => {
      setTimeout(() => {
        res.writeHead(204);
        res.end();
      }, 150);
    });
    insertWebhook(db, { programId: program.id, url: rx.url, secret: "s" });
    enqueueWebhooks(db, { event: "report.created", programId: program.id, reportId: null, data: {} }, T0);
    const w = testWorker(db);
    const [a, b] = await Promise.all([w.runOnce(), w.runOnce()]);
    expect(a.sent + b.sent).toBe(1);
    expect(rx.requests).toHaveLength(1);
    expect(outboxRows(db)[0]?.status).toBe("sent");
  });

  it("start() delivers on an interval, skips ticks during a run, and stop() ends it", async () => {
    const t = freshDb();
    cleanups.push(t.close);
    const { db, program } = t;
    const rx = await startReceiver();
    cleanups.push(rx.close);
    rx.respondWith((_r, res) => {
      setTimeout(() => {
        res.writeHead(200);
        res.end();
      }, 100);
    });
    insertWebhook(db, { programId: program.id, url: rx.url, secret: "s" });
    enqueueWebhooks(db, { event: "report.created", programId: program.id, reportId: null, data: { n: 1 } }, new Date());
    const w = testWorker(db);
    // The interval (10 ms) is much shorter than a delivery (100 ms): ticks during the run are skipped.
    const stop = w.start(10);
    await until(() => outboxRows(db)[0]?.status === "sent");
    expect(rx.requests).toHaveLength(1);

    // A row queued later is picked up by a later tick.
    enqueueWebhooks(db, { event: "report.created", programId: program.id, reportId: null, data: { n: 2 } }, new Date());
    await until(() => outboxRows(db)[1]?.status === "sent");
    expect(rx.requests).toHaveLength(2);

    stop();
    await w.idle();
    enqueueWebhooks(db, { event: "report.created", programId: program.id, reportId: null, data: { n: 3 } }, new Date());
    await new Promise((r) => setTimeout(r, 100));
    expect(outboxRows(db)[2]?.status).toBe("pending");
    expect(rx.requests).toHaveLength(2);
  });

  it("drains more than one batch in a run", async () => {
    const t = freshDb();
    cleanups.push(t.close);
    const { db, program } = t;
    const rx = await startReceiver();
    cleanups.push(rx.close);
    insertWebhook(db, { programId: program.id, url: rx.url, secret: "s" });
    for (let i = 0; i < 25; i++) {
      enqueueWebhooks(db, { event: "report.created", programId: program.id, reportId: null, data: { i } }, T0);
    }
    const w = testWorker(db, { batchSize: 10 });
    expect(await w.runOnce()).toEqual({ sent: 25, failed: 0, dead: 0 });
    expect(rx.requests).toHaveLength(25);
    expect(new Set(rx.requests.map((r) => r.headers["embargo-delivery"])).size).toBe(25);
  });
});
