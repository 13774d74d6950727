import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { trpc } from "../../lib/trpc.ts";
import { trackRecordParts } from "./format.ts";
import "./researchers.css";
import { atHandle } from "../../lib/handle.ts";

/**
 * The reporter's track record beside a report, for the people triaging it: a careful
 * researcher and a flood of low-quality reports look different at a glance. Counted
 * over the viewer's own programs only; shown to triagers and admins, never leadership.
 */
export function TrackRecordCard({ reportKey }: { reportKey: string }) {
  const q = useQuery(trpc.researchers.ofReport.queryOptions({ key: reportKey }));
  if (q.isPending || q.isError || !q.data) return null;
  const { researcherId, name, handle, summary } = q.data;
  return (
    <section className="card track-card" aria-labelledby="track-title">
      <h3 id="track-title">Track record</h3>
      <p className="track-line">{trackRecordParts(summary).join(" · ")}</p>
      <Link to={`/researchers/${researcherId}`}>
        {name ?? (handle ? atHandle(handle) : `Researcher #${researcherId}`)}: researcher page
      </Link>
    </section>
  );
}
