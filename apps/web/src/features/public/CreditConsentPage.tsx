import { CREDIT_TYPE_LABELS, type CreditType } from "@embargo/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useParams } from "react-router";
import { Field } from "../../components/ui/Field.tsx";
import { ErrorBox, Loading } from "../../components/ui/States.tsx";
import { PublicError, publicFetch } from "./api.ts";
import { PublicShell } from "./ReportFormPage.tsx";
import "./public.css";
import { useTitle } from "../../lib/title.ts";

interface ConsentRequest {
  programName: string;
  creditType: CreditType;
}
type Display = "name" | "handle" | "anonymous";

/** The same words for a wrong, used or expired link: the page must not tell them apart. */
const NO_LINK = "This credit link is not valid: it may have been used already or have expired.";

/**
 * The one page a credited person reaches from their email (issue 12): who asks
 * (the program) and for what (the credit type), nothing of the report, which may
 * still be under embargo. They accept, choosing how they are named, or decline.
 */
export function CreditConsentPage() {
  useTitle("Credit for your help");
  const { token = "" } = useParams();
  const url = `/api/public/credit/${encodeURIComponent(token)}`;
  const q = useQuery({
    queryKey: ["credit-consent", token],
    queryFn: () => publicFetch<ConsentRequest>(url),
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
        <ErrorBox title="Credit link not valid" message={NO_LINK} />
      </PublicShell>
    );
  return (
    <PublicShell>
      <ConsentForm url={url} request={q.data} />
    </PublicShell>
  );
}

function ConsentForm({ url, request }: { url: string; request: ConsentRequest }) {
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
  if (answer.isSuccess) {
    return (
      <section className="card" aria-labelledby="consent-done">
        <h1 id="consent-done">{answer.data.consent === "accepted" ? "Thank you" : "Understood"}</h1>
        <p role="status">
          {answer.data.consent === "accepted"
            ? answer.data.display === "anonymous"
              ? `${request.programName} will credit you as "Anonymous" when the issue is disclosed.`
              : `${request.programName} will credit you when the issue is disclosed.`
            : `${request.programName} will not credit you. This link no longer works.`}
        </p>
      </section>
    );
  }
  if (err?.status === 404) return <ErrorBox title="Credit link not valid" message={NO_LINK} />;
  return (
    <section className="card" aria-labelledby="consent-title">
      <h1 id="consent-title">Credit for your help</h1>
      <p className="consent-ask">
        <strong>{request.programName}</strong> would like to credit you as{" "}
        <strong>{CREDIT_TYPE_LABELS[request.creditType] ?? request.creditType}</strong> when they disclose a security
        issue you helped with. Nothing is published before the disclosure, and only with your agreement.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          answer.mutate(true);
        }}
      >
        <div className="form-grid">
          <Field label="Your name" error={err?.fieldErrors.name} hint="Leave empty to keep the one the team has.">
            {(p) => <input {...p} value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />}
          </Field>
          <Field label="Your handle" error={err?.fieldErrors.handle} hint="Leave empty to keep the one the team has.">
            {(p) => <input {...p} value={handle} maxLength={100} onChange={(e) => setHandle(e.target.value)} />}
          </Field>
        </div>
        <fieldset className="consent-display">
          <legend>Credit me as</legend>
          {(
            [
              ["name", "My name"],
              ["handle", "My handle"],
              ["anonymous", "Anonymous"],
            ] as const
          ).map(([value, label]) => (
            <label className="check" key={value}>
              <input
                type="radio"
                name="display"
                value={value}
                checked={display === value}
                onChange={() => setDisplay(value)}
              />{" "}
              {label}
            </label>
          ))}
          {err?.fieldErrors.display && <p className="field-error">{err.fieldErrors.display}</p>}
        </fieldset>
        <div className="form-actions" style={{ marginTop: 10 }}>
          <button type="submit" className="btn primary" disabled={answer.isPending}>
            Accept credit
          </button>
          <button type="button" className="btn" disabled={answer.isPending} onClick={() => answer.mutate(false)}>
            Decline credit
          </button>
          <span role="status" className="muted">
            {err && !Object.keys(err.fieldErrors).length ? err.message : null}
          </span>
        </div>
      </form>
    </section>
  );
}
