import { fieldError } from "../errors.ts";
import type { VersionScheme } from "./enums.ts";

/**
 * Version numbers as a program writes them, read by its scheme
 * (programs.version_scheme): semantic versions (semver.org 2.0.0, a leading
 * "v" allowed), calendar versions (YYYY[.MM[.DD]][.N], "." or "-"), or any one
 * line.
 */

/** semver.org's own pattern; the leading "v" is taken off before it. */
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;
const CALVER = /^(\d{4})(?:[.-](\d{1,2})(?:[.-](\d{1,2}))?)?(?:[.-](\d{1,9}))?$/;
const MAX_LENGTH = 100;

interface Semver {
  core: [number, number, number];
  pre: string[];
}

const withoutV = (s: string): string => (/^[vV]\d/.test(s) ? s.slice(1) : s);

function parseSemver(text: string): Semver | null {
  const s = withoutV(text.trim());
  if (s.length > 256) return null;
  const m = SEMVER.exec(s);
  if (!m) return null;
  const core = [Number(m[1]), Number(m[2]), Number(m[3])] as [number, number, number];
  if (!core.every(Number.isSafeInteger)) return null;
  return { core, pre: m[4] ? m[4].split(".") : [] };
}

/** The numeric parts of a calendar version (year, month, day, number), or null. */
function parseCalver(text: string): number[] | null {
  const m = CALVER.exec(withoutV(text.trim()));
  if (!m) return null;
  const [, year, month, day, n] = m;
  if (month !== undefined && !(Number(month) >= 1 && Number(month) <= 12)) return null;
  if (day !== undefined && !(Number(day) >= 1 && Number(day) <= 31)) return null;
  // YYYY.N alone would read N as a month; a build number needs the month before it.
  if (n !== undefined && month === undefined) return null;
  return [year, month, day, n].filter((x) => x !== undefined).map(Number);
}

/**
 * The version as written (trimmed), or a field error naming the scheme:
 * "1.2 is not a semantic version (like 1.4.2)".
 */
export function checkVersion(scheme: VersionScheme, text: string, field = "fixedVersion"): string {
  const v = typeof text === "string" ? text.trim() : "";
  if (!v) throw fieldError(field, "Enter the version");
  if (v.length > MAX_LENGTH) throw fieldError(field, `At most ${MAX_LENGTH} characters`);
  if (/[\p{Cc}\u2028\u2029]/u.test(v)) throw fieldError(field, "A version is one line");
  switch (scheme) {
    case "semver":
      if (!parseSemver(v)) throw fieldError(field, `${v} is not a semantic version (like 1.4.2)`);
      return v;
    case "calver":
      if (!parseCalver(v)) throw fieldError(field, `${v} is not a calendar version (like 2026.03 or 2026.03.15)`);
      return v;
    case "other":
      return v;
  }
}

const numericId = /^\d+$/;

function comparePre(a: string[], b: string[]): number {
  // A release is greater than any of its pre-releases.
  if (!a.length || !b.length) return Math.sign(b.length - a.length);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    const xn = numericId.test(x);
    const yn = numericId.test(y);
    if (xn && yn) return Math.sign(Number(x) - Number(y));
    if (xn !== yn) return xn ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

const naturalCompare = (a: string, b: string): number =>
  Math.sign(a.localeCompare(b, "en", { numeric: true, sensitivity: "base" }));

/**
 * Order two versions of the scheme: negative when a is older, 0 when equal
 * (build metadata and a leading "v" are ignored), positive when newer.
 * Versions the scheme cannot read are compared as text with numbers in order.
 */
export function compareVersions(scheme: VersionScheme, a: string, b: string): number {
  if (scheme === "semver") {
    const x = parseSemver(a);
    const y = parseSemver(b);
    if (x && y) {
      for (let i = 0; i < 3; i++) {
        const d = Math.sign((x.core[i] as number) - (y.core[i] as number));
        if (d) return d;
      }
      return comparePre(x.pre, y.pre);
    }
  }
  if (scheme === "calver") {
    const x = parseCalver(a);
    const y = parseCalver(b);
    if (x && y) {
      for (let i = 0; i < Math.max(x.length, y.length); i++) {
        const d = Math.sign((x[i] ?? -1) - (y[i] ?? -1));
        if (d) return d;
      }
      return 0;
    }
  }
  return naturalCompare(a.trim(), b.trim());
}
