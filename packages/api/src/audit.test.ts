/**
 * The Audit page's procedures on a real SQLite file: who reads which entries,
 * filters, the CSV with its chain hashes, and Verify finding an edit made
 * behind the application's back (and keeping the outcome).
 */
import { createUser, recordAuditHead } from "@embargo/db";
import { parse } from "csv-parse/sync";
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

let t: TestDb;
let f: Fixture;
let admin: Caller;
let root: Caller;
const clock = makeClock("2026-04-01T09:00:00Z");

beforeAll(async () => {
  t = makeTestDb();
  f = await seedFixture(t.db, clock.now);
  admin = await callerFor(t.db, f.users.admin, clock.now);
  await admin.reports.transition({ key: "ALPHA-1", action: "acknowledge" });
  await admin.reports.transition({ key: "BETA-1", action: "acknowledge" });
  const rootUser = await createUser(
    t.db,
    { email: "root@embargo.test", name: "Root", password: "root-password-1234", memberships: [], adminOfAll: true },
    { userId: null, label: "test" },
    clock.now(),
  );
  root = await callerFor(
    t.db,
    { ...rootUser, email: "root@embargo.test", password: "root-password-1234" } as never,
    clock.now,
  );
  recordAuditHead(t.db, t.file, clock.now());
});
afterAll(() => t.cleanup());

describe("reading the audit log", () => {
  it("a program admin reads their programs' entries, newest first; an administrator of all reads everything", async () => {
    const mine = await admin.audit.list({});
    expect(mine.rows.length).toBeGreaterThan(0);
    expect(mine.rows.every((r) => r.program === "Alpha Product" || r.program === "Beta Product")).toBe(true);
    const ids = mine.rows.map((r) => r.id);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    const all = await root.audit.list({});
    // Installation-wide entries (sign-ins, user creation) have no program: only the administrator of all sees them.
    expect(all.rows.some((r) => r.program === null && r.action === "auth.sign_in")).toBe(true);
    expect(mine.rows.some((r) => r.program === null)).toBe(false);
  });

  it("filters by action prefix, actor, program and period, and pages by id", async () => {
    const acks = await admin.audit.list({ action: "report.acknowledge" });
    expect(acks.rows.map((r) => r.entityId).sort()).toEqual(["ALPHA-1", "BETA-1"]);
    const alphaOnly = await admin.audit.list({ action: "report.", program: "alpha" });
    expect(alphaOnly.rows.every((r) => r.program === "Alpha Product")).toBe(true);
    expect(
      (await admin.audit.list({ actor: "ADMIN@ALPHA" })).rows.every((r) => r.actorLabel === "admin@alpha.test"),
    ).toBe(true);
    expect((await admin.audit.list({ from: new Date("2027-01-01T00:00:00Z") })).rows).toEqual([]);
    const first = await admin.audit.list({ limit: 2 });
    expect(first.rows).toHaveLength(2);
    expect(first.nextBeforeId).toBe(first.rows[1]?.id);
    const second = await admin.audit.list({ limit: 2, beforeId: first.nextBeforeId ?? undefined });
    expect(second.rows[0]?.id).toBeLessThan(first.rows[1]?.id ?? 0);
  });

  it("a program the admin does not administer answers as if it did not exist", async () => {
    const triager = await callerFor(t.db, f.users.triager, clock.now);
    await expectTRPCError(triager.audit.list({}), "FORBIDDEN");
    await expectTRPCError(admin.audit.list({ program: "gamma" }), "NOT_FOUND");
  });

  it("a malformed filter is refused naming the field", async () => {
    const e = await expectTRPCError(admin.audit.list({ action: "x; drop table" }), "BAD_REQUEST");
    expect(fieldErrorsOf(e)).toHaveProperty("action");
  });

  it("exports the filtered log as CSV with the chain hashes", async () => {
    const out = await admin.audit.csv({ action: "report.acknowledge" });
    const [header, ...rows] = parse(out.csv) as string[][];
    expect(header).toContain("hash");
    expect(rows).toHaveLength(2);
    const listed = await admin.audit.list({ action: "report.acknowledge" });
    expect(rows.map((r) => r[header!.indexOf("hash")])).toEqual(listed.rows.map((r) => r.hash));
    expect(out.truncated).toBe(false);
    expect(out.filename).toMatch(/^embargo-audit-\d{4}-\d{2}-\d{2}\.csv$/);
  });
});

describe("Verify", () => {
  it("only an administrator of all programs may run it", async () => {
    await expectTRPCError(admin.audit.verify(), "FORBIDDEN");
  });

  it("passes an intact log, then names an edit made behind the application's back and keeps the outcome", async () => {
    const ok = await root.audit.verify();
    expect(ok).toMatchObject({ ok: true, by: "admin" });
    expect(await root.audit.lastVerification()).toMatchObject({ ok: true });
    t.db.$client.exec("DROP TRIGGER audit_log_no_update");
    t.db.$client.prepare("UPDATE audit_log SET actor_label = 'mallory@evil.test' WHERE id = 3").run();
    const bad = await root.audit.verify();
    expect(bad).toMatchObject({ ok: false, problem: "edited", atId: 3 });
    expect((await root.audit.lastVerification())?.message).toMatch(/entry #3/);
  });
});
