/** Creating, editing and archiving programs (issue 10 §2). */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseSecurityMd, policyFromParsed } from "@embargo/core";
import { createUser, schema } from "@embargo/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "./root.ts";
import {
  auditCount,
  auditRows,
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

const fixtureFile = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../core/fixtures/securitymd/nodejs__node.md",
);

const clock = makeClock();
let t: TestDb;
let f: Fixture;
let root: TestUser;
let asRoot: Caller;

beforeAll(async () => {
  t = makeTestDb();
  f = await seedFixture(t.db, clock.now);
  const row = await createUser(
    t.db,
    { email: "root@example.com", name: "Root Admin", password: "root-password-1234", memberships: [] },
    { userId: null, label: "test" },
    clock.now(),
  );
  t.db.update(schema.users).set({ adminOfAll: true }).where(eq(schema.users.id, row.id)).run();
  root = { id: row.id, email: row.email, name: "Root Admin", password: "root-password-1234" };
  asRoot = await callerFor(t.db, root, clock.now);
});
afterAll(() => t?.cleanup());

const membershipsOfProgram = (programId: number) =>
  t.db
    .select({ userId: schema.memberships.userId, role: schema.memberships.role })
    .from(schema.memberships)
    .where(eq(schema.memberships.programId, programId))
    .all();

describe("programs.create", () => {
  it("creates a program from a parsed SECURITY.md; the creator and every admin of all become its admins", async () => {
    const draft = policyFromParsed(parseSecurityMd(readFileSync(fixtureFile, "utf8")));
    const before = auditCount(t.db);
    const r = await asRoot.programs.create({
      name: "Web Framework",
      slug: "web-framework",
      keyPrefix: "WEB",
      description: "The HTTP framework",
      versionScheme: "semver",
      timeZone: "Europe/Berlin",
      policy: draft,
    });
    expect(r).toMatchObject({ slug: "web-framework", keyPrefix: "WEB" });
    const row = t.db.select().from(schema.programs).where(eq(schema.programs.id, r.id)).get()!;
    expect(row.policy.calendar.timeZone).toBe("Europe/Berlin");
    expect(row.policy.acknowledge).toEqual(draft.acknowledge);
    // The file's CNA address is for escalation when Node.js does not answer: no report or emergency contact.
    expect(row.policy.contacts.security).toEqual([]);
    expect(row.policy.contacts.emergency).toEqual([]);
    expect(row.description).toBe("The HTTP framework");
    expect(membershipsOfProgram(r.id)).toEqual([{ userId: root.id, role: "admin" }]);
    expect(auditCount(t.db)).toBe(before + 1);
    expect(auditRows(t.db, "web-framework").map((a) => a.action)).toEqual(["program.create"]);
    // The creator sees it at once in their list, open.
    const mine = await (await callerFor(t.db, root, clock.now)).programs.list();
    expect(mine.find((p) => p.slug === "web-framework")).toMatchObject({ archivedAt: null, reportCount: 0 });
  });

  it("without a policy starts from the default one", async () => {
    const r = await asRoot.programs.create({ name: "Blank", slug: "blank", keyPrefix: "BLANK" });
    const row = t.db.select().from(schema.programs).where(eq(schema.programs.id, r.id)).get()!;
    expect(row.policy.acknowledge).toEqual({ amount: 24, unit: "hours" });
    expect(row.policy.calendar.timeZone).toBe("UTC");
    expect(row.versionScheme).toBe("semver");
  });

  it("refuses a triager and an admin of some programs: only admins of all create", async () => {
    const triager = await callerFor(t.db, f.users.triager, clock.now);
    await expectTRPCError(triager.programs.create({ name: "X", slug: "xx", keyPrefix: "XX" }), "FORBIDDEN");
    const admin = await callerFor(t.db, f.users.admin, clock.now);
    await expectTRPCError(admin.programs.create({ name: "X", slug: "xx", keyPrefix: "XX" }), "FORBIDDEN");
  });

  it("names the field for a bad or taken slug or prefix, and changes nothing", async () => {
    const before = auditCount(t.db);
    const programsBefore = t.db.select().from(schema.programs).all().length;
    const cases: [Record<string, string>, string, string][] = [
      [{ slug: "Bad Slug", keyPrefix: "OKAY" }, "slug", "BAD_REQUEST"],
      [{ slug: "x", keyPrefix: "OKAY" }, "slug", "BAD_REQUEST"],
      [{ slug: "fine-slug", keyPrefix: "ab" }, "keyPrefix", "BAD_REQUEST"],
      [{ slug: "fine-slug", keyPrefix: "TOOLONGPREFIX" }, "keyPrefix", "BAD_REQUEST"],
      [{ slug: "alpha", keyPrefix: "OKAY" }, "slug", "CONFLICT"],
      [{ slug: "fine-slug", keyPrefix: "ALPHA" }, "keyPrefix", "CONFLICT"],
    ];
    for (const [input, field, code] of cases) {
      const err = await expectTRPCError(
        asRoot.programs.create({ name: "Name", ...input } as { name: string; slug: string; keyPrefix: string }),
        code as "BAD_REQUEST",
      );
      expect(Object.keys(fieldErrorsOf(err)), JSON.stringify(input)).toContain(field);
    }
    const tz = await expectTRPCError(
      asRoot.programs.create({ name: "N", slug: "tz", keyPrefix: "TZ", timeZone: "Mars/Olympus" }),
      "BAD_REQUEST",
    );
    expect(fieldErrorsOf(tz)).toHaveProperty("timeZone");
    expect(auditCount(t.db)).toBe(before);
    expect(t.db.select().from(schema.programs).all().length).toBe(programsBefore);
  });
});

