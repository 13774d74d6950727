import type { ParsedPolicy } from "./ImportSecurityMd.tsx";
import { fieldLabelOf } from "./policyForm.ts";

/**
 * What a SECURITY.md import found but did not put in the form: addresses for escalation and general support (the
 * program's contacts are only where reports go), and sentences the reader was not sure enough of to fill a field
 * from. Read-only: the admin fills a field by hand if the sentence does promise something.
 */
export function ImportNotes({
  parsed,
  level,
}: {
  parsed: Pick<ParsedPolicy, "contacts" | "possiblyRelevant" | "evidence">;
  /** Heading level of the notes' title, so the page's outline stays in order. */
  level: 3 | 4;
}) {
  const Title = `h${level}` as const;
  const Sub = `h${level + 1}` as "h4" | "h5";
  const others = [
    [
      "Escalation (only when reports go unanswered)",
      parsed.contacts.escalation,
      parsed.evidence["contacts.escalation"],
    ],
    ["General support (not for security reports)", parsed.contacts.support, parsed.evidence["contacts.support"]],
  ] as const;
  const shown = others.filter(([, list]) => list.length > 0);
  if (shown.length === 0 && parsed.possiblyRelevant.length === 0) return null;
  return (
    <section className="import-notes" aria-labelledby="import-notes-title">
      <Title id="import-notes-title">Also in the SECURITY.md (not applied)</Title>
      {shown.length > 0 && (
        <dl className="other-contacts" aria-label="Other addresses in the SECURITY.md">
          {shown.map(([label, list, evidence]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>
                {list.join(", ")}
                {evidence && <span className="evidence">From SECURITY.md: “{evidence}”</span>}
              </dd>
            </div>
          ))}
        </dl>
      )}
      {parsed.possiblyRelevant.length > 0 && (
        <>
          <Sub id="possibly-relevant-title">Possibly relevant</Sub>
          <p className="muted">
            These sentences may state a promise, but not clearly enough to fill the field. Read each one and fill the
            field by hand if it does.
          </p>
          <ul className="possibly-relevant" aria-labelledby="possibly-relevant-title">
            {parsed.possiblyRelevant.map((p, i) => (
              <li key={`${p.field}-${i}`}>
                <strong>{fieldLabelOf(p.field)}</strong>: “{p.excerpt}”<span className="muted"> ({p.reason})</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
