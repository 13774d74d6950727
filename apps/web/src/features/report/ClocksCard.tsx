import { CLOCK_LABELS } from "@embargo/core";
import { SlaBadge } from "../../components/ui/SlaBadge.tsx";
import { exactTime, viewerTimeZone } from "../../lib/time.ts";
import type { ReportDetail } from "../../lib/types.ts";

const target = (t: ReportDetail["clocks"][number]["target"]) =>
  t === "next_release" ? "next release" : `${t.amount} ${t.unit.replace("_", " ")}`;

/** Every SLA clock with its due instant in the viewer's and the program's time zone. */
export function ClocksCard({ detail }: { detail: ReportDetail }) {
  const now = new Date();
  const tz = detail.timeZone;
  const mine = viewerTimeZone();
  return (
    <section className="card" aria-labelledby="clocks-title">
      <h3 id="clocks-title">SLA clocks</h3>
      {detail.clocks.length === 0 ? (
        <p className="muted" style={{ margin: 0 }}>
          The program's policy promises nothing for this report{detail.report.severity ? "" : " yet (no severity)"}.
        </p>
      ) : (
        <ul className="clock-list" aria-label="SLA clocks">
          {detail.clocks.map((c) => (
            <li key={c.name} aria-label={CLOCK_LABELS[c.name]}>
              <span>
                {CLOCK_LABELS[c.name]} <span className="muted">· {target(c.target)}</span>
              </span>
              <span>
                {c.state === "met" ? (
                  <span className={`sla sla-met`} title={c.metAt ? exactTime(c.metAt) : undefined}>
                    {c.breachedAt ? "Met late" : "Met"}
                  </span>
                ) : (
                  <SlaBadge due={c.due} atRisk={c.atRisk} paused={c.state === "paused"} timeZone={tz} now={now} />
                )}
              </span>
              {c.due && (
                <span className="due">
                  due {exactTime(c.due, mine)}
                  {tz !== mine && <> · {exactTime(c.due, tz)}</>}
                  {c.pausedMs > 0 && <> · paused {Math.round(c.pausedMs / 3_600_000)} h</>}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
