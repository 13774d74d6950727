import type { RouterOutputs } from "@embargo/api";
import { CREDIT_TYPE_LABELS, CREDIT_TYPES, type CreditType } from "@embargo/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { CopyButton } from "../../components/ui/CopyButton.tsx";
import { Field } from "../../components/ui/Field.tsx";
import { Options } from "../../components/ui/Options.tsx";
import { exactTime } from "../../lib/time.ts";
import { errorMessage, fieldErrorsOf, queryClient, trpc } from "../../lib/trpc.ts";
import type { ReportDetail } from "../../lib/types.ts";
import "./credits.css";
import { atHandle } from "../../lib/handle.ts";

type Display = "name" | "handle" | "anonymous";
const DISPLAY_LABELS: Record<Display, string> = { name: "Name", handle: "Handle", anonymous: "Anonymous" };
const CHANNEL_LABELS: Record<string, string> = {
  intake: "report form",
  status_page: "status page",
  consent_link: "consent link",
  team: "recorded by the team",
};

/**
 * Who is credited on this report (issue 12): the reporter first, then co-finders and
 * others the team adds. Names and handles come from outside the team: React renders
 * them as text, never markup. Leadership sees only what would be published.
 */
export function CreditsCard({ detail }: { detail: ReportDetail }) {
  const key = detail.report.key;
  const list = useQuery(trpc.credits.list.queryOptions({ key }));
  return (
    <section className="card" aria-labelledby="credits-title">
      <h3 id="credits-title">Credits</h3>
      {list.isPending && <p className="muted">Loading credits…</p>}
      {list.isError && <p className="field-error">{errorMessage(list.error)}</p>}
      {list.data && list.data.length === 0 && <p className="muted">No one credited yet.</p>}
      {list.data && list.data.length > 0 && (
        <ul className="credits-list" aria-label="Credits">
          {list.data.map((c) => (
            <CreditItem key={c.id} credit={c} reportKey={key} canTriage={detail.canTriage} />
          ))}
        </ul>
      )}
      {detail.canTriage && <AddCredit reportKey={key} />}
    </section>
  );
}

type Credit = RouterOutputs["credits"]["list"][number];

const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.credits.pathKey() });

function consentText(c: Credit) {
  if (c.withdrawnAt) return `consent withdrawn ${exactTime(c.withdrawnAt)}`;
  if (c.consent === "pending") {
    return c.consentLinkExpiresAt ? `asked, link valid until ${exactTime(c.consentLinkExpiresAt)}` : "not answered";
  }
  const when = c.consentAt ? ` ${exactTime(c.consentAt)}` : "";
  const how = c.consentChannel ? ` via ${CHANNEL_LABELS[c.consentChannel] ?? c.consentChannel}` : "";
  return `${c.consent}${when}${how}`;
}

function CreditItem({ credit: c, reportKey, canTriage }: { credit: Credit; reportKey: string; canTriage: boolean }) {
  const [editing, setEditing] = useState(false);
  const [confirmWithdraw, setConfirmWithdraw] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const onError = (e: unknown) => setStatus(errorMessage(e));
  const update = useMutation(
    trpc.credits.update.mutationOptions({
      onSuccess: async () => {
        setEditing(false);
        setStatus("Saved.");
        await invalidate();
      },
      onError,
    }),
  );
  const remove = useMutation(trpc.credits.remove.mutationOptions({ onSuccess: invalidate, onError }));
  const withdraw = useMutation(
    trpc.credits.withdraw.mutationOptions({
      onSuccess: async () => {
        setConfirmWithdraw(false);
        await invalidate();
      },
      onError,
    }),
  );
  const who = c.person
    ? [c.person.name, c.person.handle ? atHandle(c.person.handle) : null].filter(Boolean).join(" ")
    : null;
  const label = who || c.shownAs || "Not published";
  return (
    <li className={`credit${c.withdrawnAt ? " withdrawn" : ""}`} aria-label={`${label}, ${CREDIT_TYPE_LABELS[c.type]}`}>
      <div className="credit-head">
        <strong className="credit-name">{label}</strong>
        <span className="credit-tag">{CREDIT_TYPE_LABELS[c.type]}</span>
        {c.isReporter && <span className="muted">reporter</span>}
        {c.withdrawnAt && <span className="credit-tag warn">Withdrawn</span>}
      </div>
      {c.person?.email && <div className="muted credit-email">{c.person.email}</div>}
      <div className="muted">
        Credited as {c.display === "anonymous" ? "Anonymous" : (c.shownAs ?? DISPLAY_LABELS[c.display])} ·{" "}
        {consentText(c)}
      </div>
      {canTriage && !editing && (
        <div className="form-actions" style={{ marginTop: 4 }}>
          <button
            type="button"
            className="btn small"
            onClick={() => setEditing(true)}
            aria-label={`Edit credit of ${label}`}
          >
            Edit
          </button>
          {!c.isReporter && (
            <button
              type="button"
              className="btn small"
              disabled={remove.isPending}
              onClick={() => remove.mutate({ key: reportKey, id: c.id })}
              aria-label={`Remove credit of ${label}`}
            >
              Remove
            </button>
          )}
          {c.consent === "accepted" && !c.withdrawnAt && !confirmWithdraw && (
            <button
              type="button"
              className="btn small"
              onClick={() => setConfirmWithdraw(true)}
              aria-label={`Withdraw consent of ${label}`}
            >
              Withdraw consent
            </button>
          )}
        </div>
      )}
      {confirmWithdraw && (
        <fieldset className="confirm" aria-label="Confirm withdrawal">
          <p>Lists and advisories exported from now on leave {label} out. This cannot be undone here.</p>
          <div className="form-actions">
            <button
              type="button"
              className="btn small danger"
              disabled={withdraw.isPending}
              onClick={() => withdraw.mutate({ key: reportKey, id: c.id })}
            >
              Yes, withdraw consent
            </button>
            <button type="button" className="btn small" onClick={() => setConfirmWithdraw(false)}>
              Cancel
            </button>
          </div>
        </fieldset>
      )}
      {editing && (
        <form
          className="credit-edit"
          onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            update.mutate({
              key: reportKey,
              id: c.id,
              type: f.get("type") as CreditType,
              display: f.get("display") as Display,
            });
          }}
        >
          <Field label="Credit type" error={fieldErrorsOf(update.error).type}>
            {(p) => (
              <select {...p} name="type" defaultValue={c.type}>
                <Options labels={CREDIT_TYPE_LABELS} />
              </select>
            )}
          </Field>
          <Field label="Shown as" error={fieldErrorsOf(update.error).display}>
            {(p) => (
              <select {...p} name="display" defaultValue={c.display}>
                <Options labels={DISPLAY_LABELS} />
              </select>
            )}
          </Field>
          <div className="form-actions">
            <button type="submit" className="btn small primary" disabled={update.isPending}>
              Save credit
            </button>
            <button type="button" className="btn small" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      <span role="status" className="muted" style={{ fontSize: 12 }}>
        {status}
      </span>
    </li>
  );
}

