import {
  isCloseAction,
  needsConfirmation,
  TRANSITION_LABELS,
  TRANSITION_NEEDS,
  type TransitionName,
} from "@embargo/core";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Field } from "../../components/ui/Field.tsx";
import { errorMessage, fieldErrorsOf, queryClient, trpc } from "../../lib/trpc.ts";

/** Offers exactly the transitions the server says are valid for this report. */
export function ActionBar({ reportKey, transitions }: { reportKey: string; transitions: TransitionName[] }) {
  const [pending, setPending] = useState<TransitionName | null>(null);
  const [done, setDone] = useState<string | null>(null);
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
    mutation.reset();
    if (needsConfirmation(action)) setPending(action);
    else mutation.mutate({ key: reportKey, action });
  };
  if (transitions.length === 0) {
    return (
      <fieldset className="actions">
        <legend className="sr-only">Report actions</legend>
        <span className="label">No further actions: this report is final.</span>
      </fieldset>
    );
  }
  const main = transitions.filter((t) => !isCloseAction(t));
  const closes = transitions.filter(isCloseAction);
  return (
    <>
      <fieldset className="actions">
        <legend className="sr-only">Report actions</legend>
        {main.map((t, i) => (
          <button
            key={t}
            type="button"
            className={`btn${i === 0 ? " primary" : ""}`}
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
