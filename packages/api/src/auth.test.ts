import { existsSync, readFileSync } from "node:fs";
import * as dbModule from "@embargo/db";
import { createUser, type Db, schema, sha256Hex } from "@embargo/db";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createCaller, createContext } from "./root.ts";
import { SESSION_TTL_MS } from "./routers/auth.ts";
import {
  auditRows,
  callerFor,
  cookieJar,
  expectTRPCError,
  type Fixture,
  makeClock,
  makeTestDb,
  seedFixture,
  signInToken,
  type TestDb,
} from "./test-support.ts";

// Pass-through spies on the password checks, to see how much argon2 work each
// sign-in attempt costs (a cheap refusal tells an attacker which accounts exist).
vi.mock("@embargo/db", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@embargo/db")>();
  return {
    ...actual,
    verifyPassword: vi.fn(actual.verifyPassword),
    burnPasswordCheck: vi.fn(actual.burnPasswordCheck),
  };
});

/** argon2 verifications performed while `fn` runs (a real one or the decoy). */
async function passwordChecksDuring(fn: () => Promise<unknown>): Promise<number> {
  const verify = vi.mocked(dbModule.verifyPassword);
  const burn = vi.mocked(dbModule.burnPasswordCheck);
  const before = verify.mock.calls.length + burn.mock.calls.length;
  await fn().catch(() => undefined);
  return verify.mock.calls.length + burn.mock.calls.length - before;
}

const HOUR = 3_600_000;
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

/** A caller with a cookie stub, optionally presenting a session token. */
function client(sessionToken: string | null = null, now: () => Date = clock.now) {
  const jar = cookieJar();
  const caller = createCaller(createContext({ db, sessionToken, cookie: jar.cookie, now }));
  return { caller, jar };
}

const sessions = () =>
  db.$client.prepare("SELECT * FROM sessions ORDER BY id").all() as {
    id: number;
    token_hash: string;
    user_id: number;
    created_at: number;
    expires_at: number;
  }[];

