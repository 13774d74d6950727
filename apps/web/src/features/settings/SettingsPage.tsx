import {
  DURATION_UNITS,
  type DurationUnit,
  importProblem,
  type MergeRow,
  mergeImport,
  SUPPORT_STATUSES,
  type SupportStatus,
  WEEKDAYS,
} from "@embargo/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, Navigate, useParams } from "react-router";
import { Field } from "../../components/ui/Field.tsx";
import { Empty, ErrorBox, Loading } from "../../components/ui/States.tsx";
import { useTitle } from "../../lib/title.ts";
import { errorMessage, fieldErrorsOf, queryClient, trpc } from "../../lib/trpc.ts";
import type { ProgramSummary } from "../../lib/types.ts";
import { ImportMerge } from "./ImportMerge.tsx";
import { ImportNotes } from "./ImportNotes.tsx";
import { ImportSecurityMd, type ParsedPolicy } from "./ImportSecurityMd.tsx";
import { ApiTokens, Webhooks } from "./Integrations.tsx";
import { PolicyPreview } from "./PolicyPreview.tsx";
import {
  type DurationDraft,
  draftFromMerge,
  draftFromPolicy,
  draftKeyOf,
  type PolicyDraft,
  policyFromDraft,
  versionRowOf,
} from "./policyForm.ts";

const UNIT_LABELS: Record<DurationUnit, string> = {
  hours: "hours",
  days: "days",
  business_days: "business days",
  weeks: "weeks",
};
const SUPPORT_STATUS_LABELS: Record<SupportStatus, string> = {
  supported: "Supported",
  limited: "Limited",
  unsupported: "Unsupported",
};

/** /settings/<slug> (the older address of a policy) → /settings/policy/<slug>. */
export function LegacyPolicyAddress() {
  const { slug } = useParams();
  return <Navigate to={slug ? `/settings/policy/${encodeURIComponent(slug)}` : "/settings/policy"} replace />;
}

export function SettingsPage() {
  const { slug } = useParams();
  useTitle(slug ? `Settings: ${slug}` : "Settings");
  const programs = useQuery(trpc.programs.list.queryOptions());
  const me = useQuery(trpc.auth.me.queryOptions());
  if (programs.isPending) return <Loading label="Loading programs…" />;
  if (programs.isError)
    return (
      <ErrorBox
        title="Programs could not be loaded"
        message={errorMessage(programs.error)}
        onRetry={() => programs.refetch()}
      />
    );
  const admin = programs.data.filter((p) => p.role === "admin");
  if (admin.length === 0)
    return (
      <Empty title="No program settings yet">
        Only program admins change policies. An administrator of all programs starts at{" "}
        <Link to="/settings/programs">Programs</Link>.
      </Empty>
    );
  const current = admin.find((p) => p.slug === slug);
  if (!current) return <Navigate to={`/settings/policy/${admin[0]!.slug}`} replace />;
  return (
    <>
      <div className="page-head">
        <h1>Settings</h1>
        <nav className="tabs" aria-label="Programs" style={{ marginBottom: 0, borderBottom: 0 }}>
          {admin.map((p) => (
            <Link
              key={p.slug}
              to={`/settings/policy/${p.slug}`}
              aria-current={p.slug === current.slug ? "page" : undefined}
              className="tab-link"
            >
              {p.name}
            </Link>
          ))}
          {me.data?.adminOfAll && (
            <Link to="/settings/security" className="tab-link">
              Security
            </Link>
          )}
        </nav>
        <div className="spacer" />
        <Link to="/settings/programs">Programs</Link>
      </div>
      <PolicyEditor key={current.slug} program={current} />
    </>
  );
}

