import {
  CONFIDENCE_THRESHOLD,
  chooseMergeAction,
  formatMergeValue,
  linesNotUnderstood,
  type MergeAction,
  type MergeRow,
} from "@embargo/core";
import { useEffect, useRef, useState } from "react";
import type { ParsedPolicy } from "./ImportSecurityMd.tsx";
import "./import-merge.css";

const CHOICES: { value: MergeAction; label: string }[] = [
  { value: "keep", label: "Keep current" },
  { value: "replace", label: "Take imported" },
  { value: "clear", label: "Clear" },
];

const CHANNEL_NAMES = { github: "GitHub Security Advisories", email: "mailing list", website: "website", cve: "CVE" };

/** What the file says that no field holds: shown so the admin knows, never applied. */
function informationOf(parsed: ParsedPolicy): { label: string; value: string; evidence: string }[] {
  const s = parsed.statements;
  const out: { label: string; value: string; evidence: string }[] = [];
  if (s.anonymous)
    out.push({
      label: s.anonymous.about === "credit" ? "Anonymous credit" : "Anonymous reports",
      value: s.anonymous.allowed ? "allowed" : "not accepted",
      evidence: s.anonymous.evidence,
    });
  for (const a of s.advisories)
    if (a.channel === "cve" || a.url)
      out.push({
        label: "Advisory channel",
        value: a.url ? `${CHANNEL_NAMES[a.channel]}: ${a.url}` : CHANNEL_NAMES[a.channel],
        evidence: a.evidence,
      });
  const contacts = [
    ["Escalation (only when reports go unanswered)", "escalation"],
    ["General support (not for security reports)", "support"],
  ] as const;
  for (const [label, key] of contacts)
    if (parsed.contacts[key].length > 0)
      out.push({ label, value: parsed.contacts[key].join(", "), evidence: parsed.evidence[`contacts.${key}`] ?? "" });
  return out;
}

/**
 * The merge of an imported SECURITY.md onto the policy in the form: one row per field with what the form holds, what
 * the file says (and the sentence it says it in), the result and the admin's choice. "Apply" writes the result into
 * the form; nothing is saved until the admin saves the form. A file nothing was understood of shows its lines and
 * offers no Apply.
 */
