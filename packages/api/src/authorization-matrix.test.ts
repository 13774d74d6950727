/**
 * Who may call what: one row per procedure of appRouter, one column per kind
 * of caller. A procedure added to the router without a row here fails the
 * suite, so every new endpoint gets an explicit authorization decision.
 */

import { randomBytes } from "node:crypto";
import { defaultPolicy, emptyAdvisoryDraft } from "@embargo/core";
import {
  createApiToken,
  createChallenge,
  createUser,
  type Db,
  enqueueEmail,
  reportByKey,
  requestDisclosureChange,
  schema,
  setProgramArchived,
  sha256Hex,
} from "@embargo/db";
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { Secret, TOTP } from "otpauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "./root.ts";
import {
  type Caller,
  CVSS_CRITICAL,
  callerFor,
  type Fixture,
  makeClock,
  makeTestDb,
  seedFixture,
  signInToken,
  type TestDb,
} from "./test-support.ts";

const CALLERS = ["anonymous", "leadership", "otherTriager", "triager", "admin"] as const;
type CallerKind = (typeof CALLERS)[number];
/** BAD_REQUEST: past every authorization check, refused on its input (a step that needs state from another request). */
type Outcome = "ok" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "BAD_REQUEST";

interface Setup {
  db: Db;
  f: Fixture;
  /** A new alpha report, so mutating cells do not interfere with each other. */
  freshReport(): Promise<string>;
  /** The fixture's admin, to bring a fresh report where a cell needs it. */
  admin: Caller;
}

const LOCAL_IN_A_MONTH = "2026-04-15T12:00";
const LOCAL_IN_TWO_MONTHS = "2026-05-15T12:00";

/** A fresh alpha report with a proposed disclosure date (triaged: the policy proposes one). */
async function proposedReport(s: Setup): Promise<string> {
  const key = await s.freshReport();
  await s.admin.reports.setCvss({ key, vector: CVSS_CRITICAL });
  await s.admin.reports.transition({ key, action: "triage" });
  await s.admin.disclosure.setTarget({ key, targetAt: LOCAL_IN_A_MONTH, timeZone: "UTC" });
  return key;
}

async function agreedReport(s: Setup): Promise<string> {
  const key = await proposedReport(s);
  await s.admin.disclosure.agree({ key });
  return key;
}

/** A fresh alpha report with an accepted credit the team added; returns the key and the credit's id. */
async function creditedReport(s: Setup): Promise<{ key: string; id: number }> {
  const key = await s.freshReport();
  const { id } = await s.admin.credits.add({
    key,
    name: "Matrix Helper",
    type: "analyst",
    display: "name",
    consent: "accepted",
  });
  return { key, id };
}

/** An open manual escalation of a fresh alpha report; returns its id. */
async function freshEscalation(s: Setup): Promise<number> {
  const key = await s.freshReport();
  return (await s.admin.escalations.raise({ key, level: "attention", reason: "Matrix check" })).id;
}

/** A fresh alpha report sent by a new researcher; returns the researcher's id. */
async function freshResearcher(s: Setup): Promise<number> {
  serial++;
  const { key } = await s.admin.reports.create({
    programSlug: "alpha",
    title: "Matrix researcher's report",
    description: "From an outside researcher.",
    reporter: { name: `Matrix Researcher ${serial}`, handle: null, email: `researcher-${serial}@matrix.test` },
  });
  return reportByKey(s.db, key)!.researcherId!;
}

interface Row {
  /** Valid input aimed at the "alpha" program (or its reports). */
  input: (s: Setup, kind: CallerKind) => unknown | Promise<unknown>;
  expect: Record<CallerKind, Outcome>;
}

