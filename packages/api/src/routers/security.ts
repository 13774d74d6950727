import { randomBytes } from "node:crypto";
import {
  factorIdSchema,
  fieldError,
  passkeyFinishSchema,
  secondFactorRequired,
  securitySettingsSchema,
  totpConfirmSchema,
} from "@embargo/core";
import {
  addFactor,
  createChallenge,
  factorByCredentialId,
  factorSummaries,
  factorsOf,
  hasFactor,
  liveChallenge,
  membershipsOf,
  recoveryCodesLeft,
  removeFactor,
  replaceRecoveryCodes,
  rotateSession,
  securitySettings,
  spendChallenge,
  updateSecuritySettings,
} from "@embargo/db";
import type { RegistrationResponseJSON } from "@simplewebauthn/server";
import { generateRegistrationOptions, verifyRegistrationResponse } from "@simplewebauthn/server";
import { TRPCError } from "@trpc/server";
import { type Context, hashToken, type SessionInfo, type SessionUser } from "../context.ts";
import {
  hashRecoveryCodes,
  newChallengeToken,
  newRecoveryCodes,
  newTotp,
  newTotpSecret,
  pendingTotpValid,
  relyingParty,
  sealPendingTotp,
  totpStep,
} from "../second-factor.ts";
import { adminOfAllProcedure, authedProcedure, enrolmentProcedure, recentAuth, router } from "../trpc.ts";
import { sessionTtlMs } from "./auth.ts";

type EnrolCtx = Context & { user: SessionUser; session: SessionInfo };

const actorOf = (ctx: { user: SessionUser }) => ({ userId: ctx.user.id, label: ctx.user.email });

const isAdmin = (u: SessionUser) => u.adminOfAll || u.memberships.some((m) => m.role === "admin");

/** Whether the settings require this user to keep a second factor. */
export const factorRequiredFor = (ctx: Context, userId: number, adminOfAll: boolean) =>
  secondFactorRequired(
    securitySettings(ctx.db).requireSecondFactor,
    adminOfAll || membershipsOf(ctx.db, userId).some((m) => m.role === "admin"),
  );

/**
 * After a factor is enrolled: the first one brings ten recovery codes (shown
 * once), and an enrolment-only session is replaced by a full one with a new
 * token (a privilege change).
 */
async function afterEnrolment(ctx: EnrolCtx, first: boolean) {
  if (ctx.session.enrolmentOnly) {
    const token = randomBytes(32).toString("base64url");
    const now = ctx.now();
    const ttl = sessionTtlMs(ctx.db);
    rotateSession(ctx.db, ctx.session.id, hashToken(token), now, ttl, "enrolment", actorOf(ctx));
    ctx.cookie.set(token, new Date(now.getTime() + ttl));
  }
  return { first };
}