describe("programs.update / archive / unarchive", () => {
  it("renames and describes; slug and key prefix are fixed once reports exist", async () => {
    const admin = await callerFor(t.db, f.users.admin, clock.now);
    await admin.programs.update({
      program: "alpha",
      name: "Alpha Suite",
      description: "All of it",
      versionScheme: "calver",
    });
    const row = t.db.select().from(schema.programs).where(eq(schema.programs.slug, "alpha")).get()!;
    expect(row).toMatchObject({ name: "Alpha Suite", description: "All of it", versionScheme: "calver" });
    const audit = auditRows(t.db, "alpha").filter((a) => a.action === "program.update");
    expect(JSON.parse(audit.at(-1)!.data_json).changes.name).toEqual({ before: "Alpha Product", after: "Alpha Suite" });

    const before = auditCount(t.db);
    const slug = await expectTRPCError(admin.programs.update({ program: "alpha", slug: "alpha-two" }), "BAD_REQUEST");
    expect(fieldErrorsOf(slug)).toHaveProperty("slug");
    const prefix = await expectTRPCError(admin.programs.update({ program: "alpha", keyPrefix: "ALF" }), "BAD_REQUEST");
    expect(fieldErrorsOf(prefix)).toHaveProperty("keyPrefix");
    expect(auditCount(t.db)).toBe(before);
  });

  it("changes slug and prefix while the program has no reports, refusing a taken one", async () => {
    const admin = await callerFor(t.db, root, clock.now);
    await admin.programs.update({ program: "blank", slug: "blank-two", keyPrefix: "BLANKT" });
    const taken = await expectTRPCError(
      (await callerFor(t.db, root, clock.now)).programs.update({ program: "blank-two", keyPrefix: "BETA" }),
      "CONFLICT",
    );
    expect(fieldErrorsOf(taken)).toHaveProperty("keyPrefix");
  });

  it("an admin of program A cannot edit or archive program B", async () => {
    // The fixture admin is admin of alpha and beta; give a new user admin of beta only.
    const row = await createUser(
      t.db,
      {
        email: "beta-admin@example.com",
        name: "Beta Admin",
        password: "beta-admin-password",
        memberships: [{ programId: f.programs.beta.id, role: "admin" }],
      },
      { userId: null, label: "test" },
      clock.now(),
    );
    const betaAdmin = await callerFor(
      t.db,
      { id: row.id, email: row.email, name: "Beta Admin", password: "beta-admin-password" },
      clock.now,
    );
    await expectTRPCError(betaAdmin.programs.update({ program: "alpha", name: "Mine now" }), "NOT_FOUND");
    await expectTRPCError(betaAdmin.programs.archive({ program: "alpha" }), "NOT_FOUND");
    // A triager of alpha is refused too.
    const triager = await callerFor(t.db, f.users.triager, clock.now);
    await expectTRPCError(triager.programs.archive({ program: "alpha" }), "FORBIDDEN");
  });

  it("archives (no new staff reports, old ones readable) and unarchives, audited", async () => {
    const admin = await callerFor(t.db, f.users.admin, clock.now);
    const r = await admin.programs.archive({ program: "beta" });
    expect(r.archivedAt).toEqual(clock.now());
    await expectTRPCError(admin.programs.archive({ program: "beta" }), "CONFLICT");
    const refused = await expectTRPCError(
      admin.reports.create({ programSlug: "beta", title: "New", description: "Should be refused" }),
      "BAD_REQUEST",
    );
    expect(fieldErrorsOf(refused)).toHaveProperty("programSlug");
    expect((await admin.reports.byKey({ key: f.reports.beta1 })).report.key).toBe(f.reports.beta1);
    const listed = await admin.programs.list();
    expect(listed.find((p) => p.slug === "beta")).toMatchObject({ archivedAt: clock.now(), reportCount: 1 });

    await admin.programs.unarchive({ program: "beta" });
    await admin.reports.create({ programSlug: "beta", title: "New again", description: "Accepted once more" });
    expect(
      auditRows(t.db, "beta")
        .map((a) => a.action)
        .filter((a) => a.startsWith("program.")),
    ).toEqual(["program.create", "program.archive", "program.unarchive"]);
  });

  it("has no way to delete a program", () => {
    const names = Object.keys(appRouter._def.procedures).filter((p) => p.startsWith("programs."));
    expect(names.filter((n) => /delete|remove|destroy/i.test(n))).toEqual([]);
  });
});
