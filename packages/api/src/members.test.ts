/**
 * Members, invitations, reset links and the profile (issue 10 §3, §4): the
 * last-admin rule, program isolation, sessions ended at once, single-use
 * expiring links that are never stored in clear.
 */
import { INVALID_LINK_MESSAGE } from "@embargo/core";
import { createUser, type Db, setUserDisabled } from "@embargo/db";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCaller, createContext } from "./root.ts";
import {
  auditCount,
  auditRows,
  type Caller,
  callerFor,
  cookieJar,
  expectTRPCError,
  type Fixture,
  fieldErrorsOf,
  linkContext,
  makeClock,
  makeTestDb,
  seedFixture,
  signInToken,
  type TestDb,
  type TestUser,
  testOpenLink,
} from "./test-support.ts";

let t: TestDb;
let f: Fixture;
let clock: ReturnType<typeof makeClock>;
let admin: Caller;

beforeEach(async () => {
  t = makeTestDb();
  clock = makeClock();
  f = await seedFixture(t.db, clock.now);
  admin = await callerFor(t.db, f.users.admin, clock.now);
});
afterEach(() => t.cleanup());

const anon = (db: Db, jar = cookieJar()) => createCaller(createContext({ db, cookie: jar.cookie, now: clock.now }));
const asToken = (sessionToken: string) => createCaller(createContext({ db: t.db, sessionToken, now: clock.now }));
const tokenOf = (link: string | null) => new URL(link ?? "").searchParams.get("token") ?? "";

/** Every column of every table holding `needle`. */
function columnsContaining(db: Db, needle: string): string[] {
  const c = db.$client;
  const tables = c.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
  const hits: string[] = [];
  for (const table of tables) {
    const cols = c.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[];
    for (const col of cols) {
      const row = c
        .prepare(`SELECT count(*) AS n FROM "${table}" WHERE instr(CAST("${col.name}" AS TEXT), ?) > 0`)
        .get(needle) as { n: number };
      if (row.n > 0) hits.push(`${table}.${col.name}`);
    }
  }
  return hits;
}

/** Users with one role in one program, added straight to the database. */
async function addMember(email: string, programId: number, role: "admin" | "triager" | "leadership") {
  const password = `${email}-password`;
  const row = await createUser(
    t.db,
    { email, name: email, password, memberships: [{ programId, role }] },
    { userId: null, label: "test" },
    clock.now(),
  );
  return { id: row.id, email, name: email, password } satisfies TestUser;
}

const sessionCount = (userId: number) =>
  (t.db.$client.prepare("SELECT count(*) AS n FROM sessions WHERE user_id = ?").get(userId) as { n: number }).n;

