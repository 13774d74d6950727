import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { CopyButton } from "../../components/ui/CopyButton.tsx";
import { ErrorBox } from "../../components/ui/States.tsx";
import { errorMessage, queryClient, trpc } from "../../lib/trpc.ts";

/**
 * The caller's calendar feed: a secret URL that calendar apps subscribe to.
 * Only its hash is stored, so the URL is shown once, when it is made; making a
 * new one or turning it off stops the old one at once.
 */
export function CalendarFeed() {
  const status = useQuery(trpc.disclosure.feedStatus.queryOptions());
  const [url, setUrl] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.disclosure.feedStatus.queryKey() });
  const regenerate = useMutation(
    trpc.disclosure.regenerateFeed.mutationOptions({
      onSuccess: (r) => {
        setUrl(r.url);
        void refresh();
      },
    }),
  );
  const revoke = useMutation(
    trpc.disclosure.revokeFeed.mutationOptions({
      onSuccess: () => {
        setUrl(null);
        void refresh();
      },
    }),
  );
  const enabled = status.data?.enabled ?? false;
  const failed = regenerate.error ?? revoke.error;
  return (
    <section className="card cal-feed" aria-labelledby="cal-feed-title">
      <h2 id="cal-feed-title">Calendar feed</h2>
      <p className="muted">
        Subscribe to these dates in your calendar app (iCalendar): the reports of your programs, from 30 days ago to a
        year ahead.
      </p>
      {status.isError ? (
        <ErrorBox title="The feed's status could not be loaded" message={errorMessage(status.error)} />
      ) : (
        <p role="status">
          {status.isPending
            ? "Checking…"
            : enabled
              ? "Your feed URL is active. It is shown only when it is made: make a new one if you no longer have it."
              : "You have no feed URL."}
        </p>
      )}
      {url && (
        <div className="cal-feed-url">
          <p className="notice err" role="alert">
            Anyone with this URL sees the dates, keys and titles of reports in your programs, without signing in. Keep
            it private; if it leaks, make a new URL. It is shown only now.
          </p>
          <label htmlFor="cal-feed-url">Feed URL</label>
          <div className="cal-feed-row">
            <input id="cal-feed-url" readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
            <CopyButton value={url} what="feed URL" />
          </div>
        </div>
      )}
      <div className="cal-feed-actions">
        <button
          type="button"
          className="btn"
          disabled={regenerate.isPending || status.isPending}
          onClick={() => regenerate.mutate()}
        >
          {enabled ? "Make a new URL" : "Create feed URL"}
        </button>
        {enabled && (
          <button type="button" className="btn" disabled={revoke.isPending} onClick={() => revoke.mutate()}>
            Turn off
          </button>
        )}
        {enabled && <span className="muted">A new URL stops the current one at once.</span>}
      </div>
      {failed && (
        <p className="field-error" role="alert">
          {errorMessage(failed)}
        </p>
      )}
    </section>
  );
}
