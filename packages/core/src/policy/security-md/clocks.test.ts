import { describe, expect, it } from "vitest";
import { type ClockCandidate, pickClocks } from "./clocks.ts";
import { emptyParsedPolicy, parseSecurityMd } from "./index.ts";
import { d, h, NO_FIX, only, w } from "./test-helpers.ts";

describe("parseSecurityMd phrasings", () => {
  it.each([
    ["We will acknowledge your report within 48 hours.", { acknowledge: h(48) }],
    ["We acknowledge reports within five business days.", { acknowledge: { amount: 5, unit: "business_days" } }],
    ["You can expect an acknowledgement within a week.", { acknowledge: w(1) }],
    ["We will respond within 2 working days.", { acknowledge: { amount: 2, unit: "business_days" } }],
    ["Expect a first response within one business day.", { acknowledge: { amount: 1, unit: "business_days" } }],
    ["You should receive a response within 24h.", { acknowledge: h(24) }],
    ["We confirm receipt within twenty-four hours.", { acknowledge: h(24) }],
    ["We reply within ten (10) days.", { acknowledge: d(10) }],
    ["Acknowledgement: 24-48 hours", { acknowledge: h(48) }],
    ["We will get back to you by the next business day.", { acknowledge: { amount: 1, unit: "business_days" } }],
    ["We complete an initial assessment within 5 business days.", { assess: { amount: 5, unit: "business_days" } }],
    ["Triage: 3 to 5 business days", { assess: { amount: 5, unit: "business_days" } }],
    [
      "Normally, your report will be acknowledged within 5 days, and you'll receive a more detailed response within 10 days.",
      { acknowledge: d(5), assess: d(10) },
    ],
    ["We will keep you updated at least once a week.", { update: w(1) }],
    ["We send status updates every 14 days.", { update: d(14) }],
    ["You will receive weekly progress updates.", { update: w(1) }],
    ["Critical vulnerabilities get an emergency response within 4 hours.", { emergency: h(4) }],
    [
      "For critical issues we respond within 4 hours and fix within 7 days.",
      { emergency: h(4), resolve: { ...NO_FIX, critical: d(7) } },
    ],
    ["We follow a 90-day disclosure timeline.", { disclosure: d(90) }],
    ["We disclose within ninety days of the initial report.", { disclosure: d(90) }],
    ["Please do not disclose the issue publicly before 90 days have passed.", { disclosure: d(90) }],
    ["We publish an advisory no later than 3 months after the report.", { disclosure: d(90) }],
    [
      "We commit to resolving and publicly disclosing every valid advisory within 60 calendar days of the initial report.",
      { resolve: { critical: d(60), high: d(60), medium: d(60), low: d(60) }, disclosure: d(60) },
    ],
    [
      "We aim to resolve critical vulnerabilities within 14 days, high within 30 days and medium and low within 90 days.",
      { resolve: { critical: d(14), high: d(30), medium: d(90), low: d(90) } },
    ],
    [
      "Our policy is to release patches for high severity issues within 30 days and for low severity issues in the next scheduled release.",
      { resolve: { ...NO_FIX, high: d(30), low: "next_release" } },
    ],
    ["For critical issues, we aim to ship a patch within 72 hours.", { resolve: { ...NO_FIX, critical: h(72) } }],
    [
      "Severity | Time to fix\n---|---\nCritical | 1 week\nHigh | 2 weeks\nMedium | 4 weeks\nLow | Next release",
      { resolve: { critical: w(1), high: w(2), medium: w(4), low: "next_release" } },
    ],
    ["We will provide an update on the status every 7 days.", { update: d(7) }],
    ["We will make a public disclosure 90 days after the report.", { disclosure: d(90) }],
    ["We request that you give us 90 days before publicly disclosing.", { disclosure: d(90) }],
    [
      "We will publicly disclose the vulnerability after the fix is released (or after 90 days from the initial report, whichever comes first).",
      { disclosure: d(90) },
    ],
    [
      "Details become public once a patch ships or 45 days after we receive the report, whichever is sooner.",
      { disclosure: d(45) },
    ],
    [
      "Critical: remote code execution or credential disclosure, fixed within 7 days.",
      { resolve: { ...NO_FIX, critical: d(7) } },
    ],
    [
      "Information disclosure bugs are patched within 30 days.",
      { resolve: { critical: d(30), high: d(30), medium: d(30), low: d(30) } },
    ],
    ["We publish a patch within 14 days.", { resolve: { critical: d(14), high: d(14), medium: d(14), low: d(14) } }],
    ["The fix is published within 10 days.", { resolve: { critical: d(10), high: d(10), medium: d(10), low: d(10) } }],
    ["Once triaged, high severity issues are fixed within 21 days.", { resolve: { ...NO_FIX, high: d(21) } }],
    ["We assess each report within 5 days after receipt.", { assess: d(5) }],
    // the reporter's wait before disclosure, whatever we do during it
    ["Please allow us 14 days to investigate and respond before you publish anything.", { disclosure: d(14) }],
    ["Give us a window of 30 days to fix it prior to public disclosure.", { disclosure: d(30) }],
    // a plan for the fix is an assessment
    [
      "We will share a timeline for the fix within 10 business days.",
      { assess: { amount: 10, unit: "business_days" } },
    ],
    ["Expect a remediation plan within 2 weeks.", { assess: w(2) }],
    // the event a clock waits for is no promise
    [
      "Reports are made public when a version with the fix is released or 60 days have passed, whichever comes first.",
      { disclosure: d(60) },
    ],
    [
      "Once we have confirmed the issue, we fix it within 7 days.",
      { resolve: { critical: d(7), high: d(7), medium: d(7), low: d(7) } },
    ],
    // "update" as a verb before the period
    ["We reply within a week and update you at least every three days.", { acknowledge: w(1), update: d(3) }],
    ["We reply within a week and will update at least every 5 days.", { acknowledge: w(1), update: d(5) }],
  ] as const)("%s", (text, want) => {
    expect(only(parseSecurityMd(text))).toEqual(want);
  });

  it("reads severity lists (bullets) and keeps 'immediate' as no number", () => {
    const p = parseSecurityMd(
      "## Fix timelines\n\n- Critical: immediate patch release\n- High: patch within 7 days\n- Medium: fix within 30 days\n- Low: next release\n",
    );
    expect(p.resolve).toEqual({ critical: null, high: d(7), medium: d(30), low: "next_release" });
    expect(p.evidence["resolve.high"]).toBe("High: patch within 7 days");
    expect(p.evidence["resolve.low"]).toBe("Low: next release");
  });

  it("reads a nested list's numbers by the item that introduces it, and stops at the next item of the outer list", () => {
    const p = parseSecurityMd(
      [
        "## Engineering rules",
        "",
        "- Code is reviewed by two people.",
        "- Patches for confirmed vulnerabilities ship within:",
        "  - Critical: 2 days",
        "  - High: 10 days",
        "  - Low: next sprint",
        "- Builds are retried 3 times.",
        "- Onboarding takes 5 days.",
      ].join("\n"),
    );
    expect(p.resolve).toEqual({ ...NO_FIX, critical: d(2), high: d(10) });
    expect(p.evidence["resolve.high"]).toBe("High: 10 days");
    expect(p.confidence["resolve.high"]).toBeLessThan(1);
  });

  it("reads a list's numbers by the paragraph that introduces it", () => {
    expect(
      parseSecurityMd("We fix vulnerabilities in these times:\n\n- Critical: 3 days\n- Medium: 30 days\n").resolve,
    ).toEqual({ ...NO_FIX, critical: d(3), medium: d(30) });
  });

  it("reads 'Low: fixed in the next release' and severity tables", () => {
    expect(parseSecurityMd("Critical: fix within 7 days\n\nLow: fixed in the next release\n").resolve).toEqual({
      ...NO_FIX,
      critical: d(7),
      low: "next_release",
    });
    const table = parseSecurityMd(
      "| Severity | Response | Fix |\n|---|---|---|\n| Critical | 4 hours | 7 days |\n| High | 1 day | 30 days |\n| Low | - | next release |\n",
    );
    expect(table.emergency).toEqual(h(4));
    expect(table.acknowledge).toBeNull(); // a per-severity response time other than critical has no home
    expect(table.resolve).toEqual({ critical: d(7), high: d(30), medium: null, low: "next_release" });
    expect(table.evidence["resolve.high"]).toBe("| High | 1 day | 30 days |");
  });

  it("reads promises in headings when the prose has none", () => {
    const p = parseSecurityMd("# Policy\n\n## 90-day disclosure deadline\n\nWe coordinate with you.\n");
    expect(p.disclosure).toEqual(d(90));
    expect(p.evidence.disclosure).toBe("90-day disclosure deadline");
  });

  it.each([
    "We respond promptly and fix issues as soon as possible.",
    "Please give us a reasonable time to fix the issue before disclosure.",
    "We will do our best to react quickly on your inquiry.",
    "A patch will be released as timely as possible.",
    "We ask that you give us sufficient time before disclosing it publicly.",
    "We will typically disclose within a few days of the release.",
    "Our team is available 24 hours a day, 7 days a week.",
    "If you do not hear back within 48 hours, please follow up.",
    "If you do not receive an acknowledgement within 6 business days, you may escalate.",
    "We do not guarantee a response within 48 hours.",
    "We publish advisories 7 days after the fix is released.",
    "Typically, the embargo date will be set 72 hours from the time the CVE is issued.",
    "Security issues are fixed in the next minor release.", // no severity: no per-severity promise
    "We may extend beyond 60 days.",
    "Use high-entropy secrets of at least 32 characters and keep tokens short (15m).",
    "Fixes ship in quarterly releases.",
    "Once the fix is released, we will publish a security advisory within 7 days.",
    "The vulnerability will be disclosed publicly 30 days after the fix.",
    "We release updates monthly.",
    "Security updates are released every month.",
    "Maintainers meet every 2 weeks to review reports.",
    "Versions older than 6 months are not supported.",
    "Reports are reviewed on a best-effort basis; typically within a couple of days.",
    "We disclose 30 days after the fix or 90 days after the report, whichever is later.",
    "After the fix is released we disclose the details within 7 days.",
    "Security logs are kept for 30 days.",
    "We retain crash reports for 90 days.",
    "Signing keys rotate every 90 days and are valid for 1 year.",
    "Session tokens expire after 24 hours.",
    "Reports older than 6 months are archived.",
    "Details of security updates are announced 30 days after the availability of the update.",
    "A fix is backported 14 days following the patch release.",
    "Maintainers update dependencies every week.",
    "We release updates every 2 weeks.",
  ])("states no number: %s", (text) => {
    expect(only(parseSecurityMd(text))).toEqual({});
  });
});

