import { writeFileSync } from "node:fs";
import path from "node:path";
import type { ScenarioResult, SizeResult } from "../run.ts";
import type { BrowserResult } from "./browser.ts";

export interface RunData {
  info: {
    commit: string;
    dirty: boolean;
    date: string;
    cpu: string;
    cores: number;
    memoryGb: number;
    os: string;
    node: string;
    sqlite: string;
  };
  opts: { seconds: number; connections: number; main: number; browserRuns: number };
  sizes: SizeResult[];
  totalSeconds: number;
}

/** The sizes the issue asks to compare; always present in the JSON, null when not run. */
const GROWTH_SIZES = [10_000, 100_000, 1_000_000];

const num = (n: number | undefined | null) => (n === undefined || n === null || !Number.isFinite(n) ? null : n);
const fmt = (n: number | undefined | null, digits = 2) =>
  n === undefined || n === null || !Number.isFinite(n) ? "–" : n.toFixed(digits);
const int = (n: number | undefined | null) =>
  n === undefined || n === null || !Number.isFinite(n) ? "–" : Math.round(n).toLocaleString("en");

const measured = (s: ScenarioResult | undefined) => (s?.status === "measured" ? s : undefined);
const browserOf = (s: SizeResult | undefined): BrowserResult | undefined =>
  s?.browser && !("error" in s.browser) ? s.browser : undefined;

/** The leadership scenarios (issue 13), measured at every size. */
const LEADERSHIP = ["panel", "panel_admin", "kpis", "trends"] as const;

