import { formatCountdown } from "@embargo/core";
import { exactTime } from "../../lib/time.ts";

export type SlaLook = "on_track" | "at_risk" | "breached" | "paused" | "met";

/** The state right now, from stored instants: time passing needs no write. */
export function slaNow(due: Date | null, atRisk: Date | null, paused: boolean, now = new Date()): SlaLook | null {
  if (paused) return "paused";
  if (!due) return null;
  if (now >= due) return "breached";
  if (atRisk && now >= atRisk) return "at_risk";
  return "on_track";
}

const LABEL: Record<SlaLook, string> = {
  on_track: "On track",
  at_risk: "At risk",
  breached: "Breached",
  paused: "Paused",
  met: "Met",
};

/** Countdown that turns amber when at risk and red when breached; exact instant on hover. */
export function SlaBadge({
  due,
  atRisk,
  paused = false,
  timeZone,
  now = new Date(),
}: {
  due: Date | null;
  atRisk: Date | null;
  paused?: boolean;
  timeZone?: string;
  now?: Date;
}) {
  const state = slaNow(due, atRisk, paused, now);
  if (!state) return <span className="muted">—</span>;
  if (state === "paused") {
    return (
      <span className="sla sla-paused" title="Waiting on the reporter: clocks are paused">
        Paused
      </span>
    );
  }
  const title = `${LABEL[state]}: due ${exactTime(due!)}${timeZone ? ` · ${exactTime(due!, timeZone)}` : ""}`;
  return (
    <span className={`sla sla-${state}`} title={title}>
      {formatCountdown(due!, now)}
    </span>
  );
}
