/**
 * `pnpm bench`: scale, latency and page weight, side by side with the floor.
 *
 * For each dataset size: seed a fresh database with `embargo seed --reports N`,
 * start the real server on it, sign in, and measure every scenario in
 * scenarios.ts over real HTTP (autocannon), then its two floors: the same SQL
 * through bare better-sqlite3 in-process, and a bare node:http server sending
 * the same bytes, measured with the same load settings; for tRPC queries also
 * the framework floor (Fastify + tRPC answering from memory). At the main size it
 * also loads the dashboard in headless Chromium (rows visible, initial
 * JavaScript). Writes bench/RESULTS.md and bench/RESULTS.json.
 *
 *   pnpm bench [--sizes 10000,100000,1000000] [--main 100000] [--seconds 5]
 *              [--connections 8] [--reuse] [--no-build] [--no-browser] [--only inbox,panel]
 *
 * --only keeps the scenarios whose id starts with one of the given prefixes
 * (a quick before/after of one area; the results files then hold only those).
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, release, totalmem } from "node:os";
import path from "node:path";
import { type BrowserResult, measureBrowser } from "./lib/browser.ts";
import { type LoadResult, load, type RequestSpec, round } from "./lib/load.ts";
import { writeResults } from "./lib/results.ts";
import { captureStatements, type FloorResult, hasProcedure, query, sqlFloor } from "./lib/sql-floor.ts";
import { SCENARIOS, type Scenario, type ScenarioContext, SIGN_INS, type SignIn } from "./scenarios.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const DATA = path.join(ROOT, "bench", ".data");
const CLI = path.join(ROOT, "apps/server/bin/embargo.mjs");

// ---------------------------------------------------------------------------
// Arguments

function parseArgs(argv: string[]) {
  const opts = {
    sizes: [10_000, 100_000, 1_000_000],
    main: 100_000,
    seconds: 5,
    connections: 8,
    reuse: false,
    build: true,
    browser: true,
    browserRuns: 7,
    chromium: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    only: [] as string[],
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    const int = (v: string) => {
      const n = Number(v.replace(/_/g, ""));
      if (!Number.isInteger(n) || n < 1) throw new Error(`${a}: "${v}" is not a positive whole number`);
      return n;
    };
    if (a === "--sizes") opts.sizes = value().split(",").map(int);
    else if (a === "--main") opts.main = int(value());
    else if (a === "--seconds") opts.seconds = int(value());
    else if (a === "--connections") opts.connections = int(value());
    else if (a === "--reuse") opts.reuse = true;
    else if (a === "--no-build") opts.build = false;
    else if (a === "--no-browser") opts.browser = false;
    else if (a === "--only") opts.only = value().split(",").filter(Boolean);
    else if (a === "--") continue;
    else throw new Error(`unknown argument ${a}`);
  }
  opts.sizes = [...new Set(opts.sizes)].sort((x, y) => x - y);
  if (!opts.sizes.includes(opts.main)) opts.main = opts.sizes.includes(100_000) ? 100_000 : opts.sizes.at(-1)!;
  return opts;
}
type Opts = ReturnType<typeof parseArgs>;

// ---------------------------------------------------------------------------
// Processes

const log = (line: string) => console.log(`[bench] ${line}`);

function dbFile(size: number) {
  return path.join(DATA, `bench-${size}.db`);
}

function seed(size: number, reuse: boolean): { seconds: number | null; reused: boolean } {
  const file = dbFile(size);
  if (reuse && existsSync(file)) return { seconds: null, reused: true };
  for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
  log(`seeding ${size.toLocaleString("en")} reports into ${path.relative(ROOT, file)}`);
  const started = performance.now();
  const r = spawnSync(process.execPath, [CLI, "seed", "--reports", String(size)], {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, EMBARGO_DB: file, EMBARGO_LOG_LEVEL: "warn" },
  });
  if (r.status !== 0) throw new Error(`seeding ${size} reports failed (exit ${r.status})`);
  return { seconds: round((performance.now() - started) / 1000, 1), reused: false };
}

async function freePort(): Promise<number> {
  const net = await import("node:net");
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, child: ChildProcess, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited (${child.exitCode})`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

/** Stop a child and everything it started (the CLI wrapper runs tsx in a child of its own). */
const stopping = new WeakSet<ChildProcess>();
async function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  stopping.add(child);
  const exited = new Promise((r) => child.once("exit", r));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    child.kill("SIGTERM");
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // already gone
    }
  }, 10_000);
  await exited;
  clearTimeout(timer);
}

