import type { ResearcherLocale } from "@embargo/core";
import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { CopyButton } from "../../components/ui/CopyButton.tsx";
import { Field } from "../../components/ui/Field.tsx";
import { ErrorBox, Loading } from "../../components/ui/States.tsx";
import { formatBytes, formatDateTime } from "../../i18n/index.ts";
import { translateFieldErrors } from "../../i18n/server-errors.ts";
import { useTitle } from "../../lib/title.ts";
import { type FieldErrors, PublicError, publicErrorText, publicFetch } from "./api.ts";
import { type LanguageChoice, PublicShell, useResearcherLanguage } from "./language.tsx";

interface ProgramInfo {
  slug: string;
  name: string;
  /** Archived: the program takes no new reports. */
  closed?: boolean;
  /** The languages the pages offer, the program's default first. */
  languages: ResearcherLocale[];
  supportedVersions: { range: string; status: string }[];
  limits: { maxFiles: number; maxBytes: number };
}
interface ReceiptInfo {
  key: string;
  statusPath: string;
  statusUrl: string;
  nextPromisedAt: string | null;
}

/** The long text fields: catalog key (form.<key>, its hint form.<key>Hint), rows, required. */
const TEXTS = [
  ["description", 6, true, true],
  ["stepsToReproduce", 5, true, false],
  ["impact", 3, true, true],
  ["proofOfConcept", 4, false, true],
  ["configuration", 2, false, false],
  ["suggestedFix", 2, false, false],
] as const;

/** The public submission form: no account, every field checked on the server. */
export function ReportFormPage() {
  const { slug = "" } = useParams();
  const { t } = useTranslation();
  useTitle(t("form.pageTitle"));
  const info = useQuery({
    queryKey: ["public-program", slug],
    queryFn: () => publicFetch<ProgramInfo>(`/api/public/programs/${encodeURIComponent(slug)}`),
    retry: false,
  });
  const language = useResearcherLanguage(info.data?.languages ?? (info.isError ? ["en"] : undefined));
  const { lang } = language;
  const [values, setValues] = useState<Record<string, string>>({ creditAs: "name" });
  const [consent, setConsent] = useState(false);
  const [files, setFiles] = useState<File[]>([]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [receipt, setReceipt] = useState<ReceiptInfo | null>(null);
  // One nonce per filled-in form: pressing Send again after a lost answer gets the first receipt, not a
  // second report (the server keeps it as an idempotency key for a day).
  const [nonce] = useState(() => crypto.randomUUID());
  const set = (k: string) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [k]: e.target.value }));

  if (info.isPending)
    return (
      <PublicShell language={language}>
        <Loading label={t("common.loading")} />
      </PublicShell>
    );
  if (info.isError) {
    return (
      <PublicShell language={language}>
        <ErrorBox title={t("form.notFoundTitle")} message={t("form.notFoundMessage")} />
      </PublicShell>
    );
  }
  if (receipt) return <Receipt program={info.data} receipt={receipt} language={language} />;
  if (info.data.closed) {
    return (
      <PublicShell language={language}>
        <h1>{info.data.name}</h1>
        <ErrorBox title={t("form.closedTitle")} message={t("form.closedMessage")} />
      </PublicShell>
    );
  }
  const limits = info.data.limits;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setFailure(null);
    const v = values;
    const report = {
      title: v.title ?? "",
      description: v.description ?? "",
      stepsToReproduce: v.stepsToReproduce ?? "",
      impact: v.impact ?? "",
      affectedVersions: v.affectedVersions ?? "",
      proofOfConcept: v.proofOfConcept || null,
      configuration: v.configuration || null,
      suggestedFix: v.suggestedFix || null,
      component: v.component || null,
      cwe: v.cwe || null,
      reporter: { name: v.name || null, handle: v.handle || null, email: v.email || null },
      credit: { creditAs: v.creditAs ?? "name", consent: consent ? "accepted" : "declined" },
      website: v.website ?? "",
    };
    const form = new FormData();
    form.set("report", JSON.stringify(report));
    // The language the researcher read the form in: stored on the report for its emails and status page.
    form.set("language", lang);
    for (const f of files) form.append("attachments", f, f.name);
    try {
      setReceipt(
        await publicFetch<ReceiptInfo>(`/api/public/programs/${encodeURIComponent(slug)}/reports`, {
          method: "POST",
          body: form,
          headers: { "Idempotency-Key": `form-${nonce}` },
        }),
      );
      window.scrollTo(0, 0);
    } catch (err) {
      const pe = err instanceof PublicError ? err : null;
      setErrors(pe?.fieldErrors ?? {});
      setFailure(
        pe && Object.keys(pe.fieldErrors).length
          ? t("form.failedFields")
          : pe?.status === 0
            ? t("form.failedNetwork")
            : pe
              ? publicErrorText(pe, t)
              : t("form.failedOther"),
      );
    } finally {
      setBusy(false);
    }
  };
  // The server's refusals are English: each is shown in the reader's language (an empty field by the page's own label).
  const shown = translateFieldErrors(errors, t);
  const errorOf = (k: string, label: string) =>
    errors[k] && !values[k]?.trim() ? t("form.required", { field: label }) : shown[k];
  const input = (k: string, label: string, props: Record<string, unknown> = {}, hint?: string) => (
    <Field label={label} error={errorOf(k, label) ?? shown[`reporter.${k}`]} {...(hint ? { hint } : {})}>
      {(p) => <input {...p} {...props} value={values[k] ?? ""} onChange={set(k)} />}
    </Field>
  );
  const tooBig = files.find((f) => f.size > limits.maxBytes);

  return (
    <PublicShell language={language}>
      <h1>{t("form.heading", { program: info.data.name })}</h1>
      <p className="muted">{t("form.intro", { program: info.data.name })}</p>
      {failure && (
        <div className="notice err" role="alert">
          {failure}
        </div>
      )}
      <form onSubmit={submit} noValidate aria-label={t("form.formName")}>
        <fieldset>
          <legend>{t("form.vulnerability")}</legend>
          {input("title", t("form.title"), { maxLength: 300, required: true })}
          <div className="form-grid">
            {input(
              "affectedVersions",
              t("form.affectedVersions"),
              { required: true },
              info.data.supportedVersions.length
                ? t("form.supported", {
                    ranges: info.data.supportedVersions
                      .filter((s) => s.status !== "unsupported")
                      .map((s) => s.range)
                      .join(", "),
                  })
                : undefined,
            )}
            {input("component", t("form.component"))}
            {input("cwe", t("form.cwe"), { placeholder: "CWE-79" })}
          </div>
          {TEXTS.map(([k, rows, req, hint]) => (
            <Field
              key={k}
              label={req ? t(`form.${k}`) : t("common.optional", { label: t(`form.${k}`) })}
              error={errorOf(k, t(`form.${k}`))}
              {...(hint ? { hint: t(`form.${k}Hint`) } : {})}
            >
              {(p) => <textarea {...p} rows={rows} required={req} value={values[k] ?? ""} onChange={set(k)} />}
            </Field>
          ))}
          <Field
            label={t("form.attachments", { count: limits.maxFiles, size: formatBytes(limits.maxBytes, lang) })}
            error={
              shown.attachments ??
              (tooBig ? t("form.tooBig", { name: tooBig.name, size: formatBytes(limits.maxBytes, lang) }) : undefined)
            }
            hint={t("form.attachmentsHint")}
          >
            {(p) => <input {...p} type="file" multiple onChange={(e) => setFiles(Array.from(e.target.files ?? []))} />}
          </Field>
        </fieldset>
        <fieldset>
          <legend>{t("form.you")}</legend>
          <div className="form-grid">
            {input("name", t("form.name"), { autoComplete: "name" })}
            {input("handle", t("form.handle"), { autoComplete: "nickname" })}
            <div className="wide">{input("email", t("form.email"), { type: "email", autoComplete: "email" })}</div>
          </div>
          <Field label={t("common.creditMeAs")} error={shown["credit.creditAs"]}>
            {(p) => (
              <select {...p} value={values.creditAs} onChange={set("creditAs")}>
                <CreditAsOptions />
              </select>
            )}
          </Field>
          <label className="check">
            <input type="checkbox" checked={consent} onChange={(e) => setConsent(e.target.checked)} />{" "}
            {t("form.consent")}
          </label>
        </fieldset>
        {/* Honeypot: hidden from people and assistive technology; bots fill it in. */}
        <div className="hp" aria-hidden="true">
          <label>
            {t("form.honeypot")}
            <input
              tabIndex={-1}
              autoComplete="off"
              value={values.website ?? ""}
              onChange={set("website")}
              name="website"
            />
          </label>
        </div>
        <div className="form-actions">
          <button type="submit" className="btn primary" disabled={busy || !!tooBig}>
            {busy ? t("common.sending") : t("form.send")}
          </button>
        </div>
      </form>
    </PublicShell>
  );
}

