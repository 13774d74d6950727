import { describe, expect, it } from "vitest";
import { compareWithDisk, type FoundFile, type Manifest, parseManifest, unaccountedReferences } from "./manifest.ts";

const A = "a".repeat(64);
const B = "b".repeat(64);
const manifest = (): Manifest => ({
  format: "embargo-backup",
  version: 1,
  createdAt: "2026-12-02T12:00:00.000Z",
  schema: { migrations: 14, last: "0013_trust" },
  counts: { reports: 2, attachments: 1, audit_log: 5 },
  audit: { id: 5, hash: B, count: 5 },
  files: [
    { path: "embargo.db", size: 4096, sha256: A },
    { path: `attachments/bb/${B}`, size: 10, sha256: B },
  ],
  unavailable: [],
});

describe("parseManifest", () => {
  it("accepts what a backup writes", () => {
    expect(parseManifest(JSON.stringify(manifest()))).toEqual({ ok: true, manifest: manifest() });
  });
  it("refuses another format, a path leaving the folder, a missing snapshot and a duplicate, naming the field", () => {
    const bad = (change: (m: Record<string, unknown>) => void) => {
      const m = manifest() as unknown as Record<string, unknown>;
      change(m);
      const r = parseManifest(JSON.stringify(m));
      return r.ok ? "ok" : r.problem;
    };
    expect(parseManifest("{")).toEqual({ ok: false, problem: "manifest.json is not JSON" });
    expect(bad((m) => (m.version = 2))).toMatch(/^manifest.json: version:/);
    expect(bad((m) => ((m.files as Manifest["files"])[1]!.path = "../../etc/passwd"))).toMatch(
      /files.1.path: must be a relative path/,
    );
    expect(bad((m) => ((m.files as Manifest["files"])[1]!.path = "/etc/passwd"))).toMatch(/files.1.path/);
    expect(bad((m) => (m.files = (m.files as Manifest["files"]).slice(1)))).toBe(
      "manifest.json does not list the database snapshot embargo.db",
    );
    expect(bad((m) => (m.files = [...(m.files as Manifest["files"]), (m.files as Manifest["files"])[1]]))).toBe(
      `manifest.json lists attachments/bb/${B} twice`,
    );
  });
});

describe("compareWithDisk", () => {
  const disk = () =>
    new Map<string, FoundFile>([
      ["embargo.db", { size: 4096, sha256: A }],
      [`attachments/bb/${B}`, { size: 10, sha256: B }],
    ]);
  it("finds nothing when every file matches", () => {
    expect(compareWithDisk(manifest(), disk())).toEqual([]);
  });
  it("names a missing, resized, altered or unlisted file", () => {
    const d = disk();
    d.delete(`attachments/bb/${B}`);
    d.set("embargo.db", { size: 4096, sha256: B });
    d.set("planted.sh", { size: 1 });
    expect(compareWithDisk(manifest(), d)).toEqual([
      "embargo.db does not match its SHA-256 in the manifest",
      `attachments/bb/${B} is missing`,
      "planted.sh is not in the manifest",
    ]);
    const r = disk();
    r.set("embargo.db", { size: 4000 });
    expect(compareWithDisk(manifest(), r)).toEqual(["embargo.db is 4000 bytes, the manifest says 4096"]);
  });
});

describe("unaccountedReferences", () => {
  it("accepts files in the backup or recorded as unavailable, and names the rest", () => {
    const m = manifest();
    m.unavailable = [{ path: "mail/cc/x.eml", reason: "missing" }];
    expect(unaccountedReferences(m, [`attachments/bb/${B}`, "mail/cc/x.eml", "attachments/dd/d"])).toEqual([
      "attachments/dd/d",
    ]);
  });
});
