import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link, useParams } from "react-router";
import { CopyButton } from "../../components/ui/CopyButton.tsx";
import { Field } from "../../components/ui/Field.tsx";
import { ErrorBox, Loading } from "../../components/ui/States.tsx";
import { exactTime } from "../../lib/time.ts";
import { useTitle } from "../../lib/title.ts";
import { type FieldErrors, formatBytes, PublicError, publicFetch } from "./api.ts";

interface ProgramInfo {
  slug: string;
  name: string;
  /** Archived: the program takes no new reports. */
  closed?: boolean;
  supportedVersions: { range: string; status: string }[];
  limits: { maxFiles: number; maxBytes: number };
}
interface ReceiptInfo {
  key: string;
  statusPath: string;
  statusUrl: string;
  nextPromisedAt: string | null;
}

const TEXTS = [
  ["description", "Description", 6, true, "What is the vulnerability? Markdown is fine."],
  ["stepsToReproduce", "Steps to reproduce", 5, true, undefined],
  ["impact", "Impact", 3, true, "What could an attacker do, and how would they exploit it?"],
  ["proofOfConcept", "Proof of concept", 4, false, "Code, requests or payloads (optional)."],
  ["configuration", "Special configuration", 2, false, undefined],
  ["suggestedFix", "Suggested fix", 2, false, undefined],
] as const;

/** The public submission form: no account, every field checked on the server. */
export function ReportFormPage() {
  const { slug = "" } = useParams();
  useTitle("Report a vulnerability");
  const info = useQuery({
    queryKey: ["public-program", slug],
    queryFn: () => publicFetch<ProgramInfo>(`/api/public/programs/${encodeURIComponent(slug)}`),
    retry: false,
  });
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
      <PublicShell>
        <Loading />
      </PublicShell>
    );
  if (info.isError) {
    return (
      <PublicShell>
        <ErrorBox title="Program not found" message="Check the link you were given. No report was sent." />
      </PublicShell>
    );
  }
  if (receipt) return <Receipt program={info.data} receipt={receipt} />;
  if (info.data.closed) {
    return (
      <PublicShell>
        <h1>{info.data.name}</h1>
        <ErrorBox
          title="This program no longer accepts reports"
          message="The program has been archived. If you found a vulnerability in it, contact the vendor another way. No report was sent."
        />
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
          ? "The report was not sent: please correct the fields marked below."
          : pe?.status === 0
            ? "Could not reach the server. Check your connection and press Send again: if the report did arrive, you get its receipt, not a second report."
            : (pe?.message ?? "The report was not sent."),
      );
    } finally {
      setBusy(false);
    }
  };
  const input = (k: string, label: string, props: Record<string, unknown> = {}, hint?: string) => (
    <Field label={label} error={errors[k] ?? errors[`reporter.${k}`]} {...(hint ? { hint } : {})}>
      {(p) => <input {...p} {...props} value={values[k] ?? ""} onChange={set(k)} />}
    </Field>
  );
  const tooBig = files.find((f) => f.size > limits.maxBytes);

  return (
    <PublicShell>
      <h1>Report a vulnerability in {info.data.name}</h1>
      <p className="muted">
        Reports go privately to the {info.data.name} security team. You need no account; you get a private status link
        to follow your report and talk with the team.
      </p>
      {failure && (
        <div className="notice err" role="alert">
          {failure}
        </div>
      )}
      <form onSubmit={submit} noValidate aria-label="Vulnerability report">
        <fieldset>
          <legend>The vulnerability</legend>
          {input("title", "Title", { maxLength: 300, required: true })}
          <div className="form-grid">
            {input(
              "affectedVersions",
              "Affected version",
              { required: true },
              info.data.supportedVersions.length
                ? `Supported: ${info.data.supportedVersions
                    .filter((s) => s.status !== "unsupported")
                    .map((s) => s.range)
                    .join(", ")}`
                : undefined,
            )}
            {input("component", "Affected component (optional)")}
            {input("cwe", "Weakness, CWE (optional)", { placeholder: "CWE-79" })}
          </div>
          {TEXTS.map(([k, label, rows, req, hint]) => (
            <Field key={k} label={req ? label : `${label} (optional)`} error={errors[k]} {...(hint ? { hint } : {})}>
              {(p) => <textarea {...p} rows={rows} required={req} value={values[k] ?? ""} onChange={set(k)} />}
            </Field>
          ))}
          <Field
            label={`Attachments (optional, up to ${limits.maxFiles} files of ${formatBytes(limits.maxBytes)})`}
            error={
              errors.attachments ??
              (tooBig ? `${tooBig.name} is larger than ${formatBytes(limits.maxBytes)}` : undefined)
            }
            hint="Screenshots, PDF, text, video, pcap or zip. Files are checked by their content."
          >
            {(p) => <input {...p} type="file" multiple onChange={(e) => setFiles(Array.from(e.target.files ?? []))} />}
          </Field>
        </fieldset>
        <fieldset>
          <legend>You (all optional: anonymous reports are welcome)</legend>
          <div className="form-grid">
            {input("name", "Your name", { autoComplete: "name" })}
            {input("handle", "Handle", { autoComplete: "nickname" })}
            <div className="wide">
              {input("email", "Email (for the receipt and updates)", { type: "email", autoComplete: "email" })}
            </div>
          </div>
          <Field label="Credit me as" error={errors["credit.creditAs"]}>
            {(p) => (
              <select {...p} value={values.creditAs} onChange={set("creditAs")}>
                <option value="name">My name</option>
                <option value="handle">My handle</option>
                <option value="anonymous">Anonymous</option>
              </select>
            )}
          </Field>
          <label className="check">
            <input type="checkbox" checked={consent} onChange={(e) => setConsent(e.target.checked)} /> I agree to be
            credited publicly when the fix is disclosed
          </label>
        </fieldset>
        {/* Honeypot: hidden from people and assistive technology; bots fill it in. */}
        <div className="hp" aria-hidden="true">
          <label>
            Website
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
            {busy ? "Sending…" : "Send report"}
          </button>
        </div>
      </form>
    </PublicShell>
  );
}

function Receipt({ program, receipt }: { program: ProgramInfo; receipt: ReceiptInfo }) {
  const link = `${window.location.origin}${receipt.statusPath}`;
  return (
    <PublicShell>
      <section className="card receipt" aria-labelledby="receipt-title">
        <h1 id="receipt-title">Report received: {receipt.key}</h1>
        <p>Thank you. The {program.name} security team has your report and it is stored safely.</p>
        {receipt.nextPromisedAt && (
          <p>
            They promise to acknowledge it by <strong>{exactTime(new Date(receipt.nextPromisedAt))}</strong>.
          </p>
        )}
        <p>
          Your private status link (keep it secret, it is the only way in; it was also emailed to you if you gave an
          address):
        </p>
        <p>
          {/* The name keeps the visible address (WCAG 2.5.3) and says what it is. */}
          <Link to={receipt.statusPath} className="status-link" aria-label={`Status link: ${link}`}>
            {link}
          </Link>
          <CopyButton value={link} what="status link" />
        </p>
      </section>
    </PublicShell>
  );
}

export function PublicShell({ children }: { children: React.ReactNode }) {
  return (
    <div className="public">
      <header className="public-head">
        <span className="brand-mark" aria-hidden="true">
          E
        </span>{" "}
        Embargo · private vulnerability disclosure
      </header>
      <main className="public-main">{children}</main>
    </div>
  );
}
