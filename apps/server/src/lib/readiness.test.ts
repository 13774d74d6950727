import { describe, expect, it } from "vitest";
import { readinessReason } from "./readiness.ts";

const e = (code: string) => Object.assign(new Error("/srv/embargo/attachments: failed"), { code });

describe("readinessReason", () => {
  it("says what cannot be written and why, never the path", () => {
    expect(readinessReason("database", e("SQLITE_READONLY"))).toBe("the database is read-only");
    expect(readinessReason("database", e("SQLITE_FULL"))).toBe("the database cannot be written: the disk is full");
    expect(readinessReason("database", e("SQLITE_IOERR_WRITE"))).toBe("the database cannot be written");
    expect(readinessReason("attachments", e("EACCES"))).toBe(
      "the attachments folder cannot be written: permission denied",
    );
    expect(readinessReason("attachments", e("ENOTDIR"))).toBe("the attachments folder is not a folder");
    expect(readinessReason("attachments", e("ENOSPC"))).toBe(
      "the attachments folder cannot be written: the disk is full",
    );
    expect(readinessReason("attachments", new Error("odd"))).toBe("the attachments folder cannot be written");
  });
});
