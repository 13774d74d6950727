/**
 * The disclosure plan, its extensions, the patch milestones, publishing and
 * the sweep, through the real router on a real SQLite file. Expected instants
 * are worked out by hand from the policies (not read back from the code).
 */
import { defaultPolicy, type Policy } from "@embargo/core";
import { createProgram, reportByKey, requestDisclosureChange, schema, sweepDisclosures } from "@embargo/db";
import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Caller,
  CVSS_CRITICAL,
  CVSS_HIGH,
  callerFor,
  expectTRPCError,
  type Fixture,
  fieldErrorsOf,
  makeClock,
  makeTestDb,
  seedFixture,
  type TestDb,
} from "./test-support.ts";

const DAY = 86_400_000;
const clock = makeClock("2026-03-02T09:00:00.000Z");
let t: TestDb;
let f: Fixture;
let triager: Caller;
let admin: Caller;
let leadership: Caller;

const row = (key: string) => reportByKey(t.db, key)!;
const tick = () => clock.advance(60_000);
/** The clock's instant as a form's wall-clock value in UTC. */
const localNow = () => clock.now().toISOString().slice(0, 16);

async function newReport(opts: { program?: string; cvss?: string; receivedAt?: Date; email?: string } = {}) {
  tick();
  const { key } = await admin.reports.create({
    programSlug: opts.program ?? "alpha",
    title: "Disclosure test report",
    description: "Steps in the body.",
    cvssVector: opts.cvss ?? CVSS_HIGH,
    receivedAt: opts.receivedAt,
    reporter: opts.email ? { name: "Rae Reporter", handle: "rae", email: opts.email } : undefined,
  });
  return key;
}

async function triaged(opts: Parameters<typeof newReport>[0] = {}) {
  const key = await newReport(opts);
  tick();
  await triager.reports.transition({ key, action: "triage" });
  return key;
}

const auditActions = (key: string) =>
  t.db
    .select({ action: schema.auditLog.action })
    .from(schema.auditLog)
    .where(eq(schema.auditLog.entityId, key))
    .all()
    .map((a) => a.action);

const outboxFor = (reportId: number) =>
  t.db.select().from(schema.outbox).where(eq(schema.outbox.reportId, reportId)).orderBy(desc(schema.outbox.id)).all();

beforeAll(async () => {
  t = makeTestDb();
  f = await seedFixture(t.db, clock.now);
  // A program whose critical issues are disclosed 7 days after the patch release, in New York time.
  const policy: Policy = {
    ...defaultPolicy(),
    criticalDisclosure: { after: "patch_release", delay: { amount: 7, unit: "days" } },
    calendar: { timeZone: "America/New_York", workingDays: ["mon", "tue", "wed", "thu", "fri"], holidays: [] },
  };
  const gamma = createProgram(
    t.db,
    { slug: "gamma", name: "Gamma", keyPrefix: "GAMMA", policy, creatorUserId: f.users.admin.id },
    { userId: null, label: "test" },
    clock.now(),
  );
  t.db.insert(schema.memberships).values({ userId: f.users.triager.id, programId: gamma.id, role: "triager" }).run();
  admin = await callerFor(t.db, f.users.admin, clock.now);
  triager = await callerFor(t.db, f.users.triager, clock.now);
  leadership = await callerFor(t.db, f.users.leadership, clock.now);
});
afterAll(() => t.cleanup());

