import { defaultPolicy, formatZonedInstant } from "@embargo/core";
import { createUser, type Db, verifyAudit } from "@embargo/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContext } from "./context.ts";
import { appRouter, createCaller } from "./root.ts";
import {
  auditCount,
  auditRows,
  type Caller,
  CVSS_CRITICAL,
  CVSS_HIGH,
  callerFor,
  expectTRPCError,
  type Fixture,
  fieldErrorsOf,
  linkContext,
  makeClock,
  makeTestDb,
  reportSnapshot,
  seedFixture,
  signInToken,
  type TestDb,
  type TestUser,
} from "./test-support.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CVSS4_CRITICAL = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"; // 9.3

const clock = makeClock("2026-03-02T09:00:00.000Z");
const T0 = clock.now();
/** Every write moves time on a minute, so "updated" order and event times are distinct. */
const tick = () => clock.advance(60_000);

let t: TestDb;
let db: Db;
let f: Fixture;
let admin: Caller;
let triager: Caller;
let other: Caller;
let lead: Caller;

beforeAll(async () => {
  t = makeTestDb();
  db = t.db;
  f = await seedFixture(db, clock.now);
  admin = await callerFor(db, f.users.admin, clock.now);
  triager = await callerFor(db, f.users.triager, clock.now);
  other = await callerFor(db, f.users.otherTriager, clock.now);
  lead = await callerFor(db, f.users.leadership, clock.now);
});

afterAll(() => t?.cleanup());

const sorted = (keys: string[]) => [...keys].sort();
const keysOf = (res: { rows: { key: string }[] }) => res.rows.map((r) => r.key);

/** A fresh alpha report, created by the admin. */
async function freshReport(extra: Partial<Parameters<Caller["reports"]["create"]>[0]> = {}): Promise<string> {
  tick();
  const { key } = await admin.reports.create({
    programSlug: "alpha",
    title: "Fresh report for a mutation test",
    description: "Something is wrong in a component.",
    stepsToReproduce: "1. do a thing",
    proofOfConcept: "curl https://alpha.example/poc",
    ...extra,
  });
  return key;
}

const rowOf = (key: string) => {
  const row = reportSnapshot(db, key).row;
  if (!row) throw new Error(`no report ${key}`);
  return row;
};

const eventsOf = (key: string) =>
  db.$client
    .prepare("SELECT e.* FROM report_events e JOIN reports r ON r.id = e.report_id WHERE r.key = ? ORDER BY e.at, e.id")
    .all(key) as { type: string; from_state: string | null; to_state: string | null; at: number; data_json: string }[];

const lastEvent = (key: string) => {
  const e = eventsOf(key).at(-1);
  if (!e) throw new Error(`no events for ${key}`);
  return { ...e, data: JSON.parse(e.data_json) as Record<string, unknown> };
};

/** The last audit row of the change itself; escalations its consequences raise or resolve follow it. */
const lastAudit = () => {
  const a = auditRows(db)
    .filter((r) => !r.action.startsWith("escalation."))
    .at(-1);
  if (!a) throw new Error("empty audit log");
  return { ...a, data: JSON.parse(a.data_json) as Record<string, unknown> };
};

