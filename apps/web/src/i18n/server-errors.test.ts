import {
  checkExtension,
  consentAnswerSchema,
  creditPreferenceSchema,
  DomainError,
  disclosureChangeSchema,
  flatten,
  type Messages,
  parseZonedInstant,
  publicSubmissionSchema,
  replySchema,
} from "@embargo/core";
import { describe, expect, it } from "vitest";
import { CATALOGS, createResearcherI18n } from "./index.ts";
import { matchServerError, translateFieldErrors, translateServerError } from "./server-errors.ts";

const long = (n: number) => "x".repeat(n);

/** Every message a schema gives for an input (all issues, not only the first per field). */
const messagesOf = (schema: { safeParse: (v: unknown) => { error?: { issues: { message: string }[] } } }, v: unknown) =>
  schema.safeParse(v).error?.issues.map((i) => i.message) ?? [];

const goodReport = {
  title: "SQL injection",
  description: "d",
  stepsToReproduce: "s",
  impact: "i",
  affectedVersions: "1.0",
};

/**
 * The refusals a researcher can meet on the public pages, produced by running the
 * server's own schemas and checks on bad input (so a message added there shows up here).
 */
function schemaMessages(): string[] {
  const out: string[] = [];
  const report = (patch: Record<string, unknown>) => messagesOf(publicSubmissionSchema, { ...goodReport, ...patch });
  // Empty, missing, too short and too long required fields.
  out.push(...messagesOf(publicSubmissionSchema, {}));
  out.push(
    ...messagesOf(publicSubmissionSchema, {
      title: " ",
      description: "",
      stepsToReproduce: "",
      impact: "",
      affectedVersions: "",
    }),
  );
  out.push(...report({ title: "ab" }), ...report({ title: long(301) }), ...report({ description: long(100_001) }));
  out.push(...report({ impact: long(20_001) }), ...report({ affectedVersions: long(1_001) }));
  out.push(...report({ stepsToReproduce: long(100_001) }));
  // Optional fields over their caps, a bad CWE, a bad email, bad credit choices.
  for (const [k, n] of [
    ["component", 500],
    ["sourceLocation", 2_000],
    ["configuration", 10_000],
    ["proofOfConcept", 200_000],
    ["suggestedFix", 50_000],
    ["website", 500],
  ] as const)
    out.push(...report({ [k]: long(n + 1) }));
  out.push(...report({ cwe: "XSS" }));
  out.push(...report({ reporter: { email: "not-an-email" } }), ...report({ reporter: { email: long(321) } }));
  out.push(...report({ reporter: { name: long(201), handle: long(101) } }));
  out.push(...report({ credit: { creditAs: "nickname", consent: "maybe" } }));
  // A reply on the status page.
  out.push(...messagesOf(replySchema, { body: " " }), ...messagesOf(replySchema, { body: long(50_001) }));
  out.push(...messagesOf(replySchema, {}));
  // The credit preference on the status page.
  out.push(...messagesOf(creditPreferenceSchema, { creditAs: "x", consent: "y", name: long(201), handle: long(101) }));
  // The credit-consent page.
  out.push(...messagesOf(consentAnswerSchema, {}));
  out.push(...messagesOf(consentAnswerSchema, { accept: true, display: "x", name: long(201), handle: long(101) }));
  // A disclosure date suggestion or extension request.
  out.push(...messagesOf(disclosureChangeSchema, {}));
  out.push(...messagesOf(disclosureChangeSchema, { newAt: "tomorrow", timeZone: "", reason: "" }));
  out.push(
    ...messagesOf(disclosureChangeSchema, { newAt: "2027-01-01T10:00", timeZone: long(65), reason: long(2_001) }),
  );
  for (const [at, zone] of [
    ["2027-03-04T17:00", ""],
    ["2027-03-04T17:00", "Mars/Olympus"],
    ["2027-03-04", "Asia/Kolkata"],
    ["2027-03-04T17:00+05:30", "Asia/Kolkata"],
    ["next week", "Asia/Kolkata"],
    ["2027-02-30T10:00", "Asia/Kolkata"],
    ["2027-03-28T02:30", "Europe/Berlin"],
  ] as const) {
    try {
      parseZonedInstant(at, zone, "newAt");
      out.push(`no refusal for ${at} ${zone}`);
    } catch (e) {
      out.push(e instanceof DomainError ? e.message : String(e));
    }
  }
  // The date checks of a researcher's request (core disclosure/plan.ts).
  const day = 86_400_000;
  const now = new Date("2027-01-10T00:00:00Z");
  const receivedAt = new Date("2027-01-01T00:00:00Z");
  const oldAt = new Date("2027-04-01T00:00:00Z");
  for (const [newAt, shortening] of [
    [new Date(Number.NaN), false],
    [new Date(receivedAt.getTime() - day), false],
    [oldAt, false],
    [new Date(oldAt.getTime() - day), false],
    [new Date(now.getTime() - day), true],
  ] as const) {
    try {
      checkExtension({ oldAt, newAt, shortening, receivedAt, now });
      out.push(`no refusal for ${String(newAt)}`);
    } catch (e) {
      out.push(e instanceof DomainError ? e.message : String(e));
    }
  }
  return [...new Set(out)];
}

