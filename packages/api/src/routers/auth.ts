import { randomBytes } from "node:crypto";
import {
  challengeTokenSchema,
  describeWait,
  fieldError,
  REAUTH_WINDOW_MS,
  reauthenticateSchema,
  SECOND_FACTOR_CHALLENGE_TTL_MS,
  secondFactorRequired,
  secondStepSchema,
  signInSchema,
} from "@embargo/core";
import {
  appendAudit,
  burnPasswordCheck,
  createChallenge,
  type Db,
  endSession,
  factorsOf,
  failChallenge,
  liveChallenge,
  markAuthenticated,
  membershipsOf,
  recordPasskeyUse,
  securitySettings,
  setChallengeValue,
  spendChallenge,
  startSession,
  userByEmail,
  userById,
  verifyPassword,
} from "@embargo/db";
import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { generateAuthenticationOptions } from "@simplewebauthn/server";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { type Context, hashToken } from "../context.ts";
import { checkTotp, newChallengeToken, relyingParty, useRecoveryCode, verifyPasskey } from "../second-factor.ts";
import { signInThrottleFor } from "../sign-in-throttle.ts";
import { authedProcedure, publicProcedure, router } from "../trpc.ts";

/** The longest a session may live; the security settings' absolute timeout (default 12 h) ends it sooner. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** The session lifetime under the current settings. */
export const sessionTtlMs = (db: Db) => securitySettings(db).absoluteTimeoutHours * 3_600_000;

const tooMany = (wait: number) =>
  new TRPCError({
    code: "TOO_MANY_REQUESTS",
    message: `Too many sign-in attempts. Try again in ${describeWait(wait)}.`,
  });

/** A new session for this browser: a fresh random token, only its hash stored. */
function openSession(
  ctx: Context,
  user: { id: number; email: string },
  how: { enrolmentOnly?: boolean; method: "password" | "totp" | "passkey" | "recovery" },
) {
  const now = ctx.now();
  const ttl = sessionTtlMs(ctx.db);
  const token = randomBytes(32).toString("base64url");
  startSession(ctx.db, user, hashToken(token), now, ttl, { userAgent: ctx.userAgent, address: ctx.clientAddress }, how);
  ctx.cookie.set(token, new Date(now.getTime() + ttl));
}

function signedIn(ctx: Context, userId: number) {
  const u = userById(ctx.db, userId);
  if (!u) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in again" });
  return {
    status: "signed_in" as const,
    id: u.id,
    email: u.email,
    name: u.name,
    adminOfAll: u.adminOfAll,
    timeZone: u.timeZone,
    memberships: membershipsOf(ctx.db, u.id),
  };
}

const CHALLENGE_GONE = "This sign-in has expired or was ended after too many wrong codes. Sign in again.";