/** The three ways to be named, in the reader's language (the form and the status page). */
export function CreditAsOptions() {
  const { t } = useTranslation();
  return (
    <>
      <option value="name">{t("common.creditAs.name")}</option>
      <option value="handle">{t("common.creditAs.handle")}</option>
      <option value="anonymous">{t("common.creditAs.anonymous")}</option>
    </>
  );
}

function Receipt({
  program,
  receipt,
  language,
}: {
  program: ProgramInfo;
  receipt: ReceiptInfo;
  language: LanguageChoice;
}) {
  const { t } = useTranslation();
  const link = `${window.location.origin}${receipt.statusPath}`;
  return (
    <PublicShell language={language}>
      <section className="card receipt" aria-labelledby="receipt-title">
        <h1 id="receipt-title">{t("receipt.heading", { key: receipt.key })}</h1>
        <p>{t("receipt.thanks", { program: program.name })}</p>
        {receipt.nextPromisedAt && (
          <p>
            <Trans
              i18nKey="receipt.promise"
              values={{ date: formatDateTime(new Date(receipt.nextPromisedAt), language.lang) }}
              components={{ strong: <strong /> }}
            />
          </p>
        )}
        <p>{t("receipt.link")}</p>
        <p>
          {/* The name keeps the visible address (WCAG 2.5.3) and says what it is. */}
          <Link to={receipt.statusPath} className="status-link" aria-label={t("receipt.linkName", { link })}>
            {link}
          </Link>
          <CopyButton
            value={link}
            what={t("receipt.copyWhat")}
            texts={{
              copy: t("common.copy"),
              copied: t("common.copied"),
              announced: t("common.copiedAnnounce"),
              failed: t("common.copyFailed"),
            }}
          />
        </p>
      </section>
    </PublicShell>
  );
}