async function startServer(file: string) {
  const port = await freePort();
  const child = spawn(process.execPath, [CLI, "serve", "--port", String(port)], {
    detached: true,
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      EMBARGO_DB: file,
      EMBARGO_LOG_LEVEL: "warn",
      EMBARGO_HOST: "127.0.0.1",
      // The public form allows 20 submissions per address per hour; the load test sends thousands.
      EMBARGO_INTAKE_RATE_LIMIT: "100000",
      NODE_ENV: "production",
    },
  });
  child.once("exit", (code, signal) => {
    if (!stopping.has(child)) log(`the server exited unexpectedly (code ${code}, signal ${signal})`);
  });
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/healthz`, child);
  return { base, child };
}

const rootRequire = createRequire(path.join(ROOT, "package.json"));

/**
 * A floor server on the recorded responses: the bare node:http one, or (with
 * a procedure) the framework one (Fastify + the tRPC adapter, answers from memory).
 */
async function startFloor(recorded: Recorded[], procedure?: string) {
  const file = path.join(DATA, "floor-responses.json");
  writeFileSync(file, JSON.stringify(recorded));
  const args = procedure
    ? [rootRequire.resolve("tsx/cli"), path.join(ROOT, "bench/lib/framework-floor.ts"), file, procedure]
    : [path.join(ROOT, "bench/lib/floor-server.mjs"), file];
  const child = spawn(process.execPath, args, { detached: true, stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => {
      const m = /listening (\d+)/.exec(d.toString());
      if (m) resolve(Number(m[1]));
    });
    child.once("exit", (code) => reject(new Error(`floor server exited (${code})`)));
  });
  return { base: `http://127.0.0.1:${port}`, child };
}

/** The same load, single connection then many, against a floor server. */
async function loadFloor(recorded: Recorded[], requests: RequestSpec[], opts: Opts, procedure?: string) {
  const floor = await startFloor(recorded, procedure);
  try {
    await load(floor.base, requests, { connections: 1, seconds: 1 });
    const single = await load(floor.base, requests, { connections: 1, seconds: opts.seconds });
    const loaded = await load(floor.base, requests, { connections: opts.connections, seconds: opts.seconds });
    return { single, loaded };
  } finally {
    await stop(floor.child);
  }
}

// ---------------------------------------------------------------------------
// HTTP

async function signIn(base: string, who: SignIn = "admin"): Promise<string> {
  const res = await fetch(`${base}/api/trpc/auth.signIn`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify({ json: SIGN_INS[who] }),
  });
  const cookie = res.headers.get("set-cookie") ?? "";
  const token = /embargo_session=([^;]+)/.exec(cookie)?.[1];
  if (!res.ok || !token) throw new Error(`sign-in failed (${res.status}): ${(await res.text()).slice(0, 200)}`);
  return token;
}

const webRequire = createRequire(path.join(ROOT, "apps/web/package.json"));
const superjson = ((await import(webRequire.resolve("superjson"))) as { default: { serialize(v: unknown): unknown } })
  .default;

/** A tRPC query exactly as httpBatchLink sends it (GET, batch of one, superjson). */
function trpcGet(procedure: string, input: unknown, token: string): RequestSpec {
  const batch = JSON.stringify({ 0: superjson.serialize(input) });
  return {
    method: "GET",
    path: `/api/trpc/${procedure}?batch=1&input=${encodeURIComponent(batch)}`,
    headers: { cookie: `embargo_session=${token}`, accept: "*/*" },
  };
}

/**
 * The serialized input a tRPC batch URL carries for `procedure`: the dashboard
 * may batch the inbox query with others (auth.me) in one request.
 */
