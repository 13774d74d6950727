import {
  CREDIT_TYPE_LABELS,
  catalogDifferences,
  flatten,
  type Messages,
  markersOf,
  RESEARCHER_LOCALES,
  RESEARCHER_STATE_TEXT,
  syntaxProblems,
} from "@embargo/core";
import { describe, expect, it } from "vitest";
import { CATALOGS, createResearcherI18n, formatBytes, formatDateTime, relativeTo } from "./index.ts";

const en = CATALOGS.en as Messages;
const hi = CATALOGS.hi as Messages;

/** Each placeholder filled with a value the output can be searched for. */
const valuesFor = (text: string) =>
  Object.fromEntries(
    markersOf(text)
      .filter((m) => m.startsWith("{{"))
      .map((m) => m.slice(2, -2))
      .map((name) => [name, name === "count" ? 3 : `«${name}»`]),
  );

/** The keys that are plural forms, by their base key ("form.attachments"). */
const pluralBases = (catalog: Messages) => [
  ...new Set([...flatten(catalog).keys()].filter((k) => /_(one|other)$/.test(k)).map((k) => k.replace(/_\w+$/, ""))),
];

describe("the researcher catalogs", () => {
  it("hold the same keys and the same placeholders in English and Hindi", () => {
    expect(flatten(en).size).toBeGreaterThan(150);
    expect(catalogDifferences(en, hi)).toEqual([]);
  });

  it("have a text for every report state and credit type the domain knows", () => {
    expect(Object.keys(CATALOGS.en.status.state).sort()).toEqual(Object.keys(RESEARCHER_STATE_TEXT).sort());
    expect(Object.keys(CATALOGS.en.creditType).sort()).toEqual(Object.keys(CREDIT_TYPE_LABELS).sort());
  });

  it("catch a key missing from a catalog, an extra one and a lost placeholder", () => {
    const broken = structuredClone(hi) as { form: Record<string, string>; extra?: string };
    delete broken.form.title;
    broken.form.heading = "रिपोर्ट करें";
    broken.extra = "x";
    expect(catalogDifferences(en, broken as Messages)).toEqual([
      "missing form.title",
      "extra extra",
      "placeholders differ in form.heading",
    ]);
  });

  it("parse: every placeholder closed, every <tag> balanced", () => {
    for (const [lang, catalog] of Object.entries(CATALOGS)) {
      for (const [key, text] of flatten(catalog as Messages))
        expect(syntaxProblems(text), `${lang} ${key}`).toEqual([]);
    }
    expect(syntaxProblems("by <strong>{{date}}")).toEqual(["unclosed <strong>"]);
    expect(syntaxProblems("{{date} is due")).toEqual(["unbalanced {{ }}"]);
  });

  it("render every message in both languages with every value in place and no {{ left", () => {
    for (const lang of RESEARCHER_LOCALES) {
      const i18n = createResearcherI18n(lang);
      for (const [key, text] of flatten(CATALOGS[lang] as Messages)) {
        const values = valuesFor(text);
        const out = i18n.t(key.replace(/_(one|other)$/, ""), { ...values, count: values.count ?? 3 });
        expect(out, `${lang} ${key}`).not.toContain("{{");
        expect(out, `${lang} ${key}`).not.toBe(key);
        for (const [name, v] of Object.entries(values)) if (name !== "count") expect(out).toContain(String(v));
      }
    }
  });

  it("say Hindi in Devanagari: most of its messages have Devanagari letters", () => {
    const texts = [...flatten(hi).values()];
    const devanagari = texts.filter((t) => /\p{Script=Devanagari}/u.test(t));
    expect(devanagari.length / texts.length).toBeGreaterThan(0.9);
  });
});

