import { startRegistration } from "@simplewebauthn/browser";
import { useMutation, useQuery } from "@tanstack/react-query";
import QRCode from "qrcode";
import { useEffect, useRef, useState } from "react";
import { CopyButton } from "../../components/ui/CopyButton.tsx";
import { Field, OneTimeCodeInput } from "../../components/ui/Field.tsx";
import { ErrorBox, Loading } from "../../components/ui/States.tsx";
import { RelativeTime } from "../../components/ui/Time.tsx";
import { errorMessage, fieldErrorsOf, queryClient, trpc } from "../../lib/trpc.ts";

const invalidateFactors = () => queryClient.invalidateQueries({ queryKey: trpc.security.factors.queryKey() });

/** A browser refusal (cancelled, timed out, no authenticator) in plain words. */
export function passkeyError(e: unknown): string {
  if (e instanceof Error && (e.name === "NotAllowedError" || e.name === "AbortError"))
    return "The passkey prompt was cancelled or timed out. Try again.";
  if (e instanceof Error && e.name === "InvalidStateError") return "This passkey is already registered.";
  return Object.values(fieldErrorsOf(e))[0] ?? errorMessage(e);
}

/** The QR code drawn to a canvas (no markup injected; the page's CSP allows it as is). */
function QrCanvas({ text, label }: { text: string; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (ref.current) void QRCode.toCanvas(ref.current, text, { width: 200, margin: 2 });
  }, [text]);
  return <canvas ref={ref} role="img" aria-label={label} width={200} height={200} className="qr" />;
}

/** Ten recovery codes, shown once, with a way to copy or download them. */
export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone?: () => void }) {
  const text = codes.join("\n");
  return (
    <section className="notice ok recovery" aria-labelledby="recovery-title">
      <h3 className="sub-title" id="recovery-title">
        Your recovery codes
      </h3>
      <p>
        Each works once if you lose your device. Store them somewhere safe now:{" "}
        <strong>they will not be shown again.</strong>
      </p>
      <ol className="recovery-codes" aria-label="Recovery codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ol>
      <div className="dialog-actions">
        <CopyButton value={text} what="recovery codes" />
        <a
          className="btn small"
          download="embargo-recovery-codes.txt"
          href={`data:text/plain;charset=utf-8,${encodeURIComponent(`${text}\n`)}`}
        >
          Download codes
        </a>
        {onDone && (
          <button type="button" className="btn small primary" onClick={onDone}>
            I have saved them
          </button>
        )}
      </div>
    </section>
  );
}

function TotpSetup({ onEnrolled }: { onEnrolled: (codes: string[] | null) => void }) {
  const begin = useMutation(trpc.security.totpBegin.mutationOptions());
  const confirm = useMutation(
    trpc.security.totpConfirm.mutationOptions({
      onSuccess: async (r) => {
        await invalidateFactors();
        onEnrolled(r.recoveryCodes);
      },
    }),
  );
  const [label, setLabel] = useState("Authenticator app");
  const [code, setCode] = useState("");
  const errs = fieldErrorsOf(confirm.error);
  if (!begin.data)
    return (
      <div>
        {begin.isError && (
          <div className="notice err" role="alert">
            {errorMessage(begin.error)}
          </div>
        )}
        <button type="button" className="btn" disabled={begin.isPending} onClick={() => begin.mutate()}>
          Set up an authenticator app
        </button>
      </div>
    );
  const s = begin.data;
  return (
    <form
      className="enrol-totp"
      aria-label="Set up an authenticator app"
      onSubmit={(e) => {
        e.preventDefault();
        confirm.mutate({ label, secret: s.secret, pending: s.pending, code });
      }}
    >
      <p>Scan this code with your authenticator app, then enter the 6-digit code it shows.</p>
      <div className="enrol-row">
        <QrCanvas text={s.uri} label="QR code to add Embargo to your authenticator app" />
        <div>
          <p className="muted">Cannot scan? Enter this key by hand (time-based, SHA-1, 6 digits):</p>
          <code className="secret">{s.secret.match(/.{1,4}/g)?.join(" ")}</code>
        </div>
      </div>
      {confirm.isError && !Object.keys(errs).length && (
        <div className="notice err" role="alert">
          {errorMessage(confirm.error)}
        </div>
      )}
      <Field label="Name for this device" error={errs.label}>
        {(p) => <input {...p} value={label} onChange={(e) => setLabel(e.target.value)} maxLength={60} required />}
      </Field>
      <Field label="Code from the app" error={errs.code ?? errs.secret}>
        {(p) => <OneTimeCodeInput {...p} value={code} onChange={setCode} required />}
      </Field>
      <button type="submit" className="btn primary" disabled={confirm.isPending}>
        Confirm and turn on
      </button>
    </form>
  );
}

