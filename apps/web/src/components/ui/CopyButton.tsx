import { useEffect, useRef, useState } from "react";

type Outcome = "idle" | "copied" | "failed";

/**
 * Copies a value (a token, a secret, a link shown once) to the clipboard and
 * says so where it was pressed: the button reads "Copied" for a moment and a
 * status region announces it (or, shown, that copying failed). `what` completes the accessible name
 * ("Copy API token"), so several Copy buttons on one screen stay apart.
 */
const ENGLISH = {
  copy: "Copy",
  copied: "Copied",
  announced: "Copied to the clipboard",
  failed: "Could not copy: select the text and copy it",
};

/** `texts`: the button's words in another language (the researcher pages pass their catalog's). */
export function CopyButton({ value, what, texts = ENGLISH }: { value: string; what: string; texts?: typeof ENGLISH }) {
  const [outcome, setOutcome] = useState<Outcome>("idle");
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const copy = async () => {
    clearTimeout(timer.current);
    try {
      // Absent outside a secure context (plain http on a LAN address): say so rather than fail silently.
      if (!navigator.clipboard) throw new Error("no clipboard");
      await navigator.clipboard.writeText(value);
      setOutcome("copied");
    } catch {
      setOutcome("failed");
    }
    timer.current = setTimeout(() => setOutcome("idle"), 4000);
  };
  return (
    <span className="copy">
      <button type="button" className="btn small" onClick={copy}>
        {outcome === "copied" ? texts.copied : texts.copy}
        <span className="sr-only"> {what}</span>
      </button>
      {/* Present before anything is said, so screen readers announce the change. A live region without
          the status role: the notices these buttons sit in are statuses of their own. */}
      <span aria-live="polite" className={outcome === "failed" ? "field-error" : "sr-only"}>
        {outcome === "copied" ? texts.announced : outcome === "failed" ? texts.failed : ""}
      </span>
    </span>
  );
}
