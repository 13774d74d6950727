import { useQuery } from "@tanstack/react-query";
import { Navigate, useLocation } from "react-router";
import { InboxPage } from "../features/inbox/InboxPage.tsx";
import { trpc } from "../lib/trpc.ts";
import type { Me } from "../lib/types.ts";

/** Users who only ever see programs as leadership: their home is the panel, not the triage inbox. */
export const isLeadershipOnly = (me: Me) =>
  !me.adminOfAll && me.memberships.length > 0 && me.memberships.every((m) => m.role === "leadership");

/** Set by the sign-in page when it sends the user home. */
export interface HomeState {
  home?: boolean;
}

/**
 * `/`: the inbox, except where a leadership-only user lands (opening the app
 * afresh, or just signed in): then the leadership panel. Going to the inbox
 * from inside the app (the Inbox link, its tabs and filters) stays on the
 * inbox, so leadership can still read it.
 */
export function Home() {
  const me = useQuery(trpc.auth.me.queryOptions());
  const location = useLocation();
  // "default" is the key of the history entry the document was opened on: a fresh tab or a typed URL.
  const landing = location.key === "default" || (location.state as HomeState | null)?.home === true;
  if (me.data && landing && location.search === "" && isLeadershipOnly(me.data)) {
    return <Navigate to="/leadership" replace />;
  }
  return <InboxPage />;
}