export function writeResults(dir: string, data: RunData) {
  const main = data.sizes.find((s) => s.reports === data.opts.main) ?? data.sizes.at(-1);
  const at = (id: string) => main?.scenarios.find((s) => s.id === id);
  const inbox = measured(at("inbox"));
  const report = measured(at("report_page"));
  const panel = measured(at("panel"));
  const submit = measured(at("submit"));
  const browser = browserOf(main);

  const allSizes = [...new Set([...GROWTH_SIZES, ...data.sizes.map((s) => s.reports)])].sort((a, b) => a - b);
  /** One figure of a scenario at every size (null where not measured). */
  const bySize = (id: string, figure: (m: ScenarioResult) => number | undefined) =>
    Object.fromEntries(
      allSizes.map((n) => {
        const m = measured(data.sizes.find((x) => x.reports === n)?.scenarios.find((x) => x.id === id));
        return [String(n), m ? num(figure(m)) : null];
      }),
    );
  /** p50, p99 and SQL floor of a leadership scenario at the main size, and its p99 at every size. */
  const leadershipFigures = (id: string, prefix: string) => {
    const m = measured(at(id));
    return {
      [`${prefix}_p50_ms`]: num(m?.http?.single.p50),
      [`${prefix}_p99_ms`]: num(m?.http?.single.p99),
      [`${prefix}_sql_floor_p50_ms`]: num(m?.sqlFloor?.p50),
      [`${prefix}_sql_floor_p99_ms`]: num(m?.sqlFloor?.p99),
      [`${prefix}_ratio_to_sql_floor`]: num(m?.ratios?.p99ToSql),
      [`${prefix}_p99_ms_by_size`]: bySize(id, (x) => x.http?.single.p99),
      [`${prefix}_sql_floor_p99_ms_by_size`]: bySize(id, (x) => x.sqlFloor?.p99),
    };
  };

  const json = {
    commit: data.info.commit,
    dirty: data.info.dirty,
    date: data.info.date,
    reports: main?.reports ?? null,
    inbox_p50_ms: num(inbox?.http?.single.p50),
    inbox_p99_ms: num(inbox?.http?.single.p99),
    inbox_ratio_to_sql_floor: num(inbox?.ratios?.p99ToSql),
    inbox_p50_ratio_to_sql_floor: num(inbox?.ratios?.p50ToSql),
    inbox_sql_floor_p50_ms: num(inbox?.sqlFloor?.p50),
    inbox_sql_floor_p99_ms: num(inbox?.sqlFloor?.p99),
    inbox_framework_floor_p50_ms: num(inbox?.frameworkFloor?.single.p50),
    inbox_framework_floor_p99_ms: num(inbox?.frameworkFloor?.single.p99),
    inbox_p99_ratio_to_framework_floor: num(inbox?.ratios?.p99ToFramework),
    inbox_rps: num(inbox?.http?.loaded.rps),
    inbox_rps_ratio_to_http_floor: num(inbox?.ratios?.rpsToHttpFloor),
    inbox_p99_ms_by_size: Object.fromEntries(
      [...new Set([...GROWTH_SIZES, ...data.sizes.map((s) => s.reports)])]
        .sort((a, b) => a - b)
        .map((n) => {
          const s = data.sizes.find((x) => x.reports === n);
          return [String(n), num(measured(s?.scenarios.find((x) => x.id === "inbox"))?.http?.single.p99)];
        }),
    ),
    report_page_p99_ms: num(report?.http?.single.p99),
    panel_p99_ms: num(panel?.http?.single.p99),
    ...leadershipFigures("panel", "panel"),
    ...leadershipFigures("panel_admin", "panel_admin"),
    ...leadershipFigures("kpis", "kpis"),
    ...leadershipFigures("trends", "trends"),
    submit_p99_ms: num(submit?.http?.single.p99),
    submit_rps: num(submit?.http?.loaded.rps),
    initial_js_gzip_kb: num(browser?.initialJsGzipKb),
    rows_visible_ms: num(browser?.rowsVisibleP50),
    machine: {
      cpu: data.info.cpu,
      cores: data.info.cores,
      memory_gb: data.info.memoryGb,
      os: data.info.os,
      node: data.info.node,
      sqlite: data.info.sqlite,
      chromium: browser?.chromium ?? null,
    },
    method: {
      load_tool: "autocannon",
      seconds_per_phase: data.opts.seconds,
      latency_connections: 1,
      throughput_connections: data.opts.connections,
      rows_visible: `p50 of ${data.opts.browserRuns} first loads in headless Chromium`,
    },
    sizes: data.sizes,
    total_seconds: data.totalSeconds,
  };

  // -------------------------------------------------------------------------
  const md: string[] = [];
  const mainLabel = main ? main.reports.toLocaleString("en") : "?";
  md.push("# Benchmark results", "");
  md.push(
    `Written by \`pnpm bench\` (bench/run.ts) on ${data.info.date.slice(0, 16).replace("T", " ")} UTC at commit ` +
      `\`${data.info.commit.slice(0, 12)}\`${data.info.dirty ? " with uncommitted changes" : ""}; every run rewrites ` +
      "this file and RESULTS.json. The run took " +
      `${Math.round(data.totalSeconds / 60)} min.`,
    "",
  );
  md.push(
    `**Machine:** ${data.info.cpu}, ${data.info.cores} cores, ${data.info.memoryGb} GB RAM, ${data.info.os}; ` +
      `Node ${data.info.node}; SQLite ${data.info.sqlite}${browser ? `; Chromium ${browser.chromium}` : ""}.`,
    "",
  );
  md.push(
    `**Method:** each dataset is seeded fresh with \`embargo seed --reports N\` and served by the real server ` +
      "(`apps/server/bin/embargo.mjs serve`) on loopback, signed in as the demo admin (all programs; the leadership " +
      "figures also as the demo leadership user, all programs). " +
      "Requests are exactly what the dashboard sends (GET, tRPC batch link, superjson). Latency: " +
      `${data.opts.seconds} s with 1 connection after a 1 s warm-up, percentiles over every response. Throughput: ` +
      `${data.opts.seconds} s with ${data.opts.connections} connections. **SQL floor:** the statements the ` +
      "procedure runs for that request (session lookup included), captured from the procedure itself and run " +
      "through bare better-sqlite3 in-process on their own connection. **HTTP floor:** a bare `node:http` server " +
      "sending the recorded response bytes and headers, under the same load settings. **Framework floor** (tRPC " +
      "queries): Fastify with the same tRPC adapter and response transformer, answering each recorded input with " +
      "the recorded result from memory: what a request costs before any of our code runs. Ratios are ours ÷ floor. " +
      "The machine is shared with other work, so single figures can be noisy." +
      (main?.dashboardRequestMatches === undefined
        ? ""
        : main.dashboardRequestMatches
          ? " The inbox request was checked in Chromium: the dashboard asks `reports.list` for the same input (in one batch with `auth.me`)."
          : " **The inbox request differs from the one the dashboard sent in Chromium.**"),
    "",
  );

  md.push("## Promises (PRODUCT.md)", "");
  md.push("| promise | target | measured | |", "|---|---|---|---|");
  const verdict = (ok: boolean | null) => (ok === null ? "not measured" : ok ? "met" : "**missed**");
  const inboxes = (main?.scenarios ?? []).filter((s) => s.id.startsWith("inbox"));
  for (const s of inboxes) {
    const m = measured(s);
    md.push(
      `| ${s.label}: p99 at ${mainLabel} | < ${s.promiseP99Ms ?? 25} ms | ${m ? `${fmt(m.http?.single.p99)} ms` : s.status} | ${verdict(m ? m.http!.single.p99 < (s.promiseP99Ms ?? 25) : null)} |`,
    );
  }
  for (const s of inboxes) {
    const m = measured(s);
    const r = m?.ratios;
    md.push(
      `| ${s.label}: within 2x of the bare SQL, p50 ÷ p50 and p99 ÷ p99 | ≤ 2 | ` +
        (m && r
          ? `${fmt(r.p50ToSql)} (${fmt(m.http?.single.p50)} ÷ ${fmt(m.sqlFloor?.p50)} ms), ${fmt(r.p99ToSql)} (${fmt(m.http?.single.p99)} ÷ ${fmt(m.sqlFloor?.p99)} ms) | ` +
            `p50 ${verdict(r.p50ToSql <= 2)}, p99 ${verdict(r.p99ToSql <= 2)} |`
          : `${s.status} | |`),
    );
  }
  for (const id of LEADERSHIP) {
    const row = at(id);
    const m = measured(row);
    md.push(
      `| ${row?.label ?? id}: p99 at ${mainLabel} | < ${row?.promiseP99Ms ?? 100} ms | ${m ? `${fmt(m.http?.single.p99)} ms` : (row?.status ?? "not measured")} | ${m ? verdict(m.http!.single.p99 < (row?.promiseP99Ms ?? 100)) : (row?.status ?? "not measured")} |`,
    );
  }
  md.push(
    `| Dashboard first load: compressed JavaScript | < 250 KB | ${browser ? `${fmt(browser.initialJsGzipKb, 1)} KB gzip (${fmt(browser.initialJsKb, 1)} KB raw)` : "not measured"} | ${verdict(browser ? browser.initialJsGzipKb < 250 : null)} |`,
  );
  md.push(
    `| Inbox rows visible in headless Chromium | < 1 s | ${browser ? `${fmt(browser.rowsVisibleP50, 0)} ms p50, ${fmt(browser.rowsVisibleMax, 0)} ms worst of ${browser.runs}` : "not measured"} | ${verdict(browser ? browser.rowsVisibleMax < 1000 : null)} |`,
  );
  md.push("");

  md.push(`## Endpoints at ${mainLabel} reports`, "");
  md.push(
    "| endpoint | response | p50 | p99 | SQL floor p50 / p99 | p99 ÷ SQL | framework floor p50 / p99 | " +
      `HTTP floor p50 / p99 | req/s (${data.opts.connections} conn) | HTTP floor req/s | req/s ÷ floor | ` +
      `p99 at ${data.opts.connections} conn |`,
  );
  md.push("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const s of main?.scenarios ?? []) {
    const m = measured(s);
    if (!m) {
      md.push(`| ${s.label} | ${s.status}${s.note ? `: ${s.note.split(";")[0]}` : ""} | | | | | | | | | | |`);
      continue;
    }
    md.push(
      `| ${s.label} | ${fmt((m.responseBytes ?? 0) / 1024, 1)} KB | ${fmt(m.http?.single.p50)} ms | ${fmt(m.http?.single.p99)} ms | ` +
        `${m.sqlFloor ? `${fmt(m.sqlFloor.p50)} / ${fmt(m.sqlFloor.p99)} ms (${m.sqlFloor.statementsPerRequest} statements)` : "–"} | ` +
        `${fmt(m.ratios?.p99ToSql)} | ${m.frameworkFloor ? `${fmt(m.frameworkFloor.single.p50)} / ${fmt(m.frameworkFloor.single.p99)} ms` : "–"} | ` +
        `${fmt(m.httpFloor?.single.p50, 3)} / ${fmt(m.httpFloor?.single.p99, 3)} ms | ` +
        `${int(m.http?.loaded.rps)} | ${int(m.httpFloor?.loaded.rps)} | ${fmt(m.ratios?.rpsToHttpFloor, 3)} | ${fmt(m.http?.loaded.p99)} ms |`,
    );
  }
  md.push("");

  md.push("## How the inbox cost grows (default view)", "");
  md.push(
    "| reports | open | database | seed | p50 | p99 | SQL floor p99 | p99 ÷ SQL | req/s | floor req/s |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  );
  for (const n of [...new Set([...GROWTH_SIZES, ...data.sizes.map((s) => s.reports)])].sort((a, b) => a - b)) {
    const s = data.sizes.find((x) => x.reports === n);
    const m = measured(s?.scenarios.find((x) => x.id === "inbox"));
    if (!s || !m) {
      md.push(`| ${int(n)} | not measured in this run (\`pnpm bench --sizes …\`) | | | | | | | | |`);
      continue;
    }
    md.push(
      `| ${int(n)} | ${int(s.facts.open)} | ${int(s.dbMb)} MB | ${s.seedSeconds === null ? "reused" : `${fmt(s.seedSeconds, 0)} s`} | ` +
        `${fmt(m.http?.single.p50)} ms | ${fmt(m.http?.single.p99)} ms | ${fmt(m.sqlFloor?.p99)} ms | ${fmt(m.ratios?.p99ToSql)} | ` +
        `${int(m.http?.loaded.rps)} | ${int(m.httpFloor?.loaded.rps)} |`,
    );
  }
  md.push("");

  md.push("## Leadership figures by size (issue 13)", "");
  md.push(
    "The panel (open escalations, criticals, breached and at-risk clocks, disclosures due, with their counts), " +
      "the KPI table for the last 90 days and the 12-month trends, over HTTP against the real server, each beside " +
      "its SQL floor: the same statements (the aggregates in packages/db/src/leadership/reads.ts and panel.ts, " +
      "session lookup included) run through bare better-sqlite3. The leadership user is a member of every program " +
      "with the leadership role; the admin of every program as admin. Goal: p99 < 100 ms at 100,000 reports.",
    "",
  );
  md.push(
    "| figure | reports | response | p50 | p99 | SQL floor p50 / p99 | p99 ÷ SQL | req/s (" +
      `${data.opts.connections} conn) | p99 < 100 ms |`,
    "|---|---:|---:|---:|---:|---:|---:|---:|---|",
  );
  for (const id of LEADERSHIP) {
    for (const n of allSizes) {
      const s = data.sizes.find((x) => x.reports === n);
      const row = s?.scenarios.find((x) => x.id === id);
      const m = measured(row);
      const label = row?.label ?? at(id)?.label ?? id;
      if (!m) {
        md.push(`| ${label} | ${int(n)} | ${row ? row.status : "not measured in this run"} | | | | | | |`);
        continue;
      }
      if (!m.http?.single.requests) {
        md.push(
          `| ${label} | ${int(n)} | ${fmt((m.responseBytes ?? 0) / 1024, 1)} KB | no answer within ${data.opts.seconds} s | | ` +
            `${m.sqlFloor ? `${fmt(m.sqlFloor.p50)} / ${fmt(m.sqlFloor.p99)} ms (${m.sqlFloor.statementsPerRequest} statements)` : "–"} | | | **missed** |`,
        );
        continue;
      }
      md.push(
        `| ${label} | ${int(n)} | ${fmt((m.responseBytes ?? 0) / 1024, 1)} KB | ${fmt(m.http?.single.p50)} ms | ` +
          `${fmt(m.http?.single.p99)} ms | ${m.sqlFloor ? `${fmt(m.sqlFloor.p50)} / ${fmt(m.sqlFloor.p99)} ms (${m.sqlFloor.statementsPerRequest} statements)` : "–"} | ` +
          `${fmt(m.ratios?.p99ToSql)} | ${int(m.http?.loaded.rps)} | ${verdict(m.http!.single.p99 < (m.promiseP99Ms ?? 100))} |`,
      );
    }
  }
  md.push("");

  if (browser) {
    md.push("## Dashboard first load (headless Chromium, loopback)", "");
    md.push(
      `Rows visible (ms from navigation start to the first frame with inbox rows, fresh context each run): ${browser.rowsVisibleMs.join(", ")}.`,
      "",
    );
    md.push("| script | raw | gzip |", "|---|---:|---:|");
    for (const s of browser.scripts)
      md.push(`| \`${s.url}\` | ${fmt(s.bytes / 1024, 1)} KB | ${fmt(s.gzipBytes / 1024, 1)} KB |`);
    md.push("");
  } else if (main?.browser && "error" in main.browser) {
    md.push("## Dashboard first load", "", `Not measured: ${main.browser.error}`, "");
  }

  md.push("## Datasets", "");
  md.push(
    "| reports | open | events | messages | escalations (open) | report clocks | reports matching “webhook” | matching “injection” | disclosure plans to publish |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  );
  for (const s of data.sizes) {
    const f = s.facts;
    md.push(
      `| ${int(f.reports)} | ${int(f.open)} | ${int(f.events)} | ${int(f.messages)} | ${int(f.escalations)} (${int(f.open_escalations)}) | ${int(f.report_clocks)} | ${int(f.match_webhook)} | ${int(f.match_injection)} | ${int(f.disclosure_plans)} |`,
    );
  }
  md.push("");
  md.push(
    "The data comes from `packages/db/seed/scale.ts`: three programs with the demo policies, reports over " +
      "three years (more of them recent) whose states depend on their age, timelines with every transition, " +
      "severity change, assignment and message, SLA columns and one report_clocks row per clock computed by the " +
      "clock engine, the KPI instants (acknowledged, assessed, fixed, closed) of those transitions, escalations " +
      "with their history (raised by clocks, criticals and disclosure dates, acknowledged, resolved by cause or " +
      "by hand, a few open; `packages/db/seed/scale-escalations.ts`), credit preferences, and disclosure plans, " +
      "requests, patch milestones (some late) and advisories consistent with each report's state " +
      "(`packages/db/seed/scale-disclosure.ts`).",
    "",
  );

  const notMeasured = (main?.scenarios ?? []).filter((s) => s.status !== "measured");
  if (notMeasured.length) {
    md.push("## Not measured", "");
    for (const s of notMeasured) md.push(`- **${s.label}**: ${s.status}${s.note ? ` (${s.note})` : ""}.`);
    md.push("");
  }
  md.push(
    "What changed in the product to meet these figures, with before and after numbers: " +
      "docs/decisions/0005-inbox-at-scale.md.",
    "",
  );

  const mdFile = path.join(dir, "RESULTS.md");
  const jsonFile = path.join(dir, "RESULTS.json");
  writeFileSync(mdFile, md.join("\n"));
  writeFileSync(jsonFile, `${JSON.stringify(json, null, 2)}\n`);

  const summary = Object.entries(json)
    .filter(([k]) => !["sizes", "machine", "method"].includes(k))
    .map(([k, v]) => `  ${k.padEnd(32)} ${typeof v === "object" && v !== null ? JSON.stringify(v) : String(v)}`)
    .join("\n");
  return { md: mdFile, json: jsonFile, table: summary };
}
