import type { Role } from "@embargo/core";
import { type Db, type Membership, membershipsOf, sessionUser, sha256Hex } from "@embargo/db";

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
}

export interface SessionUser {
  id: number;
  email: string;
  name: string;
  /** Admin of every program, present and future: may create programs. */
  adminOfAll: boolean;
  memberships: Membership[];
}

export const hashToken = (token: string) => sha256Hex(token);

/** Built from plain inputs so tests can call the router with no HTTP. */
export function createContext(input: ContextInput) {
  const now = input.now ?? (() => new Date());
  let user: SessionUser | null = null;
  let sessionTokenHash: string | null = null;
  if (input.sessionToken && input.sessionToken.length <= 200) {
    sessionTokenHash = hashToken(input.sessionToken);
    const row = sessionUser(input.db, sessionTokenHash, now());
    if (row) {
      user = {
        id: row.user.id,
        email: row.user.email,
        name: row.user.name,
        adminOfAll: row.user.adminOfAll,
        memberships: membershipsOf(input.db, row.user.id),
      };
    }
  }
  const noCookie: SessionCookie = { set() {}, clear() {} };
  return {
    db: input.db,
    now,
    user,
    sessionTokenHash,
    cookie: input.cookie ?? noCookie,
    clientAddress: input.clientAddress ?? null,
  };
}

export type Context = ReturnType<typeof createContext>;

/** An admin of all programs holds the admin role even before the first program exists. */
export const rolesOf = (user: SessionUser): Set<Role> => {
  const held = new Set(user.memberships.map((m) => m.role));
  if (user.adminOfAll) held.add("admin");
  return held;
};
