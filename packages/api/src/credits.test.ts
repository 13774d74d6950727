/**
 * Credits on a report (issue 12): adding people with a consent request through the
 * outbox, answering the consent link, withdrawing, who may see and touch which
 * credits, and the acknowledgment lists built from them.
 */
import { LINK_SLOTS } from "@embargo/core";
import {
  addCredit,
  answerConsentLink,
  creditsOfReport,
  reportByKey,
  schema,
  seedDemo,
  setCreditPreference,
  sha256Hex,
} from "@embargo/db";
import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportReportAdvisory } from "./advisory-input.ts";
import {
  type Caller,
  CVSS_HIGH,
  callerFor,
  expectTRPCError,
  type Fixture,
  fieldErrorsOf,
  makeClock,
  makeTestDb,
  seedFixture,
  TEST_PUBLIC_URL,
  type TestDb,
  testOpenLink,
} from "./test-support.ts";

const clock = makeClock("2026-03-02T09:00:00.000Z");
const tick = () => clock.advance(60_000);
let t: TestDb;
let f: Fixture;
let admin: Caller;
let triager: Caller;
let otherTriager: Caller;
let leadership: Caller;

const row = (key: string) => reportByKey(t.db, key)!;

type Reporter = { name: string | null; handle: string | null; email: string | null };
async function reportWithReporter(
  program = "alpha",
  reporter: Reporter = { name: "Rae Reporter", handle: "rae", email: "rae@example.org" },
) {
  tick();
  const { key } = await admin.reports.create({
    programSlug: program,
    title: "Credits test report",
    description: "Steps in the body.",
    cvssVector: CVSS_HIGH,
    reporter,
  });
  return key;
}

/** Publish the report (disclosing is publishing), on the clock's current instant. */
async function disclose(key: string, by: Caller = triager) {
  tick();
  await by.reports.transition({ key, action: "triage" });
  tick();
  await by.reports.transition({ key, action: "mark_fixed", fixedVersion: "2.0.0" });
  tick();
  await by.disclosure.publish({
    key,
    advisoryUrl: `https://example.com/advisories/${key}`,
    overrideReason: "Fixed early",
  });
  return clock.now();
}

/** The consent request for `email`: its text and the link it will carry once opened by the worker. */
function consentMail(email: string) {
  const mail = t.db
    .select()
    .from(schema.outbox)
    .where(eq(schema.outbox.target, email))
    .orderBy(desc(schema.outbox.id))
    .get();
  if (!mail) return undefined;
  const payload = JSON.parse(mail.payloadJson) as { text: string; subject: string; sealed: { consentUrl: string } };
  return { event: mail.event, ...payload, link: testOpenLink(payload.sealed.consentUrl) };
}
const tokenOf = (link: string) => link.slice(`${TEST_PUBLIC_URL}/credit/`.length);

const creditCount = () => t.db.select().from(schema.credits).all().length;

