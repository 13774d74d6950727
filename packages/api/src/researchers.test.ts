/**
 * The researcher directory and track record (issue 12): scoping to the viewer's
 * programs, the numbers on a worked set, merging two records of one person, and the
 * data requests (export, erasure that leaves no trace of the person in the database
 * file or the data directory while the reports and the audit chain stay intact).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { reportByKey, schema, setCreditPreference, sha256Hex, verifyAudit } from "@embargo/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaller, createContext } from "./root.ts";
import {
  type Caller,
  CVSS_HIGH,
  callerFor,
  expectTRPCError,
  type Fixture,
  fieldErrorsOf,
  linkContext,
  makeClock,
  makeTestDb,
  seedFixture,
  signInToken,
  type TestDb,
} from "./test-support.ts";

const HOUR = 3_600_000;
const clock = makeClock("2026-03-02T09:00:00.000Z");
let t: TestDb;
let f: Fixture;
let admin: Caller;
let triager: Caller;
let otherTriager: Caller;
let leadership: Caller;

type Reporter = { name: string | null; handle: string | null; email: string | null };
async function reportBy(reporter: Reporter, program = "alpha", title = "Researcher test report") {
  clock.advance(60_000);
  const { key } = await admin.reports.create({
    programSlug: program,
    title,
    description: "Steps in the body.",
    cvssVector: CVSS_HIGH,
    reporter,
  });
  return key;
}
const researcherOf = (key: string) => reportByKey(t.db, key)!.researcherId!;

/** Move the clock `hours` after the report was received, then take the action. */
async function after(key: string, hours: number, action: string, extra: Record<string, unknown> = {}) {
  clock.set(new Date(reportByKey(t.db, key)!.receivedAt.getTime() + hours * HOUR));
  await admin.reports.transition({ key, action, ...extra } as Parameters<Caller["reports"]["transition"]>[0]);
}

beforeAll(async () => {
  t = makeTestDb();
  f = await seedFixture(t.db, clock.now);
  admin = await callerFor(t.db, f.users.admin, clock.now);
  triager = await callerFor(t.db, f.users.triager, clock.now);
  otherTriager = await callerFor(t.db, f.users.otherTriager, clock.now);
  leadership = await callerFor(t.db, f.users.leadership, clock.now);
});
afterAll(() => t.cleanup());

