import { chooseLocale, RESEARCHER_LOCALES, type ResearcherLocale } from "@embargo/core";
import { useCallback, useEffect, useLayoutEffect, useState } from "react";
import { I18nextProvider, useTranslation } from "react-i18next";
import { Outlet, useSearchParams } from "react-router";
import { createResearcherI18n, ENDONYM, INTL_TAG } from "../../i18n/index.ts";
import "./public.css";

/** What the browser says its reader prefers, as an Accept-Language header would (the server sees the same). */
const browserLanguages = () => (typeof navigator === "undefined" ? "" : (navigator.languages ?? []).join(","));

/**
 * The researcher pages' translations (issue 15): its own i18next instance, made
 * when a public page first opens, so the staff dashboard never loads it.
 */
export function PublicLayout() {
  const [i18n] = useState(() =>
    createResearcherI18n(chooseLocale({ program: RESEARCHER_LOCALES, acceptLanguage: browserLanguages() })),
  );
  // The dashboard is English: leaving the researcher pages gives <html> back its language.
  useEffect(
    () => () => {
      document.documentElement.lang = "en";
    },
    [],
  );
  return (
    <I18nextProvider i18n={i18n}>
      <Outlet />
    </I18nextProvider>
  );
}

export interface LanguageChoice {
  lang: ResearcherLocale;
  /** The languages the program offers; the switcher shows only when there are two or more. */
  offered: readonly ResearcherLocale[];
  choose: (lang: ResearcherLocale) => void;
}

/**
 * The language a researcher page is shown in, by authority: `?lang=` (the
 * switcher writes it, so a reload keeps it), what the report stored, the
 * browser's languages, then the program's first; each only if the program
 * offers it. `offered` is undefined while the program is loading.
 */
export function useResearcherLanguage(
  offered: readonly ResearcherLocale[] | undefined,
  o: { stored?: string | null; onChoose?: (lang: ResearcherLocale) => void } = {},
): LanguageChoice {
  const [params, setParams] = useSearchParams();
  const { i18n } = useTranslation();
  const lang = chooseLocale({
    program: offered ?? RESEARCHER_LOCALES,
    requested: params.get("lang"),
    stored: o.stored,
    acceptLanguage: browserLanguages(),
  });
  // Before the page paints: the catalogs are bundled, so the change is synchronous.
  useLayoutEffect(() => {
    if (i18n.language !== lang) void i18n.changeLanguage(lang);
    document.documentElement.lang = INTL_TAG[lang];
  }, [i18n, lang]);
  const { onChoose } = o;
  const choose = useCallback(
    (next: ResearcherLocale) => {
      setParams(
        (p) => {
          const q = new URLSearchParams(p);
          q.set("lang", next);
          return q;
        },
        { replace: true },
      );
      onChoose?.(next);
    },
    [setParams, onChoose],
  );
  return { lang, offered: offered ?? [], choose };
}

/** One button per offered language, each named in its own language and marked with it for screen readers. */
export function LanguageSwitcher({ choice }: { choice: LanguageChoice }) {
  const { t } = useTranslation();
  if (choice.offered.length < 2) return null;
  return (
    <fieldset className="lang-switch">
      <legend className="sr-only">{t("common.language")}</legend>
      {choice.offered.map((l) => (
        <button
          key={l}
          type="button"
          lang={INTL_TAG[l]}
          className="btn small"
          aria-pressed={l === choice.lang}
          onClick={() => l !== choice.lang && choice.choose(l)}
        >
          {ENDONYM[l]}
        </button>
      ))}
    </fieldset>
  );
}

/** Every researcher page's frame: the product line, the language switcher, the content. */
export function PublicShell({ children, language }: { children: React.ReactNode; language?: LanguageChoice }) {
  const { t } = useTranslation();
  return (
    <div className="public">
      <header className="public-head">
        <span className="brand-mark" aria-hidden="true">
          E
        </span>{" "}
        <span className="public-brand">{t("common.brand")}</span>
        {language && <LanguageSwitcher choice={language} />}
      </header>
      <main className="public-main">{children}</main>
    </div>
  );
}
