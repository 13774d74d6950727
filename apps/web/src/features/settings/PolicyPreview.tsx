import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorBox, Loading } from "../../components/ui/States.tsx";
import { errorMessage, trpc } from "../../lib/trpc.ts";

/** The saved policy as SECURITY.md or security.txt, with a download. */
export function PolicyPreview({ program }: { program: string }) {
  const [format, setFormat] = useState<"security-md" | "security-txt">("security-md");
  const baseUrl = window.location.origin.startsWith("https://") ? window.location.origin : undefined;
  const q = useQuery(trpc.programs.render.queryOptions({ program, format, ...(baseUrl ? { baseUrl } : {}) }));
  const download = () => {
    if (!q.data) return;
    const url = URL.createObjectURL(new Blob([q.data.text], { type: "text/plain;charset=utf-8" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = q.data.filename;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <section className="card" aria-labelledby="preview-title">
      <h2 className="card-title" id="preview-title">
        Generated files
      </h2>
      <div className="tabs" role="tablist" aria-label="File">
        <button
          type="button"
          role="tab"
          aria-selected={format === "security-md"}
          onClick={() => setFormat("security-md")}
        >
          SECURITY.md
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={format === "security-txt"}
          onClick={() => setFormat("security-txt")}
        >
          security.txt
        </button>
      </div>
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <ErrorBox title="Could not generate" message={errorMessage(q.error)} />
      ) : (
        <>
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus so a keyboard can scroll it */}
          <pre className="preview" role="document" tabIndex={0} aria-label={`${q.data.filename} preview`}>
            {q.data.text}
          </pre>
          <button type="button" className="btn small" onClick={download}>
            Download {q.data.filename}
          </button>
          <p className="muted" style={{ fontSize: 12 }}>
            Generated from the saved policy; save your changes to see them here.
          </p>
        </>
      )}
    </section>
  );
}