describe("the proposed date", () => {
  it("is proposed when a report is triaged: 90 days after receipt in the program's zone, as an event and an audit entry", async () => {
    const receivedAt = new Date("2026-02-20T10:30:00.000Z");
    const key = await triaged({ receivedAt });
    const r = row(key);
    expect(r.disclosureState).toBe("proposed");
    expect(r.disclosureBasis).toBe("policy_window");
    expect(r.disclosureTimeZone).toBe("UTC");
    // 20 Feb + 90 days = 21 May (8 days of Feb, 31 of March, 30 of April, 21 of May).
    expect(r.disclosureTargetAt?.toISOString()).toBe("2026-05-21T10:30:00.000Z");
    const d = await triager.reports.byKey({ key });
    expect(d.disclosure.plan).toMatchObject({ state: "proposed", timeZone: "UTC" });
    expect(d.events.some((e) => e.type === "disclosure" && e.data.action === "propose")).toBe(true);
    expect(auditActions(key)).toContain("report.disclosure.propose");
  });

  it("keeps the wall-clock time across a daylight-saving change in the program's zone", async () => {
    // 10 Jan 10:00 EST (UTC-5) + 90 days = 10 April 10:00 EDT (UTC-4). A critical report with no fix yet and no
    // fix-release target uses the resolve clock's due instant instead, so this report is high.
    const key = await triaged({ program: "gamma", receivedAt: new Date("2026-01-10T15:00:00.000Z") });
    expect(row(key).disclosureTargetAt?.toISOString()).toBe("2026-04-10T14:00:00.000Z");
    expect(row(key).disclosureTimeZone).toBe("America/New_York");
  });

  it("counts a critical report's date from the fix release, and moves it when the release moves", async () => {
    const key = await triaged({ program: "gamma", cvss: CVSS_CRITICAL });
    const received = row(key).receivedAt.getTime();
    const first = row(key);
    expect(first.disclosureBasis).toBe("after_fix_release");
    // The resolve clock for criticals is 7 days; the policy adds 7 days after the release.
    expect(first.disclosureTargetAt!.getTime() - received).toBeGreaterThanOrEqual(14 * DAY - 3_600_000);
    expect(first.disclosureTargetAt!.getTime() - received).toBeLessThanOrEqual(14 * DAY + 3_600_000);
    tick();
    await triager.disclosure.setMilestone({
      key,
      kind: "fix_released",
      targetAt: "2026-04-01T12:00",
      actualAt: null,
      timeZone: "America/New_York",
      value: null,
    });
    // 1 April 12:00 EDT is 16:00 UTC; 7 days later is 8 April 16:00 UTC.
    expect(row(key).disclosureTargetAt?.toISOString()).toBe("2026-04-08T16:00:00.000Z");
    const d = await triager.reports.byKey({ key });
    expect(d.events.filter((e) => e.type === "disclosure").map((e) => e.data.action)).toEqual(["propose", "follow"]);
  });
});

describe("what bad input gets", () => {
  it("refuses a date in the past, an unknown zone and a bare date, naming the field and changing nothing", async () => {
    const key = await triaged();
    const before = row(key);
    const past = await expectTRPCError(
      triager.disclosure.setTarget({ key, targetAt: "2026-01-01T10:00", timeZone: "UTC" }),
      "BAD_REQUEST",
    );
    expect(fieldErrorsOf(past)).toHaveProperty("targetAt");
    const zone = await expectTRPCError(
      triager.disclosure.setTarget({ key, targetAt: "2026-07-01T10:00", timeZone: "Mars/Olympus" }),
      "BAD_REQUEST",
    );
    expect(fieldErrorsOf(zone)).toHaveProperty("timeZone");
    const bare = await expectTRPCError(
      triager.disclosure.setTarget({ key, targetAt: "2026-07-01", timeZone: "UTC" }),
      "BAD_REQUEST",
    );
    expect(fieldErrorsOf(bare)).toHaveProperty("targetAt");
    expect(row(key)).toEqual(before);
  });

  it("refuses a malformed CVE id, a version the scheme cannot read and an actual instant before receipt", async () => {
    const key = await triaged();
    const before = row(key);
    const base = { key, targetAt: null, timeZone: "UTC" } as const;
    const cve = await expectTRPCError(
      triager.disclosure.setMilestone({ ...base, kind: "cve_reserved", actualAt: localNow(), value: "CVE-26-1" }),
      "BAD_REQUEST",
    );
    expect(fieldErrorsOf(cve)).toHaveProperty("value");
    const version = await expectTRPCError(
      triager.disclosure.setMilestone({ ...base, kind: "fix_released", actualAt: localNow(), value: "soon" }),
      "BAD_REQUEST",
    );
    expect(fieldErrorsOf(version)).toHaveProperty("value");
    const early = await expectTRPCError(
      triager.disclosure.setMilestone({ ...base, kind: "fix_started", actualAt: "2025-12-01T09:00", value: null }),
      "BAD_REQUEST",
    );
    expect(fieldErrorsOf(early)).toHaveProperty("actualAt");
    expect(row(key)).toEqual(before);
  });
});

