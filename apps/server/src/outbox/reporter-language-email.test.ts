/**
 * Issue 15: the reporter reads their emails in the language stored on the
 * report. Through the real intake path and a real SMTP exchange: the receipt
 * of a Hindi report arrives in Hindi (subject, text part and HTML part), an
 * English one in English.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defaultPolicy, planTransition } from "@embargo/core";
import { addMessage, applyTransition, createProgram, reportByKey } from "@embargo/db";
import { simpleParser } from "mailparser";
import { afterEach, describe, expect, it } from "vitest";
import { submitReport } from "../intake/service.ts";
import { testSealer } from "../secrets/testing.ts";
import { freshDb, startSmtp, T0, testWorker } from "./test-support.ts";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const form = {
  title: "लॉगिन फ़ॉर्म में SQL इंजेक्शन",
  description: "लॉगिन फ़ॉर्म उपयोगकर्ता नाम को सीधे SQL में जोड़ देता है।",
  stepsToReproduce: "1. उपयोगकर्ता नाम में ' OR 1=1 -- डालें",
  impact: "कोई भी खाता हथियाया जा सकता है",
  affectedVersions: "2.3.0",
  reporter: { name: "Asha", email: "asha@example.org" },
};

/** A program offering English and Hindi, a report submitted in `language`, its receipt delivered over SMTP. */
async function receiptFor(language: string) {
  const t = freshDb();
  cleanups.push(t.close);
  const smtp = await startSmtp();
  cleanups.push(smtp.close);
  const dataDir = mkdtempSync(path.join(tmpdir(), "embargo-lang-mail-"));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const policy = defaultPolicy();
  policy.languages = ["en", "hi"];
  createProgram(t.db, { slug: "voice", name: "Voice", keyPrefix: "VOICE", policy }, { userId: null, label: "t" }, T0);
  const r = await submitReport(
    {
      db: t.db,
      dataDir,
      publicUrl: "https://security.example.com",
      sealer: testSealer,
      limits: { maxBytes: 64 * 1024, maxFiles: 2 },
      now: () => T0,
    },
    { programSlug: "voice", channel: "web", input: form, files: [], language },
  );
  if (!r.ok) throw new Error(r.error);
  expect(reportByKey(t.db, r.key)?.reporterLanguage).toBe(language);
  const worker = testWorker(t.db, { smtpUrl: smtp.url });
  expect((await worker.runOnce()).sent).toBe(1);
  expect(smtp.received).toHaveLength(1);
  /** What the team does next (an acknowledgement, a message in English), as delivered. */
  const later = async () => {
    const team = { userId: null, label: "team" };
    const report = reportByKey(t.db, r.key)!;
    const acked = applyTransition(
      t.db,
      report,
      planTransition(report, { action: "acknowledge" }),
      { duplicateOfId: null },
      team,
      T0,
    );
    addMessage(
      t.db,
      acked,
      { kind: "to_reporter", body: "Which firmware build did you test?", authorUserId: null },
      team,
      T0,
    );
    expect((await worker.runOnce()).sent).toBe(2);
    return Promise.all(smtp.received.slice(1).map((m) => simpleParser(m.raw)));
  };
  return { key: r.key, mail: await simpleParser(smtp.received[0]!.raw), later };
}

const DEVANAGARI = /\p{Script=Devanagari}/u;

describe("the receipt in the reporter's language, over SMTP", () => {
  it("a Hindi report gets a Hindi receipt: subject, text part and HTML part", async () => {
    const { key, mail } = await receiptFor("hi");
    expect(mail.subject).toBe(`[${key}] हमें आपकी सुरक्षा रिपोर्ट मिल गई है`);
    const text = mail.text ?? "";
    const html = typeof mail.html === "string" ? mail.html : "";
    for (const part of [text, html]) {
      expect(part).toContain("Voice में सुरक्षा कमज़ोरी की रिपोर्ट करने के लिए धन्यवाद।");
      expect(part).toContain(`आपकी रिपोर्ट का नंबर ${key} है।`);
      expect(part).toContain("आगे क्या होगा");
      expect(part).toContain("Voice सुरक्षा टीम");
      // The status link is filled in both parts, no English sentence is left.
      expect(part).toContain("https://security.example.com/status/");
      expect(part).not.toMatch(/We received|Thank you|What comes next|security team/);
    }
    expect(html).toContain('<html lang="hi">');
    // The acknowledgement date, written by Intl in hi-IN (Hindi month name, the program's zone).
    expect(text).toMatch(/हम .*(जनवरी|फ़रवरी).* तक आपकी रिपोर्ट देखकर आपको सूचित करेंगे।/);
  });

  it("later emails follow: a state change and a team message in Hindi, the team's English words as written", async () => {
    const { key, later } = await receiptFor("hi");
    // The worker may deliver the two in either order: tell them apart by subject.
    const mails = await later();
    const ackSubject = `[${key}] हमने आपकी रिपोर्ट देख ली है`;
    const messageSubject = `[${key}] Voice सुरक्षा टीम का नया संदेश`;
    expect(mails.map((m) => m.subject).sort()).toEqual([ackSubject, messageSubject].sort());
    const message = mails.find((m) => m.subject === messageSubject);
    expect(message?.text).toContain(`सुरक्षा टीम ने आपकी रिपोर्ट ${key} के बारे में लिखा है:`);
    expect(message?.text).toContain("Which firmware build did you test?");
    expect(message?.html).toContain("Which firmware build did you test?");
  });

  it("an English report on the same program stays English", async () => {
    const { key, mail } = await receiptFor("en");
    expect(mail.subject).toBe(`[${key}] We received your security report`);
    expect(mail.text).toContain("Thank you for reporting a vulnerability in Voice.");
    expect(mail.html).toContain("Thank you for reporting a vulnerability in Voice.");
    expect(mail.text).not.toMatch(DEVANAGARI);
    expect(typeof mail.html === "string" && DEVANAGARI.test(mail.html)).toBe(false);
  });
});
