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
    let next: string;
    try {
      next = decodeURIComponent(p);
    } catch {
      break; // malformed escapes: keep what decoded so far
    }
    if (next === p) break;
    p = next;
  }
  return p.replace(/\/{2,}/g, "/");
}

/** A status link's token is a secret: everything after a `status` segment is dropped, in any case. */
export function pathForLog(rawUrl: string): string {
  return routerPath(rawUrl).replace(/(^|\/)status(\/.*)?$/i, (_m, lead: string, rest?: string) =>
    rest ? `${lead}status/[token]` : `${lead}status`,
  );
}

/** True for the JSON API and file routes, whose unknown paths answer 404 instead of the dashboard. */
export const isApiPath = (rawUrl: string) => /^\/api(\/|$)/i.test(routerPath(rawUrl));
