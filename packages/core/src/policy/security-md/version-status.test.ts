import { describe, expect, it } from "vitest";
import { statusOf } from "./version-status.ts";

describe("statusOf", () => {
  it.each([
    ["✅", "supported"],
    [":heavy_check_mark: yes", "supported"],
    ["Yes, until EOL", "supported"],
    ["EOL (was supported)", "unsupported"],
    ["Unsupported", "unsupported"],
    ["Not supported", "unsupported"],
    ["None", "unsupported"],
    ["⚠️ security fixes only", "limited"],
    ["Best-effort", "limited"],
    ["LTS", "supported"],
    ["Active", "supported"],
    ["until 2026-06-30", "supported"],
    ["Supported until March 2027", "supported"],
    ["Security fixes only", "limited"],
    ["Critical fixes only", "limited"],
    ["Maintenance", "limited"],
    ["Yes (security fixes only)", "limited"],
    ["Supported — security patches only", "limited"],
    ["Deprecated", "unsupported"],
    ["End of life", "unsupported"],
    ["EOL", "unsupported"],
    ["Out of support", "unsupported"],
    ["Ja", "supported"],
    ["Nein", "unsupported"],
    ["はい", "supported"],
    ["否", "unsupported"],
  ])("%s → %s", (cell, status) => {
    expect(statusOf(cell)).toBe(status);
  });

  it("needs whole words for word keywords", () => {
    expect(statusOf("Nope")).toBeNull();
    expect(statusOf("Yesterday")).toBeNull();
    expect(statusOf("???")).toBeNull();
  });

  it("reads only the first 200 characters of a cell", () => {
    expect(statusOf(`${"x ".repeat(100)}yes`)).toBeNull();
  });
});
