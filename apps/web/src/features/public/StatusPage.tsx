import type { ResearcherLocale } from "@embargo/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { Field } from "../../components/ui/Field.tsx";
import { Markdown } from "../../components/ui/Markdown.tsx";
import { ErrorBox, Loading } from "../../components/ui/States.tsx";
import { formatBytes, formatDateTime, relativeTo } from "../../i18n/index.ts";
import { translateFieldErrors } from "../../i18n/server-errors.ts";
import { useTitle } from "../../lib/title.ts";
import { PublicError, publicErrorText, publicFetch } from "./api.ts";
import { DisclosureSection, type ResearcherDisclosure } from "./DisclosureSection.tsx";
import { PublicShell, useResearcherLanguage } from "./language.tsx";
import { CreditAsOptions } from "./ReportFormPage.tsx";

interface StatusView {
  key: string;
  title: string;
  programName: string;
  /** The languages the program offers, and the one stored on the report. */
  languages: ResearcherLocale[];
  language: ResearcherLocale;
  state: string;
  /** The state in English words (the server's); the page says it from its catalog. */
  stateText: string;
  receivedAt: string;
  fixedVersion: string | null;
  fixReleased: string | null;
  disclosure: ResearcherDisclosure;
  nextPromise: { clock: string; due: string; state: string } | null;
  messages: { id: number; kind: "to_reporter" | "from_reporter"; body: string; createdAt: string }[];
  attachments: { id: number; filename: string; size: number; messageId: number | null }[];
  credit: {
    creditAs: "name" | "handle" | "anonymous";
    consent: "pending" | "accepted" | "declined";
    name: string | null;
    handle: string | null;
  };
  limits: { maxFiles: number; maxBytes: number };
}

const PROMISES = ["acknowledge", "assess", "update", "resolve", "emergency"];

/** A past instant in words ("3 hours ago", "3 घंटे पहले"), the exact one on hover. */
export function When({ at, lang, text }: { at: Date; lang: ResearcherLocale; text?: (when: string) => string }) {
  const { t } = useTranslation();
  const when = relativeTo(at, lang) ?? t("common.justNow");
  return (
    <time dateTime={at.toISOString()} title={formatDateTime(at, lang)}>
      {text ? text(when) : when}
    </time>
  );
}

/** The researcher's private page, reached by the secret link. */
export function StatusPage() {
  const { t } = useTranslation();
  useTitle(t("status.pageTitle"));
  const { token = "" } = useParams();
  const url = `/api/public/status/${encodeURIComponent(token)}`;
  const q = useQuery({ queryKey: ["status", token], queryFn: () => publicFetch<StatusView>(url), retry: false });
  // A switch is stored on the report, so later emails and the next visit use it too.
  const store = useMutation({
    mutationFn: (language: ResearcherLocale) =>
      publicFetch(`${url}/language`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ language }),
      }),
  });
  const language = useResearcherLanguage(q.data?.languages ?? (q.isError ? ["en"] : undefined), {
    stored: q.data?.language,
    onChoose: store.mutate,
  });
  const { lang } = language;
  if (q.isPending)
    return (
      <PublicShell language={language}>
        <Loading label={t("common.loading")} />
      </PublicShell>
    );
  if (q.isError) {
    return (
      <PublicShell language={language}>
        <ErrorBox title={t("status.invalidTitle")} message={t("status.invalidMessage")} />
      </PublicShell>
    );
  }
  const v = q.data;
  const promise = v.nextPromise;
  return (
    <PublicShell language={language}>
      {store.isError && (
        <div className="notice err" role="alert">
          {t("status.languageSaveFailed")}
        </div>
      )}
      <div className="report-head">
        <div className="meta">
          <span className="key">{v.key}</span> · {v.programName} ·{" "}
          <When at={new Date(v.receivedAt)} lang={lang} text={(when) => t("status.received", { when })} />
        </div>
        <h1>{v.title}</h1>
      </div>
      <section className="card" aria-labelledby="state-title">
        <h2 className="card-title" id="state-title">
          {t("status.title")}
        </h2>
        <p className="status-text">{t(`status.state.${v.state}`, { defaultValue: v.stateText })}</p>
        {v.fixedVersion && <p>{t("status.fixedIn", { version: v.fixedVersion })}</p>}
        {promise ? (
          <p>
            <Trans
              i18nKey={`status.promise.${PROMISES.includes(promise.clock) ? promise.clock : "other"}`}
              values={{ date: formatDateTime(new Date(promise.due), lang) }}
              components={{ strong: <strong /> }}
            />
          </p>
        ) : null}
      </section>
      <DisclosureSection plan={v.disclosure} fixReleased={v.fixReleased} url={url} token={token} lang={lang} />
      <Thread view={v} url={url} token={token} lang={lang} />
      <CreditForm view={v} url={url} token={token} />
    </PublicShell>
  );
}

