/**
 * Escalations through the real router on a real SQLite file: every automatic
 * rule raises exactly one escalation and resolves it when its cause goes
 * away, leadership is told once (one email per leadership member, one webhook
 * delivery per event), and the manual procedures refuse what they must
 * without changing anything. Reasons and instants are worked out by hand from
 * the program's policy and time zone (Asia/Kolkata, UTC+5:30, "IST").
 */
import { defaultPolicy, reportFieldsSchema } from "@embargo/core";
import {
  acceptReport,
  createProgram,
  createUser,
  reportByKey,
  schema,
  settleEscalations,
  sweepDisclosures,
  sweepSla,
} from "@embargo/db";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  auditRows,
  type Caller,
  CVSS_CRITICAL,
  CVSS_HIGH,
  callerFor,
  changeAuditCount,
  expectTRPCError,
  type Fixture,
  fieldErrorsOf,
  makeClock,
  makeTestDb,
  seedFixture,
  type TestDb,
  type TestUser,
  testSealLink,
} from "./test-support.ts";

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const clock = makeClock("2026-03-02T09:00:00.000Z");
let t: TestDb;
let f: Fixture;
let india: { id: number };
let secondLeader: TestUser;
let goneLeader: TestUser;
/** The leadership members of "india" who can be told (the disabled one cannot). */
let leaderEmails: string[];

const HOOK_URL = "https://hooks.example/escalations";

// Sessions last 12 hours; the tests jump the clock by days, so a caller signs in again when needed.
const signedIn = new Map<number, { caller: Caller; at: number }>();
async function as(user: TestUser): Promise<Caller> {
  const now = clock.now().getTime();
  const hit = signedIn.get(user.id);
  if (hit && now >= hit.at && now < hit.at + 11 * HOUR) return hit.caller;
  const caller = await callerFor(t.db, user, clock.now);
  signedIn.set(user.id, { caller, at: now });
  return caller;
}

const idOf = (key: string) => reportByKey(t.db, key)!.id;

function escalationsOf(key: string, kind?: string) {
  const where = [eq(schema.escalations.reportId, idOf(key))];
  if (kind) where.push(eq(schema.escalations.kind, kind as "manual"));
  return t.db
    .select()
    .from(schema.escalations)
    .where(and(...where))
    .orderBy(asc(schema.escalations.id))
    .all();
}

function outboxOf(key: string, channel: "email" | "webhook", event: string) {
  return t.db
    .select()
    .from(schema.outbox)
    .where(
      and(eq(schema.outbox.reportId, idOf(key)), eq(schema.outbox.channel, channel), eq(schema.outbox.event, event)),
    )
    .orderBy(asc(schema.outbox.id))
    .all();
}

/** Webhook deliveries of `event` about one escalation. */
function hooksOf(escalationId: number, event: string) {
  return t.db
    .select()
    .from(schema.outbox)
    .where(and(eq(schema.outbox.channel, "webhook"), eq(schema.outbox.event, event)))
    .all()
    .map((r) => JSON.parse(r.payloadJson) as { event: string; data: Record<string, unknown> })
    .filter((p) => p.data.escalationId === escalationId);
}

