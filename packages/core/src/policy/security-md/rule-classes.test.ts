import { describe, expect, it } from "vitest";
import { parseSecurityMd } from "./index.ts";
import { allSeverities, d, h, NO_FIX, promised, w } from "./test-helpers.ts";

/**
 * The rule classes added when the first held-out set was retired and became a second development set (dev-b, see
 * docs/decisions/0016). Every sentence here is written for the test, none is copied from a corpus file. Each class
 * has its non-promises and, next to them, a promise the rule must still read, so a rule that drops everything fails.
 */
const values = promised;
const all = allSeverities;

describe("other subjects: rewards, statistics, history, support lifetimes, age, CVE assignment, stale reports", () => {
  it.each([
    "Bounty payments are sent within 21 days of the fix.",
    "Rewards are paid within 10 days once the report is validated.",
    "We mail stickers and swag within 4 weeks.",
    "赏金将在 20 天内发放。",
    "Our average time to fix last quarter was 12 days.",
    "The median time to acknowledge a report was 3 days.",
    "Last year we responded within 2 days on average.",
    "That issue was patched 9 days after it was reported.",
    "Die Bearbeitung dauert erfahrungsgemäß 3 Wochen.",
    "Each minor release is supported for 9 months.",
    "The 4.x line is maintained for 24 months after its release.",
    "Version 5 gets patches until 6 months after version 6 ships.",
    "Las versiones se mantienen durante 12 meses.",
    "As versões são suportadas por 6 meses.",
    "各バージョンは12か月間メンテナンスされます。",
    "每个版本维护 18 个月。",
    "Advisories older than 60 days move to the archive.",
    "Versions older than 18 months are no longer patched.",
    "GitHub normally assigns a CVE within 48 hours.",
    "Reports are closed after 21 days of inactivity.",
    "Reports with no answer from the reporter are closed after 30 days.",
    "We work in three-week sprints.",
    "Wir speichern Meldungen 60 Tage lang.",
    "Guardamos los informes durante 60 días.",
    "신고서는 60일 동안 보관됩니다.",
  ])("promises nothing under a clock heading: %s", (sentence) => {
    for (const heading of ["Response times", "Fix SLA", "Disclosure timeline"])
      expect(values(`## ${heading}\n\n${sentence}\n`), heading).toEqual({});
  });

  it.each([
    ["Supported versions receive a patch within 30 days.", { resolve: all(d(30)) }],
    ["We send the reward after the fix, and we acknowledge reports within 2 days.", { acknowledge: d(2) }],
    ["Versions in maintenance get fixes within 14 days.", { resolve: all(d(14)) }],
    ["支持的版本将在 30 天内修复。", { resolve: all(d(30)) }],
  ])("still reads a promise next to those words: %s", (sentence, want) => {
    expect(values(sentence)).toEqual(want);
  });
});

describe("table columns: headers naming another subject, and cells that describe", () => {
  it("reads no clock from a column headed 'Supported for', 'Bounty' or 'Retention'", () => {
    for (const header of ["Supported for", "Bounty", "Retention"]) {
      const md = `## Response times\n\n| Line | ${header} |\n|---|---|\n| 3.x | 12 months |\n| 2.x | 6 months |\n`;
      expect(values(md), header).toEqual({});
    }
  });

  it("reads no fix time from a severity table's description cells, but does from bare time cells", () => {
    const described =
      "| Severity | Example |\n|---|---|\n| Critical | takeover in under 5 minutes |\n| High | leaks 30 days of logs |\n";
    expect(values(`## Fix SLA\n\n${described}`)).toEqual({});
    expect(values(described)).toEqual({});
    const bare = "| Severity | Target |\n|---|---|\n| Critical | 3 days |\n| High | within 2 weeks |\n";
    expect(values(bare)).toEqual({ resolve: { ...NO_FIX, critical: d(3), high: w(2) } });
  });
});

describe("heading-only readings: a label line or a named time frame, else only possibly relevant", () => {
  it.each([
    "Critical: a bug anyone can exploit in under 12 hours.",
    "- **High**: an outage that can last up to 20 days.",
    "A flaw is critical when it allows account takeover within 2 hours.",
    "Our nightly fuzzers run for 36 hours before each release.",
    "重大: 12時間以上のサービス停止を引き起こすもの。",
  ])("fills nothing from a sentence that only the heading makes a clock: %s", (sentence) => {
    const p = parseSecurityMd(`## Fix SLA\n\n${sentence}\n`);
    expect(values(`## Fix SLA\n\n${sentence}\n`)).toEqual({});
    expect(p.resolve).toEqual(NO_FIX);
  });

  it("offers such a sentence as possibly relevant when the heading alone would have filled it", () => {
    const p = parseSecurityMd(
      "## Disclosure\n\nMaintainers usually coordinate with downstream packagers over 45 days.\n",
    );
    expect(p.disclosure).toBeNull();
    expect(p.possiblyRelevant.map((x) => x.field)).toContain("disclosure");
  });

  it.each([
    ["## Fix SLA\n\n- Critical: 5 days\n- High: 20 days\n", { resolve: { ...NO_FIX, critical: d(5), high: d(20) } }],
    ["## Disclosure\n\nThe 60-day period starts when we confirm the report.\n", { disclosure: d(60) }],
    ["## First response\n\nWithin 36 hours.\n", { acknowledge: h(36) }],
  ])("still reads label lines and named time frames: %s", (md, want) => {
    expect(values(md)).toEqual(want);
  });

  it("does not carry a heading's cue to the next number as if it were sure", () => {
    const p = parseSecurityMd(
      "## Disclosure\n\nWhen the reporter travels, their 30 day vacation replaces the 5 days they planned.\n",
    );
    expect(p.disclosure).toBeNull();
  });
});

