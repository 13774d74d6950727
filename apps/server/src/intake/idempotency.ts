import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";

/**
 * Idempotent intake (decision 0014): the database keeps only a hash of the
 * client's key and the receipt sealed with a key derived from it (AES-256-GCM,
 * HKDF-SHA256), so the status link inside the receipt cannot be read from the
 * database without the client's key.
 */
export interface SealedReceipt {
  key: string;
  statusToken: string;
  nextPromisedAt: string | null;
}

const INFO = "embargo intake receipt v1";

export const idempotencyKeyHash = (programId: number, key: string) =>
  createHash("sha256").update(`embargo-idempotency:${programId}:${key}`).digest("hex");

/** The request's identity: the validated fields and each file's content, so "the same request" means the same report. */
export function requestHashOf(fields: unknown, fileHashes: readonly string[]): string {
  return createHash("sha256")
    .update(JSON.stringify([fields, fileHashes]))
    .digest("hex");
}

function keyOf(programId: number, key: string): Buffer {
  return Buffer.from(hkdfSync("sha256", key, `embargo-program-${programId}`, INFO, 32));
}

export function sealReceipt(programId: number, key: string, receipt: SealedReceipt): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyOf(programId, key), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(receipt), "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
}

/** Null when the sealed text does not open with this key (tampered, or another key's row). */
export function openReceipt(programId: number, key: string, sealed: string): SealedReceipt | null {
  try {
    const raw = Buffer.from(sealed, "base64url");
    const decipher = createDecipheriv("aes-256-gcm", keyOf(programId, key), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
    return JSON.parse(text) as SealedReceipt;
  } catch {
    return null;
  }
}