export const authRouter = router({
  /** The signed-in user and their programs, or null; an enrolment-only session says so. */
  me: publicProcedure.query(({ ctx }) => {
    if (ctx.user) return { ...ctx.user, enrolmentOnly: false };
    if (ctx.enrolmentUser) return { ...ctx.enrolmentUser, enrolmentOnly: true };
    return null;
  }),

  /**
   * Step one. With no second factor: a session (enrolment-only when the
   * settings require a factor this user lacks). With one: a challenge token
   * for step two (5 minutes, 5 wrong codes), and no session yet.
   */
  signIn: publicProcedure.input(signInSchema).mutation(async ({ ctx, input }) => {
    const throttle = signInThrottleFor(ctx.db);
    // Counted before the password is checked, so parallel guesses cannot all slip in; the
    // same rule for an email with no account, so the answer tells nothing about accounts.
    const wait = throttle.admit(input.email, ctx.clientAddress, ctx.now().getTime());
    if (wait > 0) throw tooMany(wait);
    const user = userByEmail(ctx.db, input.email);
    // Every path does exactly one password check, so timing does not tell
    // whether the email has an account or the account is disabled.
    const ok = user ? (await verifyPassword(user.passwordHash, input.password)) && !user.disabledAt : false;
    if (!user) await burnPasswordCheck(input.password);
    const now = ctx.now();
    if (!user || !ok) {
      // One message for both cases: sign-in must not reveal who has an account.
      throw new TRPCError({ code: "UNAUTHORIZED", message: "Email or password is wrong" });
    }
    const factors = factorsOf(ctx.db, user.id);
    if (factors.length > 0) {
      // The password is right but the account is not yet cleared: the throttle keeps counting
      // until the second step succeeds, so codes cannot be guessed at leisure.
      const challengeToken = newChallengeToken();
      createChallenge(
        ctx.db,
        {
          tokenHash: hashToken(challengeToken),
          userId: user.id,
          purpose: "second_factor",
          ttlMs: SECOND_FACTOR_CHALLENGE_TTL_MS,
        },
        now,
      );
      return {
        status: "second_factor" as const,
        challengeToken,
        expiresAt: new Date(now.getTime() + SECOND_FACTOR_CHALLENGE_TTL_MS),
        methods: {
          totp: factors.some((f) => f.kind === "totp"),
          passkey: factors.some((f) => f.kind === "passkey"),
        },
      };
    }
    throttle.succeeded(input.email, ctx.clientAddress);
    const isAdmin = user.adminOfAll || membershipsOf(ctx.db, user.id).some((m) => m.role === "admin");
    if (secondFactorRequired(securitySettings(ctx.db).requireSecondFactor, isAdmin)) {
      openSession(ctx, user, { enrolmentOnly: true, method: "password" });
      return { status: "enrol" as const };
    }
    openSession(ctx, user, { method: "password" });
    return signedIn(ctx, user.id);
  }),

  /** Options for a passkey as the second step (the user's own passkeys only). */
  passkeyOptions: publicProcedure
    .input(z.object({ challengeToken: challengeTokenSchema }))
    .mutation(async ({ ctx, input }) => {
      const c = liveChallenge(ctx.db, hashToken(input.challengeToken), "second_factor", ctx.now());
      if (!c) throw fieldError("challengeToken", CHALLENGE_GONE);
      const passkeys = factorsOf(ctx.db, c.userId).filter((f) => f.kind === "passkey" && f.credentialId);
      if (passkeys.length === 0) throw fieldError("challengeToken", "This account has no passkey");
      const options = await generateAuthenticationOptions({
        rpID: relyingParty(ctx.publicUrl).rpID,
        allowCredentials: passkeys.map((f) => ({ id: f.credentialId as string, transports: f.transports ?? [] })),
        userVerification: "preferred",
      });
      setChallengeValue(ctx.db, c.id, options.challenge);
      return options;
    }),

  /**
   * Step two: a TOTP code, a recovery code or a passkey. A wrong answer counts
   * against the sign-in throttle and the challenge (5 and it is gone); a
   * replayed TOTP code is refused by name.
   */
  secondFactor: publicProcedure.input(secondStepSchema).mutation(async ({ ctx, input }) => {
    const now = ctx.now();
    const c = liveChallenge(ctx.db, hashToken(input.challengeToken), "second_factor", now);
    if (!c) throw fieldError("challengeToken", CHALLENGE_GONE);
    const user = userById(ctx.db, c.userId);
    if (!user || user.disabledAt) throw fieldError("challengeToken", CHALLENGE_GONE);
    const throttle = signInThrottleFor(ctx.db);
    const wait = throttle.admit(user.email, ctx.clientAddress, now.getTime());
    if (wait > 0) throw tooMany(wait);
    const factors = factorsOf(ctx.db, user.id);
    const actor = { userId: user.id, label: user.email };
    let failure: { field: string; message: string } | null = null;
    if (input.method === "totp") {
      const r = checkTotp(ctx.db, factors, input.code, now);
      if (r === "used") failure = { field: "code", message: "This code was already used. Wait for the next one." };
      else if (!r)
        failure = { field: "code", message: "This code is wrong or has expired. Check your device's clock." };
    } else if (input.method === "recovery") {
      if (!(await useRecoveryCode(ctx.db, user.id, input.code, now))) {
        failure = { field: "code", message: "This recovery code is wrong or was already used" };
      }
    } else {
      const r = c.challenge
        ? await verifyPasskey(
            ctx.publicUrl,
            factors,
            c.challenge,
            input.response as unknown as AuthenticationResponseJSON,
          )
        : ({ ok: false, message: "Start the passkey sign-in again" } as const);
      if (r.ok) recordPasskeyUse(ctx.db, r.factor.id, r.newCounter, now);
      else failure = { field: "response", message: r.message };
    }
    if (failure) {
      const alive = failChallenge(ctx.db, c.id);
      ctx.db.transaction((tx) =>
        appendAudit(
          tx,
          actor,
          {
            action: "auth.second_factor_failed",
            entityType: "user",
            entityId: user.id,
            data: { method: input.method, challengeEnded: !alive },
          },
          now,
        ),
      );
      throw fieldError(failure.field, alive ? failure.message : `${failure.message}. ${CHALLENGE_GONE}`);
    }
    if (!spendChallenge(ctx.db, c.id)) throw fieldError("challengeToken", CHALLENGE_GONE);
    throttle.succeeded(user.email, ctx.clientAddress);
    if (input.method === "recovery") {
      ctx.db.transaction((tx) =>
        appendAudit(tx, actor, { action: "factor.recovery_code_used", entityType: "user", entityId: user.id }, now),
      );
    }
    openSession(ctx, user, { method: input.method });
    return signedIn(ctx, user.id);
  }),

  /** Options for proving it is you again with a passkey; the token comes back with the answer. */
  reauthPasskeyOptions: authedProcedure.mutation(async ({ ctx }) => {
    const passkeys = factorsOf(ctx.db, ctx.user.id).filter((f) => f.kind === "passkey" && f.credentialId);
    if (passkeys.length === 0) throw fieldError("method", "You have no passkey; use your password");
    const options = await generateAuthenticationOptions({
      rpID: relyingParty(ctx.publicUrl).rpID,
      allowCredentials: passkeys.map((f) => ({ id: f.credentialId as string, transports: f.transports ?? [] })),
      userVerification: "preferred",
    });
    const challengeToken = newChallengeToken();
    createChallenge(
      ctx.db,
      {
        tokenHash: hashToken(challengeToken),
        userId: ctx.user.id,
        purpose: "reauth",
        challenge: options.challenge,
        ttlMs: SECOND_FACTOR_CHALLENGE_TTL_MS,
      },
      ctx.now(),
    );
    return { challengeToken, options };
  }),

  /** Prove it is you again (password or passkey): sensitive actions are allowed for the next 10 minutes. */
  reauthenticate: authedProcedure.input(reauthenticateSchema).mutation(async ({ ctx, input }) => {
    const now = ctx.now();
    const session = ctx.session;
    if (!session) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first" });
    const throttle = signInThrottleFor(ctx.db);
    const wait = throttle.admit(`reauth:${ctx.user.email}`, ctx.clientAddress, now.getTime());
    if (wait > 0) throw tooMany(wait);
    if (input.method === "password") {
      const me = userById(ctx.db, ctx.user.id);
      if (!me || !(await verifyPassword(me.passwordHash, input.password))) {
        throw fieldError("password", "This is not your password");
      }
    } else {
      const c = liveChallenge(ctx.db, hashToken(input.challengeToken), "reauth", now);
      if (!c || c.userId !== ctx.user.id || !c.challenge)
        throw fieldError("response", "Start again: this prompt expired");
      spendChallenge(ctx.db, c.id);
      const r = await verifyPasskey(
        ctx.publicUrl,
        factorsOf(ctx.db, ctx.user.id),
        c.challenge,
        input.response as unknown as AuthenticationResponseJSON,
      );
      if (!r.ok) throw fieldError("response", r.message);
      recordPasskeyUse(ctx.db, r.factor.id, r.newCounter, now);
    }
    throttle.succeeded(`reauth:${ctx.user.email}`, ctx.clientAddress);
    markAuthenticated(ctx.db, session.id, now);
    return { ok: true as const, until: new Date(now.getTime() + REAUTH_WINDOW_MS) };
  }),

  signOut: publicProcedure.mutation(({ ctx }) => {
    if (ctx.sessionTokenHash) endSession(ctx.db, ctx.sessionTokenHash, ctx.user ?? ctx.enrolmentUser, ctx.now());
    ctx.cookie.clear();
    return { ok: true as const };
  }),
});