export function ImportMerge({
  initialRows,
  parsed,
  markdown,
  problem,
  onApply,
  onCancel,
}: {
  initialRows: MergeRow[];
  parsed: ParsedPolicy;
  /** Why the file is not a SECURITY.md at all (binary, a web page), or null. */
  problem: string | null;
  /** The imported text: its lines are listed when nothing was understood. */
  markdown: string;
  onApply: (rows: MergeRow[]) => void;
  onCancel: () => void;
}) {
  const [rows, setRows] = useState(initialRows);
  const [showAll, setShowAll] = useState(false);
  const title = useRef<HTMLHeadingElement>(null);
  // The merge appears above the form, away from the import card the admin just used: take them to it.
  useEffect(() => title.current?.focus(), []);
  const information = informationOf(parsed);
  const understood =
    problem === null &&
    (rows.some((r) => r.imported !== null || r.possiblyRelevant.length > 0) || information.length > 0);
  const changes = rows.filter((r) => r.action !== "keep");
  const lines = understood ? [] : linesNotUnderstood(markdown, parsed);
  // A field the file says nothing about and the admin left alone is noise until asked for (to clear it, say).
  const quiet = (r: MergeRow) => r.imported === null && r.possiblyRelevant.length === 0 && r.action === "keep";
  const shown = showAll ? rows : rows.filter((r) => !quiet(r));
  const quietCount = rows.filter(quiet).length;

  return (
    <section className="card import-merge" aria-labelledby="merge-title">
      <h2 className="card-title" id="merge-title" ref={title} tabIndex={-1}>
        Merge the imported SECURITY.md
      </h2>
      {!understood ? (
        <>
          <div className="notice err" role="alert">
            {problem ?? "Nothing in this file was understood."} The policy is unchanged.
          </div>
          {lines.length > 0 && (
            <>
              <h3 id="not-understood-title">Lines not understood</h3>
              <ul className="not-understood" aria-labelledby="not-understood-title">
                {lines.map((l) => (
                  <li key={l.line}>
                    <span className="muted">Line {l.line}:</span> <code>{l.text}</code>
                  </li>
                ))}
              </ul>
            </>
          )}
          <button type="button" className="btn" onClick={onCancel}>
            Close
          </button>
        </>
      ) : (
        <>
          <p className="muted">
            For each field: what the form holds now, what the file says and the sentence it says it in, and the result.
            A field the file does not mention keeps its value; a value the reader was unsure of is shown but not taken.
            “Apply” fills the form; nothing is saved until you save the policy.
          </p>
          <table className="grid merge-table">
            <caption className="sr-only">Fields of the policy and the imported file</caption>
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">Current</th>
                <th scope="col">In the file</th>
                <th scope="col">Result</th>
                <th scope="col">Choice</th>
              </tr>
            </thead>
            <tbody id="merge-rows">
              {shown.map((r) => (
                <tr key={r.field} className={r.action === "keep" ? undefined : "changed"}>
                  <th scope="row">{r.label}</th>
                  <td data-label="Current">{formatMergeValue(r.field, r.current)}</td>
                  <td data-label="In the file">
                    {r.imported ? (
                      <>
                        {formatMergeValue(r.field, r.imported.value)}
                        {r.imported.confidence < CONFIDENCE_THRESHOLD && (
                          <span className="muted"> (unsure: not taken)</span>
                        )}
                        <span className="evidence">From SECURITY.md: “{r.imported.evidence}”</span>
                        {r.imported.note && <span className="muted merge-note">{r.imported.note}</span>}
                      </>
                    ) : (
                      <span className="muted">not mentioned</span>
                    )}
                    {r.possiblyRelevant
                      .filter((p) => p.excerpt !== r.imported?.evidence)
                      .map((p, i) => (
                        <span key={i} className="evidence possibly">
                          Possibly relevant: “{p.excerpt}” <span className="muted">({p.reason})</span>
                        </span>
                      ))}
                  </td>
                  <td data-label="Result">
                    {r.action === "keep" ? (
                      formatMergeValue(r.field, r.result)
                    ) : (
                      <strong>{formatMergeValue(r.field, r.result)}</strong>
                    )}
                  </td>
                  <td data-label="Choice">
                    <select
                      aria-label={`${r.label}: choice`}
                      value={r.action}
                      onChange={(e) => setRows((rs) => chooseMergeAction(rs, r.field, e.target.value as MergeAction))}
                    >
                      {CHOICES.map((c) => (
                        <option key={c.value} value={c.value} disabled={c.value === "replace" && !r.imported}>
                          {c.label}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {quietCount > 0 && (
            <button
              type="button"
              className="btn small merge-toggle"
              aria-expanded={showAll}
              aria-controls="merge-rows"
              onClick={() => setShowAll((v) => !v)}
            >
              {showAll
                ? "Hide the fields the file does not mention"
                : `Show the ${quietCount} field${quietCount === 1 ? "" : "s"} the file does not mention`}
            </button>
          )}
          {information.length > 0 && (
            <>
              <h3 id="merge-info-title">Also in the file (information, not applied)</h3>
              <dl className="merge-info" aria-labelledby="merge-info-title">
                {information.map((x, i) => (
                  <div key={i}>
                    <dt>{x.label}</dt>
                    <dd>
                      {x.value}
                      {x.evidence && <span className="evidence">From SECURITY.md: “{x.evidence}”</span>}
                    </dd>
                  </div>
                ))}
              </dl>
            </>
          )}
          <p role="status" className="muted">
            {changes.length === 0
              ? "No field changes."
              : `${changes.length} field${changes.length === 1 ? "" : "s"} will change: ${changes.map((r) => r.label).join(", ")}.`}
          </p>
          <div className="form-actions">
            <button type="button" className="btn primary" onClick={() => onApply(rows)}>
              Apply to the form
            </button>
            <button type="button" className="btn" onClick={onCancel}>
              Cancel import
            </button>
          </div>
        </>
      )}
    </section>
  );
}
