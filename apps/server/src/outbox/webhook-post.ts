import type { LookupAddress } from "node:dns";
import { lookup as dnsLookup } from "node:dns";
import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";

/** POST a webhook body; resolves with the HTTP status. Rejects on network failure or a refused address. */
export type WebhookPost = (
  url: URL,
  init: { headers: Record<string, string>; body: string; timeoutMs: number },
) => Promise<number>;

/** Thrown (as the rejection) when the destination resolves to an address we do not call. */
export class BlockedAddressError extends Error {
  readonly code = "EBLOCKEDADDRESS";
  constructor(readonly address: string) {
    super(`webhook address ${address} is not public`);
  }
}

/**
 * Only ordinary public unicast addresses: not loopback, private, link-local
 * (which holds cloud metadata at 169.254.169.254), unique-local, CGNAT,
 * multicast, unspecified or reserved ranges. IPv4-mapped IPv6 is judged as IPv4.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === "unicast";
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A DNS lookup that refuses non-public answers. It is the lookup the socket
 * connects with, so the address checked is the address called: a name that
 * resolves differently on a second query (DNS rebinding) gains nothing.
 */
function guardedLookup(hostname: string, options: { all?: boolean }, callback: LookupCallback): void {
  dnsLookup(hostname, { all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const blocked = addresses.find((a) => !isPublicAddress(a.address));
    if (blocked) return callback(new BlockedAddressError(blocked.address), []);
    if (options.all) return callback(null, addresses);
    const first = addresses[0];
    if (!first) return callback(Object.assign(new Error("no address"), { code: "ENOTFOUND" }), []);
    callback(null, first.address, first.family);
  });
}

/**
 * The webhook sender: node's http(s) with the guarded lookup (fetch cannot
 * be given a lookup). `allowPrivate` (EMBARGO_WEBHOOK_ALLOW_PRIVATE) lets an
 * installation call receivers on its own network.
 */
export function createWebhookPost(opts: { allowPrivate: boolean }): WebhookPost {
  return (url, init) =>
    new Promise<number>((resolve, reject) => {
      const host = url.hostname.replace(/^\[|\]$/g, "");
      // Literal addresses never go through lookup, so they are checked here.
      if (!opts.allowPrivate && isIP(host) && !isPublicAddress(host)) {
        reject(new BlockedAddressError(host));
        return;
      }
      const request = url.protocol === "https:" ? https.request : http.request;
      const req = request(
        url,
        {
          method: "POST",
          headers: { ...init.headers, "Content-Length": Buffer.byteLength(init.body) },
          ...(opts.allowPrivate ? {} : { lookup: guardedLookup as never }),
          // No keep-alive pool: each delivery resolves (and checks) its address afresh.
          agent: false,
        },
        (res) => {
          // The status is all we need; the body is read and dropped so the socket closes.
          resolve(res.statusCode ?? 0);
          res.resume();
        },
      );
      // One deadline for the whole exchange: a receiver trickling bytes cannot hold a delivery open.
      const timer = setTimeout(() => {
        const err = new Error("timeout");
        err.name = "TimeoutError";
        req.destroy(err);
      }, init.timeoutMs);
      req.on("close", () => clearTimeout(timer));
      req.on("error", reject);
      req.end(init.body);
    });
}