function PasskeySetup({ onEnrolled }: { onEnrolled: (codes: string[] | null) => void }) {
  const [label, setLabel] = useState("Passkey");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const begin = useMutation(trpc.security.passkeyBegin.mutationOptions());
  const finish = useMutation(trpc.security.passkeyFinish.mutationOptions());
  return (
    <form
      aria-label="Add a passkey"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        try {
          const { challengeToken, options } = await begin.mutateAsync();
          const response = await startRegistration({ optionsJSON: options });
          const r = await finish.mutateAsync({ label, challengeToken, response: response as never });
          await invalidateFactors();
          onEnrolled(r.recoveryCodes);
        } catch (err) {
          setError(passkeyError(err));
        } finally {
          setBusy(false);
        }
      }}
    >
      {error && (
        <div className="notice err" role="alert">
          {error}
        </div>
      )}
      <Field label="Name for this passkey">
        {(p) => <input {...p} value={label} onChange={(e) => setLabel(e.target.value)} maxLength={60} required />}
      </Field>
      <button type="submit" className="btn" disabled={busy}>
        {busy ? "Waiting for your passkey…" : "Add a passkey"}
      </button>
    </form>
  );
}

/** Add a factor (either kind); the first one shows the recovery codes. */
export function AddFactor({ onEnrolled }: { onEnrolled: (codes: string[] | null) => void }) {
  return (
    <div className="add-factor">
      <div>
        <h3 className="sub-title">Passkey</h3>
        <p className="muted">Your device's screen lock or a security key. Nothing to type.</p>
        <PasskeySetup onEnrolled={onEnrolled} />
      </div>
      <div>
        <h3 className="sub-title">Authenticator app</h3>
        <p className="muted">A 6-digit code that changes every 30 seconds.</p>
        <TotpSetup onEnrolled={onEnrolled} />
      </div>
    </div>
  );
}

const KIND_LABEL = { totp: "Authenticator app", passkey: "Passkey" } as const;

/** The profile's card: your factors, recovery codes, add and remove. */
export function FactorsCard() {
  const list = useQuery(trpc.security.factors.queryOptions());
  const [codes, setCodes] = useState<string[] | null>(null);
  // Remounted after each enrolment, so a used QR code and its typed code do not linger.
  const [round, setRound] = useState(0);
  const remove = useMutation(trpc.security.removeFactor.mutationOptions({ onSuccess: invalidateFactors }));
  const regenerate = useMutation(
    trpc.security.regenerateRecoveryCodes.mutationOptions({
      onSuccess: async (r) => {
        setCodes(r.recoveryCodes);
        await invalidateFactors();
      },
    }),
  );
  const failed = [remove, regenerate].find((m) => m.isError);
  return (
    <section className="card" aria-labelledby="factors-title">
      <h2 className="card-title" id="factors-title">
        Second factor
      </h2>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorBox title="Your second factors could not be loaded" message={errorMessage(list.error)} />
      ) : (
        <>
          {list.data.required && <p className="muted">Your organisation requires a second factor for your account.</p>}
          {failed && (
            <div className="notice err" role="alert">
              {Object.values(fieldErrorsOf(failed.error))[0] ?? errorMessage(failed.error)}
            </div>
          )}
          {codes && <RecoveryCodes codes={codes} onDone={() => setCodes(null)} />}
          {list.data.factors.length === 0 ? (
            <p>No second factor yet: anyone with your password can sign in as you.</p>
          ) : (
            <ul className="factor-list" aria-label="Your second factors">
              {list.data.factors.map((f) => (
                <li key={f.id}>
                  <span>
                    <strong>{f.label}</strong>
                    {f.label !== KIND_LABEL[f.kind] && <span className="muted"> · {KIND_LABEL[f.kind]}</span>}
                    <br />
                    <span className="muted">
                      Added <RelativeTime at={f.createdAt} />
                      {f.lastUsedAt && (
                        <>
                          {" "}
                          · last used <RelativeTime at={f.lastUsedAt} />
                        </>
                      )}
                    </span>
                  </span>
                  <button
                    type="button"
                    className="btn small danger"
                    aria-label={`Remove ${f.label}`}
                    disabled={remove.isPending}
                    onClick={() => {
                      if (window.confirm(`Remove ${f.label}? You will no longer be able to sign in with it.`))
                        remove.mutate({ id: f.id });
                    }}
                  >
                    Remove
                  </button>
                </li>
              ))}
            </ul>
          )}
          {list.data.factors.length > 0 && (
            <p>
              {list.data.recoveryCodesLeft} of 10 recovery codes left.{" "}
              <button
                type="button"
                className="btn small"
                disabled={regenerate.isPending}
                onClick={() => regenerate.mutate()}
              >
                New recovery codes
              </button>
            </p>
          )}
          <AddFactor
            key={round}
            onEnrolled={(c) => {
              setRound((r) => r + 1);
              if (c) setCodes(c);
            }}
          />
        </>
      )}
    </section>
  );
}
