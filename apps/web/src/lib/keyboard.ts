/**
 * Single-key shortcuts must never steal a character someone is typing: these
 * are the targets that take text (or choices) from the keyboard. Kept free of
 * the DOM's classes so it runs in plain unit tests.
 */
export interface KeyTarget {
  tagName?: string;
  type?: string;
  isContentEditable?: boolean;
  getAttribute?: (name: string) => string | null;
  closest?: (selector: string) => unknown;
}

/** Roles whose element takes typed text or arrow keys of its own. */
const TYPING_ROLES = new Set(["textbox", "searchbox", "combobox", "spinbutton", "slider", "listbox", "menu"]);

export function isTypingTarget(target: KeyTarget | null | undefined): boolean {
  if (!target) return false;
  const tag = target.tagName?.toUpperCase();
  if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") return true;
  if (target.isContentEditable) return true;
  // jsdom and old engines do not compute isContentEditable: read the attribute too.
  const editable = target.getAttribute?.("contenteditable");
  if (editable != null && editable !== "false") return true;
  const role = target.getAttribute?.("role");
  if (role && TYPING_ROLES.has(role)) return true;
  // Inside an open modal dialog (the palette, a prompt) keys belong to it.
  return !!target.closest?.("dialog[open]");
}

export interface KeyEventLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  isComposing?: boolean;
  defaultPrevented?: boolean;
  repeat?: boolean;
  target: KeyTarget | null;
}

/**
 * The plain key a page shortcut may act on, or null: no Ctrl, ⌘ or Alt
 * (those belong to the browser and the system), no IME composition, no held
 * key repeating, nothing already handled and never while typing. Shift is
 * allowed: `?` needs it on most layouts, and a capital letter is its own key.
 */
export function plainKeyOf(e: KeyEventLike): string | null {
  if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing || e.defaultPrevented || e.repeat) return null;
  if (isTypingTarget(e.target)) return null;
  return e.key.length === 1 ? e.key : null;
}

/** Ctrl-K (⌘-K on a Mac) opens the command palette, from anywhere, even in a text field. */
export const isPaletteKey = (e: Pick<KeyEventLike, "key" | "ctrlKey" | "metaKey" | "altKey">): boolean =>
  (e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === "k";
