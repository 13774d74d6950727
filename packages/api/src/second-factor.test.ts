/**
 * Second factors, two-step sign-in, enrolment-only sessions, session
 * timeouts and re-authentication (issue 17 items 1 and 2).
 */
import { REAUTH_WINDOW_MS } from "@embargo/core";
import { createUser, type Db, schema, sha256Hex } from "@embargo/db";
import { TRPCError } from "@trpc/server";
import { and, eq } from "drizzle-orm";
import { Secret, TOTP } from "otpauth";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createCaller, createContext } from "./root.ts";
import {
  auditRows,
  callerFor,
  cookieJar,
  expectTRPCError,
  type Fixture,
  linkContext,
  makeClock,
  makeTestDb,
  seedFixture,
  type TestDb,
  type TestUser,
} from "./test-support.ts";

const MIN = 60_000;
const clock = makeClock("2026-03-02T09:00:00.000Z");
let t: TestDb;
let db: Db;
let f: Fixture;

beforeAll(async () => {
  t = makeTestDb();
  db = t.db;
  f = await seedFixture(db, clock.now);
});
afterAll(() => t?.cleanup());

function client(sessionToken: string | null = null) {
  const jar = cookieJar();
  jar.token = sessionToken;
  const caller = createCaller(createContext({ db, sessionToken, cookie: jar.cookie, now: clock.now, ...linkContext }));
  return { caller, jar };
}

const codeAt = (secret: string, at: Date) =>
  TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: at.getTime() });

/** Enrol a TOTP factor for a signed-in user through the router; returns the secret and the recovery codes. */
async function enrolTotp(token: string) {
  const { caller } = client(token);
  const begin = await caller.security.totpBegin();
  expect(begin.uri).toMatch(/^otpauth:\/\/totp\/Embargo:.*secret=/);
  expect(begin.uri).toContain("algorithm=SHA1");
  expect(begin.uri).toContain("digits=6");
  expect(begin.uri).toContain("period=30");
  const done = await caller.security.totpConfirm({
    label: "Phone",
    secret: begin.secret,
    pending: begin.pending,
    code: codeAt(begin.secret, clock.now()),
  });
  return { secret: begin.secret, recoveryCodes: done.recoveryCodes };
}

async function passwordStep(u: Pick<TestUser, "email" | "password">) {
  const { caller, jar } = client();
  const r = await caller.auth.signIn({ email: u.email, password: u.password });
  return { r, jar };
}

async function signInTokenOf(u: TestUser): Promise<string> {
  const { r, jar } = await passwordStep(u);
  expect(r.status).toBe("signed_in");
  return jar.token as string;
}

const sessionsOf = (userId: number) =>
  db.select().from(schema.sessions).where(eq(schema.sessions.userId, userId)).all();

let serial = 0;
/** A new alpha triager (or admin) per test, so factors and throttles never leak between tests. */
async function freshUser(role: "triager" | "admin" = "triager"): Promise<TestUser> {
  serial++;
  const email = `mfa-${serial}@alpha.test`;
  const row = await createUser(
    db,
    {
      email,
      name: `Mfa ${serial}`,
      password: "mfa-password-1234",
      memberships: [{ programId: f.programs.alpha.id, role }],
    },
    { userId: null, label: "test" },
    clock.now(),
  );
  return { id: row.id, email, name: `Mfa ${serial}`, password: "mfa-password-1234" };
}

function setRequirement(requireSecondFactor: "off" | "admins" | "everyone") {
  db.insert(schema.settings)
    .values({ key: "requireSecondFactor", value: JSON.stringify(requireSecondFactor), updatedAt: clock.now() })
    .onConflictDoUpdate({ target: schema.settings.key, set: { value: JSON.stringify(requireSecondFactor) } })
    .run();
}

beforeEach(() => {
  clock.advance(10 * MIN);
  setRequirement("off");
});

