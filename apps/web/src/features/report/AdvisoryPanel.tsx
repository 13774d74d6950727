import { type AdvisoryDraft, REFERENCE_TYPES, type ReferenceType } from "@embargo/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { Field } from "../../components/ui/Field.tsx";
import { ErrorBox } from "../../components/ui/States.tsx";
import { downloadText } from "../../lib/download.ts";
import { errorMessage, fieldErrorsOf, trpc } from "../../lib/trpc.ts";
import type { ReportDetail } from "../../lib/types.ts";
import {
  type AdvisoryForm,
  describeAdvisoryField,
  draftOfForm,
  emptyProduct,
  emptyRange,
  formOfDraft,
  type ProductForm,
} from "./advisoryForm.ts";
import { focusHeading, invalidateReport } from "./disclosureParts.tsx";

type Draft = AdvisoryDraft;
type Format = "cve" | "osv" | "csaf";

const FORMAT_LABELS: Record<Format, string> = { cve: "CVE JSON 5", osv: "OSV", csaf: "CSAF 2.0" };

/** The advisory written for this report, its exports, and (for leadership) what the public will read. */
export function AdvisoryPanel({ detail }: { detail: ReportDetail }) {
  const key = detail.report.key;
  const q = useQuery(trpc.advisories.get.queryOptions({ key }));
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [editing, setEditing] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  return (
    <section className="card" aria-labelledby="advisory-title">
      <h2 id="advisory-title" ref={headingRef} tabIndex={-1}>
        Advisory
      </h2>
      {q.isPending ? (
        <p className="muted">Loading the advisory…</p>
      ) : q.isError ? (
        <ErrorBox
          title="The advisory could not be loaded"
          message={errorMessage(q.error)}
          onRetry={() => q.refetch()}
        />
      ) : !detail.canTriage ? (
        <AdvisoryReadOnly draft={q.data.draft} saved={q.data.saved} />
      ) : (
        <>
          <p className="muted" style={{ marginTop: 0 }}>
            {q.data.saved
              ? `Draft saved: “${q.data.draft.title}”.`
              : "Not written yet. The form starts from the report's title and weakness."}
          </p>
          {!editing && (
            <button
              type="button"
              className="btn small"
              aria-expanded={false}
              onClick={() => {
                setStatus(null);
                setEditing(true);
              }}
            >
              {q.data.saved ? "Edit advisory" : "Write advisory"}
            </button>
          )}
          {editing && (
            <AdvisoryEditor
              reportKey={key}
              draft={q.data.draft}
              onCancel={() => setEditing(false)}
              onSaved={async () => {
                setEditing(false);
                setStatus("Advisory saved.");
                await invalidateReport();
                focusHeading(headingRef);
              }}
            />
          )}
          <p role="status" className="muted status-line">
            {status}
          </p>
          <Exports reportKey={key} saved={q.data.saved} />
        </>
      )}
    </section>
  );
}

function AdvisoryReadOnly({ draft, saved }: { draft: Draft; saved: boolean }) {
  if (!saved) return <p className="muted">No advisory written yet.</p>;
  return (
    <dl className="props advisory-read">
      <dt>Title</dt>
      <dd>{draft.title}</dd>
      <dt>Summary</dt>
      <dd className="pre-line">{draft.summary}</dd>
      <dt>Affected</dt>
      <dd>
        {draft.affected.length === 0 ? (
          <span className="muted">—</span>
        ) : (
          <ul className="plain">
            {draft.affected.map((p, i) => (
              <li key={i}>
                {p.vendor} {p.product}
                {p.packageName && (
                  <span className="muted">
                    {" "}
                    ({p.ecosystem ? `${p.ecosystem}: ` : ""}
                    {p.packageName})
                  </span>
                )}
                {p.ranges.map((r, j) => (
                  <div key={j} className="muted small">
                    {r.introduced ?? "any version"} up to{" "}
                    {r.fixed ? `${r.fixed} (fixed)` : `${r.lastAffected} (last affected)`}
                  </div>
                ))}
              </li>
            ))}
          </ul>
        )}
      </dd>
      <dt>References</dt>
      <dd>
        {draft.references.length === 0 ? (
          <span className="muted">—</span>
        ) : (
          <ul className="plain">
            {draft.references.map((r) => (
              <li key={r.url}>
                <span className="muted">{r.type}</span> <span className="value-cell">{r.url}</span>
              </li>
            ))}
          </ul>
        )}
      </dd>
    </dl>
  );
}