describe("auth.signIn", () => {
  it("sets a session cookie and stores only the SHA-256 of the token", async () => {
    const { caller, jar } = client();
    const before = sessions().length;
    const user = await caller.auth.signIn({ email: f.users.triager.email, password: f.users.triager.password });
    expect(user).toMatchObject({ id: f.users.triager.id, email: f.users.triager.email, name: f.users.triager.name });
    expect(user.status === "signed_in" && user.memberships).toEqual([
      { programId: f.programs.alpha.id, slug: "alpha", name: "Alpha Product", role: "triager" },
    ]);
    expect(user).not.toHaveProperty("passwordHash");

    const token = jar.token;
    expect(token).toBeTruthy();
    if (!token) return;
    // At least 256 bits of randomness, URL-safe.
    expect(token).toMatch(/^[A-Za-z0-9_-]{43,}$/);
    expect(jar.expires?.getTime()).toBe(clock.now().getTime() + SESSION_TTL_MS);
    expect(SESSION_TTL_MS).toBe(12 * HOUR);

    const rows = sessions();
    expect(rows).toHaveLength(before + 1);
    const row = rows.at(-1);
    expect(row).toMatchObject({
      token_hash: sha256Hex(token),
      user_id: f.users.triager.id,
      created_at: clock.now().getTime(),
      expires_at: clock.now().getTime() + SESSION_TTL_MS,
    });
    // The raw token is nowhere in the table...
    expect(JSON.stringify(rows)).not.toContain(token);
    // ...nor anywhere in the database files.
    db.$client.pragma("wal_checkpoint(TRUNCATE)");
    for (const file of [t.file, `${t.file}-wal`]) {
      if (existsSync(file)) expect(readFileSync(file).includes(Buffer.from(token)), file).toBe(false);
    }
    expect(auditRows(db).at(-1)).toMatchObject({
      action: "auth.sign_in",
      entity_type: "user",
      entity_id: String(f.users.triager.id),
    });
  });

  it("every sign-in gets its own token", async () => {
    const a = await signInToken(db, f.users.admin, clock.now);
    const b = await signInToken(db, f.users.admin, clock.now);
    expect(a).not.toBe(b);
  });

  it("accepts the email in any case and with surrounding spaces", async () => {
    const { caller, jar } = client();
    await caller.auth.signIn({ email: `  ${f.users.admin.email.toUpperCase()} `, password: f.users.admin.password });
    expect(jar.token).toBeTruthy();
  });

  it("answers a wrong password and an unknown email alike, with no cookie and no session", async () => {
    const before = sessions().length;
    const wrong = client();
    const wrongPassword = await expectTRPCError(
      wrong.caller.auth.signIn({ email: f.users.triager.email, password: "not-the-password" }),
      "UNAUTHORIZED",
    );
    const unknown = client();
    const unknownEmail = await expectTRPCError(
      unknown.caller.auth.signIn({ email: "nobody@alpha.test", password: f.users.triager.password }),
      "UNAUTHORIZED",
    );
    expect(wrongPassword.message).toBe(unknownEmail.message);
    expect(wrongPassword.message).toBe("Email or password is wrong");
    expect(wrong.jar.token).toBeNull();
    expect(unknown.jar.token).toBeNull();
    expect(sessions()).toHaveLength(before);
  });

  it("does the same password work for a wrong password and an unknown email", async () => {
    const attempt = (email: string, password: string) => () => client().caller.auth.signIn({ email, password });
    expect(await passwordChecksDuring(attempt(f.users.triager.email, f.users.triager.password))).toBe(1);
    expect(await passwordChecksDuring(attempt(f.users.triager.email, "not-the-password"))).toBe(1);
    expect(await passwordChecksDuring(attempt("nobody@alpha.test", "not-the-password"))).toBe(1);
  });

  it("validates the input shape", async () => {
    await expectTRPCError(client().caller.auth.signIn({ email: "not an email", password: "x" }), "BAD_REQUEST");
    await expectTRPCError(client().caller.auth.signIn({ email: f.users.admin.email, password: "" }), "BAD_REQUEST");
  });
});

describe("auth.me", () => {
  it("is null for an anonymous caller and for an unknown or oversized token", async () => {
    expect(await client().caller.auth.me()).toBeNull();
    expect(await client("made-up-token").caller.auth.me()).toBeNull();
    expect(await client("x".repeat(5_000)).caller.auth.me()).toBeNull();
    await expectTRPCError(client("made-up-token").caller.programs.list(), "UNAUTHORIZED");
  });

  it("returns the signed-in user with their memberships", async () => {
    const caller = await callerFor(db, f.users.leadership, clock.now);
    const me = await caller.auth.me();
    expect(me).toEqual({
      id: f.users.leadership.id,
      email: f.users.leadership.email,
      name: f.users.leadership.name,
      adminOfAll: false,
      timeZone: null,
      enrolmentOnly: false,
      memberships: [
        { programId: f.programs.alpha.id, slug: "alpha", name: "Alpha Product", role: "leadership" },
        { programId: f.programs.beta.id, slug: "beta", name: "Beta Product", role: "leadership" },
      ],
    });
  });
});

