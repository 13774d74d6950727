import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { Link, useParams } from "react-router";
import { ReporterLanguageBadge, SeverityBadge, StateBadge } from "../../components/ui/Badges.tsx";
import { Markdown } from "../../components/ui/Markdown.tsx";
import { ErrorBox, Loading } from "../../components/ui/States.tsx";
import { RelativeTime } from "../../components/ui/Time.tsx";
import { atHandle } from "../../lib/handle.ts";
import { useTitle } from "../../lib/title.ts";
import { errorCode, errorMessage, queryClient, trpc } from "../../lib/trpc.ts";
import type { ReportDetail } from "../../lib/types.ts";
import { TrackRecordCard } from "../researchers/TrackRecordCard.tsx";
import { ActionBar } from "./ActionBar.tsx";
import { AdvisoryPanel } from "./AdvisoryPanel.tsx";
import { ClocksCard } from "./ClocksCard.tsx";
import { Conversation } from "./Conversation.tsx";
import { CreditsCard } from "./CreditsCard.tsx";
import { DisclosureCard, DisclosureCountdown } from "./DisclosureCard.tsx";
import { describeEvent } from "./describeEvent.ts";
import { EscalationsCard } from "./EscalationsCard.tsx";
import { AttachmentsCard, DuplicatesCard } from "./IntakeCards.tsx";
import { PatchTimeline } from "./PatchTimeline.tsx";
import { ReportKeyboardProvider, useReportKeyboard } from "./ReportKeyboard.tsx";
import { SeverityCard } from "./SeverityCard.tsx";

export function ReportPage() {
  const { key = "" } = useParams();
  useTitle(key);
  const q = useQuery(trpc.reports.byKey.queryOptions({ key }));
  if (q.isPending) return <Loading label={`Loading ${key}…`} />;
  if (q.isError) {
    return (
      <ErrorBox
        title={
          errorCode(q.error) === "NOT_FOUND"
            ? `Report ${key.toUpperCase()} not found`
            : "The report could not be loaded"
        }
        message={
          errorCode(q.error) === "NOT_FOUND"
            ? "It does not exist, or you do not have access to its program."
            : errorMessage(q.error)
        }
        onRetry={errorCode(q.error) === "NOT_FOUND" ? undefined : () => q.refetch()}
      />
    );
  }
  return <Report detail={q.data} />;
}

const TEXT_SECTIONS = [
  ["description", "Description"],
  ["stepsToReproduce", "Steps to reproduce"],
  ["proofOfConcept", "Proof of concept"],
  ["impact", "Impact"],
  ["suggestedFix", "Suggested fix"],
  ["configuration", "Special configuration"],
] as const;

function Report({ detail }: { detail: ReportDetail }) {
  return (
    <ReportKeyboardProvider detail={detail}>
      <ReportBody detail={detail} />
    </ReportKeyboardProvider>
  );
}

function ReportBody({ detail }: { detail: ReportDetail }) {
  const { report } = detail;
  const kb = useReportKeyboard();
  return (
    <article aria-labelledby="report-title">
      <div className="report-head">
        <div className="meta">
          <Link to="/">← Inbox</Link>
          <span className="key">{report.key}</span>
          <span>·</span>
          <span>{detail.programName}</span>
        </div>
        {/* Focused when the report opens (tabIndex -1: reachable by script, not by Tab), so it is read first. */}
        <h1 id="report-title" tabIndex={-1} ref={kb.target("title")}>
          {report.title}
        </h1>
        <div className="meta">
          <SeverityBadge severity={report.severity} score={report.cvssScore} />
          <StateBadge state={report.state} />
          {report.reporterLanguage && <ReporterLanguageBadge lang={report.reporterLanguage} />}
          <DisclosureCountdown detail={detail} />
          <span>
            received <RelativeTime at={report.receivedAt} /> via {report.channel}
          </span>
          {detail.duplicateOf && (
            <span>
              duplicate of <Link to={`/reports/${detail.duplicateOf.key}`}>{detail.duplicateOf.key}</Link>
            </span>
          )}
          {report.fixedVersion && <span>fixed in {report.fixedVersion}</span>}
        </div>
      </div>
      {detail.canTriage ? (
        <ActionBar detail={detail} />
      ) : (
        <div className="notice" role="note">
          Read-only view for leadership: the reporter's text (description, steps to reproduce, proof of concept, impact,
          source location), attachments and the conversation are hidden.
        </div>
      )}
      <div className="report-grid">
        <div>
          <PatchTimeline detail={detail} />
          {detail.canTriage && (
            <section className="card" aria-label="Report content">
              {TEXT_SECTIONS.map(([field, label]) => {
                const text = report[field];
                if (!text) return null;
                return (
                  <div className="section" key={field}>
                    <h3 style={{ marginBottom: 6 }}>{label}</h3>
                    <Markdown text={text} />
                  </div>
                );
              })}
            </section>
          )}
          {detail.canTriage && <Conversation detail={detail} />}
          <AdvisoryPanel detail={detail} />
          <Timeline detail={detail} />
        </div>
        <aside>
          <EscalationsCard detail={detail} />
          <DisclosureCard detail={detail} />
          <ClocksCard detail={detail} />
          <CreditsCard detail={detail} />
          <DuplicatesCard detail={detail} />
          <AttachmentsCard detail={detail} />
          <Details detail={detail} />
          {detail.canTriage && <TrackRecordCard reportKey={report.key} />}
          <SeverityCard key={`${report.cvssVector}-${report.severity}`} detail={detail} />
        </aside>
      </div>
    </article>
  );
}