const count = (table: string) => (t.db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
/** What a refused call must leave as it was. */
const counts = () => ({
  outbox: count("outbox"),
  audit: changeAuditCount(t.db),
  escalations: count("escalations"),
  escalationRows: t.db.select().from(schema.escalations).all(),
});

let serial = 0;
async function newReport(opts: { cvss?: string; title?: string } = {}): Promise<string> {
  serial++;
  const triager = await as(f.users.triager);
  const { key } = await triager.reports.create({
    programSlug: "india",
    title: opts.title ?? `Escalation test report number ${serial}`,
    description: `Secret exploit text ${serial}: send the magic header.`,
    cvssVector: opts.cvss,
  });
  return key;
}

/** The email and webhook of a raise, checked against the leadership of "india" and the reason. */
function expectToldOnce(key: string, escalationId: number, reason: string, title: string) {
  const raisedHooks = hooksOf(escalationId, "escalation.raised");
  expect(raisedHooks).toHaveLength(1);
  expect(raisedHooks[0]!.data).toMatchObject({ key, escalationId, reason });
  const mails = outboxOf(key, "email", "escalation.raised").filter((m) => {
    const p = JSON.parse(m.payloadJson) as { text: string };
    return p.text.includes(reason);
  });
  expect(mails.map((m) => m.target).sort()).toEqual(leaderEmails);
  for (const m of mails) {
    const p = JSON.parse(m.payloadJson) as { subject: string; text: string };
    expect(p.subject).toContain(key);
    expect(p.text).toContain("/leadership");
    // The reason travels; the report's text never does.
    expect(p.subject + p.text).not.toContain(title);
    expect(p.subject + p.text).not.toContain("Secret exploit text");
  }
}

beforeAll(async () => {
  t = makeTestDb();
  f = await seedFixture(t.db, clock.now);
  const at = clock.now();
  const system = { userId: null, label: "test" };
  india = createProgram(
    t.db,
    {
      slug: "india",
      name: "India Product",
      keyPrefix: "IND",
      // The program promises (SECURITY.md) to escalate critical reports to leadership: they page.
      policy: {
        ...defaultPolicy(),
        escalateCriticalToLeadership: true,
        calendar: { ...defaultPolicy().calendar, timeZone: "Asia/Kolkata" },
      },
      creatorUserId: f.users.admin.id,
    },
    system,
    at,
  );
  const member = (userId: number, role: "triager" | "leadership") =>
    t.db.insert(schema.memberships).values({ userId, programId: india.id, role }).run();
  member(f.users.triager.id, "triager");
  member(f.users.leadership.id, "leadership");
  const mk = async (email: string, name: string): Promise<TestUser> => {
    const password = `${name.toLowerCase().replace(/ /g, "-")}-password`;
    const row = await createUser(
      t.db,
      { email, name, password, memberships: [{ programId: india.id, role: "leadership" }] },
      system,
      at,
    );
    return { id: row.id, email, name, password };
  };
  secondLeader = await mk("second-lead@india.test", "Sam Second");
  goneLeader = await mk("gone-lead@india.test", "Gil Gone");
  t.db.update(schema.users).set({ disabledAt: at }).where(eq(schema.users.id, goneLeader.id)).run();
  leaderEmails = [f.users.leadership.email, secondLeader.email].sort();
  const admin = await as(f.users.admin);
  await admin.notifications.createWebhook({
    program: "india",
    url: HOOK_URL,
    events: ["escalation.raised", "escalation.acknowledged", "escalation.resolved"],
  });
});
afterAll(() => t.cleanup());

describe("a critical report", () => {
  it("raises one page-level critical_received escalation, tells each leadership member once and no one else", async () => {
    clock.set("2026-03-02T09:00:00.000Z"); // Monday 14:30 in Kolkata
    const title = "Remote code execution in the upload service";
    const key = await newReport({ cvss: CVSS_CRITICAL, title });
    const list = escalationsOf(key);
    expect(list).toHaveLength(1);
    const e = list[0]!;
    expect(e).toMatchObject({
      kind: "critical_received",
      level: "page",
      resolvedAt: null,
      acknowledgedAt: null,
      raisedByUserId: null,
    });
    expect(e.reason).toBe(`${key}: critical report received Mon 2 Mar 14:30 IST`);
    expectToldOnce(key, e.id, e.reason, title);
    expect(auditRows(t.db, key).filter((a) => a.action === "escalation.critical_received")).toHaveLength(1);

    const lead = await as(f.users.leadership);
    const panel = await lead.leadership.panel({ programs: ["india"] });
    expect(panel.escalations.map((x) => x.id)).toContain(e.id);
    expect(panel.criticals.map((x) => x.key)).toContain(key);
  });

  it("asks for attention instead of paging where the policy does not promise to escalate criticals", async () => {
    clock.advance(MINUTE);
    const admin = await as(f.users.admin);
    const { key } = await admin.reports.create({
      programSlug: "alpha",
      title: "Critical in a program without the promise",
      description: "Secret exploit text.",
      cvssVector: CVSS_CRITICAL,
    });
    const list = escalationsOf(key);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ kind: "critical_received", level: "attention", resolvedAt: null });
    // alpha is in UTC.
    expect(list[0]!.reason).toMatch(
      new RegExp(`^${key}: critical report received \\w{3} \\d{1,2} \\w{3} \\d{2}:\\d{2} UTC$`),
    );
  });

  it("is resolved as no longer critical when regraded below critical, and is not raised again by later changes", async () => {
    const key = await newReport({ cvss: CVSS_CRITICAL });
    const [e] = escalationsOf(key);
    clock.advance(MINUTE);
    const triager = await as(f.users.triager);
    await triager.reports.setCvss({ key, vector: CVSS_HIGH });
    const after = escalationsOf(key);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: e!.id, resolvedCause: "no longer critical", resolvedByUserId: null });
    expect(after[0]!.resolvedAt?.getTime()).toBe(clock.now().getTime());
    expect(hooksOf(e!.id, "escalation.resolved")).toHaveLength(1);
    expect(hooksOf(e!.id, "escalation.resolved")[0]!.data).toMatchObject({ key, cause: "no longer critical" });
    // Further changes to the report raise and tell nothing more.
    clock.advance(MINUTE);
    await triager.reports.transition({ key, action: "acknowledge" });
    expect(escalationsOf(key)).toHaveLength(1);
    expect(outboxOf(key, "email", "escalation.raised")).toHaveLength(leaderEmails.length);
    expect(hooksOf(e!.id, "escalation.resolved")).toHaveLength(1);
  });

  it("is resolved when the report is closed", async () => {
    const key = await newReport({ cvss: CVSS_CRITICAL });
    clock.advance(MINUTE);
    const triager = await as(f.users.triager);
    await triager.reports.transition({ key, action: "close_not_applicable", reason: "Not our product" });
    const [e, ...more] = escalationsOf(key);
    expect(more).toEqual([]);
    expect(e).toMatchObject({ kind: "critical_received", resolvedCause: "report closed" });
    expect(hooksOf(e!.id, "escalation.resolved")).toHaveLength(1);
  });

  it("is resolved when the report is fixed", async () => {
    const key = await newReport({ cvss: CVSS_CRITICAL });
    const triager = await as(f.users.triager);
    clock.advance(MINUTE);
    await triager.reports.transition({ key, action: "triage" });
    const open = escalationsOf(key, "critical_received");
    expect(open).toHaveLength(1);
    expect(open[0]!.resolvedAt).toBeNull();
    clock.advance(MINUTE);
    await triager.reports.transition({ key, action: "mark_fixed", fixedVersion: "2.0.1" });
    const [e] = escalationsOf(key, "critical_received");
    expect(e!.resolvedAt?.getTime()).toBe(clock.now().getTime());
    expect(e!.resolvedCause).toMatch(/closed|fix/);
    expect(hooksOf(e!.id, "escalation.resolved")).toHaveLength(1);
  });

  it("a report regraded to critical raises one; regraded critical again after a downgrade, it has an open one again", async () => {
    const key = await newReport({ cvss: CVSS_HIGH });
    expect(escalationsOf(key)).toEqual([]);
    const triager = await as(f.users.triager);
    clock.advance(10 * MINUTE);
    await triager.reports.setCvss({ key, vector: CVSS_CRITICAL });
    const first = escalationsOf(key, "critical_received");
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ level: "page", resolvedAt: null });
    // Said as a regrade, at its instant in Kolkata.
    expect(first[0]!.reason).toMatch(new RegExp(`^${key}: rated critical \\w{3} \\d{1,2} \\w{3} \\d{2}:\\d{2} IST$`));
    clock.advance(MINUTE);
    await triager.reports.setCvss({ key, vector: CVSS_HIGH });
    expect(escalationsOf(key, "critical_received")[0]!.resolvedCause).toBe("no longer critical");
    clock.advance(MINUTE);
    await triager.reports.setCvss({ key, vector: CVSS_CRITICAL });
    // An open, critical report has an open critical_received escalation (leadership must hear of it again).
    const open = escalationsOf(key, "critical_received").filter((e) => e.resolvedAt === null);
    expect(open, "no open critical_received escalation after the second regrade to critical").toHaveLength(1);
  });

  it("a closed critical report that is reopened has an open critical_received escalation again", async () => {
    const key = await newReport({ cvss: CVSS_CRITICAL });
    const triager = await as(f.users.triager);
    clock.advance(MINUTE);
    await triager.reports.transition({ key, action: "close_wont_fix", reason: "Accepted risk" });
    expect(escalationsOf(key, "critical_received")[0]!.resolvedCause).toBe("report closed");
    clock.advance(MINUTE);
    await triager.reports.transition({ key, action: "reopen", reason: "The risk is no longer accepted" });
    expect(reportByKey(t.db, key)).toMatchObject({ isOpen: true, severity: "critical" });
    const open = escalationsOf(key, "critical_received").filter((e) => e.resolvedAt === null);
    expect(open, "no open critical_received escalation after the reopen").toHaveLength(1);
  });

  it("arriving by email tagged [CRITICAL SECURITY] (intake priority critical) raises one page-level escalation", () => {
    clock.advance(MINUTE);
    const now = clock.now();
    const title = "Account takeover via password reset";
    const { report } = acceptReport(
      t.db,
      {
        programId: india.id,
        fields: reportFieldsSchema.parse({ title, description: "Secret exploit text: reuse the reset token." }),
        channel: "email",
        receivedAt: now,
        reporter: { name: "Rae Reporter", handle: null, email: "rae@reporter.test" },
        credit: { creditAs: "name", consent: "pending" },
        intakePriority: "critical",
        files: [],
        statusTokenHash: "a".repeat(64),
        sealedStatusUrl: testSealLink("https://embargo.test/status/x"),
      },
      now,
    );
    expect(report.severity).toBe("critical");
    const list = escalationsOf(report.key);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ kind: "critical_received", level: "page", resolvedAt: null });
    expect(list[0]!.reason).toMatch(
      new RegExp(`^${report.key}: critical report received \\w{3} \\d{1,2} \\w{3} \\d{2}:\\d{2} IST$`),
    );
    expectToldOnce(report.key, list[0]!.id, list[0]!.reason, title);
  });
});

