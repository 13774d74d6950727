import path from "node:path";
import { writeContentAddressed } from "../lib/durable-file.ts";

/** Where the original bytes of an inbound email are kept: `<dataDir>/mail/<sha[0:2]>/<sha>.eml`. */
export const rawEmailPath = (dataDir: string, sha256: string) =>
  path.join(dataDir, "mail", sha256.slice(0, 2), `${sha256}.eml`);

/**
 * Keep the message exactly as received, under a name derived from its
 * SHA-256, durable before any database row points to it. The same message
 * twice is stored once.
 */
export function storeRawEmail(dataDir: string, raw: Buffer, sha256: string): string {
  const final = rawEmailPath(dataDir, sha256);
  writeContentAddressed(final, raw, { dirMode: 0o700 });
  return final;
}
