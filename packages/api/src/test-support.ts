/**
 * Shared helpers for the api tests: a fresh migrated SQLite file per test
 * file, a small two-program fixture, and callers that go through the real
 * sign-in and session path (no hand-built user objects).
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defaultPolicy, type Role } from "@embargo/core";
import { closeDatabase, createProgram, createUser, type Db, openDatabase } from "@embargo/db";
import { TRPCError } from "@trpc/server";
import { getErrorShape } from "@trpc/server/unstable-core-do-not-import";
import { expect } from "vitest";
import type { SessionCookie } from "./context.ts";
import { appRouter, createCaller, createContext } from "./root.ts";

export type Caller = ReturnType<typeof createCaller>;

// A real cipher, as the server's sealer: a sealed link must not contain the token in any readable form.
const SEAL_KEY = randomBytes(32);
export function testSealLink(url: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv("aes-256-gcm", SEAL_KEY, iv);
  const body = Buffer.concat([c.update(url, "utf8"), c.final()]);
  return [iv, body, c.getAuthTag()].map((b) => b.toString("base64url")).join(".");
}
export function testOpenLink(sealed: string): string {
  const [iv, body, tag] = sealed.split(".").map((p) => Buffer.from(p, "base64url"));
  const d = createDecipheriv("aes-256-gcm", SEAL_KEY, iv as Buffer);
  d.setAuthTag(tag as Buffer);
  return Buffer.concat([d.update(body as Buffer), d.final()]).toString("utf8");
}
export const TEST_PUBLIC_URL = "https://embargo.test";
/** What the HTTP server passes for links: a sealer and the public address (no SMTP: links are shown). */
export const linkContext = { sealLink: testSealLink, publicUrl: TEST_PUBLIC_URL, mailConfigured: false };
export type Clock = () => Date;

export interface TestDb {
  db: Db;
  /** The SQLite file (a real file, so WAL and file pragmas behave as in production). */
  file: string;
  cleanup(): void;
}

