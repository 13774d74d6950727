import autocannon from "autocannon";

export interface RequestSpec {
  method: "GET" | "POST";
  /** Path and query, e.g. /api/trpc/reports.list?batch=1&input=... */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface LoadResult {
  connections: number;
  seconds: number;
  requests: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** Exact percentile of sorted values (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export const round = (n: number, digits = 2) => (Number.isFinite(n) ? Math.round(n * 10 ** digits) / 10 ** digits : n);

/**
 * Drive `requests` (cycled per connection) against `baseUrl` for `seconds`.
 * autocannon keeps its latency histogram in whole milliseconds, too coarse
 * for sub-millisecond floors, so the per-response times it reports (from
 * process.hrtime) are collected here and the percentiles computed exactly.
 */
export async function load(
  baseUrl: string,
  requests: RequestSpec[],
  opts: { connections: number; seconds: number },
): Promise<LoadResult> {
  const latencies: number[] = [];
  let bad = 0;
  const instance = autocannon({
    url: baseUrl,
    connections: opts.connections,
    pipelining: 1,
    duration: opts.seconds,
    timeout: 30,
    requests: requests.map((r) => ({
      method: r.method,
      path: r.path,
      headers: r.headers ?? {},
      ...(r.body !== undefined ? { body: r.body } : {}),
    })),
  });
  instance.on("response", (_client: unknown, status: number, _bytes: number, ms: number) => {
    if (status >= 200 && status < 300) latencies.push(ms);
    else bad++;
  });
  const result = await instance;
  if (bad > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(
      `load on ${requests[0]?.path.slice(0, 80)}: ${bad} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`,
    );
  }
  latencies.sort((a, b) => a - b);
  const seconds = result.duration;
  return {
    connections: opts.connections,
    seconds: round(seconds, 1),
    requests: latencies.length,
    rps: round(latencies.length / seconds, 0),
    p50: round(percentile(latencies, 50), 3),
    p90: round(percentile(latencies, 90), 3),
    p99: round(percentile(latencies, 99), 3),
    max: round(latencies[latencies.length - 1] ?? Number.NaN, 3),
  };
}
