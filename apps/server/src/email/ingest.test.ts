import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { clocksOf, reportByKey, sha256Hex } from "@embargo/db";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { attachmentPath } from "../intake/attachments.ts";
import {
  type IngestResult,
  ingestEmail,
  keysInSubject,
  stripQuoted,
  subjectPriority,
  titleFromSubject,
} from "./ingest.ts";
import { ingestPath } from "./ingest-path.ts";
import { rawEmailPath } from "./raw-store.ts";
import {
  compose,
  contentCounts,
  FIXTURES,
  fixture,
  inboundRow,
  pngBytes,
  reportRow,
  type TestEnv,
  testEnv,
} from "./testing.ts";

let env: TestEnv;
beforeEach(() => {
  env = testEnv();
});
afterEach(() => env.close());

function expectRawKept(raw: Buffer) {
  const file = rawEmailPath(env.dir, sha256Hex(raw));
  expect(existsSync(file)).toBe(true);
  expect(readFileSync(file).equals(raw)).toBe(true);
  expect(statSync(file).mode & 0o777).toBe(0o600);
}

function expectRefused(r: IngestResult): asserts r is Extract<IngestResult, { outcome: "refused" }> {
  expect(r.outcome).toBe("refused");
}

/** Ingest a refused message and check it left nothing but its inbound row (and, unless oversized, its raw bytes). */
async function expectRefusedCleanly(raw: Buffer, reason: string | RegExp, opts: { maxMessageBytes?: number } = {}) {
  const before = contentCounts(env.db);
  const r = await ingestEmail({ ...env.cfg, ...opts }, raw);
  expectRefused(r);
  if (typeof reason === "string") expect(r.reason).toBe(reason);
  else expect(r.reason).toMatch(reason);
  expect(contentCounts(env.db)).toEqual(before);
  const row = inboundRow(env.db, r.inboundEmailId);
  expect(row).toMatchObject({
    outcome: "refused",
    report_id: null,
    reason: r.reason,
    sha256: sha256Hex(raw),
    size: raw.length,
  });
  return r;
}