describe("TOTP", () => {
  it("enrols with a first code, then sign-in takes two steps; the first factor brings ten recovery codes", async () => {
    const u = await freshUser();
    const { secret, recoveryCodes } = await enrolTotp(await signInTokenOf(u));
    expect(recoveryCodes).toHaveLength(10);
    for (const c of recoveryCodes ?? []) expect(c).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
    // Stored hashed (argon2id), never in clear.
    const stored = db.select().from(schema.recoveryCodes).where(eq(schema.recoveryCodes.userId, u.id)).all();
    expect(stored).toHaveLength(10);
    for (const r of stored) expect(r.codeHash).toMatch(/^\$argon2id\$/);
    expect(JSON.stringify(stored)).not.toContain((recoveryCodes?.[0] ?? "").replace("-", ""));

    clock.advance(MIN);
    const { r, jar } = await passwordStep(u);
    expect(r.status).toBe("second_factor");
    expect(jar.token, "no session before the second step").toBeNull();
    if (r.status !== "second_factor") return;
    expect(r.methods).toEqual({ totp: true, passkey: false });
    const { caller, jar: jar2 } = client();
    const me = await caller.auth.secondFactor({
      challengeToken: r.challengeToken,
      method: "totp",
      code: codeAt(secret, clock.now()),
    });
    expect(me).toMatchObject({ status: "signed_in", id: u.id });
    expect(jar2.token).toBeTruthy();
    // Audited without the secret.
    const enrol = auditRows(db).find((a) => a.action === "factor.enrol" && a.entity_id === String(u.id));
    expect(enrol).toBeDefined();
    expect(JSON.stringify(enrol)).not.toContain(secret);
  });

  it("refuses a replayed code within its window, by name, and a wrong code", async () => {
    const u = await freshUser();
    const { secret } = await enrolTotp(await signInTokenOf(u));
    clock.advance(MIN);
    const code = codeAt(secret, clock.now());
    const first = await passwordStep(u);
    if (first.r.status !== "second_factor") throw new Error("expected a second step");
    await client().caller.auth.secondFactor({ challengeToken: first.r.challengeToken, method: "totp", code });

    clock.advance(5_000); // same 30-second step (or the next): still inside the ±1 window
    const second = await passwordStep(u);
    if (second.r.status !== "second_factor") throw new Error("expected a second step");
    const replay = await expectTRPCError(
      client().caller.auth.secondFactor({ challengeToken: second.r.challengeToken, method: "totp", code }),
      "BAD_REQUEST",
    );
    expect(replay.message).toMatch(/already used/);
    const wrong = await expectTRPCError(
      client().caller.auth.secondFactor({
        challengeToken: second.r.challengeToken,
        method: "totp",
        code: code === "000000" ? "111111" : "000000",
      }),
      "BAD_REQUEST",
    );
    expect(wrong.message).toMatch(/wrong or has expired/);
    // Both failures audited; nothing else changed: no new session.
    const failed = auditRows(db).filter(
      (a) => a.action === "auth.second_factor_failed" && a.entity_id === String(u.id),
    );
    expect(failed.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(failed)).not.toContain(code);
  });

  it("an expired challenge is refused with its cause", async () => {
    const u = await freshUser();
    const { secret } = await enrolTotp(await signInTokenOf(u));
    clock.advance(MIN);
    const { r } = await passwordStep(u);
    if (r.status !== "second_factor") throw new Error("expected a second step");
    clock.advance(5 * MIN + 1);
    const err = await expectTRPCError(
      client().caller.auth.secondFactor({
        challengeToken: r.challengeToken,
        method: "totp",
        code: codeAt(secret, clock.now()),
      }),
      "BAD_REQUEST",
    );
    expect(err.message).toMatch(/expired/);
  });

  it("the challenge dies after five wrong codes, and wrong codes count against sign-in throttling", async () => {
    const u = await freshUser();
    const { secret } = await enrolTotp(await signInTokenOf(u));
    clock.advance(MIN);
    const { r } = await passwordStep(u);
    if (r.status !== "second_factor") throw new Error("expected a second step");
    const good = codeAt(secret, clock.now());
    const bad = good === "000000" ? "111111" : "000000";
    const messages: string[] = [];
    for (let i = 0; i < 5; i++) {
      clock.advance(20_000); // past the throttle's growing delay, inside the challenge's 5 minutes
      const e = await expectTRPCError(
        client().caller.auth.secondFactor({ challengeToken: r.challengeToken, method: "totp", code: bad }),
        "BAD_REQUEST",
      ).catch((e: unknown) => e as TRPCError);
      messages.push((e as TRPCError).message);
    }
    expect(messages[4]).toMatch(/Sign in again/);
    // The right code no longer helps: the challenge is gone.
    const after = await client()
      .caller.auth.secondFactor({ challengeToken: r.challengeToken, method: "totp", code: good })
      .catch((e: unknown) => e as TRPCError);
    expect(after).toBeInstanceOf(TRPCError);
    expect(["BAD_REQUEST", "TOO_MANY_REQUESTS"]).toContain((after as TRPCError).code);
    // Further attempts on the account are slowed down (the same throttle as passwords).
    const next = await client()
      .caller.auth.signIn({ email: u.email, password: u.password })
      .catch((e: unknown) => e as TRPCError);
    expect(next).toBeInstanceOf(TRPCError);
    expect((next as TRPCError).code).toBe("TOO_MANY_REQUESTS");
  });
});

