/**
 * The colour theme: the system's (prefers-color-scheme) unless the person
 * chose one in their profile. The choice lives in this browser's localStorage
 * and is applied as data-theme on <html>, which sets the root's color-scheme;
 * the stylesheet's light-dark() palette follows it. "system" removes the
 * attribute, so the stylesheet alone follows the system, with no script.
 */
export const THEMES = ["system", "light", "dark"] as const;
export type Theme = (typeof THEMES)[number];

const KEY = "embargo.theme";
/** Fired on window when the choice changes, for what draws colours itself (the trend charts). */
export const THEME_EVENT = "embargo:theme";

export function storedTheme(): Theme {
  try {
    const v = localStorage.getItem(KEY);
    return v === "light" || v === "dark" ? v : "system";
  } catch {
    // Storage refused (privacy settings): the system's theme.
    return "system";
  }
}

export function applyTheme(theme: Theme): void {
  if (theme === "system") document.documentElement.removeAttribute("data-theme");
  else document.documentElement.setAttribute("data-theme", theme);
}

export function chooseTheme(theme: Theme): void {
  try {
    if (theme === "system") localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, theme);
  } catch {
    // Not kept across visits, but applied now.
  }
  applyTheme(theme);
  window.dispatchEvent(new Event(THEME_EVENT));
}
