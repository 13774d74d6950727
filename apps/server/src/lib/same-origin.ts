import type { FastifyRequest } from "fastify";

/**
 * A mutation must come from our own pages: the browser's `Origin` names this
 * server (its Host, or the configured public URL), or, without `Origin`,
 * `Sec-Fetch-Site` says same-origin. Anything else, including neither header, is refused.
 */
export function isSameOrigin(req: FastifyRequest, trusted: Set<string>): boolean {
  const origin = req.headers.origin;
  if (origin !== undefined) {
    if (!URL.canParse(origin)) return false;
    const u = new URL(origin);
    return trusted.has(u.origin) || u.host === req.host;
  }
  const site = req.headers["sec-fetch-site"];
  return site === "same-origin" || site === "none";
}
