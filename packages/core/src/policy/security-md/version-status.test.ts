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