describe("agreeing and extending", () => {
  it("an agreed date changes only through an extension, which never moves it earlier unless marked as shortening", async () => {
    const key = await triaged();
    tick();
    await triager.disclosure.agree({ key });
    expect(row(key).disclosureState).toBe("agreed");
    const edit = await expectTRPCError(
      triager.disclosure.setTarget({ key, targetAt: "2026-09-01T10:00", timeZone: "UTC" }),
      "BAD_REQUEST",
    );
    expect(fieldErrorsOf(edit)).toHaveProperty("targetAt");
    const agreedAt = row(key).disclosureTargetAt!;
    const earlier = await expectTRPCError(
      triager.disclosure.extend({
        key,
        newAt: "2026-04-01T10:00",
        timeZone: "UTC",
        reason: "Sooner",
        shortening: false,
      }),
      "BAD_REQUEST",
    );
    expect(fieldErrorsOf(earlier)).toHaveProperty("newAt");
    expect(row(key).disclosureTargetAt).toEqual(agreedAt);
    tick();
    await triager.disclosure.extend({
      key,
      newAt: "2026-09-01T10:00",
      timeZone: "Europe/Berlin",
      reason: "The fix needs a second release",
      shortening: false,
    });
    const r = row(key);
    expect(r.disclosureState).toBe("extended");
    // 10:00 in Berlin in September (CEST, UTC+2) is 08:00 UTC.
    expect(r.disclosureTargetAt?.toISOString()).toBe("2026-09-01T08:00:00.000Z");
    const d = await triager.reports.byKey({ key });
    expect(d.disclosure.requests).toHaveLength(1);
    expect(d.disclosure.requests[0]).toMatchObject({
      kind: "extension",
      requestedBy: "team",
      state: "approved",
      reason: "The fix needs a second release",
      oldAt: agreedAt,
    });
    expect(auditActions(key)).toEqual(
      expect.arrayContaining([
        "report.disclosure.agree",
        "report.disclosure.request_extension",
        "report.disclosure.extend",
      ]),
    );
    tick();
    await triager.disclosure.extend({
      key,
      newAt: "2026-08-01T10:00",
      timeZone: "UTC",
      reason: "The release shipped early",
      shortening: true,
    });
    expect(row(key).disclosureTargetAt?.toISOString()).toBe("2026-08-01T10:00:00.000Z");
  });

  it("a researcher's request waits, the team sees it, and a decline tells the reporter by email", async () => {
    const key = await triaged({ email: "rae@example.org" });
    tick();
    await triager.disclosure.agree({ key });
    const report = row(key);
    const { request } = t.db.transaction((tx) =>
      requestDisclosureChange(
        tx,
        report,
        {
          kind: "extension",
          requestedBy: "researcher",
          reason: "I present this at a conference",
          newAt: new Date(report.disclosureTargetAt!.getTime() + 30 * DAY),
          timeZone: "UTC",
          shortening: false,
        },
        { userId: null, label: "reporter" },
        clock.now(),
      ),
    );
    expect(row(key).disclosureRequestPending).toBe(true);
    expect(row(key).disclosureTargetAt).toEqual(report.disclosureTargetAt);
    const seen = await triager.reports.byKey({ key });
    expect(seen.disclosure.plan.requestPending).toBe(true);
    expect(seen.disclosure.requests.at(-1)).toMatchObject({ state: "pending", requestedBy: "researcher" });
    // Leadership sees that a request waits, not the researcher's words.
    const asLeader = await leadership.reports.byKey({ key });
    expect(asLeader.disclosure.requests.at(-1)).toMatchObject({ state: "pending", reason: null });
    tick();
    await triager.disclosure.decide({ key, requestId: request.id, approve: false, note: "The fix ships first" });
    expect(row(key).disclosureRequestPending).toBe(false);
    expect(row(key).disclosureTargetAt).toEqual(report.disclosureTargetAt);
    const mail = outboxFor(report.id)[0]!;
    expect(mail).toMatchObject({ channel: "email", target: "rae@example.org", event: "report.disclosure" });
    expect(mail.payloadJson).toContain("declined");
    const again = await expectTRPCError(
      triager.disclosure.decide({ key, requestId: request.id, approve: true, note: null }),
      "CONFLICT",
    );
    expect(again.message).toMatch(/already decided/);
  });
});