// Column patterns, named for what they mean.
/** Anyone, signed in or not. */
const PUBLIC: Row["expect"] = {
  anonymous: "ok",
  leadership: "ok",
  otherTriager: "ok",
  triager: "ok",
  admin: "ok",
};
/** Any signed-in user; results are scoped to their own programs. */
const SIGNED_IN: Row["expect"] = { ...PUBLIC, anonymous: "UNAUTHORIZED" };
/** Members of the report's program, leadership included; others do not learn it exists. */
const READ_ALPHA: Row["expect"] = { ...SIGNED_IN, otherTriager: "NOT_FOUND" };
/** Triagers and admins of the program. Leadership (no triage role anywhere) is refused before anything else. */
const TRIAGE_ALPHA: Row["expect"] = { ...READ_ALPHA, leadership: "FORBIDDEN" };

/** Admins only: everyone else is refused before the input is read. */
const ADMIN_ONLY: Row["expect"] = {
  anonymous: "UNAUTHORIZED",
  leadership: "FORBIDDEN",
  otherTriager: "FORBIDDEN",
  triager: "FORBIDDEN",
  admin: "ok",
};

/** The people who answer researchers, in any program: triagers and admins, not leadership. */
const STAFF: Row["expect"] = { ...SIGNED_IN, leadership: "FORBIDDEN" };
/** Merging: admins of every program involved; a triager of alpha is refused, beta's does not see alpha's people. */
const MERGE_ALPHA: Row["expect"] = { ...TRIAGE_ALPHA, triager: "FORBIDDEN" };

/** Creating programs: admins of all programs only (the fixture's admin is made one). */
const ADMIN_OF_ALL: Row["expect"] = { ...ADMIN_ONLY };
/** Signed in, but the input only makes sense with state from an earlier step of the same session. */
const SIGNED_IN_NEEDS_STEP: Row["expect"] = {
  anonymous: "UNAUTHORIZED",
  leadership: "BAD_REQUEST",
  otherTriager: "BAD_REQUEST",
  triager: "BAD_REQUEST",
  admin: "BAD_REQUEST",
};

const MATRIX_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
/** A throwaway member with a TOTP factor (or a passkey) and a live second-factor challenge; returns its token. */
async function secondStepFor(s: Setup, kind: "totp" | "passkey"): Promise<string> {
  const userId = await freshMember(s);
  const now = new Date();
  s.db
    .insert(schema.userFactors)
    .values(
      kind === "totp"
        ? { userId, kind, label: "Phone", totpSecret: MATRIX_TOTP_SECRET, createdAt: now }
        : {
            userId,
            kind,
            label: "Key",
            credentialId: randomBytes(16).toString("base64url"),
            publicKey: randomBytes(32).toString("base64url"),
            transports: ["internal"],
            createdAt: now,
          },
    )
    .run();
  const token = randomBytes(32).toString("base64url");
  createChallenge(
    s.db,
    { tokenHash: sha256Hex(token), userId, purpose: "second_factor", ttlMs: 5 * 60_000 },
    clock.now(),
  );
  return token;
}

/** A second session of the caller (signed in again), so ending it leaves the cell's own session alone. */
async function ownOtherSession(s: Setup, kind: CallerKind): Promise<{ id: number }> {
  if (kind === "anonymous") return { id: 1 };
  const token = await signInToken(s.db, s.f.users[kind], clock.now);
  const row = s.db
    .select()
    .from(schema.sessions)
    .where(eq(schema.sessions.tokenHash, sha256Hex(token)))
    .get();
  return { id: row?.id ?? 0 };
}

let created = 0;
const SYSTEM = { userId: null, label: "matrix" };

