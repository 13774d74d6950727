import { randomBytes } from "node:crypto";
import {
  acceptInvitationSchema,
  describeWait,
  fieldError,
  INVALID_LINK_MESSAGE,
  linkTokenSchema,
  passwordSchema,
  resetPasswordSchema,
} from "@embargo/core";
import {
  acceptInvitation,
  endSession,
  hasFactor,
  hashPassword,
  liveAccountLink,
  resetPasswordWithLink,
  restrictToEnrolment,
  userByEmail,
  verifyPassword,
} from "@embargo/db";
import { TRPCError } from "@trpc/server";
import { hashToken } from "../context.ts";
import { signInThrottleFor } from "../sign-in-throttle.ts";
import { publicProcedure, router } from "../trpc.ts";
import { sessionTtlMs } from "./auth.ts";
import { factorRequiredFor } from "./security.ts";

const invalidLink = () => fieldError("token", INVALID_LINK_MESSAGE);

/**
 * Public pages reached from a link (invitation, password reset). A wrong,
 * expired or used link always gets the same answer, so probing tells nothing.
 */
export const accountRouter = router({
  /** What an invitation is for, shown before it is accepted. */
  invitation: publicProcedure.input(linkTokenSchema).query(({ ctx, input }) => {
    const found = liveAccountLink(ctx.db, "invitation", hashToken(input.token), ctx.now());
    if (!found?.link.email || !found.link.role || !found.programName) throw invalidLink();
    const existing = userByEmail(ctx.db, found.link.email);
    return {
      email: found.link.email,
      role: found.link.role,
      programName: found.programName,
      hasAccount: existing !== undefined,
    };
  }),

  /**
   * Accept: a new account (name and password) or, for an email that already
   * has one, its password; then the membership is added and the caller signed in.
   */
  acceptInvitation: publicProcedure.input(acceptInvitationSchema).mutation(async ({ ctx, input }) => {
    const now = ctx.now();
    const tokenHash = hashToken(input.token);
    const found = liveAccountLink(ctx.db, "invitation", tokenHash, now);
    if (!found?.link.email) throw invalidLink();
    const existing = userByEmail(ctx.db, found.link.email);
    let account: { existingUserId: number } | { name: string; passwordHash: string };
    if (existing) {
      // A password guess like any sign-in: counted by the same throttle.
      const throttle = signInThrottleFor(ctx.db);
      const wait = throttle.admit(existing.email, ctx.clientAddress, now.getTime());
      if (wait > 0) {
        throw new TRPCError({
          code: "TOO_MANY_REQUESTS",
          message: `Too many sign-in attempts. Try again in ${describeWait(wait)}.`,
        });
      }
      const ok = (await verifyPassword(existing.passwordHash, input.password)) && !existing.disabledAt;
      if (!ok) throw fieldError("password", "Wrong password for this account");
      throttle.succeeded(existing.email, ctx.clientAddress);
      account = { existingUserId: existing.id };
    } else {
      if (!input.name) throw fieldError("name", "Enter your name");
      const password = passwordSchema.safeParse(input.password);
      if (!password.success) throw fieldError("password", password.error.issues[0]?.message ?? "Too weak");
      account = { name: input.name, passwordHash: await hashPassword(input.password) };
    }
    const token = randomBytes(32).toString("base64url");
    const ttlMs = sessionTtlMs(ctx.db);
    const joined = acceptInvitation(
      ctx.db,
      {
        tokenHash,
        account,
        session: {
          tokenHash: hashToken(token),
          ttlMs,
          origin: { userAgent: ctx.userAgent, address: ctx.clientAddress },
        },
      },
      ctx.now(),
    );
    // Joining signs you in, under the same rules as a password sign-in: an account with a second
    // factor proved only its password here, so it joins but signs in through the two steps; one
    // that must have a factor and has none gets an enrolment-only session.
    const joiner = userByEmail(ctx.db, found.link.email);
    if (joiner && hasFactor(ctx.db, joiner.id)) {
      endSession(ctx.db, hashToken(token), null, now);
      return { programSlug: joined.programSlug, signInNeeded: true };
    }
    if (joiner && factorRequiredFor(ctx, joiner.id, joiner.adminOfAll)) restrictToEnrolment(ctx.db, hashToken(token));
    ctx.cookie.set(token, new Date(now.getTime() + ttlMs));
    return { programSlug: joined.programSlug, signInNeeded: false };
  }),

  /** A new password from a reset link; every session of the user ends (they sign in again). */
  resetPassword: publicProcedure.input(resetPasswordSchema).mutation(async ({ ctx, input }) => {
    const tokenHash = hashToken(input.token);
    if (!liveAccountLink(ctx.db, "password_reset", tokenHash, ctx.now())) throw invalidLink();
    resetPasswordWithLink(ctx.db, tokenHash, await hashPassword(input.password), ctx.now());
    return { ok: true as const };
  }),
});