/** A fresh, migrated SQLite file in a new temporary directory. */
export function makeTestDb(): TestDb {
  const dir = mkdtempSync(path.join(tmpdir(), "embargo-api-test-"));
  const file = path.join(dir, "embargo.db");
  const db = openDatabase(file);
  return {
    db,
    file,
    cleanup() {
      try {
        closeDatabase(db);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** A settable clock, so tests control every instant the api sees. */
export function makeClock(start: string | Date = "2026-03-02T09:00:00.000Z") {
  let t = new Date(start).getTime();
  const now: Clock = () => new Date(t);
  return {
    now,
    advance(ms: number) {
      t += ms;
      return new Date(t);
    },
    set(d: Date | string) {
      t = new Date(d).getTime();
    },
  };
}

export interface TestUser {
  id: number;
  email: string;
  name: string;
  password: string;
}

export interface TestProgram {
  id: number;
  slug: string;
  name: string;
  keyPrefix: string;
}

export interface Fixture {
  programs: { alpha: TestProgram; beta: TestProgram };
  users: { admin: TestUser; triager: TestUser; otherTriager: TestUser; leadership: TestUser };
  /** Keys of the reports created through the router. */
  reports: { alpha1: string; alpha2: string; beta1: string };
}

const SYSTEM = { userId: null, label: "test-fixture" };

export const CVSS_CRITICAL = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"; // 9.8
export const CVSS_HIGH = "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:N"; // 8.1

async function addUser(
  db: Db,
  now: Date,
  u: { email: string; name: string; password: string },
  memberships: { programId: number; role: Role }[],
): Promise<TestUser> {
  const row = await createUser(db, { ...u, memberships }, SYSTEM, now);
  return { id: row.id, email: row.email, name: u.name, password: u.password };
}

/**
 * Two programs, four users and three reports:
 * - admin: admin of alpha and beta; triager: triager of alpha;
 *   otherTriager: triager of beta only; leadership: leadership of both.
 * - ALPHA-1 (unrated, web), ALPHA-2 (CVSS high, email), BETA-1 (unrated, api),
 *   created by the admin through `reports.create`.
 */
export async function seedFixture(db: Db, now: Clock = () => new Date()): Promise<Fixture> {
  const at = now();
  const mk = (slug: string, name: string, keyPrefix: string): TestProgram => {
    const row = createProgram(db, { slug, name, keyPrefix, policy: defaultPolicy() }, SYSTEM, at);
    return { id: row.id, slug: row.slug, name: row.name, keyPrefix: row.keyPrefix };
  };
  const alpha = mk("alpha", "Alpha Product", "ALPHA");
  const beta = mk("beta", "Beta Product", "BETA");

  const admin = await addUser(
    db,
    at,
    { email: "admin@alpha.test", name: "Ada Admin", password: "admin-password-123" },
    [
      { programId: alpha.id, role: "admin" },
      { programId: beta.id, role: "admin" },
    ],
  );
  const triager = await addUser(
    db,
    at,
    { email: "triager@alpha.test", name: "Tom Triager", password: "triager-password-123" },
    [{ programId: alpha.id, role: "triager" }],
  );
  const otherTriager = await addUser(
    db,
    at,
    { email: "triager@beta.test", name: "Bea Beta", password: "other-password-123" },
    [{ programId: beta.id, role: "triager" }],
  );
  const leadership = await addUser(
    db,
    at,
    { email: "lead@alpha.test", name: "Lea Leadership", password: "leadership-password-123" },
    [
      { programId: alpha.id, role: "leadership" },
      { programId: beta.id, role: "leadership" },
    ],
  );

  const asAdmin = await callerFor(db, admin, now);
  const alpha1 = await asAdmin.reports.create({
    programSlug: "alpha",
    title: "SQL injection in login form",
    description: "The username parameter is concatenated into a query.",
    channel: "web",
  });
  const alpha2 = await asAdmin.reports.create({
    programSlug: "alpha",
    title: "Stored XSS in comment preview",
    description: "Markdown preview renders raw HTML from comments.",
    channel: "email",
    cvssVector: CVSS_HIGH,
  });
  const beta1 = await asAdmin.reports.create({
    programSlug: "beta",
    title: "Path traversal in export",
    description: "The export endpoint accepts ../ in the file name.",
    channel: "api",
  });

  return {
    programs: { alpha, beta },
    users: { admin, triager, otherTriager, leadership },
    reports: { alpha1: alpha1.key, alpha2: alpha2.key, beta1: beta1.key },
  };
}

/** A cookie stub that remembers what the server set. */
export function cookieJar() {
  const jar = {
    token: null as string | null,
    expires: null as Date | null,
    cleared: 0,
    cookie: {
      set(token: string, expires: Date) {
        jar.token = token;
        jar.expires = expires;
      },
      clear() {
        jar.token = null;
        jar.expires = null;
        jar.cleared++;
      },
    } satisfies SessionCookie,
  };
  return jar;
}

const asClock = (now: Clock | Date | undefined): Clock | undefined =>
  now instanceof Date ? () => now : (now ?? undefined);

/** Sign in through `auth.signIn` and return the raw session token the cookie received. */
export async function signInToken(
  db: Db,
  user: Pick<TestUser, "email" | "password">,
  now?: Clock | Date,
): Promise<string> {
  const jar = cookieJar();
  const anon = createCaller(createContext({ db, cookie: jar.cookie, now: asClock(now) }));
  await anon.auth.signIn({ email: user.email, password: user.password });
  if (!jar.token) throw new Error(`signIn for ${user.email} set no cookie`);
  return jar.token;
}

/**
 * A caller for `user` (or anonymous for null) that went through the real
 * session path: sign in, take the token from the cookie, build a context
 * from that token alone.
 */
export async function callerFor(db: Db, user: TestUser | null, now?: Clock | Date): Promise<Caller> {
  const clock = asClock(now);
  if (!user) return createCaller(createContext({ db, now: clock, ...linkContext }));
  const sessionToken = await signInToken(db, user, clock);
  return createCaller(createContext({ db, sessionToken, now: clock, ...linkContext }));
}

/** Expect the promise to reject with a TRPCError of `code`; returns the error. */
export async function expectTRPCError(promise: Promise<unknown>, code: TRPCError["code"]): Promise<TRPCError> {
  let caught: unknown;
  try {
    await promise;
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected a ${code} TRPCError, but the call succeeded`).toBeDefined();
  expect(caught).toBeInstanceOf(TRPCError);
  const err = caught as TRPCError;
  expect(err.code, `${err.code}: ${err.message}`).toBe(code);
  return err;
}

/** The error as a client would receive it, through the router's errorFormatter. */
function errorShapeOf(error: TRPCError, procedurePath?: string) {
  return getErrorShape({
    config: appRouter._def._config,
    error,
    type: "unknown",
    path: procedurePath,
    input: undefined,
    ctx: undefined,
  });
}

export function fieldErrorsOf(error: TRPCError): Record<string, string> {
  return errorShapeOf(error).data.fieldErrors ?? {};
}

/** Everything a change to one report could touch, for "nothing changed" checks. */
export function reportSnapshot(db: Db, key: string) {
  const c = db.$client;
  const row = c.prepare("SELECT * FROM reports WHERE key = ?").get(key) as Record<string, unknown> | undefined;
  const id = row?.id ?? -1;
  const count = (sql: string, ...args: unknown[]) => (c.prepare(sql).get(...args) as { n: number }).n;
  return {
    row,
    events: count("SELECT count(*) AS n FROM report_events WHERE report_id = ?", id),
    messages: count("SELECT count(*) AS n FROM messages WHERE report_id = ?", id),
    // Denied attempts are recorded on purpose (denied-audit.ts); "nothing changed" means no other entry.
    audit: count("SELECT count(*) AS n FROM audit_log WHERE action NOT LIKE 'authz.%'"),
    reports: count("SELECT count(*) AS n FROM reports"),
  };
}

export const auditCount = (db: Db) =>
  (db.$client.prepare("SELECT count(*) AS n FROM audit_log").get() as { n: number }).n;

/** Audit entries other than recorded denials: what a refused call must leave unchanged. */
export const changeAuditCount = (db: Db) =>
  (db.$client.prepare("SELECT count(*) AS n FROM audit_log WHERE action NOT LIKE 'authz.%'").get() as { n: number }).n;

export function auditRows(db: Db, entityId?: string) {
  const sql = entityId
    ? "SELECT * FROM audit_log WHERE entity_id = ? ORDER BY id"
    : "SELECT * FROM audit_log ORDER BY id";
  const stmt = db.$client.prepare(sql);
  return (entityId ? stmt.all(entityId) : stmt.all()) as {
    id: number;
    at: number;
    actor_user_id: number | null;
    actor_label: string;
    action: string;
    entity_type: string;
    entity_id: string;
    program_id: number | null;
    data_json: string;
  }[];
}
