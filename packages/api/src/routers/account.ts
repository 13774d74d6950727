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
  hashPassword,
  liveAccountLink,
  resetPasswordWithLink,
  userByEmail,
  verifyPassword,
} from "@embargo/db";
import { TRPCError } from "@trpc/server";
import { hashToken } from "../context.ts";
import { signInThrottleFor } from "../sign-in-throttle.ts";
import { publicProcedure, router } from "../trpc.ts";
import { SESSION_TTL_MS } from "./auth.ts";

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
    const joined = acceptInvitation(
      ctx.db,
      {
        tokenHash,
        account,
        session: {
          tokenHash: hashToken(token),
          ttlMs: SESSION_TTL_MS,
          origin: { userAgent: ctx.userAgent, address: ctx.clientAddress },
        },
      },
      ctx.now(),
    );
    ctx.cookie.set(token, new Date(now.getTime() + SESSION_TTL_MS));
    return { programSlug: joined.programSlug };
  }),

  /** A new password from a reset link; every session of the user ends (they sign in again). */
  resetPassword: publicProcedure.input(resetPasswordSchema).mutation(async ({ ctx, input }) => {
    const tokenHash = hashToken(input.token);
    if (!liveAccountLink(ctx.db, "password_reset", tokenHash, ctx.now())) throw invalidLink();
    resetPasswordWithLink(ctx.db, tokenHash, await hashPassword(input.password), ctx.now());
    return { ok: true as const };
  }),
});
