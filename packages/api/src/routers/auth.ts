import { randomBytes } from "node:crypto";
import { signInSchema } from "@embargo/core";
import {
  appendAudit,
  burnPasswordCheck,
  deleteSession,
  insertSession,
  membershipsOf,
  userByEmail,
  verifyPassword,
} from "@embargo/db";
import { TRPCError } from "@trpc/server";
import { hashToken } from "../context.ts";
import { publicProcedure, router } from "../trpc.ts";

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export const authRouter = router({
  /** The signed-in user and their programs, or null. */
  me: publicProcedure.query(({ ctx }) => ctx.user),

  signIn: publicProcedure.input(signInSchema).mutation(async ({ ctx, input }) => {
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
    const token = randomBytes(32).toString("base64url");
    ctx.db.transaction((tx) => {
      insertSession(tx, user.id, hashToken(token), now, SESSION_TTL_MS);
      appendAudit(
        tx,
        { userId: user.id, label: user.email },
        { action: "auth.sign_in", entityType: "user", entityId: user.id },
        now,
      );
    });
    ctx.cookie.set(token, new Date(now.getTime() + SESSION_TTL_MS));
    return { id: user.id, email: user.email, name: user.name, memberships: membershipsOf(ctx.db, user.id) };
  }),

  signOut: publicProcedure.mutation(({ ctx }) => {
    if (ctx.sessionTokenHash) {
      const hash = ctx.sessionTokenHash;
      ctx.db.transaction((tx) => {
        deleteSession(tx, hash);
        if (ctx.user) {
          appendAudit(
            tx,
            { userId: ctx.user.id, label: ctx.user.email },
            { action: "auth.sign_out", entityType: "user", entityId: ctx.user.id },
            ctx.now(),
          );
        }
      });
    }
    ctx.cookie.clear();
    return { ok: true as const };
  }),
});
