import { randomBytes } from "node:crypto";
import { describeWait, setupAdminSchema } from "@embargo/core";
import { createFirstAdmin, hasUsers, membershipsOf, sha256Hex, startSession } from "@embargo/db";
import { TRPCError } from "@trpc/server";
import { hashToken } from "../context.ts";
import { signInThrottleFor } from "../sign-in-throttle.ts";
import { publicProcedure, router } from "../trpc.ts";
import { SESSION_TTL_MS } from "./auth.ts";

/** Wrong, replaced and spent codes answer alike, so the answer tells nothing about codes. */
const INVALID_CODE = "This setup link is not valid. Use the link printed by the latest `embargo serve` start.";
const ALREADY_SET_UP = "Embargo is already set up. Sign in instead.";

export const setupRouter = router({
  /** Whether the installation still waits for its first administrator. */
  status: publicProcedure.query(({ ctx }) => ({ needed: !hasUsers(ctx.db) })),

  /**
   * First run: the code printed by `embargo serve` creates the first
   * administrator (admin of every program) and signs them in. Refused for
   * good once any user exists.
   */
  createAdmin: publicProcedure.input(setupAdminSchema).mutation(async ({ ctx, input }) => {
    if (hasUsers(ctx.db)) throw new TRPCError({ code: "FORBIDDEN", message: ALREADY_SET_UP });
    // Throttled like sign-in per client address: the code is 192 bits, but guessing should still cost time.
    const throttle = signInThrottleFor(ctx.db);
    const key = `setup:${ctx.clientAddress ?? "local"}`;
    const wait = throttle.admit(key, ctx.clientAddress, ctx.now().getTime());
    if (wait > 0) {
      throw new TRPCError({
        code: "TOO_MANY_REQUESTS",
        message: `Too many setup attempts. Try again in ${describeWait(wait)}.`,
      });
    }
    const now = ctx.now();
    const result = await createFirstAdmin(
      ctx.db,
      { tokenHash: sha256Hex(input.code), email: input.email, name: input.name, password: input.password },
      "setup link",
      now,
    );
    if (!result.ok) {
      throw new TRPCError({
        code: "FORBIDDEN",
        message: result.reason === "already_set_up" ? ALREADY_SET_UP : INVALID_CODE,
      });
    }
    throttle.succeeded(key, ctx.clientAddress);
    const { user } = result;
    const token = randomBytes(32).toString("base64url");
    startSession(ctx.db, user, hashToken(token), now, SESSION_TTL_MS);
    ctx.cookie.set(token, new Date(now.getTime() + SESSION_TTL_MS));
    return { id: user.id, email: user.email, name: user.name, memberships: membershipsOf(ctx.db, user.id) };
  }),
});
