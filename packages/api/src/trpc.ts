import {
  type AuthReason,
  DomainError,
  describeFieldErrors,
  REAUTH_WINDOW_MS,
  type Role,
  zodFieldErrors,
} from "@embargo/core";
import { initTRPC, TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { type Context, rolesOf } from "./context.ts";
import { auditDenied, DeniedAccess } from "./denied-audit.ts";
import { transformer } from "./transformer.ts";

const CODE_OF: Record<DomainError["kind"], TRPCError["code"]> = {
  validation: "BAD_REQUEST",
  invalid_transition: "CONFLICT",
  not_found: "NOT_FOUND",
  conflict: "CONFLICT",
  forbidden: "FORBIDDEN",
};

const t = initTRPC.context<Context>().create({
  transformer,
  // Never send stack traces, whatever NODE_ENV says.
  isDev: false,
  errorFormatter({ shape, error }) {
    let fieldErrors: Record<string, string> | null = null;
    let message = shape.message;
    if (error.cause instanceof ZodError) {
      fieldErrors = zodFieldErrors(error.cause);
      message = describeFieldErrors(fieldErrors);
    } else if (error.cause instanceof DomainError && error.cause.field) {
      fieldErrors = { [error.cause.field]: error.cause.message };
    }
    if (error.code === "INTERNAL_SERVER_ERROR") message = "Something went wrong on the server; nothing was changed.";
    const { stack: _stack, ...data } = shape.data;
    // What the web app acts on: reauth_required opens the password/passkey prompt, enrolment_required routes to enrolment.
    const reason = error.cause instanceof AuthRequirement ? error.cause.reason : null;
    return { ...shape, message, data: { ...data, fieldErrors, reason } };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Domain errors from core become the matching tRPC code, keeping the field; denied attempts are audited. */
const domainErrors = t.middleware(async ({ ctx, path, getRawInput, next }) => {
  const result = await next();
  // A re-authentication or enrolment requirement is a step the person takes, not a denied attempt.
  const denied =
    !result.ok &&
    !(result.error.cause instanceof AuthRequirement) &&
    (result.error.code === "FORBIDDEN" || result.error.cause instanceof DeniedAccess);
  if (denied && ctx.user) {
    try {
      auditDenied(ctx.db, ctx.user, { path, code: result.error.code, rawInput: await getRawInput() }, ctx.now());
    } catch {
      // Recording the denial must never change the answer the caller gets.
    }
  }
  if (!result.ok && result.error.cause instanceof DomainError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: CODE_OF[cause.kind], message: cause.message, cause });
  }
  return result;
});

export const publicProcedure = t.procedure.use(domainErrors);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user && ctx.enrolmentUser) throw enrolmentRequired();
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first" });
  return next({ ctx: { ...ctx, user: ctx.user } });
});

// ---- Second factor and re-authentication (docs/decisions/0011) -------------------------------

/** The cause of a refusal the web app acts on by `data.reason`. */
export class AuthRequirement extends Error {
  constructor(readonly reason: AuthReason) {
    super(reason);
    this.name = "AuthRequirement";
  }
}

const enrolmentRequired = () =>
  new TRPCError({
    code: "FORBIDDEN",
    message: "Set up a second factor first: your account requires one",
    cause: new AuthRequirement("enrolment_required"),
  });

/**
 * Signed in, including a session that may only enrol a second factor: only
 * the enrolment procedures (security.*Begin/Confirm/Finish, security.factors)
 * use this; everything else is behind authedProcedure, which refuses such a session.
 */
export const enrolmentProcedure = publicProcedure.use(({ ctx, next }) => {
  const user = ctx.user ?? ctx.enrolmentUser;
  if (!user || !ctx.session) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first" });
  return next({ ctx: { ...ctx, user, session: ctx.session } });
});

/**
 * Sensitive actions need a password or passkey proven within REAUTH_WINDOW_MS
 * in this session; otherwise FORBIDDEN with reason `reauth_required`, and the
 * web app asks for the proof (auth.reauthenticate) and retries.
 */
export const recentAuth = t.middleware(({ ctx, next }) => {
  const s = ctx.session;
  if (!s || ctx.now().getTime() - s.authenticatedAt.getTime() > REAUTH_WINDOW_MS) {
    throw new TRPCError({
      code: "FORBIDDEN",
      message: "Confirm it is you: enter your password or use your passkey, then try again",
      cause: new AuthRequirement("reauth_required"),
    });
  }
  return next();
});

/**
 * The caller must hold one of `roles` in at least one program. Runs before
 * input parsing, so a denied call is FORBIDDEN, never a validation error.
 * Per-program checks follow in the procedure (see access.ts).
 */
export const roleProcedure = (...roles: Role[]) =>
  authedProcedure.use(({ ctx, next }) => {
    const held = rolesOf(ctx.user);
    if (!roles.some((r) => held.has(r))) {
      throw new TRPCError({ code: "FORBIDDEN", message: `Needs the ${roles.join(" or ")} role` });
    }
    return next();
  });

/** Only admins of every program (the first user, and those made so) may create programs. */
export const adminOfAllProcedure = authedProcedure.use(({ ctx, next }) => {
  if (!ctx.user.adminOfAll) {
    throw new TRPCError({ code: "FORBIDDEN", message: "Only an administrator of all programs can create programs" });
  }
  return next();
});
