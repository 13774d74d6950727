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
          <KeyList rows={REPORT_SHORTCUTS.map((r) => [r.key, r.label])} />
          <p className="muted">Everywhere:</p>
          <KeyList rows={GLOBAL_SHORTCUTS.map((r) => [r.keys, r.label])} />
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

function KeyList({ rows }: { rows: (readonly [string, string])[] }) {
  return (
    <dl className="kbd-list">
      {rows.map(([keys, label]) => (
        <div key={keys}>
          <dt>
            <kbd>{keys}</kbd>
          </dt>
          <dd>{label}</dd>
        </div>
      ))}
    </dl>
  );
}
