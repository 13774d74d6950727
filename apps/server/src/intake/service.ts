import { randomBytes } from "node:crypto";
import {
  type Channel,
  chooseLocale,
  describeFieldErrors,
  emailSubmissionSchema,
  type IntakePriority,
  idempotencyKeySchema,
  programLocales,
  publicSubmissionSchema,
  replySchema,
  zodFieldErrors,
} from "@embargo/core";
import {
  acceptReport,
  addReporterMessage,
  type Db,
  intakeRequestOf,
  programBySlug,
  type ReportRow,
  sha256Hex,
} from "@embargo/db";
import type { Sealer } from "../secrets/sealer.ts";
import { type AttachmentLimits, checkFiles, type IncomingFile, storeFile } from "./attachments.ts";
import { idempotencyKeyHash, openReceipt, requestHashOf, sealReceipt } from "./idempotency.ts";

export interface IntakeConfig {
  db: Db;
  dataDir: string;
  publicUrl: string;
  limits: AttachmentLimits;
  /** Seals the status link in the queued receipt (installation key). */
  sealer: Sealer;
  now: () => Date;
}

export type IntakeError = {
  ok: false;
  status: 400 | 404 | 409 | 410;
  error: string;
  fieldErrors: Record<string, string>;
};
export type Receipt = {
  ok: true;
  key: string;
  statusToken: string;
  statusUrl: string;
  nextPromisedAt: Date | null;
  /** The first receipt given again to a retry with the same idempotency key. */
  replayed?: boolean;
};

export const hashStatusToken = (token: string) => sha256Hex(token);

/** The `Idempotency-Key` header, if the client sent one (a repeated header counts as malformed). */
export function idempotencyKeyOf(req: { headers: Record<string, string | string[] | undefined> }): string | null {
  const h = req.headers["idempotency-key"];
  if (h === undefined) return null;
  return Array.isArray(h) ? h.join(",") : h;
}

export const invalid = (fieldErrors: Record<string, string>): IntakeError => ({
  ok: false,
  status: 400,
  error: describeFieldErrors(fieldErrors),
  fieldErrors,
});

export interface SubmitInput {
  programSlug: string;
  /** Manual entry is staff work in the dashboard, never intake. */
  channel: Exclude<Channel, "manual">;
  input: unknown;
  files: IncomingFile[];
  intakePriority?: IntakePriority | null;
  inboundEmailId?: number | null;
  receivedAt?: Date;
  /**
   * The reporter's language: the form's choice, or the language detected in an
   * email (`detectScriptLocale`); else the request's Accept-Language decides.
   * Limited to the program's languages; an unsupported one falls back to its first.
   */
  language?: string | null;
  acceptLanguage?: string | null;
  /** API `Idempotency-Key` header, or the public form's per-page nonce. */
  idempotencyKey?: string | null;
}

/**
 * Every intake path comes through here: validate everything, write the
 * attachments durably, commit the report in one transaction, then answer
 * with the receipt. Nothing is half-done when any step refuses.
 */
