import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Webhook signatures, Stripe-style: `Embargo-Signature: t=<unix seconds>,v1=<hex>`
 * where the hex is HMAC-SHA256(secret, `${t}.${rawBody}`). The timestamp is
 * signed with the body, so a captured delivery cannot be replayed later than
 * the receiver's tolerance.
 */
export const SIGNATURE_HEADER = "Embargo-Signature";
/** The event name, e.g. `report.created`. */
export const EVENT_HEADER = "Embargo-Event";
/** The outbox id: the same for every retry of one delivery, so receivers can de-duplicate. */
export const DELIVERY_HEADER = "Embargo-Delivery";

/** Default window (seconds) in which a signed timestamp is accepted. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

const hmacHex = (secret: string, timestamp: number, body: string | Uint8Array): string =>
  createHmac("sha256", secret).update(`${timestamp}.`).update(body).digest("hex");

export function signWebhook(secret: string, timestamp: number, body: string): string {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new RangeError("timestamp must be a whole number of seconds since the epoch");
  }
  return `t=${timestamp},v1=${hmacHex(secret, timestamp, body)}`;
}

/**
 * Check an `Embargo-Signature` header against the raw request body (the exact
 * bytes received, before any JSON parsing). False for a missing or malformed
 * header, a timestamp outside `toleranceSeconds` of `nowSeconds` (either
 * side), or no matching `v1` value. Several `v1` values are allowed, so a
 * sender can sign with an old and a new secret while rotating.
 */
export function verifyWebhookSignature(
  secret: string,
  header: string | null | undefined,
  body: string | Uint8Array,
  nowSeconds: number,
  toleranceSeconds: number = DEFAULT_TOLERANCE_SECONDS,
): boolean {
  if (typeof header !== "string" || header.length === 0 || header.length > 4096) return false;
  let timestamp: number | null = null;
  const candidates: string[] = [];
  for (const part of header.split(",")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === "t") {
      if (timestamp !== null || !/^\d{1,15}$/.test(value)) return false;
      timestamp = Number(value);
    } else if (key === "v1" && /^[0-9a-f]{64}$/i.test(value)) {
      candidates.push(value.toLowerCase());
    }
  }
  if (timestamp === null || candidates.length === 0) return false;
  if (!Number.isFinite(nowSeconds) || Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(hmacHex(secret, timestamp, body), "hex");
  let ok = false;
  // Compare against every candidate (no early exit) in constant time per candidate.
  for (const c of candidates) {
    const given = Buffer.from(c, "hex");
    if (given.length === expected.length && timingSafeEqual(given, expected)) ok = true;
  }
  return ok;
}
