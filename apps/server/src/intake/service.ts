import { randomBytes } from "node:crypto";
import {
  type Channel,
  describeFieldErrors,
  emailSubmissionSchema,
  type IntakePriority,
  publicSubmissionSchema,
  replySchema,
  zodFieldErrors,
} from "@embargo/core";
import { acceptReport, addReporterMessage, type Db, programBySlug, type ReportRow, sha256Hex } from "@embargo/db";
import type { Sealer } from "../secrets/sealer.ts";
import { type AttachmentLimits, checkFiles, type IncomingFile, storeFile } from "./attachments.ts";

export interface IntakeConfig {
  db: Db;
  dataDir: string;
  publicUrl: string;
  limits: AttachmentLimits;
  /** Seals the status link in the queued receipt (installation key). */
  sealer: Sealer;
  now: () => Date;
}

export type IntakeError = { ok: false; status: 400 | 404 | 410; error: string; fieldErrors: Record<string, string> };
export type Receipt = { ok: true; key: string; statusToken: string; statusUrl: string; nextPromisedAt: Date | null };

export const hashStatusToken = (token: string) => sha256Hex(token);

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
  const schema = s.channel === "email" ? emailSubmissionSchema : publicSubmissionSchema;
  const parsed = schema.safeParse(s.input);
  if (!parsed.success) return invalid(zodFieldErrors(parsed.error));
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
  const { report, nextPromisedAt } = acceptReport(
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
    },
    now,
  );
  return { ok: true, key: report.key, statusToken: token, statusUrl, nextPromisedAt };
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
