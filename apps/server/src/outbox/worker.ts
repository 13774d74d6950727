import { DASHBOARD_SLOT, fillSlots, LINK_SLOTS, type LinkSlot } from "@embargo/core";
import {
  claimOutbox,
  type Db,
  dueOutbox,
  emailPayloadJson,
  emailPayloadOf,
  markFailed,
  markSent,
  type OutboxRow,
  webhookById,
  webhookIdOf,
} from "@embargo/db";
import { createTransport } from "nodemailer";
import type { Logger } from "../lib/log.ts";
import type { Sealer } from "../secrets/sealer.ts";
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signWebhook } from "./signature.ts";
import { BlockedAddressError, createWebhookPost, type WebhookPost } from "./webhook-post.ts";

/**
 * Delivers the outbox: emails over SMTP and signed webhooks over HTTP(S),
 * with retries and backoff, and a dead letter after the last try.
 *
 * Rows are written in the same transaction as the change they report; this
 * worker only reads due rows and records the outcome. Without an SMTP URL,
 * email rows wait in the outbox (visible to admins) and are not attempted.
 */

export interface OutboxWorkerOptions {
  db: Db;
  /** e.g. smtp://user:pass@mail.example.com:587; unset = email rows wait. */
  smtpUrl?: string | undefined;
  /** From address of every email, e.g. `Embargo <security-noreply@example.com>`. */
  from: string;
  /** Only ids, channels, events, counts and outcome texts are ever logged. */
  log: Logger;
  /** Opens the sealed links of a queued email (status, invitation, reset), only to send it. */
  sealer: Sealer;
  /** The dashboard's public address, written where staff emails say DASHBOARD_SLOT. */
  dashboardUrl?: string;
  now?: () => Date;
  /** Sends one webhook; default: node http(s) that calls public addresses only (unless allowPrivateWebhooks). */
  post?: WebhookPost;
  /** EMBARGO_WEBHOOK_ALLOW_PRIVATE: receivers on loopback or private networks may be called. */
  allowPrivateWebhooks?: boolean;
  /** Tries before a delivery is dead-lettered (default 8). */
  maxAttempts?: number;
  /** Delay in ms before the next try, given how many tries have failed so far (1-based). */
  backoff?: (attempt: number) => number;
  /** Per-request webhook timeout (default 10 s). */
  webhookTimeoutMs?: number;
  /** Deliveries in flight at once within a run (default 4). */
  concurrency?: number;
  /** Rows fetched per batch (default 50); a run keeps fetching while batches are full. */
  batchSize?: number;
  /** How long a claim on a row lasts before another sender may take it (default 2 min). */
  leaseMs?: number;
}

export interface OutboxRunResult {
  sent: number;
  /** Failed and scheduled for another try. */
  failed: number;
  /** Dead-lettered in this run (last try failed, or undeliverable). */
  dead: number;
}

