import { type DisclosureState, disclosureCountdown, type ResearcherLocale, toZonedLocal } from "@embargo/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { Link } from "react-router";
import { Field } from "../../components/ui/Field.tsx";
import { formatDateTime, relativeTo } from "../../i18n/index.ts";
import { translateFieldErrors } from "../../i18n/server-errors.ts";
import { PublicError, publicErrorText, publicFetch } from "./api.ts";
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
function ZonedDate({ at, zone, lang }: { at: Date; zone: string; lang: ResearcherLocale }) {
  const { t } = useTranslation();
  const mine = browserZone();
  return (
    <>
      <time dateTime={at.toISOString()} className="disclosure-when">
        {formatDateTime(at, lang, zone)}
      </time>
      {mine !== zone && (
        <span className="muted disclosure-mine">
          {t("disclosure.yourTime", { date: formatDateTime(at, lang, mine) })}
        </span>
      )}
    </>
  );
}

/** A link to the generated advisory stays inside the app; any other address opens as a plain link. */
function AdvisoryLink({ url }: { url: string }) {
  const { t } = useTranslation();
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
    <Link to={path}>{t("disclosure.readAdvisory")}</Link>
  ) : (
    <a href={path} rel="noopener noreferrer">
      {t("disclosure.readAdvisory")}
    </a>
  );
}

/** The status page's disclosure plan: the date, what the researcher may do about it, and a request waiting. */
export function DisclosureSection({
  plan,
  fixReleased,
  url,
  token,
  lang,
}: {
  plan: ResearcherDisclosure;
  fixReleased: string | null;
  url: string;
  token: string;
  lang: ResearcherLocale;
}) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [form, setForm] = useState<"contest" | "extension" | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: ["status", token] });
  const accept = useMutation({
    mutationFn: () => publicFetch(`${url}/disclosure/accept`, { method: "POST" }),
    onSuccess: async () => {
      setDone(t("disclosure.accepted"));
      await refresh();
    },
  });
  const target = plan.targetAt ? new Date(plan.targetAt) : null;
  const now = new Date();
  const countdown = disclosureCountdown({
    targetAt: target,
    state: plan.state,
    fixReleased: fixReleased !== null,
    now,
  });
  // The countdown's words: in English the dashboard's compact "in 3 d 4 h" (the team reads the same);
  // in another language Intl's ("3 दिन में"), or how long it is overdue.
  const countdownText = () => {
    if (!countdown || countdown.msLeft === null || !target) return null;
    const future = countdown.msLeft > 0;
    if (lang === "en") return future ? t("disclosure.publicIn", { when: countdown.text }) : countdown.text;
    const when = relativeTo(target, lang, now);
    if (future) return t("disclosure.publicIn", { when: when ?? t("common.justNow") });
    return when ? t("disclosure.overdue", { when }) : t("disclosure.dueNow");
  };
  const pending = plan.pendingRequest;
  const acceptErr = accept.error instanceof PublicError ? accept.error : null;
  return (
    <section className="card disclosure" aria-labelledby="disclosure-title">
      <h2 className="card-title" id="disclosure-title">
        {t("disclosure.title")}
      </h2>
      <p>{t(`disclosure.headline.${plan.state}`)}</p>
      {target && plan.state !== "published" && plan.state !== "cancelled" && (
        <div className="disclosure-date">
          <ZonedDate at={target} zone={plan.timeZone} lang={lang} />
          {countdown && countdown.tone !== "done" && (
            <span className={`disclosure-countdown tone-${countdown.tone}`}>{countdownText()}</span>
          )}
        </div>
      )}
      {fixReleased && (
        <p className="muted">{t("disclosure.fixReleased", { date: formatDateTime(new Date(fixReleased), lang) })}</p>
      )}
      {plan.state === "published" && plan.advisoryUrl && (
        <p>
          <AdvisoryLink url={plan.advisoryUrl} />
        </p>
      )}
      {pending?.newAt && (
        <p className="notice disclosure-pending" role="status">
          <Trans
            i18nKey={pending.byYou ? "disclosure.pendingYours" : "disclosure.pendingOther"}
            values={{ date: formatDateTime(new Date(pending.newAt), lang, pending.timeZone ?? plan.timeZone) }}
            components={{ strong: <strong /> }}
          />
        </p>
      )}
      {acceptErr && (
        <div className="notice err" role="alert">
          {publicErrorText(acceptErr, t)}
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
              {t("disclosure.accept")}
            </button>
          )}
          {plan.canContest && (
            <button
              type="button"
              className="btn"
              aria-expanded={form === "contest"}
              onClick={() => setForm(form === "contest" ? null : "contest")}
            >
              {t("disclosure.contest")}
            </button>
          )}
          {plan.canRequestExtension && (
            <button
              type="button"
              className="btn"
              aria-expanded={form === "extension"}
              onClick={() => setForm(form === "extension" ? null : "extension")}
            >
              {t("disclosure.extension")}
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
  const { t } = useTranslation();
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
    onSuccess: () => onSent(t("disclosure.requestSent")),
  });
  const err = send.error instanceof PublicError ? send.error : null;
  // The server's refusals are English; each is shown in the reader's language.
  const fieldErrors = translateFieldErrors(err?.fieldErrors, t) ?? {};
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
        {kind === "contest" ? t("disclosure.contest") : t("disclosure.extension")}
      </h3>
      {err && !Object.keys(err.fieldErrors).length && (
        <div className="notice err" role="alert">
          {publicErrorText(err, t)}
        </div>
      )}
      <div className="form-grid">
        <Field label={t("disclosure.newAt")} error={fieldErrors.newAt}>
          {(p) => (
            <input {...p} type="datetime-local" required value={newAt} onChange={(e) => setNewAt(e.target.value)} />
          )}
        </Field>
        <Field label={t("disclosure.timeZone")} error={fieldErrors.timeZone}>
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
      <Field label={t("disclosure.reason")} error={fieldErrors.reason} hint={t("disclosure.reasonHint")}>
        {(p) => (
          <textarea {...p} rows={3} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />
        )}
      </Field>
      <div className="form-actions">
        <button type="submit" className="btn primary" disabled={send.isPending}>
          {send.isPending
            ? t("common.sending")
            : kind === "contest"
              ? t("disclosure.sendContest")
              : t("disclosure.sendExtension")}
        </button>
      </div>
    </form>
  );
}
