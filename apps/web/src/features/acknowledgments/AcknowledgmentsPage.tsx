import type { AckFormat } from "@embargo/core";
import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useSearchParams } from "react-router";
import { Field } from "../../components/ui/Field.tsx";
import { Options } from "../../components/ui/Options.tsx";
import { errorMessage, fieldErrorsOf, trpc } from "../../lib/trpc.ts";
import type { Me } from "../../lib/types.ts";
import "./acknowledgments.css";
import { downloadText } from "../../lib/download.ts";
import { useTitle } from "../../lib/title.ts";

const FORMAT_LABELS: Record<AckFormat, string> = { md: "Markdown", csv: "CSV", json: "JSON", html: "HTML" };

/** Save a file the server rendered, under the name it chose. */
function download(file: { body: string; mediaType: string; filename: string }) {
  downloadText(file.body, file.filename, file.mediaType);
}

/**
 * Acknowledgment lists for advisories, release notes and the web (issue 12): one of
 * the viewer's programs or all of them, a period of whole UTC days, a format. Every
 * role, leadership included (communications staff). Only disclosed reports and
 * accepted credits appear; the server decides that, this page previews and saves.
 */
export function AcknowledgmentsPage() {
  useTitle("Acknowledgments");
  const me = useQuery(trpc.auth.me.queryOptions());
  const memberships = (me.data as Me | null | undefined)?.memberships ?? [];
  // ?program=SLUG: opened from a program's settings page with that program chosen.
  const [params] = useSearchParams();
  const [program, setProgram] = useState(params.get("program") ?? "");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [format, setFormat] = useState<AckFormat>("md");
  const previewId = useId();
  const input = { program: program || null, from: from || null, to: to || null, format };
  const file = useQuery(trpc.credits.acknowledgments.queryOptions(input));
  const errors = fieldErrorsOf(file.error);
  return (
    <section className="ack-page" aria-labelledby="ack-title">
      <h1 id="ack-title">Acknowledgments</h1>
      <p className="muted">
        Who to thank in advisories, release notes and on the web: accepted credits of disclosed reports, by disclosure
        date. Periods are whole days in UTC, both ends included.
      </p>
      <form className="ack-controls card" onSubmit={(e) => e.preventDefault()}>
        <Field label="Program" error={errors.program}>
          {(p) => (
            <select {...p} value={program} onChange={(e) => setProgram(e.target.value)}>
              <option value="">All my programs</option>
              {memberships.map((m) => (
                <option key={m.slug} value={m.slug}>
                  {m.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Disclosed from" error={errors.from}>
          {(p) => <input {...p} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />}
        </Field>
        <Field label="Disclosed to" error={errors.to}>
          {(p) => <input {...p} type="date" value={to} onChange={(e) => setTo(e.target.value)} />}
        </Field>
        <Field label="Format" error={errors.format}>
          {(p) => (
            <select {...p} value={format} onChange={(e) => setFormat(e.target.value as AckFormat)}>
              <Options labels={FORMAT_LABELS} />
            </select>
          )}
        </Field>
        <div className="ack-actions">
          <button
            type="button"
            className="btn primary"
            disabled={!file.data || file.isFetching}
            onClick={() => file.data && download(file.data)}
          >
            Download {FORMAT_LABELS[format]}
          </button>
          {file.data && <span className="muted">{file.data.filename}</span>}
        </div>
      </form>
      {file.isError && Object.keys(errors).length === 0 && <p className="field-error">{errorMessage(file.error)}</p>}
      <h2 id={previewId} className="ack-preview-title">
        Preview
      </h2>
      {/* Scrollable and focusable so keyboard users can scroll a long list; the text is shown, never rendered as HTML. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (axe scrollable-region-focusable). */}
      <section className="ack-preview" aria-labelledby={previewId} tabIndex={0}>
        <pre>{file.isPending ? "Loading…" : (file.data?.body.replace(/^\uFEFF/, "") ?? "")}</pre>
      </section>
    </section>
  );
}