describe("ingestEmail: the fixtures", () => {
  it("plain text: a report with the body as description, channel email, the sender as reporter", async () => {
    const raw = fixture("plain-text.eml");
    const r = await ingestEmail(env.cfg, raw);
    expect(r).toMatchObject({ outcome: "report", key: "VOICE-1" });
    if (r.outcome !== "report") return;
    expect(r.statusUrl).toMatch(/^http:\/\/127\.0\.0\.1:3000\/status\/[A-Za-z0-9_-]{32}$/);
    const row = reportRow(env.db, r.key)!;
    expect(row).toMatchObject({
      program: "voice",
      title: "Stored XSS in the profile name field",
      channel: "email",
      severity: null,
      intake_priority: "security",
      reporter_email: "alice@researcher.example",
      reporter_name: "Alice Researcher",
    });
    expect(row.description).toContain("The display name on the profile page is rendered without escaping.");
    expect(row.description).toContain("3. Open the public profile page: the script runs.");
    expect(row.description.startsWith("Hello Voice security team,")).toBe(true);
    expectRawKept(raw);
    expect(inboundRow(env.db, r.inboundEmailId)).toMatchObject({
      outcome: "report",
      report_id: row.id,
      reason: null,
      message_id_header: "<plain-text.1@researcher.example>",
      size: raw.length,
    });
    // the receipt goes to the reporter through the outbox
    const receipt = env.db.$client
      .prepare("SELECT count(*) AS n FROM outbox WHERE channel = 'email' AND report_id = ?")
      .get(row.id) as { n: number };
    expect(receipt.n).toBe(1);
  });

  it("HTML only: the text survives, script, style and images do not; the slug address selects the program", async () => {
    const raw = fixture("html-only.eml");
    const r = await ingestEmail(env.cfg, raw);
    expect(r).toMatchObject({ outcome: "report", key: "VOICE-1" });
    const row = reportRow(env.db, "VOICE-1")!;
    expect(row.program).toBe("voice");
    expect(row.title).toBe("SQL injection in the search endpoint");
    const d = row.description;
    expect(d).toContain("/api/search");
    expect(d).toContain("q=%27 OR 1=1 --");
    expect(d).toContain("the query & not escaped");
    expect(d).toContain('Affected version: 4.2.0 — tested on "staging".');
    expect(d).toContain("Thanks, Bob");
    for (const bad of [
      "<script",
      "<img",
      "<style",
      "<p>",
      "alert(",
      "stolen-cookie",
      "attacker.example",
      "tracker.example",
      "color: red",
      "&amp;",
      "&quot;",
    ]) {
      expect(d).not.toContain(bad);
    }
    expect(d).not.toMatch(/<[a-z/!]/i);
    expectRawKept(raw);
  });

  it("multipart with a PNG: one attachment row typed by its bytes, the file stored under its hash", async () => {
    const raw = fixture("multipart-attachment.eml");
    const png = await pngBytes();
    const r = await ingestEmail(env.cfg, raw);
    expect(r).toMatchObject({ outcome: "report", key: "VOICE-1" });
    const row = reportRow(env.db, "VOICE-1")!;
    expect(row.description).toContain("Screenshot attached.");
    const files = env.db.$client.prepare("SELECT * FROM attachments WHERE report_id = ?").all(row.id) as {
      filename: string;
      content_type: string;
      size: number;
      sha256: string;
      message_id: number | null;
      uploaded_by: string;
    }[];
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({
      filename: "screenshot.png",
      content_type: "image/png",
      size: png.length,
      sha256: sha256Hex(png),
      message_id: null,
      uploaded_by: "reporter",
    });
    const stored = attachmentPath(env.dir, sha256Hex(png));
    expect(readFileSync(stored).equals(png)).toBe(true);
    expectRawKept(raw);
  });

  it("[CRITICAL SECURITY]: severity critical and the emergency clock running; the emergency contact selects the program", async () => {
    const r = await ingestEmail(env.cfg, fixture("critical.eml"));
    expect(r).toMatchObject({ outcome: "report", key: "VOICE-1" });
    const row = reportRow(env.db, "VOICE-1")!;
    expect(row).toMatchObject({
      severity: "critical",
      intake_priority: "critical",
      title: "Unauthenticated remote code execution in uploads",
    });
    const report = reportByKey(env.db, "VOICE-1")!;
    const emergency = clocksOf(env.db, report, new Date()).find((c) => c.name === "emergency");
    expect(emergency).toBeDefined();
    expect(emergency!.state).not.toBe("met");
    expect(emergency!.due!.getTime() - report.receivedAt.getTime()).toBe(4 * 3_600_000);
  });

  it("a reply from the reporter with the key joins the thread, quoted text dropped, no new report", async () => {
    const first = await ingestEmail(env.cfg, fixture("plain-text.eml"));
    expect(first).toMatchObject({ outcome: "report", key: "VOICE-1" });
    const before = contentCounts(env.db);
    const raw = fixture("reply.eml");
    const r = await ingestEmail(env.cfg, raw);
    expect(r).toMatchObject({ outcome: "reply", key: "VOICE-1" });
    const after = contentCounts(env.db);
    expect(after.reports).toBe(before.reports);
    expect(after.messages).toBe(before.messages + 1);
    const report = reportByKey(env.db, "VOICE-1")!;
    const msgs = env.db.$client.prepare("SELECT kind, body FROM messages WHERE report_id = ?").all(report.id);
    expect(msgs).toEqual([{ kind: "from_reporter", body: "I also checked 4.1.3: it is affected as well." }]);
    expect(inboundRow(env.db, r.inboundEmailId)).toMatchObject({ outcome: "reply", report_id: report.id });
    expectRawKept(raw);
  });

  it("the same reply from someone else is refused and creates nothing (keys cannot be guessed into a thread)", async () => {
    await ingestEmail(env.cfg, fixture("plain-text.eml"));
    const raw = Buffer.from(
      fixture("reply.eml")
        .toString()
        .replace("From: Alice Researcher <alice@researcher.example>", "From: Mallory <mallory@attacker.example>"),
    );
    await expectRefusedCleanly(raw, "sender is not the reporter of VOICE-1");
    expectRawKept(raw);
  });

  it("the reporter's address matches case-insensitively", async () => {
    await ingestEmail(env.cfg, fixture("plain-text.eml"));
    const raw = Buffer.from(
      fixture("reply.eml").toString().replace("alice@researcher.example", "ALICE@Researcher.Example"),
    );
    expect(await ingestEmail(env.cfg, raw)).toMatchObject({ outcome: "reply", key: "VOICE-1" });
  });

  it("malformed (no From, broken MIME boundary, binary garbage): refused with a reason, nothing created, raw kept", async () => {
    const raw = fixture("malformed.eml");
    await expectRefusedCleanly(raw, "message has no From address");
    expectRawKept(raw);
  });

  it("binary garbage and an empty message are refused", async () => {
    const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256));
    await expectRefusedCleanly(garbage, "message has no From address");
    await expectRefusedCleanly(Buffer.alloc(0), "message is empty");
  });

  it("an attachment that is an executable named .png is refused; no report, no file stored", async () => {
    const raw = fixture("attachment-wrong-type.eml");
    const r = await expectRefusedCleanly(
      raw,
      /^attachment 1: this type of file is not accepted \(application\/x-elf\)/,
    );
    expect(r.reason).not.toContain("poc.png");
    expect(existsSync(path.join(env.dir, "attachments"))).toBe(false);
    expectRawKept(raw);
  });

  it("no tag and no report key: refused", async () => {
    await expectRefusedCleanly(fixture("no-tag.eml"), "subject has no [SECURITY] tag and no report key");
  });

  it("a message over 25 MB is refused, recorded, and its bytes are not kept", async () => {
    const big = await compose({
      from: "alice@researcher.example",
      to: "security@voice.example",
      subject: "[SECURITY] big",
      text: "x".repeat(100),
      attachments: [{ filename: "dump.bin", content: Buffer.alloc(20 * 1024 * 1024, 1) }],
    });
    expect(big.length).toBeGreaterThan(25 * 1_048_576);
    await expectRefusedCleanly(big, "message is larger than 25 MB");
    expect(existsSync(rawEmailPath(env.dir, sha256Hex(big)))).toBe(false);
  });

  it("the message limit can be lowered", async () => {
    await expectRefusedCleanly(fixture("plain-text.eml"), "message is larger than 500 bytes", { maxMessageBytes: 500 });
  });

  it("a recipient that matches no program is refused", async () => {
    const raw = Buffer.from(
      fixture("plain-text.eml").toString().replace("security@voice.example", "someone@else.example"),
    );
    await expectRefusedCleanly(raw, "no program receives mail at the recipient address");
  });

  it("the SMTP envelope recipients take precedence over the To header", async () => {
    const raw = fixture("plain-text.eml");
    const r = await ingestEmail(env.cfg, raw, { to: ["security@web.example"] });
    expect(r).toMatchObject({ outcome: "report", key: "WEB-1" });
  });

  it("a From address that is not an email address is refused", async () => {
    const raw = Buffer.from(
      fixture("plain-text.eml")
        .toString()
        .replace(/^From: .*$/m, "From: Alice <alice@localhost>"),
    );
    await expectRefusedCleanly(raw, "the From address is not a valid email address");
  });

  it("a message with no text is refused", async () => {
    const raw = await compose({
      from: "a@researcher.example",
      to: "security@voice.example",
      subject: "[SECURITY] empty",
      text: "  \n ",
    });
    await expectRefusedCleanly(raw, "message has no text");
  });

  it("too many attachments are refused with the limit", async () => {
    const png = await pngBytes();
    const raw = await compose({
      from: "a@researcher.example",
      to: "security@voice.example",
      subject: "[SECURITY] many files",
      text: "see files",
      attachments: Array.from({ length: 6 }, (_, i) => ({ filename: `s${i}.png`, content: png })),
    });
    await expectRefusedCleanly(raw, "At most 5 files can be attached (got 6)");
  });

  it("an inline image counts as an attachment", async () => {
    const png = await pngBytes();
    const raw = await compose({
      from: "a@researcher.example",
      to: "security@voice.example",
      subject: "[SECURITY] inline",
      html: '<p>Look at this:</p><img src="cid:shot@x">',
      attachments: [{ filename: "shot.png", content: png, cid: "shot@x" }],
    });
    const r = await ingestEmail(env.cfg, raw);
    expect(r).toMatchObject({ outcome: "report" });
    const row = reportRow(env.db, "VOICE-1")!;
    expect(row.description).toBe("Look at this:");
    expect(env.db.$client.prepare("SELECT filename, content_type FROM attachments").all()).toEqual([
      { filename: "shot.png", content_type: "image/png" },
    ]);
  });

  it("a reply may carry files; they attach to the message", async () => {
    await ingestEmail(env.cfg, fixture("plain-text.eml"));
    const png = await pngBytes();
    const raw = await compose({
      from: "alice@researcher.example",
      to: "security@voice.example",
      subject: "Re: [VOICE-1] We received your security report",
      text: "Another screenshot.",
      attachments: [{ filename: "two.png", content: png }],
    });
    const r = await ingestEmail(env.cfg, raw);
    expect(r).toMatchObject({ outcome: "reply", key: "VOICE-1" });
    const rows = env.db.$client.prepare("SELECT message_id FROM attachments").all() as { message_id: number | null }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]!.message_id).not.toBeNull();
  });

  it("the very same message twice creates one report", async () => {
    const raw = fixture("plain-text.eml");
    await ingestEmail(env.cfg, raw);
    const r = await expectRefusedCleanly(raw, "this message was already received as VOICE-1");
    expect(r.duplicateOf).toBe("VOICE-1");
  });

  it("a tagged new report that only mentions an existing key is a new report", async () => {
    await ingestEmail(env.cfg, fixture("plain-text.eml"));
    const raw = await compose({
      from: "bob@researcher.example",
      to: "security@voice.example",
      subject: "[SECURITY] Variant of VOICE-1 in the admin area",
      text: "Same bug, other page.",
    });
    expect(await ingestEmail(env.cfg, raw)).toMatchObject({ outcome: "report", key: "VOICE-2" });
    expect(reportRow(env.db, "VOICE-2")!.title).toBe("Variant of VOICE-1 in the admin area");
  });

  it("a report written in Devanagari is stored as Hindi where the program offers Hindi, else English", async () => {
    const hindi = (to: string) =>
      compose({
        from: "Asha <asha@example.org>",
        to,
        subject: "[SECURITY] लॉगिन फ़ॉर्म में SQL इंजेक्शन",
        text: "लॉगिन फ़ॉर्म उपयोगकर्ता नाम को सीधे SQL क्वेरी में जोड़ देता है, इसलिए कोई भी खाता हथियाया जा सकता है।",
      });
    const voice = await ingestEmail(env.cfg, await hindi("security@voice.example"));
    expect(voice).toMatchObject({ outcome: "report", key: "VOICE-1" });
    expect(reportByKey(env.db, "VOICE-1")?.reporterLanguage).toBe("hi");
    const web = await ingestEmail(env.cfg, await hindi("security@web.example"));
    expect(web).toMatchObject({ outcome: "report", key: "WEB-1" });
    expect(reportByKey(env.db, "WEB-1")?.reporterLanguage).toBe("en");
    // Latin script is not taken for Hindi: an English email to the Hindi-offering program stays English.
    await ingestEmail(env.cfg, fixture("plain-text.eml"));
    expect(reportByKey(env.db, "VOICE-2")?.reporterLanguage).toBe("en");
  });

  it("a very long body is truncated with a note, not refused", async () => {
    const raw = await compose({
      from: "a@researcher.example",
      to: "security@voice.example",
      subject: "[SECURITY] long",
      text: "A".repeat(150_000),
    });
    const r = await ingestEmail(env.cfg, raw);
    expect(r.outcome).toBe("report");
    const d = reportRow(env.db, "VOICE-1")!.description;
    expect(d.length).toBeLessThanOrEqual(100_000);
    expect(d).toMatch(/\[Truncated by email intake; the full text is in the original message\.\]$/);
  });

  it("refusal reasons never quote the message", async () => {
    const secret = "TOPSECRETPAYLOAD";
    const cases = [
      `From: x@researcher.example\nTo: nobody@else.example\nSubject: [SECURITY] ${secret}\n\n${secret}\n`,
      `From: x@researcher.example\nTo: security@voice.example\nSubject: ${secret}\n\n${secret}\n`,
      `To: security@voice.example\nSubject: [SECURITY] ${secret}\n\n${secret}\n`,
    ];
    for (const c of cases) {
      const r = await ingestEmail(env.cfg, Buffer.from(c));
      expectRefused(r);
      expect(r.reason).not.toContain(secret);
    }
    const reasons = env.db.$client.prepare("SELECT reason FROM inbound_emails").all() as { reason: string }[];
    expect(reasons.map((x) => x.reason).join(" ")).not.toContain(secret);
  });
});