// ---------------------------------------------------------------------------
// The list tests come first: they build a known set of alpha reports and
// assert exact result sets, before later tests add more.
// ---------------------------------------------------------------------------
describe("reports.list", () => {
  // Alpha after this block:
  //   ALPHA-1 new          unrated  web     unassigned  T0        (fixture)
  //   ALPHA-2 new          high     email   unassigned  T0        (fixture)
  //   ALPHA-3 acknowledged medium   api     triager     T0-3d
  //   ALPHA-4 spam         unrated  web     unassigned  T0-2d
  //   ALPHA-5 triaged      critical manual  admin       T0-1d
  //   ALPHA-6 informative  low      email   unassigned  T0-5d
  // Beta: BETA-1 new unrated api unassigned T0 (fixture)
  const K = { a1: "ALPHA-1", a2: "ALPHA-2", a3: "ALPHA-3", a4: "ALPHA-4", a5: "ALPHA-5", a6: "ALPHA-6" };

  beforeAll(async () => {
    expect(f.reports).toEqual({ alpha1: "ALPHA-1", alpha2: "ALPHA-2", beta1: "BETA-1" });
    tick();
    const a3 = await admin.reports.create({
      programSlug: "alpha",
      title: "Open redirect after logout",
      description: "The next parameter is not validated.",
      channel: "api",
      receivedAt: new Date(T0.getTime() - 3 * DAY),
    });
    tick();
    await admin.reports.setSeverity({ key: a3.key, severity: "medium", reason: "Phishing aid only" });
    tick();
    await admin.reports.assign({ key: a3.key, assigneeId: f.users.triager.id });
    tick();
    await admin.reports.transition({ key: a3.key, action: "acknowledge" });

    tick();
    const a4 = await admin.reports.create({
      programSlug: "alpha",
      title: "Free crypto giveaway",
      description: "Buy tokens now.",
      channel: "web",
      receivedAt: new Date(T0.getTime() - 2 * DAY),
    });
    tick();
    await admin.reports.transition({ key: a4.key, action: "close_spam" });

    tick();
    const a5 = await admin.reports.create({
      programSlug: "alpha",
      title: "Heap overflow in image decoder",
      description: "A crafted PNG overflows the row buffer.",
      channel: "manual",
      receivedAt: new Date(T0.getTime() - DAY),
      cvssVector: CVSS_CRITICAL,
      assigneeId: f.users.admin.id,
    });
    tick();
    await admin.reports.transition({ key: a5.key, action: "triage" });

    tick();
    const a6 = await admin.reports.create({
      programSlug: "alpha",
      title: "Clickjacking on settings page",
      description: "The settings page can be framed.",
      channel: "email",
      receivedAt: new Date(T0.getTime() - 5 * DAY),
    });
    tick();
    await admin.reports.setSeverity({ key: a6.key, severity: "low", reason: "Needs many clicks" });
    tick();
    await admin.reports.transition({ key: a6.key, action: "close_informative" });

    expect([a3.key, a4.key, a5.key, a6.key]).toEqual([K.a3, K.a4, K.a5, K.a6]);
  });

  it("defaults to open reports of every program the caller belongs to", async () => {
    const res = await triager.reports.list({});
    expect(sorted(keysOf(res))).toEqual(sorted([K.a1, K.a2, K.a3, K.a5]));
    expect(res.total).toBe(4);
    expect(res.page).toBe(1);
    expect(res.pageSize).toBe(50);
    const all = await admin.reports.list({ view: "all" });
    expect(sorted(keysOf(all))).toEqual(sorted([...Object.values(K), "BETA-1"]));
  });

  it("list rows carry no report bodies", async () => {
    const res = await triager.reports.list({ view: "all" });
    for (const row of res.rows) {
      expect(row).not.toHaveProperty("description");
      expect(row).not.toHaveProperty("stepsToReproduce");
      expect(row).not.toHaveProperty("proofOfConcept");
      expect(row).not.toHaveProperty("statusTokenHash");
    }
  });

  it("filters by program", async () => {
    expect(sorted(keysOf(await admin.reports.list({ program: "alpha", view: "all" })))).toEqual(
      sorted(Object.values(K)),
    );
    expect(keysOf(await admin.reports.list({ program: "beta", view: "all" }))).toEqual(["BETA-1"]);
    // A program the caller is not a member of, or that does not exist, is empty (not an error).
    expect(await triager.reports.list({ program: "beta", view: "all" })).toMatchObject({ rows: [], total: 0 });
    expect(await admin.reports.list({ program: "nope", view: "all" })).toMatchObject({ rows: [], total: 0 });
  });

  it("filters by view open / closed / all", async () => {
    expect(sorted(keysOf(await triager.reports.list({ view: "open" })))).toEqual(sorted([K.a1, K.a2, K.a3, K.a5]));
    expect(sorted(keysOf(await triager.reports.list({ view: "closed" })))).toEqual(sorted([K.a4, K.a6]));
    expect((await triager.reports.list({ view: "all" })).total).toBe(6);
  });

  it("filters by states (which take precedence over the view)", async () => {
    expect(sorted(keysOf(await triager.reports.list({ states: ["acknowledged", "triaged"] })))).toEqual(
      sorted([K.a3, K.a5]),
    );
    // A closed state asked for explicitly is found even though the default view is "open".
    expect(keysOf(await triager.reports.list({ states: ["spam"] }))).toEqual([K.a4]);
    expect(keysOf(await triager.reports.list({ states: ["disclosed"], view: "all" }))).toEqual([]);
  });

  it("filters by severities, including unrated", async () => {
    const sev = async (severities: ("critical" | "high" | "medium" | "low" | "none" | "unrated")[]) =>
      sorted(keysOf(await triager.reports.list({ severities, view: "all" })));
    expect(await sev(["critical"])).toEqual([K.a5]);
    expect(await sev(["unrated"])).toEqual(sorted([K.a1, K.a4]));
    expect(await sev(["unrated", "high"])).toEqual(sorted([K.a1, K.a2, K.a4]));
    expect(await sev(["medium", "low"])).toEqual(sorted([K.a3, K.a6]));
    expect(await sev(["none"])).toEqual([]);
  });

  it("filters by assignee: me, unassigned, a user id", async () => {
    expect(keysOf(await triager.reports.list({ assignee: "me", view: "all" }))).toEqual([K.a3]);
    expect(keysOf(await admin.reports.list({ assignee: "me", view: "all" }))).toEqual([K.a5]);
    expect(sorted(keysOf(await triager.reports.list({ assignee: "unassigned", view: "all" })))).toEqual(
      sorted([K.a1, K.a2, K.a4, K.a6]),
    );
    expect(keysOf(await admin.reports.list({ assignee: f.users.triager.id, view: "all" }))).toEqual([K.a3]);
    expect(keysOf(await admin.reports.list({ assignee: f.users.leadership.id, view: "all" }))).toEqual([]);
  });

  it("filters by channel", async () => {
    expect(sorted(keysOf(await triager.reports.list({ channel: "email", view: "all" })))).toEqual(sorted([K.a2, K.a6]));
    expect(keysOf(await triager.reports.list({ channel: "manual", view: "all" }))).toEqual([K.a5]);
    expect(sorted(keysOf(await admin.reports.list({ channel: "api", view: "all" })))).toEqual(sorted([K.a3, "BETA-1"]));
  });

  it("searches title and body text, prefix-matched, all words required", async () => {
    const q = async (text: string) => sorted(keysOf(await triager.reports.list({ q: text, view: "all" })));
    expect(await q("redirect")).toEqual([K.a3]); // title
    expect(await q("crafted")).toEqual([K.a5]); // body only
    expect(await q("overfl")).toEqual([K.a5]); // prefix
    expect(await q("HEAP Decoder")).toEqual([K.a5]); // case-insensitive, both words
    expect(await q("heap redirect")).toEqual([]); // AND, not OR
    expect(await q("  ")).toEqual(sorted(Object.values(K))); // blank search is no search
  });

  it("combines search with the other filters", async () => {
    const res = await triager.reports.list({ q: "the", channel: "email", view: "all" });
    expect(keysOf(res)).toEqual([K.a6]);
  });

  it("treats FTS5 operators in the search text as plain text (never an error)", async () => {
    const hostile = [
      '"',
      '""',
      '"heap',
      "*",
      "heap*",
      "OR",
      "heap OR redirect",
      "AND",
      "NOT",
      "NOT heap",
      "NEAR(",
      "NEAR(heap decoder)",
      "NEAR(heap, 5)",
      "title:heap",
      "-heap",
      "^heap",
      "(",
      ")",
      "heap)",
      "{title description}: heap",
      "'",
      "\\",
      "%",
      "_",
      "a".repeat(200),
    ];
    for (const q of hostile) {
      const res = await triager.reports.list({ q, view: "all" });
      expect(Array.isArray(res.rows), q).toBe(true);
    }
    // Quotes and stars are text: the word itself is still found.
    expect(keysOf(await triager.reports.list({ q: '"heap', view: "all" }))).toEqual([K.a5]);
    expect(keysOf(await triager.reports.list({ q: "heap*", view: "all" }))).toEqual([K.a5]);
    // OR is a word to look for, not an operator.
    expect(sorted(keysOf(await triager.reports.list({ q: "heap OR redirect", view: "all" })))).not.toEqual(
      sorted([K.a3, K.a5]),
    );
  });

  it("search words made only of punctuation do not hide every result", async () => {
    // Regression: toFtsQuery() used to turn a word with no letter or digit ("-") into
    // an empty FTS5 phrase that matched nothing, and being ANDed with the other words
    // it hid every result (fixed in packages/db/src/reports/search.ts while these tests were written).
    expect(keysOf(await triager.reports.list({ q: "heap - decoder", view: "all" }))).toEqual([K.a5]);
  });

  it("finds a report by its key, in any case, only within the caller's programs", async () => {
    expect(keysOf(await triager.reports.list({ q: "alpha-3", view: "all" }))).toEqual([K.a3]);
    expect(keysOf(await triager.reports.list({ q: "ALPHA-3", view: "all" }))).toEqual([K.a3]);
    expect(keysOf(await triager.reports.list({ q: "beta-1", view: "all" }))).toEqual([]);
    expect(keysOf(await other.reports.list({ q: "alpha-3", view: "all" }))).toEqual([]);
    expect(keysOf(await other.reports.list({ q: "beta-1", view: "all" }))).toEqual(["BETA-1"]);
  });

  it("sorts by received time, severity, last update and deadline", async () => {
    const by = async (sort: "deadline" | "received_desc" | "received_asc" | "severity" | "updated") =>
      keysOf(await triager.reports.list({ sort, view: "all" }));
    // ALPHA-1 and ALPHA-2 arrived at the same instant: the newer id first / last.
    expect(await by("received_desc")).toEqual([K.a2, K.a1, K.a5, K.a4, K.a3, K.a6]);
    expect(await by("received_asc")).toEqual([K.a6, K.a3, K.a4, K.a5, K.a1, K.a2]);
    // Most severe first, unrated last; ties by arrival, oldest first.
    expect(await by("severity")).toEqual([K.a5, K.a2, K.a3, K.a6, K.a4, K.a1]);
    // Last changed first (ALPHA-1 and ALPHA-2 were created in the same instant).
    expect(await by("updated")).toEqual([K.a6, K.a5, K.a4, K.a3, K.a2, K.a1]);
    tick();
    await triager.reports.addMessage({ key: K.a1, kind: "internal", body: "bumping this one" });
    expect((await by("updated"))[0]).toBe(K.a1);
    // The nearest deadline returns the same rows; the default (most urgent) too.
    const deadline = await by("deadline");
    expect(sorted(deadline)).toEqual(sorted(Object.values(K)));
    expect(sorted(keysOf(await triager.reports.list({ view: "all" })))).toEqual(sorted(deadline));
    expect(keysOf(await triager.reports.list({ view: "all" }))).toEqual(
      keysOf(await triager.reports.list({ view: "all", sort: "urgent" })),
    );
  });

  it("paginates with a stable total", async () => {
    const page = (n: number) => triager.reports.list({ sort: "received_asc", view: "all", pageSize: 2, page: n });
    const p1 = await page(1);
    const p2 = await page(2);
    const p3 = await page(3);
    const p4 = await page(4);
    expect(keysOf(p1)).toEqual([K.a6, K.a3]);
    expect(keysOf(p2)).toEqual([K.a4, K.a5]);
    expect(keysOf(p3)).toEqual([K.a1, K.a2]);
    expect(keysOf(p4)).toEqual([]);
    for (const p of [p1, p2, p3, p4]) expect(p.total).toBe(6);
    expect(p2).toMatchObject({ page: 2, pageSize: 2 });
    await expectTRPCError(triager.reports.list({ page: 0 }), "BAD_REQUEST");
    await expectTRPCError(triager.reports.list({ pageSize: 201 }), "BAD_REQUEST");
  });

  it("counts reports per state under the other filters (ignoring view and state)", async () => {
    const counts = { new: 2, acknowledged: 1, triaged: 1, spam: 1, informative: 1 };
    expect((await triager.reports.list({})).counts).toEqual(counts);
    expect((await triager.reports.list({ view: "closed" })).counts).toEqual(counts);
    expect((await triager.reports.list({ states: ["spam"] })).counts).toEqual(counts);
    expect((await triager.reports.list({ severities: ["unrated"] })).counts).toEqual({ new: 1, spam: 1 });
    expect((await admin.reports.list({})).counts).toEqual({ ...counts, new: 3 });
    expect((await other.reports.list({})).counts).toEqual({ new: 1 });
  });

  it("leadership lists every program they watch; others only their own", async () => {
    expect((await lead.reports.list({ view: "all" })).total).toBe(7);
    expect(keysOf(await other.reports.list({ view: "all" }))).toEqual(["BETA-1"]);
  });
});

