import {
  type DisclosureBasis,
  type DisclosureState,
  disclosureCountdown,
  formatZonedInstant,
  toZonedLocal,
} from "@embargo/core";
import { useMutation } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { Field } from "../../components/ui/Field.tsx";
import { RelativeTime } from "../../components/ui/Time.tsx";
import { errorMessage, fieldErrorsOf, trpc } from "../../lib/trpc.ts";
import type { ReportDetail } from "../../lib/types.ts";
import { focusHeading, invalidateReport, ZonedDateTimeFields, ZonedWhen } from "./disclosureParts.tsx";

type Disclosure = ReportDetail["disclosure"];
type Request = Disclosure["requests"][number];
type Event = ReportDetail["events"][number];

/** The plan's state in words a triager and a manager both read the same way. */
export const PLAN_STATE_WORDS: Record<DisclosureState, string> = {
  none: "No disclosure date yet",
  proposed: "Proposed, waiting for the reporter to agree",
  agreed: "Agreed with the reporter",
  extended: "Agreed, then extended",
  published: "Published",
  cancelled: "Cancelled (the report was closed)",
};

export const BASIS_WORDS: Record<DisclosureBasis, string> = {
  policy_window: "the policy's disclosure window",
  after_fix_release: "counted from the fix release",
  manual: "set by hand",
};

const fixReleasedOf = (d: Disclosure) => d.milestones.some((m) => m.kind === "fix_released" && m.actualAt !== null);

/** "Discloses in 12 d 4 h" beside the state badge: amber within 7 days with no fix, red once overdue. */
export function DisclosureCountdown({ detail }: { detail: ReportDetail }) {
  const { plan } = detail.disclosure;
  const c = disclosureCountdown({
    targetAt: plan.targetAt,
    state: plan.state,
    fixReleased: fixReleasedOf(detail.disclosure),
    now: new Date(),
  });
  if (!c) return null;
  const tone = { ok: "sla-on_track", amber: "sla-at_risk", red: "sla-breached", done: "sla-met" }[c.tone];
  const text = c.tone === "done" ? "Disclosed" : c.tone === "red" ? `Disclosure ${c.text}` : `Discloses ${c.text}`;
  return (
    <span className="disclosure-head">
      <span className={`sla ${tone}`}>{text}</span>
      {plan.targetAt && (
        <span className="disclosure-when">
          <ZonedWhen at={plan.targetAt} zone={plan.timeZone} />
        </span>
      )}
    </span>
  );
}

/** Who asked for a request and who decided it, from the timeline (the request rows keep ids only). */
function actorsOf(events: Event[], id: number) {
  const asked = events.find((e) => e.type === "disclosure_request" && e.data.requestId === id);
  const decided = events.find(
    (e) => (e.type === "disclosure" || e.type === "disclosure_decision") && e.data.requestId === id,
  );
  return { askedBy: asked?.actorLabel ?? null, decidedBy: decided?.actorLabel ?? null };
}

const requestWhat = (r: Request) =>
  r.requestedBy === "team"
    ? r.shortening
      ? "Team brought the date forward"
      : "Team extension"
    : r.kind === "contest"
      ? "The reporter suggests another date"
      : r.shortening
        ? "The reporter asks to bring the date forward"
        : "The reporter asks for more time";

function OldNew({ r, zone }: { r: Request; zone: string }) {
  const tz = r.timeZone ?? zone;
  return (
    <span className="old-new">
      {r.oldAt ? formatZonedInstant(r.oldAt, tz) : "no date"} → {r.newAt ? formatZonedInstant(r.newAt, tz) : "no date"}
    </span>
  );
}

type Open = null | "target" | "extend";

