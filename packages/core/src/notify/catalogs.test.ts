import i18next from "i18next";
import { describe, expect, it } from "vitest";
import { flatten, type Messages, markersOf } from "../i18n/catalog-check.ts";
import { RESEARCHER_LOCALES } from "../i18n/locale.ts";
import { EMAIL_CATALOGS, type EmailKey, emailLocale } from "./locales.ts";
import { consentRequestEmail, renderReporterEmail } from "./reporter.ts";

/**
 * The email catalogs against each other: a key or a placeholder one language
 * lacks fails here, never in an email (where i18next would fall back to English).
 */

/** Every leaf of a catalog as [dotted key, string]; an array's items as key.0, key.1, ... */
const leaves = (catalog: unknown): [string, string][] => [...flatten(catalog as Messages)];

/** A message's placeholder names, sorted ("{{count, number}}" is "count"). */
const placeholders = (s: string) => markersOf(s).flatMap((m) => (m.startsWith("{{") ? [m.slice(2, -2)] : []));

const en = new Map(leaves(EMAIL_CATALOGS.en));

describe("email catalogs", () => {
  it("hold some hundred strings in English (the enumeration is not vacuous)", () => {
    expect(en.size).toBeGreaterThan(80);
  });

  it.each(RESEARCHER_LOCALES.map((l) => [l]))("%s has exactly the English keys, with the same placeholders", (l) => {
    const other = new Map(leaves(EMAIL_CATALOGS[l]));
    expect([...other.keys()].sort()).toEqual([...en.keys()].sort());
    for (const [key, text] of other) {
      expect({ key, placeholders: placeholders(text) }).toEqual({ key, placeholders: placeholders(en.get(key)!) });
      expect(text.trim(), key).not.toBe("");
    }
  });

  it("the Hindi catalog is Hindi: every sentence has Devanagari", () => {
    for (const [key, text] of leaves(EMAIL_CATALOGS.hi)) {
      if (/^[\p{P}\s]*$/u.test(text.replace(/\{\{[^}]+\}\}/g, ""))) continue; // only placeholders, e.g. a bare name
      expect(text, key).toMatch(/\p{Script=Devanagari}/u);
    }
  });

  it.each(RESEARCHER_LOCALES.map((l) => [l]))(
    "%s: every message parses in i18next and renders with no {{ left",
    (l) => {
      const i = i18next.createInstance();
      void i.init({
        lng: l,
        initAsync: false,
        resources: { [l]: { translation: EMAIL_CATALOGS[l] } },
        interpolation: { escapeValue: false },
      });
      for (const [key, text] of leaves(EMAIL_CATALOGS[l])) {
        const values = Object.fromEntries(placeholders(text).map((p) => [p.split(",")[0]!.trim(), 7]));
        const keyPath = key.replace(/_(one|other)$/, "");
        const out = i.t(keyPath, {
          ...values,
          ...(keyPath !== key ? { count: key.endsWith("_one") ? 1 : 7 } : {}),
        });
        expect(typeof out, key).toBe("string");
        expect(out, key).not.toContain("{{");
        expect(out, key).not.toBe(keyPath);
        expect(out, key).not.toBe("");
      }
    },
  );

  it.each(RESEARCHER_LOCALES.map((l) => [l]))(
    "%s has a form for every plural category Intl.PluralRules gives it",
    (l) => {
      const categories = new Intl.PluralRules(l).resolvedOptions().pluralCategories;
      const bases = new Set([...en.keys()].filter((k) => /_(one|other)$/.test(k)).map((k) => k.replace(/_\w+$/, "")));
      expect(bases.size).toBeGreaterThan(0);
      const keys = new Set(leaves(EMAIL_CATALOGS[l]).map(([k]) => k));
      for (const base of bases) for (const c of categories) expect(keys.has(`${base}_${c}`), `${base}_${c}`).toBe(true);
    },
  );

  it("words plurals for 0, 1, 2 and 5 in each language", () => {
    const ask = (l: "en" | "hi", n: number) => emailLocale(l).t("credit_consent.ask", { count: n });
    expect([0, 1, 2, 5].map((n) => ask("en", n).match(/within \d+ \w+/)?.[0])).toEqual([
      "within 0 days",
      "within 1 day",
      "within 2 days",
      "within 5 days",
    ]);
    // Hindi (CLDR): 0 and 1 take the singular "दिन", 2 and more the oblique plural "दिनों".
    expect([0, 1, 2, 5].map((n) => ask("hi", n).split(" के भीतर")[0])).toEqual(["0 दिन", "1 दिन", "2 दिनों", "5 दिनों"]);
  });

  it("a consent request in Hindi is Hindi throughout, its days counted in Hindi", () => {
    const mail = consentRequestEmail({ programName: "Voice", creditLabel: "Finder", days: 30 }, emailLocale("hi"));
    expect(mail.subject).toBe("Voice आपको श्रेय देना चाहता है");
    expect(mail.text).toContain("30 दिनों के भीतर");
    expect(mail.html).toContain('<html lang="hi">');
  });

  it("every email key the renderer asks for exists in both catalogs", () => {
    // A typo'd key would come back as the key itself; render every event in both languages and look for one.
    const keyLike = /\b(common|promise|late|received|triaged|fixed|disclosed|closed|message)\.[a-zA-Z]+/;
    for (const l of RESEARCHER_LOCALES) {
      for (const id of ["received", "acknowledged", "needs_info", "resumed", "fixing", "reopened"] as const) {
        const mail = renderReporterEmail(
          { id, key: "K-1", programName: "P", next: null, statusLink: true },
          emailLocale(l),
        );
        expect(mail.text, `${l} ${id}`).not.toMatch(keyLike);
      }
    }
    const typed: EmailKey = "credit_consent.ask";
    expect(emailLocale("hi").t(typed, { count: 2 })).toContain("2 दिनों");
  });
});