function batchedInput(url: URL, procedure: string): string | undefined {
  const procedures = url.pathname.replace(/^\/api\/trpc\//, "").split(",");
  const index = procedures.indexOf(procedure);
  if (index < 0) return undefined;
  const inputs = JSON.parse(url.searchParams.get("input") ?? "{}") as Record<string, unknown>;
  return JSON.stringify(inputs[String(index)]);
}

interface Recorded {
  path: string;
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** One real response per distinct request: checked, and replayed by the HTTP floor. */
async function record(base: string, requests: RequestSpec[]): Promise<Recorded[]> {
  const out: Recorded[] = [];
  for (const r of requests) {
    const res = await fetch(base + r.path, {
      method: r.method,
      headers: r.headers ?? {},
      ...(r.body !== undefined ? { body: typeof r.body === "string" ? r.body : new Uint8Array(r.body) } : {}),
    });
    const body = Buffer.from(await res.arrayBuffer());
    if (!res.ok) throw new Error(`${r.path.slice(0, 80)}: ${res.status} ${body.toString().slice(0, 300)}`);
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => {
      if (!["date", "connection", "keep-alive", "transfer-encoding", "content-encoding"].includes(k)) headers[k] = v;
    });
    headers["content-length"] = String(body.length);
    out.push({ path: r.path, status: res.status, headers, body: body.toString("base64") });
  }
  return out;
}

// ---------------------------------------------------------------------------
// Measuring

export interface ScenarioResult {
  id: string;
  label: string;
  /** Signed in as (default admin). */
  as?: SignIn;
  status: "measured" | "not built yet" | "failed";
  note?: string;
  promiseP99Ms?: number;
  responseBytes?: number;
  http?: { single: LoadResult; loaded: LoadResult };
  httpFloor?: { single: LoadResult; loaded: LoadResult };
  /** Fastify + the tRPC adapter answering from memory (tRPC scenarios only). */
  frameworkFloor?: { single: LoadResult; loaded: LoadResult };
  sqlFloor?: FloorResult;
  ratios?: {
    p50ToSql: number;
    p99ToSql: number;
    p50ToFramework: number;
    p99ToFramework: number;
    p99ToHttpFloor: number;
    rpsToHttpFloor: number;
  };
}

async function measureScenario(
  sc: Scenario,
  ctx: { base: string; token: string; file: string; scenario: ScenarioContext; opts: Opts },
): Promise<ScenarioResult> {
  const head = {
    id: sc.id,
    label: sc.label,
    ...(sc.promiseP99Ms ? { promiseP99Ms: sc.promiseP99Ms } : {}),
    ...(sc.as ? { as: sc.as } : {}),
  };
  if (sc.kind === "not built yet") return { ...head, status: "not built yet", note: sc.note };
  if (sc.kind === "trpc" && !hasProcedure(sc.procedure)) {
    return { ...head, status: "not built yet", note: `no ${sc.procedure} procedure` };
  }
  const inputs = sc.kind === "trpc" ? sc.inputs(ctx.scenario) : [];
  const requests =
    sc.kind === "trpc" ? inputs.map((i) => trpcGet(sc.procedure, i, ctx.token)) : sc.requests(ctx.scenario);
  const recorded = await record(ctx.base, requests);
  const bytes = Math.round(recorded.reduce((n, r) => n + Buffer.from(r.body, "base64").length, 0) / recorded.length);
  const { seconds, connections } = ctx.opts;

  log(`${sc.id}: HTTP (1 connection, then ${connections})`);
  await load(ctx.base, requests, { connections: 1, seconds: 1 });
  const single = await load(ctx.base, requests, { connections: 1, seconds });
  const loaded = await load(ctx.base, requests, { connections, seconds });

  log(`${sc.id}: HTTP floor`);
  const httpFloor = await loadFloor(recorded, requests, ctx.opts);
  let frameworkFloor: { single: LoadResult; loaded: LoadResult } | undefined;
  if (sc.kind === "trpc") {
    log(`${sc.id}: framework floor`);
    frameworkFloor = await loadFloor(recorded, requests, ctx.opts, sc.procedure);
  }

  let sql: FloorResult | undefined;
  if (sc.kind === "trpc") {
    log(`${sc.id}: SQL floor`);
    // The session's last-seen instant is rewritten at most every 5 minutes; a capture on
    // the read-only connection that found it due would try to write it. One real request
    // first lets the server do that write.
    await fetch(ctx.base + requests[0]!.path, { headers: requests[0]!.headers ?? {} }).then((r) => r.arrayBuffer());
    const statements = [];
    for (const input of inputs) statements.push(await captureStatements(ctx.file, ctx.token, sc.procedure, input));
    sql = sqlFloor(ctx.file, statements, { seconds: Math.min(seconds, 3) });
  }
  return {
    ...head,
    status: "measured",
    responseBytes: bytes,
    http: { single, loaded },
    httpFloor,
    ...(frameworkFloor ? { frameworkFloor } : {}),
    ...(sql ? { sqlFloor: sql } : {}),
    ratios: {
      p50ToSql: sql ? round(single.p50 / sql.p50, 2) : Number.NaN,
      p99ToSql: sql ? round(single.p99 / sql.p99, 2) : Number.NaN,
      p50ToFramework: frameworkFloor ? round(single.p50 / frameworkFloor.single.p50, 2) : Number.NaN,
      p99ToFramework: frameworkFloor ? round(single.p99 / frameworkFloor.single.p99, 2) : Number.NaN,
      p99ToHttpFloor: round(single.p99 / httpFloor.single.p99, 2),
      rpsToHttpFloor: round(loaded.rps / httpFloor.loaded.rps, 3),
    },
  };
}

export interface SizeResult {
  reports: number;
  seedSeconds: number | null;
  reused: boolean;
  dbMb: number;
  facts: Record<string, number>;
  scenarios: ScenarioResult[];
  browser?: BrowserResult | { error: string };
  /** The inbox request of the load test is byte for byte the one the dashboard sent. */
  dashboardRequestMatches?: boolean;
}

function factsOf(file: string): Record<string, number> {
  const one = (sql: string) => (query<{ n: number }>(file, sql)[0]?.n ?? 0) as number;
  return {
    reports: one("SELECT count(*) n FROM reports"),
    open: one("SELECT count(*) n FROM reports WHERE is_open = 1"),
    events: one("SELECT count(*) n FROM report_events"),
    messages: one("SELECT count(*) n FROM messages"),
    escalations: one("SELECT count(*) n FROM escalations"),
    open_escalations: one("SELECT count(*) n FROM escalations WHERE resolved_at IS NULL"),
    report_clocks: one("SELECT count(*) n FROM report_clocks"),
    match_webhook: one(`SELECT count(*) n FROM reports_fts WHERE reports_fts MATCH '"webhook"*'`),
    match_injection: one(`SELECT count(*) n FROM reports_fts WHERE reports_fts MATCH '"injection"*'`),
    disclosure_plans: one(
      "SELECT count(*) n FROM reports WHERE disclosure_state IN ('proposed', 'agreed', 'extended')",
    ),
  };
}

async function measureSize(size: number, opts: Opts): Promise<SizeResult> {
  const seeded = seed(size, opts.reuse);
  const file = dbFile(size);
  const dbMb = round(statSync(file).size / 1_048_576, 0);
  const facts = factsOf(file);
  // Every 500th report: a spread over programs, states and ages.
  const step = Math.max(1, Math.floor(facts.reports! / 200));
  const reportKeys = query<{ key: string }>(file, "SELECT key FROM reports WHERE id % ? = 0 LIMIT 200", step).map(
    (r) => r.key,
  );
  const isMain = size === opts.main;
  log(`server on ${path.relative(ROOT, file)} (${dbMb} MB)`);
  let server = await startServer(file);
  const signInAll = async () => ({
    admin: await signIn(server.base),
    leadership: await signIn(server.base, "leadership"),
  });
  let tokens = await signInAll();
  let token = tokens.admin;
  /** The server died under us (on a shared machine something may stop it): start it again. */
  const alive = async () => {
    if (server.child.exitCode === null && server.child.signalCode === null) return false;
    log("restarting the server");
    server = await startServer(file);
    tokens = await signInAll();
    token = tokens.admin;
    return true;
  };
  const result: SizeResult = {
    reports: size,
    seedSeconds: seeded.seconds,
    reused: seeded.reused,
    dbMb,
    facts,
    scenarios: [],
  };
  try {
    for (const sc of SCENARIOS) {
      if (sc.sizes === "main" && !isMain) continue;
      if (opts.only.length && !opts.only.some((prefix) => sc.id.startsWith(prefix))) continue;
      for (let attempt = 1; ; attempt++) {
        try {
          await alive();
          // A slow endpoint's load phase leaves requests queued on the one-threaded server
          // (autocannon re-sends those it timed out): let them drain before the next scenario.
          await waitFor(`${server.base}/healthz`, server.child, 600_000);
          result.scenarios.push(
            await measureScenario(sc, {
              base: server.base,
              token: tokens[sc.as ?? "admin"],
              file,
              scenario: { reportKeys },
              opts,
            }),
          );
          break;
        } catch (e) {
          if ((await alive()) && attempt < 3) continue;
          log(`${sc.id} failed: ${(e as Error).message}`);
          result.scenarios.push({ id: sc.id, label: sc.label, status: "failed", note: (e as Error).message });
          break;
        }
      }
    }
    if (isMain && opts.browser) {
      log("Chromium: first load of the inbox");
      try {
        await alive();
        result.browser = await measureBrowser(server.base, token, {
          runs: opts.browserRuns,
          executablePath: opts.chromium,
        });
        // The load test must send what the dashboard sends.
        const inbox = SCENARIOS.find((x) => x.id === "inbox");
        const sent = result.browser.listRequestUrl ? new URL(result.browser.listRequestUrl) : null;
        if (inbox?.kind === "trpc" && sent) {
          const ours = new URL(trpcGet(inbox.procedure, inbox.inputs({ reportKeys })[0], token).path, server.base);
          const asked = batchedInput(sent, inbox.procedure);
          result.dashboardRequestMatches = asked !== undefined && asked === batchedInput(ours, inbox.procedure);
          if (!result.dashboardRequestMatches)
            log(`the dashboard asked for ${sent.pathname + sent.search}, not ${ours.pathname + ours.search}`);
        }
      } catch (e) {
        log(`browser failed: ${(e as Error).message}`);
        result.browser = { error: (e as Error).message };
      }
    }
  } finally {
    await stop(server.child);
  }
  return result;
}

// ---------------------------------------------------------------------------

function machine() {
  const git = (...args: string[]) => execFileSync("git", args, { cwd: ROOT, encoding: "utf8" }).trim();
  let commit = "unknown";
  let dirty = false;
  try {
    commit = git("rev-parse", "HEAD");
    dirty = git("status", "--porcelain").length > 0;
  } catch {
    // not a git checkout
  }
  const sqlite = query<{ v: string }>(":memory:", "SELECT sqlite_version() v")[0]?.v ?? "?";
  return {
    commit,
    dirty,
    date: new Date().toISOString(),
    cpu: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    memoryGb: round(totalmem() / 1024 ** 3, 1),
    os: `${process.platform} ${release()}`,
    node: process.version,
    sqlite,
  };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  mkdirSync(DATA, { recursive: true });
  const started = performance.now();
  const info = machine();
  log(`sizes ${opts.sizes.join(", ")}; full run at ${opts.main}; ${opts.seconds} s per load phase`);
  if (opts.build) {
    log("building the dashboard");
    const r = spawnSync("pnpm", ["--filter", "@embargo/web", "build", "--logLevel", "warn"], {
      cwd: ROOT,
      stdio: "inherit",
    });
    if (r.status !== 0) throw new Error("the dashboard build failed");
  }
  const sizes: SizeResult[] = [];
  for (const size of opts.sizes) sizes.push(await measureSize(size, opts));
  const written = writeResults(path.join(ROOT, "bench"), {
    info,
    opts: { seconds: opts.seconds, connections: opts.connections, main: opts.main, browserRuns: opts.browserRuns },
    sizes,
    totalSeconds: round((performance.now() - started) / 1000, 0),
  });
  console.log(`\n${written.table}\n`);
  log(`wrote ${path.relative(ROOT, written.md)} and ${path.relative(ROOT, written.json)}`);
}

await main();