describe("SLA clocks", () => {
  it("at risk, then breached: attention then page, each once; the at-risk one is superseded; acknowledging meets the clock", async () => {
    // Tuesday 10 March 09:00 in Kolkata: the acknowledgement is due Wednesday 09:00 IST (24 h), at risk after 18 h.
    clock.set("2026-03-10T03:30:00.000Z");
    const title = "Open redirect on the sign-in page";
    const key = await newReport({ title });
    const due = new Date("2026-03-11T03:30:00.000Z");
    const atRisk = new Date(due.getTime() - 6 * HOUR);

    sweepSla(t.db, new Date(atRisk.getTime() - MINUTE));
    expect(escalationsOf(key)).toEqual([]);

    clock.set(atRisk);
    sweepSla(t.db, clock.now());
    const risk = escalationsOf(key);
    expect(risk).toHaveLength(1);
    expect(risk[0]).toMatchObject({
      kind: "clock_at_risk",
      level: "attention",
      clock: "acknowledge",
      resolvedAt: null,
    });
    expect(risk[0]!.dueAt?.getTime()).toBe(due.getTime());
    // "<key>: <promise> due <weekday day month HH:mm zone>, <time> left", from the policy and the zone.
    expect(risk[0]!.reason).toBe(`${key}: acknowledgement due Wed 11 Mar 09:00 IST, 6 h left`);
    expectToldOnce(key, risk[0]!.id, risk[0]!.reason, title);

    // The minute sweep runs again and again: nothing new.
    const before = counts();
    sweepSla(t.db, clock.now());
    clock.advance(HOUR);
    sweepSla(t.db, clock.now());
    expect(counts().escalations).toBe(before.escalations);
    expect(counts().outbox).toBe(before.outbox);

    clock.set(new Date(due.getTime() + 2 * HOUR));
    sweepSla(t.db, clock.now());
    const both = escalationsOf(key);
    expect(both).toHaveLength(2);
    const breach = both[1]!;
    expect(breach).toMatchObject({ kind: "clock_breached", level: "page", clock: "acknowledge", resolvedAt: null });
    expect(breach.dueAt?.getTime()).toBe(due.getTime());
    expect(breach.reason).toBe(`${key}: acknowledgement was due Wed 11 Mar 09:00 IST, 2 h overdue`);
    expectToldOnce(key, breach.id, breach.reason, title);
    // Superseded on the next settle (the minute job runs it after the sweeps), not before.
    expect(escalationsOf(key)[0]!.resolvedAt).toBeNull();
    settleEscalations(t.db, clock.now());
    const superseded = escalationsOf(key)[0]!;
    expect(superseded.resolvedAt?.getTime()).toBe(clock.now().getTime());
    expect(superseded.resolvedCause).toMatch(/breach/);
    expect(escalationsOf(key)[1]!.resolvedAt).toBeNull();
    expect(hooksOf(superseded.id, "escalation.resolved")).toHaveLength(1);

    // Again: nothing.
    const again = counts();
    sweepSla(t.db, clock.now());
    settleEscalations(t.db, clock.now());
    expect(counts().outbox).toBe(again.outbox);
    expect(counts().escalations).toBe(again.escalations);

    clock.advance(HOUR);
    await (await as(f.users.triager)).reports.transition({ key, action: "acknowledge" });
    const met = escalationsOf(key)[1]!;
    expect(met.resolvedAt?.getTime()).toBe(clock.now().getTime());
    expect(met.resolvedCause).toBe("clock met");
    expect(hooksOf(met.id, "escalation.resolved")).toHaveLength(1);
    expect(outboxOf(key, "email", "escalation.raised")).toHaveLength(2 * leaderEmails.length);

    clock.advance(DAY);
    sweepSla(t.db, clock.now());
    settleEscalations(t.db, clock.now());
    expect(escalationsOf(key).filter((e) => e.clock === "acknowledge")).toHaveLength(2);
  });

  it("a report nobody touches escalates each of its clocks in turn, not only the first one", async () => {
    // Received Monday 23 March 14:30 IST, critical, never touched again: the acknowledgement is at risk after
    // 18 h and due after 24 h; the assessment is due 5 business days later and the critical fix 7 days later
    // (both Monday 30 March 14:30 IST, 09:00 UTC); the fix is at risk after 75% of 7 days = 5 d 6 h
    // (Saturday 28 March 15:00 UTC). Once the acknowledgement is breached, the later clocks must still escalate.
    clock.set("2026-03-23T09:00:00.000Z");
    const key = await newReport({ cvss: CVSS_CRITICAL });
    const sweepAt = (iso: string) => {
      clock.set(iso);
      sweepSla(t.db, clock.now());
      settleEscalations(t.db, clock.now());
    };
    const raised = () =>
      escalationsOf(key)
        .filter((e) => e.kind === "clock_at_risk" || e.kind === "clock_breached")
        .map((e) => `${e.kind}:${e.clock}`)
        .sort();
    sweepAt("2026-03-24T03:00:00.000Z"); // 18 h: acknowledgement at risk
    sweepAt("2026-03-24T10:00:00.000Z"); // 25 h: acknowledgement breached
    expect(raised()).toEqual(["clock_at_risk:acknowledge", "clock_breached:acknowledge"]);
    sweepAt("2026-03-28T16:00:00.000Z"); // 5 d 7 h: the critical fix is at risk
    expect(raised(), "the fix clock turned at risk while the acknowledgement stayed breached").toContain(
      "clock_at_risk:resolve",
    );
    sweepAt("2026-03-30T10:00:00.000Z"); // 7 d 1 h: the fix and the assessment are breached
    expect(raised()).toEqual(
      expect.arrayContaining(["clock_breached:resolve", "clock_breached:assess", "clock_at_risk:assess"]),
    );
  });

  it("the resolve clock of a critical report reads '<key>: critical fix due <when> IST, N h left' and is met by the fix", async () => {
    // Monday 2 March 14:30 IST: the critical fix is due 7 days later, Monday 9 March 14:30 IST (09:00 UTC).
    clock.set("2026-03-02T09:00:00.000Z");
    const key = await newReport({ cvss: CVSS_CRITICAL });
    const triager = await as(f.users.triager);
    clock.advance(HOUR);
    await triager.reports.transition({ key, action: "triage" });
    clock.set("2026-03-09T00:00:00.000Z"); // 9 h before the due instant
    sweepSla(t.db, clock.now());
    const resolve = escalationsOf(key, "clock_at_risk").filter((e) => e.clock === "resolve");
    expect(resolve).toHaveLength(1);
    expect(resolve[0]!.reason).toBe(`${key}: critical fix due Mon 9 Mar 14:30 IST, 9 h left`);
    expect(resolve[0]!.dueAt?.toISOString()).toBe("2026-03-09T09:00:00.000Z");
    clock.advance(HOUR);
    await (await as(f.users.triager)).reports.transition({ key, action: "mark_fixed", fixedVersion: "3.1.4" });
    const after = escalationsOf(key, "clock_at_risk").find((e) => e.clock === "resolve")!;
    expect(after.resolvedCause).toBe("clock met");
    // Every escalation of this report is settled by the fix.
    expect(escalationsOf(key).filter((e) => e.resolvedAt === null)).toEqual([]);
  });
});

