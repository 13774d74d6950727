import { connect } from "node:net";
import { createTransport } from "nodemailer";
import type Mail from "nodemailer/lib/mailer/index.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type LogEntry, type Logger, memoryLog } from "../lib/log.ts";
import { type SmtpListener, startSmtpListener } from "./listener.ts";
import { contentCounts, fixture, pngBytes, reportRow, type TestEnv, testEnv } from "./testing.ts";

let env: TestEnv;
let listener: SmtpListener;
let log: Logger;
let logged: LogEntry[];

async function start(maxMessageBytes?: number) {
  listener = await startSmtpListener({ cfg: env.cfg, port: 0, log, ...(maxMessageBytes ? { maxMessageBytes } : {}) });
}

beforeEach(async () => {
  env = testEnv();
  ({ log, entries: logged } = memoryLog());
  await start();
});
afterEach(async () => {
  await listener.close();
  env.close();
});

/** Speak SMTP by hand: one command after each complete reply. */
function rawSession(port: number, commands: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const lines: string[] = [];
    let buffer = "";
    const queue = [...commands];
    socket.setEncoding("utf8");
    socket.on("data", (d: string) => {
      buffer += d;
      let i = buffer.indexOf("\r\n");
      while (i >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        lines.push(line);
        // a reply ends with "NNN " (a continuation line is "NNN-")
        if (/^\d{3} /.test(line)) {
          const next = queue.shift();
          if (next) socket.write(`${next}\r\n`);
        }
        i = buffer.indexOf("\r\n");
      }
    });
    socket.on("error", reject);
    socket.on("close", () => resolve(lines));
  });
}

function send(mail: Mail.Options) {
  const transport = createTransport({ host: "127.0.0.1", port: listener.port, secure: false, ignoreTLS: true });
  return transport.sendMail(mail).finally(() => transport.close());
}

