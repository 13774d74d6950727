import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signWebhook, verifyWebhookSignature } from "./signature.ts";

const SECRET = "whsec_test_0123456789";
const BODY = JSON.stringify({ event: "report.created", webhookId: 1, data: { key: "ALPHA-1" } });
const TS = 1_900_000_000;

describe("webhook signatures", () => {
  it('signs t=<ts>,v1=<hex HMAC-SHA256 of "<ts>.<body>">', () => {
    const expected = createHmac("sha256", SECRET).update(`${TS}.${BODY}`).digest("hex");
    expect(signWebhook(SECRET, TS, BODY)).toBe(`t=${TS},v1=${expected}`);
  });

  it("refuses a timestamp that is not whole seconds", () => {
    expect(() => signWebhook(SECRET, 1.5, BODY)).toThrow(RangeError);
    expect(() => signWebhook(SECRET, -1, BODY)).toThrow(RangeError);
    expect(() => signWebhook(SECRET, Number.NaN, BODY)).toThrow(RangeError);
  });

  it("verifies its own signature, from a string or the raw bytes", () => {
    const header = signWebhook(SECRET, TS, BODY);
    expect(verifyWebhookSignature(SECRET, header, BODY, TS)).toBe(true);
    expect(verifyWebhookSignature(SECRET, header, Buffer.from(BODY), TS + 299)).toBe(true);
  });

  it("rejects a wrong secret or a tampered body", () => {
    const header = signWebhook(SECRET, TS, BODY);
    expect(verifyWebhookSignature("whsec_other", header, BODY, TS)).toBe(false);
    expect(verifyWebhookSignature(SECRET, header, BODY.replace("ALPHA-1", "ALPHA-2"), TS)).toBe(false);
    expect(verifyWebhookSignature(SECRET, header, `${BODY} `, TS)).toBe(false);
  });

  it("rejects a replay outside the tolerance, either side", () => {
    const header = signWebhook(SECRET, TS, BODY);
    expect(verifyWebhookSignature(SECRET, header, BODY, TS + 301)).toBe(false);
    expect(verifyWebhookSignature(SECRET, header, BODY, TS - 301)).toBe(false);
    expect(verifyWebhookSignature(SECRET, header, BODY, TS + 3600, 3600)).toBe(true);
  });

  it("rejects a timestamp changed without re-signing", () => {
    const header = signWebhook(SECRET, TS, BODY).replace(`t=${TS}`, `t=${TS + 60}`);
    expect(verifyWebhookSignature(SECRET, header, BODY, TS + 60)).toBe(false);
  });

  it("rejects missing and malformed headers without throwing", () => {
    const v1 = signWebhook(SECRET, TS, BODY).split(",")[1]!;
    for (const h of [
      undefined,
      null,
      "",
      "garbage",
      v1,
      `t=${TS}`,
      `t=${TS},v1=zz`,
      `t=${TS},v1=${"0".repeat(64)}`,
      `t=abc,${v1}`,
      `t=${TS},t=${TS},${v1}`,
      `t=${TS},${v1}${"x".repeat(5000)}`,
    ]) {
      expect(verifyWebhookSignature(SECRET, h, BODY, TS), String(h)).toBe(false);
    }
  });

  it("accepts any one matching v1 (secret rotation) and tolerates spaces", () => {
    const good = signWebhook(SECRET, TS, BODY).split(",")[1]!;
    const old = signWebhook("whsec_old", TS, BODY).split(",")[1]!;
    expect(verifyWebhookSignature(SECRET, `t=${TS}, ${old}, ${good}`, BODY, TS)).toBe(true);
    expect(verifyWebhookSignature(SECRET, `t=${TS},${old}`, BODY, TS)).toBe(false);
  });
});