describe("plurals, by each language's rules (Intl.PluralRules)", () => {
  it("English: 1 is singular, 0, 2 and 5 plural", () => {
    const t = createResearcherI18n("en").t;
    expect(pluralBases(en)).toEqual(expect.arrayContaining(["form.attachments", "thread.attach", "thanks.people"]));
    expect(t("thread.attach", { count: 0 })).toBe("Attach files (optional, up to 0 files)");
    expect(t("thread.attach", { count: 1 })).toBe("Attach files (optional, up to 1 file)");
    expect(t("thread.attach", { count: 2 })).toBe("Attach files (optional, up to 2 files)");
    expect(t("thanks.people", { count: 5 })).toBe("5 people credited");
    expect(t("thanks.people", { count: 1 })).toBe("1 person credited");
  });

  it("Hindi: 0 and 1 take the singular form, 2 and 5 the plural", () => {
    const t = createResearcherI18n("hi").t;
    expect(t("thread.attach", { count: 0 })).toBe("फ़ाइलें जोड़ें (वैकल्पिक, अधिकतम 0 फ़ाइल)");
    expect(t("thread.attach", { count: 1 })).toBe("फ़ाइलें जोड़ें (वैकल्पिक, अधिकतम 1 फ़ाइल)");
    expect(t("thread.attach", { count: 2 })).toBe("फ़ाइलें जोड़ें (वैकल्पिक, अधिकतम 2 फ़ाइलें)");
    expect(t("thanks.people", { count: 5 })).toBe("5 लोगों को श्रेय");
  });

  it("every plural key has both forms in both catalogs, and each count picks the form its language's rule names", () => {
    for (const lang of RESEARCHER_LOCALES) {
      const catalog = flatten(CATALOGS[lang] as Messages);
      const rules = new Intl.PluralRules(lang);
      const t = createResearcherI18n(lang).t;
      for (const base of pluralBases(CATALOGS[lang] as Messages)) {
        for (const count of [0, 1, 2, 5]) {
          const form = catalog.get(`${base}_${rules.select(count)}`);
          expect(form, `${lang} ${base} ${count}`).toBeDefined();
          const out = t(base, { count, size: "S" });
          expect(out).toBe(form!.replace("{{count}}", String(count)).replace("{{size}}", "S"));
        }
      }
    }
  });
});

describe("a key missing from Hindi", () => {
  it("shows the English text on the page rather than the key or nothing", () => {
    const i18n = createResearcherI18n("hi");
    i18n.addResourceBundle("en", "translation", { onlyInEnglish: "Only written in English so far" }, true, true);
    expect(i18n.t("onlyInEnglish")).toBe("Only written in English so far");
    expect(i18n.t("form.send")).toBe("रिपोर्ट भेजें");
  });
});

describe("dates and numbers in the reader's language", () => {
  const at = new Date("2026-12-04T11:30:00Z");
  it("Hindi dates are written by Intl for hi-IN, with the zone named", () => {
    const text = formatDateTime(at, "hi", "Asia/Kolkata");
    expect(text).toMatch(/\p{Script=Devanagari}/u);
    expect(text).toContain("2026");
    expect(text).toContain("(Asia/Kolkata)");
    expect(text).toBe(
      `${new Intl.DateTimeFormat("hi-IN", { timeZone: "Asia/Kolkata", dateStyle: "medium", timeStyle: "short" }).format(at)} (Asia/Kolkata)`,
    );
  });
  it("English dates keep the dashboard's form, so both sides quote a date alike", () => {
    expect(formatDateTime(at, "en", "Asia/Kolkata")).toMatch(/^Fri 4 Dec 2026, 17:00 .*Asia\/Kolkata/);
  });
  it("relative times and sizes follow the language", () => {
    const now = new Date("2026-12-01T11:30:00Z");
    expect(relativeTo(at, "en", now)).toBe("in 3 days");
    expect(relativeTo(at, "hi", now)).toMatch(/^3 दिन में$/);
    expect(relativeTo(new Date(now.getTime() + 10_000), "hi", now)).toBeNull();
    expect(formatBytes(64 * 1024, "en")).toBe("64 kB");
    expect(formatBytes(3 * 1_048_576, "hi")).toMatch(/^3 (MB|मेगाबाइट)$/);
  });
});
