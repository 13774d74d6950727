import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { useSearchParams } from "react-router";
import { Options } from "../../components/ui/Options.tsx";
import { Empty, ErrorBox, Loading } from "../../components/ui/States.tsx";
import { RelativeTime } from "../../components/ui/Time.tsx";
import { useTitle } from "../../lib/title.ts";
import { errorMessage, queryClient, trpc } from "../../lib/trpc.ts";
import type { OutboxChannel, OutboxInput, OutboxStatus } from "../../lib/types.ts";
import "./outbox.css";

const STATUS_LABELS: Record<OutboxStatus, string> = { pending: "Waiting", sent: "Sent", dead: "Failed" };
const CHANNEL_LABELS: Record<OutboxChannel, string> = { email: "Email", webhook: "Webhook" };
const PAGE_SIZE = 50;

const isOneOf = <T extends string>(labels: Record<T, string>, v: string | null): v is T =>
  v !== null && Object.hasOwn(labels, v);

/** The outbox's filters and page live in the URL, so a view can be shared and survives a reload. */
function outboxInputFrom(params: URLSearchParams): OutboxInput {
  const status = params.get("status");
  const channel = params.get("kind");
  const page = Number(params.get("page") ?? "1");
  return {
    status: isOneOf(STATUS_LABELS, status) ? status : undefined,
    channel: isOneOf(CHANNEL_LABELS, channel) ? channel : undefined,
    recipient: params.get("to")?.trim() || undefined,
    page: Number.isInteger(page) && page > 0 ? page : 1,
    pageSize: PAGE_SIZE,
  };
}

/** What Embargo has sent, is waiting to send, and gave up on: a page at a time, newest first. */
export function OutboxPage() {
  useTitle("Outbox");
  const [params, setParams] = useSearchParams();
  const input = outboxInputFrom(params);
  const q = useQuery({ ...trpc.notifications.outbox.queryOptions(input), placeholderData: keepPreviousData });
  const retry = useMutation(
    trpc.notifications.retry.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.notifications.outbox.pathKey() }),
    }),
  );
  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!("page" in changes)) next.delete("page");
    setParams(next);
  };
  const filtered = Boolean(input.status || input.channel || input.recipient);
  return (
    <>
      <div className="page-head">
        <h1>Outbox</h1>
        <span className="muted">
          emails and signed webhooks, with retries; mail waits here when no SMTP server is configured
        </span>
      </div>
      <form
        className="filters"
        aria-label="Filter the outbox"
        onSubmit={(e) => {
          e.preventDefault();
          update({ to: new FormData(e.currentTarget).get("to")?.toString().trim() ?? null });
        }}
      >
        <label>
          Status
          <select value={input.status ?? ""} onChange={(e) => update({ status: e.target.value || null })}>
            <option value="">Any</option>
            <Options labels={STATUS_LABELS} />
          </select>
        </label>
        <label>
          Kind
          <select value={input.channel ?? ""} onChange={(e) => update({ kind: e.target.value || null })}>
            <option value="">Any</option>
            <Options labels={CHANNEL_LABELS} />
          </select>
        </label>
        <label>
          Recipient contains
          <input
            key={input.recipient ?? ""}
            name="to"
            type="search"
            defaultValue={input.recipient ?? ""}
            maxLength={200}
            placeholder="address or URL"
          />
        </label>
        <button type="submit" className="btn small">
          Filter
        </button>
        {filtered && (
          <button type="button" className="btn small" onClick={() => setParams(new URLSearchParams())}>
            Clear filters
          </button>
        )}
      </form>
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <ErrorBox title="The outbox could not be loaded" message={errorMessage(q.error)} onRetry={() => q.refetch()} />
      ) : q.data.rows.length === 0 ? (
        <Empty title={q.data.total > 0 ? "No more deliveries on this page" : "Nothing here"}>
          {q.data.total > 0 ? (
            <button type="button" className="btn small" onClick={() => update({ page: null })}>
              Back to the first page
            </button>
          ) : filtered ? (
            "Nothing queued matches these filters."
          ) : (
            "Nothing has been queued."
          )}
        </Empty>
      ) : (
        <>
          {/* Wide on a phone: the table scrolls inside its own region, never the page. */}
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard to scroll it */}
          <section className="outbox-scroll" aria-label="Deliveries" tabIndex={0}>
            <table className="grid" aria-label="Outbox" aria-busy={q.isPlaceholderData}>
              <thead>
                <tr>
                  <th scope="col">Created</th>
                  <th scope="col">Kind</th>
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
                {q.data.rows.map((r) => (
                  <tr key={r.id} style={{ cursor: "default" }}>
                    <td className="muted">
                      <RelativeTime at={r.createdAt} />
                    </td>
                    <td>{CHANNEL_LABELS[r.channel]}</td>
                    <td className="title">
                      {r.event}
                      {r.subject && <div className="muted">{r.subject}</div>}
                    </td>
                    <td className="to">{r.target}</td>
                    <td>
                      <span
                        className={`sla ${r.status === "sent" ? "sla-met" : r.status === "dead" ? "sla-breached" : "sla-on_track"}`}
                      >
                        {STATUS_LABELS[r.status]}
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
          </section>
          <OutboxPager
            page={q.data.page}
            pageSize={q.data.pageSize}
            shown={q.data.rows.length}
            total={q.data.total}
            onPage={(p) => update({ page: p === 1 ? null : String(p) })}
          />
        </>
      )}
    </>
  );
}

function OutboxPager(p: { page: number; pageSize: number; shown: number; total: number; onPage: (n: number) => void }) {
  const from = (p.page - 1) * p.pageSize + 1;
  const last = Math.max(1, Math.ceil(p.total / p.pageSize));
  return (
    <nav className="pager" aria-label="Outbox pages">
      <span>
        {from}–{from + p.shown - 1} of {p.total} · page {p.page} of {last}
      </span>
      <button type="button" className="btn small" disabled={p.page <= 1} onClick={() => p.onPage(p.page - 1)}>
        Previous page
      </button>
      <button type="button" className="btn small" disabled={p.page >= last} onClick={() => p.onPage(p.page + 1)}>
        Next page
      </button>
    </nav>
  );
}
