import { z } from "zod";

/**
 * manifest.json, written last into a backup folder: its presence means the backup is
 * complete. Pure: the shape, and the comparison of what it lists with what is on disk.
 */

export const MANIFEST_FILE = "manifest.json";
export const MANIFEST_FORMAT = "embargo-backup";
export const MANIFEST_VERSION = 1;
/** The database snapshot's name inside a backup folder. */
export const SNAPSHOT_FILE = "embargo.db";

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, "must be a lowercase hex SHA-256");
/** Relative POSIX path inside the folder: no absolute path, no `..`, no backslash. */
const relPath = z
  .string()
  .min(1)
  .refine(
    (p) => !p.startsWith("/") && !p.includes("\\") && p.split("/").every((s) => s !== "" && s !== ".." && s !== "."),
    {
      message: "must be a relative path inside the backup folder",
    },
  );

export const auditHeadSchema = z.object({
  id: z.number().int(),
  hash: z.string().min(1),
  count: z.number().int().min(0),
});

export const manifestSchema = z.object({
  format: z.literal(MANIFEST_FORMAT),
  version: z.literal(MANIFEST_VERSION),
  createdAt: z.iso.datetime(),
  schema: z.object({ migrations: z.number().int().min(0), last: z.string().nullable() }),
  counts: z.record(z.string(), z.number().int().min(0)),
  audit: auditHeadSchema.nullable(),
  files: z.array(z.object({ path: relPath, size: z.number().int().min(0), sha256 })).min(1),
  /** Files the snapshot refers to that could not be copied (absent or damaged in the data folder at backup time). */
  unavailable: z.array(z.object({ path: relPath, reason: z.enum(["missing", "damaged"]) })),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestFile = Manifest["files"][number];

export function parseManifest(text: string): { ok: true; manifest: Manifest } | { ok: false; problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problem: "manifest.json is not JSON" };
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    return { ok: false, problem: `manifest.json: ${i.path.join(".") || "(root)"}: ${i.message}` };
  }
  if (!parsed.data.files.some((f) => f.path === SNAPSHOT_FILE))
    return { ok: false, problem: `manifest.json does not list the database snapshot ${SNAPSHOT_FILE}` };
  const seen = new Set<string>();
  for (const f of parsed.data.files) {
    if (seen.has(f.path)) return { ok: false, problem: `manifest.json lists ${f.path} twice` };
    seen.add(f.path);
  }
  return { ok: true, manifest: parsed.data };
}

/** What was found on disk for one path: its size, and its SHA-256 when the size matched. */
export interface FoundFile {
  size: number;
  sha256?: string;
}

/**
 * Every difference between the manifest and the folder, as sentences naming the file:
 * missing, other size, other content, and files the manifest does not list.
 */
export function compareWithDisk(manifest: Manifest, found: Map<string, FoundFile>): string[] {
  const problems: string[] = [];
  for (const f of manifest.files) {
    const got = found.get(f.path);
    if (!got) problems.push(`${f.path} is missing`);
    else if (got.size !== f.size) problems.push(`${f.path} is ${got.size} bytes, the manifest says ${f.size}`);
    else if (got.sha256 !== f.sha256) problems.push(`${f.path} does not match its SHA-256 in the manifest`);
  }
  const listed = new Set(manifest.files.map((f) => f.path));
  for (const p of [...found.keys()].sort()) if (!listed.has(p)) problems.push(`${p} is not in the manifest`);
  return problems;
}

/** Data-folder paths of the files the database refers to, as stored by intake. */
export const attachmentRelPath = (sha: string) => `attachments/${sha.slice(0, 2)}/${sha}`;
export const mailRelPath = (sha: string) => `mail/${sha.slice(0, 2)}/${sha}.eml`;

/** Referenced files neither in the backup nor recorded as unavailable when it was taken. */
export function unaccountedReferences(manifest: Manifest, referenced: string[]): string[] {
  const known = new Set([...manifest.files.map((f) => f.path), ...manifest.unavailable.map((u) => u.path)]);
  return referenced.filter((p) => !known.has(p));
}
