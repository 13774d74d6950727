import { randomBytes } from "node:crypto";
import { invitationEmail, LINK_SLOTS, messageEmail, receiptEmail, STATUS_LINK_SLOT } from "@embargo/core";
import { type Db, enqueueEmail } from "@embargo/db";
import { simpleParser } from "mailparser";
import { afterEach, describe, expect, it } from "vitest";
import { memoryLog } from "../lib/log.ts";
import { createSealer } from "../secrets/sealer.ts";
import { testSealer } from "../secrets/testing.ts";
import { clock, freshDb, lastOutboxRow, outboxRow, outboxRows, startSmtp, T0, testWorker } from "./test-support.ts";
import { defaultBackoff, scrubStatusLinks } from "./worker.ts";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(smtpOptions?: Parameters<typeof startSmtp>[0]) {
  const t = freshDb();
  cleanups.push(t.close);
  const smtp = await startSmtp(smtpOptions);
  cleanups.push(smtp.close);
  return { ...t, smtp };
}

const email = (
  programId: number,
  over: Partial<{ event: string; to: string; subject: string; text: string }> = {},
) => ({
  event: "report.message",
  reportId: null,
  programId,
  to: "researcher@example.org",
  subject: "[ALPHA-1] New message from the Alpha security team",
  text: "The security team wrote about your report ALPHA-1:\n\nThanks, we reproduced it.",
  ...over,
});

/** Queue a reporter email with its status link sealed beside it, as the intake and notify paths do; returns the row id. */
function enqueueWithStatusLink(
  db: Db,
  programId: number,
  event: string,
  mail: { subject: string; text: string; html: string },
  url: string,
): number {
  enqueueEmail(
    db,
    { event, reportId: null, programId, to: "r@example.org", ...mail, sealed: { statusUrl: testSealer.seal(url) } },
    T0,
  );
  return lastOutboxRow(db).id;
}

const rcptRejected = (_a: unknown, _s: unknown, cb: (err?: Error | null) => void) => {
  const err = Object.assign(new Error("5.1.1 researcher@example.org: mailbox unavailable"), { responseCode: 550 });
  cb(err);
};

