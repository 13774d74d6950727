import { randomBytes } from "node:crypto";
import { createSealer } from "./sealer.ts";

/** A sealer with a fresh random key, for tests that queue receipts or run the outbox. */
export const testSealer = createSealer(randomBytes(32));