export async function submitReport(cfg: IntakeConfig, s: SubmitInput): Promise<Receipt | IntakeError> {
  const program = programBySlug(cfg.db, s.programSlug);
  if (!program) return { ok: false, status: 404, error: `No program "${s.programSlug}"`, fieldErrors: {} };
  // Archived: its reports stay readable, but no intake path adds to it.
  if (program.archivedAt) {
    return { ok: false, status: 410, error: `${program.name} no longer accepts reports`, fieldErrors: {} };
  }
  let idem: { key: string; keyHash: string } | null = null;
  if (s.idempotencyKey !== undefined && s.idempotencyKey !== null) {
    const k = idempotencyKeySchema.safeParse(s.idempotencyKey);
    if (!k.success) return invalid({ idempotencyKey: k.error.issues[0]?.message ?? "Invalid" });
    idem = { key: k.data, keyHash: idempotencyKeyHash(program.id, k.data) };
  }
  const schema = s.channel === "email" ? emailSubmissionSchema : publicSubmissionSchema;
  const parsed = schema.safeParse(s.input);
  if (!parsed.success) return invalid(zodFieldErrors(parsed.error));
  const requestHash = idem
    ? requestHashOf(
        parsed.data,
        s.files.map((f) => sha256Hex(f.bytes)),
      )
    : "";
  if (idem) {
    const first = replayOf(cfg, program.id, idem, requestHash);
    if (first) return first;
  }
  const data = parsed.data as typeof parsed.data & {
    website?: string;
    credit?: { creditAs: "name" | "handle" | "anonymous"; consent: "pending" | "accepted" | "declined" };
  };
  if (data.website) return invalid({ website: "Leave this field empty" });
  const checked = await checkFiles(s.files, cfg.limits);
  if (!checked.ok) return invalid({ attachments: checked.message });
  const stored = s.files.map((f, i) => storeFile(cfg.dataDir, f, checked.types[i]!));
  const { reporter, credit, website: _w, ...fields } = data;
  const token = randomBytes(24).toString("base64url"); // 192 bits
  const statusUrl = `${cfg.publicUrl.replace(/\/$/, "")}/status/${token}`;
  const now = cfg.now();
  let accepted: ReturnType<typeof acceptReport>;
  try {
    accepted = acceptReport(
      cfg.db,
      {
        programId: program.id,
        fields,
        channel: s.channel,
        receivedAt: s.receivedAt ?? now,
        reporter: reporter ?? null,
        credit: credit ?? {
          creditAs: reporter?.name ? "name" : reporter?.handle ? "handle" : "anonymous",
          consent: "pending",
        },
        intakePriority: s.intakePriority ?? null,
        files: stored,
        statusTokenHash: hashStatusToken(token),
        sealedStatusUrl: cfg.sealer.seal(statusUrl),
        inboundEmailId: s.inboundEmailId ?? null,
        reporterLanguage: chooseLocale({
          program: programLocales(program.policy.languages),
          requested: s.language,
          acceptLanguage: s.acceptLanguage,
        }),
        idempotency: idem
          ? {
              keyHash: idem.keyHash,
              requestHash,
              seal: (r, next) =>
                sealReceipt(program.id, idem.key, {
                  key: r.key,
                  statusToken: token,
                  nextPromisedAt: next?.toISOString() ?? null,
                }),
            }
          : null,
      },
      now,
    );
  } catch (e) {
    // A twin request with the same key committed first (unique index): answer with its receipt.
    const first = idem && isUniqueViolation(e) ? replayOf(cfg, program.id, idem, requestHash) : null;
    if (first) return first;
    throw e;
  }
  const { report, nextPromisedAt } = accepted;
  return { ok: true, key: report.key, statusToken: token, statusUrl, nextPromisedAt };
}

const isUniqueViolation = (e: unknown) => (e as { code?: string } | null)?.code === "SQLITE_CONSTRAINT_UNIQUE";

/** The first receipt for this key, or a conflict when the key came with another report; null when the key is new. */
function replayOf(
  cfg: IntakeConfig,
  programId: number,
  idem: { key: string; keyHash: string },
  requestHash: string,
): Receipt | IntakeError | null {
  const row = intakeRequestOf(cfg.db, programId, idem.keyHash);
  if (!row) return null;
  const receipt = row.requestHash === requestHash ? openReceipt(programId, idem.key, row.sealedReceipt) : null;
  if (!receipt) {
    return {
      ok: false,
      status: 409,
      error: "This idempotency key was already used for a different report; nothing was saved",
      fieldErrors: { idempotencyKey: "Already used for a different report" },
    };
  }
  return {
    ok: true,
    key: receipt.key,
    statusToken: receipt.statusToken,
    statusUrl: `${cfg.publicUrl.replace(/\/$/, "")}/status/${receipt.statusToken}`,
    nextPromisedAt: receipt.nextPromisedAt ? new Date(receipt.nextPromisedAt) : null,
    replayed: true,
  };
}

/** A reply from the reporter (status page or email), with its files. */
export async function submitReply(
  cfg: IntakeConfig,
  report: ReportRow,
  input: unknown,
  files: IncomingFile[],
): Promise<{ ok: true; id: number } | IntakeError> {
  const parsed = replySchema.safeParse(input);
  if (!parsed.success) return invalid(zodFieldErrors(parsed.error));
  const checked = await checkFiles(files, cfg.limits);
  if (!checked.ok) return invalid({ attachments: checked.message });
  const stored = files.map((f, i) => storeFile(cfg.dataDir, f, checked.types[i]!));
  const msg = addReporterMessage(cfg.db, report, parsed.data.body, stored, cfg.now());
  return { ok: true, id: msg.id };
}
