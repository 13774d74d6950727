import { z } from "zod";

/** The only place the server reads process.env. */
const schema = z.object({
  EMBARGO_DB: z.string().min(1).default("./data/embargo.db"),
  EMBARGO_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  EMBARGO_HOST: z.string().min(1).default("127.0.0.1"),
  /** Set when served behind TLS so cookies get the Secure flag. */
  EMBARGO_SECURE_COOKIES: z
    .enum(["true", "false", "1", "0"])
    .default("false")
    .transform((v) => v === "true" || v === "1"),
  EMBARGO_WEB_DIST: z.string().optional(),
  EMBARGO_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "silent"]).default("info"),
});

export type Env = z.infer<typeof schema>;

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return parsed.data;
}