describe("recovery codes", () => {
  it("each works once; use is audited without the code", async () => {
    const u = await freshUser();
    const { recoveryCodes } = await enrolTotp(await signInTokenOf(u));
    const code = recoveryCodes?.[3] as string;
    clock.advance(MIN);
    const a = await passwordStep(u);
    if (a.r.status !== "second_factor") throw new Error("expected a second step");
    const me = await client().caller.auth.secondFactor({
      challengeToken: a.r.challengeToken,
      method: "recovery",
      code: code.toUpperCase(),
    });
    expect(me.status).toBe("signed_in");
    const used = auditRows(db).find((r) => r.action === "factor.recovery_code_used" && r.entity_id === String(u.id));
    expect(used).toBeDefined();
    expect(JSON.stringify(used)).not.toContain(code.replace("-", ""));

    clock.advance(MIN);
    const b = await passwordStep(u);
    if (b.r.status !== "second_factor") throw new Error("expected a second step");
    const err = await expectTRPCError(
      client().caller.auth.secondFactor({ challengeToken: b.r.challengeToken, method: "recovery", code }),
      "BAD_REQUEST",
    );
    expect(err.message).toMatch(/already used/);
    // Another, unused code still works on the same challenge.
    const c = await client().caller.auth.secondFactor({
      challengeToken: b.r.challengeToken,
      method: "recovery",
      code: recoveryCodes?.[4] as string,
    });
    expect(c.status).toBe("signed_in");
  });
});

describe("required second factor", () => {
  it("an admin without a factor gets an enrolment-only session that can do nothing else; enrolment replaces the token", async () => {
    const u = await freshUser("admin");
    setRequirement("admins");
    const { r, jar } = await passwordStep(u);
    expect(r.status).toBe("enrol");
    const token = jar.token as string;
    const { caller } = client(token);
    expect(await caller.auth.me()).toMatchObject({ id: u.id, enrolmentOnly: true });
    const refused = await expectTRPCError(caller.reports.list({}), "FORBIDDEN");
    expect(refused.cause).toMatchObject({ reason: "enrolment_required" });
    await expectTRPCError(caller.profile.get(), "FORBIDDEN");
    await expectTRPCError(caller.members.list({}), "FORBIDDEN");
    await expectTRPCError(caller.security.removeFactor({ id: 1 }), "FORBIDDEN");
    // Enrolment is allowed, and ends enrolment-only mode with a new token; the old row is gone.
    const oldRow = sessionsOf(u.id)[0];
    const jar2 = cookieJar();
    const c2 = createCaller(
      createContext({ db, sessionToken: token, cookie: jar2.cookie, now: clock.now, ...linkContext }),
    );
    const begin = await c2.security.totpBegin();
    await c2.security.totpConfirm({
      label: "Phone",
      secret: begin.secret,
      pending: begin.pending,
      code: codeAt(begin.secret, clock.now()),
    });
    expect(jar2.token).toBeTruthy();
    expect(jar2.token).not.toBe(token);
    const rows = sessionsOf(u.id);
    expect(rows.map((s) => s.id)).not.toContain(oldRow?.id);
    expect(rows.every((s) => !s.enrolmentOnly)).toBe(true);
    expect(await client(token).caller.auth.me()).toBeNull();
    const full = client(jar2.token).caller;
    await expect(full.reports.list({})).resolves.toBeDefined();
    // Their last factor cannot be removed while it is required.
    const factors = await full.security.factors();
    const e = await expectTRPCError(full.security.removeFactor({ id: factors.factors[0]?.id ?? 0 }), "BAD_REQUEST");
    expect(e.message).toMatch(/required/);
  });

  it("a triager is not forced under 'admins'; everyone is under 'everyone'", async () => {
    const u = await freshUser();
    setRequirement("admins");
    expect((await passwordStep(u)).r.status).toBe("signed_in");
    setRequirement("everyone");
    expect((await passwordStep(u)).r.status).toBe("enrol");
  });
});