function Thread({ view, url, token, lang }: { view: StatusView; url: string; token: string; lang: ResearcherLocale }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [body, setBody] = useState("");
  const [files, setFiles] = useState<File[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const send = useMutation({
    mutationFn: async () => {
      const form = new FormData();
      form.set("body", body);
      for (const f of files) form.append("attachments", f, f.name);
      return publicFetch(`${url}/messages`, { method: "POST", body: form });
    },
    onSuccess: async () => {
      setBody("");
      setFiles([]);
      setDone(t("thread.sent"));
      await qc.invalidateQueries({ queryKey: ["status", token] });
    },
  });
  const err = send.error instanceof PublicError ? send.error : null;
  // The server's refusals are English; each is shown in the reader's language.
  const fieldErrors = translateFieldErrors(err?.fieldErrors, t) ?? {};
  return (
    <section className="card" aria-labelledby="thread-title">
      <h2 id="thread-title" style={{ marginBottom: 10 }}>
        {t("thread.title")}
      </h2>
      {view.messages.length === 0 ? (
        <p className="muted">{t("thread.none")}</p>
      ) : (
        <div className="thread">
          {view.messages.map((m) => (
            <article
              key={m.id}
              className={`msg ${m.kind}`}
              aria-label={m.kind === "to_reporter" ? t("thread.fromTeam") : t("thread.fromYou")}
            >
              <div className="msg-head">
                <span className="msg-kind">{m.kind === "to_reporter" ? t("thread.team") : t("thread.you")}</span>
                <When at={new Date(m.createdAt)} lang={lang} />
              </div>
              <Markdown text={m.body} />
              {view.attachments
                .filter((a) => a.messageId === m.id)
                .map((a) => (
                  <div key={a.id} className="muted">
                    📎 {a.filename} ({formatBytes(a.size, lang)})
                  </div>
                ))}
            </article>
          ))}
        </div>
      )}
      <form
        style={{ marginTop: 14 }}
        onSubmit={(e) => {
          e.preventDefault();
          setDone(null);
          send.mutate();
        }}
      >
        {err && !Object.keys(err.fieldErrors).length && (
          <div className="notice err" role="alert">
            {publicErrorText(err, t)}
          </div>
        )}
        <Field label={t("thread.reply")} error={fieldErrors.body}>
          {(p) => <textarea {...p} rows={4} value={body} onChange={(e) => setBody(e.target.value)} />}
        </Field>
        <Field label={t("thread.attach", { count: view.limits.maxFiles })} error={fieldErrors.attachments}>
          {(p) => <input {...p} type="file" multiple onChange={(e) => setFiles(Array.from(e.target.files ?? []))} />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="btn primary" disabled={send.isPending || !body.trim()}>
            {send.isPending ? t("common.sending") : t("thread.send")}
          </button>
          <span role="status" className="muted">
            {done}
          </span>
        </div>
      </form>
    </section>
  );
}

/**
 * The reporter's own credit (the first credit of the report): how they are named and
 * whether they agree. Agreeing again after declining is allowed; withdrawing takes them
 * out of every list and advisory exported afterwards.
 */
function CreditForm({ view, url, token }: { view: StatusView; url: string; token: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [creditAs, setCreditAs] = useState(view.credit.creditAs);
  const [name, setName] = useState(view.credit.name ?? "");
  const [handle, setHandle] = useState(view.credit.handle ?? "");
  const [done, setDone] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (consent: "accepted" | "declined") =>
      publicFetch(`${url}/credit`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ creditAs, consent, name, handle }),
      }),
    onSuccess: async (_r, consent) => {
      setDone(consent === "accepted" ? t("credit.doneAccepted") : t("credit.doneDeclined"));
      await qc.invalidateQueries({ queryKey: ["status", token] });
    },
  });
  const err = save.error instanceof PublicError ? save.error : null;
  // The server's refusals are English; each is shown in the reader's language.
  const fieldErrors = translateFieldErrors(err?.fieldErrors, t) ?? {};
  const { consent } = view.credit;
  return (
    <section className="card" aria-labelledby="credit-title">
      <h2 className="card-title" id="credit-title">
        {t("credit.title")}
      </h2>
      <p className="credit-now">
        {consent === "accepted"
          ? view.credit.creditAs === "anonymous"
            ? t("credit.acceptedAnonymous")
            : view.credit.creditAs === "handle"
              ? t("credit.acceptedHandle")
              : t("credit.acceptedName")
          : consent === "declined"
            ? t("credit.declined")
            : t("credit.pending")}
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setDone(null);
          save.mutate("accepted");
        }}
      >
        <div className="form-grid">
          <Field label={t("credit.name")} error={fieldErrors.name}>
            {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
          <Field label={t("credit.handle")} error={fieldErrors.handle}>
            {(p) => <input {...p} value={handle} onChange={(e) => setHandle(e.target.value)} />}
          </Field>
        </div>
        <Field label={t("common.creditMeAs")} error={fieldErrors.creditAs}>
          {(p) => (
            <select {...p} value={creditAs} onChange={(e) => setCreditAs(e.target.value as typeof creditAs)}>
              <CreditAsOptions />
            </select>
          )}
        </Field>
        <div className="form-actions" style={{ marginTop: 8 }}>
          <button type="submit" className="btn primary" disabled={save.isPending}>
            {consent === "accepted" ? t("credit.save") : t("credit.accept")}
          </button>
          <button
            type="button"
            className="btn"
            disabled={save.isPending}
            onClick={() => {
              setDone(null);
              save.mutate("declined");
            }}
          >
            {consent === "accepted" ? t("credit.withdraw") : t("credit.decline")}
          </button>
          <span role="status" className="muted">
            {done}
            {err && !Object.keys(err.fieldErrors).length ? publicErrorText(err, t) : null}
          </span>
        </div>
      </form>
    </section>
  );
}
