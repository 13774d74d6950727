import { useEffect } from "react";
import { useModal } from "../../lib/useModal.ts";
import "./keyboard.css";
import { GLOBAL_SHORTCUTS, REPORT_SHORTCUTS } from "./shortcuts.ts";

/** `?` on the report page: every shortcut, in a modal dialog that gives focus back when closed. */
export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const modal = useModal();
  const { show, close } = modal;
  useEffect(() => {
    if (open) show();
    else close();
  }, [open, show, close]);
  return (
    <dialog
      {...modal.dialogProps}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      className="kbd-dialog"
      aria-labelledby="kbd-title"
    >
      {modal.open && (
        <>
          <h2 id="kbd-title">Keyboard shortcuts</h2>
          <p className="muted">On a report page, when you are not typing in a field:</p>
          <dl className="kbd-list">
            {REPORT_SHORTCUTS.map((s) => (
              <div key={s.key}>
                <dt>
                  <kbd>{s.key}</kbd>
                </dt>
                <dd>{s.label}</dd>
              </div>
            ))}
          </dl>
          <p className="muted">Everywhere:</p>
          <dl className="kbd-list">
            {GLOBAL_SHORTCUTS.map((s) => (
              <div key={s.keys}>
                <dt>
                  <kbd>{s.keys}</kbd>
                </dt>
                <dd>{s.label}</dd>
              </div>
            ))}
          </dl>
          <p className="muted">In an open form, Escape cancels it and returns to the button that opened it.</p>
          <div className="dialog-actions">
            <button type="button" className="btn primary" onClick={onClose}>
              Close
            </button>
          </div>
        </>
      )}
    </dialog>
  );
}
