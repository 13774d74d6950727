import { describe, expect, it } from "vitest";
import type { Clock } from "../sla/clocks.ts";
import { emailLocale } from "./locales.ts";
import {
  consentRequestEmail,
  disclosedThreadNote,
  messageEmail,
  type NextPromise,
  nextPromiseOf,
  type ReporterMessage,
  receiptEmail,
  renderReporterEmail,
  transitionMessage,
} from "./reporter.ts";
import { fillSlots, LINK_SLOTS } from "./slots.ts";

const KOLKATA = "Asia/Kolkata";
/** 12:00 UTC is 17:30 in Kolkata (UTC+5:30, no daylight saving). */
const DUE = new Date("2026-04-01T12:00:00.000Z");
const DUE_TEXT = "Wed 1 Apr 2026, 17:30 IST (Asia/Kolkata)";
const DISCLOSE = { at: new Date("2026-06-01T11:30:00.000Z"), timeZone: KOLKATA };
const DISCLOSE_TEXT = "Mon 1 Jun 2026, 17:00 IST (Asia/Kolkata)";

const next = (over: Partial<NextPromise> = {}): NextPromise => ({
  promise: "resolve",
  at: DUE,
  timeZone: KOLKATA,
  late: false,
  paused: false,
  ...over,
});

/** One message per event the reporter hears about. */
const EVENTS: ReporterMessage[] = [
  { id: "received" },
  { id: "acknowledged" },
  { id: "needs_info" },
  { id: "resumed" },
  { id: "triaged", severity: "high", proposedDisclosure: DISCLOSE },
  { id: "fixing" },
  { id: "fixed", version: "2.4.1" },
  { id: "disclosed", advisoryUrl: "https://example.com/advisories/VOICE-3" },
  { id: "closed", outcome: "duplicate" },
  { id: "reopened" },
  { id: "message", body: "Thanks, we reproduced it." },
  { id: "disclosure_proposed", date: DISCLOSE },
  { id: "disclosure_agreed", date: DISCLOSE },
  { id: "disclosure_moved", date: DISCLOSE, reason: "The vendor ships later" },
  { id: "disclosure_followed_fix", date: DISCLOSE },
  { id: "disclosure_request_approved", date: DISCLOSE },
  { id: "disclosure_request_declined", date: DISCLOSE, note: "The fix ships first" },
];

const render = (m: ReporterMessage, over: { next?: NextPromise | null; statusLink?: boolean } = {}) =>
  renderReporterEmail({
    ...m,
    key: "VOICE-3",
    programName: "Voice Agent",
    next: over.next === undefined ? next() : over.next,
    statusLink: over.statusLink ?? true,
  });

