import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { StateBadge } from "../../components/ui/Badges.tsx";
import { errorMessage, queryClient, trpc } from "../../lib/trpc.ts";
import type { ReportDetail } from "../../lib/types.ts";
import { formatBytes } from "../public/api.ts";

type Attachment = ReportDetail["attachments"][number];

/** Files the reporter sent with the report; those sent with a reply are shown in that message. */
export function AttachmentsCard({ detail }: { detail: ReportDetail }) {
  if (!detail.canTriage) return null;
  const withReport = detail.attachments.filter((a) => a.messageId === null);
  const inMessages = detail.attachments.length - withReport.length;
  if (detail.attachments.length === 0) return null;
  return (
    <section className="card" aria-labelledby="files-title">
      <h3 id="files-title">Attachments</h3>
      {withReport.length > 0 && <FileList files={withReport} label="Attachments" />}
      {inMessages > 0 && (
        <p className="muted" style={{ margin: "6px 0 0" }}>
          {inMessages === 1 ? "1 file came" : `${inMessages} files came`} with a message: see the conversation.
        </p>
      )}
    </section>
  );
}

/** Downloads are forced (never rendered in our origin); the uploader's own name is shown when it was cleaned. */
export function FileList({ files, label }: { files: Attachment[]; label: string }) {
  return (
    <ul className="file-list" aria-label={label}>
      {files.map((a) => (
        <li key={a.id}>
          <a href={`/api/attachments/${a.id}`} download={a.filename} rel="noopener">
            {a.filename}
          </a>
          <span className="muted">
            {a.contentType} · {formatBytes(a.size)}
          </span>
          {a.originalFilename && (
            <span className="muted sent-as">
              sent as <code>{a.originalFilename}</code>
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}

/** Similar open reports found at intake, with a one-click "mark duplicate of". */
export function DuplicatesCard({ detail }: { detail: ReportDetail }) {
  const [status, setStatus] = useState<string | null>(null);
  const mark = useMutation(
    trpc.reports.transition.mutationOptions({
      onSuccess: async (_r, v) => {
        setStatus(`Closed as a duplicate of ${v.duplicateOf}.`);
        await queryClient.invalidateQueries({ queryKey: trpc.reports.pathKey() });
      },
      onError: (e) => setStatus(errorMessage(e)),
    }),
  );
  if (!detail.canTriage || detail.duplicateCandidates.length === 0) return null;
  const canClose = detail.transitions.includes("close_duplicate");
  return (
    <section className="card" aria-labelledby="dups-title">
      <h3 id="dups-title">Possible duplicates</h3>
      <ul className="dup-list" aria-label="Possible duplicates">
        {detail.duplicateCandidates.map((d) => (
          <li key={d.key}>
            <span>
              <Link to={`/reports/${d.key}`}>{d.key}</Link> {d.title} <StateBadge state={d.state} />
            </span>
            <span className="muted" title="Similarity of title and description">
              {Math.round(d.score * 100)}%
            </span>
            {canClose && (
              <button
                type="button"
                className="btn small"
                disabled={mark.isPending}
                onClick={() => mark.mutate({ key: detail.report.key, action: "close_duplicate", duplicateOf: d.key })}
              >
                Mark duplicate of {d.key}
              </button>
            )}
          </li>
        ))}
      </ul>
      <p role="status" className="muted" style={{ margin: "6px 0 0" }}>
        {status}
      </p>
    </section>
  );
}