describe("re-authentication", () => {
  it("sensitive actions need a proof within 10 minutes; auth.reauthenticate gives one", async () => {
    const u = await freshUser();
    const token = await signInTokenOf(u);
    const { caller } = client(token);
    await enrolTotp(token);
    clock.advance(REAUTH_WINDOW_MS + 1);
    const factors = await caller.security.factors();
    const id = factors.factors[0]?.id ?? 0;
    const err = await expectTRPCError(caller.security.removeFactor({ id }), "FORBIDDEN");
    expect(err.cause).toMatchObject({ reason: "reauth_required" });
    await expectTRPCError(
      caller.auth.reauthenticate({ method: "password", password: "not-my-password" }),
      "BAD_REQUEST",
    );
    await caller.auth.reauthenticate({ method: "password", password: u.password });
    // The next request (a new context, as over HTTP) sees the fresh proof.
    await expect(client(token).caller.security.removeFactor({ id })).resolves.toEqual({ ok: true });
    expect(auditRows(db).some((r) => r.action === "factor.remove" && r.entity_id === String(u.id))).toBe(true);
  });

  it("creating an API token and changing a role are sensitive", async () => {
    const admin = await callerFor(db, f.users.admin, clock.now);
    clock.advance(REAUTH_WINDOW_MS + 1);
    const e1 = await expectTRPCError(admin.programs.createApiToken({ program: "alpha", name: "ci" }), "FORBIDDEN");
    expect(e1.cause).toMatchObject({ reason: "reauth_required" });
    const u = await freshUser();
    const e2 = await expectTRPCError(
      admin.members.changeRole({ program: "alpha", userId: u.id, role: "leadership" }),
      "FORBIDDEN",
    );
    expect(e2.cause).toMatchObject({ reason: "reauth_required" });
  });

  it("a role change ends the member's sessions (they sign in again with the new role)", async () => {
    const u = await freshUser();
    const token = await signInTokenOf(u);
    const admin = await callerFor(db, f.users.admin, clock.now);
    await admin.members.changeRole({ program: "alpha", userId: u.id, role: "leadership" });
    expect(sessionsOf(u.id)).toHaveLength(0);
    expect(await client(token).caller.auth.me()).toBeNull();
  });
});

describe("session timeouts", () => {
  function setIdle(minutes: number, hours = 12) {
    for (const [key, v] of [
      ["idleTimeoutMinutes", minutes],
      ["absoluteTimeoutHours", hours],
    ] as const) {
      db.insert(schema.settings)
        .values({ key, value: JSON.stringify(v), updatedAt: clock.now() })
        .onConflictDoUpdate({ target: schema.settings.key, set: { value: JSON.stringify(v) } })
        .run();
    }
  }

  it("an idle session ends after the idle timeout and its row is deleted", async () => {
    setIdle(30);
    const u = await freshUser();
    const token = await signInTokenOf(u);
    clock.advance(29 * MIN);
    expect(await client(token).caller.auth.me()).toMatchObject({ id: u.id });
    // last_seen is written at most every 5 minutes: this use recorded it (29 > 5).
    clock.advance(29 * MIN);
    expect(await client(token).caller.auth.me()).toMatchObject({ id: u.id });
    clock.advance(30 * MIN);
    const { caller, jar } = client(token);
    expect(await caller.auth.me()).toBeNull();
    expect(jar.cleared).toBe(1);
    expect(
      db
        .select()
        .from(schema.sessions)
        .where(eq(schema.sessions.tokenHash, sha256Hex(token)))
        .get(),
    ).toBeUndefined();
    setIdle(1440);
  });

  it("a session in use still ends at the absolute timeout", async () => {
    setIdle(30, 2);
    const u = await freshUser();
    const token = await signInTokenOf(u);
    for (let i = 0; i < 7; i++) {
      clock.advance(15 * MIN);
      expect(await client(token).caller.auth.me()).toMatchObject({ id: u.id });
    }
    clock.advance(15 * MIN); // 2 h after sign-in
    expect(await client(token).caller.auth.me()).toBeNull();
    setIdle(1440, 12);
  });
});