let serial = 0;
/** A throwaway alpha member (triager), so a cell that changes a user touches no fixture user. */
async function freshMember({ db, f }: Setup) {
  serial++;
  const u = await createUser(
    db,
    {
      email: `matrix-${serial}@alpha.test`,
      name: `Matrix ${serial}`,
      password: "matrix-password-123",
      memberships: [{ programId: f.programs.alpha.id, role: "triager" }],
    },
    { userId: null, label: "matrix" },
    new Date(),
  );
  return u.id;
}
/** A live link of `kind` written straight to the table; returns its token. */
function freshLink({ db, f }: Setup, kind: "invitation" | "password_reset", userId: number | null = null) {
  serial++;
  const token = randomBytes(24).toString("base64url");
  db.insert(schema.accountLinks)
    .values({
      kind,
      tokenHash: sha256Hex(token),
      email: kind === "invitation" ? `invitee-${serial}@alpha.test` : `matrix-${serial - 1}@alpha.test`,
      userId,
      programId: kind === "invitation" ? f.programs.alpha.id : null,
      role: kind === "invitation" ? "triager" : null,
      createdAt: new Date("2026-03-01T00:00:00Z"),
      expiresAt: new Date("2027-03-01T00:00:00Z"),
    })
    .run();
  return token;
}
const PASSWORDS: Record<CallerKind, string> = {
  anonymous: "no-password-at-all",
  leadership: "leadership-password-123",
  otherTriager: "other-password-123",
  triager: "triager-password-123",
  admin: "admin-password-123",
};