describe("reporter emails: one template per event", () => {
  it("gives every event its own subject, with the report's key", () => {
    const subjects = EVENTS.map((m) => render(m).subject);
    expect(new Set(subjects).size).toBe(EVENTS.length);
    for (const s of subjects) expect(s.startsWith("[VOICE-3] ")).toBe(true);
  });

  it.each(EVENTS.map((m) => [m.id, m] as const))(
    "%s names the next promise with its date and zone, in text and HTML",
    (_id, m) => {
      const mail = render(m);
      expect(mail.text).toContain(`What comes next: We will release a fix by ${DUE_TEXT}.`);
      expect(mail.html).toContain(`We will release a fix by ${DUE_TEXT}.`);
      expect(mail.text).toContain(LINK_SLOTS.statusUrl);
      expect(mail.html).toContain(`href="${LINK_SLOTS.statusUrl}"`);
      expect(mail.text).not.toContain("{{");
      expect(mail.html).not.toContain("{{");
      expect(mail.subject).not.toContain("{{");
    },
  );

  it("says what happened in each event's words", () => {
    expect(render({ id: "acknowledged" }).subject).toBe("[VOICE-3] Your report is acknowledged");
    const triaged = render(EVENTS[4]!);
    expect(triaged.subject).toBe("[VOICE-3] Confirmed: high severity");
    expect(triaged.text).toContain("rated its severity high");
    expect(triaged.text).toContain(`We propose to disclose it publicly on ${DISCLOSE_TEXT}.`);
    expect(render({ id: "triaged", severity: null, proposedDisclosure: null }).subject).toBe(
      "[VOICE-3] Confirmed: your report is valid",
    );
    expect(render({ id: "fixed", version: "2.4.1" }).subject).toBe("[VOICE-3] Fixed in version 2.4.1");
    expect(render({ id: "fixed", version: null }).subject).toBe("[VOICE-3] Fixed");
    expect(render({ id: "fixing" }).subject).toBe("[VOICE-3] A fix is in progress");
    expect(render({ id: "needs_info" }).subject).toBe("[VOICE-3] We need more information from you");
    expect(render({ id: "closed", outcome: "out_of_scope" }).subject).toBe(
      "[VOICE-3] Your report is closed (out of scope)",
    );
    const disclosed = render(EVENTS[7]!, { next: null });
    expect(disclosed.text).toContain("Advisory:\nhttps://example.com/advisories/VOICE-3");
    expect(disclosed.html).toContain('href="https://example.com/advisories/VOICE-3"');
    expect(disclosed.text).toContain("What comes next: Nothing more is due on this report.");
    for (const id of ["disclosure_proposed", "disclosure_agreed", "disclosure_moved"] as const) {
      expect(render(EVENTS.find((m) => m.id === id)!).text).toContain(DISCLOSE_TEXT);
    }
  });

  it("words each clock's promise, a late one and a paused one", () => {
    const say = (n: NextPromise) => render({ id: "acknowledged" }, { next: n }).text;
    expect(say(next({ promise: "assess" }))).toContain(`We will finish the initial assessment by ${DUE_TEXT}.`);
    expect(say(next({ promise: "acknowledge" }))).toContain(`We will acknowledge your report by ${DUE_TEXT}.`);
    expect(say(next({ promise: "update" }))).toContain(`We will send you the next status update by ${DUE_TEXT}.`);
    expect(say(next({ promise: "emergency" }))).toContain(`We will respond to this critical report by ${DUE_TEXT}.`);
    expect(say(next({ promise: "disclosure" }))).toContain(`The report is to be disclosed publicly on ${DUE_TEXT}.`);
    expect(say(next({ promise: "assess", late: true }))).toContain(
      `We promised to finish the initial assessment by ${DUE_TEXT}: we are late`,
    );
    expect(say(next({ promise: "assess", paused: true }))).toContain(
      "Our deadlines are paused while we wait for your answer",
    );
    expect(render({ id: "received" }, { next: null }).text).toContain(
      "What comes next: We will acknowledge it as soon as we can.",
    );
  });

  it("escapes everything in the HTML: the team's words, names and addresses; nothing remote, no script", () => {
    const body = 'Try <script>alert(1)</script> & "quotes"\nsecond line';
    const mail = renderReporterEmail({
      id: "message",
      body,
      key: "VOICE-3",
      programName: "Voice <b>Agent</b>",
      next: null,
      statusLink: true,
    });
    expect(mail.text).toContain(body);
    expect(mail.html).toContain("Try &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;\nsecond line");
    expect(mail.html).toContain("Voice &lt;b&gt;Agent&lt;/b&gt;");
    expect(mail.html).not.toMatch(/<script|<b>|<img|<link|<style|src=|url\(/i);
    // An advisory address that is not http(s) is shown, never linked; a quote in one cannot leave the attribute.
    const bad = render({ id: "disclosed", advisoryUrl: "javascript:alert(1)" }).html;
    expect(bad).not.toContain('href="javascript');
    expect(bad).toContain("javascript:alert(1)");
    const quoted = render({ id: "disclosed", advisoryUrl: 'https://x.test/a"onmouseover="x' }).html;
    expect(quoted).not.toContain('"onmouseover');
  });

  it("without a status link says where to find it and shows no slot", () => {
    const mail = render({ id: "acknowledged" }, { statusLink: false });
    expect(mail.text).not.toContain(LINK_SLOTS.statusUrl);
    expect(mail.html).not.toContain(LINK_SLOTS.statusUrl);
    expect(mail.text).toContain("status link from our first email");
  });

  it("renders in Hindi from the Hindi catalog: words, dates by Intl in hi-IN, the HTML's lang", () => {
    const mail = renderReporterEmail(
      { id: "acknowledged", key: "VOICE-3", programName: "Voice", next: next(), statusLink: true },
      emailLocale("hi"),
    );
    expect(mail.subject).toBe("[VOICE-3] हमने आपकी रिपोर्ट देख ली है");
    expect(mail.text).toContain("आगे क्या होगा: हम बुध, 1 अप्रैल 2026, 17:30 IST (Asia/Kolkata) तक फ़िक्स जारी करेंगे।");
    expect(mail.html).toContain('<html lang="hi">');
    expect(mail.text).not.toMatch(/We |What comes next/);
  });

  it("keeps receiptEmail, messageEmail and consentRequestEmail, now with HTML", () => {
    const receipt = receiptEmail({ key: "ALPHA-7", programName: "Alpha", nextPromisedAt: DUE, timeZone: KOLKATA });
    expect(receipt.subject).toBe("[ALPHA-7] We received your security report");
    expect(receipt.text).toContain(`We will acknowledge your report by ${DUE_TEXT}.`);
    expect(receipt.html).toContain(LINK_SLOTS.statusUrl);
    const msg = messageEmail({ key: "ALPHA-1", programName: "Alpha", body: "<i>hi</i>" });
    expect(msg.subject).toBe("[ALPHA-1] New message from the Alpha security team");
    expect(msg.html).toContain("&lt;i&gt;hi&lt;/i&gt;");
    const consent = consentRequestEmail({ programName: "Alpha", creditLabel: "Finder", days: 30 });
    expect(consent.subject).toBe("Alpha would like to credit you");
    expect(consent.text).toContain(`within 30 days:\n${LINK_SLOTS.consentUrl}`);
    expect(consent.html).toContain(`href="${LINK_SLOTS.consentUrl}"`);
    expect(consent.text).not.toContain(LINK_SLOTS.statusUrl);
  });

  it("writes the published advisory's thread note with its link", () => {
    expect(disclosedThreadNote("VOICE-3", "https://x.test/adv")).toBe(
      "The fix for VOICE-3 is released and the advisory is published: https://x.test/adv\n\nThank you for reporting it.",
    );
  });
});

describe("which email a transition sends", () => {
  const r = { severity: "critical" as const, fixedVersion: "1.2.3", advisoryUrl: null };
  it("follows the action, so coming back from needs_info is not a second acknowledgement", () => {
    expect(transitionMessage("acknowledge", "acknowledged", r, null)).toEqual({ id: "acknowledged" });
    expect(transitionMessage("resume", "acknowledged", r, null)).toEqual({ id: "resumed" });
    expect(transitionMessage("triage", "triaged", r, DISCLOSE)).toEqual({
      id: "triaged",
      severity: "critical",
      proposedDisclosure: DISCLOSE,
    });
    expect(transitionMessage("mark_fixed", "fixed", r, null)).toEqual({ id: "fixed", version: "1.2.3" });
    expect(transitionMessage("close_wont_fix", "wont_fix", r, null)).toEqual({ id: "closed", outcome: "wont_fix" });
    expect(transitionMessage("reopen", "fixing", r, null)).toEqual({ id: "reopened" });
  });
  it("sends nothing for spam", () => {
    expect(transitionMessage("close_spam", "spam", r, null)).toBeNull();
  });
});

describe("nextPromiseOf", () => {
  const clock = (name: Clock["name"], due: string | null, state: Clock["state"]): Clock => ({
    name,
    target: { amount: 1, unit: "days" } as unknown as Clock["target"],
    start: new Date("2026-03-01T00:00:00Z"),
    due: due ? new Date(due) : null,
    atRisk: null,
    state,
    metAt: state === "met" ? new Date("2026-03-02T00:00:00Z") : null,
    pausedMs: 0,
    breachedAt: null,
  });
  const none = { state: "none" as const, targetAt: null, timeZone: null };
  const now = new Date("2026-03-10T00:00:00Z");

  it("is the running clock due first; met clocks and clocks without a date do not count", () => {
    const clocks = [
      clock("acknowledge", "2026-03-02T00:00:00Z", "met"),
      clock("resolve", "2026-04-20T00:00:00Z", "on_track"),
      clock("update", "2026-03-20T00:00:00Z", "at_risk"),
      clock("assess", null, "on_track"),
    ];
    expect(nextPromiseOf({ clocks, disclosure: none, timeZone: "UTC", now })).toEqual({
      promise: "update",
      at: new Date("2026-03-20T00:00:00Z"),
      timeZone: "UTC",
      late: false,
      paused: false,
    });
  });

  it("marks a breached clock late and a paused one paused", () => {
    const late = nextPromiseOf({
      clocks: [clock("assess", "2026-03-05T00:00:00Z", "breached")],
      disclosure: none,
      timeZone: "UTC",
      now,
    });
    expect(late).toMatchObject({ promise: "assess", late: true, paused: false });
    const paused = nextPromiseOf({
      clocks: [clock("assess", "2026-03-15T00:00:00Z", "paused")],
      disclosure: none,
      timeZone: "UTC",
      now,
    });
    expect(paused).toMatchObject({ promise: "assess", late: false, paused: true });
  });

  it("falls back to the planned disclosure date in its own zone, then to nothing", () => {
    const disclosure = { state: "agreed" as const, targetAt: DISCLOSE.at, timeZone: KOLKATA };
    expect(
      nextPromiseOf({ clocks: [clock("resolve", "2026-03-02T00:00:00Z", "met")], disclosure, timeZone: "UTC", now }),
    ).toEqual({
      promise: "disclosure",
      at: DISCLOSE.at,
      timeZone: KOLKATA,
      late: false,
      paused: false,
    });
    expect(
      nextPromiseOf({ clocks: [], disclosure: { ...disclosure, state: "published" }, timeZone: "UTC", now }),
    ).toBeNull();
    expect(nextPromiseOf({ clocks: [], disclosure: none, timeZone: "UTC", now })).toBeNull();
  });
});

describe("slots and placeholders", () => {
  it("fills every slot, raw in the text and escaped in the HTML, reading no $ pattern in a value", () => {
    const url = "https://x.test/status/a$&b?x=1&y=2";
    const filled = fillSlots(
      {
        text: `one ${LINK_SLOTS.statusUrl} two ${LINK_SLOTS.statusUrl}`,
        html: `<a href="${LINK_SLOTS.statusUrl}">${LINK_SLOTS.statusUrl}</a>`,
      },
      [[LINK_SLOTS.statusUrl, url]],
    );
    expect(filled.text).toBe(`one ${url} two ${url}`);
    expect(filled.html).toBe(
      '<a href="https://x.test/status/a$&amp;b?x=1&amp;y=2">https://x.test/status/a$&amp;b?x=1&amp;y=2</a>',
    );
    expect(fillSlots({ text: "no html" }, [[LINK_SLOTS.statusUrl, url]])).toEqual({ text: "no html" });
  });

  it("fills placeholders once: a value is never read as a template or a nested key", () => {
    const programName = "{{key}} $t(received.subject) <b>";
    const mail = render({ id: "message", body: "{{key}}" }, { next: null });
    expect(mail.text).toContain("{{key}}");
    const odd = renderReporterEmail({
      id: "message",
      body: "x",
      key: "VOICE-3",
      programName,
      next: null,
      statusLink: true,
    });
    expect(odd.subject).toBe(`[VOICE-3] New message from the ${programName} security team`);
  });
});
