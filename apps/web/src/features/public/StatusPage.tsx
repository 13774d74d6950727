import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useParams } from "react-router";
import { Field } from "../../components/ui/Field.tsx";
import { Markdown } from "../../components/ui/Markdown.tsx";
import { ErrorBox, Loading } from "../../components/ui/States.tsx";
import { RelativeTime } from "../../components/ui/Time.tsx";
import { exactTime } from "../../lib/time.ts";
import { useTitle } from "../../lib/title.ts";
import { formatBytes, PublicError, publicFetch } from "./api.ts";
import { DisclosureSection, type ResearcherDisclosure } from "./DisclosureSection.tsx";
import { PublicShell } from "./ReportFormPage.tsx";

interface StatusView {
  key: string;
  title: string;
  programName: string;
  state: string;
  stateText: string;
  receivedAt: string;
  fixedVersion: string | null;
  fixReleased: string | null;
  disclosure: ResearcherDisclosure;
  nextPromise: { clock: string; due: string; state: string } | null;
  messages: { id: number; kind: "to_reporter" | "from_reporter"; body: string; createdAt: string }[];
  attachments: { id: number; filename: string; size: number; messageId: number | null }[];
  credit: {
    creditAs: "name" | "handle" | "anonymous";
    consent: "pending" | "accepted" | "declined";
    name: string | null;
    handle: string | null;
  };
  limits: { maxFiles: number; maxBytes: number };
}

const PROMISE_TEXT: Record<string, string> = {
  acknowledge: "acknowledge your report",
  assess: "finish the initial assessment",
  update: "send the next status update",
  resolve: "fix the issue",
  emergency: "respond to this critical report",
};

/** The researcher's private page, reached by the secret link. */
export function StatusPage() {
  useTitle("Report status");
  const { token = "" } = useParams();
  const url = `/api/public/status/${encodeURIComponent(token)}`;
  const q = useQuery({ queryKey: ["status", token], queryFn: () => publicFetch<StatusView>(url), retry: false });
  if (q.isPending)
    return (
      <PublicShell>
        <Loading />
      </PublicShell>
    );
  if (q.isError) {
    return (
      <PublicShell>
        <ErrorBox title="Status link not valid" message="Check that you copied the whole link from your receipt." />
      </PublicShell>
    );
  }
  const v = q.data;
  return (
    <PublicShell>
      <div className="report-head">
        <div className="meta">
          <span className="key">{v.key}</span> · {v.programName} · received <RelativeTime at={new Date(v.receivedAt)} />
        </div>
        <h1>{v.title}</h1>
      </div>
      <section className="card" aria-labelledby="state-title">
        <h2 className="card-title" id="state-title">
          Status
        </h2>
        <p className="status-text">{v.stateText}</p>
        {v.fixedVersion && <p>Fixed in version {v.fixedVersion}.</p>}
        {v.nextPromise ? (
          <p>
            The team promised to {PROMISE_TEXT[v.nextPromise.clock] ?? "respond"} by{" "}
            <strong>{exactTime(new Date(v.nextPromise.due))}</strong>.
          </p>
        ) : null}
      </section>
      <DisclosureSection plan={v.disclosure} fixReleased={v.fixReleased} url={url} token={token} />
      <Thread view={v} url={url} token={token} />
      <CreditForm view={v} url={url} token={token} />
    </PublicShell>
  );
}