describe("disclosure due", () => {
  const inDays = (days: number) => new Date(clock.now().getTime() + days * DAY);
  /** A wall-clock value in Kolkata for the form. */
  const kolkataLocal = (at: Date) => new Date(at.getTime() + 5.5 * HOUR).toISOString().slice(0, 16);

  it("a date within 7 days and no fix: one disclosure_due escalation; resolved when the fix is released", async () => {
    clock.set("2026-03-16T04:30:00.000Z"); // Monday 10:00 IST
    const title = "Privilege escalation through the API";
    const key = await newReport({ cvss: CVSS_HIGH, title });
    const triager = await as(f.users.triager);
    await triager.reports.transition({ key, action: "triage" });
    // Thursday 19 March 17:00 IST.
    const target = new Date("2026-03-19T11:30:00.000Z");
    await triager.disclosure.setTarget({ key, targetAt: kolkataLocal(target), timeZone: "Asia/Kolkata" });
    sweepDisclosures(t.db, new Date(target.getTime() - 7 * DAY - MINUTE));
    expect(escalationsOf(key, "disclosure_due")).toEqual([]);
    sweepDisclosures(t.db, clock.now());
    const list = escalationsOf(key, "disclosure_due");
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ level: "attention", resolvedAt: null });
    expect(list[0]!.dueAt?.getTime()).toBe(target.getTime());
    expect(list[0]!.reason).toBe(`${key}: disclosure due Thu 19 Mar 17:00 IST and no fix is released`);
    expectToldOnce(key, list[0]!.id, list[0]!.reason, title);

    const before = counts();
    sweepDisclosures(t.db, clock.now());
    clock.advance(HOUR);
    sweepDisclosures(t.db, clock.now());
    settleEscalations(t.db, clock.now());
    expect(counts().outbox).toBe(before.outbox);
    expect(escalationsOf(key, "disclosure_due")).toHaveLength(1);

    clock.advance(HOUR);
    await triager.reports.transition({ key, action: "mark_fixed", fixedVersion: "4.0.0" });
    const [e] = escalationsOf(key, "disclosure_due");
    expect(e!.resolvedCause).toBe("fix released");
    expect(e!.resolvedAt?.getTime()).toBe(clock.now().getTime());
    expect(hooksOf(e!.id, "escalation.resolved")).toHaveLength(1);
    sweepDisclosures(t.db, clock.now());
    expect(escalationsOf(key, "disclosure_due")).toHaveLength(1);
  });

  it("pages once the date has passed with no fix (decision 0010: attention within 7 days, page once overdue)", async () => {
    clock.set("2026-03-16T04:30:00.000Z");
    const key = await newReport({ cvss: CVSS_HIGH });
    const triager = await as(f.users.triager);
    await triager.reports.transition({ key, action: "triage" });
    const target = new Date("2026-03-19T11:30:00.000Z");
    await triager.disclosure.setTarget({ key, targetAt: kolkataLocal(target), timeZone: "Asia/Kolkata" });
    sweepDisclosures(t.db, clock.now());
    expect(escalationsOf(key, "disclosure_due").map((e) => e.level)).toEqual(["attention"]);
    clock.set(new Date(target.getTime() + HOUR));
    sweepDisclosures(t.db, clock.now());
    settleEscalations(t.db, clock.now());
    const open = escalationsOf(key, "disclosure_due").filter((e) => e.resolvedAt === null);
    expect(
      open.map((e) => e.level),
      "an overdue disclosure with no fix released does not page leadership",
    ).toContain("page");
  });

  it("moving the date resolves it as 'disclosure date moved'; a new date within 7 days escalates once more", async () => {
    clock.set("2026-03-16T04:30:00.000Z");
    const key = await newReport({ cvss: CVSS_HIGH });
    const triager = await as(f.users.triager);
    await triager.reports.transition({ key, action: "triage" });
    await triager.disclosure.setTarget({ key, targetAt: kolkataLocal(inDays(3)), timeZone: "Asia/Kolkata" });
    sweepDisclosures(t.db, clock.now());
    const [first] = escalationsOf(key, "disclosure_due");
    expect(first).toBeDefined();
    clock.advance(HOUR);
    const moved = inDays(5);
    await triager.disclosure.setTarget({ key, targetAt: kolkataLocal(moved), timeZone: "Asia/Kolkata" });
    settleEscalations(t.db, clock.now());
    expect(escalationsOf(key, "disclosure_due")[0]).toMatchObject({
      id: first!.id,
      resolvedCause: "disclosure date moved",
    });
    sweepDisclosures(t.db, clock.now());
    sweepDisclosures(t.db, clock.now());
    const list = escalationsOf(key, "disclosure_due");
    expect(list).toHaveLength(2);
    expect(list[1]!.resolvedAt).toBeNull();
    expect(list[1]!.dueAt?.getTime()).toBe(Math.floor(moved.getTime() / MINUTE) * MINUTE);
    expect(hooksOf(list[1]!.id, "escalation.raised")).toHaveLength(1);
  });
});