describe("the SMTP listener on loopback", () => {
  it("accepts a [SECURITY] report; the report exists when sendMail resolves", async () => {
    const info = await send({
      from: '"Alice Researcher" <alice@researcher.example>',
      to: "security@voice.example",
      subject: "[SECURITY] CSRF on the password change form",
      text: "The form has no CSRF token; a third-party page can change the password.",
    });
    expect(info.response).toMatch(/^250 Accepted as VOICE-1/);
    expect(info.accepted).toEqual(["security@voice.example"]);
    expect(reportRow(env.db, "VOICE-1")).toMatchObject({
      program: "voice",
      title: "CSRF on the password change form",
      channel: "email",
      intake_priority: "security",
      reporter_email: "alice@researcher.example",
      reporter_name: "Alice Researcher",
    });
    expect(reportRow(env.db, "VOICE-1")!.description).toBe(
      "The form has no CSRF token; a third-party page can change the password.",
    );
    expect(logged).toContainEqual(
      expect.objectContaining({ level: "info", obj: { outcome: "report", key: "VOICE-1" } }),
    );
  });

  it("a [CRITICAL SECURITY] report is critical", async () => {
    await send({
      from: "carol@researcher.example",
      to: "emergency@voice.example",
      subject: "[CRITICAL SECURITY] Auth bypass",
      text: "Any password works for the admin account.",
    });
    expect(reportRow(env.db, "VOICE-1")).toMatchObject({ severity: "critical", intake_priority: "critical" });
  });

  it("the envelope recipient selects the program, whatever the To header says", async () => {
    await send({
      envelope: { from: "bob@researcher.example", to: ["web@mx.example"] },
      from: "bob@researcher.example",
      to: "security@voice.example",
      subject: "[SECURITY] Open redirect",
      text: "…",
    });
    expect(reportRow(env.db, "WEB-1")?.program).toBe("web");
    expect(reportRow(env.db, "VOICE-1")).toBeUndefined();
  });

  it("an attachment and a reply through SMTP", async () => {
    const png = await pngBytes();
    await send({
      from: "alice@researcher.example",
      to: "security@voice.example",
      subject: "[SECURITY] With screenshot",
      text: "See the screenshot.",
      attachments: [{ filename: "s.png", content: png }],
    });
    const info = await send({
      from: "alice@researcher.example",
      to: "security@voice.example",
      subject: "Re: [VOICE-1] We received your security report",
      text: "One more detail.\n\nOn Mon, 2 Mar 2026, Voice <security@voice.example> wrote:\n> Thanks\n",
    });
    expect(info.response).toMatch(/^250 Accepted as VOICE-1/);
    const rows = env.db.$client
      .prepare("SELECT (SELECT count(*) FROM attachments) AS files, (SELECT body FROM messages) AS reply")
      .get();
    expect(rows).toEqual({ files: 1, reply: "One more detail." });
  });

  it("an unknown recipient is refused at RCPT with 550; nothing is stored", async () => {
    const err = await send({
      from: "alice@researcher.example",
      to: "nobody@elsewhere.example",
      subject: "[SECURITY] x",
      text: "hello",
    }).catch((e: unknown) => e as { responseCode?: number; response?: string });
    expect(err).toMatchObject({ responseCode: 550 });
    expect(String((err as { response?: string }).response)).toMatch(/No security program receives mail/);
    expect(contentCounts(env.db).reports).toBe(0);
    expect(env.db.$client.prepare("SELECT count(*) AS n FROM inbound_emails").get()).toEqual({ n: 0 });
  });

  it("a message the intake refuses gets 550 with the reason, so the sender's server bounces it", async () => {
    const err = await send({
      from: "dave@researcher.example",
      to: "security@voice.example",
      subject: "Question about the bounty",
      text: "Do you pay?",
    }).catch((e: unknown) => e as { responseCode?: number; response?: string });
    expect(err).toMatchObject({ responseCode: 550 });
    expect(String((err as { response?: string }).response)).toContain(
      "subject has no [SECURITY] tag and no report key",
    );
    expect(contentCounts(env.db).reports).toBe(0);
    const rows = env.db.$client.prepare("SELECT outcome, reason FROM inbound_emails").all();
    expect(rows).toEqual([{ outcome: "refused", reason: "subject has no [SECURITY] tag and no report key" }]);
    expect(logged).toContainEqual(
      expect.objectContaining({
        level: "warn",
        obj: { outcome: "refused", reason: "subject has no [SECURITY] tag and no report key" },
      }),
    );
  });

  it("a wrong-type attachment is refused with 550 and nothing is created", async () => {
    const raw = fixture("attachment-wrong-type.eml");
    const err = await send({
      envelope: { from: "mallory@researcher.example", to: ["security@voice.example"] },
      raw,
    }).catch((e: unknown) => e as { responseCode?: number; response?: string });
    expect(err).toMatchObject({ responseCode: 550 });
    expect(contentCounts(env.db)).toEqual({ reports: 0, messages: 0, attachments: 0, researchers: 0 });
  });

  it("a message over the size limit is rejected with 552 and recorded as refused", async () => {
    await listener.close();
    await start(64 * 1024);
    const err = await send({
      from: "alice@researcher.example",
      to: "security@voice.example",
      subject: "[SECURITY] big",
      text: "x",
      attachments: [{ filename: "big.bin", content: Buffer.alloc(200 * 1024, 7) }],
    }).catch((e: unknown) => e as { responseCode?: number; response?: string });
    expect(err).toMatchObject({ responseCode: 552 });
    expect(contentCounts(env.db).reports).toBe(0);
    const rows = env.db.$client.prepare("SELECT outcome, reason FROM inbound_emails").all();
    // nodemailer does not announce the size, so the data is received, counted and discarded
    expect(rows).toEqual([{ outcome: "refused", reason: "message is larger than 64 KB" }]);
  });

  it("the SIZE extension: advertised, and an announced size over the limit is refused at MAIL FROM", async () => {
    await listener.close();
    await start(64 * 1024);
    const lines = await rawSession(listener.port, [
      "EHLO client.example",
      "MAIL FROM:<alice@researcher.example> SIZE=10485760",
      "QUIT",
    ]);
    expect(lines.join("\n")).toMatch(/^250[ -]SIZE 65536$/m);
    expect(lines.join("\n")).toMatch(/^552 .*message exceeds fixed maximum message size/m);
    // nodemailer reads the advertised limit too and, given the size, does not even try
    const err = await send({
      envelope: Object.assign(
        { from: "alice@researcher.example", to: "security@voice.example" },
        { size: 10 * 1024 * 1024 },
      ),
      raw: fixture("plain-text.eml"),
    }).catch((e: unknown) => e as Error);
    expect(String(err)).toMatch(/larger than allowed 65536/);
  });

  it("logs never carry message content", async () => {
    const secret = "TOPSECRETPAYLOAD";
    await send({
      from: "a@researcher.example",
      to: "security@voice.example",
      subject: `[SECURITY] ${secret}`,
      text: secret,
    });
    await send({ from: "a@researcher.example", to: "security@voice.example", subject: secret, text: secret }).catch(
      () => {},
    );
    expect(logged.length).toBeGreaterThan(0);
    expect(JSON.stringify(logged)).not.toContain(secret);
  });

  it("refuses to listen on a non-loopback address without TLS", async () => {
    await expect(startSmtpListener({ cfg: env.cfg, port: 0, host: "0.0.0.0", log })).rejects.toThrow(/loopback/);
  });
});
