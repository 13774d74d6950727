import { describe, expect, it } from "vitest";
import { afterFixEarlier, disclosureAnchorOk } from "./disclosure-anchors.ts";
import { firstDuration } from "./test-helpers.ts";

describe("afterFixEarlier", () => {
  it.each([
    ["Once the fix is released, we publish an advisory within 7 days.", true],
    ["Following fixes, advisories appear within 7 days.", true],
    ["After the CVE is assigned we wait 7 days.", true],
    ["After the report is received, we disclose within 90 days.", false],
    ["We disclose within 90 days.", false],
  ])("%s → %s", (text, want) => {
    const { toks, start } = firstDuration(text);
    expect(afterFixEarlier(toks, start)).toBe(want);
  });
});

describe("disclosureAnchorOk", () => {
  it.each([
    ["We disclose within 90 days of the initial report.", true],
    ["We disclose within 90 days.", true],
    ["We disclose 90 days after something happens.", true],
    ["The embargo ends 72 hours from the time the CVE is issued.", false],
    ["Advisories follow 7 days after the patch release.", false],
  ])("%s → %s", (text, want) => {
    const { toks, end } = firstDuration(text);
    expect(disclosureAnchorOk(toks, end)).toBe(want);
  });
});
