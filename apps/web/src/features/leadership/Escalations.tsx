import type { RouterOutputs } from "@embargo/api";
import type { EscalationLevel } from "@embargo/core";
import { useMutation } from "@tanstack/react-query";
import { type ReactNode, useEffect, useId, useRef, useState } from "react";
import { Link } from "react-router";
import { SeverityBadge } from "../../components/ui/Badges.tsx";
import { RelativeTime } from "../../components/ui/Time.tsx";
import { errorMessage, fieldErrorsOf, queryClient, trpc } from "../../lib/trpc.ts";
import "./escalations.css";

export type EscalationView = RouterOutputs["escalations"]["list"]["rows"][number];
/** What a card needs of an escalation: the panel's rows and the report page's open ones both have it. */
export type EscalationLike = Pick<
  EscalationView,
  "id" | "level" | "reason" | "raisedAt" | "raisedBy" | "acknowledgedAt" | "acknowledgedBy" | "ackNote"
>;

export const LEVEL_LABELS: Record<EscalationLevel, string> = { page: "Page", attention: "Attention" };
const LEVEL_HINTS: Record<EscalationLevel, string> = {
  page: "Someone must act now",
  attention: "Look at it this week",
};

export function LevelBadge({ level }: { level: EscalationLevel }) {
  return (
    <span className={`level level-${level}`} title={LEVEL_HINTS[level]}>
      {LEVEL_LABELS[level]}
    </span>
  );
}

/** After a change every view of escalations, the panel's figures and the report page are stale. */
export async function invalidateEscalations() {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: trpc.escalations.pathKey() }),
    queryClient.invalidateQueries({ queryKey: trpc.leadership.pathKey() }),
    queryClient.invalidateQueries({ queryKey: trpc.reports.byKey.pathKey() }),
  ]);
}

/**
 * One escalation: level, reason, who raised it and when; acknowledged ones say
 * by whom. Acknowledge and Resolve open a short prompt in place.
 */
export function EscalationItem({
  escalation: e,
  report,
}: {
  escalation: EscalationLike;
  /** On the panel: the report it is about (key link, severity). On the report page: omitted. */
  report?: { key: string; title: string; severity: EscalationView["report"]["severity"] };
}) {
  // On the report page the action bar has its own "Acknowledge" (the report): say which one this is.
  const noun = report ? "" : " escalation";
  const reasonId = useId();
  // Reasons start with the key ("VOICE-12: critical fix due …"); beside the key's link it is said once.
  const reasonText =
    report && e.reason.startsWith(`${report.key}: `) ? e.reason.slice(report.key.length + 2) : e.reason;
  const [prompt, setPrompt] = useState<"acknowledge" | "resolve" | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const ackRef = useRef<HTMLButtonElement>(null);
  const resolveRef = useRef<HTMLButtonElement>(null);
  const statusRef = useRef<HTMLParagraphElement>(null);
  const close = (focus: "acknowledge" | "resolve") => {
    setPrompt(null);
    // Back to the button that opened the prompt, so a keyboard user keeps their place.
    requestAnimationFrame(() => (focus === "acknowledge" ? ackRef : resolveRef).current?.focus());
  };
  const acknowledge = useMutation(
    trpc.escalations.acknowledge.mutationOptions({
      onSuccess: async () => {
        setPrompt(null);
        setDone("Acknowledged.");
        await invalidateEscalations();
      },
    }),
  );
  const itemRef = useRef<HTMLLIElement>(null);
  const resolve = useMutation(
    trpc.escalations.resolve.mutationOptions({
      onSuccess: async () => {
        setPrompt(null);
        // The item leaves the list with the focus in it: hand the focus to the section's heading first.
        const heading = itemRef.current?.closest("section")?.querySelector<HTMLElement>("h2, h3");
        if (heading) {
          heading.tabIndex = -1;
          heading.focus();
        }
        await invalidateEscalations();
      },
    }),
  );
  useEffect(() => {
    // Once the acknowledgement is back from the server the button is gone: focus the line saying who did it.
    if (done && e.acknowledgedAt) statusRef.current?.focus();
  }, [done, e.acknowledgedAt]);
  return (
    <li
      ref={itemRef}
      className={`esc esc-${e.level}`}
      aria-labelledby={report ? `${reasonId}-key ${reasonId}` : reasonId}
    >
      <div className="esc-body">
        <div className="esc-head">
          <LevelBadge level={e.level} />
          {report && (
            <>
              <Link id={`${reasonId}-key`} to={`/reports/${encodeURIComponent(report.key)}`} className="esc-key">
                {report.key}
              </Link>
              <SeverityBadge severity={report.severity} />
            </>
          )}
          <span id={reasonId} className="esc-reason">
            {reasonText}
          </span>
        </div>
        <p className="esc-meta">
          Raised <RelativeTime at={e.raisedAt} /> {e.raisedBy ? `by ${e.raisedBy}` : "automatically"}
          {report && <span className="esc-title"> · {report.title}</span>}
          {!e.acknowledgedAt && <span className="esc-unacked"> · not acknowledged yet</span>}
        </p>
        {e.acknowledgedAt && (
          <p className="esc-ack" ref={statusRef} tabIndex={-1}>
            <span className="esc-acked">Acknowledged</span> by {e.acknowledgedBy ?? "someone"}{" "}
            <RelativeTime at={e.acknowledgedAt} />
            {e.ackNote && <span className="quoted esc-note">{e.ackNote}</span>}
          </p>
        )}
        <span className="sr-only" role="status">
          {done}
        </span>
      </div>
      {prompt === null && (
        <div className="esc-actions">
          {!e.acknowledgedAt && (
            <button
              ref={ackRef}
              type="button"
              className="btn small primary"
              aria-describedby={reasonId}
              onClick={() => {
                acknowledge.reset();
                setDone(null);
                setPrompt("acknowledge");
              }}
            >
              Acknowledge{noun}
            </button>
          )}
          <button
            ref={resolveRef}
            type="button"
            className="btn small"
            aria-describedby={reasonId}
            onClick={() => {
              resolve.reset();
              setPrompt("resolve");
            }}
          >
            Resolve{noun}
          </button>
        </div>
      )}
      {prompt === "acknowledge" && (
        <NotePrompt
          title="Acknowledge this escalation"
          label="Note (optional)"
          hint="Say what happens next, if anything: the team sees it."
          submit="Acknowledge"
          required={false}
          busy={acknowledge.isPending}
          error={acknowledge.error}
          onCancel={() => close("acknowledge")}
          onSubmit={(note) => acknowledge.mutate({ id: e.id, note: note || undefined })}
        />
      )}
      {prompt === "resolve" && (
        <NotePrompt
          title="Resolve this escalation"
          label="Why is it resolved?"
          hint="Required: it is kept with the escalation."
          submit="Resolve"
          required
          busy={resolve.isPending}
          error={resolve.error}
          onCancel={() => close("resolve")}
          onSubmit={(note) => resolve.mutate({ id: e.id, note })}
        />
      )}
    </li>
  );
}

