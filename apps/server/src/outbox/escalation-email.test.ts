/**
 * Escalation emails and webhooks, and the weekly digest, over the real
 * delivery path: rows queued by the leadership rules, delivered by the outbox
 * worker to a loopback SMTP server and webhook receiver. Each leadership
 * member gets one email with the key, the reason and a working link to the
 * panel; nobody else gets one; no message carries the report's title or text.
 */
import { defaultPolicy, reportFieldsSchema } from "@embargo/core";
import { createProgram, createReport, createUser, type Db, sendDueDigests, settleEscalations } from "@embargo/db";
import { simpleParser } from "mailparser";
import { afterEach, describe, expect, it } from "vitest";
import { freshDb, insertWebhook, outboxRows, startReceiver, startSmtp, testWorker } from "./test-support.ts";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const AT = new Date("2030-01-14T09:00:00.000Z"); // a Monday
const TITLE = "Heap overflow in the media decoder";
const DESCRIPTION = "Send a crafted file; secret exploit steps follow.";
const SYSTEM = { userId: null, label: "test" };

async function member(db: Db, programId: number, email: string, role: "leadership" | "triager" | "admin") {
  const u = await createUser(
    db,
    { email, name: email.split("@")[0]!, password: "member-password-123", memberships: [{ programId, role }] },
    SYSTEM,
    AT,
  );
  return u.id;
}

async function setup() {
  const t = freshDb();
  cleanups.push(t.close);
  const smtp = await startSmtp();
  cleanups.push(smtp.close);
  const receiver = await startReceiver();
  cleanups.push(receiver.close);
  // A second program whose leadership must hear nothing of alpha.
  const other = createProgram(
    t.db,
    { slug: "other", name: "Other", keyPrefix: "OTHER", policy: defaultPolicy() },
    SYSTEM,
    AT,
  );
  await member(t.db, t.program.id, "lead-one@example.com", "leadership");
  const leadTwo = await member(t.db, t.program.id, "lead-two@example.com", "leadership");
  await member(t.db, t.program.id, "triager@example.com", "triager");
  await member(t.db, t.program.id, "admin@example.com", "admin");
  await member(t.db, other.id, "other-lead@example.com", "leadership");
  insertWebhook(t.db, {
    programId: t.program.id,
    url: receiver.url,
    secret: "whsec-escalations",
    events: ["escalation.raised", "escalation.resolved"],
  });
  return { ...t, smtp, receiver, leadTwo };
}

function criticalReport(db: Db, programId: number) {
  return createReport(
    db,
    {
      programId,
      fields: reportFieldsSchema.parse({ title: TITLE, description: DESCRIPTION }),
      channel: "web",
      receivedAt: AT,
      reporter: { name: "Rae Reporter", handle: null, email: "rae@reporter.example" },
      severity: { severity: "critical", source: "manual", reason: "Unauthenticated remote code execution" },
    },
    SYSTEM,
    AT,
  );
}

describe("escalation notifications over SMTP and HTTP", () => {
  it("one email per leadership member of the program with the key, reason and panel link; one webhook per event", async () => {
    const { db, program, smtp, receiver } = await setup();
    const report = criticalReport(db, program.id);
    const w = testWorker(db, { smtpUrl: smtp.url, dashboardUrl: "https://embargo.example.com/", now: () => AT });
    const first = await w.runOnce();
    expect(first.failed + first.dead).toBe(0);

    const mails = await Promise.all(smtp.received.map(async (m) => ({ ...m, parsed: await simpleParser(m.raw) })));
    const escalationMails = mails.filter((m) => m.parsed.text?.includes("leadership"));
    expect(escalationMails.map((m) => m.rcptTo).sort()).toEqual([["lead-one@example.com"], ["lead-two@example.com"]]);
    const recipients = mails.flatMap((m) => m.rcptTo);
    for (const nobody of ["triager@example.com", "admin@example.com", "other-lead@example.com"]) {
      expect(recipients).not.toContain(nobody);
    }
    for (const m of escalationMails) {
      expect(m.parsed.subject).toContain(report.key);
      const text = m.parsed.text ?? "";
      expect(text).toContain(`${report.key}: critical report received`);
      expect(text).toContain("https://embargo.example.com/leadership");
      expect(text).not.toContain("[dashboard]");
      for (const secret of [TITLE, DESCRIPTION, "Rae Reporter", "rae@reporter.example"]) {
        expect(m.parsed.subject + text).not.toContain(secret);
      }
    }

    const raised = receiver.requests.filter((r) => JSON.parse(r.body).event === "escalation.raised");
    expect(raised).toHaveLength(1);
    const payload = JSON.parse(raised[0]!.body) as { data: Record<string, unknown> };
    // The default policy does not promise to escalate criticals: attention, not a page.
    expect(payload.data).toMatchObject({ key: report.key, kind: "critical_received", level: "attention" });
    expect(raised[0]!.body).not.toContain(TITLE);
    expect(raised[0]!.body).not.toContain("Send a crafted file");

    // Nothing is sent twice, and settling with nothing to settle queues nothing.
    settleEscalations(db, AT);
    expect(await w.runOnce()).toEqual({ sent: 0, failed: 0, dead: 0 });
    expect(smtp.received).toHaveLength(mails.length);
    expect(outboxRows(db).every((r) => r.status === "sent")).toBe(true);
  });

  it("a disabled leadership member is not emailed", async () => {
    const { db, program, smtp, leadTwo } = await setup();
    db.$client.prepare("UPDATE users SET disabled_at = ? WHERE id = ?").run(AT.getTime(), leadTwo);
    criticalReport(db, program.id);
    await testWorker(db, { smtpUrl: smtp.url, dashboardUrl: "https://embargo.example.com", now: () => AT }).runOnce();
    expect(smtp.received.flatMap((m) => m.rcptTo)).toEqual(["lead-one@example.com"]);
  });

  it("the weekly digest goes out over SMTP with counts and the panel link, and no key or title", async () => {
    const { db, program, smtp } = await setup();
    const report = criticalReport(db, program.id);
    db.$client
      .prepare("UPDATE users SET digest_weekday = 1, digest_hour = 8, time_zone = 'UTC' WHERE email = ?")
      .run("lead-one@example.com");
    const w = testWorker(db, { smtpUrl: smtp.url, dashboardUrl: "https://embargo.example.com", now: () => AT });
    await w.runOnce();
    const before = smtp.received.length;
    expect(sendDueDigests(db, AT)).toBe(1);
    await w.runOnce();
    const digests = smtp.received.slice(before);
    expect(digests).toHaveLength(1);
    expect(digests[0]!.rcptTo).toEqual(["lead-one@example.com"]);
    const parsed = await simpleParser(digests[0]!.raw);
    const text = parsed.text ?? "";
    expect(text).toContain("Open critical reports: 1");
    expect(text).toContain("https://embargo.example.com/leadership");
    for (const secret of [report.key, TITLE, DESCRIPTION]) expect((parsed.subject ?? "") + text).not.toContain(secret);
  });
});