describe("lower bounds, reporter obligations, rate periods", () => {
  it.each([
    "High severity covers outages longer than 6 hours.",
    "Kritisch: Ausfall für mehr als 12 Stunden.",
    "Critique : panne de plus de 12 heures.",
    "严重：导致服务中断超过 12 小时。",
  ])("a lower bound is no deadline: %s", (sentence) => {
    expect(values(`## Response times\n\n${sentence}\n`)).toEqual({});
  });

  it("a negated upper bound is still a promise", () => {
    expect(values("We will not take longer than 21 days to fix it.")).toEqual({ resolve: all(d(21)) });
  });

  it.each([
    "You must answer our follow-up questions within 5 days.",
    "The reporter should confirm the fix within 14 days, or we close the report.",
    "Researchers need to reply within 7 days.",
  ])("the reporter's obligation is no clock of ours: %s", (sentence) => {
    expect(values(sentence)).toEqual({});
  });

  it.each([
    ["You should receive a response within 3 days.", { acknowledge: d(3) }],
    ["You agree to wait 60 days before you publish details.", { disclosure: d(60) }],
  ])("but what the reporter receives, or must wait before publishing, is: %s", (sentence, want) => {
    expect(values(sentence)).toEqual(want);
  });

  it("'6 hours a week' is a rate: its period is no clock", () => {
    expect(values("## Response times\n\nOur volunteers give about 6 hours a week.\n")).toEqual({});
  });
});

describe("fix wording: urgent fixes, deciding whether to fix", () => {
  it.each([
    ["Urgent fixes are released within 12 hours.", { resolve: { ...NO_FIX, critical: h(12) } }],
    ["Emergency patches ship within 2 days.", { resolve: { ...NO_FIX, critical: d(2) } }],
    ["紧急修复将在 12 小时内发布。", { resolve: { ...NO_FIX, critical: h(12) } }],
    ["For urgent issues we respond within 4 hours.", { emergency: h(4) }],
  ])("an urgency word before a fix word makes the fix time of critical issues: %s", (sentence, want) => {
    expect(values(sentence)).toEqual(want);
  });

  it.each([
    ["We will tell you within 5 days whether we will fix it.", { assess: d(5) }],
    ["我们会在 3 天内确认是否修复。", { assess: d(3) }],
    ["我们会在 3 天内给出反馈。", { acknowledge: d(3) }],
    ["Wir reagieren innerhalb von 4 Werktagen.", { acknowledge: { amount: 4, unit: "business_days" } }],
  ])("deciding whether to fix is an assessment; feedback and reacting are a response: %s", (sentence, want) => {
    expect(values(sentence)).toEqual(want);
  });
});

describe("disclosure times for some severities only", () => {
  it("are possibly relevant, not the disclosure window", () => {
    const p = parseSecurityMd("We publish a fix and an advisory within 20 days for critical and high issues.\n");
    expect(p.disclosure).toBeNull();
    expect(p.resolve).toEqual({ ...NO_FIX, critical: d(20), high: d(20) });
    expect(p.possiblyRelevant).toEqual([
      expect.objectContaining({ field: "disclosure", reason: expect.stringContaining("some severities") }),
    ]);
  });

  it("a window for every report is still read, also for every report but critical ones", () => {
    expect(values("We publish an advisory within 45 days of the report.")).toEqual({ disclosure: d(45) });
    expect(values("We disclose non-critical issues publicly within 75 days of the report.")).toEqual({
      disclosure: d(75),
    });
  });
});

describe("language names that describe people", () => {
  it.each([
    "Translations help non-native English speakers read our advisories.",
    "Two of us are native German speakers; we accept reports by e-mail.",
    "We write for Spanish speakers too.",
  ])("name no language of the policy: %s", (sentence) => {
    expect(parseSecurityMd(sentence).languages).toEqual([]);
  });

  it.each([
    "Please keep screenshots readable; German text in them is fine to send.",
    "The README is written in Italian.",
    "This policy is also available in French.",
    "Die Dokumentation gibt es auch auf Englisch.",
    "本文档也提供日文版。",
  ])("name the language of a thing or a document, not of reports: %s", (sentence) => {
    expect(parseSecurityMd(`## Languages\n\n${sentence}\n`).languages).toEqual([]);
  });

  it("a language reports may use is still read, even next to a document's", () => {
    expect(parseSecurityMd("We accept reports in English and Spanish.").languages).toEqual(["en", "es"]);
    expect(parseSecurityMd("The docs are in English, but we accept reports in Japanese too.").languages).toEqual([
      "en",
      "ja",
    ]);
  });
});

describe("addresses named for other business", () => {
  it("sales@ is support even under a reporting heading; pricing, signing and authorship addresses are none", () => {
    const p = parseSecurityMd(
      "## Reporting a vulnerability\n\nEmail reports to sec@example.net.\n\nYou can also reach sales@example.net.\n\nAsk billing@example.net about pricing.\n\nReleases are signed by release-bot@example.net.\n",
    );
    expect(p.contacts).toEqual({
      security: ["sec@example.net"],
      emergency: [],
      escalation: [],
      support: ["sales@example.net"],
    });
  });

  it("questions about the code go to support, vulnerabilities to security", () => {
    const p = parseSecurityMd("Fragen zum Code: code@example.net. Sicherheitslücken bitte an sicher@example.net.");
    expect(p.contacts.support).toEqual(["code@example.net"]);
    expect(p.contacts.security).toEqual(["sicher@example.net"]);
  });
});
