import { type KeyboardEvent, useEffect, useRef } from "react";

const FIRST_FIELD = "input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled])";

/**
 * An inline prompt (a form that opens under the button that asked for it):
 * its first field takes focus when it opens, and Escape cancels it. The
 * caller's `onCancel` puts focus back on the opening button.
 */
export function useInlinePrompt<T extends HTMLElement>(onCancel: () => void, ready = true) {
  const ref = useRef<T>(null);
  const focused = useRef(false);
  // Once, when its fields are known (`ready`: e.g. after what decides them has loaded).
  useEffect(() => {
    if (!ready || focused.current) return;
    focused.current = true;
    ref.current?.querySelector<HTMLElement>(FIRST_FIELD)?.focus();
  }, [ready]);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== "Escape" || e.defaultPrevented) return;
    e.preventDefault();
    e.stopPropagation();
    onCancel();
  };
  return { ref, onKeyDown };
}
