import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { trpc } from "../lib/trpc.ts";
import type { Me } from "../lib/types.ts";

/**
 * Tells admins, on every screen, that no SMTP server is configured and how
 * many emails wait in the outbox because of it: without it, receipts, answers
 * and invitations silently go nowhere. Nothing for other roles (the count is
 * the server's to refuse) or once SMTP is set.
 */
export function NoSmtpBanner({ me }: { me: Me }) {
  const isAdmin = me.adminOfAll || me.memberships.some((m) => m.role === "admin");
  const status = useQuery({ ...trpc.notifications.mailStatus.queryOptions(), enabled: isAdmin, staleTime: 60_000 });
  if (!isAdmin || !status.data || status.data.smtpConfigured) return null;
  const n = status.data.waiting ?? 0;
  return (
    // Plain content, not a live region: it stays on every screen and must not be re-announced or
    // crowd the pages' own status messages.
    <p className="notice">
      No SMTP server is configured: {n} {n === 1 ? "email is" : "emails are"} waiting in the outbox.{" "}
      <Link to="/outbox">Open the outbox</Link>
    </p>
  );
}