describe("invitations", () => {
  it("invites, returns a copyable link without SMTP, and accepting creates the account, membership and session", async () => {
    const sent = await admin.members.invite({ program: "alpha", email: "New@Alpha.test", role: "triager" });
    expect(sent.emailed).toBe(false);
    expect(sent.link).toMatch(/^https:\/\/embargo\.test\/invite\?token=[\w-]{32}$/);
    const token = tokenOf(sent.link);

    // The link is nowhere in clear: not the token, not the URL; the email holds it sealed.
    expect(columnsContaining(t.db, token)).toEqual([]);
    const mail = t.db.$client.prepare("SELECT payload_json FROM outbox WHERE event = 'member.invited'").get() as {
      payload_json: string;
    };
    const payload = JSON.parse(mail.payload_json) as { text: string; sealed: { invitationUrl: string } };
    expect(payload.text).toContain("[invitation link]");
    expect(testOpenLink(payload.sealed.invitationUrl)).toBe(sent.link);

    const info = await anon(t.db).account.invitation({ token });
    expect(info).toEqual({ email: "new@alpha.test", role: "triager", programName: "Alpha Product", hasAccount: false });

    const jar = cookieJar();
    const joined = await anon(t.db, jar).account.acceptInvitation({
      token,
      name: "Nina New",
      password: "a-long-enough-password",
    });
    expect(joined.programSlug).toBe("alpha");
    expect(jar.token).toBeTruthy();
    const me = await createCaller(createContext({ db: t.db, sessionToken: jar.token, now: clock.now })).auth.me();
    expect(me?.memberships.map((m) => [m.slug, m.role])).toEqual([["alpha", "triager"]]);
    expect(auditRows(t.db).map((r) => r.action)).toEqual(expect.arrayContaining(["member.invite", "member.join"]));

    // Single use: the same link again gets the one invalid-link answer.
    const again = await expectTRPCError(
      anon(t.db).account.acceptInvitation({ token, name: "X", password: "a-long-enough-password" }),
      "BAD_REQUEST",
    );
    expect(fieldErrorsOf(again)).toEqual({ token: INVALID_LINK_MESSAGE });
  });

  it("gives one identical answer for a wrong, expired and used invitation", async () => {
    const used = tokenOf((await admin.members.invite({ program: "alpha", email: "a@x.test", role: "triager" })).link);
    await anon(t.db).account.acceptInvitation({ token: used, name: "A", password: "a-long-enough-password" });
    const expired = tokenOf(
      (await admin.members.invite({ program: "alpha", email: "b@x.test", role: "triager" })).link,
    );
    clock.advance(7 * 24 * 3600_000 + 1);
    const answers = [];
    for (const token of [used, expired, "not-a-real-token-at-all"]) {
      const err = await expectTRPCError(anon(t.db).account.invitation({ token }), "BAD_REQUEST");
      answers.push([err.message, fieldErrorsOf(err)]);
      const accept = await expectTRPCError(
        anon(t.db).account.acceptInvitation({ token, name: "B", password: "a-long-enough-password" }),
        "BAD_REQUEST",
      );
      answers.push([accept.message, fieldErrorsOf(accept)]);
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
  });

  it("refuses to invite an existing member of the program, naming the field", async () => {
    const before = auditCount(t.db);
    const err = await expectTRPCError(
      admin.members.invite({ program: "alpha", email: f.users.triager.email, role: "admin" }),
      "BAD_REQUEST",
    );
    expect(Object.keys(fieldErrorsOf(err))).toEqual(["email"]);
    expect(auditCount(t.db)).toBe(before);
  });

  it("adds the membership to an existing account after its password, and refuses a wrong one", async () => {
    const link = (
      await admin.members.invite({ program: "alpha", email: f.users.otherTriager.email, role: "leadership" })
    ).link;
    const token = tokenOf(link);
    expect((await anon(t.db).account.invitation({ token })).hasAccount).toBe(true);
    const wrong = await expectTRPCError(
      anon(t.db).account.acceptInvitation({ token, password: "not-their-password" }),
      "BAD_REQUEST",
    );
    expect(Object.keys(fieldErrorsOf(wrong))).toEqual(["password"]);
    await anon(t.db).account.acceptInvitation({ token, password: f.users.otherTriager.password });
    const bea = await callerFor(t.db, f.users.otherTriager, clock.now);
    expect((await bea.auth.me())?.memberships.map((m) => m.slug).sort()).toEqual(["alpha", "beta"]);
  });

  it("refuses a weak or over-long password for a new account", async () => {
    const token = tokenOf((await admin.members.invite({ program: "alpha", email: "c@x.test", role: "triager" })).link);
    const weak = await expectTRPCError(
      anon(t.db).account.acceptInvitation({ token, name: "C", password: "short" }),
      "BAD_REQUEST",
    );
    expect(Object.keys(fieldErrorsOf(weak))).toEqual(["password"]);
    const long = await expectTRPCError(
      anon(t.db).account.acceptInvitation({ token, name: "C", password: "x".repeat(1001) }),
      "BAD_REQUEST",
    );
    expect(Object.keys(fieldErrorsOf(long))).toEqual(["password"]);
    // Nothing was spent: the link still works.
    await anon(t.db).account.acceptInvitation({ token, name: "C", password: "a-long-enough-password" });
  });

  it("says the link was emailed when SMTP is configured", async () => {
    const token = await signInToken(t.db, f.users.admin, clock.now);
    const mailing = createCaller(
      createContext({ db: t.db, sessionToken: token, now: clock.now, ...linkContext, mailConfigured: true }),
    );
    const sent = await mailing.members.invite({ program: "alpha", email: "d@x.test", role: "triager" });
    expect(sent).toMatchObject({ emailed: true, link: null });
  });
});

describe("program isolation", () => {
  it("an admin of program A cannot list, invite, change or remove program B's members", async () => {
    const alphaOnly = await addMember("alpha-admin@x.test", f.programs.alpha.id, "admin");
    const a = await callerFor(t.db, alphaOnly, clock.now);
    await expectTRPCError(a.members.list({ program: "beta" }), "NOT_FOUND");
    await expectTRPCError(a.members.invite({ program: "beta", email: "z@x.test", role: "admin" }), "NOT_FOUND");
    await expectTRPCError(
      a.members.changeRole({ program: "beta", userId: f.users.otherTriager.id, role: "admin" }),
      "NOT_FOUND",
    );
    await expectTRPCError(a.members.remove({ program: "beta", userId: f.users.otherTriager.id }), "NOT_FOUND");
    // A user only in beta does not exist for them; one also in beta may not be disabled by them.
    await expectTRPCError(a.members.setDisabled({ userId: f.users.otherTriager.id, disabled: true }), "NOT_FOUND");
    await expectTRPCError(a.members.resetLink({ userId: f.users.otherTriager.id }), "NOT_FOUND");
    await expectTRPCError(a.members.setDisabled({ userId: f.users.leadership.id, disabled: true }), "FORBIDDEN");
    const all = await a.members.list({ program: null });
    expect(all.members.every((m) => m.roles.every((r) => r.slug === "alpha"))).toBe(true);
    expect(all.members.map((m) => m.email)).not.toContain(f.users.otherTriager.email);
  });

  it("a triager cannot invite", async () => {
    const tri = await callerFor(t.db, f.users.triager, clock.now);
    await expectTRPCError(tri.members.invite({ program: "alpha", email: "q@x.test", role: "triager" }), "FORBIDDEN");
  });
});

describe("the last admin", () => {
  it("cannot be removed, demoted or disabled; nothing changes", async () => {
    // The fixture admin is the only admin of alpha and beta (no admin of all programs exists).
    const before = auditCount(t.db);
    const demote = await expectTRPCError(
      admin.members.changeRole({ program: "alpha", userId: f.users.admin.id, role: "triager" }),
      "BAD_REQUEST",
    );
    expect(Object.keys(fieldErrorsOf(demote))).toEqual(["role"]);
    const remove = await expectTRPCError(
      admin.members.remove({ program: "alpha", userId: f.users.admin.id }),
      "BAD_REQUEST",
    );
    expect(Object.keys(fieldErrorsOf(remove))).toEqual(["userId"]);
    // Through the api an admin can only disable users whose programs they administer too, so
    // a last admin is reached by the operator's command line, which calls the same function.
    let disable: unknown;
    try {
      setUserDisabled(t.db, f.users.admin.id, true, { userId: null, label: "cli" }, clock.now());
    } catch (e) {
      disable = e;
    }
    expect(disable).toMatchObject({ field: "disabled", message: expect.stringMatching(/last admin of Alpha Product/) });
    expect(auditCount(t.db)).toBe(before);
    expect(sessionCount(f.users.admin.id)).toBeGreaterThan(0);
    expect((await admin.auth.me())?.memberships.find((m) => m.slug === "alpha")?.role).toBe("admin");
  });

  it("counts an admin of all programs, so the program's own admin may then step down", async () => {
    await createUser(
      t.db,
      { email: "root@x.test", name: "Root", password: "root-password-123", memberships: [], adminOfAll: true },
      { userId: null, label: "test" },
      clock.now(),
    );
    await admin.members.changeRole({ program: "alpha", userId: f.users.admin.id, role: "triager" });
    // Their own privilege changed: the role change, then their session's token replaced.
    expect(
      auditRows(t.db)
        .slice(-2)
        .map((r) => r.action),
    ).toEqual(["member.role", "auth.session_rotate"]);
  });

  it("an admin cannot disable themselves", async () => {
    const err = await expectTRPCError(
      admin.members.setDisabled({ userId: f.users.admin.id, disabled: true }),
      "BAD_REQUEST",
    );
    expect(Object.keys(fieldErrorsOf(err))).toEqual(["disabled"]);
  });
});

describe("disable and reset", () => {
  it("disabling ends every session at once; sign-in is then refused as for a wrong password", async () => {
    const triToken = await signInToken(t.db, f.users.triager, clock.now);
    await callerFor(t.db, f.users.triager, clock.now);
    expect(sessionCount(f.users.triager.id)).toBe(2);
    await admin.members.setDisabled({ userId: f.users.triager.id, disabled: true });
    expect(sessionCount(f.users.triager.id)).toBe(0);
    // The next request with the old cookie finds no session (each request builds its context).
    await expectTRPCError(asToken(triToken).reports.list({ program: "alpha", view: "all" }), "UNAUTHORIZED");
    const err = await expectTRPCError(
      anon(t.db).auth.signIn({ email: f.users.triager.email, password: f.users.triager.password }),
      "UNAUTHORIZED",
    );
    expect(err.message).toBe("Email or password is wrong");
    const listed = await admin.members.list({ program: "alpha" });
    expect(listed.members.find((m) => m.id === f.users.triager.id)?.disabled).toBe(true);
    await admin.members.setDisabled({ userId: f.users.triager.id, disabled: false });
    await callerFor(t.db, f.users.triager, clock.now);
    expect(auditRows(t.db).map((r) => r.action)).toEqual(expect.arrayContaining(["user.disable", "user.enable"]));
  });

  it("a reset link is single use, expires after 24 hours, ends every session and is not stored in clear", async () => {
    await callerFor(t.db, f.users.triager, clock.now);
    const sent = await admin.members.resetLink({ userId: f.users.triager.id });
    const token = tokenOf(sent.link);
    expect(sent.link).toContain("/reset-password?token=");
    expect(columnsContaining(t.db, token)).toEqual([]);

    await anon(t.db).account.resetPassword({ token, password: "brand-new-password-1" });
    expect(sessionCount(f.users.triager.id)).toBe(0);
    await callerFor(t.db, { ...f.users.triager, password: "brand-new-password-1" }, clock.now);
    const used = await expectTRPCError(
      anon(t.db).account.resetPassword({ token, password: "another-password-12" }),
      "BAD_REQUEST",
    );

    const late = tokenOf((await admin.members.resetLink({ userId: f.users.triager.id })).link);
    clock.advance(24 * 3600_000 + 1);
    const expired = await expectTRPCError(
      anon(t.db).account.resetPassword({ token: late, password: "another-password-12" }),
      "BAD_REQUEST",
    );
    const wrong = await expectTRPCError(
      anon(t.db).account.resetPassword({ token: "wrong", password: "another-password-12" }),
      "BAD_REQUEST",
    );
    for (const e of [used, expired, wrong]) expect(fieldErrorsOf(e)).toEqual({ token: INVALID_LINK_MESSAGE });
  });

  it("a newer reset link spends the older one", async () => {
    const first = tokenOf((await admin.members.resetLink({ userId: f.users.triager.id })).link);
    await admin.members.resetLink({ userId: f.users.triager.id });
    await expectTRPCError(
      anon(t.db).account.resetPassword({ token: first, password: "brand-new-password-1" }),
      "BAD_REQUEST",
    );
  });
});

describe("profile", () => {
  it("changing the password needs the current one and ends only the other sessions", async () => {
    const otherToken = await signInToken(t.db, f.users.triager, clock.now);
    const me = await callerFor(t.db, f.users.triager, clock.now);
    const wrong = await expectTRPCError(
      me.profile.changePassword({ currentPassword: "nope", newPassword: "brand-new-password-1" }),
      "BAD_REQUEST",
    );
    expect(Object.keys(fieldErrorsOf(wrong))).toEqual(["currentPassword"]);
    const weak = await expectTRPCError(
      me.profile.changePassword({ currentPassword: f.users.triager.password, newPassword: "short" }),
      "BAD_REQUEST",
    );
    expect(Object.keys(fieldErrorsOf(weak))).toEqual(["newPassword"]);
    expect(sessionCount(f.users.triager.id)).toBe(2);

    await me.profile.changePassword({ currentPassword: f.users.triager.password, newPassword: "brand-new-password-1" });
    expect(sessionCount(f.users.triager.id)).toBe(1);
    await expectTRPCError(asToken(otherToken).profile.get(), "UNAUTHORIZED");
    expect((await me.profile.get()).email).toBe(f.users.triager.email);
  });

  it("lists sessions with device and address, and signs out everywhere else", async () => {
    const token = await (async () => {
      const jar = cookieJar();
      await createCaller(
        createContext({
          db: t.db,
          cookie: jar.cookie,
          now: clock.now,
          userAgent: "Firefox/130",
          clientAddress: "203.0.113.9",
        }),
      ).auth.signIn({ email: f.users.triager.email, password: f.users.triager.password });
      return jar.token ?? "";
    })();
    const me = createCaller(createContext({ db: t.db, sessionToken: token, now: clock.now }));
    await callerFor(t.db, f.users.triager, clock.now);
    const sessions = await me.profile.sessions();
    expect(sessions).toHaveLength(2);
    expect(sessions.find((s) => s.current)).toMatchObject({ userAgent: "Firefox/130", address: "203.0.113.9" });
    // "Last seen" follows use, written at most every five minutes.
    const signedInAt = clock.now();
    clock.advance(10 * 60_000);
    const later = createCaller(createContext({ db: t.db, sessionToken: token, now: clock.now }));
    expect((await later.profile.sessions()).find((s) => s.current)?.lastSeenAt).toEqual(clock.now());
    expect(await me.profile.endOtherSessions()).toEqual({ ended: 1 });
    expect(await me.profile.sessions()).toHaveLength(1);
    const listed = await admin.members.list({ program: "alpha" });
    expect(listed.members.find((m) => m.id === f.users.triager.id)?.lastSignInAt).toEqual(signedInAt);
  });

  it("saves name and time zone, refuses an unknown zone, and auth.me carries the zone", async () => {
    const me = await callerFor(t.db, f.users.triager, clock.now);
    const bad = await expectTRPCError(me.profile.update({ name: "Tom", timeZone: "Mars/Olympus" }), "BAD_REQUEST");
    expect(Object.keys(fieldErrorsOf(bad))).toEqual(["timeZone"]);
    await me.profile.update({ name: "Tom T.", timeZone: "America/New_York" });
    const again = await callerFor(t.db, f.users.triager, clock.now);
    expect(await again.auth.me()).toMatchObject({ name: "Tom T.", timeZone: "America/New_York" });
    expect(auditRows(t.db).at(-2)?.action).toBe("user.profile");
  });
});

describe("found in review", () => {
  it("an old invitation never changes the role of someone who is a member by now", async () => {
    const token = tokenOf(
      (await admin.members.invite({ program: "beta", email: f.users.triager.email, role: "leadership" })).link,
    );
    const roleInBeta = t.db.$client
      .prepare("SELECT role FROM memberships WHERE user_id = ? AND program_id = ?")
      .pluck();
    // Meanwhile the invitee became an admin of beta some other way.
    t.db.$client
      .prepare("INSERT INTO memberships (user_id, program_id, role) VALUES (?, ?, 'admin')")
      .run(f.users.triager.id, f.programs.beta.id);
    const err = await expectTRPCError(
      anon(t.db).account.acceptInvitation({ token, password: f.users.triager.password }),
      "BAD_REQUEST",
    );
    expect(Object.keys(fieldErrorsOf(err))).toEqual(["token"]);
    expect(roleInBeta.get(f.users.triager.id, f.programs.beta.id)).toBe("admin");
  });

  it("guesses of the current password are throttled like sign-in attempts", async () => {
    const me = await callerFor(t.db, f.users.triager, clock.now);
    const codes: string[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await me.profile
        .changePassword({ currentPassword: `guess-number-${i}`, newPassword: "a-brand-new-password-1" })
        .then(() => "OK")
        .catch((e: { code?: string }) => e.code ?? "?");
      codes.push(r);
    }
    expect(codes.slice(0, 5)).toEqual(Array(5).fill("BAD_REQUEST"));
    expect(codes.slice(5)).toEqual(["TOO_MANY_REQUESTS", "TOO_MANY_REQUESTS"]);
  });

  it("the last enabled admin of all programs cannot be disabled, even with no program", async () => {
    const fresh = makeTestDb();
    try {
      const root = await createUser(
        fresh.db,
        { email: "root@x.test", name: "Root", password: "a-long-enough-password", memberships: [] },
        { userId: null, label: "test" },
        clock.now(),
      );
      fresh.db.$client.prepare("UPDATE users SET admin_of_all = 1 WHERE id = ?").run(root.id);
      expect(() => setUserDisabled(fresh.db, root.id, true, { userId: null, label: "cli" }, clock.now())).toThrow(
        /last admin of all programs/,
      );
      const disabled = fresh.db.$client.prepare("SELECT disabled_at FROM users WHERE id = ?").pluck().get(root.id);
      expect(disabled).toBeNull();
    } finally {
      fresh.cleanup();
    }
  });
});
