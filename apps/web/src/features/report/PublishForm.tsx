import { formatZonedInstant } from "@embargo/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Field } from "../../components/ui/Field.tsx";
import { errorMessage, fieldErrorsOf, trpc } from "../../lib/trpc.ts";
import type { ReportDetail } from "../../lib/types.ts";
import { useInlinePrompt } from "../../lib/useInlinePrompt.ts";
import { invalidateReport } from "./disclosureParts.tsx";

/**
 * "Publish advisory…": discloses the report (the only way to; the plain
 * transition is refused). Needs the advisory's address or the one written on
 * this page, and before the disclosure date a reason to publish early.
 */
export function PublishForm({
  detail,
  onCancel,
  onPublished,
}: {
  detail: ReportDetail;
  onCancel: () => void;
  onPublished: (advisoryUrl: string | null) => void;
}) {
  const key = detail.report.key;
  const advisory = useQuery(trpc.advisories.get.queryOptions({ key }));
  const written = advisory.data?.saved === true;
  const [useWritten, setUseWritten] = useState(true);
  const [url, setUrl] = useState("");
  const [reason, setReason] = useState("");
  const { plan } = detail.disclosure;
  // Decided by the server again at publish time; this only decides whether to ask.
  const early = plan.targetAt !== null && plan.targetAt.getTime() > Date.now();
  const publish = useMutation(
    trpc.disclosure.publish.mutationOptions({
      onSuccess: async (res) => {
        await invalidateReport();
        onPublished(res.advisoryUrl);
      },
    }),
  );
  const f = fieldErrorsOf(publish.error);
  const fromPage = written && useWritten;
  const prompt = useInlinePrompt<HTMLFormElement>(onCancel, !advisory.isPending);
  return (
    <form
      ref={prompt.ref}
      onKeyDown={prompt.onKeyDown}
      className="action-form publish-form"
      aria-label="Publish advisory"
      onSubmit={(e) => {
        e.preventDefault();
        publish.mutate({ key, advisoryUrl: fromPage ? null : url.trim(), overrideReason: early ? reason : null });
      }}
    >
      {written && (
        <label className="check">
          <input type="checkbox" checked={useWritten} onChange={(e) => setUseWritten(e.target.checked)} /> Use the
          advisory written here
        </label>
      )}
      {!fromPage && (
        <Field
          label="Advisory URL"
          error={f.advisoryUrl}
          hint="Where the advisory is published, e.g. a GitHub advisory."
        >
          {(p) => (
            <input
              {...p}
              type="url"
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              placeholder="https://"
              required
            />
          )}
        </Field>
      )}
      {early && plan.targetAt && (
        <Field
          label="Reason to publish early"
          error={f.overrideReason}
          hint={`The agreed date is ${formatZonedInstant(plan.targetAt, plan.timeZone)}. The reporter is told.`}
        >
          {(p) => <textarea {...p} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} required />}
        </Field>
      )}
      <button type="submit" className="btn primary" disabled={publish.isPending || advisory.isPending}>
        Publish and disclose
      </button>
      <button type="button" className="btn" onClick={onCancel}>
        Cancel
      </button>
      {publish.isError && !f.advisoryUrl && !f.overrideReason && (
        <p className="field-error" role="alert">
          {errorMessage(publish.error)}
        </p>
      )}
    </form>
  );
}
