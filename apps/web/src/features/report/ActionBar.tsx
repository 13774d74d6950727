import {
  isCloseAction,
  needsConfirmation,
  TRANSITION_LABELS,
  TRANSITION_NEEDS,
  type TransitionName,
} from "@embargo/core";
import { useMutation } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { Field } from "../../components/ui/Field.tsx";
import { errorMessage, fieldErrorsOf, queryClient, trpc } from "../../lib/trpc.ts";
import type { ReportDetail } from "../../lib/types.ts";
import { PublishForm } from "./PublishForm.tsx";

/**
 * Offers exactly the transitions the server says are valid for this report.
 * Disclosing is not a plain transition: where `disclose` is valid, "Publish
 * advisory…" opens the publish form instead (disclosure.publish).
 */
export function ActionBar({ detail }: { detail: ReportDetail }) {
  const reportKey = detail.report.key;
  const canPublish = detail.transitions.includes("disclose");
  const transitions = detail.transitions.filter((t) => t !== "disclose");
  const [pending, setPending] = useState<TransitionName | null>(null);
  const [publishing, setPublishing] = useState(false);
  const [published, setPublished] = useState<{ url: string | null } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const publishedRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (published) publishedRef.current?.focus();
  }, [published]);
  const mutation = useMutation(
    trpc.reports.transition.mutationOptions({
      onSuccess: async (_res, vars) => {
        setDone(`${TRANSITION_LABELS[vars.action]}: done.`);
        setPending(null);
        await queryClient.invalidateQueries({ queryKey: trpc.reports.pathKey() });
      },
    }),
  );
  const start = (action: TransitionName) => {
    setDone(null);
    setPublishing(false);
    mutation.reset();
    if (needsConfirmation(action)) setPending(action);
    else mutation.mutate({ key: reportKey, action });
  };
  const confirmation = published && (
    <div className="notice ok" role="status" tabIndex={-1} ref={publishedRef}>
      Advisory published: the report is disclosed and the reporter has been sent the link
      {published.url ? (
        <>
          {" "}
          (<span className="value-cell">{published.url}</span>)
        </>
      ) : null}
      .
    </div>
  );
  if (transitions.length === 0 && !canPublish) {
    return (
      <>
        <fieldset className="actions">
          <legend className="sr-only">Report actions</legend>
          <span className="label">No further actions: this report is final.</span>
        </fieldset>
        {confirmation}
      </>
    );
  }
  const main = transitions.filter((t) => !isCloseAction(t));
  const closes = transitions.filter(isCloseAction);
  return (
    <>
      <fieldset className="actions">
        <legend className="sr-only">Report actions</legend>
        {canPublish && (
          <button
            type="button"
            className="btn primary"
            aria-expanded={publishing}
            onClick={() => {
              setPending(null);
              mutation.reset();
              setPublishing((p) => !p);
            }}
            disabled={mutation.isPending}
          >
            Publish advisory…
          </button>
        )}
        {main.map((t, i) => (
          <button
            key={t}
            type="button"
            className={`btn${i === 0 && !canPublish ? " primary" : ""}`}
            onClick={() => start(t)}
            disabled={mutation.isPending}
          >
            {TRANSITION_LABELS[t]}
          </button>
        ))}
        {closes.length > 0 && (
          <>
            <span className="label" style={{ marginLeft: 8 }}>
              Close as
            </span>
            {closes.map((t) => (
              <button
                key={t}
                type="button"
                className="btn small"
                onClick={() => start(t)}
                disabled={mutation.isPending}
              >
                {TRANSITION_LABELS[t]}
              </button>
            ))}
          </>
        )}
        <span role="status" aria-live="polite" className="muted" style={{ marginLeft: "auto" }}>
          {mutation.isPending ? "Saving…" : done}
        </span>
      </fieldset>
      {mutation.isError && !pending && (
        <div className="notice err" role="alert">
          {errorMessage(mutation.error)}
        </div>
      )}
      {confirmation}
      {publishing && (
        <PublishForm
          detail={detail}
          onCancel={() => setPublishing(false)}
          onPublished={(url) => {
            setPublishing(false);
            setPublished({ url });
          }}
        />
      )}
      {pending && (
        <TransitionForm
          action={pending}
          error={mutation.error}
          busy={mutation.isPending}
          onCancel={() => {
            setPending(null);
            mutation.reset();
          }}
          onSubmit={(v) => mutation.mutate({ key: reportKey, action: pending, ...v })}
        />
      )}
    </>
  );
}

function TransitionForm({
  action,
  error,
  busy,
  onCancel,
  onSubmit,
}: {
  action: TransitionName;
  error: unknown;
  busy: boolean;
  onCancel: () => void;
  onSubmit: (v: { reason?: string; duplicateOf?: string; fixedVersion?: string }) => void;
}) {
  const needs = TRANSITION_NEEDS[action];
  const [reason, setReason] = useState("");
  const [duplicateOf, setDuplicateOf] = useState("");
  const [fixedVersion, setFixedVersion] = useState("");
  const fields = fieldErrorsOf(error);
  const label = TRANSITION_LABELS[action];
  return (
    <form
      className="action-form"
      aria-label={label}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit({
          reason: reason || undefined,
          duplicateOf: needs.includes("duplicateOf") ? duplicateOf : undefined,
          fixedVersion: needs.includes("fixedVersion") ? fixedVersion : undefined,
        });
      }}
    >
      {needs.includes("duplicateOf") && (
        <Field label="Original report key" error={fields.duplicateOf}>
          {(p) => (
            <input
              {...p}
              value={duplicateOf}
              onChange={(e) => setDuplicateOf(e.target.value)}
              placeholder="e.g. VOICE-12"
            />
          )}
        </Field>
      )}
      {needs.includes("fixedVersion") && (
        <Field label="Fixed in version" error={fields.fixedVersion}>
          {(p) => (
            <input
              {...p}
              value={fixedVersion}
              onChange={(e) => setFixedVersion(e.target.value)}
              placeholder="e.g. 3.4.3"
            />
          )}
        </Field>
      )}
      <Field label={needs.includes("reason") ? "Reason" : "Reason (optional)"} error={fields.reason}>
        {(p) => <input {...p} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <button type="submit" className="btn primary" disabled={busy}>
        Confirm: {label}
      </button>
      <button type="button" className="btn" onClick={onCancel}>
        Cancel
      </button>
      {error != null && !Object.keys(fields).length ? (
        <p className="field-error" role="alert">
          {errorMessage(error)}
        </p>
      ) : null}
    </form>
  );
}
