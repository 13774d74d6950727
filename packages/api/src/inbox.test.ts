import type { Db } from "@embargo/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Caller,
  CVSS_CRITICAL,
  callerFor,
  expectTRPCError,
  type Fixture,
  makeClock,
  makeTestDb,
  seedFixture,
  type TestDb,
} from "./test-support.ts";

// The inbox's default order and the search box's jump to a key, through the
// router as the dashboard calls them. The default policy promises an
// acknowledgement within 24 hours, so a report received more than a day ago
// and not acknowledged is breached, and one received now is due tomorrow.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const clock = makeClock("2026-03-02T09:00:00.000Z");
const T0 = clock.now();

let t: TestDb;
let db: Db;
let f: Fixture;
let admin: Caller;
let triager: Caller;
let other: Caller;
let lead: Caller;

/** Alpha reports beside the fixture's ALPHA-1 (unrated) and ALPHA-2 (high), both received at T0. */
const K: Record<"oldCritical" | "oldLow" | "newCritical" | "newLow" | "spam", string> = {
  oldCritical: "",
  oldLow: "",
  newCritical: "",
  newLow: "",
  spam: "",
};

async function report(title: string, receivedAgoMs: number, severity: "critical" | "low" | null) {
  const { key } = await admin.reports.create({
    programSlug: "alpha",
    title,
    description: "Details of the problem.",
    receivedAt: new Date(T0.getTime() - receivedAgoMs),
    ...(severity === "critical" ? { cvssVector: CVSS_CRITICAL } : {}),
  });
  if (severity === "low") await admin.reports.setSeverity({ key, severity: "low", reason: "Needs a local account" });
  return key;
}

beforeAll(async () => {
  t = makeTestDb();
  db = t.db;
  f = await seedFixture(db, clock.now);
  admin = await callerFor(db, f.users.admin, clock.now);
  triager = await callerFor(db, f.users.triager, clock.now);
  other = await callerFor(db, f.users.otherTriager, clock.now);
  lead = await callerFor(db, f.users.leadership, clock.now);
  // Acknowledgement due T0-9d (breached long ago), low.
  K.oldLow = await report("Verbose error page", 10 * DAY, "low");
  // Due T0-2d: breached more recently, but critical.
  K.oldCritical = await report("Remote code execution in the importer", 3 * DAY, "critical");
  // Due T0+23h and T0+22h: still ahead; the low one is nearer.
  K.newCritical = await report("Authentication bypass on the API", HOUR, "critical");
  K.newLow = await report("Missing security header", 2 * HOUR, "low");
  K.spam = await report("Buy followers", 5 * DAY, null);
  await admin.reports.transition({ key: K.spam, action: "close_spam" });
});

afterAll(() => t?.cleanup());

const keysOf = (res: { rows: { key: string }[] }) => res.rows.map((r) => r.key);

describe("the inbox's default order: most urgent first", () => {
  it("puts breached before due, then critical to low, then the nearest deadline", async () => {
    clock.set(T0);
    const page = await triager.reports.list({});
    expect(keysOf(page)).toEqual([
      K.oldCritical, // breached, critical
      K.oldLow, // breached, low (breached for longer, but less severe)
      K.newCritical, // due, critical
      f.reports.alpha2, // due, high
      K.newLow, // due, low (the nearest deadline of all four, still after the more severe)
      f.reports.alpha1, // due, unrated
    ]);
    // The nearest-deadline order is still there when asked for.
    expect(keysOf(await triager.reports.list({ sort: "deadline" }))).toEqual([
      K.oldLow,
      K.oldCritical,
      K.newLow,
      K.newCritical,
      f.reports.alpha2,
      f.reports.alpha1,
    ]);
    // Reports without a running clock come last.
    expect(keysOf(await triager.reports.list({ view: "all" })).at(-1)).toBe(K.spam);
  });

  it("judges breached at the request's instant: a deadline that passes moves its report up", async () => {
    clock.set(new Date(T0.getTime() + 23 * HOUR + 30 * 60_000));
    expect(keysOf(await triager.reports.list({}))).toEqual([
      K.oldCritical,
      K.newCritical, // breached half an hour ago: now among the breached criticals
      K.oldLow,
      K.newLow,
      f.reports.alpha2,
      f.reports.alpha1,
    ]);
    clock.set(T0);
  });

  it("names the promise each next deadline belongs to, and the program's zone", async () => {
    const { rows } = await triager.reports.list({});
    for (const row of rows) {
      expect(row.nextClock).toBe("acknowledge");
      expect(row.programKeyPrefix).toBe("ALPHA");
      expect(row.programTimeZone).toBe("UTC");
    }
    await admin.reports.transition({ key: K.oldCritical, action: "acknowledge" });
    const acked = (await triager.reports.list({})).rows.find((r) => r.key === K.oldCritical);
    // Acknowledged: the next promise is the assessment (5 business days) or the fix (7 days), whichever is first.
    expect(["assess", "resolve"]).toContain(acked?.nextClock);
  });
});

describe("reports.jump: a search that is exactly a key the caller may read", () => {
  it("answers the key, in any case and with spaces around it", async () => {
    expect(await triager.reports.jump({ q: K.newLow.toLowerCase() })).toEqual({ key: K.newLow });
    expect(await triager.reports.jump({ q: `  ${K.newLow}  ` })).toEqual({ key: K.newLow });
    expect(await lead.reports.jump({ q: "beta-1" })).toEqual({ key: "BETA-1" });
  });

  it("answers null for a key in another program exactly as for one that does not exist", async () => {
    expect(await other.reports.jump({ q: K.newLow })).toEqual({ key: null });
    expect(await other.reports.jump({ q: "ALPHA-999" })).toEqual({ key: null });
    expect(await triager.reports.jump({ q: "beta-1" })).toEqual({ key: null });
  });

  it("answers null for anything that is not a key, so the inbox searches instead", async () => {
    for (const q of ["", "alpha", "ALPHA-", "ALPHA-0", `${f.reports.alpha1} injection`, "alpha 1"]) {
      expect(await triager.reports.jump({ q })).toEqual({ key: null });
    }
    await expectTRPCError(triager.reports.jump({ q: "x".repeat(201) }), "BAD_REQUEST");
  });
});
