import { listInputFrom } from "../apps/web/src/features/inbox/filters.ts";
import type { RequestSpec } from "./lib/load.ts";

/** The demo sign-ins the scale seed creates (packages/db/src/seed/demo.ts). */
export const SIGN_INS = {
  admin: { email: "admin@embargo.test", password: "embargo-admin-demo" },
  leadership: { email: "leadership@embargo.test", password: "embargo-leadership-demo" },
} as const;
export type SignIn = keyof typeof SIGN_INS;

/** What a scenario may use from the seeded database. */
export interface ScenarioContext {
  /** A deterministic sample of report keys across every state. */
  reportKeys: string[];
}

/**
 * One measured endpoint. A tRPC query is requested exactly as the dashboard
 * sends it (GET, httpBatchLink, superjson), and its SQL floor is the
 * statements the procedure runs. Adding an endpoint is one entry here.
 */
export type Scenario = {
  id: string;
  label: string;
  /** Where it runs: every dataset size (to show growth) or only the main one. */
  sizes: "all" | "main";
  /** Which promise it is held to (docs/product.md, "Promises measured"), if any. */
  promiseP99Ms?: number;
  /** Who is signed in (default: the demo admin, member of every program). */
  as?: SignIn;
} & (
  | { kind: "trpc"; procedure: string; inputs: (ctx: ScenarioContext) => unknown[] }
  | { kind: "http"; requests: (ctx: ScenarioContext) => RequestSpec[] }
  | { kind: "not built yet"; note: string }
);

/** What the public form posts: multipart/form-data with the report as one JSON field. */
function submission(): RequestSpec {
  const report = {
    title: "Stored XSS in the call transcript viewer via the speaker name",
    description: [
      "## Summary",
      "",
      "The transcript viewer renders the speaker name without escaping it.",
      "",
      "```http",
      "POST /v2/calls HTTP/1.1",
      "Host: target.example",
      "",
      '{"speaker": "<img src=x onerror=alert(document.domain)>"}',
      "```",
    ].join("\n"),
    stepsToReproduce: "1. Start a call with the speaker name above\n2. Open the transcript as an agent",
    impact: "Script runs in the console origin of every agent who opens the transcript.",
    affectedVersions: "3.4.2",
    reporter: { name: "Bench Researcher", handle: "bench", email: "bench@researcher.example" },
    credit: { creditAs: "handle", consent: "accepted" },
  };
  const boundary = "----embargo-bench-7d3f";
  const body = [
    `--${boundary}`,
    'Content-Disposition: form-data; name="report"',
    "",
    JSON.stringify(report),
    `--${boundary}--`,
    "",
  ].join("\r\n");
  return {
    method: "POST",
    path: "/api/public/programs/voice/reports",
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
    body,
  };
}

/** The inbox input the dashboard builds from its URL (same code as the web app). */
const inbox = (query: string) => listInputFrom(new URLSearchParams(query));

export const SCENARIOS: Scenario[] = [
  {
    id: "inbox",
    label: "Inbox: open reports, most urgent first (the default view)",
    sizes: "all",
    promiseP99Ms: 25,
    kind: "trpc",
    procedure: "reports.list",
    inputs: () => [inbox("")],
  },
  {
    id: "inbox_nearest",
    label: "Inbox: open reports, nearest deadline first",
    sizes: "main",
    promiseP99Ms: 25,
    kind: "trpc",
    procedure: "reports.list",
    inputs: () => [inbox("sort=deadline")],
  },
  {
    id: "inbox_state",
    label: "Inbox: state filter (Disclosed tab, the largest state)",
    sizes: "main",
    promiseP99Ms: 25,
    kind: "trpc",
    procedure: "reports.list",
    inputs: () => [inbox("tab=disclosed")],
  },
  {
    id: "inbox_search",
    label: 'Inbox: free-text search "webhook" (open reports)',
    sizes: "main",
    promiseP99Ms: 25,
    kind: "trpc",
    procedure: "reports.list",
    inputs: () => [inbox("q=webhook")],
  },
  {
    id: "inbox_search_common",
    label: 'Inbox: free-text search "injection" (a word in 1 of 6 reports)',
    sizes: "main",
    promiseP99Ms: 25,
    kind: "trpc",
    procedure: "reports.list",
    inputs: () => [inbox("q=injection")],
  },
  {
    id: "inbox_severity",
    label: "Inbox: severity filter (critical, open reports)",
    sizes: "main",
    promiseP99Ms: 25,
    kind: "trpc",
    procedure: "reports.list",
    inputs: () => [inbox("sev=critical")],
  },
  {
    id: "inbox_sla",
    label: "Inbox: SLA filter (breached, open reports)",
    sizes: "main",
    promiseP99Ms: 25,
    kind: "trpc",
    procedure: "reports.list",
    inputs: () => [inbox("sla=breached")],
  },
  {
    // Works whether or not the seed wrote disclosure plans: without plans every
    // report sorts last, in id order, from the same index.
    id: "inbox_disclosure_sort",
    label: "Inbox: Disclosure column sorted (open reports, nearest disclosure first)",
    sizes: "main",
    promiseP99Ms: 25,
    kind: "trpc",
    procedure: "reports.list",
    inputs: () => [inbox("sort=disclosure")],
  },
  {
    id: "inbox_disclosure_30",
    label: "Inbox: disclosing within 30 days (open reports, most urgent first)",
    sizes: "main",
    promiseP99Ms: 25,
    kind: "trpc",
    procedure: "reports.list",
    inputs: () => [inbox("disclosure=within_30")],
  },
  {
    id: "inbox_deep",
    label: "Inbox: deep page (All tab, page 100: rows 4,951-5,000)",
    sizes: "main",
    promiseP99Ms: 25,
    kind: "trpc",
    procedure: "reports.list",
    inputs: () => [inbox("tab=all&page=100")],
  },
  {
    id: "report_page",
    label: "Report page (reports.byKey, 200 different reports in turn)",
    sizes: "main",
    kind: "trpc",
    procedure: "reports.byKey",
    inputs: (ctx) => ctx.reportKeys.map((key) => ({ key })),
  },
  // Leadership (issue 13): every size, to show how the aggregates grow. The
  // leadership demo user is a member of every program with the leadership role.
  {
    id: "panel",
    label: "Leadership panel (leadership.panel, leadership user, all programs)",
    sizes: "all",
    promiseP99Ms: 100,
    as: "leadership",
    kind: "trpc",
    procedure: "leadership.panel",
    inputs: () => [{}],
  },
  {
    id: "panel_admin",
    label: "Leadership panel (leadership.panel, admin, all programs)",
    sizes: "all",
    promiseP99Ms: 100,
    kind: "trpc",
    procedure: "leadership.panel",
    inputs: () => [{}],
  },
  {
    id: "kpis",
    label: "Leadership KPIs, last 90 days (leadership.kpis, leadership user)",
    sizes: "all",
    promiseP99Ms: 100,
    as: "leadership",
    kind: "trpc",
    procedure: "leadership.kpis",
    inputs: () => [{ period: { kind: "last90" } }],
  },
  {
    id: "trends",
    label: "Leadership trends, 12 months (leadership.trends, leadership user)",
    sizes: "all",
    promiseP99Ms: 100,
    as: "leadership",
    kind: "trpc",
    procedure: "leadership.trends",
    inputs: () => [{}],
  },
  {
    id: "submit",
    label: "Public submission (web form, multipart, no attachment)",
    sizes: "main",
    kind: "http",
    requests: () => [submission()],
  },
];
