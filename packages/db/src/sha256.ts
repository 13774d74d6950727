import { createHash } from "node:crypto";

/** SHA-256 as 64 lowercase hex digits: the form of every stored hash (tokens, files, the audit chain). */
export const sha256Hex = (data: string | Uint8Array): string => createHash("sha256").update(data).digest("hex");
