import { useEffect } from "react";

/** What the browser's tab, history and window list say: "VOICE-12 · Embargo", "Inbox · Embargo". */
export function pageTitle(screen: string | null | undefined): string {
  return screen ? `${screen} · Embargo` : "Embargo";
}

/**
 * Names the screen in the document title, which is what a screen reader
 * announces on navigation and what tells tabs apart. Report titles stay out
 * (they are unpublished vulnerabilities; tab titles reach history and sync):
 * the key names a report.
 */
export function useTitle(screen: string | null | undefined): void {
  useEffect(() => {
    document.title = pageTitle(screen);
  }, [screen]);
}
