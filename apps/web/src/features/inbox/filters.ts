import type { ReportState } from "@embargo/core";
import type { ListInput } from "../../lib/types.ts";

/** Tabs across the inbox: groups first, then the working states. */
export const TABS: { id: string; label: string; states?: ReportState[]; view?: "open" | "closed" | "all" }[] = [
  { id: "open", label: "Open", view: "open" },
  { id: "new", label: "New", states: ["new"] },
  { id: "acknowledged", label: "Acknowledged", states: ["acknowledged"] },
  { id: "needs_info", label: "Needs info", states: ["needs_info"] },
  { id: "triaged", label: "Triaged", states: ["triaged"] },
  { id: "fixing", label: "Fixing", states: ["fixing"] },
  { id: "fixed", label: "Fixed", states: ["fixed"] },
  { id: "disclosed", label: "Disclosed", states: ["disclosed"] },
  { id: "closed", label: "Closed", view: "closed" },
  { id: "all", label: "All", view: "all" },
];

const CLOSED: ReportState[] = ["duplicate", "informative", "not_applicable", "out_of_scope", "spam", "wont_fix"];
const OPEN: ReportState[] = ["new", "acknowledged", "needs_info", "triaged", "fixing"];

export function tabCount(tabId: string, counts: Record<string, number>): number {
  const sum = (states: ReportState[]) => states.reduce((n, s) => n + (counts[s] ?? 0), 0);
  if (tabId === "open") return sum(OPEN);
  if (tabId === "closed") return sum(CLOSED);
  if (tabId === "all") return Object.values(counts).reduce((a, b) => a + b, 0);
  return counts[tabId] ?? 0;
}

export const SEVERITY_FILTERS = ["critical", "high", "medium", "low", "none", "unrated"] as const;

/** URL search params -> list input. Unknown values are dropped, not trusted. */
export function listInputFrom(params: URLSearchParams, pageSize = 50): ListInput {
  const tab = TABS.find((t) => t.id === params.get("tab")) ?? TABS[0]!;
  const sev = (params.get("sev") ?? "")
    .split(",")
    .filter((s): s is (typeof SEVERITY_FILTERS)[number] => (SEVERITY_FILTERS as readonly string[]).includes(s));
  const assigneeRaw = params.get("assignee");
  const assignee =
    assigneeRaw === "me" || assigneeRaw === "unassigned"
      ? assigneeRaw
      : assigneeRaw && /^\d+$/.test(assigneeRaw)
        ? Number(assigneeRaw)
        : undefined;
  const channel = params.get("channel");
  const sla = params.get("sla");
  const sort = params.get("sort");
  const page = Number(params.get("page") ?? "1");
  return {
    program: params.get("program") || undefined,
    view: tab.view ?? "all",
    states: tab.states,
    severities: sev.length ? sev : undefined,
    assignee,
    channel:
      channel === "web" || channel === "email" || channel === "api" || channel === "manual" ? channel : undefined,
    sla:
      sla === "breached" || sla === "at_risk" || sla === "on_track" || sla === "paused" || sla === "none"
        ? [sla]
        : undefined,
    q: params.get("q") || undefined,
    sort:
      sort === "received_desc" || sort === "received_asc" || sort === "severity" || sort === "updated"
        ? sort
        : "deadline",
    page: Number.isInteger(page) && page > 0 ? page : 1,
    pageSize,
  };
}

/** Why a view shows no counts (more than `countCap` matches, decision 0006). */
export const uncountedNotice = (countCap: number) =>
  `Over ${countCap.toLocaleString("en")} reports match in all states, too many to count: add words or filters to narrow the view.`;

/**
 * What the pager says. `total` is null when the view matched more than
 * `countCap` reports and was not counted (decision 0006): then there is a
 * next page while pages come back full.
 */
export function pageSummary(p: {
  page: number;
  pageSize: number;
  shown: number;
  total: number | null;
  countCap: number;
}): { range: string; uncounted: string | null; hasNext: boolean } {
  const from = (p.page - 1) * p.pageSize + 1;
  const to = from + p.shown - 1;
  if (p.total === null) {
    return {
      range: `${from}–${to}`,
      uncounted: uncountedNotice(p.countCap),
      hasNext: p.shown === p.pageSize,
    };
  }
  return { range: `${from}–${to} of ${p.total}`, uncounted: null, hasNext: p.page * p.pageSize < p.total };
}
