import type { AdvisoryProduct, AdvisoryReference, Severity } from "@embargo/core";
import { useQuery } from "@tanstack/react-query";
import { useParams } from "react-router";
import { SeverityBadge } from "../../components/ui/Badges.tsx";
import { ErrorBox, Loading } from "../../components/ui/States.tsx";
import { exactTime } from "../../lib/time.ts";
import { PublicError, publicFetch } from "./api.ts";
import { PublicShell, useResearcherLanguage } from "./language.tsx";
import "./public.css";
import { useTitle } from "../../lib/title.ts";

/** GET /api/public/advisories/:key: only a disclosed report's saved advisory. */
interface PublicAdvisory {
  key: string;
  programName: string;
  vendorName: string;
  title: string;
  summary: string;
  details: string;
  workaround: string | null;
  affected: AdvisoryProduct[];
  cwes: string[];
  references: AdvisoryReference[];
  cveId: string | null;
  severity: Severity | null;
  cvss: { version: string; vector: string; score: number } | null;
  fixedVersion: string | null;
  disclosedAt: string;
  credits: { name: string }[];
  downloads: { format: "cve" | "osv" | "csaf"; url: string }[];
}

const FORMAT_LABEL: Record<PublicAdvisory["downloads"][number]["format"], string> = {
  cve: "CVE record (JSON 5)",
  osv: "OSV (JSON)",
  csaf: "CSAF 2.0 (JSON)",
};

/** The team's text, shown as text: paragraphs split at blank lines, never Markdown or HTML. */
function Paragraphs({ text }: { text: string }) {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p, i) => (
      <p key={i} className="advisory-text">
        {p}
      </p>
    ));
}

/** Only web addresses become links (the server checks too). */
const isWebUrl = (url: string) => /^https?:\/\//i.test(url) && URL.canParse(url);

function rangeText(r: AdvisoryProduct["ranges"][number]): string {
  const from = r.introduced ? `from ${r.introduced}` : "all versions";
  if (r.fixed) return `${from} before ${r.fixed}`;
  if (r.lastAffected) return `${from} up to ${r.lastAffected}`;
  return from;
}

/** The published advisory of a disclosed report: public, no account. */
export function AdvisoryPage() {
  const { key = "" } = useParams();
  useTitle(`Advisory ${key}`);
  // An advisory is the team's text, published in English: the page is English too.
  useResearcherLanguage(["en"]);
  const q = useQuery({
    queryKey: ["advisory", key],
    queryFn: () => publicFetch<PublicAdvisory>(`/api/public/advisories/${encodeURIComponent(key)}`),
    retry: false,
  });
  if (q.isPending)
    return (
      <PublicShell>
        <Loading />
      </PublicShell>
    );
  if (q.isError) {
    const notFound = q.error instanceof PublicError && q.error.status === 404;
    return (
      <PublicShell>
        <ErrorBox
          title={notFound ? "No published advisory" : "The advisory could not be loaded"}
          message={notFound ? "There is no published advisory with this key." : q.error.message}
        />
      </PublicShell>
    );
  }
  const a = q.data;
  const fixed = a.affected.flatMap((p) => p.ranges.map((r) => r.fixed).filter(Boolean));
  return (
    <PublicShell>
      <article aria-labelledby="advisory-title">
        <div className="report-head">
          <div className="advisory-meta">
            <span className="key">{a.cveId ?? a.key}</span>
            <span>{a.vendorName}</span>
            <span>
              Published <time dateTime={a.disclosedAt}>{exactTime(new Date(a.disclosedAt))}</time>
            </span>
          </div>
          <h1 id="advisory-title">{a.title}</h1>
          <div className="advisory-facts">
            <SeverityBadge severity={a.severity} score={a.cvss?.score ?? null} />
            {a.cvss && (
              <span className="cvss-vector" title={`CVSS ${a.cvss.version}`}>
                {a.cvss.vector}
              </span>
            )}
            {(a.fixedVersion || fixed.length > 0) && (
              <span>
                Fixed in <strong>{a.fixedVersion ?? fixed.join(", ")}</strong>
              </span>
            )}
          </div>
        </div>

        <section className="card" aria-labelledby="summary-title">
          <h2 id="summary-title">Summary</h2>
          <Paragraphs text={a.summary} />
        </section>

        {a.affected.length > 0 && (
          <section className="card" aria-labelledby="affected-title">
            <h2 id="affected-title">Affected products</h2>
            <table className="advisory-table" aria-labelledby="affected-title">
              <thead>
                <tr>
                  <th scope="col">Product</th>
                  <th scope="col">Package</th>
                  <th scope="col">Affected versions</th>
                </tr>
              </thead>
              <tbody>
                {a.affected.map((p, i) => (
                  <tr key={i}>
                    <td>
                      {p.vendor} {p.product}
                    </td>
                    <td>{p.ecosystem && p.packageName ? `${p.packageName} (${p.ecosystem})` : "—"}</td>
                    <td>{p.ranges.length ? p.ranges.map(rangeText).join("; ") : "Not stated"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        )}

        {a.details.trim() && (
          <section className="card" aria-labelledby="details-title">
            <h2 id="details-title">Details</h2>
            <Paragraphs text={a.details} />
          </section>
        )}

        {a.workaround && (
          <section className="card" aria-labelledby="workaround-title">
            <h2 id="workaround-title">Workaround</h2>
            <Paragraphs text={a.workaround} />
          </section>
        )}

        {a.cwes.length > 0 && (
          <section className="card" aria-labelledby="cwe-title">
            <h2 id="cwe-title">Weaknesses</h2>
            <ul className="advisory-links">
              {a.cwes.map((cwe) => (
                <li key={cwe}>
                  <a
                    href={`https://cwe.mitre.org/data/definitions/${cwe.replace(/^CWE-/, "")}.html`}
                    rel="noopener noreferrer"
                  >
                    {cwe}
                  </a>
                </li>
              ))}
            </ul>
          </section>
        )}

        {a.references.length > 0 && (
          <section className="card" aria-labelledby="refs-title">
            <h2 id="refs-title">References</h2>
            <ul className="advisory-links">
              {a.references.map((r) => (
                <li key={r.url}>
                  <span className="muted">{r.type.toLowerCase()}: </span>
                  {isWebUrl(r.url) ? (
                    <a href={r.url} rel="noopener noreferrer nofollow">
                      {r.url}
                    </a>
                  ) : (
                    r.url
                  )}
                </li>
              ))}
            </ul>
          </section>
        )}

        <section className="card" aria-labelledby="credits-title">
          <h2 id="credits-title">Credits</h2>
          {a.credits.length ? (
            <p>Reported by {a.credits.map((c) => c.name).join(", ")}.</p>
          ) : (
            <p className="muted">No one is credited by name.</p>
          )}
        </section>

        {a.downloads.length > 0 && (
          <section className="card" aria-labelledby="downloads-title">
            <h2 id="downloads-title">Machine-readable versions</h2>
            <div className="advisory-downloads">
              {a.downloads.map((d) => (
                <a key={d.format} className="btn" href={d.url} download>
                  Download {FORMAT_LABEL[d.format]}
                </a>
              ))}
            </div>
          </section>
        )}
      </article>
    </PublicShell>
  );
}