describe("manual escalations", () => {
  let key: string;
  beforeAll(async () => {
    clock.set("2026-03-20T09:00:00.000Z");
    key = await newReport({ title: "Customer data visible to other tenants" });
  });

  it("are raised by triagers only, with a reason; refused calls change nothing", async () => {
    const lead = await as(f.users.leadership);
    const triager = await as(f.users.triager);
    const other = await callerFor(t.db, f.users.otherTriager, clock.now);
    const before = counts();
    await expectTRPCError(lead.escalations.raise({ key, level: "page", reason: "Please look" }), "FORBIDDEN");
    const empty = await expectTRPCError(
      triager.escalations.raise({ key, level: "page", reason: "   " }),
      "BAD_REQUEST",
    );
    expect(fieldErrorsOf(empty)).toHaveProperty("reason");
    await expectTRPCError(
      triager.escalations.raise({ key, level: "page" } as { key: string; level: "page"; reason: string }),
      "BAD_REQUEST",
    );
    await expectTRPCError(triager.escalations.raise({ key: "IND-99999", level: "page", reason: "x" }), "NOT_FOUND");
    await expectTRPCError(other.escalations.raise({ key, level: "page", reason: "Not my program" }), "NOT_FOUND");
    expect(counts()).toEqual(before);
  });

  it("a raise records the triager, tells leadership once and lists for leadership; acknowledge keeps the first", async () => {
    const triager = await as(f.users.triager);
    clock.advance(MINUTE);
    const { id } = await triager.escalations.raise({
      key,
      level: "page",
      reason: "Customer asked the CEO directly",
    });
    const [e] = escalationsOf(key, "manual");
    expect(e).toMatchObject({ id, level: "page", raisedByUserId: f.users.triager.id, resolvedAt: null });
    expect(e!.reason).toBe(`${key}: Customer asked the CEO directly`);
    expectToldOnce(key, id, e!.reason, "Customer data visible to other tenants");
    expect(auditRows(t.db, key).filter((a) => a.action === "escalation.manual")).toMatchObject([
      { actor_user_id: f.users.triager.id },
    ]);

    const lead = await as(f.users.leadership);
    const listed = await lead.escalations.list({ programs: ["india"], status: "open" });
    expect(listed.rows.find((r) => r.id === id)).toMatchObject({
      key,
      kind: "manual",
      level: "page",
      raisedBy: f.users.triager.name,
      acknowledgedAt: null,
    });

    clock.advance(MINUTE);
    const ackAt = clock.now();
    expect(await lead.escalations.acknowledge({ id, note: "On it, calling the customer" })).toEqual({
      id,
      outcome: "acknowledged",
    });
    const acked = (await lead.escalations.list({ programs: ["india"], status: "open" })).rows.find((r) => r.id === id);
    expect(acked).toMatchObject({
      acknowledgedBy: f.users.leadership.name,
      ackNote: "On it, calling the customer",
    });
    expect(acked!.acknowledgedAt?.getTime()).toBe(ackAt.getTime());
    expect(hooksOf(id, "escalation.acknowledged")).toHaveLength(1);
    expect(auditRows(t.db, key).filter((a) => a.action === "escalation.acknowledge")).toHaveLength(1);

    // A second acknowledgement keeps the first person, note and instant, and tells no one.
    clock.advance(MINUTE);
    const before = counts();
    const second = await as(secondLeader);
    const again = counts(); // signing in is audited; compare from here
    expect(await second.escalations.acknowledge({ id, note: "Me too" })).toEqual({ id, outcome: "already" });
    expect(counts()).toEqual(again);
    expect(before.escalationRows).toEqual(again.escalationRows);
    const row = escalationsOf(key, "manual")[0]!;
    expect(row).toMatchObject({ acknowledgedByUserId: f.users.leadership.id, ackNote: "On it, calling the customer" });
    expect(row.acknowledgedAt?.getTime()).toBe(ackAt.getTime());
  });

  it("resolve needs a note; resolved by hand it records who and why; then acknowledge and resolve are refused", async () => {
    const [e] = escalationsOf(key, "manual");
    const id = e!.id;
    const lead = await as(f.users.leadership);
    const before = counts();
    const noNote = await expectTRPCError(lead.escalations.resolve({ id, note: "  " }), "BAD_REQUEST");
    expect(fieldErrorsOf(noNote)).toHaveProperty("note");
    await expectTRPCError(lead.escalations.resolve({ id } as { id: number; note: string }), "BAD_REQUEST");
    expect(counts()).toEqual(before);

    clock.advance(MINUTE);
    expect(await lead.escalations.resolve({ id, note: "Customer informed, fix scheduled" })).toEqual({ id });
    const resolved = (await lead.escalations.list({ programs: ["india"], status: "resolved" })).rows.find(
      (r) => r.id === id,
    );
    expect(resolved).toMatchObject({
      resolvedBy: f.users.leadership.name,
      resolveNote: "Customer informed, fix scheduled",
      resolvedCause: "by hand",
    });
    expect(resolved!.resolvedAt?.getTime()).toBe(clock.now().getTime());
    expect(hooksOf(id, "escalation.resolved")).toHaveLength(1);
    expect((await lead.escalations.list({ programs: ["india"], status: "open" })).rows.map((r) => r.id)).not.toContain(
      id,
    );

    const after = counts();
    await expectTRPCError(lead.escalations.resolve({ id, note: "Again" }), "CONFLICT");
    expect(counts()).toEqual(after);
  });

  it("acknowledging a resolved escalation is a CONFLICT 'already resolved' and changes nothing", async () => {
    const triager = await as(f.users.triager);
    const { id } = await triager.escalations.raise({ key, level: "attention", reason: "Second look needed" });
    await triager.escalations.resolve({ id, note: "Raised by mistake" });
    const lead = await as(f.users.leadership);
    const before = counts();
    const err = await expectTRPCError(lead.escalations.acknowledge({ id, note: "Seen" }), "CONFLICT");
    expect(err.message).toMatch(/already resolved/);
    expect(counts()).toEqual(before);
    expect(escalationsOf(key).find((x) => x.id === id)).toMatchObject({ acknowledgedAt: null, ackNote: null });
  });

  it("an escalation of a program the caller is not in answers exactly like a missing one", async () => {
    const triager = await as(f.users.triager);
    const { id } = await triager.escalations.raise({ key, level: "attention", reason: "Visible to india only" });
    const other = await callerFor(t.db, f.users.otherTriager, clock.now);
    const missingId = id + 10_000;
    const before = counts();
    const hidden = await expectTRPCError(other.escalations.acknowledge({ id, note: "x" }), "NOT_FOUND");
    const missing = await expectTRPCError(other.escalations.acknowledge({ id: missingId, note: "x" }), "NOT_FOUND");
    expect(hidden.message.replace(String(id), "#")).toBe(missing.message.replace(String(missingId), "#"));
    expect(fieldErrorsOf(hidden)).toEqual(fieldErrorsOf(missing));
    const hiddenResolve = await expectTRPCError(other.escalations.resolve({ id, note: "x" }), "NOT_FOUND");
    const missingResolve = await expectTRPCError(other.escalations.resolve({ id: missingId, note: "x" }), "NOT_FOUND");
    expect(hiddenResolve.message.replace(String(id), "#")).toBe(missingResolve.message.replace(String(missingId), "#"));
    expect(counts()).toEqual(before);
    expect((await other.escalations.list({ status: "all" })).rows.map((r) => r.id)).not.toContain(id);
    await expectTRPCError(other.escalations.list({ programs: ["india"], status: "all" }), "NOT_FOUND");
  });

  it("a manual escalation stays open when the report closes: only a person resolves it", async () => {
    const triager = await as(f.users.triager);
    const k = await newReport();
    const { id } = await triager.escalations.raise({ key: k, level: "attention", reason: "Board wants a summary" });
    clock.advance(MINUTE);
    await triager.reports.transition({ key: k, action: "close_informative", reason: "Known issue" });
    settleEscalations(t.db, clock.now());
    expect(escalationsOf(k).find((e) => e.id === id)!.resolvedAt).toBeNull();
  });
});

