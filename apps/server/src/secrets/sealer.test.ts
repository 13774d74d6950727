import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createSealer } from "./sealer.ts";

const sealer = createSealer(randomBytes(32));
const LINK = "https://embargo.example/status/tok_0123456789abcdef";

/** Flips one bit of the base64url part at `index` of a sealed value. */
const tamper = (sealed: string, index: number) => {
  const parts = sealed.split(".");
  const bytes = Buffer.from(parts[index]!, "base64url");
  bytes[0]! ^= 1;
  parts[index] = bytes.toString("base64url");
  return parts.join(".");
};

describe("createSealer", () => {
  it("opens what it sealed, including unicode and the empty string", () => {
    for (const text of [LINK, "Grüße, 世界 🔐", ""]) expect(sealer.open(sealer.seal(text))).toBe(text);
  });

  it("does not show the plain text and uses a fresh IV each time", () => {
    const a = sealer.seal(LINK);
    const b = sealer.seal(LINK);
    expect(a).not.toBe(b);
    expect(a).not.toContain("tok_0123456789abcdef");
  });

  it("returns null for a value sealed with another key", () => {
    expect(sealer.open(createSealer(randomBytes(32)).seal(LINK))).toBeNull();
  });

  it("returns null when the iv, body or tag was altered", () => {
    const sealed = sealer.seal(LINK);
    for (const part of [1, 2, 3]) expect(sealer.open(tamper(sealed, part))).toBeNull();
  });

  it("returns null for a wrong version, wrong part count or garbage, never throwing", () => {
    const [, iv, body, tag] = sealer.seal(LINK).split(".");
    for (const bad of [
      `v2.${iv}.${body}.${tag}`,
      `.${iv}.${body}.${tag}`,
      `v1.${iv}.${body}`,
      `v1.${iv}.${body}.${tag}.extra`,
      `v1.${iv}.${body}.`,
      `v1..${body}.${tag}`,
      "",
      "garbage",
      "v1.!!.??.**",
      "v1.a.b.c",
    ]) {
      expect(sealer.open(bad), bad).toBeNull();
    }
  });

  it("refuses a key that is not 32 bytes", () => {
    expect(() => createSealer(randomBytes(16))).toThrow(/32 bytes/);
    expect(() => createSealer(randomBytes(33))).toThrow(/32 bytes/);
  });
});
