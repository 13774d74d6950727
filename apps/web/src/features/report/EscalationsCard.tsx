import { ESCALATION_LEVELS, type EscalationLevel } from "@embargo/core";
import { useMutation } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";
import { Field } from "../../components/ui/Field.tsx";
import { RelativeTime } from "../../components/ui/Time.tsx";
import { errorMessage, fieldErrorsOf, trpc } from "../../lib/trpc.ts";
import type { ReportDetail } from "../../lib/types.ts";
import {
  EscalationItem,
  EscalationList,
  invalidateEscalations,
  LEVEL_LABELS,
  LevelBadge,
} from "../leadership/Escalations.tsx";

const LEVEL_HINTS: Record<EscalationLevel, string> = {
  page: "someone must act now",
  attention: "leadership should look this week",
};

/**
 * The report's open escalations, which any member can acknowledge or resolve,
 * the resolved ones folded away, and for triagers a way to bring the report to
 * leadership by hand.
 */
export function EscalationsCard({ detail }: { detail: ReportDetail }) {
  const open = detail.escalations.filter((e) => !e.resolvedAt);
  const resolved = detail.escalations.filter((e) => e.resolvedAt);
  if (detail.escalations.length === 0 && !detail.canTriage) return null;
  return (
    <section className="card escalations-card" aria-labelledby="escalations-title">
      <h3 id="escalations-title">Escalations</h3>
      <EscalationList empty="Nothing is escalated to leadership now.">
        {open.map((e) => (
          <EscalationItem key={e.id} escalation={e} />
        ))}
      </EscalationList>
      {resolved.length > 0 && (
        <details className="esc-history">
          <summary>Resolved ({resolved.length})</summary>
          <ul className="request-history">
            {resolved.map((e) => (
              <li key={e.id}>
                <LevelBadge level={e.level} /> {e.reason}
                <div className="muted when">
                  Resolved <RelativeTime at={e.resolvedAt!} />{" "}
                  {e.resolvedBy
                    ? `by ${e.resolvedBy}`
                    : `automatically${e.resolvedCause ? `: ${e.resolvedCause}` : ""}`}
                </div>
                {e.resolveNote && <span className="quoted">{e.resolveNote}</span>}
              </li>
            ))}
          </ul>
        </details>
      )}
      {detail.canTriage && <RaiseForm reportKey={detail.report.key} />}
    </section>
  );
}

function RaiseForm({ reportKey }: { reportKey: string }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [level, setLevel] = useState<EscalationLevel>("attention");
  const [reason, setReason] = useState("");
  const [done, setDone] = useState<string | null>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const firstField = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (open) firstField.current?.focus();
  }, [open]);
  const raise = useMutation(
    trpc.escalations.raise.mutationOptions({
      onSuccess: async () => {
        setOpen(false);
        setReason("");
        setDone("Escalated: leadership has been told.");
        await invalidateEscalations();
        toggle.current?.focus();
      },
    }),
  );
  const errs = fieldErrorsOf(raise.error);
  const cancel = () => {
    setOpen(false);
    raise.reset();
    requestAnimationFrame(() => toggle.current?.focus());
  };
  return (
    <div className="raise-form">
      {!open && (
        <button
          ref={toggle}
          type="button"
          className="btn small"
          onClick={() => {
            setDone(null);
            setOpen(true);
          }}
        >
          Escalate to leadership…
        </button>
      )}
      <p className="status-line muted" role="status">
        {done}
      </p>
      {open && (
        <form
          className="inline-form"
          aria-label="Escalate to leadership"
          onSubmit={(e) => {
            e.preventDefault();
            raise.mutate({ key: reportKey, level, reason: reason.trim() });
          }}
          onKeyDown={(e) => {
            if (e.key === "Escape") {
              e.preventDefault();
              cancel();
            }
          }}
        >
          <fieldset className="bare">
            <legend className="subhead">Level</legend>
            {ESCALATION_LEVELS.map((l) => (
              <label key={l} className="radio">
                <input
                  // Focus goes to the checked radio of a group, as arrow keys expect.
                  ref={l === level ? firstField : undefined}
                  type="radio"
                  name={`${id}-level`}
                  value={l}
                  checked={level === l}
                  onChange={() => setLevel(l)}
                />
                <span>
                  <strong>{LEVEL_LABELS[l]}</strong> <span className="muted">— {LEVEL_HINTS[l]}</span>
                </span>
              </label>
            ))}
          </fieldset>
          <Field
            label="Reason"
            error={errs.reason}
            hint="Sent to leadership by email: say what is wrong without exploit details."
          >
            {(p) => (
              <textarea
                {...p}
                rows={2}
                maxLength={500}
                required
                value={reason}
                onChange={(e) => setReason(e.target.value)}
              />
            )}
          </Field>
          <div className="form-actions">
            <button type="submit" className="btn small primary" disabled={raise.isPending || !reason.trim()}>
              {raise.isPending ? "Escalating…" : "Escalate"}
            </button>
            <button type="button" className="btn small" onClick={cancel}>
              Cancel
            </button>
          </div>
          {raise.isError && !Object.keys(errs).length && (
            <p className="field-error" role="alert">
              {errorMessage(raise.error)}
            </p>
          )}
        </form>
      )}
    </div>
  );
}