describe("notifications overall", () => {
  it("every escalation was raised with one webhook delivery and one email per leadership member; resolutions and acknowledgements once", () => {
    const all = t.db.select().from(schema.escalations).where(eq(schema.escalations.programId, india.id)).all();
    expect(all.length).toBeGreaterThan(10);
    for (const e of all) {
      expect(hooksOf(e.id, "escalation.raised"), `raised hooks of ${e.id}`).toHaveLength(1);
      expect(hooksOf(e.id, "escalation.resolved"), `resolved hooks of ${e.id}`).toHaveLength(e.resolvedAt ? 1 : 0);
      expect(hooksOf(e.id, "escalation.acknowledged"), `ack hooks of ${e.id}`).toHaveLength(e.acknowledgedAt ? 1 : 0);
    }
    const mails = t.db
      .select()
      .from(schema.outbox)
      .where(and(eq(schema.outbox.channel, "email"), eq(schema.outbox.event, "escalation.raised")))
      .all()
      .filter((m) => m.programId === india.id);
    expect(mails).toHaveLength(all.length * leaderEmails.length);
    const targets = new Set(mails.map((m) => m.target));
    expect([...targets].sort()).toEqual(leaderEmails);
    expect(targets.has(goneLeader.email)).toBe(false);
    expect(targets.has(f.users.triager.email)).toBe(false);
    expect(targets.has(f.users.admin.email)).toBe(false);
  });
});

