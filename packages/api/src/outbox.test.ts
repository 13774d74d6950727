import { createUser, type Db, enqueueEmail, schema } from "@embargo/db";
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
  type TestUser,
} from "./test-support.ts";

// The admin's outbox: paged on the server, newest first, filtered by status,
// kind (email or webhook) and recipient, with the total the filters match.

const clock = makeClock("2026-03-02T09:00:00.000Z");
const MINUTE = 60_000;

let t: TestDb;
let db: Db;
let f: Fixture;
let admin: Caller;
let betaAdmin: Caller;
let triager: Caller;

interface Planted {
  id: number;
  programId: number | null;
  channel: "email" | "webhook";
  status: "pending" | "sent" | "dead";
  target: string;
  createdAt: number;
}
let planted: Planted[] = [];

function plant(programId: number | null, channel: "email" | "webhook", target: string, at: Date) {
  if (channel === "email") {
    enqueueEmail(db, { event: "report.state", reportId: null, programId, to: target, subject: "s", text: "t" }, at);
  } else {
    db.insert(schema.outbox)
      .values({
        channel,
        event: "report.created",
        reportId: null,
        programId,
        target,
        payloadJson: "{}",
        status: "pending",
        nextAttemptAt: at,
        createdAt: at,
      })
      .run();
  }
}

beforeAll(async () => {
  t = makeTestDb();
  db = t.db;
  f = await seedFixture(db, clock.now);
  // The fixture's own reports queued nothing we count on: start from an empty outbox.
  db.delete(schema.outbox).run();
  const beta: TestUser = { id: 0, email: "admin@beta.test", name: "Bo Beta-Admin", password: "beta-admin-password-1" };
  beta.id = (
    await createUser(
      db,
      { ...beta, memberships: [{ programId: f.programs.beta.id, role: "admin" }] },
      { userId: null, label: "test" },
      clock.now(),
    )
  ).id;
  admin = await callerFor(db, f.users.admin, clock.now);
  betaAdmin = await callerFor(db, beta, clock.now);
  triager = await callerFor(db, f.users.triager, clock.now);
  const { alpha, beta: betaProgram } = f.programs;
  for (let i = 0; i < 40; i++) {
    // Every third row shares its instant with the one before: id breaks the tie.
    const at = new Date(clock.now().getTime() + Math.floor(i - i / 3) * MINUTE);
    const programId = i % 8 === 0 ? null : i % 3 === 0 ? betaProgram.id : alpha.id;
    const channel = i % 5 === 0 ? "webhook" : "email";
    const target = channel === "webhook" ? `https://hooks.example/${i}` : `Reporter_${i}@Example.test`;
    plant(programId, channel, target, at);
  }
  // One address with characters LIKE would otherwise treat as wildcards.
  plant(alpha.id, "email", "50%_off@promo.example", new Date(clock.now().getTime() + 60 * MINUTE));
  const all = db.select().from(schema.outbox).all();
  for (const row of all) {
    const status = row.id % 4 === 0 ? "sent" : row.id % 7 === 0 ? "dead" : "pending";
    db.update(schema.outbox).set({ status }).where(eq(schema.outbox.id, row.id)).run();
  }
  planted = db
    .select()
    .from(schema.outbox)
    .all()
    .map((r) => ({ ...r, createdAt: r.createdAt.getTime() }));
});

afterAll(() => t?.cleanup());

/** What a caller administering `programIds` should see, newest first. */
const visible = (programIds: number[], keep: (r: Planted) => boolean = () => true) =>
  planted
    .filter((r) => (r.programId === null || programIds.includes(r.programId)) && keep(r))
    .sort((a, b) => b.createdAt - a.createdAt || b.id - a.id)
    .map((r) => r.id);

type OutboxInput = Parameters<Caller["notifications"]["outbox"]>[0];
async function everyPage(caller: Caller, input: OutboxInput, pageSize: number) {
  const ids: number[] = [];
  const totals = new Set<number>();
  for (let page = 1; page < 50; page++) {
    const res = await caller.notifications.outbox({ ...input, page, pageSize });
    totals.add(res.total);
    expect(res).toMatchObject({ page, pageSize });
    if (res.rows.length === 0) break;
    expect(res.rows.length).toBeLessThanOrEqual(pageSize);
    ids.push(...res.rows.map((r) => r.id));
  }
  return { ids, totals: [...totals] };
}

