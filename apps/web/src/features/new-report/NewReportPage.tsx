import type { Channel } from "@embargo/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link, useNavigate } from "react-router";
import { Field } from "../../components/ui/Field.tsx";
import { Options } from "../../components/ui/Options.tsx";
import { useTitle } from "../../lib/title.ts";
import { queryClient, trpc } from "../../lib/trpc.ts";
import { formatBytes, PublicError, publicFetch } from "../public/api.ts";
import { CvssPreview } from "../report/SeverityCard.tsx";

const TEXTAREAS = [
  ["description", "Description", 6, "What is wrong, in the reporter's words (Markdown)."],
  ["stepsToReproduce", "Steps to reproduce", 4, undefined],
  ["proofOfConcept", "Proof of concept", 4, undefined],
  ["impact", "Impact", 3, "What an attacker gains and how they would exploit it."],
  ["suggestedFix", "Suggested fix", 2, undefined],
  ["configuration", "Special configuration", 2, undefined],
] as const;

/** Manual first: it is what this form is for, and its default. */
const CHANNEL_LABELS: Record<Channel, string> = {
  manual: "Manual entry",
  email: "Email",
  web: "Web form",
  api: "API",
};

const CREDIT_AS_LABELS = { name: "Their name", handle: "Their handle", anonymous: "Anonymous" } as const;
const CONSENT_LABELS = {
  pending: "Not asked yet",
  accepted: "Agreed to be credited publicly",
  declined: "Declined public credit",
} as const;

/** Attachment limits of the intake, as the public form shows them (the server checks them again). */
interface Limits {
  maxFiles: number;
  maxBytes: number;
}

/**
 * The staff form posts multipart (report JSON and files) to the staff route,
 * which checks files as the public form's are and calls reports.create.
 */
const createReport = (report: unknown, files: File[]) => {
  const form = new FormData();
  form.set("report", JSON.stringify(report));
  for (const f of files) form.append("attachments", f, f.name);
  return publicFetch<{ key: string }>("/api/staff/reports", { method: "POST", body: form, credentials: "same-origin" });
};

