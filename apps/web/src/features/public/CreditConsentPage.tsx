import type { CreditType, ResearcherLocale } from "@embargo/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { Field } from "../../components/ui/Field.tsx";
import { ErrorBox, Loading } from "../../components/ui/States.tsx";
import { translateFieldErrors } from "../../i18n/server-errors.ts";
import { useTitle } from "../../lib/title.ts";
import { PublicError, publicErrorText, publicFetch } from "./api.ts";
import { PublicShell, useResearcherLanguage } from "./language.tsx";
import "./public.css";

interface ConsentRequest {
  programName: string;
  creditType: CreditType;
  /** The languages the program offers. */
  languages: ResearcherLocale[];
}
type Display = "name" | "handle" | "anonymous";

/**
 * The one page a credited person reaches from their email (issue 12): who asks
 * (the program) and for what (the credit type), nothing of the report, which may
 * still be under embargo. They accept, choosing how they are named, or decline.
 */
export function CreditConsentPage() {
  const { t } = useTranslation();
  useTitle(t("consent.pageTitle"));
  const { token = "" } = useParams();
  const url = `/api/public/credit/${encodeURIComponent(token)}`;
  const q = useQuery({
    queryKey: ["credit-consent", token],
    queryFn: () => publicFetch<ConsentRequest>(url),
    retry: false,
  });
  const language = useResearcherLanguage(q.data?.languages ?? (q.isError ? ["en"] : undefined));
  if (q.isPending)
    return (
      <PublicShell language={language}>
        <Loading label={t("common.loading")} />
      </PublicShell>
    );
  // The same words for a wrong, used or expired link: the page must not tell them apart.
  if (q.isError)
    return (
      <PublicShell language={language}>
        <ErrorBox title={t("consent.invalidTitle")} message={t("consent.invalidMessage")} />
      </PublicShell>
    );
  return (
    <PublicShell language={language}>
      <ConsentForm url={url} request={q.data} />
    </PublicShell>
  );
}

function ConsentForm({ url, request }: { url: string; request: ConsentRequest }) {
  const { t } = useTranslation();
  const program = request.programName;
  const [display, setDisplay] = useState<Display>("name");
  const [name, setName] = useState("");
  const [handle, setHandle] = useState("");
  const answer = useMutation({
    mutationFn: (accept: boolean) =>
      publicFetch<{ consent: string; display: Display }>(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(accept ? { accept, display, name, handle } : { accept }),
      }),
  });
  const err = answer.error instanceof PublicError ? answer.error : null;
  // The server's refusals are English; each is shown in the reader's language.
  const fieldErrors = translateFieldErrors(err?.fieldErrors, t) ?? {};
  if (answer.isSuccess) {
    return (
      <section className="card" aria-labelledby="consent-done">
        <h1 id="consent-done">
          {answer.data.consent === "accepted" ? t("consent.thanksTitle") : t("consent.understoodTitle")}
        </h1>
        <p role="status">
          {answer.data.consent === "accepted"
            ? answer.data.display === "anonymous"
              ? t("consent.acceptedAnonymous", { program })
              : t("consent.accepted", { program })
            : t("consent.declined", { program })}
        </p>
      </section>
    );
  }
  if (err?.status === 404) return <ErrorBox title={t("consent.invalidTitle")} message={t("consent.invalidMessage")} />;
  return (
    <section className="card" aria-labelledby="consent-title">
      <h1 id="consent-title">{t("consent.heading")}</h1>
      <p className="consent-ask">
        <Trans
          i18nKey="consent.ask"
          values={{ program, type: t(`creditType.${request.creditType}`, { defaultValue: request.creditType }) }}
          components={{ strong: <strong /> }}
        />
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          answer.mutate(true);
        }}
      >
        <div className="form-grid">
          <Field label={t("consent.name")} error={fieldErrors.name} hint={t("consent.keepHint")}>
            {(p) => <input {...p} value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />}
          </Field>
          <Field label={t("consent.handle")} error={fieldErrors.handle} hint={t("consent.keepHint")}>
            {(p) => <input {...p} value={handle} maxLength={100} onChange={(e) => setHandle(e.target.value)} />}
          </Field>
        </div>
        <fieldset className="consent-display">
          <legend>{t("common.creditMeAs")}</legend>
          {(["name", "handle", "anonymous"] as const).map((value) => (
            <label className="check" key={value}>
              <input
                type="radio"
                name="display"
                value={value}
                checked={display === value}
                onChange={() => setDisplay(value)}
              />{" "}
              {t(`common.creditAs.${value}`)}
            </label>
          ))}
          {fieldErrors.display && <p className="field-error">{fieldErrors.display}</p>}
        </fieldset>
        <div className="form-actions" style={{ marginTop: 10 }}>
          <button type="submit" className="btn primary" disabled={answer.isPending}>
            {t("consent.accept")}
          </button>
          <button type="button" className="btn" disabled={answer.isPending} onClick={() => answer.mutate(false)}>
            {t("consent.decline")}
          </button>
          <span role="status" className="muted">
            {err && !Object.keys(err.fieldErrors).length ? publicErrorText(err, t) : null}
          </span>
        </div>
      </form>
    </section>
  );
}
