import { SEVERITIES, type Severity, scoreCvss } from "@embargo/core";
import { useMutation } from "@tanstack/react-query";
import { type ReactNode, useId, useRef, useState } from "react";
import { SeverityBadge } from "../../components/ui/Badges.tsx";
import { Field } from "../../components/ui/Field.tsx";
import { errorMessage, fieldErrorsOf, queryClient, trpc } from "../../lib/trpc.ts";
import type { ReportDetail } from "../../lib/types.ts";
import { useInlinePrompt } from "../../lib/useInlinePrompt.ts";
import { useReportKeyboard } from "./ReportKeyboard.tsx";
import { nextStepAfterSeverity } from "./shortcuts.ts";

/** Live score for a vector as it is typed; the server scores it again on save. */
export function CvssPreview({ vector, id }: { vector: string; id?: string }) {
  if (!vector.trim())
    return (
      <div className="cvss-out muted" id={id}>
        Paste a CVSS 3.1 or 4.0 vector.
      </div>
    );
  const r = scoreCvss(vector);
  return (
    <div className="cvss-out" id={id} aria-live="polite">
      {r.ok ? (
        <>
          <SeverityBadge severity={r.severity} /> CVSS {r.version} score <strong>{r.score.toFixed(1)}</strong>
          {r.score !== r.baseScore && <span className="muted"> (base {r.baseScore.toFixed(1)})</span>}
        </>
      ) : (
        <span className="field-error">{r.message}</span>
      )}
    </div>
  );
}

export function SeverityCard({ detail }: { detail: ReportDetail }) {
  const { report, canTriage } = detail;
  const [vector, setVector] = useState(report.cvssVector ?? "");
  const [overriding, setOverriding] = useState(false);
  const [override, setOverride] = useState<Severity | "">(report.severity ?? "");
  const [reason, setReason] = useState("");
  const [saved, setSaved] = useState<string | null>(null);
  const previewId = useId();
  const kb = useReportKeyboard();
  const overrideToggle = useRef<HTMLButtonElement>(null);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.reports.pathKey() });
  const setCvss = useMutation(
    trpc.reports.setCvss.mutationOptions({
      onSuccess: async () => {
        setSaved("CVSS saved.");
        await invalidate();
      },
      onError: () => kb.afterChange(null),
    }),
  );
  const setSeverity = useMutation(
    trpc.reports.setSeverity.mutationOptions({
      onSuccess: async () => {
        setSaved("Severity overridden.");
        setOverriding(false);
        setReason("");
        await invalidate();
      },
    }),
  );
  const sevErrors = fieldErrorsOf(setSeverity.error);
  return (
    <section className="card" aria-labelledby="sev-title">
      <h3 id="sev-title">Severity</h3>
      <div style={{ display: "flex", gap: 8, alignItems: "center", marginBottom: 8 }}>
        <SeverityBadge severity={report.severity} score={report.cvssScore} />
        <span className="muted">
          {report.severitySource === "manual"
            ? `manual: ${report.severityReason ?? ""}`
            : report.severitySource === "cvss"
              ? `from CVSS ${report.cvssVersion}`
              : "not rated yet"}
        </span>
      </div>
      {report.cvssVector && !canTriage && <code style={{ overflowWrap: "anywhere" }}>{report.cvssVector}</code>}
      {canTriage && (
        <>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              setSaved(null);
              // Once saved, triage is the next step where it is offered: announced, and focused.
              kb.afterChange((d) =>
                nextStepAfterSeverity({ transitions: d.transitions, severity: d.report.severity }, "CVSS saved."),
              );
              setCvss.mutate({ key: report.key, vector });
            }}
          >
            <Field
              label="CVSS vector"
              error={fieldErrorsOf(setCvss.error).cvssVector ?? fieldErrorsOf(setCvss.error).vector}
            >
              {(p) => (
                <input
                  {...p}
                  ref={kb.target("cvss")}
                  aria-keyshortcuts="s"
                  aria-describedby={previewId}
                  value={vector}
                  onChange={(e) => setVector(e.target.value)}
                  placeholder="CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
                  spellCheck={false}
                  style={{ fontFamily: "ui-monospace, monospace", fontSize: 12 }}
                />
              )}
            </Field>
            <CvssPreview vector={vector} id={previewId} />
            <div className="form-actions" style={{ marginTop: 6 }}>
              <button
                type="submit"
                className="btn small primary"
                disabled={setCvss.isPending || vector === (report.cvssVector ?? "")}
              >
                Save CVSS
              </button>
              <button
                ref={overrideToggle}
                type="button"
                className="btn small"
                onClick={() => setOverriding((o) => !o)}
                aria-expanded={overriding}
              >
                Override severity
              </button>
            </div>
          </form>
          {overriding && (
            <OverrideForm
              onCancel={() => {
                setOverriding(false);
                overrideToggle.current?.focus();
              }}
              onSubmit={() => {
                setSaved(null);
                setSeverity.mutate({ key: report.key, severity: override || null, reason });
              }}
            >
              <Field label="Severity" error={sevErrors.severity}>
                {(p) => (
                  <select {...p} value={override} onChange={(e) => setOverride(e.target.value as Severity | "")}>
                    <option value="">Unrated</option>
                    {SEVERITIES.map((s) => (
                      <option key={s} value={s}>
                        {s}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label="Reason for override" error={sevErrors.reason}>
                {(p) => <input {...p} value={reason} onChange={(e) => setReason(e.target.value)} />}
              </Field>
              <button type="submit" className="btn small primary" disabled={setSeverity.isPending}>
                Save override
              </button>
            </OverrideForm>
          )}
          <p role="status" className="muted" style={{ margin: "6px 0 0" }}>
            {saved}
            {(setCvss.isError && !Object.keys(fieldErrorsOf(setCvss.error)).length && errorMessage(setCvss.error)) ||
              null}
          </p>
        </>
      )}
    </section>
  );
}

/** The override's inline prompt: its first field takes focus, Escape closes it. */
function OverrideForm({
  onCancel,
  onSubmit,
  children,
}: {
  onCancel: () => void;
  onSubmit: () => void;
  children: ReactNode;
}) {
  const prompt = useInlinePrompt<HTMLFormElement>(onCancel);
  return (
    <form
      ref={prompt.ref}
      onKeyDown={prompt.onKeyDown}
      aria-label="Override severity"
      style={{ marginTop: 10 }}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      {children}
    </form>
  );
}