function AdvisoryEditor({
  reportKey,
  draft,
  onCancel,
  onSaved,
}: {
  reportKey: string;
  draft: Draft;
  onCancel: () => void;
  onSaved: () => void;
}) {
  const [form, setForm] = useState<AdvisoryForm>(() => formOfDraft(draft));
  const save = useMutation(trpc.advisories.save.mutationOptions({ onSuccess: onSaved }));
  const f = fieldErrorsOf(save.error);
  const err = (path: string) => f[`draft.${path}`];
  const set = <K extends keyof AdvisoryForm>(k: K, v: AdvisoryForm[K]) => setForm((x) => ({ ...x, [k]: v }));
  const setProduct = (i: number, change: Partial<ProductForm>) =>
    set(
      "affected",
      form.affected.map((p, j) => (j === i ? { ...p, ...change } : p)),
    );
  const known = Object.keys(f).some((k) => k.startsWith("draft."));
  return (
    <form
      className="advisory-form"
      aria-label="Advisory"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ key: reportKey, draft: draftOfForm(form) });
      }}
    >
      <Field label="Title" error={err("title")}>
        {(p) => <input {...p} value={form.title} onChange={(e) => set("title", e.target.value)} />}
      </Field>
      <Field label="Summary" error={err("summary")} hint="The public one-paragraph description.">
        {(p) => <textarea {...p} rows={3} value={form.summary} onChange={(e) => set("summary", e.target.value)} />}
      </Field>
      <Field label="Details" error={err("details")} hint="Technical details. Leadership never sees them.">
        {(p) => <textarea {...p} rows={5} value={form.details} onChange={(e) => set("details", e.target.value)} />}
      </Field>
      <Field label="Workaround (optional)" error={err("workaround")}>
        {(p) => (
          <textarea {...p} rows={2} value={form.workaround} onChange={(e) => set("workaround", e.target.value)} />
        )}
      </Field>

      <h3 className="subhead">Affected products</h3>
      {err("affected") && <p className="field-error">{err("affected")}</p>}
      {form.affected.map((prod, i) => (
        <fieldset key={i} className="product-row">
          <legend>Affected product {i + 1}</legend>
          <div className="grid-2">
            <Field label="Vendor" error={err(`affected.${i}.vendor`)}>
              {(p) => <input {...p} value={prod.vendor} onChange={(e) => setProduct(i, { vendor: e.target.value })} />}
            </Field>
            <Field label="Product" error={err(`affected.${i}.product`)}>
              {(p) => (
                <input {...p} value={prod.product} onChange={(e) => setProduct(i, { product: e.target.value })} />
              )}
            </Field>
            <Field label="Ecosystem (optional)" error={err(`affected.${i}.ecosystem`)} hint="npm, PyPI, Maven…">
              {(p) => (
                <input {...p} value={prod.ecosystem} onChange={(e) => setProduct(i, { ecosystem: e.target.value })} />
              )}
            </Field>
            <Field label="Package name (optional)" error={err(`affected.${i}.packageName`)}>
              {(p) => (
                <input
                  {...p}
                  value={prod.packageName}
                  onChange={(e) => setProduct(i, { packageName: e.target.value })}
                  spellCheck={false}
                />
              )}
            </Field>
          </div>
          {prod.ranges.map((r, j) => {
            const setRange = (change: Partial<typeof r>) =>
              setProduct(i, { ranges: prod.ranges.map((x, k) => (k === j ? { ...x, ...change } : x)) });
            const at = `affected.${i}.ranges.${j}`;
            return (
              <fieldset key={j} className="range-row">
                <legend>Version range {j + 1}</legend>
                <Field label="Introduced" error={err(`${at}.introduced`)}>
                  {(p) => (
                    <input
                      {...p}
                      value={r.introduced}
                      onChange={(e) => setRange({ introduced: e.target.value })}
                      placeholder="first version"
                    />
                  )}
                </Field>
                <Field label="Fixed" error={err(`${at}.fixed`) ?? err(at)}>
                  {(p) => <input {...p} value={r.fixed} onChange={(e) => setRange({ fixed: e.target.value })} />}
                </Field>
                <Field label="Last affected" error={err(`${at}.lastAffected`)}>
                  {(p) => (
                    <input {...p} value={r.lastAffected} onChange={(e) => setRange({ lastAffected: e.target.value })} />
                  )}
                </Field>
                <button
                  type="button"
                  className="btn small danger"
                  aria-label={`Remove version range ${j + 1} of product ${i + 1}`}
                  onClick={() => setProduct(i, { ranges: prod.ranges.filter((_, k) => k !== j) })}
                >
                  Remove
                </button>
              </fieldset>
            );
          })}
          <div className="form-actions">
            <button
              type="button"
              className="btn small"
              aria-label={`Add version range to product ${i + 1}`}
              onClick={() => setProduct(i, { ranges: [...prod.ranges, emptyRange()] })}
            >
              Add version range
            </button>
            <button
              type="button"
              className="btn small danger"
              aria-label={`Remove product ${i + 1}`}
              onClick={() =>
                set(
                  "affected",
                  form.affected.filter((_, k) => k !== i),
                )
              }
            >
              Remove product
            </button>
          </div>
        </fieldset>
      ))}
      <button
        type="button"
        className="btn small"
        onClick={() => set("affected", [...form.affected, emptyProduct(form.affected[0]?.vendor ?? "", "")])}
      >
        Add product
      </button>

      <h3 className="subhead">Weaknesses and references</h3>
      <Field
        label="CWE ids"
        error={err("cwes") ?? Object.entries(f).find(([k]) => k.startsWith("draft.cwes."))?.[1]}
        hint="Separated by commas, e.g. CWE-79, CWE-20"
      >
        {(p) => <input {...p} value={form.cwes} onChange={(e) => set("cwes", e.target.value)} spellCheck={false} />}
      </Field>
      {form.references.map((r, i) => {
        const setRef = (change: Partial<typeof r>) =>
          set(
            "references",
            form.references.map((x, k) => (k === i ? { ...x, ...change } : x)),
          );
        return (
          <div key={i} className="reference-row">
            <Field label={`Reference ${i + 1} URL`} error={err(`references.${i}.url`)}>
              {(p) => (
                <input
                  {...p}
                  type="url"
                  value={r.url}
                  onChange={(e) => setRef({ url: e.target.value })}
                  placeholder="https://"
                />
              )}
            </Field>
            <Field label={`Reference ${i + 1} type`} error={err(`references.${i}.type`)}>
              {(p) => (
                <select {...p} value={r.type} onChange={(e) => setRef({ type: e.target.value as ReferenceType })}>
                  {REFERENCE_TYPES.map((t) => (
                    <option key={t} value={t}>
                      {t}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <button
              type="button"
              className="btn small danger"
              aria-label={`Remove reference ${i + 1}`}
              onClick={() =>
                set(
                  "references",
                  form.references.filter((_, k) => k !== i),
                )
              }
            >
              Remove
            </button>
          </div>
        );
      })}
      <button
        type="button"
        className="btn small"
        onClick={() => set("references", [...form.references, { url: "", type: "ADVISORY" }])}
      >
        Add reference
      </button>

      <div className="form-actions" style={{ marginTop: 14 }}>
        <button type="submit" className="btn primary" disabled={save.isPending}>
          Save advisory
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {save.isError && (
        <p className="field-error" role="alert">
          {known ? "Check the fields marked above." : errorMessage(save.error)}
        </p>
      )}
    </form>
  );
}

/** Export buttons, the preview of the last export and its download, or why the format refused it. */
function Exports({ reportKey, saved }: { reportKey: string; saved: boolean }) {
  const exp = useMutation(trpc.advisories.export.mutationOptions());
  const result = exp.data;
  return (
    <div className="exports">
      <h3 className="subhead">Export</h3>
      {!saved && <p className="muted small">Save the advisory to export it.</p>}
      <fieldset className="form-actions bare">
        <legend className="sr-only">Export formats</legend>
        {(Object.keys(FORMAT_LABELS) as Format[]).map((format) => (
          <button
            key={format}
            type="button"
            className="btn small"
            disabled={!saved || exp.isPending}
            onClick={() => exp.mutate({ key: reportKey, format })}
          >
            {FORMAT_LABELS[format]}
          </button>
        ))}
      </fieldset>
      <div aria-live="polite">
        {exp.isPending && exp.variables && (
          <p className="muted small">
            Building {FORMAT_LABELS[exp.variables.format]} and checking it against the official schema…
          </p>
        )}
        {exp.isError && (
          <p className="field-error" role="alert">
            {errorMessage(exp.error)}
          </p>
        )}
        {result && !result.ok && (
          <div className="notice err export-errors">
            <p style={{ margin: "0 0 4px" }}>The {FORMAT_LABELS[result.format]} export needs these fixed first:</p>
            <ul aria-label={`${FORMAT_LABELS[result.format]} export problems`}>
              {result.errors.map((e) => (
                <li key={`${e.field}:${e.message}`}>
                  {/* The package's own checks already name the field in words ("vendor name: …"). */}
                  {/^[\p{L} ]+: /u.test(e.message) ? (
                    e.message
                  ) : (
                    <>
                      <strong>{describeAdvisoryField(e.field)}</strong>: {e.message}
                    </>
                  )}
                </li>
              ))}
            </ul>
          </div>
        )}
        {result?.ok && (
          <div className="export-ok">
            <div className="form-actions">
              <span>
                {FORMAT_LABELS[result.format]}: <code>{result.filename}</code>
              </span>
              <button
                type="button"
                className="btn small primary"
                onClick={() => downloadText(result.json, result.filename, result.mediaType)}
              >
                Download {result.filename}
              </button>
            </div>
            {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus so a keyboard can scroll it */}
            <section className="export-preview" tabIndex={0} aria-label={`${FORMAT_LABELS[result.format]} preview`}>
              <pre>{result.json}</pre>
            </section>
          </div>
        )}
      </div>
    </div>
  );
}