function Details({ detail }: { detail: ReportDetail }) {
  const { report } = detail;
  const r = detail.researcher;
  return (
    <section className="card" aria-labelledby="details-title">
      <h3 id="details-title">Details</h3>
      <dl className="props">
        <dt>Assignee</dt>
        <dd>{detail.canTriage ? <AssigneeSelect detail={detail} /> : (detail.assignee?.name ?? "Unassigned")}</dd>
        <dt>Reporter</dt>
        <dd>
          {r ? (
            <>
              {r.name ?? r.handle}
              {r.handle && r.name && <span className="muted"> {atHandle(r.handle)}</span>}
              {r.email && <div className="muted">{r.email}</div>}
            </>
          ) : (
            <span className="muted">Anonymous</span>
          )}
        </dd>
        <dt>Weakness</dt>
        <dd>{report.cwe ?? <span className="muted">—</span>}</dd>
        <dt>Component</dt>
        <dd>{report.component ?? <span className="muted">—</span>}</dd>
        {report.sourceLocation && (
          <>
            <dt>Location</dt>
            <dd>
              <code>{report.sourceLocation}</code>
            </dd>
          </>
        )}
        <dt>Versions</dt>
        <dd>{report.affectedVersions ?? <span className="muted">—</span>}</dd>
        <dt>Channel</dt>
        <dd>
          {report.channel}
          {report.intakePriority === "critical" && <span className="muted"> · tagged [CRITICAL SECURITY]</span>}
        </dd>
        {detail.credit && (
          <>
            <dt>Credit</dt>
            <dd>
              {detail.credit.consent === "accepted"
                ? `as ${detail.credit.creditAs ?? "name"}`
                : detail.credit.consent === "declined"
                  ? "declined"
                  : "not asked yet"}
            </dd>
          </>
        )}
        <dt>Received</dt>
        <dd>
          <RelativeTime at={report.receivedAt} />
        </dd>
        <dt>Updated</dt>
        <dd>
          <RelativeTime at={report.updatedAt} />
        </dd>
      </dl>
    </section>
  );
}

/**
 * Choose, then confirm: arrowing through a closed select changes its value
 * on every key, so choosing only selects; Enter or the Assign button saves
 * and Escape puts the current assignee back.
 */
function AssigneeSelect({ detail }: { detail: ReportDetail }) {
  const staff = useQuery(trpc.programs.staff.queryOptions({ program: detail.programSlug }));
  const current = detail.assignee?.id ? String(detail.assignee.id) : "";
  const [choice, setChoice] = useState(current);
  const [status, setStatus] = useState<string | null>(null);
  const selectRef = useRef<HTMLSelectElement>(null);
  // Someone else reassigned it (or this save came back): show what is saved.
  useEffect(() => setChoice(current), [current]);
  const assign = useMutation(
    trpc.reports.assign.mutationOptions({
      onSuccess: async (_r, vars) => {
        const who = staff.data?.find((s) => s.id === vars.assigneeId)?.name;
        setStatus(who ? `Assigned to ${who}.` : "Unassigned.");
        await queryClient.invalidateQueries({ queryKey: trpc.reports.pathKey() });
        selectRef.current?.focus();
      },
      onError: (e) => setStatus(errorMessage(e)),
    }),
  );
  const changed = choice !== current;
  const confirm = () => {
    if (!changed || assign.isPending) return;
    setStatus(null);
    assign.mutate({ key: detail.report.key, assigneeId: choice ? Number(choice) : null });
  };
  return (
    <form
      className="assignee-form"
      onSubmit={(e) => {
        e.preventDefault();
        confirm();
      }}
    >
      <select
        ref={selectRef}
        aria-label="Assignee"
        aria-describedby="assignee-hint"
        value={choice}
        disabled={staff.isPending}
        onChange={(e) => {
          setStatus(null);
          setChoice(e.target.value);
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            confirm();
          } else if (e.key === "Escape" && changed) {
            e.preventDefault();
            setChoice(current);
          }
        }}
        style={{ width: "100%" }}
      >
        <option value="">Unassigned</option>
        {staff.data?.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
      {changed && (
        <div className="form-actions" style={{ marginTop: 4 }}>
          <button type="submit" className="btn small primary" disabled={assign.isPending}>
            Assign
          </button>
          <button
            type="button"
            className="btn small"
            onClick={() => {
              setChoice(current);
              selectRef.current?.focus();
            }}
          >
            Cancel
          </button>
        </div>
      )}
      <span id="assignee-hint" className="sr-only">
        Choose, then press Enter to assign.
      </span>
      <span role="status" className="muted" style={{ fontSize: 12 }}>
        {status}
      </span>
    </form>
  );
}

function Timeline({ detail }: { detail: ReportDetail }) {
  return (
    <section className="card" aria-labelledby="timeline-title">
      <h2 id="timeline-title" style={{ marginBottom: 8 }}>
        Timeline
      </h2>
      <ol className="timeline" aria-label="Timeline">
        {[...detail.events].reverse().map((e) => (
          <li key={e.id}>
            <span
              className={`dot ${e.type === "transition" || e.type === "reopened" ? "transition" : ""}`}
              aria-hidden="true"
            />
            <div>
              <div>{describeEvent(e)}</div>
              <div className="when">
                {e.actorLabel} · <RelativeTime at={e.at} />
              </div>
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