describe("the track record on a worked set", () => {
  const wanda: Reporter = { name: "Wanda Worked", handle: "wanda", email: "wanda@worked.test" };
  const keys = {} as Record<"disclosed" | "wontFix" | "spam" | "outOfScope" | "open" | "beta", string>;

  beforeAll(async () => {
    // Alpha: disclosed (valid, credited), triaged then won't fix (valid), spam, out of scope, still new.
    keys.disclosed = await reportBy(wanda);
    await after(keys.disclosed, 2, "acknowledge");
    await after(keys.disclosed, 3, "triage");
    await after(keys.disclosed, 4, "mark_fixed", { fixedVersion: "2.0.0" });
    setCreditPreference(
      t.db,
      reportByKey(t.db, keys.disclosed)!,
      { creditAs: "handle", consent: "accepted" },
      clock.now(),
    );
    clock.advance(HOUR);
    await admin.disclosure.publish({
      key: keys.disclosed,
      advisoryUrl: "https://example.com/advisories/1",
      overrideReason: "Fixed early",
    });
    keys.wontFix = await reportBy(wanda);
    await after(keys.wontFix, 6, "triage");
    await after(keys.wontFix, 7, "close_wont_fix", { reason: "Accepted risk" });
    keys.spam = await reportBy(wanda);
    await after(keys.spam, 10, "close_spam");
    keys.outOfScope = await reportBy(wanda);
    await after(keys.outOfScope, 1, "close_out_of_scope");
    keys.open = await reportBy(wanda);
    // Beta: triaged and disclosed with an accepted credit, seen only by beta's people.
    keys.beta = await reportBy(wanda, "beta");
    await after(keys.beta, 1, "triage");
    await after(keys.beta, 2, "mark_fixed", { fixedVersion: "1.1" });
    setCreditPreference(t.db, reportByKey(t.db, keys.beta)!, { creditAs: "name", consent: "accepted" }, clock.now());
    clock.advance(HOUR);
    await admin.disclosure.publish({ key: keys.beta, advisoryUrl: "https://example.com/b/1", overrideReason: "Early" });
  });

  it("counts outcomes, severities, dates, credits and the median acknowledgement over the triager's programs", async () => {
    const id = researcherOf(keys.disclosed);
    const got = await triager.researchers.get({ id });
    expect(got.person).toMatchObject({ name: "Wanda Worked", handle: "wanda", email: "wanda@worked.test" });
    expect(got.reports.map((r) => r.key).sort()).toEqual(
      [keys.disclosed, keys.wontFix, keys.spam, keys.outOfScope, keys.open].sort(),
    );
    expect(got.summary).toMatchObject({
      total: 5,
      valid: 2,
      invalid: 2,
      spam: 1,
      creditsReceived: 1,
      acknowledged: 4,
      firstReportAt: reportByKey(t.db, keys.disclosed)!.receivedAt,
      lastReportAt: reportByKey(t.db, keys.open)!.receivedAt,
    });
    // Out of new after 2, 6, 10 and 1 hours: the median is (2 + 6) / 2 = 4 hours.
    expect(got.summary.medianAckMs).toBe(4 * HOUR);
    expect(got.summary.byState).toEqual({ disclosed: 1, wont_fix: 1, spam: 1, out_of_scope: 1, new: 1 });
    expect(got.summary.bySeverity).toEqual({ high: 5 });
    expect(got.can).toEqual({ merge: false, dataRequests: false });
  });

  it("counts beta too for an admin of both programs", async () => {
    const got = await admin.researchers.get({ id: researcherOf(keys.disclosed) });
    expect(got.summary).toMatchObject({ total: 6, valid: 3, invalid: 2, creditsReceived: 2 });
    expect(got.summary.medianAckMs).toBe(2 * HOUR); // 1, 1, 2, 6, 10 hours
    expect(got.can).toEqual({ merge: true, dataRequests: true });
  });

  it("shows a beta triager only beta's report and credit", async () => {
    const got = await otherTriager.researchers.get({ id: researcherOf(keys.disclosed) });
    expect(got.reports.map((r) => r.key)).toEqual([keys.beta]);
    expect(got.summary).toMatchObject({ total: 1, valid: 1, creditsReceived: 1 });
  });

  it("lists them in the directory with counts over the viewer's programs, searchable by name, handle and email", async () => {
    const alphaPage = await triager.researchers.list({ q: "WANDA" });
    expect(alphaPage.rows).toHaveLength(1);
    expect(alphaPage.rows[0]).toMatchObject({ name: "Wanda Worked", reports: 5, valid: 2, invalid: 2 });
    const betaPage = await otherTriager.researchers.list({ q: "worked.test" });
    expect(betaPage.rows[0]).toMatchObject({ reports: 1, valid: 1, invalid: 0 });
    expect((await triager.researchers.list({ q: "nobody-like-this" })).rows).toEqual([]);
    // A LIKE wildcard in the search is matched literally.
    expect((await triager.researchers.list({ q: "%" })).rows).toEqual([]);
  });

  it("gives the triager a compact card beside the report and refuses leadership", async () => {
    const card = await triager.researchers.ofReport({ key: keys.open });
    expect(card).toMatchObject({ researcherId: researcherOf(keys.open), name: "Wanda Worked" });
    expect(card?.summary).toMatchObject({ total: 5, valid: 2, spam: 1 });
    await expectTRPCError(leadership.researchers.ofReport({ key: keys.open }), "FORBIDDEN");
    await expectTRPCError(leadership.researchers.list({}), "FORBIDDEN");
    await expectTRPCError(otherTriager.researchers.ofReport({ key: keys.open }), "NOT_FOUND");
  });
});