const MATRIX: Record<string, Row> = {
  "account.invitation": { input: (s) => ({ token: freshLink(s, "invitation") }), expect: PUBLIC },
  "account.acceptInvitation": {
    input: (s) => ({ token: freshLink(s, "invitation"), name: "New Member", password: "new-member-password-1" }),
    expect: PUBLIC,
  },
  "account.resetPassword": {
    input: async (s) => ({
      token: freshLink(s, "password_reset", await freshMember(s)),
      password: "a-new-password-123",
    }),
    expect: PUBLIC,
  },

  "members.list": { input: () => ({ program: "alpha" }), expect: ADMIN_ONLY },
  "members.invite": {
    input: () => ({ program: "alpha", email: `invited-${++serial}@alpha.test`, role: "triager" }),
    expect: ADMIN_ONLY,
  },
  "members.revokeInvitation": {
    input: ({ db }) => {
      const row = db
        .select({ id: schema.accountLinks.id })
        .from(schema.accountLinks)
        .where(eq(schema.accountLinks.tokenHash, sha256Hex(freshLink(setup, "invitation"))))
        .get();
      return { id: row?.id };
    },
    expect: ADMIN_ONLY,
  },
  "members.changeRole": {
    input: async (s) => ({ program: "alpha", userId: await freshMember(s), role: "leadership" }),
    expect: ADMIN_ONLY,
  },
  "members.remove": { input: async (s) => ({ program: "alpha", userId: await freshMember(s) }), expect: ADMIN_ONLY },
  "members.setDisabled": { input: async (s) => ({ userId: await freshMember(s), disabled: true }), expect: ADMIN_ONLY },
  "members.security": { input: async (s) => ({ userId: await freshMember(s) }), expect: ADMIN_ONLY },
  "members.endSession": {
    input: async (s) => {
      const userId = await freshMember(s);
      const who = { email: `matrix-${serial}@alpha.test`, password: "matrix-password-123" };
      const token = await signInToken(s.db, who, clock.now);
      const row = s.db
        .select()
        .from(schema.sessions)
        .where(eq(schema.sessions.tokenHash, sha256Hex(token)))
        .get();
      return { userId, id: row?.id ?? 0 };
    },
    expect: ADMIN_ONLY,
  },
  "members.endSessions": { input: async (s) => ({ userId: await freshMember(s) }), expect: ADMIN_ONLY },
  "members.resetFactors": { input: async (s) => ({ userId: await freshMember(s) }), expect: ADMIN_ONLY },
  "members.resetLink": { input: async (s) => ({ userId: await freshMember(s) }), expect: ADMIN_ONLY },

  "profile.get": { input: () => undefined, expect: SIGNED_IN },
  "profile.update": {
    input: (_s, kind) => ({ name: kind === "anonymous" ? "Nobody" : `${kind} person`, timeZone: "Europe/Berlin" }),
    expect: SIGNED_IN,
  },
  "profile.changePassword": {
    // The same password again: the cell proves who may call it without changing a fixture user's password.
    input: (_s, kind) => ({ currentPassword: PASSWORDS[kind], newPassword: PASSWORDS[kind] }),
    expect: SIGNED_IN,
  },
  "profile.sessions": { input: () => undefined, expect: SIGNED_IN },
  "profile.digest": { input: () => undefined, expect: SIGNED_IN },
  "profile.setDigest": { input: () => ({ weekday: 1, hour: 8 }), expect: SIGNED_IN },
  // The panel's figures: any member of the programs asked for, in the leadership allow-list's shape.
  "leadership.panel": { input: () => ({ programs: ["alpha"] }), expect: READ_ALPHA },
  "leadership.kpis": { input: () => ({ programs: ["alpha"], period: { kind: "last30" } }), expect: READ_ALPHA },
  "leadership.trends": { input: () => ({ programs: ["alpha"] }), expect: READ_ALPHA },
  "leadership.kpiCsv": { input: () => ({ programs: ["alpha"], period: { kind: "last90" } }), expect: READ_ALPHA },
  "leadership.reports": { input: () => ({ programs: ["alpha"], metric: "criticals" }), expect: READ_ALPHA },
  "escalations.list": { input: () => ({ programs: ["alpha"] }), expect: READ_ALPHA },
  "escalations.acknowledge": { input: async (s) => ({ id: await freshEscalation(s) }), expect: READ_ALPHA },
  "escalations.resolve": {
    input: async (s) => ({ id: await freshEscalation(s), note: "Handled in the weekly meeting" }),
    expect: READ_ALPHA,
  },
  "escalations.raise": {
    input: async (s) => ({ key: await s.freshReport(), level: "page", reason: "Customer data at risk" }),
    expect: TRIAGE_ALPHA,
  },
  "profile.endOtherSessions": { input: () => undefined, expect: SIGNED_IN },
  "profile.endSession": { input: (s, kind) => ownOtherSession(s, kind), expect: SIGNED_IN },

  "setup.status": { input: () => undefined, expect: PUBLIC },
  /** Users exist, so setup is refused for everyone, whatever the code. */
  "setup.createAdmin": {
    input: () => ({
      code: "x".repeat(32),
      email: "first@example.com",
      name: "First",
      password: "a long enough password",
    }),
    expect: {
      anonymous: "FORBIDDEN",
      leadership: "FORBIDDEN",
      otherTriager: "FORBIDDEN",
      triager: "FORBIDDEN",
      admin: "FORBIDDEN",
    },
  },
  "programs.create": {
    input: () => {
      created++;
      return {
        name: `Matrix ${created}`,
        slug: `matrix-${created}`,
        keyPrefix: `MX${"ABCDEFGH"[created % 8]}${"ABCDEFGH"[Math.floor(created / 8) % 8]}`,
      };
    },
    expect: ADMIN_OF_ALL,
  },
  "programs.update": { input: () => ({ program: "alpha", name: "Alpha Product" }), expect: ADMIN_ONLY },
  // archive and unarchive stay adjacent: each cell first puts alpha in the state it changes,
  // and the last cell (admin's unarchive) leaves alpha open for the rows after them.
  "programs.archive": {
    input: ({ db, f }) => {
      setProgramArchived(db, f.programs.alpha.id, false, SYSTEM, new Date());
      return { program: "alpha" };
    },
    expect: ADMIN_ONLY,
  },
  "programs.unarchive": {
    input: ({ db, f }) => {
      setProgramArchived(db, f.programs.alpha.id, true, SYSTEM, new Date());
      return { program: "alpha" };
    },
    expect: ADMIN_ONLY,
  },
  "auth.me": { input: () => undefined, expect: PUBLIC },
  "auth.signIn": {
    input: ({ f }) => ({ email: f.users.triager.email, password: f.users.triager.password }),
    expect: PUBLIC,
  },
  "auth.signOut": { input: () => undefined, expect: PUBLIC },
  "auth.passkeyOptions": {
    input: async (s) => ({ challengeToken: await secondStepFor(s, "passkey") }),
    expect: PUBLIC,
  },
  "auth.secondFactor": {
    input: async (s) => ({
      challengeToken: await secondStepFor(s, "totp"),
      method: "totp",
      code: TOTP.generate({ secret: Secret.fromBase32(MATRIX_TOTP_SECRET), timestamp: clock.now().getTime() + 1_000 }),
    }),
    expect: PUBLIC,
  },
  "auth.reauthPasskeyOptions": { input: () => undefined, expect: SIGNED_IN_NEEDS_STEP },
  "auth.reauthenticate": {
    input: (s, kind) => ({ method: "password", password: kind === "anonymous" ? "x" : s.f.users[kind].password }),
    expect: SIGNED_IN,
  },

  "security.factors": { input: () => undefined, expect: SIGNED_IN },
  "security.totpBegin": { input: () => undefined, expect: SIGNED_IN },
  "security.totpConfirm": {
    input: () => ({
      label: "Phone",
      secret: MATRIX_TOTP_SECRET,
      pending: "0.forged-pending-enrolment",
      code: "123456",
    }),
    expect: SIGNED_IN_NEEDS_STEP,
  },
  "security.passkeyBegin": { input: () => undefined, expect: SIGNED_IN },
  "security.passkeyFinish": {
    input: () => ({
      label: "Key",
      challengeToken: randomBytes(32).toString("base64url"),
      response: { id: "x", rawId: "x", type: "public-key" },
    }),
    expect: SIGNED_IN_NEEDS_STEP,
  },
  "security.regenerateRecoveryCodes": { input: () => undefined, expect: SIGNED_IN_NEEDS_STEP },
  "security.removeFactor": {
    input: () => ({ id: 999_999 }),
    expect: {
      ...SIGNED_IN_NEEDS_STEP,
      leadership: "NOT_FOUND",
      otherTriager: "NOT_FOUND",
      triager: "NOT_FOUND",
      admin: "NOT_FOUND",
    },
  },
  "security.settings": { input: () => undefined, expect: ADMIN_OF_ALL },
  "security.updateSettings": {
    input: () => ({ requireSecondFactor: "off", idleTimeoutMinutes: 1440, absoluteTimeoutHours: 12 }),
    expect: ADMIN_OF_ALL,
  },

  "programs.list": { input: () => undefined, expect: SIGNED_IN },
  "programs.staff": { input: () => ({ program: "alpha" }), expect: TRIAGE_ALPHA },
  "programs.updatePolicy": { input: () => ({ program: "alpha", policy: defaultPolicy() }), expect: ADMIN_ONLY },
  "programs.parseSecurityMd": {
    input: () => ({ markdown: "# Security\n\nWe acknowledge reports within 48 hours." }),
    expect: ADMIN_ONLY,
  },
  "programs.apiTokens": { input: () => ({ program: "alpha" }), expect: ADMIN_ONLY },
  "programs.createApiToken": { input: () => ({ program: "alpha", name: "scanner" }), expect: ADMIN_ONLY },
  "programs.revokeApiToken": {
    input: ({ db, f }) => {
      const t = createApiToken(
        db,
        { programId: f.programs.alpha.id, name: "ci", tokenHash: randomBytes(32).toString("hex"), prefix: "emb_x" },
        { userId: null, label: "test" },
        new Date(),
      );
      return { program: "alpha", id: t.id };
    },
    expect: ADMIN_ONLY,
  },
  "notifications.outbox": { input: () => ({}), expect: ADMIN_ONLY },
  "notifications.mailStatus": { input: () => undefined, expect: STAFF },
  "audit.list": { input: () => ({}), expect: ADMIN_ONLY },
  "audit.actions": { input: () => undefined, expect: ADMIN_ONLY },
  "audit.csv": { input: () => ({}), expect: ADMIN_ONLY },
  "audit.lastVerification": { input: () => undefined, expect: ADMIN_OF_ALL },
  "audit.verify": { input: () => undefined, expect: ADMIN_OF_ALL },
  "notifications.retry": {
    input: ({ db, f }) => {
      enqueueEmail(
        db,
        {
          event: "report.state",
          reportId: null,
          programId: f.programs.alpha.id,
          to: "r@example.com",
          subject: "s",
          text: "t",
        },
        new Date(),
      );
      const row = db.$client.prepare("SELECT max(id) AS id FROM outbox").get() as { id: number };
      return { id: row.id };
    },
    expect: ADMIN_ONLY,
  },
  "notifications.webhooks": { input: () => undefined, expect: ADMIN_ONLY },
  "notifications.createWebhook": {
    input: () => ({ program: "alpha", url: "https://hooks.example/embargo", events: ["report.created"] }),
    expect: ADMIN_ONLY,
  },
  "notifications.deleteWebhook": {
    input: ({ db, f }) => {
      const row = db
        .insert(schema.webhooks)
        .values({
          programId: f.programs.alpha.id,
          url: "https://h.example",
          secret: "s",
          events: [],
          createdAt: new Date(),
        })
        .returning({ id: schema.webhooks.id })
        .get();
      return { id: row.id };
    },
    expect: ADMIN_ONLY,
  },
  "programs.render": { input: () => ({ program: "alpha", format: "security-txt" }), expect: READ_ALPHA },

  "disclosure.setTarget": {
    input: async (s) => ({ key: await s.freshReport(), targetAt: LOCAL_IN_A_MONTH, timeZone: "Europe/Berlin" }),
    expect: TRIAGE_ALPHA,
  },
  "disclosure.agree": { input: async (s) => ({ key: await proposedReport(s) }), expect: TRIAGE_ALPHA },
  "disclosure.extend": {
    input: async (s) => ({
      key: await agreedReport(s),
      newAt: LOCAL_IN_TWO_MONTHS,
      timeZone: "UTC",
      reason: "The fix needs a second release",
    }),
    expect: TRIAGE_ALPHA,
  },
  "disclosure.decide": {
    input: async (s) => {
      const key = await agreedReport(s);
      const report = reportByKey(s.db, key)!;
      const { request } = s.db.transaction((tx) =>
        requestDisclosureChange(
          tx,
          report,
          {
            kind: "extension",
            requestedBy: "researcher",
            reason: "Conference talk",
            newAt: new Date("2026-06-01T00:00:00Z"),
            timeZone: "UTC",
            shortening: false,
          },
          { userId: null, label: "reporter" },
          clock.now(),
        ),
      );
      return { key, requestId: request.id, approve: true, note: null };
    },
    expect: TRIAGE_ALPHA,
  },
  "disclosure.setMilestone": {
    input: async (s) => ({
      key: await s.freshReport(),
      kind: "fix_ready",
      targetAt: LOCAL_IN_A_MONTH,
      actualAt: null,
      timeZone: "UTC",
      value: null,
    }),
    expect: TRIAGE_ALPHA,
  },
  "disclosure.publish": {
    input: async (s) => {
      const key = await agreedReport(s);
      await s.admin.reports.transition({ key, action: "mark_fixed", fixedVersion: "2.0.1" });
      return { key, advisoryUrl: "https://example.com/advisories/1", overrideReason: "Already public upstream" };
    },
    expect: TRIAGE_ALPHA,
  },
  "disclosure.calendar": {
    input: () => ({ from: new Date("2026-03-01T00:00:00Z"), to: new Date("2026-06-01T00:00:00Z") }),
    expect: SIGNED_IN,
  },
  "disclosure.feedStatus": { input: () => undefined, expect: SIGNED_IN },
  "disclosure.regenerateFeed": { input: () => undefined, expect: SIGNED_IN },
  "disclosure.revokeFeed": { input: () => undefined, expect: SIGNED_IN },
  "credits.list": { input: ({ f }) => ({ key: f.reports.alpha1 }), expect: READ_ALPHA },
  "credits.add": {
    input: async (s) => ({
      key: await s.freshReport(),
      name: "Matrix Cofinder",
      email: "cofinder@example.org",
      type: "finder",
      display: "name",
    }),
    expect: TRIAGE_ALPHA,
  },
  "credits.update": {
    input: async (s) => ({ ...(await creditedReport(s)), type: "remediation_verifier" }),
    expect: TRIAGE_ALPHA,
  },
  "credits.remove": { input: (s) => creditedReport(s), expect: TRIAGE_ALPHA },
  "credits.withdraw": { input: (s) => creditedReport(s), expect: TRIAGE_ALPHA },
  /** Communications staff hold leadership: every role may export its own programs' lists. */
  "credits.acknowledgments": { input: () => ({ program: "alpha", format: "md" }), expect: READ_ALPHA },

  "researchers.list": { input: () => ({ q: "matrix" }), expect: STAFF },
  "researchers.get": { input: async (s) => ({ id: await freshResearcher(s) }), expect: TRIAGE_ALPHA },
  "researchers.ofReport": {
    input: async (s) => {
      const id = await freshResearcher(s);
      const row = s.db.select().from(schema.reports).where(eq(schema.reports.researcherId, id)).get()!;
      return { key: row.key };
    },
    expect: TRIAGE_ALPHA,
  },
  "researchers.merge": {
    input: async (s) => ({ targetId: await freshResearcher(s), sourceId: await freshResearcher(s) }),
    expect: MERGE_ALPHA,
  },
  "researchers.exportData": { input: async (s) => ({ id: await freshResearcher(s) }), expect: ADMIN_ONLY },
  "researchers.erase": {
    input: async (s) => {
      const id = await freshResearcher(s);
      return { id, confirm: String(id) };
    },
    expect: ADMIN_ONLY,
  },

  "advisories.get": { input: ({ f }) => ({ key: f.reports.alpha1 }), expect: READ_ALPHA },
  "advisories.save": {
    input: async (s) => ({
      key: await s.freshReport(),
      draft: {
        ...emptyAdvisoryDraft({ title: "Matrix advisory", cwe: null, vendor: "Alpha", product: "Alpha" }),
        summary: "A matrix summary.",
      },
    }),
    expect: TRIAGE_ALPHA,
  },
  "advisories.export": {
    input: async (s) => {
      const key = await s.freshReport();
      await s.admin.advisories.save({
        key,
        draft: {
          ...emptyAdvisoryDraft({ title: "Matrix advisory", cwe: null, vendor: "Alpha", product: "Alpha" }),
          summary: "A matrix summary.",
        },
      });
      return { key, format: "osv" };
    },
    expect: TRIAGE_ALPHA,
  },

  "reports.list": { input: () => ({ program: "alpha", view: "all" }), expect: SIGNED_IN },
  "reports.byKey": { input: ({ f }) => ({ key: f.reports.alpha1 }), expect: READ_ALPHA },
  // Answers null (not NOT_FOUND) for a key the caller may not read: a search, not a read.
  "reports.jump": { input: ({ f }) => ({ q: f.reports.alpha1.toLowerCase() }), expect: SIGNED_IN },
  "reports.create": {
    input: () => ({ programSlug: "alpha", title: "Matrix report", description: "Created by the matrix." }),
    expect: TRIAGE_ALPHA,
  },
  "reports.update": {
    input: async (s) => ({ key: await s.freshReport(), title: "Edited by the matrix" }),
    expect: TRIAGE_ALPHA,
  },
  "reports.transition": {
    input: async (s) => ({ key: await s.freshReport(), action: "acknowledge" }),
    expect: TRIAGE_ALPHA,
  },
  "reports.setCvss": {
    input: async (s) => ({ key: await s.freshReport(), vector: CVSS_CRITICAL }),
    expect: TRIAGE_ALPHA,
  },
  "reports.setSeverity": {
    input: async (s) => ({ key: await s.freshReport(), severity: "high", reason: "Matrix override" }),
    expect: TRIAGE_ALPHA,
  },
  "reports.assign": {
    input: async (s) => ({ key: await s.freshReport(), assigneeId: s.f.users.triager.id }),
    expect: TRIAGE_ALPHA,
  },
  "reports.addMessage": {
    input: async (s) => ({ key: await s.freshReport(), kind: "internal", body: "Matrix note" }),
    expect: TRIAGE_ALPHA,
  },
};

