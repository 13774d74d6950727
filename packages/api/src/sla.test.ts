import { defaultPolicy, type Policy, type SlaFilter } from "@embargo/core";
import { schema, sweepSla } from "@embargo/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Caller,
  callerFor,
  expectTRPCError,
  type Fixture,
  fieldErrorsOf,
  makeClock,
  makeTestDb,
  seedFixture,
  type TestDb,
} from "./test-support.ts";

// The fixture's programs use defaultPolicy(): acknowledge 24 hours, assess 5
// business days, UTC, Monday to Friday. "now" is Monday 2026-03-02 09:00 UTC.
const clock = makeClock("2026-03-02T09:00:00.000Z");
let t: TestDb;
let f: Fixture;
let admin: Caller;
let triager: Caller;
const keys: Record<"a" | "b" | "c", string> = { a: "", b: "", c: "" };

const stored = (key: string) =>
  t.db
    .select({ due: schema.reports.nextDeadlineAt, atRisk: schema.reports.nextAtRiskAt, sla: schema.reports.slaState })
    .from(schema.reports)
    .where(eq(schema.reports.key, key))
    .get()!;

const keysOf = (r: { rows: { key: string }[] }) => r.rows.map((x) => x.key);

beforeAll(async () => {
  t = makeTestDb();
  f = await seedFixture(t.db, clock.now);
  admin = await callerFor(t.db, f.users.admin, clock.now);
  triager = await callerFor(t.db, f.users.triager, clock.now);
  const make = async (title: string, receivedAt: string) =>
    (
      await triager.reports.create({
        programSlug: "alpha",
        title,
        description: "body",
        receivedAt: new Date(receivedAt),
      })
    ).key;
  keys.a = await make("Received an hour ago", "2026-03-02T08:00:00.000Z");
  keys.b = await make("Received yesterday noon", "2026-03-01T12:00:00.000Z");
  keys.c = await make("Received on Saturday", "2026-02-28T10:00:00.000Z");
});
afterAll(() => t.cleanup());

describe("stored deadlines", () => {
  it("stores each report's next due instant (the acknowledge clock) when it is created", () => {
    expect(stored(keys.a).due?.toISOString()).toBe("2026-03-03T08:00:00.000Z");
    expect(stored(keys.b).due?.toISOString()).toBe("2026-03-02T12:00:00.000Z");
    expect(stored(keys.c).due?.toISOString()).toBe("2026-03-01T10:00:00.000Z");
    // 75% of 24 hours.
    expect(stored(keys.b).atRisk?.toISOString()).toBe("2026-03-02T06:00:00.000Z");
  });

  it("the inbox sorts by next deadline on request, then by severity", async () => {
    const list = await triager.reports.list({ program: "alpha", sort: "deadline" });
    // ALPHA-1 and ALPHA-2 were created at "now" (due tomorrow 09:00); ALPHA-2 is high, so first.
    expect(keysOf(list)).toEqual([keys.c, keys.b, keys.a, f.reports.alpha2, f.reports.alpha1]);
  });

  it("by default the most urgent first: breached, then the rest by severity, then deadline", async () => {
    const list = await triager.reports.list({ program: "alpha" });
    // Only C is breached; the others are due, and ALPHA-2 (high) outranks the unrated ones.
    expect(keysOf(list)).toEqual([keys.c, f.reports.alpha2, keys.b, keys.a, f.reports.alpha1]);
  });

  it("filters by SLA state judged at now", async () => {
    const list = (sla: SlaFilter[]) => triager.reports.list({ program: "alpha", sla, sort: "deadline" });
    expect(keysOf(await list(["breached"]))).toEqual([keys.c]);
    expect(keysOf(await list(["at_risk"]))).toEqual([keys.b]);
    expect(keysOf(await list(["on_track"]))).toEqual([keys.a, f.reports.alpha2, f.reports.alpha1]);
  });

  it("the report page lists every clock with the program's time zone", async () => {
    const detail = await triager.reports.byKey({ key: keys.c });
    expect(detail.timeZone).toBe("UTC");
    const ack = detail.clocks.find((c) => c.name === "acknowledge");
    expect(ack?.state).toBe("breached");
    expect(ack?.due?.toISOString()).toBe("2026-03-01T10:00:00.000Z");
    expect(detail.clocks.map((c) => c.name)).toContain("assess");
  });

  it("an acknowledgement meets the clock and moves the stored deadline to the next clock", async () => {
    await triager.reports.transition({ key: keys.c, action: "acknowledge" });
    const after = stored(keys.c).due!;
    expect(after.getTime()).toBeGreaterThan(new Date("2026-03-01T10:00:00.000Z").getTime());
    const detail = await triager.reports.byKey({ key: keys.c });
    const ack = detail.clocks.find((c) => c.name === "acknowledge")!;
    expect(ack.state).toBe("met");
    expect(ack.breachedAt?.toISOString()).toBe("2026-03-01T10:00:00.000Z");
  });

  it("needs_info pauses: no stored instant, listed as paused", async () => {
    await triager.reports.transition({ key: keys.a, action: "request_info", reason: "Which version?" });
    expect(stored(keys.a).due).toBeNull();
    expect(stored(keys.a).sla).toBe("paused");
    expect(keysOf(await triager.reports.list({ program: "alpha", sla: ["paused"] }))).toEqual([keys.a]);
    await triager.reports.transition({ key: keys.a, action: "resume" });
    expect(stored(keys.a).due).not.toBeNull();
  });
});