export function DisclosureCard({ detail }: { detail: ReportDetail }) {
  const { plan, requests } = detail.disclosure;
  const key = detail.report.key;
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [open, setOpen] = useState<Open>(null);
  const [done, setDone] = useState<string | null>(null);
  const pending = requests.find((r) => r.state === "pending");
  const history = requests.filter((r) => r.state !== "pending").reverse();
  const afterSave = (message: string) => async () => {
    setOpen(null);
    setDone(message);
    await invalidateReport();
    focusHeading(headingRef);
  };
  const agree = useMutation(trpc.disclosure.agree.mutationOptions({ onSuccess: afterSave("Date accepted.") }));
  const canChangeTarget = plan.state === "none" || plan.state === "proposed" || plan.state === "cancelled";
  const canExtend = plan.state === "agreed" || plan.state === "extended";
  return (
    <section className="card disclosure-card" aria-labelledby="disclosure-title">
      <h3 id="disclosure-title" ref={headingRef} tabIndex={-1}>
        Disclosure
      </h3>
      {pending && (
        <PendingRequest
          key={pending.id}
          reportKey={key}
          request={pending}
          zone={plan.timeZone}
          askedBy={actorsOf(detail.events, pending.id).askedBy}
          canDecide={detail.canTriage}
          onDecided={(approved) => afterSave(approved ? "Request approved: the date moved." : "Request declined.")()}
        />
      )}
      <dl className="props">
        <dt>State</dt>
        <dd>{PLAN_STATE_WORDS[plan.state]}</dd>
        <dt>Date</dt>
        <dd>
          {plan.targetAt ? (
            <span className="zoned">
              <ZonedWhen at={plan.targetAt} zone={plan.timeZone} />
            </span>
          ) : (
            <span className="muted">—</span>
          )}
        </dd>
        {plan.basis && plan.targetAt && (
          <>
            <dt>From</dt>
            <dd>{BASIS_WORDS[plan.basis]}</dd>
          </>
        )}
      </dl>
      {detail.canTriage && plan.state !== "published" && (
        <div className="form-actions disclosure-actions">
          {canChangeTarget && (
            <button
              type="button"
              className="btn small"
              aria-expanded={open === "target"}
              onClick={() => setOpen(open === "target" ? null : "target")}
            >
              {plan.state === "proposed" ? "Edit date" : "Propose date"}
            </button>
          )}
          {plan.state === "proposed" && (
            <button
              type="button"
              className="btn small primary"
              disabled={agree.isPending}
              onClick={() => {
                setDone(null);
                agree.mutate({ key });
              }}
            >
              Accept date
            </button>
          )}
          {canExtend && (
            <button
              type="button"
              className="btn small"
              aria-expanded={open === "extend"}
              onClick={() => setOpen(open === "extend" ? null : "extend")}
            >
              Extend
            </button>
          )}
        </div>
      )}
      {open === "target" && (
        <TargetForm
          reportKey={key}
          plan={plan}
          onCancel={() => setOpen(null)}
          onSaved={afterSave(plan.state === "proposed" ? "Date changed." : "Date proposed.")}
        />
      )}
      {open === "extend" && (
        <ExtendForm reportKey={key} plan={plan} onCancel={() => setOpen(null)} onSaved={afterSave("Date extended.")} />
      )}
      <p role="status" className="muted status-line">
        {done}
        {agree.isError ? errorMessage(agree.error) : null}
      </p>
      {history.length > 0 && (
        <>
          <h4 className="subhead">Requests to move the date</h4>
          <ol className="request-history" aria-label="Requests to move the date">
            {history.map((r) => {
              const { askedBy, decidedBy } = actorsOf(detail.events, r.id);
              return (
                <li key={r.id}>
                  <div>
                    <strong>{requestWhat(r)}</strong> · {r.state === "approved" ? "approved" : "declined"}
                  </div>
                  <OldNew r={r} zone={plan.timeZone} />
                  {r.reason && <p className="quoted">{r.reason}</p>}
                  <div className="muted when">
                    asked by {askedBy ?? (r.requestedBy === "team" ? "the team" : "the reporter")},{" "}
                    <RelativeTime at={r.createdAt} />
                    {r.decidedAt && (
                      <>
                        {" "}
                        · decided by {decidedBy ?? "the team"}, <RelativeTime at={r.decidedAt} />
                      </>
                    )}
                  </div>
                  {r.decisionNote && <p className="quoted">Note: {r.decisionNote}</p>}
                </li>
              );
            })}
          </ol>
        </>
      )}
    </section>
  );
}