describe("auth.signOut", () => {
  it("deletes the session, clears the cookie, and the old token no longer works", async () => {
    const token = await signInToken(db, f.users.triager, clock.now);
    const { caller, jar } = client(token);
    expect((await caller.programs.list()).map((p) => p.slug)).toEqual(["alpha"]);
    expect(sessions().some((s) => s.token_hash === sha256Hex(token))).toBe(true);

    expect(await caller.auth.signOut()).toEqual({ ok: true });
    expect(jar.cleared).toBe(1);
    expect(sessions().some((s) => s.token_hash === sha256Hex(token))).toBe(false);
    expect(auditRows(db).at(-1)).toMatchObject({ action: "auth.sign_out", entity_id: String(f.users.triager.id) });

    const replay = client(token).caller;
    expect(await replay.auth.me()).toBeNull();
    await expectTRPCError(replay.programs.list(), "UNAUTHORIZED");
    await expectTRPCError(replay.reports.list({}), "UNAUTHORIZED");
    await expectTRPCError(replay.reports.byKey({ key: f.reports.alpha1 }), "UNAUTHORIZED");
  });

  it("signing out ends only that session", async () => {
    const first = await signInToken(db, f.users.admin, clock.now);
    const second = await signInToken(db, f.users.admin, clock.now);
    await client(first).caller.auth.signOut();
    expect(await client(first).caller.auth.me()).toBeNull();
    expect((await client(second).caller.auth.me())?.id).toBe(f.users.admin.id);
  });

  it("is harmless without a session", async () => {
    const { caller, jar } = client();
    const before = sessions().length;
    expect(await caller.auth.signOut()).toEqual({ ok: true });
    expect(jar.cleared).toBe(1);
    expect(sessions()).toHaveLength(before);
  });
});

describe("session lifetime and account state", () => {
  it("a session is refused once 12 hours have passed (the absolute timeout), however often it is used", async () => {
    // The idle timeout at its longest (24 h), so only the absolute one (12 h by default) can end it.
    db.insert(schema.settings)
      .values({ key: "idleTimeoutMinutes", value: "1440", updatedAt: clock.now() })
      .onConflictDoUpdate({ target: schema.settings.key, set: { value: "1440" } })
      .run();
    const start = clock.now().getTime();
    const token = await signInToken(db, f.users.triager, clock.now);
    const at = (ms: number) => client(token, () => new Date(start + ms)).caller;

    expect((await at(12 * HOUR - 60_000).auth.me())?.id).toBe(f.users.triager.id);
    await at(12 * HOUR - 60_000).programs.list();

    expect(await at(12 * HOUR).auth.me()).toBeNull();
    await expectTRPCError(at(12 * HOUR).programs.list(), "UNAUTHORIZED");
    await expectTRPCError(at(12 * HOUR + 1).reports.list({}), "UNAUTHORIZED");
    await expectTRPCError(at(30 * 24 * HOUR).reports.byKey({ key: f.reports.alpha1 }), "UNAUTHORIZED");
    db.delete(schema.settings).run();
  });
});

describe("a disabled account", () => {
  // A separate user, so disabling them does not disturb other tests.
  const password = "disabled-password-123";
  let user: { id: number; email: string; name: string; password: string };
  let token: string;

  beforeAll(async () => {
    const row = await createUser(
      db,
      {
        email: "gone@alpha.test",
        name: "Gone User",
        password,
        memberships: [{ programId: f.programs.alpha.id, role: "triager" }],
      },
      { userId: null, label: "test" },
      clock.now(),
    );
    user = { id: row.id, email: row.email, name: "Gone User", password };
    token = await signInToken(db, user, clock.now);
    expect((await client(token).caller.auth.me())?.id).toBe(user.id);
    db.$client.prepare("UPDATE users SET disabled_at = ? WHERE id = ?").run(clock.now().getTime(), user.id);
  });

  it("loses its live session at once", async () => {
    expect(await client(token).caller.auth.me()).toBeNull();
    await expectTRPCError(client(token).caller.reports.list({}), "UNAUTHORIZED");
    await expectTRPCError(client(token).caller.programs.list(), "UNAUTHORIZED");
  });

  it("cannot sign in again, and is answered like a wrong password", async () => {
    const refused = client();
    const err = await expectTRPCError(
      refused.caller.auth.signIn({ email: user.email, password: user.password }),
      "UNAUTHORIZED",
    );
    expect(err.message).toBe("Email or password is wrong");
    expect(refused.jar.token).toBeNull();
  });

  it("costs the same password work as a wrong password, so it is not revealed by timing", async () => {
    // Regression: a disabled account once skipped the password check and answered faster.
    const checks = await passwordChecksDuring(() =>
      client().caller.auth.signIn({ email: user.email, password: "not-the-password" }),
    );
    expect(checks).toBe(1);
  });
});
