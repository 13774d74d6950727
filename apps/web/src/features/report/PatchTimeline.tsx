import {
  MILESTONE_LABELS,
  MILESTONE_NEEDS,
  type Milestone,
  STATE_LABELS,
  type TimelinePoint,
  timelineOf,
  toZonedLocal,
} from "@embargo/core";
import { useMutation } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { Field } from "../../components/ui/Field.tsx";
import { exactTime } from "../../lib/time.ts";
import { errorMessage, fieldErrorsOf, trpc } from "../../lib/trpc.ts";
import type { ReportDetail } from "../../lib/types.ts";
import { focusHeading, invalidateReport, ZonedDateTimeFields, ZoneSelect } from "./disclosureParts.tsx";

type MilestoneRow = ReportDetail["disclosure"]["milestones"][number];

/** What a milestone's value is called in the form and the table. */
const VALUE_LABELS = { fixedVersion: "Fixed version", cveId: "CVE id", advisoryUrl: "Advisory URL" } as const;

const STATUS_WORDS: Record<TimelinePoint["status"], string> = { done: "done", planned: "planned", late: "late" };

/** When the report was first acknowledged, from its timeline. */
const acknowledgedAtOf = (detail: ReportDetail): Date | null =>
  detail.events.find((e) => e.type === "transition" && e.toState === "acknowledged")?.at ?? null;

