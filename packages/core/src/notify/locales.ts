import i18next, { type i18n } from "i18next";
import { formatZonedInstant, formatZonedInstantIn } from "../disclosure/zoned.ts";
import { RESEARCHER_LOCALES, type ResearcherLocale } from "../i18n/locale.ts";
import { type EmailCatalog, EN_EMAILS } from "./catalog-en.ts";
import { HI_EMAILS } from "./catalog-hi.ts";

/**
 * The email catalogs, one per researcher language, each read through its own
 * i18next instance (createInstance: no global i18next state, so a Hindi email
 * and an English one rendered side by side never share a language setting).
 * Plurals follow Intl.PluralRules of the language (`_one`/`_other` keys),
 * numbers go through Intl.NumberFormat (`{{count, number}}`), and dates
 * arrive formatted by Intl in the language's region (hi-IN).
 */
export const EMAIL_CATALOGS: Readonly<Record<ResearcherLocale, EmailCatalog>> = { en: EN_EMAILS, hi: HI_EMAILS };

/** A dotted key of the catalog; a plural key is named without its `_one`/`_other` suffix. */
type KeyOf<T, P extends string = ""> = {
  [K in keyof T & string]: T[K] extends string | readonly string[]
    ? `${P}${K extends `${infer Base}_${"one" | "other"}` ? Base : K}`
    : KeyOf<T[K], `${P}${K}.`>;
}[keyof T & string];
export type EmailKey = KeyOf<EmailCatalog>;

/** Values for a message's `{{placeholders}}`; `count` also picks the plural form. */
export type EmailParams = Readonly<Record<string, string | number>>;

/** What a locale provides: the language tag of the HTML, its words, and how it writes an instant in a zone. */
export interface EmailLocale {
  lang: ResearcherLocale;
  /** One message, placeholders filled. */
  t(key: EmailKey, params?: EmailParams): string;
  /** A list of paragraphs, each with its placeholders filled. */
  lines(key: EmailKey, params?: EmailParams): string[];
  formatInstant(at: Date, timeZone: string): string;
}

function instanceFor(lang: ResearcherLocale): i18n {
  const instance = i18next.createInstance();
  // Resources are inline, so init completes before it returns (initAsync: false).
  void instance.init({
    lng: lang,
    // A key a catalog lacks is said in English rather than shown as a key; catalogs.test.ts fails on it first.
    fallbackLng: "en",
    supportedLngs: [...RESEARCHER_LOCALES],
    resources: Object.fromEntries(RESEARCHER_LOCALES.map((l) => [l, { translation: EMAIL_CATALOGS[l] }])),
    initAsync: false,
    // render.ts escapes the HTML once; escaping here too would show "&amp;" in the plain-text part.
    interpolation: { escapeValue: false, skipOnVariables: true },
  });
  return instance;
}

/** Dates as the researcher's browser writes them in their language: en keeps the dashboard's form. */
const FORMAT_INSTANT: Record<ResearcherLocale, EmailLocale["formatInstant"]> = {
  en: formatZonedInstant,
  hi: (at, timeZone) => formatZonedInstantIn("hi-IN", at, timeZone),
};

function makeLocale(lang: ResearcherLocale): EmailLocale {
  const i = instanceFor(lang);
  // `nest: false`: a parameter (a program name, a version) that happens to say "$t(...)" stays as written.
  const t = (key: string, options: Record<string, unknown>): unknown => i.t(key, { ...options, nest: false } as never);
  return {
    lang,
    t: (key, params = {}) => String(t(key, params)),
    lines: (key, params = {}) => {
      const out = t(key, { ...params, returnObjects: true });
      return Array.isArray(out) ? out.map(String) : [String(out)];
    },
    formatInstant: FORMAT_INSTANT[lang],
  };
}

const LOCALES = new Map<ResearcherLocale, EmailLocale>();

/** The email locale of a researcher language; built once, then shared (it holds no per-email state). */
export function emailLocale(lang: ResearcherLocale): EmailLocale {
  let l = LOCALES.get(lang);
  if (!l) {
    l = makeLocale(lang);
    LOCALES.set(lang, l);
  }
  return l;
}
