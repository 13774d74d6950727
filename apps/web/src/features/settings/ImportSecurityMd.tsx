import type { RouterOutputs } from "@embargo/api";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage, fieldErrorsOf, trpc } from "../../lib/trpc.ts";
import { importSummary } from "./policyForm.ts";

export type ParsedPolicy = RouterOutputs["programs"]["parseSecurityMd"];

const MAX_BYTES = 1_048_576;

/** Paste or upload a SECURITY.md; what it says goes to `onParsed` (with the text, for the lines not understood). */
export function ImportSecurityMd({
  onParsed,
  nextStep,
}: {
  onParsed: (p: ParsedPolicy, markdown: string) => void;
  /** What the admin does with what was found (the status line says it). */
  nextStep?: string;
}) {
  const [text, setText] = useState("");
  const [fileError, setFileError] = useState<string | null>(null);
  const [found, setFound] = useState<string | null>(null);
  const parse = useMutation(
    trpc.programs.parseSecurityMd.mutationOptions({
      onSuccess: (p, input) => {
        setFound(importSummary(Object.keys(p.evidence).length, p.possiblyRelevant.length, nextStep));
        onParsed(p, input.markdown);
      },
    }),
  );
  const err = fieldErrorsOf(parse.error).markdown ?? (parse.isError ? errorMessage(parse.error) : null);
  return (
    <section className="card" aria-labelledby="import-title">
      <h2 className="card-title" id="import-title">
        Import SECURITY.md
      </h2>
      <p className="muted" style={{ marginTop: 0 }}>
        Paste a SECURITY.md or choose the file. Embargo drafts a policy from it and shows each value beside the sentence
        it came from; nothing changes until you save.
      </p>
      <div className="field">
        <label htmlFor="import-file">SECURITY.md file</label>
        <input
          id="import-file"
          type="file"
          accept=".md,.markdown,.txt,text/markdown,text/plain"
          onChange={async (e) => {
            setFileError(null);
            const file = e.target.files?.[0];
            if (!file) return;
            if (file.size > MAX_BYTES) {
              setFileError("The file is larger than 1 MB.");
              return;
            }
            setText(await file.text());
          }}
        />
        {fileError && <p className="field-error">{fileError}</p>}
      </div>
      <div className="field">
        <label htmlFor="import-text">SECURITY.md text</label>
        <textarea
          id="import-text"
          rows={6}
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-invalid={!!err}
        />
        {err && <p className="field-error">{err}</p>}
      </div>
      <button
        type="button"
        className="btn primary"
        disabled={parse.isPending || !text.trim()}
        onClick={() => {
          setFound(null);
          parse.mutate({ markdown: text });
        }}
      >
        Extract policy
      </button>
      <p role="status" className="muted" style={{ marginBottom: 0 }}>
        {found}
      </p>
    </section>
  );
}
