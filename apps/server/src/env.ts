import { z } from "zod";
import { INTERVAL_HINT, parseInterval } from "./backup/schedule.ts";

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
  /** "true", or a comma list of proxy addresses, when a reverse proxy sets X-Forwarded-For. */
  EMBARGO_TRUST_PROXY: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === "" || v === "false" ? false : v === "true" ? true : v)),
  /** Where attachments and raw emails are kept (default: beside the database). */
  EMBARGO_DATA_DIR: z.string().min(1).optional(),
  /** Scheduled backups from `serve`: the folder receiving one subfolder per run, how often (default 1d), how many kept. */
  EMBARGO_BACKUP_DIR: z.string().min(1).optional(),
  EMBARGO_BACKUP_EVERY: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return undefined;
      const ms = parseInterval(v);
      if (ms === null) ctx.addIssue({ code: "custom", message: `"${v}" is not ${INTERVAL_HINT}` });
      return ms ?? undefined;
    }),
  EMBARGO_BACKUP_KEEP: z.coerce.number().int().min(1).max(1000).default(7),
  /** The address people reach the server at, for status links in emails. */
  EMBARGO_PUBLIC_URL: z.url("Must be a URL such as https://security.example.com").optional(),
  EMBARGO_MAX_ATTACHMENT_MB: z.coerce.number().positive().max(100).default(10),
  EMBARGO_MAX_ATTACHMENTS: z.coerce.number().int().min(0).max(20).default(5),
  /** Public submissions and status-page posts per IP per hour. */
  EMBARGO_INTAKE_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(20),
  /** Outgoing mail, e.g. smtp://user:pass@mail.example.com:587; unset = mail waits in the outbox. */
  EMBARGO_SMTP_URL: z.string().min(1).optional(),
  EMBARGO_SMTP_FROM: z.string().min(3).default("Embargo <security-noreply@localhost>"),
  /** Port of the inbound SMTP listener for email intake; unset = no listener. */
  EMBARGO_SMTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  EMBARGO_SMTP_HOST: z.string().min(1).default("127.0.0.1"),
  /** The installation key (seals status links in queued email); default `embargo.key` in the data folder. */
  EMBARGO_KEY_FILE: z.string().min(1).optional(),
  /** Allow webhooks to loopback, private and link-local addresses (off: the server must not be an SSRF relay). */
  EMBARGO_WEBHOOK_ALLOW_PRIVATE: z
    .enum(["true", "false", "1", "0"])
    .default("false")
    .transform((v) => v === "true" || v === "1"),
  EMBARGO_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "silent"]).default("info"),
});

export type Env = z.infer<typeof schema>;

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  if (parsed.data.EMBARGO_BACKUP_EVERY !== undefined && !parsed.data.EMBARGO_BACKUP_DIR)
    throw new Error(
      "Invalid configuration:\n  EMBARGO_BACKUP_EVERY: set EMBARGO_BACKUP_DIR too (where the backups go)",
    );
  return parsed.data;
}
