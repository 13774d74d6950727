import { reportKeySchema } from "@embargo/core";

/** One thing the palette can do: open a screen, a program's reports, a report, or an action of the screen on view. */
export interface PaletteItem {
  id: string;
  group: "Report" | "Actions" | "Screens" | "Programs" | "Search";
  label: string;
  /** Other words it is found by (a screen's path, a program's slug). */
  keywords?: string;
  /** A single-key shortcut that does the same. */
  shortcut?: string;
  run: () => void;
}

const fold = (s: string) =>
  s
    .toLocaleLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "");

/**
 * Every word typed must appear in the label or keywords (in any order, any
 * case, accents ignored); an empty query keeps everything. Plain words, not a
 * fuzzy score: "VOICE-16" must not match "Voice Agent System" by scattered letters.
 */
export function filterItems<T extends Pick<PaletteItem, "label" | "keywords">>(
  items: readonly T[],
  query: string,
): T[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...items];
  return items.filter((it) => {
    const hay = fold(`${it.label} ${it.keywords ?? ""}`);
    return words.every((w) => hay.includes(w));
  });
}

/** The report key the query is, exactly (any case, surrounding spaces ignored), or null. */
export function reportKeyIn(query: string): string | null {
  const r = reportKeySchema.safeParse(query);
  return r.success ? r.data : null;
}

export interface ScreenAccess {
  canTriage: boolean;
  isAdmin: boolean;
}

/** The signed-in screens, as the navigation offers them to this person. */
export function screensFor(a: ScreenAccess): { label: string; path: string; keywords?: string }[] {
  return [
    { label: "Inbox", path: "/", keywords: "reports home" },
    { label: "Leadership", path: "/leadership", keywords: "kpi trends escalations" },
    { label: "Disclosures", path: "/disclosures", keywords: "calendar dates" },
    { label: "Acknowledgments", path: "/acknowledgments", keywords: "credits hall of fame" },
    ...(a.canTriage
      ? [
          { label: "New report", path: "/reports/new", keywords: "create add manual" },
          { label: "Researchers", path: "/researchers", keywords: "reporters people" },
        ]
      : []),
    ...(a.isAdmin
      ? [
          { label: "Settings", path: "/settings", keywords: "policy promises" },
          { label: "Programs", path: "/settings/programs" },
          { label: "Members", path: "/members", keywords: "people invite users" },
          { label: "Outbox", path: "/outbox", keywords: "emails mail webhooks" },
          { label: "Audit", path: "/audit", keywords: "log trail" },
        ]
      : []),
    { label: "Profile", path: "/profile", keywords: "account password sessions theme" },
  ];
}
