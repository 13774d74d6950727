import { createRequire } from "node:module";
import path from "node:path";
import { appRouter, createCaller, createContext } from "../../packages/api/src/root.ts";
import * as schema from "../../packages/db/src/schema/index.ts";
import { percentile, round } from "./load.ts";

/** Resolve a dependency the way the db package sees it (pnpm keeps them per package). */
const dbRequire = createRequire(path.resolve(import.meta.dirname, "../../packages/db/package.json"));
type Statement = {
  all(...params: unknown[]): unknown[];
  get(...params: unknown[]): unknown;
  iterate(...params: unknown[]): IterableIterator<unknown>;
  raw(on?: boolean): Statement;
  pluck(on?: boolean): Statement;
  reader: boolean;
};
type Sqlite = {
  prepare(sql: string): Statement;
  pragma(p: string, o?: { simple: boolean }): unknown;
  close(): void;
};
const Database = dbRequire("better-sqlite3") as new (file: string, opts?: { readonly?: boolean }) => Sqlite;
const { drizzle } = (await import(dbRequire.resolve("drizzle-orm/better-sqlite3"))) as {
  drizzle: (client: Sqlite, config: unknown) => unknown;
};

export interface Captured {
  query: string;
  params: unknown[];
  /**
   * How a statement prepared on the raw client was executed (the leadership
   * reads: aggregates in plain SQL); drizzle's own statements are replayed with all().
   */
  method?: "all" | "get" | "iterate";
  mode?: "objects" | "raw" | "pluck";
}

/**
 * The connection as code that prepares its own statements sees it
 * (`db.$client.prepare(...)`, e.g. the leadership reads): every execution is
 * recorded with its parameters and result mode. Drizzle keeps the bare
 * connection, so its statements are recorded once, by its logger.
 */
function recordingClient(raw: Sqlite, captured: Captured[]): Sqlite {
  const wrapStatement = (st: Statement, query: string): Statement => {
    let mode: Captured["mode"] = "objects";
    const proxy: Statement = new Proxy(st, {
      get(target, prop) {
        if (prop === "raw" || prop === "pluck") {
          return (on = true) => {
            target[prop](on);
            mode = on ? prop : "objects";
            return proxy;
          };
        }
        if (prop === "all" || prop === "get" || prop === "iterate") {
          return (...params: unknown[]) => {
            captured.push({ query, params, method: prop, mode });
            return target[prop](...params);
          };
        }
        const v = Reflect.get(target, prop, target);
        return typeof v === "function" ? v.bind(target) : v;
      },
    });
    return proxy;
  };
  return new Proxy(raw, {
    get(target, prop) {
      if (prop === "prepare") return (query: string) => wrapStatement(target.prepare(query), query);
      const v = Reflect.get(target, prop, target);
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
}

/** Does the router have this procedure (e.g. "leadership.panel")? */
export const hasProcedure = (name: string) =>
  name in (appRouter as unknown as { _def: { procedures: Record<string, unknown> } })._def.procedures;

/**
 * The SQL one API request runs, captured by calling the real procedure
 * in-process (session lookup, authorisation, the page's queries) through a
 * drizzle instance whose logger records every statement and its parameters.
 */
export async function captureStatements(
  file: string,
  sessionToken: string,
  procedure: string,
  input: unknown,
): Promise<Captured[]> {
  // A read-only connection opened while the server writes may find the WAL index
  // mid-update (SQLITE_READONLY_RECOVERY and the like): open it again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await captureOnce(file, sessionToken, procedure, input);
    } catch (e) {
      // tRPC wraps what the procedure threw: look at the cause too.
      const code = (x: unknown) => String((x as { code?: unknown } | undefined)?.code ?? "");
      const readonly = [code(e), code((e as { cause?: unknown }).cause)].some((c) => c.startsWith("SQLITE_READONLY"));
      if (attempt >= 3 || !readonly) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

async function captureOnce(file: string, sessionToken: string, procedure: string, input: unknown): Promise<Captured[]> {
  const raw = new Database(file, { readonly: true });
  const captured: Captured[] = [];
  try {
    const db = drizzle(raw, {
      schema,
      logger: { logQuery: (query: string, params: unknown[]) => captured.push({ query, params }) },
    }) as { $client: Sqlite };
    db.$client = recordingClient(raw, captured);
    const caller = createCaller(createContext({ db: db as never, sessionToken, now: () => new Date() }));
    const fn = procedure.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], caller) as (
      i: unknown,
    ) => Promise<unknown>;
    await fn(input);
  } finally {
    raw.close();
  }
  return captured;
}

export interface FloorResult {
  iterations: number;
  statementsPerRequest: number;
  p50: number;
  p99: number;
}

/**
 * The SQL floor: the captured statements of each request, prepared once and
 * run through bare better-sqlite3 on its own connection (same cache pragmas as
 * the server's), timed per request. Requests rotate like the HTTP load does.
 */
export function sqlFloor(file: string, requests: Captured[][], opts: { seconds: number }): FloorResult {
  const raw = new Database(file, { readonly: true });
  raw.pragma("cache_size = -65536");
  raw.pragma("temp_store = MEMORY");
  try {
    const cache = new Map<string, Statement>();
    const prepared = requests.map((stmts) =>
      stmts.map((s) => {
        const mode = s.mode ?? "objects";
        const key = `${mode}|${s.query}`;
        let st = cache.get(key);
        if (!st) {
          st = raw.prepare(s.query);
          if (mode === "raw") st.raw(true);
          if (mode === "pluck") st.pluck(true);
          cache.set(key, st);
        }
        return { st, params: s.params, method: s.method ?? "all" };
      }),
    );
    const runOne = (i: number) => {
      for (const { st, params, method } of prepared[i % prepared.length]!) {
        if (method === "iterate") for (const _ of st.iterate(...params));
        else st[method](...params);
      }
    };
    // Warm up the page cache and the statements, as the HTTP run warms up.
    const warmUntil = performance.now() + 500;
    for (let i = 0; performance.now() < warmUntil || i < 5; i++) runOne(i);
    const times: number[] = [];
    const until = performance.now() + opts.seconds * 1000;
    for (let i = 0; (performance.now() < until && times.length < 200_000) || times.length < 20; i++) {
      const t = process.hrtime.bigint();
      runOne(i);
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    times.sort((a, b) => a - b);
    return {
      iterations: times.length,
      statementsPerRequest: round(requests.reduce((n, r) => n + r.length, 0) / requests.length, 1),
      p50: round(percentile(times, 50), 3),
      p99: round(percentile(times, 99), 3),
    };
  } finally {
    raw.close();
  }
}

/** A bare read on the benchmark database (keys to visit, dataset facts). */
export function query<T>(file: string, sql: string, ...params: unknown[]): T[] {
  const raw = new Database(file, { readonly: file !== ":memory:" });
  try {
    return raw.prepare(sql).all(...params) as T[];
  } finally {
    raw.close();
  }
}
