import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.ts";
import { checkVersion, compareVersions } from "./versions.ts";

function errorOf(f: () => unknown): DomainError {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error("expected a DomainError");
}

describe("checkVersion", () => {
  it("reads semantic versions, returned as written", () => {
    for (const v of ["1.4.2", "0.0.0", "v1.4.2", "1.0.0-rc.1", "1.0.0-alpha+build.7", "10.20.30+meta"]) {
      expect(checkVersion("semver", v)).toBe(v);
    }
    expect(checkVersion("semver", "  v2.0.1 ")).toBe("v2.0.1");
  });

  it("refuses what is not a semantic version, naming the scheme", () => {
    const e = errorOf(() => checkVersion("semver", "1.2"));
    expect(e.field).toBe("fixedVersion");
    expect(e.message).toBe("1.2 is not a semantic version (like 1.4.2)");
    for (const v of ["01.2.3", "1.2.3.4", "1.2.3-", "1.2.3-01", "vv1.2.3", "latest", "1.2.x"]) {
      expect(() => checkVersion("semver", v), v).toThrow(/not a semantic version/);
    }
  });

  it("reads calendar versions", () => {
    for (const v of [
      "2026",
      "2026.03",
      "2026.3",
      "2026.03.15",
      "2026-03-15",
      "2026.03.15.2",
      "2026.03.1",
      "v2026.04",
    ]) {
      expect(checkVersion("calver", v, "value")).toBe(v);
    }
    for (const v of ["26.03", "2026.13", "2026.03.32", "2026.00", "1.4.2", "2026.03.15.1.1", "2026.123"]) {
      const e = errorOf(() => checkVersion("calver", v, "value"));
      expect(e.field, v).toBe("value");
      expect(e.message, v).toBe(`${v} is not a calendar version (like 2026.03 or 2026.03.15)`);
    }
  });

  it("takes any one line of at most 100 characters for other schemes", () => {
    expect(checkVersion("other", " Build 7 (spring) ")).toBe("Build 7 (spring)");
    expect(() => checkVersion("other", "a\nb")).toThrow(/one line/);
    expect(() => checkVersion("other", "x".repeat(101))).toThrow(/At most 100/);
    expect(checkVersion("other", "x".repeat(100))).toHaveLength(100);
    expect(errorOf(() => checkVersion("other", "   ")).message).toBe("Enter the version");
    expect(errorOf(() => checkVersion("semver", "")).message).toBe("Enter the version");
  });
});

describe("compareVersions", () => {
  it("orders semantic versions by precedence", () => {
    // semver.org 11.4: 1.0.0-alpha < 1.0.0-alpha.1 < 1.0.0-alpha.beta < 1.0.0-beta < 1.0.0-beta.2 < 1.0.0-beta.11 < 1.0.0-rc.1 < 1.0.0
    const order = [
      "1.0.0-alpha",
      "1.0.0-alpha.1",
      "1.0.0-alpha.beta",
      "1.0.0-beta",
      "1.0.0-beta.2",
      "1.0.0-beta.11",
      "1.0.0-rc.1",
      "1.0.0",
      "1.0.1",
      "1.2.0",
      "1.10.0",
      "2.0.0",
    ];
    for (let i = 0; i < order.length; i++) {
      for (let j = 0; j < order.length; j++) {
        expect(compareVersions("semver", order[i] as string, order[j] as string), `${order[i]} ${order[j]}`).toBe(
          Math.sign(i - j),
        );
      }
    }
    expect(compareVersions("semver", "v1.2.3", "1.2.3+build.5")).toBe(0);
  });

  it("orders calendar versions by their numbers", () => {
    expect(compareVersions("calver", "2026.3", "2026.03")).toBe(0);
    expect(compareVersions("calver", "2026.03", "2026.10")).toBe(-1);
    expect(compareVersions("calver", "2026.03.15", "2026.03")).toBe(1);
    expect(compareVersions("calver", "2027", "2026.12.31.9")).toBe(1);
    expect(compareVersions("calver", "2026-03-15.2", "2026.03.15.10")).toBe(-1);
  });

  it("orders other versions as text with numbers in order", () => {
    expect(compareVersions("other", "build 9", "build 10")).toBe(-1);
    expect(compareVersions("other", "Release B", "release a")).toBe(1);
    expect(compareVersions("other", "r7", "r7")).toBe(0);
  });
});