describe("scoping across programs", () => {
  it("hides a researcher with reports only in another program, answering as if they did not exist", async () => {
    const key = await reportBy({ name: "Bert Betaonly", handle: null, email: "bert@beta.test" }, "beta");
    const id = researcherOf(key);
    expect((await triager.researchers.list({ q: "Bert" })).rows).toEqual([]);
    const hidden = await expectTRPCError(triager.researchers.get({ id }), "NOT_FOUND");
    const missing = await expectTRPCError(triager.researchers.get({ id: 999_999 }), "NOT_FOUND");
    expect(hidden.message.replace(String(id), "N")).toBe(missing.message.replace("999999", "N"));
    expect((await otherTriager.researchers.get({ id })).reports.map((r) => r.key)).toEqual([key]);
  });

  it("does not count a credit in another program", async () => {
    const alphaKey = await reportBy({ name: "Cora Cross", handle: "cora", email: "cora@cross.test" });
    const id = researcherOf(alphaKey);
    const betaKey = await reportBy({ name: "Someone Else", handle: null, email: "else@beta.test" }, "beta");
    await admin.credits.add({ key: betaKey, researcherId: id, type: "analyst", consent: "accepted" });
    await admin.reports.transition({ key: betaKey, action: "triage" });
    await admin.reports.transition({ key: betaKey, action: "mark_fixed", fixedVersion: "3" });
    await admin.disclosure.publish({ key: betaKey, advisoryUrl: "https://example.com/b/2", overrideReason: "Early" });
    expect((await triager.researchers.get({ id })).summary.creditsReceived).toBe(0);
    expect((await admin.researchers.get({ id })).summary.creditsReceived).toBe(1);
    // The beta triager sees them through the credit, with no alpha report.
    const seen = await otherTriager.researchers.get({ id });
    expect(seen.reports).toEqual([]);
    expect(seen.summary.creditsReceived).toBe(1);
  });
});

describe("merging two records of one person", () => {
  it("moves reports and credits, keeps the old record marked, and audits both ids without names or emails", async () => {
    const a1 = await reportBy({ name: "Max Merge", handle: "maxm", email: "max@work.test" });
    const b1 = await reportBy({ name: "Max Merge", handle: null, email: "max@home.test" });
    const b2 = await reportBy({ name: null, handle: "maxm", email: "max@home.test" });
    const A = researcherOf(a1);
    const B = researcherOf(b1);
    expect(A).not.toBe(B);
    const other = await reportBy({ name: "Other Person", handle: null, email: "other@person.test" });
    await admin.credits.add({ key: other, researcherId: B, type: "analyst", consent: "accepted" });

    await expectTRPCError(triager.researchers.merge({ targetId: A, sourceId: B }), "FORBIDDEN");
    await expectTRPCError(otherTriager.researchers.merge({ targetId: A, sourceId: B }), "NOT_FOUND");
    await expectTRPCError(leadership.researchers.merge({ targetId: A, sourceId: B }), "FORBIDDEN");
    const same = await expectTRPCError(admin.researchers.merge({ targetId: A, sourceId: A }), "BAD_REQUEST");
    expect(fieldErrorsOf(same)).toHaveProperty("sourceId");

    const result = await admin.researchers.merge({ targetId: A, sourceId: B });
    expect(result).toMatchObject({ reports: 2, credits: 3 }); // two reporter credits and the analyst credit
    for (const key of [a1, b1, b2]) expect(researcherOf(key)).toBe(A);
    const creditsOfB = t.db.select().from(schema.credits).where(eq(schema.credits.researcherId, B)).all();
    expect(creditsOfB).toEqual([]);
    const old = t.db.select().from(schema.researchers).where(eq(schema.researchers.id, B)).get()!;
    expect(old).toMatchObject({ mergedIntoId: A, email: "max@home.test" });

    const entry = t.db.$client
      .prepare("SELECT * FROM audit_log WHERE action = 'researcher.merge' ORDER BY id DESC LIMIT 1")
      .get() as { entity_id: string; data_json: string };
    expect(entry.entity_id).toBe(String(A));
    expect(JSON.parse(entry.data_json)).toMatchObject({ intoResearcherId: A, mergedResearcherId: B });
    expect(entry.data_json).not.toMatch(/max@|Max Merge|maxm/i);

    const merged = await admin.researchers.get({ id: A });
    expect(merged.summary.total).toBe(3);
    expect(merged.mergedRecordIds).toEqual([B]);
    expect((await admin.researchers.list({ q: "max@home.test" })).rows).toEqual([]);
    // The merged record can no longer be merged again.
    const again = await expectTRPCError(admin.researchers.merge({ targetId: A, sourceId: B }), "NOT_FOUND");
    expect(again.message).toContain(`#${B}`);
  });
});