describe("the minute sweep", () => {
  it("records an escalation the first time a clock is at risk or breached, once", () => {
    // B's acknowledge clock is at risk now; at 13:00 it is breached.
    const first = sweepSla(t.db, clock.now());
    expect(first.raised).toBeGreaterThanOrEqual(1);
    const esc = () =>
      t.db
        .select()
        .from(schema.escalations)
        .all()
        .map((e) => `${e.kind}:${e.clock}:${e.reportId}`);
    const afterFirst = esc();
    expect(afterFirst.some((e) => e.startsWith("clock_at_risk:acknowledge:"))).toBe(true);
    expect(sweepSla(t.db, clock.now()).raised).toBe(0);
    expect(esc()).toEqual(afterFirst);
    const later = new Date("2026-03-02T13:00:00.000Z");
    const second = sweepSla(t.db, later);
    expect(second.raised).toBeGreaterThanOrEqual(1);
    expect(esc().some((e) => e.startsWith("clock_breached:acknowledge:"))).toBe(true);
    expect(sweepSla(t.db, later).raised).toBe(0);
  });
});

describe("policy edits", () => {
  it("recompute the stored deadlines of the program's open reports, audited", async () => {
    const betaBefore = t.db
      .select({ due: schema.reports.nextDeadlineAt })
      .from(schema.reports)
      .where(eq(schema.reports.key, f.reports.beta1))
      .get();
    const policy = { ...defaultPolicy(), acknowledge: { amount: 48, unit: "hours" as const } };
    const r = await admin.programs.updatePolicy({ program: "alpha", policy });
    expect(r.recomputed).toBe(5);
    expect(stored(keys.b).due?.toISOString()).toBe("2026-03-03T12:00:00.000Z");
    expect(stored(f.reports.alpha1).due?.toISOString()).toBe("2026-03-04T09:00:00.000Z");
    const betaAfter = t.db
      .select({ due: schema.reports.nextDeadlineAt })
      .from(schema.reports)
      .where(eq(schema.reports.key, f.reports.beta1))
      .get();
    expect(betaAfter).toEqual(betaBefore);
    const audit = t.db.select().from(schema.auditLog).where(eq(schema.auditLog.action, "program.policy_update")).all();
    expect(audit).toHaveLength(1);
    expect((audit[0]!.data.after as Policy).acknowledge).toEqual({ amount: 48, unit: "hours" });
  });

  it("refuse an invalid policy with field errors and change nothing", async () => {
    const before = t.db.select({ p: schema.programs.policy }).from(schema.programs).all();
    const bad = {
      ...defaultPolicy(),
      calendar: { timeZone: "Mars/Olympus", workingDays: ["mon" as const], holidays: ["2026-13-45x"] },
    };
    const err = await expectTRPCError(admin.programs.updatePolicy({ program: "alpha", policy: bad }), "BAD_REQUEST");
    const fields = fieldErrorsOf(err);
    expect(fields["policy.calendar.timeZone"]).toMatch(/IANA time zone/);
    expect(fields["policy.calendar.holidays.0"]).toMatch(/YYYY-MM-DD/);
    expect(t.db.select({ p: schema.programs.policy }).from(schema.programs).all()).toEqual(before);
  });

  it("renders SECURITY.md and security.txt from the saved policy", async () => {
    const md = await triager.programs.render({ program: "alpha", format: "security-md" });
    expect(md.filename).toBe("SECURITY.md");
    expect(md.text).toContain("48 hours");
    const txt = await triager.programs.render({ program: "alpha", format: "security-txt" });
    expect(txt.text).toMatch(/^Expires: /m);
  });

  it("parse a SECURITY.md into a draft without saving anything", async () => {
    const before = t.db.select({ p: schema.programs.policy }).from(schema.programs).all();
    const draft = await admin.programs.parseSecurityMd({
      markdown: "# Security\n\nWe will acknowledge your report within 72 hours.\n",
    });
    expect(draft.acknowledge).toEqual({ amount: 72, unit: "hours" });
    expect(draft.evidence.acknowledge).toContain("72 hours");
    expect(draft.confidence.acknowledge).toBe(1);
    expect(draft.possiblyRelevant).toEqual([]);
    expect(t.db.select({ p: schema.programs.policy }).from(schema.programs).all()).toEqual(before);
    const unsure = await admin.programs.parseSecurityMd({
      markdown: [
        "# Security",
        "",
        "Report vulnerabilities to security@alpha.example. If you hear nothing back, escalate to cto@alpha.example.",
        "For help with your account, write to support@alpha.example.",
        "",
        "## Response times",
        "",
        "| Severity | Days |",
        "|---|---|",
        "| Critical | 2 |",
        "| Low | 10 |",
      ].join("\n"),
    });
    expect(unsure.contacts).toEqual({
      security: ["security@alpha.example"],
      emergency: [],
      escalation: ["cto@alpha.example"],
      support: ["support@alpha.example"],
    });
    // Only the heading says these are response times and only the header gives the unit: left for the admin.
    expect(unsure.acknowledge).toBeNull();
    expect(unsure.possiblyRelevant.map((p) => [p.field, p.excerpt])).toEqual([
      ["acknowledge", "| Low | 10 |"],
      ["emergency", "| Critical | 2 |"],
    ]);
    const empty = await expectTRPCError(admin.programs.parseSecurityMd({ markdown: "   " }), "BAD_REQUEST");
    expect(fieldErrorsOf(empty).markdown).toBeDefined();
  });
});
