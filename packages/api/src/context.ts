import { type Role, sessionExpired } from "@embargo/core";
import {
  type Db,
  deleteSessionById,
  type Membership,
  membershipsOf,
  type StoredFile,
  securitySettings,
  sessionUser,
  sha256Hex,
  touchSession,
} from "@embargo/db";

export interface SessionCookie {
  set(token: string, expires: Date): void;
  clear(): void;
}

export interface ContextInput {
  db: Db;
  /** The raw session token from the cookie, if any. */
  sessionToken?: string | null | undefined;
  cookie?: SessionCookie;
  /** Injected so tests can move time; defaults to the wall clock. */
  now?: () => Date;
  /** The client's address as the HTTP server sees it (after trusted proxies), for sign-in throttling. */
  clientAddress?: string | null;
  /** The browser as it names itself, recorded with a new session for the profile's session list. */
  userAgent?: string | null;
  /**
   * Seals a link (invitation, password reset) with the installation key before
   * it is queued in an email, so the database never holds it usable. Absent:
   * such links cannot be made.
   */
  sealLink?: (url: string) => string;
  /** Where links sent to people point, e.g. https://security.example.com. */
  publicUrl?: string;
  /** Outgoing mail is configured: links are emailed rather than shown to the admin. */
  mailConfigured?: boolean;
  /**
   * Deletes the stored bytes of a raw inbound email by its SHA-256 (a researcher's
   * erasure). Absent (no data directory, as in most tests): nothing is stored to delete.
   */
  removeRawEmail?: (sha256: string) => void;
  /**
   * Files a multipart route has already checked (type by content, size, count)
   * and stored durably, for the procedure it calls to attach in its own
   * transaction: the staff form's attachments (reports.create). A tRPC request
   * never carries files, so this is empty there.
   */
  stagedFiles?: readonly StoredFile[];
}

export interface SessionUser {
  id: number;
  email: string;
  name: string;
  /** Admin of every program, present and future. */
  adminOfAll: boolean;
  /** IANA zone for every date shown to them; null: the browser's. */
  timeZone: string | null;
  memberships: Membership[];
}

export const hashToken = (token: string) => sha256Hex(token);

/** The session behind this request: when it was proven, and whether it may only enrol a factor. */
export interface SessionInfo {
  id: number;
  createdAt: Date;
  authenticatedAt: Date;
  enrolmentOnly: boolean;
}

/**
 * Built from plain inputs so tests can call the router with no HTTP.
 *
 * A session past its idle or absolute timeout (the security settings) is
 * deleted and the request is anonymous. An enrolment-only session (a second
 * factor is required and none is enrolled) leaves `user` null, so every
 * check of `ctx.user` anywhere refuses it; `enrolmentUser` carries it to the
 * enrolment procedures (trpc.ts).
 */
export function createContext(input: ContextInput) {
  const now = input.now ?? (() => new Date());
  let user: SessionUser | null = null;
  let enrolmentUser: SessionUser | null = null;
  let session: SessionInfo | null = null;
  let sessionTokenHash: string | null = null;
  let sessionId: number | null = null;
  const noCookie: SessionCookie = { set() {}, clear() {} };
  const cookie = input.cookie ?? noCookie;
  if (input.sessionToken && input.sessionToken.length <= 200) {
    sessionTokenHash = hashToken(input.sessionToken);
    const at = now();
    const row = sessionUser(input.db, sessionTokenHash, at);
    if (row && sessionExpired(row, securitySettings(input.db), at)) {
      // Idle or absolute timeout: refused and gone, so the token can never come back to life.
      deleteSessionById(input.db, row.sessionId);
      cookie.clear();
    } else if (row) {
      sessionId = row.sessionId;
      session = {
        id: row.sessionId,
        createdAt: row.createdAt,
        authenticatedAt: row.authenticatedAt,
        enrolmentOnly: row.enrolmentOnly,
      };
      touchSession(input.db, row, at);
      const who: SessionUser = {
        id: row.user.id,
        email: row.user.email,
        name: row.user.name,
        adminOfAll: row.user.adminOfAll,
        timeZone: row.user.timeZone,
        memberships: membershipsOf(input.db, row.user.id),
      };
      if (row.enrolmentOnly) enrolmentUser = who;
      else user = who;
    }
  }
  return {
    db: input.db,
    now,
    user,
    enrolmentUser,
    session,
    sessionTokenHash,
    sessionId,
    cookie,
    clientAddress: input.clientAddress ?? null,
    userAgent: input.userAgent ?? null,
    sealLink:
      input.sealLink ??
      ((): string => {
        throw new Error("No link sealer configured");
      }),
    publicUrl: (input.publicUrl ?? "http://localhost").replace(/\/+$/, ""),
    mailConfigured: input.mailConfigured ?? false,
    removeRawEmail: input.removeRawEmail ?? ((): void => {}),
    stagedFiles: input.stagedFiles ?? [],
  };
}

export type Context = ReturnType<typeof createContext>;

/** An admin of all programs holds the admin role even before the first program exists. */
export const rolesOf = (user: SessionUser): Set<Role> => {
  const held = new Set(user.memberships.map((m) => m.role));
  if (user.adminOfAll) held.add("admin");
  return held;
};