const ROUTER_PATHS = Object.keys(appRouter._def.procedures).sort();

const clock = makeClock("2026-03-02T09:00:00.000Z");
let t: TestDb;
let setup: Setup;

beforeAll(async () => {
  t = makeTestDb();
  const f = await seedFixture(t.db, clock.now);
  t.db.update(schema.users).set({ adminOfAll: true }).where(eq(schema.users.id, f.users.admin.id)).run();
  const admin = await callerFor(t.db, f.users.admin, clock.now);
  setup = {
    db: t.db,
    f,
    admin,
    async freshReport() {
      clock.advance(1_000);
      const { key } = await admin.reports.create({
        programSlug: "alpha",
        title: "Target of one matrix cell",
        description: "Each mutating cell gets its own report.",
      });
      return key;
    },
  };
});

afterAll(() => t?.cleanup());

/** A fresh session per cell, so signOut in one cell cannot affect another. */
async function callerOf(kind: CallerKind): Promise<Caller> {
  const users = setup.f.users;
  const user = kind === "anonymous" ? null : users[kind];
  return callerFor(setup.db, user, clock.now);
}

function procedureAt(caller: Caller, path: string): (input: unknown) => Promise<unknown> {
  let node: unknown = caller;
  for (const part of path.split(".")) node = (node as Record<string, unknown>)[part];
  if (typeof node !== "function") throw new Error(`no procedure at ${path}`);
  return node as (input: unknown) => Promise<unknown>;
}