async function ackLines(caller: Caller, input: { program?: string; from?: string; to?: string } = {}) {
  const md = await caller.credits.acknowledgments({ ...input, format: "md" });
  return md.body.split("\n").filter((l) => l.startsWith("- "));
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

describe("the reporter's credit", () => {
  it("is made with the report (first, finder, pending) and follows their choice on the status page", async () => {
    const key = await reportWithReporter();
    const [own, ...others] = await triager.credits.list({ key });
    expect(others).toEqual([]);
    expect(own).toMatchObject({ isReporter: true, type: "finder", display: "name", consent: "pending" });
    expect(own?.person).toMatchObject({ name: "Rae Reporter", email: "rae@example.org" });

    tick();
    setCreditPreference(t.db, row(key), { creditAs: "handle", consent: "accepted" }, clock.now());
    const [after] = await triager.credits.list({ key });
    expect(after).toMatchObject({
      display: "handle",
      consent: "accepted",
      consentChannel: "status_page",
      shownAs: "rae",
    });
    // Older readers of the report's own columns see the same choice.
    expect(row(key)).toMatchObject({ creditAs: "handle", creditConsent: "accepted" });
  });
});

describe("adding a credit", () => {
  it("asks a person with an email through a sealed, single-use consent link, and records their answer", async () => {
    const key = await reportWithReporter();
    tick();
    const added = await triager.credits.add({
      key,
      name: "Chidi Okafor",
      email: "chidi@example.net",
      type: "finder",
      display: "name",
    });
    expect(added.consent).toBe("pending");
    const mail = consentMail("chidi@example.net")!;
    expect(mail.event).toBe("credit.consent_request");
    expect(mail.text).toContain(LINK_SLOTS.consentUrl);
    expect(mail.link).toMatch(new RegExp(`^${TEST_PUBLIC_URL}/credit/[\\w-]{32}$`));
    // No SMTP in this context: the team gets the same link to pass on by hand.
    expect(added.link).toBe(mail.link);
    const token = tokenOf(mail.link);
    // Neither the token nor the report's title is anywhere in the mail as stored.
    expect(JSON.stringify(mail.text + mail.subject + mail.sealed.consentUrl)).not.toContain(token);
    expect(mail.text).not.toContain("Credits test report");
    expect(mail.text).toContain("Alpha Product");

    tick();
    const answered = answerConsentLink(
      t.db,
      sha256Hex(token),
      { accept: true, display: "handle", name: null, handle: "chidi" },
      clock.now(),
    );
    expect(answered).toMatchObject({ consent: "accepted", display: "handle", consentChannel: "consent_link" });
    // Used once: a second answer finds nothing, and the first one stands.
    expect(
      answerConsentLink(
        t.db,
        sha256Hex(token),
        { accept: false, display: "name", name: null, handle: null },
        clock.now(),
      ),
    ).toBeUndefined();
    const listed = (await triager.credits.list({ key })).find((c) => c.id === added.id);
    expect(listed).toMatchObject({ consent: "accepted", shownAs: "chidi" });

    // The audit log holds what changed, never who.
    const audit = JSON.stringify(t.db.select().from(schema.auditLog).where(eq(schema.auditLog.entityId, key)).all());
    expect(audit).toContain("report.credit.add");
    expect(audit).toContain("report.credit.answer");
    for (const secret of ["Chidi", "chidi@example.net", "Rae Reporter", "rae@example.org"]) {
      expect(audit).not.toContain(secret);
    }
  });

  it("lets the team record the answer of someone without email, and refuses a bad credit type naming the field", async () => {
    const key = await reportWithReporter();
    const before = creditCount();
    const badType = await expectTRPCError(
      triager.credits.add({ key, name: "Zed", type: "hacker" as "finder", display: "name", consent: "accepted" }),
      "BAD_REQUEST",
    );
    expect(fieldErrorsOf(badType)).toHaveProperty("type");
    const noWay = await expectTRPCError(
      triager.credits.add({ key, name: "Zed", type: "analyst", display: "name" }),
      "BAD_REQUEST",
    );
    expect(fieldErrorsOf(noWay)).toHaveProperty("consent");
    expect(creditCount()).toBe(before);

    const ok = await triager.credits.add({ key, name: "Zed", type: "analyst", display: "name", consent: "accepted" });
    expect(ok.consent).toBe("accepted");
    expect(ok.link).toBeNull();
    expect(consentMail("zed@example.org")).toBeUndefined();
    const credit = (await triager.credits.list({ key })).find((c) => c.id === ok.id);
    expect(credit).toMatchObject({ consentChannel: "team", type: "analyst" });
  });

  it("updates and removes an added credit, but never removes the reporter's own", async () => {
    const key = await reportWithReporter();
    const { id } = await triager.credits.add({
      key,
      handle: "helper",
      type: "other",
      display: "handle",
      consent: "accepted",
    });
    await triager.credits.update({ key, id, type: "remediation_reviewer" });
    expect((await triager.credits.list({ key })).find((c) => c.id === id)?.type).toBe("remediation_reviewer");
    await triager.credits.remove({ key, id });
    expect((await triager.credits.list({ key })).some((c) => c.id === id)).toBe(false);
    const [own] = await triager.credits.list({ key });
    const refused = await expectTRPCError(triager.credits.remove({ key, id: own!.id }), "BAD_REQUEST");
    expect(fieldErrorsOf(refused)).toHaveProperty("id");
  });
});

describe("who sees and touches credits", () => {
  it("keeps another program's credits out of reach of a triager of one program", async () => {
    const key = await reportWithReporter();
    const { id } = await triager.credits.add({
      key,
      name: "Ana",
      type: "finder",
      display: "name",
      consent: "accepted",
    });
    await expectTRPCError(otherTriager.credits.list({ key }), "NOT_FOUND");
    await expectTRPCError(
      otherTriager.credits.add({ key, name: "Eve", type: "finder", display: "name", consent: "accepted" }),
      "NOT_FOUND",
    );
    await expectTRPCError(otherTriager.credits.update({ key, id, display: "anonymous" }), "NOT_FOUND");
    await expectTRPCError(otherTriager.credits.remove({ key, id }), "NOT_FOUND");
    await expectTRPCError(otherTriager.credits.withdraw({ key, id }), "NOT_FOUND");
    // Nor can they attach a researcher known only to alpha to a beta report.
    const beta = await reportWithReporter("beta", { name: "Bo", handle: "bo", email: "bo@example.org" });
    const [alphaReporter] = await triager.credits.list({ key });
    const hidden = await expectTRPCError(
      otherTriager.credits.add({
        key: beta,
        researcherId: alphaReporter!.person!.researcherId,
        type: "analyst",
        display: "name",
        consent: "accepted",
      }),
      "BAD_REQUEST",
    );
    expect(fieldErrorsOf(hidden)).toHaveProperty("researcherId");
    const unknown = await expectTRPCError(
      otherTriager.credits.acknowledgments({ program: "alpha", format: "md" }),
      "NOT_FOUND",
    );
    expect(fieldErrorsOf(unknown)).toHaveProperty("program");
    expect(creditsOfReport(t.db, row(key).id).find((c) => c.id === id)?.display).toBe("name");
  });

  it("shows leadership a person only as they chose to be named, and only once they accepted", async () => {
    const key = await reportWithReporter();
    await triager.credits.add({
      key,
      name: "Pending Person",
      email: "pp@example.org",
      type: "finder",
      display: "name",
    });
    await triager.credits.add({ key, name: "Accepted Person", type: "analyst", display: "name", consent: "accepted" });
    const seen = await leadership.credits.list({ key });
    expect(seen.map((c) => c.shownAs)).toEqual([null, null, "Accepted Person"]);
    expect(seen.every((c) => c.person === null)).toBe(true);
    expect(JSON.stringify(seen)).not.toContain("@example.org");
    await expectTRPCError(
      leadership.credits.add({ key, name: "X", type: "finder", display: "name", consent: "accepted" }),
      "FORBIDDEN",
    );
  });
});

describe("acknowledgment lists", () => {
  it("list only disclosed reports' accepted, not withdrawn credits, anonymous ones as Anonymous", async () => {
    // Nothing in alpha is disclosed before this test, so the list is this report's.
    const key = await reportWithReporter();
    setCreditPreference(t.db, row(key), { creditAs: "name", consent: "accepted" }, clock.now());
    await admin.credits.add({ key, name: "Anon Helper", type: "analyst", display: "anonymous", consent: "accepted" });
    await admin.credits.add({ key, name: "Declined Dan", type: "analyst", display: "name", consent: "declined" });
    await admin.credits.add({
      key,
      name: "Pending Pat",
      email: "pat@example.org",
      type: "coordinator",
      display: "name",
    });
    const gone = await admin.credits.add({
      key,
      name: "Withdrawn Wu",
      type: "tool",
      display: "name",
      consent: "accepted",
    });
    await admin.credits.add({ key, name: 'Okafor, "Co"', type: "finder", display: "name", consent: "accepted" });
    // An accepted credit on a report that is never disclosed.
    const hidden = await reportWithReporter("alpha", { name: "Undisclosed Uma", handle: null, email: null });
    setCreditPreference(t.db, row(hidden), { creditAs: "name", consent: "accepted" }, clock.now());

    const disclosedAt = await disclose(key, admin);
    tick();
    await admin.credits.withdraw({ key, id: gone.id });
    const day = disclosedAt.toISOString().slice(0, 10);

    const link = `[${key}](https://example.com/advisories/${key})`;
    const lines = await ackLines(admin, { program: "alpha" });
    expect(lines.sort()).toEqual(
      [
        `- **Okafor, "Co"** — Finder — ${link} — ${day}`,
        `- **Anonymous** — Analyst — ${link} — ${day}`,
        `- **Rae Reporter** — Finder — ${link} — ${day}`,
      ].sort(),
    );

    const csv = await leadership.credits.acknowledgments({ program: "alpha", format: "csv" });
    expect(csv.mediaType).toMatch(/^text\/csv/);
    expect(csv.filename).toBe("acknowledgments-alpha.csv");
    expect(csv.body).toContain(`"Okafor, ""Co""",finder,${key}`);
    expect(csv.body).toContain(`Anonymous,analyst,${key}`);
    for (const absent of ["Declined Dan", "Pending Pat", "Withdrawn Wu", "Undisclosed Uma", "Anon Helper"]) {
      expect(csv.body).not.toContain(absent);
    }

    // The period includes its bounds and excludes the day after.
    expect(await ackLines(admin, { program: "alpha", from: day, to: day })).toHaveLength(3);
    const next = new Date(disclosedAt.getTime() + 86_400_000).toISOString().slice(0, 10);
    expect(await ackLines(admin, { program: "alpha", from: next })).toEqual([]);
  });

  it("refuses a period whose end precedes its start, naming the field", async () => {
    const bad = await expectTRPCError(
      triager.credits.acknowledgments({ from: "2026-03-02", to: "2026-03-01", format: "md" }),
      "BAD_REQUEST",
    );
    expect(fieldErrorsOf(bad)).toHaveProperty("to");
  });

  it("covers all of the viewer's programs when none is named, and no others", async () => {
    const key = await reportWithReporter("beta", { name: "Beta Finder", handle: null, email: null });
    setCreditPreference(t.db, row(key), { creditAs: "name", consent: "accepted" }, clock.now());
    await disclose(key, admin);
    const betaOnly = (await otherTriager.credits.acknowledgments({ format: "json" })).body;
    expect(betaOnly).toContain("Beta Finder");
    expect(betaOnly).not.toContain("Rae Reporter");
    const alphaOnly = (await triager.credits.acknowledgments({ format: "html" })).body;
    expect(alphaOnly).not.toContain("Beta Finder");
  });
});

describe("advisory exports", () => {
  it("credit an accepted co-finder in CVE credits and CSAF acknowledgments, never a pending or anonymous one", async () => {
    const demo = makeTestDb();
    try {
      const at = new Date("2026-12-01T09:00:00Z");
      await seedDemo(demo.db, at, () => {}, { publicUrl: TEST_PUBLIC_URL });
      const withAdvisory = demo.db.$client
        .prepare("SELECT r.key FROM advisories a JOIN reports r ON r.id = a.report_id ORDER BY r.id LIMIT 1")
        .get() as { key: string };
      const report = reportByKey(demo.db, withAdvisory.key)!;
      const actor = { userId: null, label: "test" };
      const noLink = () => {
        throw new Error("no link expected");
      };
      const opts = { visibleProgramIds: [report.programId], link: noLink };
      addCredit(
        demo.db,
        report,
        { name: "Co Finder", type: "finder", display: "name", consent: "accepted" },
        opts,
        actor,
        at,
      );
      addCredit(
        demo.db,
        report,
        { name: "Shy One", type: "analyst", display: "anonymous", consent: "accepted" },
        opts,
        actor,
        at,
      );
      addCredit(
        demo.db,
        report,
        { name: "Said No", type: "tool", display: "name", consent: "declined" },
        opts,
        actor,
        at,
      );
      const exported = (format: "cve" | "csaf") => {
        const r = exportReportAdvisory(demo.db, report, format, {
          publicUrl: TEST_PUBLIC_URL,
          now: at,
          growRevisions: false,
        });
        expect(r?.ok ? [] : r?.errors).toEqual([]);
        return r?.ok ? JSON.stringify(r.document) : "";
      };
      const cve = JSON.parse(exported("cve")) as {
        containers: { cna: { credits?: { value: string; type: string }[] } };
      };
      expect(cve.containers.cna.credits).toContainEqual({ lang: "en", value: "Co Finder", type: "finder" });
      const csaf = JSON.parse(exported("csaf")) as { document: { acknowledgments?: { names: string[] }[] } };
      expect(csaf.document.acknowledgments?.flatMap((a) => a.names)).toContain("Co Finder");
      for (const text of [JSON.stringify(cve), JSON.stringify(csaf)]) {
        expect(text).not.toContain("Shy One");
        expect(text).not.toContain("Said No");
        expect(text).not.toContain("Anonymous");
      }
    } finally {
      demo.cleanup();
    }
  }, 60_000);
});