describe("data requests", () => {
  const erin = { name: "Erin Erasable", handle: "erin_x", email: "erin@erase.test" };
  const needles = [erin.name, erin.email, erin.handle];
  let dataDir: string;
  let eraser: Caller;
  let keys: string[];
  let id: number;
  const rawSha = sha256Hex("raw email of Erin");

  beforeAll(async () => {
    dataDir = path.join(path.dirname(t.file), "data");
    keys = [await reportBy(erin), await reportBy(erin, "beta", `Report from ${erin.name}`)];
    id = researcherOf(keys[0]!);
    const reportId = reportByKey(t.db, keys[0]!)!.id;
    t.db
      .update(schema.researchers)
      .set({ links: ["https://erin.example/erin_x"], languages: ["English", "Deutsch"] })
      .where(eq(schema.researchers.id, id))
      .run();
    // The reporter's own message with a signature, a staff reply that greets them (mail queued to them).
    t.db
      .insert(schema.messages)
      .values({
        reportId,
        kind: "from_reporter",
        body: `More detail.\n-- ${erin.name} <${erin.email}>`,
        createdAt: clock.now(),
      })
      .run();
    await admin.reports.addMessage({ key: keys[0]!, kind: "to_reporter", body: `Hi ${erin.name}, thanks.` });
    // The raw email of the report and an attachment named after them.
    const rawFile = path.join(dataDir, "mail", rawSha.slice(0, 2), `${rawSha}.eml`);
    mkdirSync(path.dirname(rawFile), { recursive: true });
    writeFileSync(rawFile, `From: ${erin.name} <${erin.email}>\r\nSubject: bug\r\n\r\nHello`);
    t.db
      .insert(schema.inboundEmails)
      .values({
        messageIdHeader: `<abc@erase.test>`,
        sha256: rawSha,
        size: 60,
        receivedAt: clock.now(),
        outcome: "report",
        reportId,
      })
      .run();
    const attSha = sha256Hex("poc bytes");
    const attFile = path.join(dataDir, "attachments", attSha.slice(0, 2), attSha);
    mkdirSync(path.dirname(attFile), { recursive: true });
    writeFileSync(attFile, "poc bytes");
    t.db
      .insert(schema.attachments)
      .values({
        reportId,
        filename: "erin_x-poc.txt",
        originalFilename: "Erin Erasable poc.txt",
        contentType: "text/plain",
        size: 9,
        sha256: attSha,
        uploadedBy: "reporter",
        createdAt: clock.now(),
      })
      .run();
    // An admin session whose context deletes raw emails as the server does.
    const token = await signInToken(t.db, f.users.admin, clock.now);
    eraser = createCaller(
      createContext({
        db: t.db,
        sessionToken: token,
        now: clock.now,
        ...linkContext,
        removeRawEmail: (sha) => rmSync(path.join(dataDir, "mail", sha.slice(0, 2), `${sha}.eml`), { force: true }),
      }),
    );
  });

  it("exports everything held about them, for admins of their programs only", async () => {
    await expectTRPCError(triager.researchers.exportData({ id }), "FORBIDDEN");
    await expectTRPCError(leadership.researchers.exportData({ id }), "FORBIDDEN");
    const data = await admin.researchers.exportData({ id });
    expect(data.researcher).toMatchObject({ ...erin, languages: ["English", "Deutsch"] });
    expect(data.reports.map((r) => r.key)).toEqual(keys);
    expect(data.reports[1]).toMatchObject({ title: `Report from ${erin.name}`, description: "Steps in the body." });
    expect(data.messages).toEqual([
      expect.objectContaining({ reportKey: keys[0], body: `More detail.\n-- ${erin.name} <${erin.email}>` }),
    ]);
    expect(data.credits.map((c) => [c.reportKey, c.type])).toEqual(keys.map((k) => [k, "finder"]));
    // Staff-only notes and messages are not theirs.
    expect(JSON.stringify(data)).not.toContain("thanks.");
  });

  it("refuses an erasure without the typed id, and changes nothing", async () => {
    const before = t.db.select().from(schema.researchers).where(eq(schema.researchers.id, id)).get();
    const err = await expectTRPCError(eraser.researchers.erase({ id, confirm: String(id + 1) }), "BAD_REQUEST");
    expect(fieldErrorsOf(err)).toHaveProperty("confirm");
    await expectTRPCError(triager.researchers.erase({ id, confirm: String(id) }), "FORBIDDEN");
    expect(t.db.select().from(schema.researchers).where(eq(schema.researchers.id, id)).get()).toEqual(before);
  });

  it("erases them from every table and file while the reports and the audit chain stay intact", async () => {
    const reportsBefore = t.db.$client.prepare("SELECT count(*) AS n FROM reports").get() as { n: number };
    // The scan below can see them: before the erasure, the checkpointed file holds the email.
    t.db.$client.pragma("wal_checkpoint(TRUNCATE)");
    expect(readFileSync(t.file).toString("latin1")).toContain(erin.email);
    const result = await eraser.researchers.erase({ id, confirm: String(id) });
    expect(result).toMatchObject({ id, rawEmailsRemoved: 1, counts: { reports: 2, credits: 2, attachments: 1 } });

    // Every row of every table, as text.
    const c = t.db.$client;
    const tables = c
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .all() as { name: string }[];
    for (const { name } of tables) {
      const rows = JSON.stringify(c.prepare(`SELECT * FROM "${name}"`).all()).toLowerCase();
      for (const n of needles) expect(rows, `table ${name} still holds ${n}`).not.toContain(n.toLowerCase());
    }
    // Every byte of every file: the database, its WAL, and the data directory.
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir)) {
        const p = path.join(dir, e);
        if (statSync(p).isDirectory()) walk(p);
        else files.push(p);
      }
    };
    walk(path.dirname(t.file));
    expect(files).toContain(t.file);
    for (const file of files) {
      const bytes = readFileSync(file).toString("latin1").toLowerCase();
      for (const n of needles) expect(bytes.includes(n.toLowerCase()), `${file} still holds ${n}`).toBe(false);
    }

    // The record stays, erased; the reports stay, attributed to it; the credits are anonymous.
    const got = await admin.researchers.get({ id });
    expect(got.person).toMatchObject({ name: `erased researcher #${id}`, handle: null, email: null, links: [] });
    expect(got.person.erasedAt).toEqual(clock.now());
    expect(got.reports.map((r) => r.key).sort()).toEqual([...keys].sort());
    expect((c.prepare("SELECT count(*) AS n FROM reports").get() as { n: number }).n).toBe(reportsBefore.n);
    const report = reportByKey(t.db, keys[0]!)!;
    expect(report).toMatchObject({ researcherId: id, description: "Steps in the body.", statusTokenHash: null });
    const msgs = await admin.reports.byKey({ key: keys[0]! });
    expect(msgs.researcher).toMatchObject({ name: `erased researcher #${id}`, email: null });
    expect(JSON.stringify(msgs)).toContain("-- [erased] <[erased]>");
    for (const credit of t.db.select().from(schema.credits).where(eq(schema.credits.researcherId, id)).all()) {
      expect(credit.display).toBe("anonymous");
    }
    // The attachment file (the vulnerability evidence) stays; the raw email is gone.
    expect(files.some((p) => p.includes(`${path.sep}attachments${path.sep}`))).toBe(true);
    expect(files.some((p) => p.endsWith(".eml"))).toBe(false);

    expect(verifyAudit(t.db)).toMatchObject({ ok: true });
    const entry = c
      .prepare("SELECT * FROM audit_log WHERE action = 'researcher.erase' ORDER BY id DESC LIMIT 1")
      .get() as { entity_id: string; data_json: string };
    expect(entry.entity_id).toBe(String(id));
    expect(JSON.parse(entry.data_json)).toMatchObject({ researcherIds: [id], reports: 2 });

    await expectTRPCError(eraser.researchers.erase({ id, confirm: String(id) }), "CONFLICT");
  });
});