export const securityRouter = router({
  /** The caller's own factors (no secrets), recovery codes left and whether a factor is required. */
  factors: enrolmentProcedure.query(({ ctx }) => ({
    factors: factorSummaries(ctx.db, ctx.user.id),
    recoveryCodesLeft: recoveryCodesLeft(ctx.db, ctx.user.id),
    required: secondFactorRequired(securitySettings(ctx.db).requireSecondFactor, isAdmin(ctx.user)),
    enrolmentOnly: ctx.session.enrolmentOnly,
  })),

  /** A new TOTP secret for the QR code; nothing is stored until a first code confirms it. */
  totpBegin: enrolmentProcedure.mutation(({ ctx }) => {
    const secret = newTotpSecret();
    return {
      secret,
      uri: newTotp(secret, ctx.user.email).toString(),
      pending: sealPendingTotp(ctx.session.id, secret, ctx.now()),
    };
  }),

  /** Confirm with a first code; the first factor also returns the ten recovery codes, shown once. */
  totpConfirm: enrolmentProcedure.input(totpConfirmSchema).mutation(async ({ ctx, input }) => {
    const now = ctx.now();
    if (!pendingTotpValid(ctx.session.id, input.secret, input.pending, now)) {
      throw fieldError("code", "This set-up has expired. Start again to get a new QR code.");
    }
    const step = totpStep(input.secret, input.code, now);
    if (step === null) throw fieldError("code", "This code does not match. Check your device's clock and try again.");
    const first = !hasFactor(ctx.db, ctx.user.id);
    const codes = first ? newRecoveryCodes() : null;
    addFactor(
      ctx.db,
      ctx.user.id,
      { kind: "totp", label: input.label, totpSecret: input.secret, totpLastStep: step },
      codes ? await hashRecoveryCodes(codes) : null,
      actorOf(ctx),
      now,
    );
    await afterEnrolment(ctx, first);
    return { recoveryCodes: codes };
  }),

  /** WebAuthn registration options; the challenge is kept server-side under a token the browser returns. */
  passkeyBegin: enrolmentProcedure.mutation(async ({ ctx }) => {
    const rp = relyingParty(ctx.publicUrl);
    const existing = factorsOf(ctx.db, ctx.user.id).filter((f) => f.kind === "passkey" && f.credentialId);
    const options = await generateRegistrationOptions({
      rpName: rp.rpName,
      rpID: rp.rpID,
      userName: ctx.user.email,
      userDisplayName: ctx.user.name,
      userID: new TextEncoder().encode(`embargo-user-${ctx.user.id}`),
      attestationType: "none",
      excludeCredentials: existing.map((f) => ({ id: f.credentialId as string, transports: f.transports ?? [] })),
      authenticatorSelection: { residentKey: "preferred", userVerification: "preferred" },
    });
    const challengeToken = newChallengeToken();
    createChallenge(
      ctx.db,
      {
        tokenHash: hashToken(challengeToken),
        userId: ctx.user.id,
        purpose: "passkey_register",
        challenge: options.challenge,
        ttlMs: 10 * 60_000,
      },
      ctx.now(),
    );
    return { challengeToken, options };
  }),

  passkeyFinish: enrolmentProcedure.input(passkeyFinishSchema).mutation(async ({ ctx, input }) => {
    const now = ctx.now();
    const c = liveChallenge(ctx.db, hashToken(input.challengeToken), "passkey_register", now);
    if (!c || c.userId !== ctx.user.id || !c.challenge) {
      throw fieldError("response", "This set-up has expired. Start again.");
    }
    spendChallenge(ctx.db, c.id);
    const rp = relyingParty(ctx.publicUrl);
    let info: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
    try {
      info = await verifyRegistrationResponse({
        response: input.response as unknown as RegistrationResponseJSON,
        expectedChallenge: c.challenge,
        expectedOrigin: rp.origin,
        expectedRPID: rp.rpID,
        requireUserVerification: false,
      });
    } catch {
      throw fieldError("response", "The passkey's answer could not be verified. Try again.");
    }
    if (!info.verified) throw fieldError("response", "The passkey's answer could not be verified. Try again.");
    const cred = info.registrationInfo.credential;
    if (factorByCredentialId(ctx.db, cred.id)) throw fieldError("response", "This passkey is already registered");
    const first = !hasFactor(ctx.db, ctx.user.id);
    const codes = first ? newRecoveryCodes() : null;
    addFactor(
      ctx.db,
      ctx.user.id,
      {
        kind: "passkey",
        label: input.label,
        credentialId: cred.id,
        publicKey: Buffer.from(cred.publicKey).toString("base64url"),
        signCount: cred.counter,
        transports: cred.transports ?? [],
      },
      codes ? await hashRecoveryCodes(codes) : null,
      actorOf(ctx),
      now,
    );
    await afterEnrolment(ctx, first);
    return { recoveryCodes: codes };
  }),

  /** Ten new recovery codes replace the old ones (shown once). Needs a recent proof. */
  regenerateRecoveryCodes: authedProcedure.use(recentAuth).mutation(async ({ ctx }) => {
    if (!hasFactor(ctx.db, ctx.user.id)) throw fieldError("factors", "Add a passkey or an authenticator app first");
    const codes = newRecoveryCodes();
    replaceRecoveryCodes(ctx.db, ctx.user.id, await hashRecoveryCodes(codes), actorOf(ctx), ctx.now());
    return { recoveryCodes: codes };
  }),

  /** Remove one of your factors; your last one is refused while a factor is required. Needs a recent proof. */
  removeFactor: authedProcedure
    .use(recentAuth)
    .input(factorIdSchema)
    .mutation(({ ctx, input }) => {
      const mine = factorSummaries(ctx.db, ctx.user.id);
      if (!mine.some((f) => f.id === input.id)) throw new TRPCError({ code: "NOT_FOUND", message: "No such factor" });
      if (mine.length === 1 && secondFactorRequired(securitySettings(ctx.db).requireSecondFactor, isAdmin(ctx.user))) {
        throw fieldError("id", "A second factor is required for your account: add another before removing this one");
      }
      removeFactor(ctx.db, ctx.user.id, input.id, actorOf(ctx), ctx.now());
      return { ok: true as const };
    }),

  /** The installation's security settings (admins of all programs). */
  settings: adminOfAllProcedure.query(({ ctx }) => securitySettings(ctx.db)),

  updateSettings: adminOfAllProcedure
    .use(recentAuth)
    .input(securitySettingsSchema)
    .mutation(({ ctx, input }) => updateSecuritySettings(ctx.db, input, actorOf(ctx), ctx.now())),
});