/**
 * The refusals made outside the schemas, written here as the server formats them:
 * attachments (apps/server intake/attachments.ts checkFiles, routes/multipart.ts),
 * the disclosure plan and the consent answer (packages/db), the language switcher.
 * Neither the server app nor the db package is imported by this one.
 */
const ATTACHMENT_MESSAGES = [
  "At most 5 files can be attached (got 7)",
  "At most 5 files can be attached",
  "poc.zip is empty",
  "capture.pcap is larger than 25 MB",
  "video.mp4 is too large",
  "An attachment is larger than the limit",
  "payload.exe: this type of file is not accepted (application/x-msdownload); send images, PDF, text, video, pcap or a zip",
  "blob: this type of file is not accepted; send images, PDF, text, video, pcap or a zip",
  "The upload could not be read",
  // The disclosure plan's and the consent answer's refusals (packages/db disclosure/plan.ts, credits/writes.ts).
  "There is no proposed disclosure date to accept",
  "Only a proposed date can be contested",
  "The date is only proposed: suggest another date instead",
  "There is no agreed date to extend",
  "A request to move this date is already waiting for a decision",
  "Give the name to credit",
  "Give the handle to credit",
  // The status page's language switcher (routes/public.ts).
  "Must be one of: en, hi",
];

describe("the server's refusals on the public pages", () => {
  const all = [...schemaMessages(), ...ATTACHMENT_MESSAGES];
  const en = flatten(CATALOGS.en as Messages);
  const hi = flatten(CATALOGS.hi as Messages);

  it("are many, and the schemas really refused every crafted input", () => {
    expect(all.length).toBeGreaterThan(25);
    expect(all.filter((m) => m.startsWith("no refusal"))).toEqual([]);
  });

  it.each(all)("%s: matches a template with a text in English and Hindi", (message) => {
    const match = matchServerError(message);
    expect(match, `no template for "${message}": add it to serverError in en.ts and hi.ts`).not.toBeNull();
    expect(en.get(match!.key)).toBeTruthy();
    expect(hi.get(match!.key)).toBeTruthy();
    // The English catalog gives back exactly the server's words, so English pages are unchanged.
    expect(translateServerError(message, createResearcherI18n("en").t)).toBe(message);
    // The Hindi page shows Hindi: Devanagari, and no English sentence left.
    const inHindi = translateServerError(message, createResearcherI18n("hi").t);
    expect(inHindi).toMatch(/[\u0900-\u097F]/);
    expect(inHindi).not.toBe(message);
  });
});

describe("translateServerError", () => {
  const hiT = createResearcherI18n("hi").t;

  it("keeps numbers, sizes and file names in the Hindi text", () => {
    expect(translateServerError("Must be at least 3 characters", hiT)).toBe("कम से कम 3 अक्षर होने चाहिए");
    expect(translateServerError("Must be at most 100000 characters", hiT)).toBe("अधिकतम 100000 अक्षर हो सकते हैं");
    expect(translateServerError("At most 5 files can be attached (got 7)", hiT)).toBe(
      "अधिकतम 5 फ़ाइलें संलग्न की जा सकती हैं (7 मिलीं)",
    );
    expect(translateServerError("report final.pdf is larger than 25 MB", hiT)).toBe("report final.pdf 25 MB से बड़ी है");
  });

  it("takes a file name as text: markup, placeholders and nesting in it stay as typed", () => {
    const name = `<img src=x onerror=alert(1)>{{n}}$t(form.title)&amp;.svg`;
    const message = `${name}: this type of file is not accepted (image/svg+xml); send images, PDF, text, video, pcap or a zip`;
    const out = translateServerError(message, hiT);
    expect(out.startsWith(`${name}: इस प्रकार की फ़ाइल स्वीकार नहीं की जाती (image/svg+xml);`)).toBe(true);
  });

  it("names a required field by the page's own label", () => {
    expect(translateServerError("Steps to reproduce is required", hiT)).toBe(
      `${CATALOGS.hi.form.stepsToReproduce} भरना ज़रूरी है`,
    );
    // A label the page does not know is kept as the server wrote it.
    expect(translateServerError("Colour is required", hiT)).toBe("Colour भरना ज़रूरी है");
  });

  it("shows an unknown message as the server wrote it, never a key", () => {
    for (const m of ["Something new went wrong", "", "serverError.atMost", "Must be at most many characters!"])
      expect(translateServerError(m, hiT)).toBe(m);
  });

  it("translates every field of a refusal and leaves none out", () => {
    expect(
      translateFieldErrors(
        { title: "Must be at least 3 characters", "reporter.email": "Must be an email address" },
        hiT,
      ),
    ).toEqual({ title: "कम से कम 3 अक्षर होने चाहिए", "reporter.email": "मान्य ईमेल पता लिखें" });
    expect(translateFieldErrors(undefined, hiT)).toBeUndefined();
  });
});
