import { createHash } from "node:crypto";
import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from "smtp-server";
import type { Logger } from "../lib/log.ts";
import {
  DEFAULT_MAX_MESSAGE_BYTES,
  type EmailIntakeConfig,
  type IngestResult,
  ingestEmail,
  oversizeReason,
  programForRecipients,
  recordOversized,
} from "./ingest.ts";

export interface SmtpListenerOptions {
  cfg: EmailIntakeConfig;
  port: number;
  /** Default 127.0.0.1. A non-loopback address needs `key` and `cert` (STARTTLS). */
  host?: string;
  /** Gets outcome, key, reason, sizes; never message content or addresses. */
  log: Logger;
  /** Default 25 MB; advertised with the SIZE extension. */
  maxMessageBytes?: number;
  /** PEM key and certificate for STARTTLS; required to listen on a non-loopback address. */
  key?: string | Buffer;
  cert?: string | Buffer;
  /** Concurrent connections (default 20); every one may buffer up to maxMessageBytes. */
  maxClients?: number;
}

export interface SmtpListener {
  port: number;
  close(): Promise<void>;
}

const MAX_RECIPIENTS = 50;

export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === "::ffff:127.0.0.1";
}

const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

/** An SMTP reply line carries no CR/LF and stays short. */
const replyText = (s: string) =>
  s
    .replace(/[\r\n]+/g, " ")
    .replace(/[^\x20-\x7e]/g, "?")
    .slice(0, 400);

/**
 * The inbound SMTP listener for email intake. It accepts mail only for
 * program addresses (RCPT to anything else: 550), advertises and enforces
 * the message size (552 when over), and answers 250 only after
 * `ingestEmail` has committed the report or reply. A refused message gets
 * 550 with the reason, so the sending server bounces it to the sender; an
 * internal failure gets 451 so the sender retries later.
 *
 * On loopback there is no TLS and no AUTH (STARTTLS and AUTH disabled): it
 * is meant to sit behind the host's own mail server. Listening anywhere
 * else requires a key and certificate, and then STARTTLS is offered.
 */
export async function startSmtpListener(opts: SmtpListenerOptions): Promise<SmtpListener> {
  const { log } = opts;
  const host = opts.host ?? "127.0.0.1";
  const max = opts.maxMessageBytes ?? opts.cfg.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const cfg: EmailIntakeConfig = { ...opts.cfg, maxMessageBytes: max };
  const loopback = isLoopback(host);
  if (!loopback && !(opts.key && opts.cert)) {
    throw new Error(
      `The SMTP listener accepts plain-text connections only on a loopback address; give a TLS key and certificate to listen on ${host}`,
    );
  }

  const finish = (result: IngestResult, callback: (err?: Error | null, message?: string) => void) => {
    if (result.outcome === "refused") {
      if (result.duplicateOf) {
        log.info({ outcome: "duplicate", key: result.duplicateOf }, "email intake: message already received");
        return callback(null, replyText(`Already received as ${result.duplicateOf}`));
      }
      log.warn({ outcome: "refused", reason: result.reason }, "email intake: message refused");
      return callback(smtpError(550, replyText(`Message refused: ${result.reason}`)));
    }
    log.info({ outcome: result.outcome, key: result.key }, "email intake: message accepted");
    return callback(null, replyText(`Accepted as ${result.key}`));
  };

  const onData = (
    stream: SMTPServerDataStream,
    session: SMTPServerSession,
    reply: (err?: Error | null, message?: string) => void,
  ) => {
    let answered = false;
    const callback = (err?: Error | null, message?: string) => {
      if (answered) return;
      answered = true;
      reply(err, message);
    };
    const chunks: Buffer[] = [];
    const hash = createHash("sha256");
    let size = 0;
    let over = false;
    stream.on("data", (chunk: Buffer) => {
      size += chunk.length;
      hash.update(chunk);
      if (size > max) {
        over = true;
        chunks.length = 0; // keep reading (the client is still sending) but keep nothing
      } else if (!over) {
        chunks.push(chunk);
      }
    });
    stream.once("error", (err) => {
      log.error({ err: err.name }, "email intake: receiving the message failed");
      callback(smtpError(451, "Temporary failure, try again later"));
    });
    stream.once("end", () => {
      if (over || stream.sizeExceeded) {
        try {
          const r = recordOversized(cfg, { sha256: hash.digest("hex"), size });
          log.warn({ outcome: "refused", reason: r.reason, size }, "email intake: message refused");
        } catch (err) {
          log.error({ err: err instanceof Error ? err.name : "unknown" }, "email intake: recording a refusal failed");
        }
        return callback(smtpError(552, replyText(`Message refused: ${oversizeReason(max)}`)));
      }
      const envelope = {
        to: session.envelope.rcptTo.map((a) => a.address),
        ...(session.envelope.mailFrom ? { from: session.envelope.mailFrom.address } : {}),
      };
      ingestEmail(cfg, Buffer.concat(chunks, size), envelope).then(
        (result) => finish(result, callback),
        (err: unknown) => {
          log.error({ err: err instanceof Error ? err.name : "unknown" }, "email intake: storing the message failed");
          callback(smtpError(451, "Temporary failure, try again later"));
        },
      );
    });
  };

  const server = new SMTPServer({
    banner: "Embargo email intake",
    logger: false,
    authOptional: true,
    disabledCommands: loopback ? ["AUTH", "STARTTLS"] : ["AUTH"],
    ...(loopback ? {} : { key: opts.key, cert: opts.cert }),
    size: max,
    maxClients: opts.maxClients ?? 20,
    closeTimeout: 5_000,
    onRcptTo(address, session, callback) {
      if (session.envelope.rcptTo.length >= MAX_RECIPIENTS) {
        return callback(smtpError(452, "Too many recipients"));
      }
      try {
        if (!programForRecipients(cfg.db, [address.address])) {
          return callback(smtpError(550, replyText(`No security program receives mail at <${address.address}>`)));
        }
      } catch (err) {
        log.error({ err: err instanceof Error ? err.name : "unknown" }, "email intake: recipient check failed");
        return callback(smtpError(451, "Temporary failure, try again later"));
      }
      callback();
    },
    onData,
  });
  server.on("error", (err) => log.error({ err: err.name }, "email intake: SMTP listener error"));

  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.server.once("error", onError);
    server.listen(opts.port, host, () => {
      server.server.off("error", onError);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  log.info({ port, host, maxMessageBytes: max }, "email intake: SMTP listener started");
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
