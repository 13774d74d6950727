import { lazy, Suspense, useEffect } from "react";
import { isPaletteKey } from "../../lib/keyboard.ts";
import type { Me } from "../../lib/types.ts";
import { useModal } from "../../lib/useModal.ts";
import "./palette.css";

// cmdk loads with the first Ctrl-K, so the inbox (the first screen) stays small.
const PaletteBody = lazy(() => import("./PaletteBody.tsx"));

/**
 * Ctrl-K (⌘-K): a modal palette to jump to a report key, a program, a screen
 * or an action of the screen on view. Mounted once in the signed-in layout.
 */
export function CommandPalette({ me }: { me: Me }) {
  const modal = useModal();
  const { open, show, close } = modal;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!isPaletteKey(e) || e.defaultPrevented) return;
      e.preventDefault();
      if (open) close();
      else show();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open, show, close]);
  return (
    <dialog {...modal.dialogProps} className="palette" aria-label="Command palette">
      {open && (
        <Suspense fallback={<p className="muted palette-loading">Loading…</p>}>
          <PaletteBody me={me} close={close} />
        </Suspense>
      )}
    </dialog>
  );
}
