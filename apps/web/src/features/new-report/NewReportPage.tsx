import type { Channel } from "@embargo/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link, useNavigate } from "react-router";
import { Field } from "../../components/ui/Field.tsx";
import { Options } from "../../components/ui/Options.tsx";
import { useTitle } from "../../lib/title.ts";
import { errorMessage, fieldErrorsOf, queryClient, trpc } from "../../lib/trpc.ts";
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

/** For reports that arrived by other means (a call, a conference, a forwarded mail). */
export function NewReportPage() {
  useTitle("New report");
  const navigate = useNavigate();
  const programs = useQuery(trpc.programs.list.queryOptions());
  const triagePrograms = programs.data?.filter((p) => p.role !== "leadership") ?? [];
  const [values, setValues] = useState<Record<string, string>>({ channel: "manual" });
  const set = (k: string) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [k]: e.target.value }));
  const create = useMutation(
    trpc.reports.create.mutationOptions({
      onSuccess: async (res) => {
        await queryClient.invalidateQueries({ queryKey: trpc.reports.pathKey() });
        navigate(`/reports/${res.key}`);
      },
    }),
  );
  const errors = fieldErrorsOf(create.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const v = values;
    const receivedAt = v.receivedAt ? new Date(v.receivedAt) : undefined;
    create.mutate({
      programSlug: v.programSlug ?? triagePrograms[0]?.slug ?? "",
      channel: (v.channel as Channel | undefined) ?? "manual",
      receivedAt: receivedAt && !Number.isNaN(receivedAt.getTime()) ? receivedAt : undefined,
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
    });
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
          {errorMessage(create.error)}
        </div>
      )}
      {create.isError && Object.keys(errors).length > 0 && (
        <div className="notice err" role="alert">
          Please correct the highlighted fields: {Object.keys(errors).join(", ")}.
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
          </div>
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="btn primary" disabled={create.isPending}>
            {create.isPending ? "Creating…" : "Create report"}
          </button>
          <Link to="/">Cancel</Link>
        </div>
      </form>
    </div>
  );
}