describe("reports.create", () => {
  it("tells the program's webhooks about a report entered by staff, like every other intake path", async () => {
    tick();
    // Creating a webhook needs a recent sign-in (re-authentication, issue 17): a fresh session.
    const freshAdmin = await callerFor(db, f.users.admin, clock.now);
    await freshAdmin.notifications.createWebhook({
      program: "alpha",
      url: "https://hooks.example/staff-entry",
      events: ["report.created"],
    });
    const { key } = await triager.reports.create({
      programSlug: "alpha",
      title: "Entered by staff from a phone call",
      description: "A report received by phone.",
    });
    const rows = db.$client
      .prepare("SELECT event, target, payload_json FROM outbox WHERE channel = 'webhook' AND target = ?")
      .all("https://hooks.example/staff-entry") as { event: string; payload_json: string }[];
    expect(rows.map((r) => r.event)).toEqual(["report.created"]);
    const payload = JSON.parse(rows[0]!.payload_json) as { data: Record<string, unknown> };
    expect(payload.data).toMatchObject({ key, channel: "manual" });
    // Webhooks carry no report text.
    expect(rows[0]!.payload_json).not.toContain("received by phone");
  });

  it("stores every field and derives severity and score from the CVSS vector", async () => {
    tick();
    const receivedAt = new Date(clock.now().getTime() - 2 * HOUR);
    const before = auditCount(db);
    const { key } = await admin.reports.create({
      programSlug: "alpha",
      title: "  Auth bypass via JWT alg=none  ",
      description: "The API accepts unsigned tokens.",
      cwe: "cwe-347",
      component: "api-gateway",
      sourceLocation: "src/auth/jwt.ts#L42 (tag v3.4.2)",
      affectedVersions: "3.0.0 - 3.4.2",
      configuration: "Default configuration",
      stepsToReproduce: "1. Forge a token with alg none\n2. Call /admin",
      proofOfConcept: "curl -H 'Authorization: Bearer eyJhbGciOiJub25lIn0.e30.' https://alpha.example/admin",
      impact: "Full admin takeover.",
      suggestedFix: "Pin the accepted algorithms.",
      channel: "email",
      receivedAt,
      reporter: { name: "Rita Researcher", handle: "@rita", email: "rita@research.test" },
      cvssVector: CVSS_CRITICAL,
      assigneeId: f.users.triager.id,
    });
    expect(key).toMatch(/^ALPHA-\d+$/);

    const d = await triager.reports.byKey({ key });
    expect(d.report).toMatchObject({
      key,
      title: "Auth bypass via JWT alg=none",
      description: "The API accepts unsigned tokens.",
      cwe: "CWE-347",
      component: "api-gateway",
      sourceLocation: "src/auth/jwt.ts#L42 (tag v3.4.2)",
      affectedVersions: "3.0.0 - 3.4.2",
      configuration: "Default configuration",
      stepsToReproduce: "1. Forge a token with alg none\n2. Call /admin",
      proofOfConcept: "curl -H 'Authorization: Bearer eyJhbGciOiJub25lIn0.e30.' https://alpha.example/admin",
      impact: "Full admin takeover.",
      suggestedFix: "Pin the accepted algorithms.",
      channel: "email",
      receivedAt,
      state: "new",
      isOpen: true,
      severity: "critical",
      severitySource: "cvss",
      cvssVersion: "3.1",
      cvssVector: CVSS_CRITICAL,
      cvssScore: 9.8,
      assigneeId: f.users.triager.id,
      programId: f.programs.alpha.id,
    });
    expect(d.report).not.toHaveProperty("statusTokenHash");
    expect(d).toMatchObject({
      programSlug: "alpha",
      programName: "Alpha Product",
      assignee: { id: f.users.triager.id, name: f.users.triager.name, email: f.users.triager.email },
      researcher: { name: "Rita Researcher", handle: "@rita", email: "rita@research.test" },
      duplicateOf: null,
      messages: [],
      role: "triager",
      canTriage: true,
      redacted: false,
    });
    expect(d.events.map((e) => e.type)).toEqual(["created"]);
    expect(d.events[0]).toMatchObject({ toState: "new", actorLabel: f.users.admin.email });

    // The report's own row, and the critical_received escalation it raised.
    expect(auditCount(db)).toBe(before + 2);
    const audit = lastAudit();
    expect(audit).toMatchObject({
      action: "report.create",
      entity_type: "report",
      entity_id: key,
      program_id: f.programs.alpha.id,
      actor_user_id: f.users.admin.id,
    });
    // The audit log records that something happened, never the report's content.
    expect(audit.data_json).not.toContain("unsigned");
    expect(audit.data_json).not.toContain("curl");
  });

  it("scores CVSS 4.0 vectors too", async () => {
    const key = await freshReport({ cvssVector: CVSS4_CRITICAL });
    expect(rowOf(key)).toMatchObject({ severity: "critical", cvss_score: 9.3, cvss_version: "4.0" });
  });

  it("refuses an invalid CVSS vector with a field error naming the bad metric", async () => {
    const before = reportSnapshot(db, "ALPHA-1");
    const err = await expectTRPCError(
      admin.reports.create({
        programSlug: "alpha",
        title: "Bad vector",
        description: "x",
        cvssVector: "CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
      }),
      "BAD_REQUEST",
    );
    expect(err.message).toMatch(/\bAV\b/);
    expect(fieldErrorsOf(err).cvssVector).toMatch(/\bAV\b/);

    const missing = await expectTRPCError(
      admin.reports.create({
        programSlug: "alpha",
        title: "Bad vector",
        description: "x",
        cvssVector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H",
      }),
      "BAD_REQUEST",
    );
    expect(missing.message).toMatch(/"A"/);
    expect(fieldErrorsOf(missing)).toHaveProperty("cvssVector");
    // Nothing was created, nothing was audited.
    expect(reportSnapshot(db, "ALPHA-1")).toEqual(before);
  });

  it("requires a title and a description, with field errors", async () => {
    const before = reportSnapshot(db, "ALPHA-1");
    const noTitle = await expectTRPCError(
      admin.reports.create({ programSlug: "alpha", description: "x" } as never),
      "BAD_REQUEST",
    );
    expect(fieldErrorsOf(noTitle)).toHaveProperty("title");
    const short = await expectTRPCError(
      admin.reports.create({ programSlug: "alpha", title: " ab ", description: "x" }),
      "BAD_REQUEST",
    );
    expect(fieldErrorsOf(short).title).toMatch(/at least 3/);
    expect(Object.keys(fieldErrorsOf(short))).toEqual(["title"]);
    const noBody = await expectTRPCError(
      admin.reports.create({ programSlug: "alpha", title: "A title", description: "   " }),
      "BAD_REQUEST",
    );
    expect(fieldErrorsOf(noBody)).toHaveProperty("description");
    expect(reportSnapshot(db, "ALPHA-1")).toEqual(before);
  });

  it("refuses a received time in the future", async () => {
    const err = await expectTRPCError(
      admin.reports.create({
        programSlug: "alpha",
        title: "From the future",
        description: "x",
        receivedAt: new Date(clock.now().getTime() + HOUR),
      }),
      "BAD_REQUEST",
    );
    expect(fieldErrorsOf(err)).toHaveProperty("receivedAt");
  });

  it("refuses an assignee who is not staff of the program", async () => {
    for (const user of [f.users.leadership, f.users.otherTriager]) {
      const err = await expectTRPCError(
        admin.reports.create({ programSlug: "alpha", title: "Assigned", description: "x", assigneeId: user.id }),
        "BAD_REQUEST",
      );
      expect(fieldErrorsOf(err)).toHaveProperty("assigneeId");
    }
  });

  it("refuses a program that does not exist as NOT_FOUND", async () => {
    await expectTRPCError(
      admin.reports.create({ programSlug: "gamma", title: "Nowhere", description: "x" }),
      "NOT_FOUND",
    );
  });
});