function PendingRequest({
  reportKey,
  request,
  zone,
  askedBy,
  canDecide,
  onDecided,
}: {
  reportKey: string;
  request: Request;
  zone: string;
  askedBy: string | null;
  canDecide: boolean;
  onDecided: (approved: boolean) => void;
}) {
  const [note, setNote] = useState("");
  const decide = useMutation(
    trpc.disclosure.decide.mutationOptions({ onSuccess: (_r, vars) => onDecided(vars.approve) }),
  );
  const send = (approve: boolean) =>
    decide.mutate({ key: reportKey, requestId: request.id, approve, note: note || null });
  return (
    <section className="pending-request" aria-label="Pending request">
      <div>
        <strong>{requestWhat(request)}</strong>
        <span className="muted">
          {" "}
          · {askedBy ?? "the reporter"}, <RelativeTime at={request.createdAt} />
        </span>
      </div>
      <OldNew r={request} zone={zone} />
      {/* The requester's words: rendered as text, never as markup. */}
      {request.reason && <p className="quoted">{request.reason}</p>}
      {canDecide && (
        <>
          <Field label="Note to the reporter (optional)" error={fieldErrorsOf(decide.error).note}>
            {(p) => <textarea {...p} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />}
          </Field>
          <div className="form-actions">
            <button type="button" className="btn small primary" disabled={decide.isPending} onClick={() => send(true)}>
              Approve
            </button>
            <button type="button" className="btn small" disabled={decide.isPending} onClick={() => send(false)}>
              Decline
            </button>
          </div>
          {decide.isError && !fieldErrorsOf(decide.error).note && (
            <p className="field-error" role="alert">
              {errorMessage(decide.error)}
            </p>
          )}
        </>
      )}
    </section>
  );
}

interface PlanFormProps {
  reportKey: string;
  plan: Disclosure["plan"];
  onCancel: () => void;
  onSaved: () => void;
}

/** The date and zone a plan form starts from: the current target, in the zone it was set in. */
function usePlanDate(plan: Disclosure["plan"]) {
  const [zone, setZone] = useState(plan.timeZone);
  const [local, setLocal] = useState(plan.targetAt ? toZonedLocal(plan.targetAt, plan.timeZone) : "");
  return { zone, setZone, local, setLocal };
}

function TargetForm({ reportKey, plan, onCancel, onSaved }: PlanFormProps) {
  const { zone, setZone, local, setLocal } = usePlanDate(plan);
  const save = useMutation(trpc.disclosure.setTarget.mutationOptions({ onSuccess: onSaved }));
  const f = fieldErrorsOf(save.error);
  return (
    <form
      className="inline-form"
      aria-label={plan.state === "proposed" ? "Edit disclosure date" : "Propose disclosure date"}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ key: reportKey, targetAt: local, timeZone: zone });
      }}
    >
      <ZonedDateTimeFields
        label="Disclosure date and time"
        value={local}
        onChange={setLocal}
        zone={zone}
        onZoneChange={setZone}
        errors={{ at: f.targetAt, zone: f.timeZone }}
        required
      />
      <div className="form-actions">
        <button type="submit" className="btn small primary" disabled={save.isPending}>
          {plan.state === "proposed" ? "Save date" : "Propose this date"}
        </button>
        <button type="button" className="btn small" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {save.isError && !f.targetAt && !f.timeZone && (
        <p className="field-error" role="alert">
          {errorMessage(save.error)}
        </p>
      )}
    </form>
  );
}

function ExtendForm({ reportKey, plan, onCancel, onSaved }: PlanFormProps) {
  const { zone, setZone, local, setLocal } = usePlanDate(plan);
  const [reason, setReason] = useState("");
  const [shortening, setShortening] = useState(false);
  const extend = useMutation(trpc.disclosure.extend.mutationOptions({ onSuccess: onSaved }));
  const f = fieldErrorsOf(extend.error);
  return (
    <form
      className="inline-form"
      aria-label="Extend disclosure date"
      onSubmit={(e) => {
        e.preventDefault();
        extend.mutate({ key: reportKey, newAt: local, timeZone: zone, reason, shortening });
      }}
    >
      <ZonedDateTimeFields
        label="New disclosure date and time"
        value={local}
        onChange={setLocal}
        zone={zone}
        onZoneChange={setZone}
        errors={{ at: f.newAt, zone: f.timeZone }}
        required
      />
      <Field label="Reason" error={f.reason} hint="The reporter is told the new date and this reason.">
        {(p) => <textarea {...p} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} required />}
      </Field>
      <label className="check">
        <input type="checkbox" checked={shortening} onChange={(e) => setShortening(e.target.checked)} /> Bring the date
        forward (shorten the embargo)
      </label>
      <div className="form-actions">
        <button type="submit" className="btn small primary" disabled={extend.isPending}>
          {shortening ? "Bring date forward" : "Extend date"}
        </button>
        <button type="button" className="btn small" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {extend.isError && !f.newAt && !f.timeZone && !f.reason && (
        <p className="field-error" role="alert">
          {errorMessage(extend.error)}
        </p>
      )}
    </form>
  );
}