describe("authorization matrix", () => {
  it("classifies exactly the procedures of appRouter", () => {
    expect(ROUTER_PATHS.length).toBeGreaterThan(0);
    const unclassified = ROUTER_PATHS.filter((p) => !(p in MATRIX));
    const stale = Object.keys(MATRIX).filter((p) => !ROUTER_PATHS.includes(p));
    expect(unclassified, `procedures with no row in the authorization matrix: ${unclassified.join(", ")}`).toEqual([]);
    expect(stale, `matrix rows for procedures that no longer exist: ${stale.join(", ")}`).toEqual([]);
  });

  for (const [path, row] of Object.entries(MATRIX)) {
    for (const kind of CALLERS) {
      const outcome = row.expect[kind];
      it(`${path} as ${kind} → ${outcome}`, async () => {
        const caller = await callerOf(kind);
        const input = await row.input(setup, kind);
        clock.advance(1_000);
        let result: { ok: true } | { ok: false; error: unknown };
        try {
          await procedureAt(caller, path)(input);
          result = { ok: true };
        } catch (error) {
          result = { ok: false, error };
        }
        if (outcome === "ok") {
          const detail = result.ok ? "" : `${(result.error as Error).name}: ${(result.error as Error).message}`;
          expect(result.ok, `${path} as ${kind} should succeed, got ${detail}`).toBe(true);
          return;
        }
        expect(result.ok, `${path} as ${kind} should be refused with ${outcome}`).toBe(false);
        if (result.ok) return;
        expect(result.error).toBeInstanceOf(TRPCError);
        const err = result.error as TRPCError;
        expect(err.code, `${path} as ${kind}: ${err.message}`).toBe(outcome);
      });
    }
  }
});