describe("the minute job with many open escalations", () => {
  it("settles an escalation whose cause went away even when 5,000 older ones are still open", async () => {
    // 5,000 open escalations whose cause still holds (as a large neglected backlog has: each open, overdue
    // report keeps its breach escalations), written straight to the table on one open critical alpha report.
    const admin = await as(f.users.admin);
    const { key: alphaKey } = await admin.reports.create({
      programSlug: "alpha",
      title: "Backlog filler",
      description: "Filler",
      cvssVector: CVSS_CRITICAL,
    });
    const filler = reportByKey(t.db, alphaKey)!;
    const insert = t.db.$client.prepare(
      `INSERT INTO escalations (report_id, program_id, kind, level, clock, due_at, reason, raised_at)
       VALUES (?, ?, 'critical_received', 'page', 'critical', ?, 'filler', ?)`,
    );
    t.db.$client.transaction(() => {
      for (let i = 1; i <= 5_000; i++) {
        insert.run(filler.id, filler.programId, filler.receivedAt.getTime() - i, clock.now().getTime());
      }
    })();
    expect(settleEscalations(t.db, clock.now())).toBe(0);

    // Then a disclosure_due escalation whose date moves: the minute job must resolve it.
    const key = await newReport({ cvss: CVSS_HIGH });
    const triager = await as(f.users.triager);
    await triager.reports.transition({ key, action: "triage" });
    const soon = new Date(clock.now().getTime() + 3 * DAY).toISOString().slice(0, 16);
    await triager.disclosure.setTarget({ key, targetAt: soon, timeZone: "UTC" });
    sweepDisclosures(t.db, clock.now());
    expect(escalationsOf(key, "disclosure_due")).toHaveLength(1);
    const later = new Date(clock.now().getTime() + 20 * DAY).toISOString().slice(0, 16);
    await triager.disclosure.setTarget({ key, targetAt: later, timeZone: "UTC" });
    settleEscalations(t.db, clock.now());
    expect(escalationsOf(key, "disclosure_due")[0]!.resolvedCause, "not settled behind 5,000 open ones").toBe(
      "disclosure date moved",
    );
  });
});