describe("ingestPath: what `embargo ingest email <path>` runs", () => {
  it("a folder: every .eml in name order, one result each, counts", async () => {
    const seen: [string, IngestResult][] = [];
    const counts = await ingestPath(env.cfg, FIXTURES, (f, r) => seen.push([path.basename(f), r]));
    const names = readdirSync(FIXTURES)
      .filter((n) => n.endsWith(".eml"))
      .sort();
    expect(seen.map(([f]) => f)).toEqual(names);
    const outcome = Object.fromEntries(
      seen.map(([f, r]) => [f, r.outcome === "refused" ? `refused: ${r.reason}` : `${r.outcome} ${r.key}`]),
    );
    expect(outcome).toEqual({
      "attachment-wrong-type.eml": expect.stringMatching(/^refused: attachment 1: this type of file is not accepted/),
      "critical.eml": "report VOICE-1",
      "html-only.eml": "report VOICE-2",
      "malformed.eml": "refused: message has no From address",
      "multipart-attachment.eml": "report VOICE-3",
      "no-tag.eml": "refused: subject has no [SECURITY] tag and no report key",
      "plain-text.eml": "report VOICE-4",
      // VOICE-1 is Carol's critical report here, and Alice is not its reporter
      "reply.eml": "refused: sender is not the reporter of VOICE-1",
    });
    expect(counts).toEqual({ report: 4, reply: 0, refused: 4 });
    for (const n of names) expect(existsSync(rawEmailPath(env.dir, sha256Hex(fixture(n))))).toBe(true);
  });

  it("a single file, and a reply after its report", async () => {
    expect(await ingestPath(env.cfg, path.join(FIXTURES, "plain-text.eml"))).toEqual({
      report: 1,
      reply: 0,
      refused: 0,
    });
    expect(await ingestPath(env.cfg, path.join(FIXTURES, "reply.eml"))).toEqual({ report: 0, reply: 1, refused: 0 });
  });

  it("a file over the limit is refused without being read whole", async () => {
    const file = path.join(env.dir, "big.eml");
    const raw = fixture("plain-text.eml");
    writeFileSync(file, raw);
    const results: IngestResult[] = [];
    const counts = await ingestPath({ ...env.cfg, maxMessageBytes: 100 }, file, (_f, r) => results.push(r));
    expect(counts).toEqual({ report: 0, reply: 0, refused: 1 });
    expectRefused(results[0]!);
    expect(inboundRow(env.db, results[0]!.inboundEmailId)).toMatchObject({
      outcome: "refused",
      reason: "message is larger than 100 bytes",
      sha256: sha256Hex(raw),
      size: raw.length,
    });
  });

  it("a missing path throws", async () => {
    await expect(ingestPath(env.cfg, path.join(env.dir, "nope"))).rejects.toThrow(/ENOENT/);
  });
});