function Thread({ view, url, token }: { view: StatusView; url: string; token: string }) {
  const qc = useQueryClient();
  const [body, setBody] = useState("");
  const [files, setFiles] = useState<File[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const send = useMutation({
    mutationFn: async () => {
      const form = new FormData();
      form.set("body", body);
      for (const f of files) form.append("attachments", f, f.name);
      return publicFetch(`${url}/messages`, { method: "POST", body: form });
    },
    onSuccess: async () => {
      setBody("");
      setFiles([]);
      setDone("Your message was sent to the team.");
      await qc.invalidateQueries({ queryKey: ["status", token] });
    },
  });
  const err = send.error instanceof PublicError ? send.error : null;
  return (
    <section className="card" aria-labelledby="thread-title">
      <h2 id="thread-title" style={{ marginBottom: 10 }}>
        Messages
      </h2>
      {view.messages.length === 0 ? (
        <p className="muted">No messages yet.</p>
      ) : (
        <div className="thread">
          {view.messages.map((m) => (
            <article
              key={m.id}
              className={`msg ${m.kind}`}
              aria-label={m.kind === "to_reporter" ? "From the security team" : "From you"}
            >
              <div className="msg-head">
                <span className="msg-kind">{m.kind === "to_reporter" ? "Security team" : "You"}</span>
                <RelativeTime at={new Date(m.createdAt)} />
              </div>
              <Markdown text={m.body} />
              {view.attachments
                .filter((a) => a.messageId === m.id)
                .map((a) => (
                  <div key={a.id} className="muted">
                    📎 {a.filename} ({formatBytes(a.size)})
                  </div>
                ))}
            </article>
          ))}
        </div>
      )}
      <form
        style={{ marginTop: 14 }}
        onSubmit={(e) => {
          e.preventDefault();
          setDone(null);
          send.mutate();
        }}
      >
        {err && !Object.keys(err.fieldErrors).length && (
          <div className="notice err" role="alert">
            {err.message}
          </div>
        )}
        <Field label="Your reply" error={err?.fieldErrors.body}>
          {(p) => <textarea {...p} rows={4} value={body} onChange={(e) => setBody(e.target.value)} />}
        </Field>
        <Field label={`Attach files (optional, up to ${view.limits.maxFiles})`} error={err?.fieldErrors.attachments}>
          {(p) => <input {...p} type="file" multiple onChange={(e) => setFiles(Array.from(e.target.files ?? []))} />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="btn primary" disabled={send.isPending || !body.trim()}>
            {send.isPending ? "Sending…" : "Send reply"}
          </button>
          <span role="status" className="muted">
            {done}
          </span>
        </div>
      </form>
    </section>
  );
}

const CREDIT_AS_TEXT = { name: "your name", handle: "your handle", anonymous: "Anonymous" } as const;

/**
 * The reporter's own credit (the first credit of the report): how they are named and
 * whether they agree. Agreeing again after declining is allowed; withdrawing takes them
 * out of every list and advisory exported afterwards.
 */
function CreditForm({ view, url, token }: { view: StatusView; url: string; token: string }) {
  const qc = useQueryClient();
  const [creditAs, setCreditAs] = useState(view.credit.creditAs);
  const [name, setName] = useState(view.credit.name ?? "");
  const [handle, setHandle] = useState(view.credit.handle ?? "");
  const [done, setDone] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (consent: "accepted" | "declined") =>
      publicFetch(`${url}/credit`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ creditAs, consent, name, handle }),
      }),
    onSuccess: async (_r, consent) => {
      setDone(consent === "accepted" ? "Credit accepted." : "You will not be credited.");
      await qc.invalidateQueries({ queryKey: ["status", token] });
    },
  });
  const err = save.error instanceof PublicError ? save.error : null;
  const { consent } = view.credit;
  return (
    <section className="card" aria-labelledby="credit-title">
      <h2 className="card-title" id="credit-title">
        How you are credited
      </h2>
      <p className="credit-now">
        {consent === "accepted"
          ? view.credit.creditAs === "anonymous"
            ? 'You agreed to be credited as "Anonymous" when the issue is disclosed.'
            : `You agreed to be credited by ${CREDIT_AS_TEXT[view.credit.creditAs]} when the issue is disclosed.`
          : consent === "declined"
            ? "You will not be credited."
            : "You have not said yet whether you want to be credited."}
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setDone(null);
          save.mutate("accepted");
        }}
      >
        <div className="form-grid">
          <Field label="Name" error={err?.fieldErrors.name}>
            {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
          <Field label="Handle" error={err?.fieldErrors.handle}>
            {(p) => <input {...p} value={handle} onChange={(e) => setHandle(e.target.value)} />}
          </Field>
        </div>
        <Field label="Credit me as" error={err?.fieldErrors.creditAs}>
          {(p) => (
            <select {...p} value={creditAs} onChange={(e) => setCreditAs(e.target.value as typeof creditAs)}>
              <option value="name">My name</option>
              <option value="handle">My handle</option>
              <option value="anonymous">Anonymous</option>
            </select>
          )}
        </Field>
        <div className="form-actions" style={{ marginTop: 8 }}>
          <button type="submit" className="btn primary" disabled={save.isPending}>
            {consent === "accepted" ? "Save credit preference" : "Accept credit"}
          </button>
          <button
            type="button"
            className="btn"
            disabled={save.isPending}
            onClick={() => {
              setDone(null);
              save.mutate("declined");
            }}
          >
            {consent === "accepted" ? "Withdraw my consent" : "Do not credit me"}
          </button>
          <span role="status" className="muted">
            {done}
            {err && !Object.keys(err.fieldErrors).length ? err.message : null}
          </span>
        </div>
      </form>
    </section>
  );
}
