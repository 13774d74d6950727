import { useEffect, useState } from "react";
import { chooseTheme, storedTheme, THEMES, type Theme } from "../../lib/theme.ts";

const LABELS: Record<Theme, string> = { system: "System", light: "Light", dark: "Dark" };

/** What the system asks for now, to say what "System" means on this device. */
function useSystemDark(): boolean {
  const [dark, setDark] = useState(() => matchMedia("(prefers-color-scheme: dark)").matches);
  useEffect(() => {
    const query = matchMedia("(prefers-color-scheme: dark)");
    const onChange = () => setDark(query.matches);
    query.addEventListener("change", onChange);
    return () => query.removeEventListener("change", onChange);
  }, []);
  return dark;
}

/** The colour theme of this browser: applied at once, kept in this browser only (not the account). */
export function ThemeSetting() {
  const [theme, setTheme] = useState<Theme>(storedTheme);
  const systemDark = useSystemDark();
  return (
    <section className="card" aria-labelledby="theme-title">
      <h2 className="card-title" id="theme-title">
        Appearance
      </h2>
      <fieldset className="bare theme-choice">
        <legend>Theme</legend>
        {THEMES.map((t) => (
          <label key={t} className="radio">
            <input
              type="radio"
              name="theme"
              value={t}
              checked={theme === t}
              onChange={() => {
                setTheme(t);
                chooseTheme(t);
              }}
            />
            {LABELS[t]}
            {t === "system" && (
              <span className="muted"> (your device's setting, now {systemDark ? "dark" : "light"})</span>
            )}
          </label>
        ))}
      </fieldset>
      <p className="field-hint">Kept in this browser only.</p>
    </section>
  );
}