describe("subject and body rules", () => {
  it("tags", () => {
    expect(subjectPriority("[SECURITY] x")).toBe("security");
    expect(subjectPriority("Re: bug [security]")).toBe("security");
    expect(subjectPriority("[Critical Security] x")).toBe("critical");
    expect(subjectPriority("[SECURITY][CRITICAL SECURITY] x")).toBe("critical");
    expect(subjectPriority("security issue")).toBeNull();
  });

  it("titles", () => {
    expect(titleFromSubject("Re: Fwd: [SECURITY]  Stored   XSS ")).toBe("Stored XSS");
    expect(titleFromSubject("[CRITICAL SECURITY] RCE")).toBe("RCE");
    expect(titleFromSubject("[SECURITY]")).toBe("Report received by email");
    expect(titleFromSubject("[SECURITY] ok")).toBe("Report received by email");
    expect(titleFromSubject(`[SECURITY] ${"t".repeat(400)}`)).toHaveLength(300);
  });

  it("keys", () => {
    expect(keysInSubject("Re: [voice-42] hello VOICE-42 and WEB-7")).toEqual(["VOICE-42", "WEB-7"]);
    expect(keysInSubject("VOICE-0 and X-1")).toEqual([]);
  });

  it("quoted text", () => {
    expect(stripQuoted("New info.\n\nOn Mon, 2 Mar 2026, Team <s@v.example> wrote:\n> old\n> older\n")).toBe(
      "New info.",
    );
    expect(
      stripQuoted("New info.\n\nOn Mon, 2 Mar 2026 at 10:00, A Very Long Name\n<s@v.example> wrote:\n\n> old\n"),
    ).toBe("New info.");
    expect(stripQuoted("Top.\n-----Original Message-----\nFrom: x\n\nold")).toBe("Top.");
    expect(stripQuoted("> only quoted\n> text")).toBe("> only quoted\n> text");
  });
});
