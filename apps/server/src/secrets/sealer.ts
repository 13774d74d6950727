import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/** Seals short secrets (a status link in a queued email) with the installation key: AES-256-GCM. */
export interface Sealer {
  seal(plain: string): string;
  /** The plain text, or null when the value was not sealed with this key or was altered. */
  open(sealed: string): string | null;
}

const VERSION = "v1";

export function createSealer(key: Buffer): Sealer {
  if (key.length !== 32) throw new Error("The sealing key must be 32 bytes");
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      return [VERSION, iv, body, cipher.getAuthTag()]
        .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
        .join(".");
    },
    open(sealed) {
      const [version, iv, body, tag, ...rest] = sealed.split(".");
      if (version !== VERSION || !iv || body === undefined || !tag || rest.length) return null;
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
        decipher.setAuthTag(Buffer.from(tag, "base64url"));
        return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
      } catch {
        return null;
      }
    },
  };
}
