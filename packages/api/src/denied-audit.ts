import { appendAudit, type Db } from "@embargo/db";
import type { SessionUser } from "./context.ts";

/**
 * Denied authorization attempts go to the audit log (who, which procedure,
 * which object), so an insider probing reports outside their programs leaves
 * a trace. Rate-limited in memory per user and in total, so a flood of
 * denied calls cannot fill the disk: past the limit, one entry says that
 * further denials in this window were not recorded.
 */
export const DENIED_WINDOW_MS = 10 * 60_000;
export const DENIED_PER_USER = 20;
export const DENIED_TOTAL = 200;

/** Thrown (as a cause) where a caller asked for an object that exists but is not theirs to see. */
export class DeniedAccess extends Error {}

export type DeniedDecision = "record" | "record_suppression" | "skip";

/** Pure counting: what to do with the nth denial of a user in the current window. */
export class DeniedLimiter {
  private windowStart = 0;
  private total = 0;
  private perUser = new Map<number, number>();

  constructor(
    private readonly perUserLimit = DENIED_PER_USER,
    private readonly totalLimit = DENIED_TOTAL,
    private readonly windowMs = DENIED_WINDOW_MS,
  ) {}

  decide(userId: number, nowMs: number): DeniedDecision {
    if (nowMs - this.windowStart >= this.windowMs) {
      this.windowStart = nowMs;
      this.total = 0;
      this.perUser.clear();
    }
    const mine = (this.perUser.get(userId) ?? 0) + 1;
    this.perUser.set(userId, mine);
    this.total++;
    if (mine > this.perUserLimit + 1 || this.total > this.totalLimit + 1) return "skip";
    if (mine === this.perUserLimit + 1 || this.total === this.totalLimit + 1) return "record_suppression";
    return "record";
  }
}

const limiter = new DeniedLimiter();

/** The object a call was about, from its raw input: a report key, a program slug or an id; capped. */
export function objectOf(raw: unknown): string | null {
  if (!raw || typeof raw !== "object") return null;
  const r = raw as Record<string, unknown>;
  for (const k of ["key", "program", "programSlug", "slug", "userId", "id"]) {
    const v = r[k];
    if (typeof v === "string" || typeof v === "number") return `${k}=${String(v).slice(0, 100)}`;
  }
  return null;
}

export function auditDenied(
  db: Db,
  user: Pick<SessionUser, "id" | "email">,
  d: { path: string; code: string; rawInput: unknown },
  now: Date,
  l: DeniedLimiter = limiter,
): DeniedDecision {
  const decision = l.decide(user.id, now.getTime());
  if (decision === "skip") return decision;
  const object = objectOf(d.rawInput);
  appendAudit(
    db,
    { userId: user.id, label: user.email },
    decision === "record"
      ? {
          action: "authz.denied",
          entityType: "procedure",
          entityId: d.path,
          data: { code: d.code, ...(object ? { object } : {}) },
        }
      : {
          action: "authz.denied_suppressed",
          entityType: "procedure",
          entityId: d.path,
          data: { note: "further denied attempts in this 10-minute window are not recorded" },
        },
    now,
  );
  return decision;
}