/** A new person: asked by email through a consent link, or their answer recorded by the team. */
function AddCredit({ reportKey }: { reportKey: string }) {
  const [open, setOpen] = useState(false);
  const [link, setLink] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const add = useMutation(
    trpc.credits.add.mutationOptions({
      onSuccess: async (r) => {
        setLink(r.link);
        setDone(r.consent === "pending" ? "Credit added; waiting for their answer." : "Credit added.");
        setOpen(false);
        await invalidate();
      },
    }),
  );
  const errors = fieldErrorsOf(add.error);
  const general = add.error && Object.keys(errors).length === 0 ? errorMessage(add.error) : null;
  return (
    <div style={{ marginTop: 8 }}>
      <span role="status" className="muted" style={{ fontSize: 12 }}>
        {done}
      </span>
      {link && (
        <Field label="Consent link" hint="No mail is configured: send this link to them yourself. It works once.">
          {(p) => (
            <div className="copy-row">
              <input {...p} readOnly value={link} onFocus={(e) => e.currentTarget.select()} />
              <CopyButton value={link} what="consent link" />
            </div>
          )}
        </Field>
      )}
      {!open ? (
        <button
          type="button"
          className="btn small"
          onClick={() => {
            setOpen(true);
            setDone(null);
            setLink(null);
          }}
        >
          Add a credit
        </button>
      ) : (
        <form
          aria-label="Add a credit"
          onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            const text = (k: string) => (f.get(k)?.toString().trim() ?? "") || null;
            const consent = f.get("consent")?.toString();
            add.mutate({
              key: reportKey,
              name: text("name"),
              handle: text("handle"),
              email: text("email"),
              type: f.get("type") as CreditType,
              display: f.get("display") as Display,
              consent: consent === "accepted" || consent === "declined" ? consent : null,
            });
          }}
        >
          <Field label="Name" error={errors.name}>
            {(p) => <input {...p} name="name" maxLength={200} autoComplete="off" />}
          </Field>
          <Field label="Handle" error={errors.handle}>
            {(p) => <input {...p} name="handle" maxLength={100} autoComplete="off" />}
          </Field>
          <Field label="Email" error={errors.email} hint="With an email they are asked through a consent link.">
            {(p) => <input {...p} name="email" type="email" maxLength={320} autoComplete="off" />}
          </Field>
          <Field label="Credit type" error={errors.type}>
            {(p) => (
              <select {...p} name="type" defaultValue={CREDIT_TYPES[0]}>
                <Options labels={CREDIT_TYPE_LABELS} />
              </select>
            )}
          </Field>
          <Field label="Shown as" error={errors.display}>
            {(p) => (
              <select {...p} name="display" defaultValue="name">
                <Options labels={DISPLAY_LABELS} />
              </select>
            )}
          </Field>
          <Field label="Consent" error={errors.consent}>
            {(p) => (
              <select {...p} name="consent" defaultValue="ask">
                <option value="ask">Ask them by email</option>
                <option value="accepted">Record now: accepted</option>
                <option value="declined">Record now: declined</option>
              </select>
            )}
          </Field>
          {general && <p className="field-error">{general}</p>}
          <div className="form-actions">
            <button type="submit" className="btn small primary" disabled={add.isPending}>
              Add credit
            </button>
            <button type="button" className="btn small" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
