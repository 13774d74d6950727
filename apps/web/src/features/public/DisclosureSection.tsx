import { type DisclosureState, disclosureCountdown, formatZonedInstant, toZonedLocal } from "@embargo/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Link } from "react-router";
import { Field } from "../../components/ui/Field.tsx";
import { PublicError, publicFetch } from "./api.ts";
import "./public.css";

/** The plan as the status API sends it (instants as ISO strings). */
export interface ResearcherDisclosure {
  state: DisclosureState;
  targetAt: string | null;
  timeZone: string;
  pendingRequest: {
    kind: "extension" | "contest";
    newAt: string | null;
    timeZone: string | null;
    createdAt: string;
    byYou: boolean;
  } | null;
  canAccept: boolean;
  canContest: boolean;
  canRequestExtension: boolean;
  advisoryUrl: string | null;
}

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
const ZONES: string[] = (Intl as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.("timeZone") ?? [];

/** A date the way the plan means it (in its zone) and, when different, in the reader's own zone. */
function ZonedDate({ at, zone }: { at: Date; zone: string }) {
  const mine = browserZone();
  return (
    <>
      <time dateTime={at.toISOString()} className="disclosure-when">
        {formatZonedInstant(at, zone)}
      </time>
      {mine !== zone && <span className="muted disclosure-mine">Your time: {formatZonedInstant(at, mine)}</span>}
    </>
  );
}

/** A link to the generated advisory stays inside the app; any other address opens as a plain link. */
function AdvisoryLink({ url }: { url: string }) {
  const path = (() => {
    try {
      const u = new URL(url, window.location.origin);
      if (u.protocol !== "https:" && u.protocol !== "http:") return null;
      return u.origin === window.location.origin ? u.pathname : u.href;
    } catch {
      return null;
    }
  })();
  if (!path) return null;
  return path.startsWith("/") ? (
    <Link to={path}>Read the advisory</Link>
  ) : (
    <a href={path} rel="noopener noreferrer">
      Read the advisory
    </a>
  );
}

const STATE_HEADLINE: Record<DisclosureState, string> = {
  none: "No public disclosure date is planned yet. The team proposes one once the report is triaged.",
  proposed: "The team proposes to disclose this report publicly on",
  agreed: "Agreed public disclosure date",
  extended: "Agreed public disclosure date (extended)",
  published: "The fix is released and the advisory is published.",
  cancelled: "This report will not be disclosed publicly.",
};

/** The status page's disclosure plan: the date, what the researcher may do about it, and a request waiting. */
export function DisclosureSection({
  plan,
  fixReleased,
  url,
  token,
}: {
  plan: ResearcherDisclosure;
  fixReleased: string | null;
  url: string;
  token: string;
}) {
  const qc = useQueryClient();
  const [form, setForm] = useState<"contest" | "extension" | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: ["status", token] });
  const accept = useMutation({
    mutationFn: () => publicFetch(`${url}/disclosure/accept`, { method: "POST" }),
    onSuccess: async () => {
      setDone("You accepted the disclosure date.");
      await refresh();
    },
  });
  const target = plan.targetAt ? new Date(plan.targetAt) : null;
  const countdown = disclosureCountdown({
    targetAt: target,
    state: plan.state,
    fixReleased: fixReleased !== null,
    now: new Date(),
  });
  const pending = plan.pendingRequest;
  const acceptErr = accept.error instanceof PublicError ? accept.error : null;
  return (
    <section className="card disclosure" aria-labelledby="disclosure-title">
      <h2 className="card-title" id="disclosure-title">
        Disclosure
      </h2>
      <p>{STATE_HEADLINE[plan.state]}</p>
      {target && plan.state !== "published" && plan.state !== "cancelled" && (
        <div className="disclosure-date">
          <ZonedDate at={target} zone={plan.timeZone} />
          {countdown && countdown.tone !== "done" && (
            <span className={`disclosure-countdown tone-${countdown.tone}`}>
              {countdown.msLeft !== null && countdown.msLeft > 0 ? `Public ${countdown.text}` : countdown.text}
            </span>
          )}
        </div>
      )}
      {fixReleased && (
        <p className="muted">The fix was released on {formatZonedInstant(new Date(fixReleased), browserZone())}.</p>
      )}
      {plan.state === "published" && plan.advisoryUrl && (
        <p>
          <AdvisoryLink url={plan.advisoryUrl} />
        </p>
      )}
      {pending?.newAt && (
        <p className="notice disclosure-pending" role="status">
          {pending.byYou ? "Your request" : "A request"} for{" "}
          <strong>{formatZonedInstant(new Date(pending.newAt), pending.timeZone ?? plan.timeZone)}</strong> is waiting
          for the team.
        </p>
      )}
      {acceptErr && (
        <div className="notice err" role="alert">
          {acceptErr.message}
        </div>
      )}
      {(plan.canAccept || plan.canContest || plan.canRequestExtension) && (
        <div className="form-actions">
          {plan.canAccept && (
            <button
              type="button"
              className="btn primary"
              disabled={accept.isPending}
              onClick={() => {
                setDone(null);
                accept.mutate();
              }}
            >
              Accept this date
            </button>
          )}
          {plan.canContest && (
            <button
              type="button"
              className="btn"
              aria-expanded={form === "contest"}
              onClick={() => setForm(form === "contest" ? null : "contest")}
            >
              Suggest another date
            </button>
          )}
          {plan.canRequestExtension && (
            <button
              type="button"
              className="btn"
              aria-expanded={form === "extension"}
              onClick={() => setForm(form === "extension" ? null : "extension")}
            >
              Ask for an extension
            </button>
          )}
        </div>
      )}
      <p role="status" className="muted">
        {done}
      </p>
      {form && (form === "contest" ? plan.canContest : plan.canRequestExtension) && (
        <DateRequestForm
          kind={form}
          plan={plan}
          url={url}
          onSent={async (message) => {
            setForm(null);
            setDone(message);
            await refresh();
          }}
        />
      )}
    </section>
  );
}

