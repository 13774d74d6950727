import {
  isCloseAction,
  needsConfirmation,
  TRANSITION_LABELS,
  TRANSITION_NEEDS,
  type TransitionInput,
  type TransitionName,
} from "@embargo/core";
import { useMutation } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { Field } from "../../components/ui/Field.tsx";
import { createActivationGate } from "../../lib/activationGate.ts";
import { errorMessage, fieldErrorsOf, queryClient, trpc } from "../../lib/trpc.ts";
import type { ReportDetail } from "../../lib/types.ts";
import { useInlinePrompt } from "../../lib/useInlinePrompt.ts";
import { PublishForm } from "./PublishForm.tsx";
import { ReportLiveRegion, useReportKeyboard } from "./ReportKeyboard.tsx";
import { nextStepAfter, primaryOf } from "./shortcuts.ts";

/**
 * Offers exactly the transitions the server says are valid for this report.
 * Disclosing is not a plain transition: where `disclose` is valid, "Publish
 * advisory…" opens the publish form instead (disclosure.publish).
 */
export function ActionBar({ detail }: { detail: ReportDetail }) {
  const reportKey = detail.report.key;
  const canPublish = detail.transitions.includes("disclose");
  const transitions = detail.transitions.filter((t) => t !== "disclose");
  const kb = useReportKeyboard();
  const [pending, setPending] = useState<TransitionName | null>(null);
  const [publishing, setPublishing] = useState(false);
  const [published, setPublished] = useState<{ url: string | null } | null>(null);
  const publishedRef = useRef<HTMLDivElement>(null);
  // A second click within a second is ignored, and so are clicks on the buttons that have just
  // appeared where the pointer still is: a double click takes one step, never two.
  const gate = useRef(createActivationGate(ACTIVATION_QUIET_MS)).current;
  const [coolingSince, setCoolingSince] = useState(0);
  const cool = () => {
    gate.holdFor();
    setCoolingSince(Date.now());
  };
  useEffect(() => {
    if (!coolingSince) return;
    const t = window.setTimeout(() => setCoolingSince(0), ACTIVATION_QUIET_MS);
    return () => window.clearTimeout(t);
  }, [coolingSince]);
  useEffect(() => {
    if (published) publishedRef.current?.focus();
  }, [published]);
  const mutation = useMutation(
    trpc.reports.transition.mutationOptions({
      onSuccess: async () => {
        setPending(null);
        cool();
        await queryClient.invalidateQueries({ queryKey: trpc.reports.pathKey() });
        // The new buttons are on screen now: quiet for a second from here, however long the reload took.
        cool();
      },
      onError: () => kb.afterChange(null),
    }),
  );
  const send = (vars: Omit<TransitionInput, "key">) => {
    // Decided from the report as it comes back: the next step, announced, with focus on it.
    kb.afterChange((d) => nextStepAfter(vars.action, { transitions: d.transitions, severity: d.report.severity }));
    mutation.mutate({ key: reportKey, ...vars });
  };
  const start = (action: TransitionName) => {
    if (mutation.isPending || !gate.pass()) return;
    setPublishing(false);
    mutation.reset();
    if (needsConfirmation(action)) setPending(action);
    else send({ action });
  };
  kb.provide({ start });
  const quiet = mutation.isPending || coolingSince !== 0;
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
          <ReportLiveRegion />
        </fieldset>
        {confirmation}
      </>
    );
  }
  // The usual next step first, as the primary button; the other steps after it.
  const primary = primaryOf({ transitions: detail.transitions, severity: detail.report.severity });
  const main = transitions
    .filter((t) => !isCloseAction(t))
    .sort((x, y) => Number(y === primary) - Number(x === primary));
  const closes = transitions.filter(isCloseAction);
  const actionButton = (t: TransitionName, className: string) => (
    <button
      key={t}
      ref={kb.target(`action:${t}`)}
      type="button"
      className={className}
      onClick={() => start(t)}
      aria-disabled={quiet || undefined}
      aria-expanded={needsConfirmation(t) ? pending === t : undefined}
      aria-keyshortcuts={SHORTCUT_OF[t]}
    >
      {TRANSITION_LABELS[t]}
    </button>
  );
  return (
    <>
      <fieldset className="actions">
        <legend className="sr-only">Report actions</legend>
        {canPublish && (
          <button
            ref={kb.target("action:publish")}
            type="button"
            className="btn primary"
            aria-expanded={publishing}
            aria-disabled={quiet || undefined}
            onClick={() => {
              if (mutation.isPending || !gate.pass()) return;
              setPending(null);
              mutation.reset();
              setPublishing((p) => !p);
            }}
          >
            Publish advisory…
          </button>
        )}
        {main.map((t) => actionButton(t, `btn${t === primary ? " primary" : ""}`))}
        {closes.length > 0 && (
          <>
            <span className="label" style={{ marginLeft: 8 }}>
              Close as
            </span>
            {closes.map((t) => actionButton(t, "btn small"))}
          </>
        )}
        {mutation.isPending ? (
          <span className="muted report-live" aria-hidden="true">
            Saving…
          </span>
        ) : null}
        <ReportLiveRegion />
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
          onCancel={() => {
            setPublishing(false);
            kb.focus("action:publish");
          }}
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
            const opener = pending;
            setPending(null);
            mutation.reset();
            kb.focus(`action:${opener}`);
          }}
          onSubmit={(v) => {
            if (!mutation.isPending) send({ action: pending, ...v });
          }}
        />
      )}
    </>
  );
}

/** How long a second activation is ignored, and how long just-appeared actions stay quiet. */
const ACTIVATION_QUIET_MS = 1_000;

/** Shortcuts announced on their buttons (aria-keyshortcuts). */
const SHORTCUT_OF: Partial<Record<TransitionName, string>> = { acknowledge: "a", triage: "t" };

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
  const prompt = useInlinePrompt<HTMLFormElement>(onCancel);
  return (
    <form
      ref={prompt.ref}
      onKeyDown={prompt.onKeyDown}
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
