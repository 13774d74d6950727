import { WEBHOOK_EVENTS, type WebhookEvent } from "@embargo/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { CopyButton } from "../../components/ui/CopyButton.tsx";
import { Field } from "../../components/ui/Field.tsx";
import { ErrorBox, Loading } from "../../components/ui/States.tsx";
import { RelativeTime } from "../../components/ui/Time.tsx";
import { errorMessage, fieldErrorsOf, queryClient, trpc } from "../../lib/trpc.ts";

/** A secret shown once, with a warning that it will not be shown again. */
function OneTimeSecret({ label, value }: { label: string; value: string }) {
  return (
    <div className="notice ok">
      {/* Announced; the secret itself stays out of the live region, so it is never read out unasked. */}
      <span role="status">
        <strong>{label}</strong> (copy it now; it is not shown again):
      </span>
      <CopyButton value={value} what={label.toLowerCase()} />
      <pre className="preview" style={{ margin: "6px 0 0", userSelect: "all" }}>
        {value}
      </pre>
    </div>
  );
}

export function ApiTokens({ program }: { program: string }) {
  const list = useQuery(trpc.programs.apiTokens.queryOptions({ program }));
  const [name, setName] = useState("");
  const [created, setCreated] = useState<string | null>(null);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.programs.apiTokens.queryKey({ program }) });
  const create = useMutation(
    trpc.programs.createApiToken.mutationOptions({
      onSuccess: async (r) => {
        setCreated(r.token);
        setName("");
        await invalidate();
      },
    }),
  );
  const revoke = useMutation(trpc.programs.revokeApiToken.mutationOptions({ onSuccess: invalidate }));
  return (
    <section className="card" aria-labelledby="tokens-title">
      <h2 className="card-title" id="tokens-title">
        API tokens
      </h2>
      <p className="muted" style={{ marginTop: 0 }}>
        Tools submit reports with <code>POST /api/v1/reports</code> and read status with{" "}
        <code>GET /api/v1/reports/KEY</code>, sending <code>Authorization: Bearer TOKEN</code>.
      </p>
      {created && <OneTimeSecret label="New token" value={created} />}
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorBox title="Tokens could not be loaded" message={errorMessage(list.error)} />
      ) : list.data.length === 0 ? (
        <p className="muted">No tokens yet.</p>
      ) : (
        <ul className="file-list" aria-label="API tokens">
          {list.data.map((t) => (
            <li key={t.id}>
              <span>
                {t.name} <code>{t.prefix}…</code>{" "}
                <span className="muted">
                  {t.revokedAt ? (
                    "revoked"
                  ) : t.lastUsedAt ? (
                    <>
                      used <RelativeTime at={t.lastUsedAt} />
                    </>
                  ) : (
                    "never used"
                  )}
                </span>
              </span>
              {!t.revokedAt && (
                <button
                  type="button"
                  className="btn small danger"
                  onClick={() => revoke.mutate({ program, id: t.id })}
                  disabled={revoke.isPending}
                >
                  Revoke {t.name}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <form
        style={{ marginTop: 10 }}
        onSubmit={(e) => {
          e.preventDefault();
          setCreated(null);
          create.mutate({ program, name });
        }}
      >
        <Field label="Token name" error={fieldErrorsOf(create.error).name}>
          {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. scanner" />}
        </Field>
        <button type="submit" className="btn small" disabled={create.isPending || !name.trim()}>
          Create token
        </button>
      </form>
    </section>
  );
}

/** What each event means, on hover; the audit events (not about a report) also in plain sight. */
const EVENT_HINTS: Record<WebhookEvent, string> = {
  "report.created": "A report arrived",
  "clock.at_risk": "An SLA clock is close to its deadline",
  "clock.breached": "An SLA clock missed its deadline",
  "escalation.raised": "A report was escalated",
  "escalation.acknowledged": "An escalation was acknowledged",
  "escalation.resolved": "An escalation was resolved",
  "report.disclosed": "A report was disclosed",
  "audit.checkpoint": "daily copy of the audit chain's head",
  "audit.verify_failed": "the audit chain failed verification",
};

export function Webhooks({ program, programId }: { program: string; programId: number }) {
  const list = useQuery(trpc.notifications.webhooks.queryOptions());
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<WebhookEvent[]>([...WEBHOOK_EVENTS]);
  const [secret, setSecret] = useState<string | null>(null);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.notifications.webhooks.queryKey() });
  const create = useMutation(
    trpc.notifications.createWebhook.mutationOptions({
      onSuccess: async (r) => {
        setSecret(r.secret);
        setUrl("");
        await invalidate();
      },
    }),
  );
  const remove = useMutation(trpc.notifications.deleteWebhook.mutationOptions({ onSuccess: invalidate }));
  const mine = list.data?.filter((w) => w.programId === programId && w.active) ?? [];
  const errs = fieldErrorsOf(create.error);
  return (
    <section className="card" aria-labelledby="hooks-title">
      <h2 className="card-title" id="hooks-title">
        Webhooks
      </h2>
      <p className="muted" style={{ marginTop: 0 }}>
        Signed with HMAC-SHA256: header <code>Embargo-Signature: t=…,v1=…</code> over <code>t.body</code>.
      </p>
      {secret && <OneTimeSecret label="Signing secret" value={secret} />}
      {mine.length === 0 ? (
        <p className="muted">No webhooks.</p>
      ) : (
        <ul className="file-list" aria-label="Webhooks">
          {mine.map((w) => (
            <li key={w.id}>
              <span style={{ overflowWrap: "anywhere" }}>
                {w.url} <span className="muted">{w.events.join(", ")}</span>
              </span>
              <button type="button" className="btn small danger" onClick={() => remove.mutate({ id: w.id })}>
                Remove webhook {w.id}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        style={{ marginTop: 10 }}
        onSubmit={(e) => {
          e.preventDefault();
          setSecret(null);
          create.mutate({ program, url, events });
        }}
      >
        <Field label="Webhook URL" error={errs.url}>
          {(p) => <input {...p} value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://…" />}
        </Field>
        <fieldset className="chips" style={{ flexWrap: "wrap", marginBottom: 8 }}>
          <legend>Events</legend>
          {WEBHOOK_EVENTS.map((ev) => (
            <label key={ev} className="check" title={EVENT_HINTS[ev]}>
              <input
                type="checkbox"
                checked={events.includes(ev)}
                onChange={(e) => setEvents(e.target.checked ? [...events, ev] : events.filter((x) => x !== ev))}
              />
              {ev}
              {ev.startsWith("audit.") && <span className="muted"> ({EVENT_HINTS[ev]})</span>}
            </label>
          ))}
        </fieldset>
        {errs.events && <p className="field-error">{errs.events}</p>}
        <button type="submit" className="btn small" disabled={create.isPending || !url.trim()}>
          Add webhook
        </button>
      </form>
    </section>
  );
}
