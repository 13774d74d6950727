import { type KeyboardEvent, useCallback, useEffect, useRef, useState } from "react";

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * A native modal `<dialog>`: `showModal()` makes the rest of the page inert
 * (focus cannot leave it, screen readers read only it) and Escape cancels it.
 * On close, focus goes back to the element that had it when the dialog opened.
 */
export function useModal() {
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const [open, setOpen] = useState(false);
  const show = useCallback(() => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setOpen(true);
  }, []);
  const then = useRef<(() => void) | null>(null);
  /** Close; `after` runs once focus is back on the opener (a command that moves focus itself). */
  const close = useCallback((after?: () => void) => {
    then.current = after ?? null;
    setOpen(false);
  }, []);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      d.showModal();
      // React's autoFocus sets no attribute for showModal() to find: mark the field with data-autofocus.
      d.querySelector<HTMLElement>("[data-autofocus]")?.focus();
    }
    if (!open && d.open) {
      d.close();
      const back = opener.current;
      opener.current = null;
      if (back?.isConnected) back.focus();
      const after = then.current;
      then.current = null;
      after?.();
    }
  }, [open]);
  /**
   * Props for the `<dialog>`: Escape (the `cancel` event) closes through React
   * state, and Tab cycles inside (a modal dialog alone lets Tab leave for the
   * browser's own controls).
   */
  const dialogProps = {
    ref,
    onKeyDown: (e: KeyboardEvent<HTMLDialogElement>) => {
      if (e.key !== "Tab") return;
      const inside = Array.from(e.currentTarget.querySelectorAll<HTMLElement>(FOCUSABLE)).filter(
        (el) => el.getClientRects().length > 0,
      );
      const first = inside[0];
      const last = inside[inside.length - 1];
      if (!first || !last) return;
      if (e.shiftKey && (document.activeElement === first || !e.currentTarget.contains(document.activeElement))) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first.focus();
      }
    },
    onCancel: (e: { preventDefault: () => void }) => {
      e.preventDefault();
      close();
    },
  };
  return { open, show, close, dialogProps };
}