/** The horizontal track from received to disclosure, then the five milestones with their edit forms. */
export function PatchTimeline({ detail }: { detail: ReportDetail }) {
  const { plan, milestones } = detail.disclosure;
  const zone = detail.timeZone;
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [editing, setEditing] = useState<Milestone | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const points = timelineOf({
    receivedAt: detail.report.receivedAt,
    acknowledgedAt: acknowledgedAtOf(detail),
    milestones,
    fixReleaseTarget: null,
    disclosure:
      plan.targetAt && plan.state !== "none" && plan.state !== "cancelled"
        ? { at: plan.targetAt, timeZone: plan.timeZone }
        : null,
    now: new Date(),
  });
  return (
    <section className="card" aria-labelledby="patch-title">
      <h2 id="patch-title" ref={headingRef} tabIndex={-1}>
        Patch timeline
      </h2>
      <ol className="track" aria-label="Milestone track">
        {points.map((p) => (
          <li key={p.kind} className={`track-point ${p.kind === "today" ? "today" : p.status}`}>
            <span className="track-dot" aria-hidden="true" />
            <span className="track-label">{p.label}</span>
            <time className="track-date" dateTime={p.at.toISOString()}>
              {exactTime(p.at, p.kind === "disclosure" ? plan.timeZone : zone)}
            </time>
            {p.kind !== "today" && <span className={`track-status ${p.status}`}>{STATUS_WORDS[p.status]}</span>}
            {p.value && p.kind !== "disclosure" && <span className="track-value">{p.value}</span>}
          </li>
        ))}
      </ol>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus so a keyboard can scroll it */}
      <section className="table-scroll" aria-label="Milestones" tabIndex={0}>
        <table className="milestones stack">
          <thead>
            <tr>
              <th scope="col">Milestone</th>
              <th scope="col">Target</th>
              <th scope="col">Actual</th>
              <th scope="col">Value</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {milestones.map((m) => (
              <tr key={m.kind}>
                <th scope="row">{MILESTONE_LABELS[m.kind]}</th>
                <td data-label="Target">
                  {m.targetAt ? exactTime(m.targetAt, zone) : <span className="muted">—</span>}
                  {m.targetFromClock && <div className="muted small">from the resolve clock</div>}
                  {m.late && <div className="late-text">late</div>}
                </td>
                <td data-label="Actual">
                  {m.actualAt ? exactTime(m.actualAt, zone) : <span className="muted">—</span>}
                </td>
                <td className="value-cell" data-label="Value">
                  {m.value ?? <span className="muted">—</span>}
                </td>
                <td className="row-actions">
                  {detail.canTriage && m.kind !== "advisory_published" && (
                    <button
                      type="button"
                      className="btn small"
                      aria-expanded={editing === m.kind}
                      aria-label={`Edit ${MILESTONE_LABELS[m.kind]}`}
                      onClick={() => {
                        setDone(null);
                        setEditing(editing === m.kind ? null : m.kind);
                      }}
                    >
                      Edit
                    </button>
                  )}
                  {m.kind === "advisory_published" && detail.canTriage && !m.actualAt && (
                    <span className="muted small">set by Publish advisory</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {editing && (
        <MilestoneForm
          key={editing}
          detail={detail}
          milestone={milestones.find((m) => m.kind === editing)!}
          onCancel={() => setEditing(null)}
          onSaved={async (message) => {
            setEditing(null);
            setDone(message);
            await invalidateReport();
            focusHeading(headingRef);
          }}
        />
      )}
      <p role="status" className="muted status-line">
        {done}
      </p>
    </section>
  );
}

/**
 * Now, to the second: a report received a few seconds ago would otherwise be
 * "reached before it was received" once the minute is cut off.
 */
function nowLocal(zone: string): string {
  const now = new Date();
  return `${toZonedLocal(now, zone)}:${String(now.getUTCSeconds()).padStart(2, "0")}`;
}

/** The save button says what else will happen: reaching a milestone can move the report's state. */
function saveLabel(kind: Milestone, hasActual: boolean, state: ReportDetail["report"]["state"]): string {
  if (hasActual && kind === "fix_started" && state === "triaged") return "Save and start fix";
  if (hasActual && kind === "fix_released" && (state === "triaged" || state === "fixing")) return "Save and mark fixed";
  return "Save";
}

function MilestoneForm({
  detail,
  milestone: m,
  onCancel,
  onSaved,
}: {
  detail: ReportDetail;
  milestone: MilestoneRow;
  onCancel: () => void;
  onSaved: (message: string) => void;
}) {
  const label = MILESTONE_LABELS[m.kind];
  const need = MILESTONE_NEEDS[m.kind];
  const [zone, setZone] = useState(detail.timeZone);
  // A target that only comes from the resolve clock is not stored: the field starts empty.
  const [target, setTarget] = useState(m.targetAt && !m.targetFromClock ? toZonedLocal(m.targetAt, zone) : "");
  const [actual, setActual] = useState(m.actualAt ? toZonedLocal(m.actualAt, zone) : "");
  const [value, setValue] = useState(m.value ?? "");
  const button = saveLabel(m.kind, actual !== "", detail.report.state);
  const save = useMutation(
    trpc.disclosure.setMilestone.mutationOptions({
      onSuccess: (res) =>
        onSaved(
          res.state !== detail.report.state
            ? `${label} saved; the report is now ${STATE_LABELS[res.state]}.`
            : `${label} saved.`,
        ),
    }),
  );
  const f = fieldErrorsOf(save.error);
  return (
    <form
      className="inline-form milestone-form"
      aria-label={`Edit ${label}`}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({
          key: detail.report.key,
          kind: m.kind,
          targetAt: target || null,
          actualAt: actual || null,
          timeZone: zone,
          value: need ? value || null : null,
        });
      }}
    >
      <ZonedDateTimeFields
        label={`${label}: target`}
        value={target}
        onChange={setTarget}
        zone={zone}
        errors={{ at: f.targetAt }}
      />
      <div>
        <ZonedDateTimeFields
          label={`${label}: actual`}
          value={actual}
          onChange={setActual}
          zone={zone}
          errors={{ at: f.actualAt }}
        />
        <button type="button" className="btn small now-btn" onClick={() => setActual(nowLocal(zone))}>
          Actual: now
        </button>
      </div>
      <ZoneSelect zone={zone} onChange={setZone} error={f.timeZone} />
      {need && (
        <Field label={VALUE_LABELS[need]} error={f.value}>
          {(p) => (
            <input
              {...p}
              value={value}
              onChange={(e) => setValue(e.target.value)}
              placeholder={need === "cveId" ? "CVE-2026-12345" : need === "fixedVersion" ? "e.g. 3.4.3" : "https://"}
              spellCheck={false}
            />
          )}
        </Field>
      )}
      <div className="form-actions">
        <button type="submit" className="btn small primary" disabled={save.isPending}>
          {button}
        </button>
        <button type="button" className="btn small" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {save.isError && !(f.targetAt || f.actualAt || f.timeZone || f.value) && (
        <p className="field-error" role="alert">
          {errorMessage(save.error)}
        </p>
      )}
    </form>
  );
}