describe("ending sessions", () => {
  it("the profile ends one session by id; not another user's", async () => {
    const u = await freshUser();
    const a = await signInTokenOf(u);
    const b = await signInTokenOf(u);
    const { caller } = client(a);
    const list = await caller.profile.sessions();
    expect(list).toHaveLength(2);
    const other = list.find((s) => !s.current);
    await caller.profile.endSession({ id: other?.id ?? 0 });
    expect(await client(b).caller.auth.me()).toBeNull();
    expect(await client(a).caller.auth.me()).toMatchObject({ id: u.id });
    const someoneElse = sessionsOf(f.users.triager.id)[0];
    if (someoneElse) await expectTRPCError(caller.profile.endSession({ id: someoneElse.id }), "NOT_FOUND");
    expect(auditRows(db).some((r) => r.action === "user.session_end" && r.entity_id === String(u.id))).toBe(true);
  });

  it("an admin lists and ends a member's sessions", async () => {
    const u = await freshUser();
    const token = await signInTokenOf(u);
    const admin = await callerFor(db, f.users.admin, clock.now);
    const sec = await admin.members.security({ userId: u.id });
    expect(sec.sessions).toHaveLength(1);
    await admin.members.endSessions({ userId: u.id });
    expect(await client(token).caller.auth.me()).toBeNull();
  });

  it("an admin's reset removes every factor, ends the sessions, emails the member and is audited", async () => {
    const u = await freshUser();
    const token = await signInTokenOf(u);
    await enrolTotp(token);
    const admin = await callerFor(db, f.users.admin, clock.now);
    const result = await admin.members.resetFactors({ userId: u.id });
    expect(result.factors).toBe(1);
    expect(await client(token).caller.auth.me()).toBeNull();
    expect(db.select().from(schema.userFactors).where(eq(schema.userFactors.userId, u.id)).all()).toHaveLength(0);
    expect(db.select().from(schema.recoveryCodes).where(eq(schema.recoveryCodes.userId, u.id)).all()).toHaveLength(0);
    const mail = db
      .select()
      .from(schema.outbox)
      .where(and(eq(schema.outbox.target, u.email), eq(schema.outbox.event, "user.factors_reset")))
      .all();
    expect(mail).toHaveLength(1);
    expect(auditRows(db).some((r) => r.action === "factor.reset" && r.entity_id === String(u.id))).toBe(true);
    // They sign in with the password alone again.
    expect((await passwordStep(u)).r.status).toBe("signed_in");
  });
});

describe("passkeys", () => {
  function addPasskeyRow(userId: number, credentialId: string) {
    db.insert(schema.userFactors)
      .values({
        userId,
        kind: "passkey",
        label: "Key",
        credentialId,
        publicKey: Buffer.alloc(77, 1).toString("base64url"),
        transports: ["internal"],
        createdAt: clock.now(),
      })
      .run();
  }

  it("a passkey of another user is refused by name, counts as a failure and changes nothing", async () => {
    const a = await freshUser();
    const b = await freshUser();
    addPasskeyRow(a.id, `cred-a-${serial}`);
    addPasskeyRow(b.id, `cred-b-${serial}`);
    const { r } = await passwordStep(b);
    if (r.status !== "second_factor") throw new Error("expected a second step");
    expect(r.methods).toEqual({ totp: false, passkey: true });
    const options = await client().caller.auth.passkeyOptions({ challengeToken: r.challengeToken });
    expect(options.allowCredentials?.map((c) => c.id)).toEqual([`cred-b-${serial}`]);
    const err = await expectTRPCError(
      client().caller.auth.secondFactor({
        challengeToken: r.challengeToken,
        method: "passkey",
        response: { id: `cred-a-${serial}`, rawId: `cred-a-${serial}`, type: "public-key", response: {} },
      }),
      "BAD_REQUEST",
    );
    expect(err.message).toMatch(/not registered to this account/);
    expect(sessionsOf(b.id)).toHaveLength(0);
    expect(auditRows(db).some((x) => x.action === "auth.second_factor_failed" && x.entity_id === String(b.id))).toBe(
      true,
    );
  });

  it("registration options name the configured public URL as the relying party", async () => {
    const u = await freshUser();
    const { caller } = client(await signInTokenOf(u));
    const { options, challengeToken } = await caller.security.passkeyBegin();
    expect(options.rp).toEqual({ name: "Embargo", id: "embargo.test" });
    expect(challengeToken.length).toBeGreaterThan(20);
    const e = await expectTRPCError(
      caller.security.passkeyFinish({
        label: "Key",
        challengeToken,
        response: { id: "x", rawId: "x", type: "public-key", response: {} },
      }),
      "BAD_REQUEST",
    );
    expect(e.message).toMatch(/could not be verified/);
    expect(db.select().from(schema.userFactors).where(eq(schema.userFactors.userId, u.id)).all()).toHaveLength(0);
  });
});