describe("reports.byKey", () => {
  let key: string;
  beforeAll(async () => {
    key = await freshReport({
      title: "Timeline report",
      sourceLocation: "src/secret/path.ts",
      reporter: { name: "Sam", handle: null, email: "sam@research.test" },
    });
    tick();
    await triager.reports.setCvss({ key, vector: CVSS_CRITICAL });
    tick();
    await triager.reports.assign({ key, assigneeId: f.users.triager.id });
    tick();
    await triager.reports.transition({ key, action: "acknowledge" });
    tick();
    await triager.reports.addMessage({ key, kind: "internal", body: "Reproduced on staging." });
    tick();
    await triager.reports.addMessage({ key, kind: "to_reporter", body: "Thanks, we reproduced it." });
  });

  it("returns the timeline of events in order and the message thread", async () => {
    const d = await triager.reports.byKey({ key: key.toLowerCase() });
    expect(d.report.key).toBe(key);
    expect(d.events.map((e) => e.type)).toEqual(["created", "cvss", "assigned", "transition", "message", "message"]);
    const times = d.events.map((e) => e.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(d.events[3]).toMatchObject({ fromState: "new", toState: "acknowledged", actorLabel: f.users.triager.email });
    expect(d.events[1]?.data).toMatchObject({ vector: CVSS_CRITICAL, score: 9.8, to: "critical" });
    expect(d.messages.map((m) => [m.kind, m.body, m.authorName])).toEqual([
      ["internal", "Reproduced on staging.", f.users.triager.name],
      ["to_reporter", "Thanks, we reproduced it.", f.users.triager.name],
    ]);
    expect(d.transitions).toContain("triage");
    expect(d.transitions).not.toContain("acknowledge");
  });

  it("redacts exploit details, hides the thread and offers no actions to leadership", async () => {
    const d = await lead.reports.byKey({ key });
    expect(d.role).toBe("leadership");
    expect(d.canTriage).toBe(false);
    expect(d.redacted).toBe(true);
    expect(d.report.stepsToReproduce).toBeNull();
    expect(d.report.proofOfConcept).toBeNull();
    expect(d.report.sourceLocation).toBeNull();
    expect(d.messages).toEqual([]);
    expect(d.transitions).toEqual([]);
    // Who reported it is not what leadership decides on (issue 13, need-to-know).
    expect(d.researcher).toBeNull();
    expect(d.report.cvssVector).toBeNull();
    expect(d.report.component).toBeNull();
    // What is at stake stays visible.
    expect(d.report).toMatchObject({ title: "Timeline report", severity: "critical", state: "acknowledged" });
    expect(JSON.stringify(d)).not.toContain("curl https://alpha.example/poc");
    expect(JSON.stringify(d)).not.toContain("Reproduced on staging");
  });

  it("answers NOT_FOUND for a key that does not exist or is in another program, alike", async () => {
    const missing = await expectTRPCError(triager.reports.byKey({ key: "ALPHA-9999" }), "NOT_FOUND");
    const foreign = await expectTRPCError(triager.reports.byKey({ key: "BETA-1" }), "NOT_FOUND");
    expect(foreign.message.replace("BETA-1", "KEY")).toBe(missing.message.replace("ALPHA-9999", "KEY"));
  });
});

describe("reports.transition", () => {
  it("acknowledge writes the state, a timeline event and an audit row together", async () => {
    const key = await freshReport();
    const before = reportSnapshot(db, key);
    tick();
    const res = await triager.reports.transition({ key, action: "acknowledge" });
    expect(res).toEqual({ key, state: "acknowledged" });
    const after = reportSnapshot(db, key);
    expect(after.row).toMatchObject({ state: "acknowledged", is_open: 1 });
    expect(after.events).toBe(before.events + 1);
    expect(after.audit).toBe(before.audit + 1);
    const event = lastEvent(key);
    expect(event).toMatchObject({ type: "transition", from_state: "new", to_state: "acknowledged" });
    expect(event.data).toMatchObject({ action: "acknowledge" });
    const audit = lastAudit();
    expect(audit).toMatchObject({
      action: "report.acknowledge",
      entity_id: key,
      program_id: f.programs.alpha.id,
      actor_user_id: f.users.triager.id,
    });
    expect(audit.data).toMatchObject({ from: "new", to: "acknowledged" });
    // One instant for the change, its event and its audit entry.
    expect(audit.at).toBe(after.row?.updated_at);
    expect(event.at).toBe(after.row?.updated_at);
  });

  it("is atomic: when the audit write fails, the state and timeline are unchanged", async () => {
    const key = await freshReport();
    const before = reportSnapshot(db, key);
    db.$client.exec(
      "CREATE TEMP TRIGGER fail_ack BEFORE INSERT ON audit_log WHEN NEW.action = 'report.acknowledge' BEGIN SELECT RAISE(ABORT, 'audit unavailable'); END;",
    );
    try {
      await expectTRPCError(triager.reports.transition({ key, action: "acknowledge" }), "INTERNAL_SERVER_ERROR");
    } finally {
      db.$client.exec("DROP TRIGGER fail_ack");
    }
    expect(reportSnapshot(db, key)).toEqual(before);
  });

  it("refuses a transition the state machine does not allow, as CONFLICT, changing nothing", async () => {
    const key = await freshReport();
    const before = reportSnapshot(db, key);
    const err = await expectTRPCError(triager.reports.transition({ key, action: "disclose" }), "CONFLICT");
    expect(err.message).toMatch(/^Cannot /);
    await expectTRPCError(triager.reports.transition({ key, action: "resume" }), "CONFLICT");
    await expectTRPCError(triager.reports.transition({ key, action: "reopen", reason: "why not" }), "CONFLICT");
    expect(reportSnapshot(db, key)).toEqual(before);
  });

  it("triage needs a severity first", async () => {
    const key = await freshReport();
    const before = reportSnapshot(db, key);
    const err = await expectTRPCError(triager.reports.transition({ key, action: "triage" }), "BAD_REQUEST");
    expect(fieldErrorsOf(err)).toHaveProperty("severity");
    expect(reportSnapshot(db, key)).toEqual(before);
  });

  it("duplicate needs an existing original in the same program, and links it", async () => {
    const key = await freshReport({ title: "Same SQL injection again" });
    const before = reportSnapshot(db, key);
    const attempts = [
      { duplicateOf: undefined, who: admin },
      { duplicateOf: "ALPHA-9999", who: admin },
      { duplicateOf: key, who: admin },
      // Visible to the admin, but another program: a link must not cross programs.
      { duplicateOf: "BETA-1", who: admin },
      { duplicateOf: "BETA-1", who: triager },
      { duplicateOf: "not a key", who: triager },
    ];
    for (const a of attempts) {
      const err = await expectTRPCError(
        a.who.reports.transition({ key, action: "close_duplicate", duplicateOf: a.duplicateOf }),
        "BAD_REQUEST",
      );
      expect(fieldErrorsOf(err), String(a.duplicateOf)).toHaveProperty("duplicateOf");
    }
    expect(reportSnapshot(db, key)).toEqual(before);

    tick();
    const res = await triager.reports.transition({ key, action: "close_duplicate", duplicateOf: " alpha-1 " });
    expect(res.state).toBe("duplicate");
    const original = rowOf("ALPHA-1");
    expect(rowOf(key)).toMatchObject({ state: "duplicate", is_open: 0, duplicate_of_id: original.id });
    const d = await triager.reports.byKey({ key });
    expect(d.duplicateOf).toEqual({ key: "ALPHA-1", title: "SQL injection in login form" });
    expect(d.transitions).toEqual(["reopen"]);
    expect(lastAudit()).toMatchObject({ action: "report.close_duplicate", entity_id: key });
    expect(lastAudit().data).toMatchObject({ duplicateOf: "ALPHA-1" });
  });

  it("refuses to make the original a duplicate of its own duplicate", async () => {
    const original = await freshReport();
    const copy = await freshReport();
    tick();
    await triager.reports.transition({ key: copy, action: "close_duplicate", duplicateOf: original });
    const before = reportSnapshot(db, original);
    const err = await expectTRPCError(
      triager.reports.transition({ key: original, action: "close_duplicate", duplicateOf: copy }),
      "BAD_REQUEST",
    );
    expect(fieldErrorsOf(err)).toHaveProperty("duplicateOf");
    expect(reportSnapshot(db, original)).toEqual(before);
  });

  it("refuses a duplicate link that would close a cycle through other duplicates", async () => {
    const [a, b, c] = [await freshReport(), await freshReport(), await freshReport()];
    tick();
    await triager.reports.transition({ key: a, action: "close_duplicate", duplicateOf: b });
    tick();
    await triager.reports.transition({ key: b, action: "close_duplicate", duplicateOf: c });
    const before = reportSnapshot(db, c);
    // Regression: only a direct 2-cycle used to be refused; A -> B -> C -> A was accepted.
    const err = await expectTRPCError(
      triager.reports.transition({ key: c, action: "close_duplicate", duplicateOf: a }),
      "BAD_REQUEST",
    );
    expect(fieldErrorsOf(err)).toHaveProperty("duplicateOf");
    expect(reportSnapshot(db, c)).toEqual(before);
  });

  it("reopen needs a reason and is recorded as a 'reopened' event", async () => {
    const key = await freshReport();
    tick();
    await triager.reports.transition({ key, action: "close_duplicate", duplicateOf: "ALPHA-1" });
    const before = reportSnapshot(db, key);
    for (const reason of [undefined, null, "", "   "]) {
      const err = await expectTRPCError(triager.reports.transition({ key, action: "reopen", reason }), "BAD_REQUEST");
      expect(fieldErrorsOf(err)).toHaveProperty("reason");
    }
    expect(reportSnapshot(db, key)).toEqual(before);

    tick();
    const res = await triager.reports.transition({ key, action: "reopen", reason: "Different root cause" });
    expect(res.state).toBe("acknowledged");
    expect(rowOf(key)).toMatchObject({ state: "acknowledged", is_open: 1, duplicate_of_id: null });
    const event = lastEvent(key);
    expect(event).toMatchObject({ type: "reopened", from_state: "duplicate", to_state: "acknowledged" });
    expect(event.data).toMatchObject({ action: "reopen", reason: "Different root cause" });
    expect(lastAudit()).toMatchObject({ action: "report.reopen", entity_id: key });
    expect((await triager.reports.byKey({ key })).duplicateOf).toBeNull();
  });

  it("walks the whole happy path: triage, request info, resume, fix, publish", async () => {
    const key = await freshReport({ cvssVector: CVSS_CRITICAL });
    const step = async (input: Omit<Parameters<Caller["reports"]["transition"]>[0], "key">) => {
      tick();
      return (await triager.reports.transition({ key, ...input })).state;
    };
    expect(await step({ action: "triage" })).toBe("triaged");
    expect(await step({ action: "start_fix" })).toBe("fixing");
    const noReason = await expectTRPCError(triager.reports.transition({ key, action: "request_info" }), "BAD_REQUEST");
    expect(fieldErrorsOf(noReason)).toHaveProperty("reason");
    expect(await step({ action: "request_info", reason: "Which build?" })).toBe("needs_info");
    expect(await step({ action: "resume" })).toBe("fixing");
    const noVersion = await expectTRPCError(triager.reports.transition({ key, action: "mark_fixed" }), "BAD_REQUEST");
    expect(fieldErrorsOf(noVersion)).toHaveProperty("fixedVersion");
    expect(await step({ action: "mark_fixed", fixedVersion: "3.4.3" })).toBe("fixed");
    expect(rowOf(key)).toMatchObject({ fixed_version: "3.4.3", is_open: 0 });
    const viaTransition = await expectTRPCError(triager.reports.transition({ key, action: "disclose" }), "BAD_REQUEST");
    expect(fieldErrorsOf(viaTransition)).toHaveProperty("action");
    tick();
    const published = await triager.disclosure.publish({
      key,
      advisoryUrl: "https://example.com/advisories/happy-path",
      overrideReason: "Coordinated with the reporter",
    });
    expect(published.state).toBe("disclosed");
    const d = await triager.reports.byKey({ key });
    expect(d.transitions).toEqual([]);
    expect(d.events.filter((e) => e.type === "transition").map((e) => e.toState)).toEqual([
      "triaged",
      "fixing",
      "needs_info",
      "fixing",
      "fixed",
      "disclosed",
    ]);
  });
});

describe("reports.setCvss", () => {
  it("sets the vector, score and derived severity, with an event and an audit row", async () => {
    const key = await freshReport();
    const before = reportSnapshot(db, key);
    tick();
    const res = await triager.reports.setCvss({ key, vector: ` ${CVSS_CRITICAL} ` });
    expect(res).toEqual({ key, severity: "critical", score: 9.8 });
    const after = reportSnapshot(db, key);
    expect(after.row).toMatchObject({
      severity: "critical",
      severity_rank: 4,
      severity_source: "cvss",
      cvss_version: "3.1",
      cvss_vector: CVSS_CRITICAL,
      cvss_score: 9.8,
    });
    expect(after.events).toBe(before.events + 1);
    // The change, and the critical_received escalation the critical score raised.
    expect(after.audit).toBe(before.audit + 2);
    expect(lastEvent(key)).toMatchObject({ type: "cvss" });
    expect(lastAudit()).toMatchObject({ action: "report.cvss", entity_id: key });

    tick();
    const v4 = await triager.reports.setCvss({ key, vector: CVSS4_CRITICAL });
    expect(v4).toEqual({ key, severity: "critical", score: 9.3 });
    expect(rowOf(key)).toMatchObject({ cvss_version: "4.0", cvss_vector: CVSS4_CRITICAL });
  });

  it("refuses an invalid vector naming the metric, changing nothing", async () => {
    const key = await freshReport({ cvssVector: CVSS_CRITICAL });
    const before = reportSnapshot(db, key);
    for (const [vector, metric] of [
      ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/A:L", "A"],
      ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:X/C:H/I:H/A:H", "S"],
      ["CVSS:4.0/AC:L/AV:N/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "AV"],
    ] as const) {
      const err = await expectTRPCError(triager.reports.setCvss({ key, vector }), "BAD_REQUEST");
      const names = new RegExp(`\\b${metric}\\b`);
      expect(err.message, vector).toMatch(names);
      expect(Object.values(fieldErrorsOf(err)).join(" "), vector).toMatch(names);
    }
    await expectTRPCError(triager.reports.setCvss({ key, vector: "AV:N/AC:L/Au:N/C:P/I:P/A:P" }), "BAD_REQUEST");
    expect(reportSnapshot(db, key)).toEqual(before);
  });

  it("an empty vector clears the score and severity", async () => {
    const key = await freshReport({ cvssVector: CVSS_CRITICAL });
    tick();
    const res = await triager.reports.setCvss({ key, vector: "" });
    expect(res).toEqual({ key, severity: null, score: null });
    expect(rowOf(key)).toMatchObject({
      severity: null,
      severity_rank: -1,
      severity_source: null,
      cvss_vector: null,
      cvss_score: null,
      cvss_version: null,
    });
  });
});

describe("reports.setSeverity", () => {
  it("requires a reason, changing nothing without one", async () => {
    const key = await freshReport();
    const before = reportSnapshot(db, key);
    for (const reason of ["", "  ", "ok"]) {
      const err = await expectTRPCError(triager.reports.setSeverity({ key, severity: "high", reason }), "BAD_REQUEST");
      expect(fieldErrorsOf(err)).toHaveProperty("reason");
    }
    await expectTRPCError(
      triager.reports.setSeverity({ key, severity: "high" } as Parameters<Caller["reports"]["setSeverity"]>[0]),
      "BAD_REQUEST",
    );
    expect(reportSnapshot(db, key)).toEqual(before);
  });

  it("overrides the severity and records the reason (keeping the CVSS vector)", async () => {
    const key = await freshReport({ cvssVector: CVSS_CRITICAL });
    tick();
    const res = await triager.reports.setSeverity({ key, severity: "low", reason: "Only exploitable on localhost" });
    expect(res).toEqual({ key, severity: "low" });
    expect(rowOf(key)).toMatchObject({
      severity: "low",
      severity_rank: 1,
      severity_source: "manual",
      severity_reason: "Only exploitable on localhost",
      cvss_vector: CVSS_CRITICAL,
      cvss_score: 9.8,
    });
    const event = lastEvent(key);
    expect(event.type).toBe("severity");
    expect(event.data).toMatchObject({ from: "critical", to: "low", reason: "Only exploitable on localhost" });
    expect(lastAudit()).toMatchObject({ action: "report.severity_override", entity_id: key });
    expect(lastAudit().data).toMatchObject({ reason: "Only exploitable on localhost" });
    const d = await triager.reports.byKey({ key });
    expect(d.report).toMatchObject({ severity: "low", severityReason: "Only exploitable on localhost" });
  });
});

describe("reports.assign", () => {
  it("assigns to staff of the program and unassigns", async () => {
    const key = await freshReport();
    tick();
    expect(await triager.reports.assign({ key, assigneeId: f.users.triager.id })).toEqual({
      key,
      assigneeId: f.users.triager.id,
    });
    expect(rowOf(key).assignee_id).toBe(f.users.triager.id);
    expect(lastEvent(key)).toMatchObject({ type: "assigned" });
    expect(lastAudit()).toMatchObject({ action: "report.assign", entity_id: key });
    tick();
    await triager.reports.assign({ key, assigneeId: f.users.admin.id });
    expect((await triager.reports.byKey({ key })).assignee).toMatchObject({ id: f.users.admin.id });
    tick();
    expect(await triager.reports.assign({ key, assigneeId: null })).toEqual({ key, assigneeId: null });
    expect(rowOf(key).assignee_id).toBeNull();
    expect(eventsOf(key).filter((e) => e.type === "assigned")).toHaveLength(3);
  });

  it("refuses leadership, staff of another program and unknown users as assignees", async () => {
    const key = await freshReport();
    const before = reportSnapshot(db, key);
    for (const id of [f.users.leadership.id, f.users.otherTriager.id, 99_999]) {
      const err = await expectTRPCError(triager.reports.assign({ key, assigneeId: id }), "BAD_REQUEST");
      expect(fieldErrorsOf(err)).toHaveProperty("assigneeId");
    }
    expect(reportSnapshot(db, key)).toEqual(before);
  });
});

describe("reports.addMessage", () => {
  it("keeps internal notes and messages to the reporter apart", async () => {
    const key = await freshReport();
    const before = reportSnapshot(db, key);
    tick();
    const note = await triager.reports.addMessage({ key, kind: "internal", body: "Looks like CVE-2024-0001 again." });
    tick();
    const msg = await triager.reports.addMessage({ key, kind: "to_reporter", body: "Thanks, we are on it." });
    expect(note.id).not.toBe(msg.id);
    const after = reportSnapshot(db, key);
    expect(after.messages).toBe(before.messages + 2);
    expect(after.events).toBe(before.events + 2);
    expect(after.audit).toBe(before.audit + 2);
    const d = await triager.reports.byKey({ key });
    expect(d.messages.map((m) => ({ id: m.id, kind: m.kind, body: m.body }))).toEqual([
      { id: note.id, kind: "internal", body: "Looks like CVE-2024-0001 again." },
      { id: msg.id, kind: "to_reporter", body: "Thanks, we are on it." },
    ]);
    const audits = auditRows(db, key).slice(-2);
    expect(audits.map((a) => a.action)).toEqual(["report.message.internal", "report.message.to_reporter"]);
    // The audit log never holds what a message says.
    for (const a of audits) expect(a.data_json).not.toMatch(/CVE-2024-0001|on it/);
    expect(
      eventsOf(key)
        .slice(-2)
        .map((e) => JSON.parse(e.data_json).kind),
    ).toEqual(["internal", "to_reporter"]);
  });

  it("refuses messages 'from the reporter' and empty bodies", async () => {
    const key = await freshReport();
    const before = reportSnapshot(db, key);
    const fromReporter = await expectTRPCError(
      triager.reports.addMessage({ key, kind: "from_reporter" as "internal", body: "I am the reporter" }),
      "BAD_REQUEST",
    );
    expect(fieldErrorsOf(fromReporter)).toHaveProperty("kind");
    const empty = await expectTRPCError(
      triager.reports.addMessage({ key, kind: "internal", body: "  " }),
      "BAD_REQUEST",
    );
    expect(fieldErrorsOf(empty)).toHaveProperty("body");
    expect(reportSnapshot(db, key)).toEqual(before);
  });
});

describe("reports.update", () => {
  it("changes only the given fields, with an 'edited' event listing them", async () => {
    const key = await freshReport({
      title: "Zanzibar misconfiguration",
      component: "authz",
      impact: "Read other tenants' data",
    });
    const before = rowOf(key);
    tick();
    expect(await triager.reports.update({ key, title: "Tenant isolation bypass", impact: "Read and write" })).toEqual({
      key,
    });
    const after = rowOf(key);
    expect(after).toMatchObject({
      title: "Tenant isolation bypass",
      impact: "Read and write",
      component: "authz",
      description: before.description,
      steps_to_reproduce: before.steps_to_reproduce,
      proof_of_concept: before.proof_of_concept,
      state: before.state,
    });
    const event = lastEvent(key);
    expect(event.type).toBe("edited");
    expect(sorted(event.data.fields as string[])).toEqual(["impact", "title"]);
    expect(lastAudit()).toMatchObject({ action: "report.edit", entity_id: key });
    // The search index follows the edit.
    expect(keysOf(await triager.reports.list({ q: "tenant isolation", view: "all" }))).toEqual([key]);
    expect(keysOf(await triager.reports.list({ q: "zanzibar", view: "all" }))).toEqual([]);
  });

  it("clears optional fields, and an edit that changes nothing records nothing", async () => {
    const key = await freshReport({ component: "authz" });
    tick();
    await triager.reports.update({ key, component: "" });
    expect(rowOf(key).component).toBeNull();
    const before = reportSnapshot(db, key);
    tick();
    await triager.reports.update({ key, title: rowOf(key).title as string });
    expect(reportSnapshot(db, key)).toEqual(before);
  });

  it("validates fields", async () => {
    const key = await freshReport();
    const before = reportSnapshot(db, key);
    const err = await expectTRPCError(triager.reports.update({ key, title: "ab" }), "BAD_REQUEST");
    expect(fieldErrorsOf(err)).toHaveProperty("title");
    const cwe = await expectTRPCError(triager.reports.update({ key, cwe: "79" }), "BAD_REQUEST");
    expect(fieldErrorsOf(cwe)).toHaveProperty("cwe");
    await expectTRPCError(triager.reports.update({ key: "not-a-key!", title: "Valid title" }), "BAD_REQUEST");
    expect(reportSnapshot(db, key)).toEqual(before);
  });
});

describe("roles inside a program", () => {
  let mixed: Caller;
  let mixedUser: TestUser;
  beforeAll(async () => {
    // Leadership in alpha, triager in beta: holds a triage role somewhere, but not in alpha.
    const password = "mixed-password-123";
    const row = await createUser(
      db,
      {
        email: "mixed@alpha.test",
        name: "Max Mixed",
        password,
        memberships: [
          { programId: f.programs.alpha.id, role: "leadership" },
          { programId: f.programs.beta.id, role: "triager" },
        ],
      },
      { userId: null, label: "test" },
      clock.now(),
    );
    mixedUser = { id: row.id, email: row.email, name: "Max Mixed", password };
    mixed = await callerFor(db, mixedUser, clock.now);
  });

  it("a leadership member of the program cannot change its reports, even as a triager elsewhere", async () => {
    const key = await freshReport();
    const before = reportSnapshot(db, key);
    const calls: [string, () => Promise<unknown>][] = [
      ["create", () => mixed.reports.create({ programSlug: "alpha", title: "Mixed", description: "x" })],
      ["update", () => mixed.reports.update({ key, title: "Mixed edit" })],
      ["transition", () => mixed.reports.transition({ key, action: "acknowledge" })],
      ["setCvss", () => mixed.reports.setCvss({ key, vector: CVSS_CRITICAL })],
      ["setSeverity", () => mixed.reports.setSeverity({ key, severity: "low", reason: "because" })],
      ["assign", () => mixed.reports.assign({ key, assigneeId: f.users.triager.id })],
      ["addMessage", () => mixed.reports.addMessage({ key, kind: "internal", body: "hi" })],
      ["programs.staff", () => mixed.programs.staff({ program: "alpha" })],
    ];
    for (const [name, call] of calls) {
      const err = await expectTRPCError(call(), "FORBIDDEN");
      expect(err.message, name).toBeTruthy();
    }
    expect(reportSnapshot(db, key)).toEqual(before);
    // Reading stays allowed, redacted.
    const d = await mixed.reports.byKey({ key });
    expect(d).toMatchObject({ role: "leadership", redacted: true, messages: [], transitions: [] });
    // In beta the same person triages.
    tick();
    await mixed.reports.addMessage({ key: "BETA-1", kind: "internal", body: "beta note" });
  });

  it("leadership without any triage role is FORBIDDEN before the input is even parsed", async () => {
    const err = await expectTRPCError(lead.reports.create({} as never), "FORBIDDEN");
    expect(fieldErrorsOf(err)).toEqual({});
    await expectTRPCError(lead.reports.setCvss({ key: "ALPHA-1", vector: "garbage" }), "FORBIDDEN");
  });
});

describe("program isolation: a triager of beta against alpha", () => {
  let key: string;
  beforeAll(async () => {
    key = await freshReport({ title: "Isolation target", cvssVector: CVSS_CRITICAL });
    tick();
    await triager.reports.assign({ key, assigneeId: f.users.triager.id });
    tick();
    await triager.reports.addMessage({ key, kind: "internal", body: "alpha secret note" });
  });

  type Case = { path: string; call: () => Promise<unknown>; code: "NOT_FOUND" | "FORBIDDEN" };
  const cases = (): Case[] => [
    { path: "reports.byKey", call: () => other.reports.byKey({ key }), code: "NOT_FOUND" },
    {
      path: "reports.create",
      call: () => other.reports.create({ programSlug: "alpha", title: "Planted report", description: "x" }),
      code: "NOT_FOUND",
    },
    { path: "reports.update", call: () => other.reports.update({ key, title: "Hijacked title" }), code: "NOT_FOUND" },
    {
      path: "reports.transition",
      call: () => other.reports.transition({ key, action: "close_spam" }),
      code: "NOT_FOUND",
    },
    {
      path: "reports.setCvss",
      call: () => other.reports.setCvss({ key, vector: "" }),
      code: "NOT_FOUND",
    },
    {
      path: "reports.setSeverity",
      call: () => other.reports.setSeverity({ key, severity: "none", reason: "not our problem" }),
      code: "NOT_FOUND",
    },
    {
      path: "reports.assign",
      call: () => other.reports.assign({ key, assigneeId: f.users.otherTriager.id }),
      code: "NOT_FOUND",
    },
    {
      path: "reports.addMessage",
      call: () => other.reports.addMessage({ key, kind: "to_reporter", body: "Hello from beta" }),
      code: "NOT_FOUND",
    },
    { path: "programs.staff", call: () => other.programs.staff({ program: "alpha" }), code: "NOT_FOUND" },
    {
      path: "programs.render",
      call: () => other.programs.render({ program: "alpha", format: "security-md" }),
      code: "NOT_FOUND",
    },
    // No admin role anywhere: refused before the program is even looked up.
    {
      path: "programs.updatePolicy",
      call: () => other.programs.updatePolicy({ program: "alpha", policy: defaultPolicy() }),
      code: "FORBIDDEN",
    },
    { path: "programs.apiTokens", call: () => other.programs.apiTokens({ program: "alpha" }), code: "FORBIDDEN" },
    {
      path: "programs.createApiToken",
      call: () => other.programs.createApiToken({ program: "alpha", name: "x" }),
      code: "FORBIDDEN",
    },
    {
      path: "programs.revokeApiToken",
      call: () => other.programs.revokeApiToken({ program: "alpha", id: 1 }),
      code: "FORBIDDEN",
    },
    {
      path: "programs.parseSecurityMd",
      call: () => other.programs.parseSecurityMd({ markdown: "We acknowledge within 24 hours." }),
      code: "FORBIDDEN",
    },
    {
      path: "programs.update",
      call: () => other.programs.update({ program: "alpha", name: "Ours" }),
      code: "FORBIDDEN",
    },
    { path: "programs.archive", call: () => other.programs.archive({ program: "alpha" }), code: "FORBIDDEN" },
    { path: "programs.unarchive", call: () => other.programs.unarchive({ program: "alpha" }), code: "FORBIDDEN" },
    // Not an admin of all programs: cannot create one (not even with an alpha-like slug).
    {
      path: "programs.create",
      call: () => other.programs.create({ name: "Alpha two", slug: "alpha-two", keyPrefix: "ALPHB" }),
      code: "FORBIDDEN",
    },
  ];

  it("is refused on every procedure that targets an alpha report or program, changing nothing", async () => {
    for (const c of cases()) {
      const before = reportSnapshot(db, key);
      const err = await expectTRPCError(c.call(), c.code);
      expect(err.message, c.path).not.toContain("alpha secret note");
      expect(reportSnapshot(db, key), c.path).toEqual(before);
    }
  });

  it("covers every reports/programs procedure (list procedures are checked below)", () => {
    const targeted = new Set(cases().map((c) => c.path));
    // reports.jump answers like a search (null, never NOT_FOUND): checked below.
    const listing = new Set(["reports.list", "programs.list", "reports.jump"]);
    const all = Object.keys(appRouter._def.procedures).filter((p) => /^(reports|programs)\./.test(p));
    const uncovered = all.filter((p) => !targeted.has(p) && !listing.has(p));
    expect(uncovered, `add an isolation case for: ${uncovered.join(", ")}`).toEqual([]);
  });

  it("never jumps to an alpha report, in any spelling of its key", async () => {
    for (const q of [key, key.toLowerCase(), ` ${key} `])
      expect(await other.reports.jump({ q })).toEqual({ key: null });
  });

  it("never lists alpha reports, whatever the filters", async () => {
    const inputs: Parameters<Caller["reports"]["list"]>[0][] = [
      {},
      { view: "all" },
      { program: "alpha", view: "all" },
      { program: "alpha", states: ["new", "acknowledged", "spam", "triaged", "informative", "duplicate"] },
      { q: key, view: "all" },
      { q: key.toLowerCase(), view: "all" },
      { q: "isolation target", view: "all" },
      { assignee: f.users.triager.id, view: "all" },
      { severities: ["critical"], view: "all" },
      { sort: "updated", view: "all", pageSize: 200 },
    ];
    for (const input of inputs) {
      const res = await other.reports.list(input);
      const leaked = res.rows.filter((r) => r.key.startsWith("ALPHA-") || r.programSlug === "alpha");
      expect(leaked, JSON.stringify(input)).toEqual([]);
      expect(res.total, JSON.stringify(input)).toBe(res.rows.length);
      // Counts cover beta only: BETA-1 is its one report.
      const counted = Object.values(res.counts ?? { uncounted: Number.POSITIVE_INFINITY }).reduce((a, b) => a + b, 0);
      expect(counted, JSON.stringify(input)).toBeLessThanOrEqual(1);
    }
    expect(await other.reports.list({ program: "alpha", view: "all" })).toMatchObject({
      rows: [],
      total: 0,
      counts: {},
    });
  });

  it("sees only beta among programs, and in auth.me", async () => {
    expect((await other.programs.list()).map((p) => p.slug)).toEqual(["beta"]);
    const me = await other.auth.me();
    expect(me?.memberships.map((m) => m.slug)).toEqual(["beta"]);
  });

  it("cannot link a beta report to an alpha original, nor assign alpha staff", async () => {
    const before = reportSnapshot(db, "BETA-1");
    const dup = await expectTRPCError(
      other.reports.transition({ key: "BETA-1", action: "close_duplicate", duplicateOf: key }),
      "BAD_REQUEST",
    );
    expect(fieldErrorsOf(dup)).toHaveProperty("duplicateOf");
    // The answer for an existing alpha key is the answer for a key that does not exist.
    const none = await expectTRPCError(
      other.reports.transition({ key: "BETA-1", action: "close_duplicate", duplicateOf: "ALPHA-99999" }),
      "BAD_REQUEST",
    );
    expect(dup.message.replace(key, "KEY")).toBe(none.message.replace("ALPHA-99999", "KEY"));
    const assign = await expectTRPCError(
      other.reports.assign({ key: "BETA-1", assigneeId: f.users.triager.id }),
      "BAD_REQUEST",
    );
    expect(fieldErrorsOf(assign)).toHaveProperty("assigneeId");
    expect(reportSnapshot(db, "BETA-1")).toEqual(before);
  });
});

describe("emails to the reporter", () => {
  const emailsOf = (key: string) =>
    (
      db.$client
        .prepare(
          "SELECT o.event, o.target, o.status, o.payload_json FROM outbox o JOIN reports r ON r.id = o.report_id WHERE r.key = ? AND o.channel = 'email' ORDER BY o.id",
        )
        .all(key) as { event: string; target: string; status: string; payload_json: string }[]
    ).map((r) => ({
      ...r,
      payload: JSON.parse(r.payload_json) as {
        subject: string;
        text: string;
        html?: string;
        sealed?: Record<string, string>;
      },
    }));
  /** The due of one of the report's clocks, as the dashboard lists it, written as the emails write it (program zone: UTC). */
  const dueText = async (key: string, clock: string) => {
    const c = (await triager.reports.byKey({ key })).clocks.find((x) => x.name === clock);
    if (!c?.due) throw new Error(`no ${clock} clock on ${key}`);
    return formatZonedInstant(c.due, "UTC");
  };

  it("acknowledging queues an acknowledgement naming the assessment promise; triage minutes later a different mail naming severity and the proposed date", async () => {
    const key = await freshReport({
      cvssVector: CVSS_HIGH,
      reporter: { name: "Rae", handle: null, email: "rae@research.test" },
    });
    // A report sealed with a status link (the intake path stores one): every email carries it sealed beside the slot.
    db.$client.prepare("UPDATE reports SET status_link_sealed = 'sealed-link-v1' WHERE key = ?").run(key);
    expect(emailsOf(key)).toEqual([]);

    tick();
    await triager.reports.transition({ key, action: "acknowledge" });
    const [ack, ...rest] = emailsOf(key);
    expect(rest).toEqual([]);
    expect(ack).toMatchObject({ event: "report.state", target: "rae@research.test", status: "pending" });
    expect(ack!.payload.subject).toBe(`[${key}] Your report is acknowledged`);
    expect(ack!.payload.text).toContain(
      `What comes next: We will finish the initial assessment by ${await dueText(key, "assess")}.`,
    );
    expect(ack!.payload.text).toContain("[status link]");
    expect(ack!.payload.html).toContain('href="[status link]"');
    expect(ack!.payload.sealed).toEqual({ statusUrl: "sealed-link-v1" });

    clock.advance(2 * 60_000);
    await triager.reports.transition({ key, action: "triage" });
    const mails = emailsOf(key);
    // One email for the triage: the proposed disclosure date rides in it rather than in a mail of its own.
    expect(mails).toHaveLength(2);
    const triaged = mails[1]!.payload;
    expect(triaged.subject).toBe(`[${key}] Confirmed: high severity`);
    expect(triaged.subject).not.toBe(ack!.payload.subject);
    expect(triaged.text).toContain("rated its severity high");
    const plan = rowOf(key);
    expect(plan.disclosure_state).toBe("proposed");
    expect(triaged.text).toContain(
      `We propose to disclose it publicly on ${formatZonedInstant(new Date(plan.disclosure_target_at as number), "UTC")}.`,
    );
    expect(triaged.text).toContain(
      `What comes next: We will send you the next status update by ${await dueText(key, "update")}.`,
    );
    expect(triaged.html).toContain("Confirmed: high severity");
  });

  it("fixing and fixed say so, with the version and the disclosure date next; a staff message is escaped in the HTML", async () => {
    const key = await freshReport({
      cvssVector: CVSS_HIGH,
      reporter: { name: "Rae", handle: null, email: "rae2@research.test" },
    });
    tick();
    await triager.reports.transition({ key, action: "triage" });
    tick();
    await triager.reports.transition({ key, action: "start_fix" });
    tick();
    await triager.reports.transition({ key, action: "mark_fixed", fixedVersion: "4.2.0" });
    tick();
    await triager.reports.addMessage({ key, kind: "to_reporter", body: "Patched: <script>alert(1)</script>" });
    const [, fixing, fixed, message] = emailsOf(key).map((m) => m.payload);
    expect(fixing!.subject).toBe(`[${key}] A fix is in progress`);
    expect(fixing!.text).toContain(`We will send you the next status update by ${await dueText(key, "update")}.`);
    expect(fixed!.subject).toBe(`[${key}] Fixed in version 4.2.0`);
    expect(fixed!.text).toContain(
      `The report is to be disclosed publicly on ${formatZonedInstant(new Date(rowOf(key).disclosure_target_at as number), "UTC")}.`,
    );
    // Made by staff, the report has no status link: the emails say where to find the one they have.
    expect(fixed!.text).not.toContain("[status link]");
    expect(message!.text).toContain("Patched: <script>alert(1)</script>");
    expect(message!.html).toContain("Patched: &lt;script&gt;alert(1)&lt;/script&gt;");
    expect(message!.html).not.toContain("<script");
  });

  it("a second identical email while the first still waits is not queued; spam closes without one", async () => {
    const key = await freshReport({ reporter: { name: "Rae", handle: null, email: "rae3@research.test" } });
    tick();
    await triager.reports.addMessage({ key, kind: "to_reporter", body: "Could you send the request you used?" });
    await triager.reports.addMessage({ key, kind: "to_reporter", body: "Could you send the request you used?" });
    expect(emailsOf(key)).toHaveLength(1);
    // The thread keeps both: only the mail is not repeated.
    expect((await triager.reports.byKey({ key })).messages).toHaveLength(2);
    tick();
    await triager.reports.transition({ key, action: "close_spam" });
    expect(emailsOf(key)).toHaveLength(1);
  });
});

describe("notifications.mailStatus", () => {
  it("tells staff whether SMTP is configured and admins how many emails of their programs wait", async () => {
    const waiting = (
      db.$client
        .prepare(
          "SELECT count(*) AS n FROM outbox WHERE channel = 'email' AND status = 'pending' AND (program_id IS NULL OR program_id IN (?, ?))",
        )
        .get(f.programs.alpha.id, f.programs.beta.id) as { n: number }
    ).n;
    expect(waiting).toBeGreaterThan(0);
    expect(await admin.notifications.mailStatus()).toEqual({ smtpConfigured: false, waiting });
    // A triager learns that mail waits (for the message notice), not the outbox's size.
    expect(await triager.notifications.mailStatus()).toEqual({ smtpConfigured: false, waiting: null });
    await expectTRPCError(lead.notifications.mailStatus(), "FORBIDDEN");
    const token = await signInToken(db, f.users.admin, clock.now);
    const mailing = createCaller(
      createContext({ db, sessionToken: token, now: clock.now, ...linkContext, mailConfigured: true }),
    );
    expect(await mailing.notifications.mailStatus()).toMatchObject({ smtpConfigured: true });
  });
});

describe("audit log", () => {
  it("every change above is in an intact hash chain", () => {
    const result = verifyAudit(db);
    expect(result).toMatchObject({ ok: true, entries: auditCount(db) });
    expect(result.entries).toBeGreaterThan(50);
  });

  it("the database refuses edits and deletions of the audit log", () => {
    expect(() => db.$client.prepare("UPDATE audit_log SET action = 'x' WHERE id = 1").run()).toThrow(/append-only/);
    expect(() => db.$client.prepare("DELETE FROM audit_log WHERE id = 1").run()).toThrow(/append-only/);
    expect(verifyAudit(db).ok).toBe(true);
  });
});