describe("pickClocks", () => {
  const candidate = (key: string, days: number, rank: number, pos: number): ClockCandidate => ({
    key,
    value: d(days),
    rank,
    pos,
    evidence: `${key} at ${pos}`,
    signals: [],
  });

  it("takes the lowest rank, then the earliest excerpt, with that candidate's evidence", () => {
    const result = emptyParsedPolicy();
    pickClocks(
      [
        candidate("acknowledge", 5, 1, 0),
        candidate("acknowledge", 4, 0, 60),
        candidate("acknowledge", 3, 0, 50),
        candidate("resolve.high", 30, 2, 0),
        candidate("resolve.high", 14, 0, 90),
      ],
      result,
    );
    expect(result.acknowledge).toEqual(d(3));
    expect(result.resolve).toEqual({ ...NO_FIX, high: d(14) });
    expect(result.evidence).toEqual({ acknowledge: "acknowledge at 50", "resolve.high": "resolve.high at 90" });
  });

  it("lets prose beat a heading, and a per-severity fix time beat one for all severities", () => {
    expect(
      parseSecurityMd("## Acknowledged within 5 days\n\nWe acknowledge reports within 2 days.").acknowledge,
    ).toEqual(d(2));
    expect(
      parseSecurityMd("We fix all issues within 90 days. Critical issues are fixed within 7 days.").resolve,
    ).toEqual({ critical: d(7), high: d(90), medium: d(90), low: d(90) });
  });
});
