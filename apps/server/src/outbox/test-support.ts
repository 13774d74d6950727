/** Helpers for the outbox tests: a fresh database file, a loopback SMTP server and a webhook receiver. */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { defaultPolicy, type WebhookEvent } from "@embargo/core";
import { closeDatabase, createProgram, type Db, type OutboxRow, openDatabase, schema } from "@embargo/db";
import { SMTPServer, type SMTPServerOptions } from "smtp-server";
import { memoryLog } from "../lib/log.ts";
import { testSealer } from "../secrets/testing.ts";
import { createOutboxWorker, type OutboxWorkerOptions } from "./worker.ts";

export const T0 = new Date("2030-01-15T12:00:00.000Z");

export function freshDb() {
  const dir = mkdtempSync(path.join(tmpdir(), "embargo-outbox-"));
  const db = openDatabase(path.join(dir, "outbox.db"));
  const program = createProgram(
    db,
    { slug: "alpha", name: "Alpha", keyPrefix: "ALPHA", policy: defaultPolicy() },
    { userId: null, label: "test" },
    T0,
  );
  let closed = false;
  return {
    db,
    program,
    close() {
      if (!closed) closeDatabase(db);
      closed = true;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A controllable clock for the worker's `now`. */
export function clock(start = T0) {
  let t = start.getTime();
  return {
    now: () => new Date(t),
    set: (d: Date) => {
      t = d.getTime();
    },
    advance: (ms: number) => {
      t += ms;
    },
  };
}

export const outboxRows = (db: Db): OutboxRow[] => db.select().from(schema.outbox).all();
export const outboxRow = (db: Db, id: number): OutboxRow => {
  const row = outboxRows(db).find((r) => r.id === id);
  if (!row) throw new Error(`no outbox row ${id}`);
  return row;
};
export const lastOutboxRow = (db: Db): OutboxRow => {
  const row = outboxRows(db).at(-1);
  if (!row) throw new Error("outbox is empty");
  return row;
};

export function insertWebhook(
  db: Db,
  w: { programId: number | null; url: string; secret: string; events?: WebhookEvent[]; active?: boolean },
) {
  return db
    .insert(schema.webhooks)
    .values({
      programId: w.programId,
      url: w.url,
      secret: w.secret,
      events: w.events ?? ["report.created"],
      active: w.active ?? true,
      createdAt: T0,
    })
    .returning()
    .get();
}

export interface ReceivedMail {
  mailFrom: string | null;
  rcptTo: string[];
  raw: string;
}

/** smtp-server on 127.0.0.1:0, plain text (no STARTTLS), no auth. */
export async function startSmtp(options: Partial<SMTPServerOptions> = {}) {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        received.push({
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        cb();
      });
    },
    ...options,
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

type Responder = (req: ReceivedRequest, res: ServerResponse) => void;

/** A node:http receiver on 127.0.0.1:0 that records requests; answers 200 unless `respond` is replaced. */
export async function startReceiver() {
  const requests: ReceivedRequest[] = [];
  const state: { respond: Responder } = {
    respond: (_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("ok");
    },
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const r = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(r);
      state.respond(r, res);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let closed = false;
  return {
    url: `http://127.0.0.1:${port}/hooks/embargo`,
    port,
    requests,
    respondWith(fn: Responder) {
      state.respond = fn;
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (closed) return resolve();
        closed = true;
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A worker as most tests want it: the test sealer, local receivers allowed, a memory log, the test clock. */
export function testWorker(db: Db, opts: Partial<OutboxWorkerOptions> = {}) {
  return createOutboxWorker({
    db,
    from: "Embargo <security-noreply@embargo.test>",
    sealer: testSealer,
    allowPrivateWebhooks: true,
    log: memoryLog().log,
    now: clock().now,
    ...opts,
  });
}
