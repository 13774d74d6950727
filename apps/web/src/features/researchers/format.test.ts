import { describe, expect, it } from "vitest";
import { isWebLink, shortDuration, trackRecordParts } from "./format.ts";

describe("shortDuration", () => {
  it("reads in minutes, hours or days", () => {
    expect(shortDuration(35 * 60_000)).toBe("35 min");
    expect(shortDuration(5 * 3_600_000)).toBe("5 h");
    expect(shortDuration(47 * 3_600_000)).toBe("47 h");
    expect(shortDuration(3 * 86_400_000)).toBe("3 d");
  });
});

describe("trackRecordParts", () => {
  it("names every part that is not zero", () => {
    const s = { total: 12, valid: 9, invalid: 3, spam: 2, creditsReceived: 3, medianAckMs: 5 * 3_600_000 };
    expect(trackRecordParts(s).join(" · ")).toBe(
      "12 reports · 9 valid · 3 invalid · 2 spam · median ack 5 h · 3 credits",
    );
  });
  it("keeps the report count for a first report and says nothing it does not know", () => {
    const s = { total: 1, valid: 0, invalid: 0, spam: 0, creditsReceived: 0, medianAckMs: null };
    expect(trackRecordParts(s)).toEqual(["1 report"]);
  });
});

describe("isWebLink", () => {
  it("accepts http(s) only", () => {
    expect(isWebLink("https://example.com/me")).toBe(true);
    expect(isWebLink("javascript:alert(1)")).toBe(false);
    expect(isWebLink("data:text/html,x")).toBe(false);
  });
});
