/**
 * The path as the router sees it: without query or fragment, percent-decoded
 * and with repeated slashes folded. Every path-based check (log redaction, API
 * vs dashboard) uses this, never the raw URL: `/%61pi/…`, `/status%2F<token>`
 * and `/STATUS/<token>` must not slip past a check the plain spelling meets.
 */
export function routerPath(rawUrl: string): string {
  let p = rawUrl.split(/[?#]/, 1)[0] ?? "";
  // Decode until stable (a few rounds), so double-encoded spellings are seen too.
  for (let i = 0; i < 3; i++) {
    const next = decodeEscapes(p);
    if (next === p) break;
    p = next;
  }
  return p.replace(/\/{2,}/g, "/");
}

/**
 * Percent-decode each run of escapes on its own, so one malformed escape
 * (`%E0%A4%A`, `%ZZ`) cannot stop the rest of the path from being decoded;
 * bytes that are not UTF-8 decode one by one.
 */
function decodeEscapes(s: string): string {
  return s.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run.replace(/%([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
    }
  });
}

/**
 * A status link's and a calendar feed's token are secrets: everything after a
 * `status`, `calendar` or `credit` segment is dropped, in any case.
 */
export function pathForLog(rawUrl: string): string {
  return routerPath(rawUrl).replace(
    /(^|\/)(status|calendar|credit)(\/[\s\S]*)?$/i,
    (_m, lead: string, segment: string, rest?: string) => (rest ? `${lead}${segment}/[token]` : `${lead}${segment}`),
  );
}

/** True for the JSON API and file routes, whose unknown paths answer 404 instead of the dashboard. */
export const isApiPath = (rawUrl: string) => /^\/api(\/|$)/i.test(routerPath(rawUrl));