/** For reports that arrived by other means (a call, a conference, a forwarded mail). */
export function NewReportPage() {
  useTitle("New report");
  const navigate = useNavigate();
  const programs = useQuery(trpc.programs.list.queryOptions());
  const triagePrograms = programs.data?.filter((p) => p.role !== "leadership") ?? [];
  const [values, setValues] = useState<Record<string, string>>({
    channel: "manual",
    creditAs: "name",
    consent: "pending",
  });
  const [files, setFiles] = useState<File[]>([]);
  const set = (k: string) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [k]: e.target.value }));
  const slug = values.programSlug ?? triagePrograms[0]?.slug ?? "";
  const limits = useQuery({
    queryKey: ["public-program", slug],
    queryFn: () => publicFetch<{ limits: Limits }>(`/api/public/programs/${encodeURIComponent(slug)}`),
    enabled: slug !== "",
    select: (d) => d.limits,
  });
  const create = useMutation({
    mutationFn: ({ report, files }: { report: unknown; files: File[] }) => createReport(report, files),
    onSuccess: async (res) => {
      await queryClient.invalidateQueries({ queryKey: trpc.reports.pathKey() });
      navigate(`/reports/${res.key}`);
    },
  });
  const failure = create.error instanceof PublicError ? create.error : null;
  // The server names fields by their path in the request (reporter.email, credit.creditAs).
  const errors: Record<string, string> = Object.fromEntries(
    Object.entries(failure?.fieldErrors ?? {}).map(([k, v]) => [FORM_FIELD_OF[k] ?? k, v]),
  );
  const tooBig = limits.data ? files.find((f) => f.size > limits.data.maxBytes) : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const v = values;
    const receivedAt = v.receivedAt ? new Date(v.receivedAt) : undefined;
    const report = {
      programSlug: slug,
      channel: (v.channel as Channel | undefined) ?? "manual",
      receivedAt: receivedAt && !Number.isNaN(receivedAt.getTime()) ? receivedAt.toISOString() : undefined,
      title: v.title ?? "",
      description: v.description ?? "",
      cwe: v.cwe || null,
      component: v.component || null,
      sourceLocation: v.sourceLocation || null,
      affectedVersions: v.affectedVersions || null,
      configuration: v.configuration || null,
      stepsToReproduce: v.stepsToReproduce || null,
      proofOfConcept: v.proofOfConcept || null,
      impact: v.impact || null,
      suggestedFix: v.suggestedFix || null,
      cvssVector: v.cvssVector || null,
      reporter: { name: v.reporterName || null, handle: v.reporterHandle || null, email: v.reporterEmail || null },
      credit: { creditAs: v.creditAs, consent: v.consent },
    };
    create.mutate({ report, files });
  };
  const input = (k: string, label: string, props: Record<string, unknown> = {}) => (
    <Field label={label} error={errors[k]}>
      {(p) => <input {...p} {...props} value={values[k] ?? ""} onChange={set(k)} />}
    </Field>
  );
  return (
    <div className="new-report">
      <div className="page-head">
        <h1>New report</h1>
        <span className="muted">for a report received outside the web form, email or API</span>
      </div>
      {create.isError && Object.keys(errors).length === 0 && (
        <div className="notice err" role="alert">
          {failure?.message ?? "The report was not created."}
        </div>
      )}
      {create.isError && Object.keys(errors).length > 0 && (
        <div className="notice err" role="alert">
          The report was not created: correct the highlighted fields.
        </div>
      )}
      <form onSubmit={submit} noValidate>
        <fieldset>
          <legend>Where it came from</legend>
          <div className="form-grid">
            <Field label="Program" error={errors.programSlug}>
              {(p) => (
                <select
                  {...p}
                  value={values.programSlug ?? triagePrograms[0]?.slug ?? ""}
                  onChange={set("programSlug")}
                >
                  {triagePrograms.map((prog) => (
                    <option key={prog.slug} value={prog.slug}>
                      {prog.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label="Channel" error={errors.channel}>
              {(p) => (
                <select {...p} value={values.channel} onChange={set("channel")}>
                  <Options labels={CHANNEL_LABELS} />
                </select>
              )}
            </Field>
            {input("receivedAt", "Received at (leave empty for now)", { type: "datetime-local" })}
            <div />
            {input("reporterName", "Reporter name")}
            {input("reporterHandle", "Reporter handle")}
            {input("reporterEmail", "Reporter email", { type: "email" })}
            <Field label="Credit them as" error={errors.creditAs}>
              {(p) => (
                <select {...p} value={values.creditAs} onChange={set("creditAs")}>
                  <Options labels={CREDIT_AS_LABELS} />
                </select>
              )}
            </Field>
            <Field
              label="Public credit"
              error={errors.consent}
              hint="What the reporter said; if not asked yet, the report's Credits card asks them later."
            >
              {(p) => (
                <select {...p} value={values.consent} onChange={set("consent")}>
                  <Options labels={CONSENT_LABELS} />
                </select>
              )}
            </Field>
          </div>
        </fieldset>
        <fieldset>
          <legend>The vulnerability</legend>
          <div className="form-grid">
            <div className="wide">{input("title", "Title", { required: true, maxLength: 300 })}</div>
            {input("cwe", "Weakness (CWE)", { placeholder: "CWE-79" })}
            {input("component", "Affected component")}
            {input("affectedVersions", "Affected versions")}
            {input("sourceLocation", "Source location (files, tag, branch, commit)")}
            <div className="wide">
              {input("cvssVector", "CVSS vector (optional)", {
                spellCheck: false,
                placeholder: "CVSS:3.1/AV:N/AC:L/…",
              })}
              <CvssPreview vector={values.cvssVector ?? ""} />
            </div>
            {TEXTAREAS.map(([k, label, rows, hint]) => (
              <div className="wide" key={k}>
                <Field label={label} error={errors[k]} {...(hint ? { hint } : {})}>
                  {(p) => <textarea {...p} rows={rows} value={values[k] ?? ""} onChange={set(k)} />}
                </Field>
              </div>
            ))}
            <div className="wide">
              <Field
                label={
                  limits.data
                    ? `Attachments (optional, up to ${limits.data.maxFiles} files of ${formatBytes(limits.data.maxBytes)})`
                    : "Attachments (optional)"
                }
                error={
                  errors.attachments ??
                  (tooBig && limits.data
                    ? `${tooBig.name} is larger than ${formatBytes(limits.data.maxBytes)}`
                    : undefined)
                }
                hint="What the reporter sent: screenshots, PDF, text, video, pcap or zip. Files are checked by their content."
              >
                {(p) => (
                  <input {...p} type="file" multiple onChange={(e) => setFiles(Array.from(e.target.files ?? []))} />
                )}
              </Field>
            </div>
          </div>
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="btn primary" disabled={create.isPending || !!tooBig}>
            {create.isPending ? "Creating…" : "Create report"}
          </button>
          <Link to="/">Cancel</Link>
        </div>
      </form>
    </div>
  );
}

/** Request paths the server names in its field errors, and the form field each belongs to. */
const FORM_FIELD_OF: Record<string, string> = {
  "reporter.name": "reporterName",
  "reporter.handle": "reporterHandle",
  "reporter.email": "reporterEmail",
  "credit.creditAs": "creditAs",
  "credit.consent": "consent",
};
