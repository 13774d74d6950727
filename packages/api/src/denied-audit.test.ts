import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DENIED_PER_USER, DeniedLimiter, objectOf } from "./denied-audit.ts";
import {
  auditRows,
  callerFor,
  expectTRPCError,
  type Fixture,
  makeClock,
  makeTestDb,
  seedFixture,
  type TestDb,
} from "./test-support.ts";

let t: TestDb;
let f: Fixture;
const clock = makeClock("2026-04-01T09:00:00Z");

beforeAll(async () => {
  t = makeTestDb();
  f = await seedFixture(t.db, clock.now);
});
afterAll(() => t.cleanup());

const denied = () =>
  t.db.$client
    .prepare("SELECT actor_label, action, entity_id, data_json FROM audit_log WHERE action LIKE 'authz.%' ORDER BY id")
    .all() as { actor_label: string; action: string; entity_id: string; data_json: string }[];

describe("denied attempts are audited", () => {
  it("a report of another program: answered as missing, recorded with who, what and which object", async () => {
    const other = await callerFor(t.db, f.users.otherTriager, clock.now);
    await expectTRPCError(other.reports.byKey({ key: "ALPHA-1" }), "NOT_FOUND");
    expect(denied()).toEqual([
      {
        actor_label: "triager@beta.test",
        action: "authz.denied",
        entity_id: "reports.byKey",
        data_json: JSON.stringify({ code: "NOT_FOUND", object: "key=ALPHA-1" }),
      },
    ]);
    // A report that does not exist is a typo, not an attempt: nothing recorded.
    await expectTRPCError(other.reports.byKey({ key: "ALPHA-999" }), "NOT_FOUND");
    expect(denied()).toHaveLength(1);
  });

  it("a procedure the role may not call is recorded as FORBIDDEN", async () => {
    const lead = await callerFor(t.db, f.users.leadership, clock.now);
    await expectTRPCError(lead.reports.transition({ key: "ALPHA-1", action: "acknowledge" }), "FORBIDDEN");
    expect(denied().at(-1)).toMatchObject({ action: "authz.denied", entity_id: "reports.transition" });
    expect(auditRows(t.db, "ALPHA-1").some((r) => r.action === "report.acknowledge")).toBe(false);
  });

  it("a flood is cut at the per-user limit with one entry saying so", async () => {
    const other = await callerFor(t.db, f.users.otherTriager, clock.now);
    const before = denied().filter((r) => r.actor_label === "triager@beta.test").length;
    for (let i = 0; i < DENIED_PER_USER + 10; i++) {
      await expectTRPCError(other.reports.byKey({ key: "ALPHA-2" }), "NOT_FOUND");
    }
    const mine = denied().filter((r) => r.actor_label === "triager@beta.test");
    expect(mine).toHaveLength(DENIED_PER_USER + 1);
    expect(mine.length - before).toBe(DENIED_PER_USER + 1 - before);
    expect(mine.at(-1)?.action).toBe("authz.denied_suppressed");
  });
});

describe("the limiter", () => {
  it("records up to the limit, then one suppression, then nothing until the window ends", () => {
    const l = new DeniedLimiter(3, 100, 1_000);
    expect([1, 2, 3, 4, 5].map(() => l.decide(1, 0))).toEqual([
      "record",
      "record",
      "record",
      "record_suppression",
      "skip",
    ]);
    expect(l.decide(2, 10)).toBe("record");
    expect(l.decide(1, 1_000)).toBe("record");
  });

  it("caps the total across users", () => {
    const l = new DeniedLimiter(100, 2, 1_000);
    expect([1, 2, 3, 4].map((u) => l.decide(u, 0))).toEqual(["record", "record", "record_suppression", "skip"]);
  });

  it("names the object from the raw input, capped", () => {
    expect(objectOf({ key: "VOICE-1", title: "x" })).toBe("key=VOICE-1");
    expect(objectOf({ program: "a".repeat(500) })?.length).toBe("program=".length + 100);
    expect(objectOf("nope")).toBeNull();
  });
});