/** A note asked for in place: its field takes the focus, Escape cancels. */
function NotePrompt({
  title,
  label,
  hint,
  submit,
  required,
  busy,
  error,
  onCancel,
  onSubmit,
}: {
  title: string;
  label: string;
  hint: string;
  submit: string;
  required: boolean;
  busy: boolean;
  error: unknown;
  onCancel: () => void;
  onSubmit: (note: string) => void;
}) {
  const id = useId();
  const [note, setNote] = useState("");
  const field = useRef<HTMLTextAreaElement>(null);
  useEffect(() => field.current?.focus(), []);
  const fieldError = fieldErrorsOf(error).note;
  return (
    <form
      className="esc-prompt"
      aria-label={title}
      onSubmit={(ev) => {
        ev.preventDefault();
        onSubmit(note.trim());
      }}
      onKeyDown={(ev) => {
        if (ev.key === "Escape") {
          ev.preventDefault();
          onCancel();
        }
      }}
    >
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        ref={field}
        rows={2}
        maxLength={2000}
        value={note}
        required={required}
        aria-invalid={!!fieldError}
        aria-describedby={`${id}-hint`}
        onChange={(ev) => setNote(ev.target.value)}
      />
      <p className={fieldError ? "field-error" : "field-hint"} id={`${id}-hint`}>
        {fieldError ?? hint} <span className="muted">Esc cancels.</span>
      </p>
      <div className="esc-actions">
        <button type="submit" className="btn small primary" disabled={busy || (required && !note.trim())}>
          {busy ? "Saving…" : submit}
        </button>
        <button type="button" className="btn small" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {error != null && !fieldError ? (
        <p className="field-error" role="alert">
          {errorMessage(error)}
        </p>
      ) : null}
    </form>
  );
}

/** A list of escalations, or the sentence that says there are none. */
export function EscalationList({ children, empty }: { children: ReactNode[]; empty: string }) {
  if (children.length === 0) return <p className="muted lead-empty">{empty}</p>;
  return <ul className="esc-list">{children}</ul>;
}