function PolicyEditor({ program }: { program: ProgramSummary }) {
  const [draft, setDraft] = useState<PolicyDraft>(() => draftFromPolicy(program.policy));
  const [evidence, setEvidence] = useState<Partial<Record<string, string>> | null>(null);
  const [imported, setImported] = useState<ParsedPolicy | null>(null);
  /** An import under review: the merge of the file onto what the form held when it was read. */
  const [merge, setMerge] = useState<{
    id: number;
    parsed: ParsedPolicy;
    markdown: string;
    rows: MergeRow[];
    problem: string | null;
  } | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const save = useMutation(
    trpc.programs.updatePolicy.mutationOptions({
      onSuccess: async (r) => {
        setSaved(`Policy saved. Clocks of ${r.recomputed} open report${r.recomputed === 1 ? "" : "s"} recomputed.`);
        setEvidence(null);
        setImported(null);
        await queryClient.invalidateQueries();
      },
    }),
  );
  const errors: Record<string, string> = {};
  const fieldErrors = fieldErrorsOf(save.error);
  for (const [path, msg] of Object.entries(fieldErrors)) errors[draftKeyOf(path)] ??= msg;
  // Which version row the server refused ("policy.supportedVersions.0.range"): that input is marked, and named.
  const badVersionRow = versionRowOf(Object.keys(fieldErrors));
  const set = <K extends keyof PolicyDraft>(k: K, v: PolicyDraft[K]) => {
    setSaved(null);
    setDraft((d) => ({ ...d, [k]: v }));
  };
  const ev = (key: string): string | undefined => evidence?.[key] ?? undefined;
  const startMerge = (parsed: ParsedPolicy, markdown: string) => {
    setSaved(null);
    setMerge((m) => ({
      id: (m?.id ?? 0) + 1,
      parsed,
      markdown,
      rows: mergeImport(policyFromDraft(draft, program.policy), parsed),
      problem: importProblem(markdown),
    }));
  };
  const applyMerge = (parsed: ParsedPolicy, rows: MergeRow[]) => {
    setDraft((d) => draftFromMerge(d, rows));
    // Only the values taken show their sentence in the form; a kept field's sentence would claim what it does not hold.
    const taken = new Set<string>(rows.filter((r) => r.action === "replace").map((r) => r.field));
    setEvidence(Object.fromEntries(Object.entries(parsed.evidence).filter(([k]) => taken.has(k))));
    setImported(parsed);
    setMerge(null);
  };

  return (
    <div className="settings-grid">
      {merge && (
        <ImportMerge
          key={merge.id}
          initialRows={merge.rows}
          parsed={merge.parsed}
          markdown={merge.markdown}
          problem={merge.problem}
          onApply={(rows) => applyMerge(merge.parsed, rows)}
          onCancel={() => setMerge(null)}
        />
      )}
      <form
        aria-label={`Policy of ${program.name}`}
        onSubmit={(e) => {
          e.preventDefault();
          setSaved(null);
          save.mutate({ program: program.slug, policy: policyFromDraft(draft, program.policy) });
        }}
      >
        {evidence && (
          <div className="notice" role="status">
            Merged from SECURITY.md: each value taken from the file shows the sentence it came from. Check every value,
            correct what is wrong, then save. Nothing is stored until you save.
          </div>
        )}
        {save.isError && (
          <div className="notice err" role="alert">
            {Object.keys(errors).length
              ? "The policy was not saved: correct the highlighted fields."
              : errorMessage(save.error)}
          </div>
        )}
        {saved && (
          <div className="notice ok" role="status">
            {saved}
          </div>
        )}
        <fieldset>
          <legend>Response promises</legend>
          <DurationRow
            label="Acknowledge within"
            value={draft.acknowledge}
            onChange={(v) => set("acknowledge", v)}
            error={errors.acknowledge}
            evidence={ev("acknowledge")}
          />
          <DurationRow
            label="Initial assessment within"
            value={draft.assess}
            onChange={(v) => set("assess", v)}
            error={errors.assess}
            evidence={ev("assess")}
          />
          <DurationRow
            label="Status update every"
            value={draft.update}
            onChange={(v) => set("update", v)}
            error={errors.update}
            evidence={ev("update")}
          />
          <DurationRow
            label="Emergency response (critical)"
            value={draft.emergency}
            onChange={(v) => set("emergency", v)}
            error={errors.emergency}
            evidence={ev("emergency")}
          />
        </fieldset>
        <fieldset>
          <legend>Resolution by severity</legend>
          <DurationRow
            label="Critical"
            value={draft.resolveCritical}
            onChange={(v) => set("resolveCritical", v)}
            error={errors.resolveCritical}
            evidence={ev("resolve.critical")}
          />
          <DurationRow
            label="High"
            value={draft.resolveHigh}
            onChange={(v) => set("resolveHigh", v)}
            error={errors.resolveHigh}
            evidence={ev("resolve.high")}
          />
          <DurationRow
            label="Medium"
            value={draft.resolveMedium}
            onChange={(v) => set("resolveMedium", v)}
            error={errors.resolveMedium}
            evidence={ev("resolve.medium")}
          />
          <DurationRow
            label="Low"
            value={draft.resolveLow}
            onChange={(v) => set("resolveLow", v)}
            error={errors.resolveLow}
            evidence={ev("resolve.low")}
            allowNextRelease
          />
        </fieldset>
        <fieldset>
          <legend>Disclosure</legend>
          <DurationRow
            label="Disclose within"
            value={draft.disclosure}
            onChange={(v) => set("disclosure", v)}
            error={errors.disclosure}
            evidence={ev("disclosure")}
          />
        </fieldset>
        <fieldset>
          <legend>Business calendar</legend>
          <Field label="Time zone" error={errors.timeZone}>
            {(p) => (
              <input {...p} value={draft.timeZone} onChange={(e) => set("timeZone", e.target.value)} list="tz-list" />
            )}
          </Field>
          <datalist id="tz-list">
            {Intl.supportedValuesOf("timeZone").map((tz) => (
              <option key={tz} value={tz} />
            ))}
          </datalist>
          <fieldset className="chips" style={{ marginBottom: 10 }}>
            <legend>Working days</legend>
            {WEEKDAYS.map((d) => (
              <label key={d} className="check">
                <input
                  type="checkbox"
                  checked={draft.workingDays.includes(d)}
                  onChange={(e) =>
                    set(
                      "workingDays",
                      e.target.checked
                        ? WEEKDAYS.filter((x) => x === d || draft.workingDays.includes(x))
                        : draft.workingDays.filter((x) => x !== d),
                    )
                  }
                />
                {d[0]!.toUpperCase() + d.slice(1)}
              </label>
            ))}
          </fieldset>
          {errors.workingDays && <p className="field-error">{errors.workingDays}</p>}
          <Field label="Holidays (one YYYY-MM-DD per line)" error={errors.holidays}>
            {(p) => (
              <textarea {...p} rows={3} value={draft.holidays} onChange={(e) => set("holidays", e.target.value)} />
            )}
          </Field>
        </fieldset>
        <fieldset>
          <legend>Contacts and languages</legend>
          <Field
            label="Security contacts (one email per line)"
            error={errors.securityContacts}
            evidence={ev("contacts.security")}
          >
            {(p) => (
              <textarea
                {...p}
                rows={2}
                value={draft.securityContacts}
                onChange={(e) => set("securityContacts", e.target.value)}
              />
            )}
          </Field>
          <Field
            label="Emergency contacts (one email per line)"
            error={errors.emergencyContacts}
            evidence={ev("contacts.emergency")}
          >
            {(p) => (
              <textarea
                {...p}
                rows={2}
                value={draft.emergencyContacts}
                onChange={(e) => set("emergencyContacts", e.target.value)}
              />
            )}
          </Field>
          <Field label="Preferred languages (e.g. en, de)" error={errors.languages} evidence={ev("languages")}>
            {(p) => <input {...p} value={draft.languages} onChange={(e) => set("languages", e.target.value)} />}
          </Field>
        </fieldset>
        <fieldset>
          <legend>Supported versions</legend>
          {ev("supportedVersions") && <p className="evidence">From SECURITY.md: “{ev("supportedVersions")}”</p>}
          <table className="grid versions" aria-label="Supported versions">
            <thead>
              <tr>
                <th scope="col">Version range</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="sr-only">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {draft.supportedVersions.map((v, i) => (
                <tr key={i}>
                  <td>
                    <input
                      aria-label={`Version range ${i + 1}`}
                      aria-invalid={badVersionRow === i}
                      aria-describedby={badVersionRow === i ? "versions-error" : undefined}
                      value={v.range}
                      onChange={(e) =>
                        set(
                          "supportedVersions",
                          draft.supportedVersions.map((x, j) => (j === i ? { ...x, range: e.target.value } : x)),
                        )
                      }
                    />
                  </td>
                  <td>
                    <select
                      aria-label={`Status of version range ${i + 1}`}
                      value={v.status}
                      onChange={(e) =>
                        set(
                          "supportedVersions",
                          draft.supportedVersions.map((x, j) => (j === i ? { ...x, status: e.target.value } : x)),
                        )
                      }
                    >
                      {SUPPORT_STATUSES.map((s) => (
                        <option key={s} value={s}>
                          {SUPPORT_STATUS_LABELS[s]}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <button
                      type="button"
                      className="btn small"
                      onClick={() =>
                        set(
                          "supportedVersions",
                          draft.supportedVersions.filter((_, j) => j !== i),
                        )
                      }
                    >
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {errors.supportedVersions && (
            <p className="field-error" id="versions-error">
              {badVersionRow !== null ? `Version range ${badVersionRow + 1}: ` : ""}
              {errors.supportedVersions}
            </p>
          )}
          <button
            type="button"
            className="btn small"
            style={{ margin: "8px 0 10px" }}
            onClick={() => set("supportedVersions", [...draft.supportedVersions, { range: "", status: "supported" }])}
          >
            Add version range
          </button>
        </fieldset>
        {imported && <ImportNotes parsed={imported} level={3} />}
        <div className="form-actions">
          <button type="submit" className="btn primary" disabled={save.isPending}>
            {save.isPending ? "Saving…" : "Save policy"}
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => {
              setDraft(draftFromPolicy(program.policy));
              setEvidence(null);
              setImported(null);
              setMerge(null);
              save.reset();
            }}
          >
            Discard changes
          </button>
        </div>
      </form>
      <aside>
        <ImportSecurityMd onParsed={startMerge} nextStep="Choose in the merge above what to take, then apply." />
        <PolicyPreview program={program.slug} />
        <section className="card" aria-labelledby="form-link-title">
          <h2 className="card-title" id="form-link-title">
            Public report form
          </h2>
          <p style={{ margin: 0 }}>
            Researchers report at{" "}
            <a href={`/report/${program.slug}`}>{`${window.location.origin}/report/${program.slug}`}</a>
          </p>
        </section>
        <ApiTokens program={program.slug} />
        <Webhooks program={program.slug} programId={program.id} />
      </aside>
    </div>
  );
}

function DurationRow({
  label,
  value,
  onChange,
  error,
  evidence,
  allowNextRelease = false,
}: {
  label: string;
  value: DurationDraft;
  onChange: (v: DurationDraft) => void;
  error?: string | undefined;
  evidence?: string | undefined;
  allowNextRelease?: boolean;
}) {
  const off = value.unit === "none" || value.unit === "next_release";
  return (
    <div className={`field duration${error ? " has-error" : ""}`}>
      <span className="duration-label" id={`${label}-l`}>
        {label}
      </span>
      <div className="duration-inputs">
        <input
          aria-label={`${label}: amount`}
          aria-invalid={!!error}
          inputMode="numeric"
          value={off ? "" : value.amount}
          disabled={off}
          onChange={(e) => onChange({ ...value, amount: e.target.value })}
          style={{ width: 80 }}
        />
        <select
          aria-label={`${label}: unit`}
          value={value.unit}
          onChange={(e) =>
            onChange({ amount: value.amount || (e.target.value === "none" ? "" : "1"), unit: e.target.value })
          }
        >
          {DURATION_UNITS.map((u) => (
            <option key={u} value={u}>
              {UNIT_LABELS[u]}
            </option>
          ))}
          {allowNextRelease && <option value="next_release">next release</option>}
          <option value="none">no promise</option>
        </select>
      </div>
      {error && <p className="field-error">{error}</p>}
      {evidence && <p className="evidence">From SECURITY.md: “{evidence}”</p>}
    </div>
  );
}
