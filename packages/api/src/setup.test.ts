/** First run: the one-time setup code creates the first administrator (issue 10 §1). */
import { randomBytes } from "node:crypto";
import { replaceSetupLink, schema, sha256Hex } from "@embargo/db";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCaller, createContext } from "./root.ts";
import { auditRows, cookieJar, expectTRPCError, makeClock, makeTestDb, type TestDb } from "./test-support.ts";

const clock = makeClock();
let t: TestDb;
beforeEach(() => {
  t = makeTestDb();
});
afterEach(() => t.cleanup());

const anon = (clientAddress = "203.0.113.7") => {
  const jar = cookieJar();
  return { jar, caller: createCaller(createContext({ db: t.db, cookie: jar.cookie, now: clock.now, clientAddress })) };
};
const newCode = () => {
  const code = randomBytes(24).toString("base64url");
  expect(replaceSetupLink(t.db, sha256Hex(code), clock.now())).toBe(true);
  return code;
};
const admin = (code: string) => ({
  code,
  email: "First@Example.com",
  name: "First Admin",
  password: "first-admin-password",
});

describe("setup", () => {
  it("is needed while there is no user; the code creates an admin of all and signs them in", async () => {
    const { caller, jar } = anon();
    expect(await caller.setup.status()).toEqual({ needed: true });
    const code = newCode();
    const me = await caller.setup.createAdmin(admin(code));
    expect(me.email).toBe("first@example.com");
    expect(jar.token).toBeTruthy();
    const user = t.db.select().from(schema.users).get()!;
    expect(user.adminOfAll).toBe(true);
    expect(await caller.setup.status()).toEqual({ needed: false });
    // The session works and may create the first program at once.
    const signedIn = createCaller(createContext({ db: t.db, sessionToken: jar.token, now: clock.now }));
    expect((await signedIn.auth.me())?.email).toBe("first@example.com");
    const p = await signedIn.programs.create({ name: "First", slug: "first", keyPrefix: "FIRST" });
    const again = createCaller(createContext({ db: t.db, sessionToken: jar.token, now: clock.now }));
    expect((await again.programs.list()).map((x) => x.slug)).toEqual([p.slug]);
    // Only the hash of the code is stored, now spent.
    const link = t.db.select().from(schema.accountLinks).get()!;
    expect(link.tokenHash).toBe(sha256Hex(code));
    expect(link.usedAt).toEqual(clock.now());
    expect(auditRows(t.db).map((a) => a.action)).toContain("setup.first_admin");
  });

  it("is single use; a used code and a wrong code get the same answer once set up", async () => {
    const code = newCode();
    await anon().caller.setup.createAdmin(admin(code));
    const used = await expectTRPCError(
      anon().caller.setup.createAdmin({ ...admin(code), email: "second@example.com" }),
      "FORBIDDEN",
    );
    const wrong = await expectTRPCError(
      anon().caller.setup.createAdmin({ ...admin("not-the-code-at-all"), email: "second@example.com" }),
      "FORBIDDEN",
    );
    expect(used.message).toBe(wrong.message);
    expect(t.db.select().from(schema.users).all()).toHaveLength(1);
    // No new code can be issued either.
    expect(replaceSetupLink(t.db, sha256Hex("another"), clock.now())).toBe(false);
  });

  it("refuses a wrong or replaced code before anyone is set up, creating nobody", async () => {
    const first = newCode();
    newCode(); // a new start replaces the first code
    await expectTRPCError(anon().caller.setup.createAdmin(admin(first)), "FORBIDDEN");
    await expectTRPCError(anon().caller.setup.createAdmin(admin("wrong-code-wrong-code")), "FORBIDDEN");
    expect(t.db.select().from(schema.users).all()).toHaveLength(0);
    expect((await anon().caller.setup.status()).needed).toBe(true);
  });

  it("is throttled per client address like sign-in", async () => {
    newCode();
    let throttled = false;
    for (let i = 0; i < 30 && !throttled; i++) {
      try {
        await anon("198.51.100.9").caller.setup.createAdmin(admin(`guess-${i}-guess-guess`));
      } catch (e) {
        throttled = (e as { code?: string }).code === "TOO_MANY_REQUESTS";
      }
    }
    expect(throttled).toBe(true);
  });

  it("checks the password like everywhere else, naming the field", async () => {
    const code = newCode();
    const err = await expectTRPCError(
      anon().caller.setup.createAdmin({ ...admin(code), password: "short" }),
      "BAD_REQUEST",
    );
    expect(err.message).toContain("password");
  });
});
