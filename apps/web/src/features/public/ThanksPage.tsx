import { CREDIT_TYPE_LABELS, type CreditType } from "@embargo/core";
import { useQuery } from "@tanstack/react-query";
import { useParams } from "react-router";
import { ErrorBox, Loading } from "../../components/ui/States.tsx";
import { exactTime } from "../../lib/time.ts";
import { publicFetch } from "./api.ts";
import { PublicShell } from "./ReportFormPage.tsx";
import "./public.css";
import { useTitle } from "../../lib/title.ts";

interface HallOfFame {
  program: { slug: string; name: string; policyUrl: string | null };
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
  useTitle("Thanks");
  const q = useQuery({
    queryKey: ["thanks", slug],
    queryFn: () => publicFetch<HallOfFame>(`/api/public/programs/${encodeURIComponent(slug)}/thanks`),
    retry: false,
  });
  if (q.isPending)
    return (
      <PublicShell>
        <Loading />
      </PublicShell>
    );
  if (q.isError)
    return (
      <PublicShell>
        <ErrorBox title="No such program" message="Check the address: there is no hall of fame here." />
      </PublicShell>
    );
  const { program, years } = q.data;
  const policy = safeUrl(program.policyUrl);
  return (
    <PublicShell>
      <div className="report-head">
        <h1>{program.name}: security hall of fame</h1>
        <p className="muted">
          The people who reported and helped fix security issues in {program.name}, credited as they chose, once the
          issue was disclosed.{" "}
          {policy ? (
            <a href={policy} rel="noopener noreferrer">
              Security policy (SECURITY.md)
            </a>
          ) : (
            <a href={`/report/${encodeURIComponent(program.slug)}`}>Report a vulnerability</a>
          )}
        </p>
      </div>
      {years.length === 0 ? (
        <section className="card">
          <p>No one is credited yet.</p>
        </section>
      ) : (
        years.map((y) => (
          <section className="card" key={y.year} aria-labelledby={`thanks-${y.year}`}>
            <h2 id={`thanks-${y.year}`}>{y.year}</h2>
            <ul className="thanks-list">
              {y.entries.map((e, i) => {
                const link = safeUrl(e.advisoryUrl);
                const id = e.cveId ?? (link ? "Advisory" : null);
                return (
                  <li key={i}>
                    <span className="thanks-name">{e.name}</span>{" "}
                    <span className="muted">{CREDIT_TYPE_LABELS[e.creditType] ?? e.creditType}</span>
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
                      disclosed {exactTime(new Date(e.disclosedAt))}
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
