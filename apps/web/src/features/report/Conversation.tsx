import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { Field } from "../../components/ui/Field.tsx";
import { Markdown } from "../../components/ui/Markdown.tsx";
import { RelativeTime } from "../../components/ui/Time.tsx";
import { errorMessage, fieldErrorsOf, queryClient, trpc } from "../../lib/trpc.ts";
import type { ReportDetail } from "../../lib/types.ts";
import { FileList } from "./IntakeCards.tsx";
import { useReportKeyboard } from "./ReportKeyboard.tsx";
import { languageMismatch } from "./reporterLanguage.ts";

const KIND_LABEL = { internal: "Internal note", to_reporter: "To reporter", from_reporter: "From reporter" } as const;

export function Conversation({ detail }: { detail: ReportDetail }) {
  const [kind, setKind] = useState<"internal" | "to_reporter">("internal");
  const kb = useReportKeyboard();
  // `m` and `n`: the composer, set to a message to the reporter or an internal note.
  kb.provide({
    compose: (k) => {
      setKind(k);
      kb.focus("composer");
    },
  });
  const [body, setBody] = useState("");
  const [sent, setSent] = useState<string | null>(null);
  /** Why to ask before sending (the message looks written in another language than the reporter's), or null. */
  const [ask, setAsk] = useState<string | null>(null);
  const mail = useQuery({ ...trpc.notifications.mailStatus.queryOptions(), enabled: detail.canTriage });
  const add = useMutation(
    trpc.reports.addMessage.mutationOptions({
      onSuccess: async (_r, vars) => {
        setBody("");
        // The send button is disabled once the box is empty: focus stays in the composer, not on <body>.
        kb.focus("composer");
        setSent(
          vars.kind === "internal"
            ? "Internal note added."
            : mail.data?.smtpConfigured === false
              ? "Message to the reporter saved. No SMTP server is configured: the email waits in the outbox."
              : "Message to the reporter saved.",
        );
        // The banner's count of waiting emails has just grown.
        await queryClient.invalidateQueries({ queryKey: trpc.notifications.mailStatus.queryKey() });
        await queryClient.invalidateQueries({ queryKey: trpc.reports.byKey.queryKey({ key: detail.report.key }) });
      },
    }),
  );
  return (
    <section className="card" aria-labelledby="conv-title">
      <h2 id="conv-title" style={{ marginBottom: 10 }}>
        Conversation
      </h2>
      {detail.messages.length === 0 ? (
        <p className="muted">No messages or notes yet.</p>
      ) : (
        <div className="thread">
          {detail.messages.map((m) => (
            <article key={m.id} className={`msg ${m.kind}`} aria-label={KIND_LABEL[m.kind]}>
              <div className="msg-head">
                <span className="msg-kind">{KIND_LABEL[m.kind]}</span>
                <span>{m.kind === "from_reporter" ? "Reporter" : (m.authorName ?? "Team")}</span>
                <RelativeTime at={m.createdAt} />
              </div>
              <Markdown text={m.body} />
              <MessageFiles files={detail.attachments.filter((a) => a.messageId === m.id)} />
            </article>
          ))}
        </div>
      )}
      {detail.canTriage && (
        <form
          style={{ marginTop: 14 }}
          onSubmit={(e) => {
            e.preventDefault();
            setSent(null);
            const why = kind === "to_reporter" ? languageMismatch(detail.report.reporterLanguage, body) : null;
            if (why) setAsk(why);
            else add.mutate({ key: detail.report.key, kind, body });
          }}
        >
          <div className="composer-kind" role="radiogroup" aria-label="Message type">
            <label>
              <input
                type="radio"
                name="kind"
                checked={kind === "internal"}
                onChange={() => {
                  setKind("internal");
                  setAsk(null);
                }}
              />{" "}
              Internal note (team only)
            </label>
            <label>
              <input
                type="radio"
                name="kind"
                checked={kind === "to_reporter"}
                onChange={() => setKind("to_reporter")}
              />{" "}
              Message to reporter
            </label>
          </div>
          <Field
            label={kind === "internal" ? "Internal note" : "Message to reporter"}
            error={fieldErrorsOf(add.error).body}
          >
            {(p) => (
              <textarea
                {...p}
                ref={kb.target("composer")}
                aria-keyshortcuts="m n"
                rows={4}
                value={body}
                onChange={(e) => {
                  setBody(e.target.value);
                  setAsk(null);
                }}
              />
            )}
          </Field>
          {ask && (
            <LanguageCheck
              why={ask}
              onSend={() => {
                setAsk(null);
                add.mutate({ key: detail.report.key, kind, body });
              }}
              onEdit={() => {
                setAsk(null);
                kb.focus("composer");
              }}
            />
          )}
          <div className="form-actions">
            <button type="submit" className="btn primary" disabled={add.isPending || !body.trim() || ask !== null}>
              {kind === "internal" ? "Add note" : "Send to reporter"}
            </button>
            <span role="status" className="muted">
              {sent}
              {add.isError && !Object.keys(fieldErrorsOf(add.error)).length ? errorMessage(add.error) : null}
            </span>
          </div>
        </form>
      )}
    </section>
  );
}

/**
 * The confirm step before a message in another language than the reporter's
 * goes out: a non-modal alert dialog under the composer, focused on "Keep
 * editing" (the safe answer), so Enter does not send by accident.
 */
function LanguageCheck({ why, onSend, onEdit }: { why: string; onSend(): void; onEdit(): void }) {
  const keep = useRef<HTMLButtonElement>(null);
  useEffect(() => keep.current?.focus(), []);
  return (
    <div className="notice" role="alertdialog" aria-labelledby="lang-check-title" aria-describedby="lang-check-why">
      <p id="lang-check-title" style={{ margin: "0 0 4px", fontWeight: 600 }}>
        Send in another language?
      </p>
      <p id="lang-check-why" style={{ margin: "0 0 8px" }}>
        {why} The email around it is in the reporter's language; your words are sent as written.
      </p>
      <div className="form-actions">
        <button type="button" className="btn primary" onClick={onSend}>
          Send anyway
        </button>
        <button type="button" className="btn" ref={keep} onClick={onEdit}>
          Keep editing
        </button>
      </div>
    </div>
  );
}

/** A message's own files, listed under it (a reply with a screenshot shows the screenshot there). */
function MessageFiles({ files }: { files: ReportDetail["attachments"] }) {
  if (files.length === 0) return null;
  return <FileList files={files} label={files.length === 1 ? "File with this message" : "Files with this message"} />;
}
