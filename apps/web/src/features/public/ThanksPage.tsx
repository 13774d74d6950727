import type { CreditType, ResearcherLocale } from "@embargo/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { ErrorBox, Loading } from "../../components/ui/States.tsx";
import { formatDay } from "../../i18n/index.ts";
import { useTitle } from "../../lib/title.ts";
import { publicFetch } from "./api.ts";
import { PublicShell, useResearcherLanguage } from "./language.tsx";
import "./public.css";

interface HallOfFame {
  program: { slug: string; name: string; policyUrl: string | null; languages: ResearcherLocale[] };
  years: {
    year: number;
    entries: {
      name: string;
      creditType: CreditType;
      cveId: string | null;
      advisoryUrl: string | null;
      disclosedAt: string;
    }[];
  }[];
}

/** Only http(s) links from the server are followed; anything else is shown as text. */
const safeUrl = (u: string | null) => (u && /^https?:\/\//i.test(u) ? u : null);

/**
 * A program's public hall of fame (issue 12), no sign-in: every accepted credit of its
 * disclosed reports, newest year first. Names are researchers' own untrusted text,
 * rendered as text. Nothing else of any report is shown (the report key included).
 */
export function ThanksPage() {
  const { slug = "" } = useParams();
  const { t } = useTranslation();
  useTitle(t("thanks.pageTitle"));
  const q = useQuery({
    queryKey: ["thanks", slug],
    queryFn: () => publicFetch<HallOfFame>(`/api/public/programs/${encodeURIComponent(slug)}/thanks`),
    retry: false,
  });
  const language = useResearcherLanguage(q.data?.program.languages ?? (q.isError ? ["en"] : undefined));
  const { lang } = language;
  if (q.isPending)
    return (
      <PublicShell language={language}>
        <Loading label={t("common.loading")} />
      </PublicShell>
    );
  if (q.isError)
    return (
      <PublicShell language={language}>
        <ErrorBox title={t("thanks.noProgramTitle")} message={t("thanks.noProgramMessage")} />
      </PublicShell>
    );
  const { program, years } = q.data;
  const policy = safeUrl(program.policyUrl);
  return (
    <PublicShell language={language}>
      <div className="report-head">
        <h1>{t("thanks.heading", { program: program.name })}</h1>
        <p className="muted">
          {t("thanks.intro", { program: program.name })}{" "}
          {policy ? (
            <a href={policy} rel="noopener noreferrer">
              {t("thanks.policy")}
            </a>
          ) : (
            <a href={`/report/${encodeURIComponent(program.slug)}?lang=${lang}`}>{t("thanks.report")}</a>
          )}
        </p>
      </div>
      {years.length === 0 ? (
        <section className="card">
          <p>{t("thanks.none")}</p>
        </section>
      ) : (
        years.map((y) => (
          <section className="card" key={y.year} aria-labelledby={`thanks-${y.year}`}>
            <h2 id={`thanks-${y.year}`}>{y.year}</h2>
            <p className="muted">{t("thanks.people", { count: y.entries.length })}</p>
            <ul className="thanks-list">
              {y.entries.map((e, i) => {
                const link = safeUrl(e.advisoryUrl);
                const id = e.cveId ?? (link ? t("thanks.advisory") : null);
                return (
                  <li key={i}>
                    <span className="thanks-name">{e.name}</span>{" "}
                    <span className="muted">{t(`creditType.${e.creditType}`, { defaultValue: e.creditType })}</span>
                    {id && (
                      <>
                        {" · "}
                        {link ? (
                          <a href={link} rel="noopener noreferrer">
                            {id}
                          </a>
                        ) : (
                          id
                        )}
                      </>
                    )}
                    {" · "}
                    <time dateTime={e.disclosedAt} className="muted">
                      {t("thanks.disclosed", { date: formatDay(new Date(e.disclosedAt), lang) })}
                    </time>
                  </li>
                );
              })}
            </ul>
          </section>
        ))
      )}
    </PublicShell>
  );
}