describe("notifications.outbox: pages", () => {
  it("pages newest first, id breaking ties, never repeating or skipping a row", async () => {
    const want = visible([f.programs.alpha.id, f.programs.beta.id]);
    expect(want.length).toBe(41);
    const { ids, totals } = await everyPage(admin, {}, 7);
    expect(ids).toEqual(want);
    expect(totals).toEqual([41]);
  });

  it("sends 50 rows by default, with the total", async () => {
    const res = await admin.notifications.outbox({});
    expect(res.rows.length).toBe(41);
    expect(res).toMatchObject({ total: 41, page: 1, pageSize: 50 });
  });

  it("an admin of one program sees its deliveries and the instance-wide ones only", async () => {
    const want = visible([f.programs.beta.id]);
    expect(want.length).toBeGreaterThan(5);
    expect(want.length).toBeLessThan(41);
    const { ids, totals } = await everyPage(betaAdmin, {}, 4);
    expect(ids).toEqual(want);
    expect(totals).toEqual([want.length]);
  });

  it("is for admins only", async () => {
    await expectTRPCError(triager.notifications.outbox({}), "FORBIDDEN");
  });
});

describe("notifications.outbox: filters", () => {
  const both = () => [f.programs.alpha.id, f.programs.beta.id];

  it("filters by status, kind and recipient, alone and together, counting the matches", async () => {
    const cases: [OutboxInput, (r: Planted) => boolean][] = [
      [{ status: "pending" }, (r) => r.status === "pending"],
      [{ status: "sent" }, (r) => r.status === "sent"],
      [{ status: "dead" }, (r) => r.status === "dead"],
      [{ channel: "webhook" }, (r) => r.channel === "webhook"],
      [{ channel: "email", status: "pending" }, (r) => r.channel === "email" && r.status === "pending"],
      // Any case, anywhere in the address.
      [{ recipient: "REPORTER_1" }, (r) => r.target.toLowerCase().includes("reporter_1")],
      [{ recipient: " hooks.example/2 " }, (r) => r.target.includes("hooks.example/2")],
      [{ recipient: "example.test", status: "sent" }, (r) => r.target.includes("Example.test") && r.status === "sent"],
    ];
    for (const [input, keep] of cases) {
      const want = visible(both(), keep);
      expect(want.length, JSON.stringify(input)).toBeGreaterThan(0);
      const { ids, totals } = await everyPage(admin, input, 5);
      expect(ids, JSON.stringify(input)).toEqual(want);
      expect(totals, JSON.stringify(input)).toEqual([want.length]);
    }
  });

  it("matches % and _ in a recipient literally", async () => {
    expect((await admin.notifications.outbox({ recipient: "50%_" })).rows.map((r) => r.target)).toEqual([
      "50%_off@promo.example",
    ]);
    expect((await admin.notifications.outbox({ recipient: "%" })).total).toBe(1);
    // As a wildcard "r_p" would match every "Reporter"; literally it matches nothing.
    expect((await admin.notifications.outbox({ recipient: "r_p" })).total).toBe(0);
  });

  it("answers an empty page past the last one, with the total", async () => {
    const res = await admin.notifications.outbox({ page: 99, pageSize: 10 });
    expect(res.rows).toEqual([]);
    expect(res.total).toBe(41);
  });
});

describe("notifications.outbox: bad input gets a field error", () => {
  it.each([
    [{ pageSize: 0 }, "pageSize", "Page size must be at least 1"],
    [{ pageSize: 201 }, "pageSize", "Page size must be at most 200"],
    [{ pageSize: 2.5 }, "pageSize", "Page size must be a whole number"],
    [{ pageSize: "ten" }, "pageSize", "Page size must be a number"],
    [{ page: 0 }, "page", "Page starts at 1"],
    [{ status: "failed" }, "status", "Status must be pending, sent or dead"],
    [{ channel: "sms" }, "channel", "Kind must be email or webhook"],
    [{ recipient: "x".repeat(201) }, "recipient", "Recipient must be at most 200 characters"],
  ])("%j -> %s", async (input, field, message) => {
    const err = await expectTRPCError(admin.notifications.outbox(input as OutboxInput), "BAD_REQUEST");
    expect(fieldErrorsOf(err)).toEqual({ [field]: message });
  });
});