describe("outbox worker: email", () => {
  it("delivers a pending email over SMTP and marks it sent", async () => {
    const { db, program, smtp } = await setup();
    const c = clock();
    enqueueEmail(db, email(program.id), T0);
    const id = lastOutboxRow(db).id;

    const w = testWorker(db, { smtpUrl: smtp.url, now: c.now });
    expect(await w.runOnce()).toEqual({ sent: 1, failed: 0, dead: 0 });

    expect(smtp.received).toHaveLength(1);
    const got = smtp.received[0]!;
    expect(got.rcptTo).toEqual(["researcher@example.org"]);
    expect(got.mailFrom).toBe("security-noreply@embargo.test");
    const parsed = await simpleParser(got.raw);
    expect(parsed.subject).toBe("[ALPHA-1] New message from the Alpha security team");
    expect(parsed.text?.trim()).toBe("The security team wrote about your report ALPHA-1:\n\nThanks, we reproduced it.");
    expect(parsed.html).toBe(false);
    expect(parsed.headers.get("auto-submitted")).toBe("auto-generated");
    expect(parsed.from?.text).toContain("security-noreply@embargo.test");

    const row = outboxRow(db, id);
    expect(row.status).toBe("sent");
    expect(row.attempts).toBe(1);
    expect(row.sentAt?.getTime()).toBe(T0.getTime());
    expect(row.lastError).toBeNull();

    // Sent rows are not sent again.
    expect(await w.runOnce()).toEqual({ sent: 0, failed: 0, dead: 0 });
    expect(smtp.received).toHaveLength(1);
  });

  it("delivers an invitation with its link opened from the invitation slot, then keeps no seal", async () => {
    const { db, program, smtp } = await setup();
    const url = "https://security.example.com/invite?token=Invitation_Token-abcdefghijklmn";
    const mail = invitationEmail({ programName: "Alpha", role: "triager", inviter: "Ada" });
    enqueueEmail(
      db,
      {
        event: "member.invited",
        reportId: null,
        programId: program.id,
        to: "new@example.org",
        ...mail,
        sealed: { invitationUrl: testSealer.seal(url) },
      },
      T0,
    );
    const id = lastOutboxRow(db).id;
    expect(outboxRow(db, id).payloadJson).not.toContain("Invitation_Token");
    const w = testWorker(db, { smtpUrl: smtp.url });
    expect((await w.runOnce()).sent).toBe(1);
    const parsed = await simpleParser(smtp.received[0]!.raw);
    expect(parsed.text).toContain(url);
    expect(parsed.text).not.toContain(LINK_SLOTS.invitationUrl);
    expect(JSON.parse(outboxRow(db, id).payloadJson)).toEqual({ subject: mail.subject, text: mail.text });
  });

  it("delivers a receipt with its status link opened from the seal, then keeps no seal", async () => {
    const { db, program, smtp } = await setup();
    const token = "s3cr3t-Status_Token-abcdefghijklmnop";
    const url = `https://security.example.com/status/${token}`;
    const mail = receiptEmail({
      key: "ALPHA-7",
      programName: "Alpha",
      nextPromisedAt: null,
    });
    const id = enqueueWithStatusLink(db, program.id, "report.receipt", mail, url);
    expect(outboxRow(db, id).payloadJson).not.toContain(token);

    const w = testWorker(db, { smtpUrl: smtp.url });
    expect((await w.runOnce()).sent).toBe(1);

    const parsed = await simpleParser(smtp.received[0]!.raw);
    expect(parsed.text).toContain(url);
    expect(parsed.text).not.toContain(STATUS_LINK_SLOT);

    const row = outboxRow(db, id);
    expect(row.status).toBe("sent");
    const stored = JSON.parse(row.payloadJson) as Record<string, unknown>;
    expect(stored).toEqual({ subject: mail.subject, text: mail.text, html: mail.html });
  });

  it("sends a reporter email as multipart/alternative: text and HTML, the status link opened into both", async () => {
    const { db, program, smtp } = await setup();
    const token = "Status_Token-multipart-abcdefghijkl";
    const url = `https://security.example.com/status/${token}`;
    const mail = messageEmail({ key: "ALPHA-9", programName: "Alpha", body: "Fixed? <script>alert(1)</script>" });
    const id = enqueueWithStatusLink(db, program.id, "report.message", mail, url);
    const w = testWorker(db, { smtpUrl: smtp.url });
    expect((await w.runOnce()).sent).toBe(1);

    const parsed = await simpleParser(smtp.received[0]!.raw);
    expect(parsed.headers.get("content-type")).toMatchObject({ value: "multipart/alternative" });
    expect(parsed.subject).toBe("[ALPHA-9] New message from the Alpha security team");
    expect(parsed.text).toContain(url);
    expect(parsed.text).toContain("Fixed? <script>alert(1)</script>");
    expect(parsed.html).toContain(`href="${url}"`);
    expect(parsed.html).toContain("Fixed? &lt;script&gt;alert(1)&lt;/script&gt;");
    expect(parsed.html).not.toContain("<script");
    expect(parsed.html).not.toContain(STATUS_LINK_SLOT);
    // Once sent, neither part keeps the link: the stored payload still says the slot.
    const stored = JSON.parse(outboxRow(db, id).payloadJson) as Record<string, string>;
    expect(stored.html).toBe(mail.html);
    expect(outboxRow(db, id).payloadJson).not.toContain(token);
  });

  it("dead-letters a receipt whose seal does not open with this installation's key", async () => {
    const { db, program, smtp } = await setup();
    const mail = receiptEmail({
      key: "ALPHA-8",
      programName: "Alpha",
      nextPromisedAt: null,
    });
    const otherKey = createSealer(randomBytes(32));
    enqueueEmail(
      db,
      {
        event: "report.receipt",
        reportId: null,
        programId: program.id,
        to: "r@example.org",
        ...mail,
        sealed: { statusUrl: otherKey.seal("https://security.example.com/status/abc") },
      },
      T0,
    );
    const w = testWorker(db, { smtpUrl: smtp.url });
    expect(await w.runOnce()).toEqual({ sent: 0, failed: 0, dead: 1 });
    expect(smtp.received).toHaveLength(0);
    expect(lastOutboxRow(db).lastError).toMatch(/does not open/);
  });

  it("scrubs every /status/<token> link and leaves other text alone", () => {
    expect(scrubStatusLinks("see https://x.test/status/abc123 and http://y.test/status/Z-9_z?x=1#f.")).toBe(
      "see https://x.test/status/[sent] and http://y.test/status/[sent]?x=1#f.",
    );
    expect(scrubStatusLinks("(https://x.test/status/abc)")).toBe("(https://x.test/status/[sent])");
    expect(scrubStatusLinks("no link here; the status is fine")).toBe("no link here; the status is fine");
    expect(scrubStatusLinks(scrubStatusLinks("/status/abc"))).toBe("/status/[sent]");
  });

  it("without SMTP configured, emails wait in the outbox untouched", async () => {
    const { db, program } = await setup();
    enqueueEmail(db, email(program.id), T0);
    enqueueEmail(db, email(program.id, { event: "report.receipt" }), T0);
    const c = clock();
    c.advance(60_000);
    const w = testWorker(db, { now: c.now });
    expect(await w.runOnce()).toEqual({ sent: 0, failed: 0, dead: 0 });
    for (const r of outboxRows(db)) {
      expect(r.status).toBe("pending");
      expect(r.attempts).toBe(0);
      expect(r.lastError).toBeNull();
      expect(r.nextAttemptAt.getTime()).toBe(T0.getTime());
      expect(r.sentAt).toBeNull();
    }
  });

  it("a recipient refused by the server is retried with backoff, then dead-lettered", async () => {
    const { db, program, smtp } = await setup({ onRcptTo: rcptRejected });
    enqueueEmail(db, email(program.id), T0);
    const id = lastOutboxRow(db).id;
    const c = clock();
    const w = testWorker(db, { smtpUrl: smtp.url, now: c.now, maxAttempts: 3 });

    expect(await w.runOnce()).toEqual({ sent: 0, failed: 1, dead: 0 });
    let row = outboxRow(db, id);
    expect(row.status).toBe("pending");
    expect(row.attempts).toBe(1);
    expect(row.nextAttemptAt.getTime()).toBe(T0.getTime() + defaultBackoff(1));
    expect(row.lastError).toMatch(/^SMTP 550/);
    // The stored error has no address or content from the exchange.
    expect(row.lastError).not.toContain("example.org");
    expect(row.lastError).not.toContain("mailbox");

    // Not due yet: nothing happens.
    c.advance(defaultBackoff(1) - 1);
    expect(await w.runOnce()).toEqual({ sent: 0, failed: 0, dead: 0 });
    c.advance(1);
    expect(await w.runOnce()).toEqual({ sent: 0, failed: 1, dead: 0 });
    row = outboxRow(db, id);
    expect(row.attempts).toBe(2);
    expect(row.nextAttemptAt.getTime()).toBe(c.now().getTime() + defaultBackoff(2));

    c.set(row.nextAttemptAt);
    expect(await w.runOnce()).toEqual({ sent: 0, failed: 0, dead: 1 });
    row = outboxRow(db, id);
    expect(row.status).toBe("dead");
    expect(row.attempts).toBe(3);
    expect(row.lastError).toMatch(/^SMTP 550/);
    expect(smtp.received).toHaveLength(0);
  });

  it("a message refused at DATA is a failure too, and the payload stays intact for a retry", async () => {
    const { db, program, smtp } = await setup({
      onData(stream, _session, cb) {
        stream.resume();
        stream.on("end", () => cb(Object.assign(new Error("rejected by content filter"), { responseCode: 554 })));
      },
    });
    enqueueEmail(db, email(program.id, { text: "see https://x.test/status/tok123" }), T0);
    const id = lastOutboxRow(db).id;
    const w = testWorker(db, { smtpUrl: smtp.url });
    expect(await w.runOnce()).toEqual({ sent: 0, failed: 1, dead: 0 });
    const row = outboxRow(db, id);
    expect(row.status).toBe("pending");
    expect(row.attempts).toBe(1);
    expect(row.lastError).toMatch(/^SMTP 554/);
    expect(row.lastError).not.toContain("filter");
    expect(row.payloadJson).toContain("/status/tok123");
  });

  it("an SMTP server that is down counts as a failure", async () => {
    const { db, program, smtp } = await setup();
    await smtp.close();
    enqueueEmail(db, email(program.id), T0);
    const id = lastOutboxRow(db).id;
    const w = testWorker(db, { smtpUrl: smtp.url });
    expect(await w.runOnce()).toEqual({ sent: 0, failed: 1, dead: 0 });
    const row = outboxRow(db, id);
    expect(row.status).toBe("pending");
    expect(row.attempts).toBe(1);
    expect(row.lastError).toMatch(/^SMTP /);
    expect(row.lastError).not.toContain("127.0.0.1");
  });

  it("an email row whose payload is unusable is dead-lettered at once", async () => {
    const { db, program, smtp } = await setup();
    enqueueEmail(db, email(program.id), T0);
    const id = lastOutboxRow(db).id;
    db.$client.prepare("UPDATE outbox SET payload_json = ? WHERE id = ?").run("{not json", id);
    const w = testWorker(db, { smtpUrl: smtp.url });
    expect(await w.runOnce()).toEqual({ sent: 0, failed: 0, dead: 1 });
    expect(outboxRow(db, id).status).toBe("dead");
    expect(outboxRow(db, id).lastError).toBe("email payload is not {subject, text}");
  });

  it("logs ids, channels, events and outcomes, never addresses, subjects, bodies or links", async () => {
    const { db, program, smtp } = await setup();
    const { log, entries } = memoryLog();
    enqueueEmail(db, email(program.id, { event: "report.receipt", text: "link https://x.test/status/tok-LOG" }), T0);
    const w = testWorker(db, { smtpUrl: smtp.url, log });
    await w.runOnce();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ level: "info", obj: { channel: "email", event: "report.receipt" } });
    const dump = JSON.stringify(entries);
    for (const secret of ["researcher@example.org", "tok-LOG", "New message", "status/"])
      expect(dump).not.toContain(secret);
  });
});
