import { ROLES, type Role, TRIAGE_ROLES } from "@embargo/core";
import { type ReportRow, reportByKey } from "@embargo/db";
import { TRPCError } from "@trpc/server";
import type { Context, SessionUser } from "./context.ts";
import { DeniedAccess } from "./denied-audit.ts";

export type AuthedContext = Context & { user: SessionUser };

function roleIn(user: SessionUser, programId: number): Role | null {
  return user.memberships.find((m) => m.programId === programId)?.role ?? null;
}

export function programIdsWith(user: SessionUser, roles: readonly Role[] = ROLES) {
  return user.memberships.filter((m) => roles.includes(m.role)).map((m) => m.programId);
}

const notFound = (key: string) => new TRPCError({ code: "NOT_FOUND", message: `Report ${key} not found` });

/**
 * Load a report the caller may see. A report in a program the caller is not
 * a member of answers exactly like one that does not exist.
 */
export function readableReport(ctx: AuthedContext, key: string): { report: ReportRow; role: Role } {
  const report = reportByKey(ctx.db, key);
  const role = report ? roleIn(ctx.user, report.programId) : null;
  if (!report) throw notFound(key);
  // Answered exactly like a missing report, but audited as a denied attempt (trpc.ts).
  if (!role) throw new TRPCError({ code: "NOT_FOUND", message: `Report ${key} not found`, cause: new DeniedAccess() });
  return { report, role };
}

/** As readableReport, and the caller must be able to change it. */
export function triageableReport(ctx: AuthedContext, key: string): { report: ReportRow; role: Role } {
  const found = readableReport(ctx, key);
  if (!TRIAGE_ROLES.includes(found.role)) {
    throw new TRPCError({ code: "FORBIDDEN", message: "Leadership viewers cannot change reports" });
  }
  return found;
}

export function programBySlugFor(ctx: AuthedContext, slug: string, roles: readonly Role[]) {
  const m = ctx.user.memberships.find((x) => x.slug === slug);
  if (!m) throw new TRPCError({ code: "NOT_FOUND", message: `Program "${slug}" not found` });
  if (!roles.includes(m.role)) {
    throw new TRPCError({ code: "FORBIDDEN", message: `Needs the ${roles.join(" or ")} role in ${m.name}` });
  }
  return m;
}

export const actorOf = (ctx: AuthedContext) => ({ userId: ctx.user.id, label: ctx.user.email });
