import type { AppRouter } from "@embargo/api";
import { startAuthentication } from "@simplewebauthn/browser";
import { TRPCClientError, type TRPCLink } from "@trpc/client";
import { observable } from "@trpc/server/observable";
import { useEffect, useRef, useState } from "react";
import { Field, PasswordInput } from "../components/ui/Field.tsx";

/**
 * Re-authentication: a sensitive procedure refused with reason
 * `reauth_required` opens a prompt (password or passkey); once proven, the
 * same call is sent again, so the button the person pressed just works.
 */
type Prompt = () => Promise<boolean>;
let openPrompt: Prompt | null = null;

/** A tRPC link that waits for the prompt and retries the refused operation once. */
export const reauthLink: TRPCLink<AppRouter> =
  () =>
  ({ op, next }) =>
    observable((observer) => {
      let sub = next(op).subscribe({
        next: (v) => observer.next(v),
        complete: () => observer.complete(),
        error: (err) => {
          const reason =
            err instanceof TRPCClientError ? (err.data as { reason?: string } | undefined)?.reason : undefined;
          if (reason !== "reauth_required" || !openPrompt) {
            observer.error(err);
            return;
          }
          openPrompt().then((ok) => {
            if (!ok) observer.error(err);
            else sub = next(op).subscribe(observer);
          });
        },
      });
      return () => sub.unsubscribe();
    });

/** The prompt itself, mounted once in the signed-in layout. */
export function ReauthDialog({
  reauthenticate,
  passkeyOptions,
}: {
  reauthenticate: (
    input: { method: "password"; password: string } | { method: "passkey"; challengeToken: string; response: unknown },
  ) => Promise<unknown>;
  passkeyOptions: () => Promise<{
    challengeToken: string;
    options: Parameters<typeof startAuthentication>[0]["optionsJSON"];
  }>;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const resolver = useRef<((ok: boolean) => void) | null>(null);
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // The control that started the refused action: it is usually disabled while
  // its request waits (so the browser's own return of focus finds nothing), so
  // the prompt gives focus back itself once that control is enabled again.
  const lastFocused = useRef<HTMLElement | null>(null);
  useEffect(() => {
    const note = (e: FocusEvent) => {
      if (e.target instanceof HTMLElement && !dialog.current?.contains(e.target)) lastFocused.current = e.target;
    };
    document.addEventListener("focusin", note);
    return () => document.removeEventListener("focusin", note);
  }, []);

  useEffect(() => {
    openPrompt = () =>
      new Promise<boolean>((resolve) => {
        resolver.current?.(false);
        resolver.current = resolve;
        setPassword("");
        setError(null);
        dialog.current?.showModal();
      });
    return () => {
      openPrompt = null;
    };
  }, []);

  const finish = (ok: boolean) => {
    dialog.current?.close();
    resolver.current?.(ok);
    resolver.current = null;
    const back = lastFocused.current;
    if (back) returnFocus(back, dialog.current);
  };
  const prove = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
      finish(true);
    } catch (e) {
      const fields = e instanceof TRPCClientError ? (e.data?.fieldErrors as Record<string, string> | null) : null;
      setError(
        (fields && Object.values(fields)[0]) ?? (e instanceof Error ? e.message : "That did not work. Try again."),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog
      ref={dialog}
      className="reauth"
      aria-labelledby="reauth-title"
      aria-describedby="reauth-why"
      onCancel={() => finish(false)}
    >
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          void prove(() => reauthenticate({ method: "password", password }));
        }}
      >
        <h2 id="reauth-title">Confirm it is you</h2>
        <p id="reauth-why" className="muted">
          This action is sensitive. Enter your password (or use your passkey); you will not be asked again for 10
          minutes.
        </p>
        {error && (
          <div className="notice err" role="alert">
            {error}
          </div>
        )}
        <Field label="Your password">
          {(p) => (
            <PasswordInput {...p} autoComplete="current-password" value={password} onChange={setPassword} required />
          )}
        </Field>
        <div className="dialog-actions">
          <button type="submit" className="btn primary" disabled={busy || !password}>
            Confirm
          </button>
          <button
            type="button"
            className="btn"
            disabled={busy}
            onClick={() =>
              void prove(async () => {
                const { challengeToken, options } = await passkeyOptions();
                const response = await startAuthentication({ optionsJSON: options });
                await reauthenticate({ method: "passkey", challengeToken, response });
              })
            }
          >
            Use a passkey
          </button>
          <button type="button" className="btn" onClick={() => finish(false)}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}

/** Focus `el` as soon as it can take focus again (within a second), unless the person moved focus elsewhere meanwhile. */
function returnFocus(el: HTMLElement, prompt: HTMLElement | null) {
  let tries = 0;
  const attempt = () => {
    if (!el.isConnected) return;
    const now = document.activeElement;
    // Focus left on the closed prompt's own buttons, or on nothing, is lost focus.
    const elsewhere = now && now !== document.body && !prompt?.contains(now);
    if (elsewhere && document.activeElement !== el) return;
    if ((el as HTMLButtonElement).disabled && tries++ < 20) {
      setTimeout(attempt, 50);
      return;
    }
    el.focus();
  };
  setTimeout(attempt, 0);
}