describe("milestones and the lifecycle", () => {
  it("recording the fix release with its version marks the report fixed, and closing cancels the plan", async () => {
    const key = await triaged();
    tick();
    await triager.disclosure.setMilestone({
      key,
      kind: "fix_released",
      targetAt: null,
      actualAt: localNow(),
      timeZone: "UTC",
      value: "2.4.1",
    });
    const r = row(key);
    expect(r.state).toBe("fixed");
    expect(r.fixedVersion).toBe("2.4.1");
    const d = await triager.reports.byKey({ key });
    expect(d.disclosure.milestones.find((m) => m.kind === "fix_released")).toMatchObject({ value: "2.4.1" });

    const other = await triaged();
    tick();
    await triager.reports.transition({ key: other, action: "close_wont_fix", reason: "Accepted risk" });
    expect(row(other).disclosureState).toBe("cancelled");
  });

  it("moving to fixing sets fix_started; a milestone past its target without an actual is late", async () => {
    const key = await triaged();
    tick();
    await triager.disclosure.setMilestone({
      key,
      kind: "fix_ready",
      targetAt: "2026-03-05T12:00",
      actualAt: null,
      timeZone: "UTC",
      value: null,
    });
    await triager.reports.transition({ key, action: "start_fix" });
    let d = await triager.reports.byKey({ key });
    expect(d.disclosure.milestones.find((m) => m.kind === "fix_started")?.actualAt).not.toBeNull();
    expect(d.disclosure.milestones.find((m) => m.kind === "fix_ready")?.late).toBe(false);
    clock.advance(5 * DAY);
    d = await triager.reports.byKey({ key });
    expect(d.disclosure.milestones.find((m) => m.kind === "fix_ready")?.late).toBe(true);
  });
});

describe("publishing", () => {
  it("needs a released fix, an advisory and the date (or a reason), then discloses and tells the reporter", async () => {
    t.db
      .insert(schema.webhooks)
      .values({
        programId: f.programs.alpha.id,
        url: "https://hooks.example/disclosed",
        secret: "s",
        events: ["report.disclosed"],
        createdAt: clock.now(),
      })
      .run();
    const key = await triaged({ email: "pub@example.org" });
    tick();
    await triager.disclosure.agree({ key });
    const notFixed = await expectTRPCError(
      triager.disclosure.publish({ key, advisoryUrl: "https://example.com/a/1", overrideReason: null }),
      "CONFLICT",
    );
    expect(notFixed.message).toMatch(/fix/);
    tick();
    await triager.reports.transition({ key, action: "mark_fixed", fixedVersion: "3.0.0" });
    const noAdvisory = await expectTRPCError(
      triager.disclosure.publish({ key, advisoryUrl: null, overrideReason: "Urgent" }),
      "BAD_REQUEST",
    );
    expect(fieldErrorsOf(noAdvisory)).toHaveProperty("advisoryUrl");
    const early = await expectTRPCError(
      triager.disclosure.publish({ key, advisoryUrl: "https://example.com/a/1", overrideReason: null }),
      "BAD_REQUEST",
    );
    expect(fieldErrorsOf(early)).toHaveProperty("overrideReason");
    expect(row(key).state).toBe("fixed");
    tick();
    const res = await triager.disclosure.publish({
      key,
      advisoryUrl: "https://example.com/a/1",
      overrideReason: "Exploited in the wild",
    });
    expect(res.state).toBe("disclosed");
    const r = row(key);
    expect(r.disclosureState).toBe("published");
    expect(r.advisoryUrl).toBe("https://example.com/a/1");
    const d = await triager.reports.byKey({ key });
    expect(d.disclosure.milestones.find((m) => m.kind === "advisory_published")).toMatchObject({
      value: "https://example.com/a/1",
    });
    // One notice with the link at publication, in the reporter's thread and by one "disclosed" email.
    const atPublish = outboxFor(r.id).filter(
      (m) => m.channel === "email" && m.createdAt.getTime() === clock.now().getTime(),
    );
    expect(atPublish.map((m) => m.event)).toEqual(["report.state"]);
    expect(JSON.parse(atPublish[0]!.payloadJson).subject).toBe(`[${key}] Disclosed: the advisory is published`);
    expect(d.messages.at(-1)).toMatchObject({ kind: "to_reporter" });
    expect(d.messages.at(-1)?.body).toContain("https://example.com/a/1");
    expect(atPublish[0]!.payloadJson).toContain("https://example.com/a/1");
    const hooks = outboxFor(r.id).filter((m) => m.channel === "webhook");
    expect(hooks.map((h) => h.event)).toEqual(["report.disclosed"]);
    expect(hooks[0]!.payloadJson).toContain(key);
    expect(hooks[0]!.payloadJson).not.toContain("Steps in the body");
  });
});