/** Another date (for a proposed plan) or a later one (for an agreed plan), with the reason the team reads. */
function DateRequestForm({
  kind,
  plan,
  url,
  onSent,
}: {
  kind: "contest" | "extension";
  plan: ResearcherDisclosure;
  url: string;
  onSent: (message: string) => Promise<void>;
}) {
  const [timeZone, setTimeZone] = useState(browserZone());
  const [newAt, setNewAt] = useState(() => (plan.targetAt ? toZonedLocal(new Date(plan.targetAt), timeZone) : ""));
  const [reason, setReason] = useState("");
  const titleId = useId();
  const send = useMutation({
    mutationFn: () =>
      publicFetch(`${url}/disclosure/${kind}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ newAt, timeZone, reason }),
      }),
    onSuccess: () => onSent("Your request was sent to the team."),
  });
  const err = send.error instanceof PublicError ? send.error : null;
  const zones = ZONES.includes(timeZone) ? ZONES : [timeZone, ...ZONES];
  return (
    <form
      className="disclosure-form"
      aria-labelledby={titleId}
      onSubmit={(e) => {
        e.preventDefault();
        send.mutate();
      }}
    >
      <h3 className="sub-title" id={titleId}>
        {kind === "contest" ? "Suggest another date" : "Ask for an extension"}
      </h3>
      {err && !Object.keys(err.fieldErrors).length && (
        <div className="notice err" role="alert">
          {err.message}
        </div>
      )}
      <div className="form-grid">
        <Field label="New date and time" error={err?.fieldErrors.newAt}>
          {(p) => (
            <input {...p} type="datetime-local" required value={newAt} onChange={(e) => setNewAt(e.target.value)} />
          )}
        </Field>
        <Field label="Time zone" error={err?.fieldErrors.timeZone}>
          {(p) => (
            <select {...p} value={timeZone} onChange={(e) => setTimeZone(e.target.value)}>
              {zones.map((z) => (
                <option key={z} value={z}>
                  {z}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field label="Reason" error={err?.fieldErrors.reason} hint="The security team reads this when they decide.">
        {(p) => (
          <textarea {...p} rows={3} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />
        )}
      </Field>
      <div className="form-actions">
        <button type="submit" className="btn primary" disabled={send.isPending}>
          {send.isPending ? "Sending…" : kind === "contest" ? "Send suggestion" : "Send extension request"}
        </button>
      </div>
    </form>
  );
}
