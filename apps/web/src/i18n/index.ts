import { formatZonedInstant, RESEARCHER_LOCALES, type ResearcherLocale } from "@embargo/core";
import { createInstance, type i18n } from "i18next";
import { RELATIVE_UNITS } from "../lib/time.ts";
import { en } from "./en.ts";
import { hi } from "./hi.ts";

/**
 * The researcher pages' translations (issue 15, decision 0018): one i18next
 * instance of their own (createInstance, never the global singleton), so the
 * staff dashboard, which is English only, loads and changes nothing of it.
 */
export const CATALOGS = { en, hi } as const satisfies Record<ResearcherLocale, unknown>;

/** The tag Intl formats with: Hindi as written in India (its dates, digits and plural rules). */
export const INTL_TAG: Record<ResearcherLocale, string> = { en: "en", hi: "hi-IN" };

/** Each language named in itself, as the switcher shows it (the same words in every catalog). */
export const ENDONYM: Record<ResearcherLocale, string> = { en: "English", hi: "हिन्दी" };

/**
 * A ready instance (resources are bundled, so `init` finishes synchronously).
 * A key missing from a catalog falls back to English on the page; the catalog
 * test fails the suite for it.
 */
export function createResearcherI18n(lng: ResearcherLocale = "en"): i18n {
  const instance = createInstance();
  void instance.init({
    resources: Object.fromEntries(RESEARCHER_LOCALES.map((l) => [l, { translation: CATALOGS[l] }])),
    lng,
    fallbackLng: "en",
    supportedLngs: [...RESEARCHER_LOCALES],
    // React escapes what it renders; escaping here too would show "&lt;" in program names.
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  return instance;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * A date and time in the reader's language, in a zone (the reader's own by default), with the zone named.
 * English keeps the dashboard's form ("Thu 4 Dec 2026, 17:00 IST (Asia/Kolkata)"), so a researcher and the
 * team quote a date alike; other languages are formatted by Intl as the browser writes them.
 */
export function formatDateTime(at: Date, lang: ResearcherLocale, timeZone?: string): string {
  const zone = timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (lang === "en") return formatZonedInstant(at, zone);
  const id = `${lang}|${zone}`;
  let f = dateFormats.get(id);
  if (!f) {
    f = new Intl.DateTimeFormat(INTL_TAG[lang], { timeZone: zone, dateStyle: "medium", timeStyle: "short" });
    dateFormats.set(id, f);
  }
  return `${f.format(at)} (${zone})`;
}

/** A calendar date in the reader's language. */
export const formatDay = (at: Date, lang: ResearcherLocale) =>
  new Intl.DateTimeFormat(INTL_TAG[lang], { dateStyle: "long" }).format(at);

/** "in 3 days", "2 hours ago", "3 दिन में": the largest whole unit, by Intl; null under a minute. */
export function relativeTo(at: Date, lang: ResearcherLocale, now: Date = new Date()): string | null {
  const diff = at.getTime() - now.getTime();
  const rtf = new Intl.RelativeTimeFormat(INTL_TAG[lang], { numeric: "auto" });
  for (const [unit, ms] of RELATIVE_UNITS) if (Math.abs(diff) >= ms) return rtf.format(Math.round(diff / ms), unit);
  return null;
}

/** A file size in the reader's digits and unit words ("64 kB", "1.5 MB"). */
export function formatBytes(n: number, lang: ResearcherLocale): string {
  const mb = n >= 1_048_576;
  return new Intl.NumberFormat(INTL_TAG[lang], {
    style: "unit",
    unit: mb ? "megabyte" : "kilobyte",
    maximumFractionDigits: mb ? 1 : 0,
  }).format(mb ? n / 1_048_576 : Math.max(1, Math.round(n / 1024)));
}
