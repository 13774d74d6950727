import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Options } from "../../components/ui/Options.tsx";
import { Empty, ErrorBox, Loading } from "../../components/ui/States.tsx";
import { RelativeTime } from "../../components/ui/Time.tsx";
import { useTitle } from "../../lib/title.ts";
import { errorMessage, queryClient, trpc } from "../../lib/trpc.ts";
import type { OutboxStatus } from "../../lib/types.ts";

const STATUS_LABELS: Record<OutboxStatus, string> = { pending: "Pending", sent: "Sent", dead: "Dead-lettered" };

/** What Embargo has sent, is waiting to send, and gave up on. */
export function OutboxPage() {
  useTitle("Outbox");
  const [status, setStatus] = useState<OutboxStatus | "">("");
  const q = useQuery(trpc.notifications.outbox.queryOptions(status ? { status } : {}));
  const retry = useMutation(
    trpc.notifications.retry.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.notifications.outbox.pathKey() }),
    }),
  );
  return (
    <>
      <div className="page-head">
        <h1>Outbox</h1>
        <span className="muted">
          emails and signed webhooks, with retries; mail waits here when no SMTP server is configured
        </span>
        <div className="spacer" />
        <label className="muted">
          Status{" "}
          <select value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
            <option value="">All</option>
            <Options labels={STATUS_LABELS} />
          </select>
        </label>
      </div>
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <ErrorBox title="The outbox could not be loaded" message={errorMessage(q.error)} onRetry={() => q.refetch()} />
      ) : q.data.length === 0 ? (
        <Empty title="Nothing here">Nothing has been queued{status ? ` with status ${status}` : ""}.</Empty>
      ) : (
        <table className="grid" aria-label="Outbox">
          <thead>
            <tr>
              <th scope="col">Created</th>
              <th scope="col">Channel</th>
              <th scope="col">Event</th>
              <th scope="col">To</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Last error</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {q.data.map((r) => (
              <tr key={r.id} style={{ cursor: "default" }}>
                <td className="muted">
                  <RelativeTime at={r.createdAt} />
                </td>
                <td>{r.channel}</td>
                <td className="title">
                  {r.event}
                  {r.subject && <div className="muted">{r.subject}</div>}
                </td>
                <td>{r.target}</td>
                <td>
                  <span
                    className={`sla ${r.status === "sent" ? "sla-met" : r.status === "dead" ? "sla-breached" : "sla-on_track"}`}
                  >
                    {r.status}
                  </span>
                  {r.status === "pending" && r.attempts > 0 && (
                    <div className="muted">
                      next <RelativeTime at={r.nextAttemptAt} />
                    </div>
                  )}
                </td>
                <td>{r.attempts}</td>
                <td className="muted wrap">{r.lastError ?? "—"}</td>
                <td>
                  {r.status !== "sent" && (
                    <button
                      type="button"
                      className="btn small"
                      onClick={() => retry.mutate({ id: r.id })}
                      disabled={retry.isPending}
                    >
                      Retry now
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