describe("the disclosure sweep", () => {
  it("raises disclosure_due once when a date comes within 7 days with no fix, and again when the date moves", async () => {
    const key = await triaged();
    tick();
    const soon = new Date(clock.now().getTime() + 3 * DAY);
    const local = soon.toISOString().slice(0, 16);
    await triager.disclosure.setTarget({ key, targetAt: local, timeZone: "UTC" });
    const first = sweepDisclosures(t.db, clock.now());
    expect(first.raised).toBeGreaterThanOrEqual(1);
    const r = row(key);
    const escalationsOf = () =>
      t.db
        .select()
        .from(schema.escalations)
        .where(and(eq(schema.escalations.reportId, r.id), eq(schema.escalations.kind, "disclosure_due")))
        .all();
    expect(escalationsOf()).toHaveLength(1);
    expect(escalationsOf()[0]!.reason).toContain(key);
    sweepDisclosures(t.db, clock.now());
    expect(escalationsOf()).toHaveLength(1);
    tick();
    const later = new Date(clock.now().getTime() + 5 * DAY).toISOString().slice(0, 16);
    await triager.disclosure.setTarget({ key, targetAt: later, timeZone: "UTC" });
    sweepDisclosures(t.db, clock.now());
    expect(escalationsOf()).toHaveLength(2);
  });
});

describe("the calendar", () => {
  it("lists disclosure and fix-release targets of the caller's programs only; leadership sees them too", async () => {
    const key = await triaged();
    const from = clock.now();
    const to = new Date(from.getTime() + 120 * DAY);
    const mine = await triager.disclosure.calendar({ from, to });
    expect(mine.entries.some((e) => e.key === key && e.kind === "disclosure")).toBe(true);
    expect(mine.entries.some((e) => e.key === key && e.kind === "fix_release")).toBe(true);
    expect(mine.entries.every((e) => e.key.startsWith("ALPHA-") || e.key.startsWith("GAMMA-"))).toBe(true);
    const lead = await leadership.disclosure.calendar({ from, to, program: "alpha" });
    expect(lead.entries.some((e) => e.key === key)).toBe(true);
    const beta = await callerFor(t.db, f.users.otherTriager, clock.now);
    const theirs = await beta.disclosure.calendar({ from, to });
    expect(theirs.entries.some((e) => e.key === key)).toBe(false);
    const tooLong = await expectTRPCError(
      triager.disclosure.calendar({ from, to: new Date(from.getTime() + 500 * DAY) }),
      "BAD_REQUEST",
    );
    expect(fieldErrorsOf(tooLong)).toHaveProperty("to");
  });
});

describe("advisories", () => {
  it("leadership reads the draft without its technical details; triagers get a validated export or the fields to fix", async () => {
    const key = await triaged();
    const draft = (await triager.advisories.get({ key })).draft;
    await triager.advisories.save({
      key,
      draft: {
        ...draft,
        summary: "Stored XSS lets a commenter run script in an admin's session.",
        details: "Send <script>fetch('/admin')</script> as a comment.",
      },
    });
    const asLeader = await leadership.advisories.get({ key });
    expect(asLeader.draft.summary).toContain("Stored XSS");
    expect(asLeader.draft.details).toBe("");
    expect(JSON.stringify(asLeader)).not.toContain("<script>");
    // No affected range yet: refused with the field named, nothing offered.
    const refused = await triager.advisories.export({ key, format: "osv" });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.errors.map((e) => e.field).join(" ")).toMatch(/affected/);
  });
});