export interface OutboxWorker {
  /** Deliver what is due now. Never rejects; a call during a run waits for it, then runs. */
  runOnce(): Promise<OutboxRunResult>;
  /** Run now and then every `everyMs`; ticks that find a run in progress are skipped. Returns stop. */
  start(everyMs?: number): () => void;
  /** Resolves when no run is in progress (for a graceful shutdown before closing the database). */
  idle(): Promise<void>;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const BACKOFF_SCHEDULE = [30 * SECOND, 2 * MINUTE, 10 * MINUTE, 30 * MINUTE, 2 * HOUR, 6 * HOUR];
const BACKOFF_CAP = 12 * HOUR;

/** 30 s, 2 min, 10 min, 30 min, 2 h, 6 h, then 12 h between tries. */
export function defaultBackoff(attempt: number): number {
  return BACKOFF_SCHEDULE[Math.max(0, attempt - 1)] ?? BACKOFF_CAP;
}

/** Replace the secret token of any `/status/<token>` link, so it does not stay in the database once sent. */
export function scrubStatusLinks(s: string): string {
  return s.replace(/\/status\/[^\s/?#"'<>()[\]]+/g, "/status/[sent]");
}

type Outcome =
  | { kind: "sent"; scrubbedPayloadJson?: string }
  | { kind: "failed"; error: string }
  | { kind: "dead"; error: string }
  | { kind: "skip" };

const SMTP_DEFAULT_PARAMS: Record<string, string> = {
  connectionTimeout: "15000",
  greetingTimeout: "15000",
  socketTimeout: "60000",
};

/** Add timeouts unless the URL sets its own (nodemailer reads options from the query string). */
function smtpUrlWithDefaults(smtpUrl: string): string {
  let u: URL;
  try {
    u = new URL(smtpUrl);
  } catch {
    return smtpUrl;
  }
  for (const [k, v] of Object.entries(SMTP_DEFAULT_PARAMS)) if (!u.searchParams.has(k)) u.searchParams.set(k, v);
  return u.toString();
}

const SAFE_CODE = /^[A-Z][A-Z0-9_]{1,39}$/;

/** An SMTP failure without the server's free text (it may echo addresses or content). */
function smtpErrorText(err: unknown): string {
  const e = (err ?? {}) as { code?: unknown; responseCode?: unknown; command?: unknown };
  const parts = ["SMTP"];
  if (typeof e.responseCode === "number" && Number.isInteger(e.responseCode)) parts.push(String(e.responseCode));
  if (typeof e.code === "string" && SAFE_CODE.test(e.code)) parts.push(e.code);
  if (typeof e.command === "string" && /^[A-Z]{2,8}( [A-Z]{2,4})?$/.test(e.command)) parts.push(`(${e.command})`);
  if (parts.length === 1) parts.push("error");
  return parts.join(" ");
}

/** A network failure as a code (ECONNREFUSED, ENOTFOUND, timeout…), never a message with the URL. */
function networkErrorText(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError")) {
    return `timeout after ${Math.round(timeoutMs / 100) / 10} s`;
  }
  let cur: unknown = err;
  for (let depth = 0; depth < 4 && cur && typeof cur === "object"; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === "string" && SAFE_CODE.test(code)) return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return "network error";
}

export function createOutboxWorker(opts: OutboxWorkerOptions): OutboxWorker {
  const {
    db,
    from,
    log,
    sealer,
    now = () => new Date(),
    post = createWebhookPost({ allowPrivate: opts.allowPrivateWebhooks ?? false }),
    maxAttempts = 8,
    backoff = defaultBackoff,
    webhookTimeoutMs = 10_000,
    concurrency = 4,
    batchSize = 50,
  } = opts;
  // Longer than any one delivery can take (the webhook deadline, an SMTP exchange), so a live sender's
  // claim never lapses mid-send; a dead sender's row is retried once it does.
  const leaseMs = opts.leaseMs ?? Math.max(120_000, webhookTimeoutMs * 3);
  const transport = opts.smtpUrl ? createTransport(smtpUrlWithDefaults(opts.smtpUrl)) : null;
  let stopped = false;
  let current: Promise<OutboxRunResult> | null = null;

  /** Due rows; without SMTP only webhooks, so waiting emails never crowd them out of a batch. */
  function due(at: Date): OutboxRow[] {
    return dueOutbox(db, at, batchSize, transport ? undefined : "webhook");
  }

  async function deliverEmail(row: OutboxRow): Promise<Outcome> {
    if (!transport) return { kind: "skip" };
    const payload = emailPayloadOf(row);
    if (!payload) return { kind: "dead", error: "email payload is not {subject, text}" };
    const fills: [string, string][] = [];
    for (const [slot, sealedUrl] of Object.entries(payload.sealed ?? {}) as [LinkSlot, string][]) {
      const url = sealer.open(sealedUrl);
      if (url === null) return { kind: "dead", error: "a sealed link does not open with this installation's key" };
      fills.push([LINK_SLOTS[slot], url]);
    }
    if (opts.dashboardUrl) fills.push([DASHBOARD_SLOT, opts.dashboardUrl.replace(/\/+$/, "")]);
    const { text, html } = fillSlots(payload, fills);
    try {
      await transport.sendMail({
        from,
        to: row.target,
        subject: payload.subject,
        text,
        // With an HTML part nodemailer sends multipart/alternative: clients show the HTML, others the text.
        ...(html !== undefined ? { html } : {}),
        // Replies go to the program's security address, where email intake joins them to the thread.
        ...(payload.replyTo !== undefined ? { replyTo: payload.replyTo } : {}),
        headers: { "Auto-Submitted": "auto-generated" },
        disableFileAccess: true,
        disableUrlAccess: true,
      });
    } catch (err) {
      return { kind: "failed", error: smtpErrorText(err) };
    }
    // Once sent, the sealed link goes too, and any link written in clear by an older version.
    const { sealed: _sealed, ...kept } = payload;
    const scrubbed = emailPayloadJson({
      ...kept,
      subject: scrubStatusLinks(payload.subject),
      text: scrubStatusLinks(payload.text),
      ...(payload.html !== undefined ? { html: scrubStatusLinks(payload.html) } : {}),
    });
    return scrubbed === row.payloadJson ? { kind: "sent" } : { kind: "sent", scrubbedPayloadJson: scrubbed };
  }

  async function deliverWebhook(row: OutboxRow): Promise<Outcome> {
    const webhookId = webhookIdOf(row);
    if (webhookId === null) return { kind: "dead", error: "webhook payload has no webhookId" };
    const hook = webhookById(db, webhookId);
    if (!hook) return { kind: "dead", error: `webhook ${webhookId} no longer exists` };
    if (!hook.active) return { kind: "dead", error: `webhook ${webhookId} is inactive` };
    let url: URL;
    try {
      url = new URL(row.target);
    } catch {
      return { kind: "dead", error: "webhook URL is not a valid URL" };
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      return { kind: "dead", error: "webhook URL must be http or https" };
    }
    const body = row.payloadJson;
    const timestamp = Math.floor(now().getTime() / 1000);
    let status: number;
    try {
      // Redirects are not followed (a 3xx counts as a failure), so a receiver cannot bounce us elsewhere.
      status = await post(url, {
        headers: {
          "Content-Type": "application/json",
          "User-Agent": "Embargo-Webhooks/1",
          [SIGNATURE_HEADER]: signWebhook(hook.secret, timestamp, body),
          [EVENT_HEADER]: row.event,
          [DELIVERY_HEADER]: String(row.id),
        },
        body,
        timeoutMs: webhookTimeoutMs,
      });
    } catch (err) {
      // A non-public destination is a setting to change, not a network blip: no retries.
      if (err instanceof BlockedAddressError) {
        return {
          kind: "dead",
          error: `${err.message}: refused (set EMBARGO_WEBHOOK_ALLOW_PRIVATE=true to allow private receivers)`,
        };
      }
      return { kind: "failed", error: networkErrorText(err, webhookTimeoutMs) };
    }
    if (status >= 200 && status < 300) return { kind: "sent" };
    return { kind: "failed", error: `HTTP ${status}` };
  }

  /** Deliver one row and record the outcome; never throws. */
  async function processRow(row: OutboxRow): Promise<"sent" | "failed" | "dead" | "skip"> {
    const meta = { outboxId: row.id, channel: row.channel, event: row.event };
    try {
      // Without SMTP an email is not ours to send yet: leave it unclaimed.
      if (row.channel === "email" && !transport) return "skip";
      if (!claimOutbox(db, row.id, now(), leaseMs)) return "skip";
      let outcome: Outcome;
      try {
        outcome = row.channel === "email" ? await deliverEmail(row) : await deliverWebhook(row);
      } catch {
        outcome = { kind: "failed", error: "internal error" };
      }
      if (outcome.kind === "skip") return "skip";
      if (outcome.kind === "sent") {
        markSent(db, row.id, now(), outcome.scrubbedPayloadJson);
        log.info({ ...meta, attempt: row.attempts + 1 }, "outbox delivered");
        return "sent";
      }
      const attempt = row.attempts + 1;
      if (outcome.kind === "failed" && attempt < maxAttempts) {
        const delay = Math.max(0, backoff(attempt));
        const next = new Date(now().getTime() + (Number.isFinite(delay) ? delay : BACKOFF_CAP));
        markFailed(db, row, outcome.error, next);
        log.warn(
          { ...meta, attempt, error: outcome.error, nextAttemptAt: next.toISOString() },
          "outbox delivery failed",
        );
        return "failed";
      }
      markFailed(db, row, outcome.error, null);
      log.error({ ...meta, attempt, error: outcome.error }, "outbox delivery dead-lettered");
      return "dead";
    } catch (err) {
      // Recording the outcome failed (e.g. the database is closing); the row stays due.
      log.error({ ...meta, err: err instanceof Error ? err.name : "unknown" }, "outbox could not record a delivery");
      return "failed";
    }
  }

  async function run(): Promise<OutboxRunResult> {
    const result: OutboxRunResult = { sent: 0, failed: 0, dead: 0 };
    const seen = new Set<number>();
    try {
      // Keep going while batches come back full, with a bound so a zero backoff cannot spin forever.
      for (let batch = 0; batch < 20 && !stopped; batch++) {
        const rows = due(now());
        const fresh = rows.filter((r) => !seen.has(r.id));
        for (const r of fresh) seen.add(r.id);
        let next = 0;
        const lane = async () => {
          while (next < fresh.length && !stopped) {
            const row = fresh[next++]!;
            const r = await processRow(row);
            if (r !== "skip") result[r]++;
          }
        };
        await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, fresh.length)) }, lane));
        if (rows.length < batchSize || fresh.length === 0) break;
      }
    } catch (err) {
      log.error({ err: err instanceof Error ? err.name : "unknown" }, "outbox run failed");
    }
    return result;
  }

  function runOnce(): Promise<OutboxRunResult> {
    const previous = current;
    const mine: Promise<OutboxRunResult> = (async () => {
      if (previous) await previous.catch(() => undefined);
      return run();
    })();
    current = mine;
    mine
      .finally(() => {
        if (current === mine) current = null;
      })
      .catch(() => {});
    return mine;
  }

  async function idle(): Promise<void> {
    while (current) await current.catch(() => undefined);
  }

  function start(everyMs = 10_000): () => void {
    stopped = false;
    const tick = () => {
      if (current || stopped) return;
      void runOnce();
    };
    tick();
    const timer = setInterval(tick, everyMs);
    timer.unref();
    return () => {
      stopped = true;
      clearInterval(timer);
      void idle().then(() => transport?.close());
    };
  }

  return { runOnce, start, idle };
}
