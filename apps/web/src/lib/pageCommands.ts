import { useSyncExternalStore } from "react";

/** An action the screen on view offers to the command palette (e.g. "Acknowledge VOICE-12"). */
export interface PageCommand {
  id: string;
  label: string;
  /** The single-key shortcut that does the same, shown beside it. */
  shortcut?: string;
  run: () => void;
}

let current: readonly PageCommand[] = [];
const listeners = new Set<() => void>();

/** The screen on view publishes its actions; it passes [] when it goes away. */
export function setPageCommands(commands: readonly PageCommand[]): void {
  current = commands;
  for (const l of listeners) l();
}

export function usePageCommands(): readonly PageCommand[] {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current,
  );
}
