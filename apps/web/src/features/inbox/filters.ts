import {
  CHANNELS,
  type Channel,
  CLOSED_STATES,
  DISCLOSURE_FILTERS,
  type DisclosureFilter,
  OPEN_STATES,
  type ReportSort,
  type ReportState,
  type ReportView,
  SEVERITY_FILTERS,
  SLA_FILTERS,
  type SlaFilter,
  SORTS,
} from "@embargo/core";
import type { ListInput } from "../../lib/types.ts";

/** Tabs across the inbox: groups first, then the working states. */
export const TABS: { id: string; label: string; states?: ReportState[]; view?: ReportView }[] = [
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

export function tabCount(tabId: string, counts: Record<string, number>): number {
  const sum = (states: readonly ReportState[]) => states.reduce((n, s) => n + (counts[s] ?? 0), 0);
  if (tabId === "open") return sum(OPEN_STATES);
  if (tabId === "closed") return sum(CLOSED_STATES);
  if (tabId === "all") return Object.values(counts).reduce((a, b) => a + b, 0);
  return counts[tabId] ?? 0;
}

/** Select options, in the order shown. */
export const CHANNEL_LABELS: Record<Channel, string> = {
  web: "Web form",
  email: "Email",
  api: "API",
  manual: "Manual",
};
export const SLA_LABELS: Record<SlaFilter, string> = {
  breached: "Breached",
  at_risk: "At risk",
  on_track: "On track",
  paused: "Paused",
  none: "No running clock",
};
export const SORT_LABELS: Record<ReportSort, string> = {
  urgent: "Most urgent",
  deadline: "Nearest deadline",
  severity: "Severity",
  received_desc: "Newest first",
  received_asc: "Oldest first",
  updated: "Recently updated",
  disclosure: "Nearest disclosure",
};
export const DISCLOSURE_FILTER_LABELS: Record<DisclosureFilter, string> = {
  within_7: "Within 7 days",
  within_30: "Within 30 days",
  overdue: "Overdue",
};

/** The sort a URL without `sort` gets: the one the server defaults to as well. */
export const DEFAULT_SORT: ReportSort = "urgent";

/** What the sort menu says the default order is (issue 14: when most rows are red, which matter most). */
export const URGENT_EXPLAINED = "Most urgent: breached first, then critical to low, then the nearest deadline.";

/** Narrows untrusted text (a URL parameter) to one of a list's values. */
const isOneOf = <T extends string>(list: readonly T[], value: string | null): value is T =>
  (list as readonly (string | null)[]).includes(value);

/** URL search params -> list input. Unknown values are dropped, not trusted. */
export function listInputFrom(params: URLSearchParams, pageSize = 50): ListInput {
  const tab = TABS.find((t) => t.id === params.get("tab")) ?? TABS[0]!;
  const sev = (params.get("sev") ?? "").split(",").filter((s) => isOneOf(SEVERITY_FILTERS, s));
  const assigneeRaw = params.get("assignee");
  const assignee =
    assigneeRaw === "me" || assigneeRaw === "unassigned"
      ? assigneeRaw
      : assigneeRaw && /^\d+$/.test(assigneeRaw)
        ? Number(assigneeRaw)
        : undefined;
  const channel = params.get("channel");
  const sla = params.get("sla");
  const disclosure = params.get("disclosure");
  const sort = params.get("sort");
  const page = Number(params.get("page") ?? "1");
  return {
    program: params.get("program") || undefined,
    view: tab.view ?? "all",
    states: tab.states,
    severities: sev.length ? sev : undefined,
    assignee,
    channel: isOneOf(CHANNELS, channel) ? channel : undefined,
    sla: isOneOf(SLA_FILTERS, sla) ? [sla] : undefined,
    disclosure: isOneOf(DISCLOSURE_FILTERS, disclosure) ? disclosure : undefined,
    q: params.get("q") || undefined,
    sort: isOneOf(SORTS, sort) ? sort : DEFAULT_SORT,
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
