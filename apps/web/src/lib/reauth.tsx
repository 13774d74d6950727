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

/**
 * Gives the focus back to `el` from the closed `prompt`. The button that started the refused call is
 * usually disabled until the call settles (retried or failed), so it is tried again on the next
 * frames, for about half a second, and only while nothing outside the prompt has taken the focus.
 */
function focusWhenAble(el: HTMLElement | null, prompt: HTMLElement, frames = 30) {
  if (!el?.isConnected) return;
  const active = document.activeElement;
  if (active === el || (active && active !== document.body && !prompt.contains(active))) return;
  el.focus();
  if (document.activeElement !== el && frames > 0) {
    requestAnimationFrame(() => focusWhenAble(el, prompt, frames - 1));
  }
}

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
  // The last control focused outside the prompt: it gets the focus back when the prompt closes. Tracked
  // as it goes, because by the time the prompt opens that control is usually disabled (its call is
  // pending) and the focus has fallen to the body.
  const opener = useRef<HTMLElement | null>(null);
  useEffect(() => {
    const onFocusIn = (e: FocusEvent) => {
      if (!dialog.current?.open && e.target instanceof HTMLElement) opener.current = e.target;
    };
    document.addEventListener("focusin", onFocusIn);
    return () => document.removeEventListener("focusin", onFocusIn);
  }, []);
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

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
    if (!dialog.current) return;
    dialog.current.close();
    resolver.current?.(ok);
    resolver.current = null;
    focusWhenAble(opener.current, dialog.current);
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
