import type { RouterOutputs } from "@embargo/api";
import { startAuthentication } from "@simplewebauthn/browser";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { Field, OneTimeCodeInput, PasswordInput } from "../../components/ui/Field.tsx";
import { useTitle } from "../../lib/title.ts";
import { errorMessage, fieldErrorsOf, queryClient, trpc } from "../../lib/trpc.ts";
import type { HomeState } from "../../routes/Home.tsx";

/** Only same-site paths are followed after sign-in (no open redirect). */
function safeNext(next: string | null): string {
  return next?.startsWith("/") && !next.startsWith("//") ? next : "/";
}

export function LoginPage() {
  useTitle("Sign in");
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [step, setStep] = useState<SecondStepState | null>(null);
  const done = async () => {
    await queryClient.invalidateQueries();
    const next = safeNext(params.get("next"));
    // Home: the page decides by role (leadership-only users land on the panel).
    navigate(next, { replace: true, state: next === "/" ? ({ home: true } satisfies HomeState) : undefined });
  };
  const signIn = useMutation(
    trpc.auth.signIn.mutationOptions({
      onSuccess: async (r) => {
        setPassword("");
        if (r.status === "second_factor") setStep(r);
        else if (r.status === "enrol") {
          await queryClient.invalidateQueries();
          navigate("/enrol", { replace: true });
        } else await done();
      },
    }),
  );
  const fields = fieldErrorsOf(signIn.error);
  // First run: nobody can sign in yet, so say where the setup link is.
  const setup = useQuery(trpc.setup.status.queryOptions());
  if (step) return <SecondStep step={step} onDone={done} onRestart={() => setStep(null)} />;
  return (
    <main className="login">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          signIn.mutate({ email, password });
        }}
        aria-labelledby="login-title"
      >
        <h1 id="login-title">Sign in to Embargo</h1>
        <p className="sub">Vulnerability disclosure triage</p>
        {setup.data?.needed && (
          <div className="notice" role="status">
            No accounts yet. Open the one-time setup link that <code>embargo serve</code> printed when it started.
          </div>
        )}
        {signIn.isError && !Object.keys(fields).length && (
          <div className="notice err" role="alert">
            {errorMessage(signIn.error)}
          </div>
        )}
        <Field label="Email" error={fields.email}>
          {(p) => (
            <input
              {...p}
              type="email"
              autoComplete="username"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              required
            />
          )}
        </Field>
        <Field label="Password" error={fields.password}>
          {(p) => (
            <PasswordInput {...p} autoComplete="current-password" value={password} onChange={setPassword} required />
          )}
        </Field>
        <button type="submit" className="btn primary" disabled={signIn.isPending}>
          {signIn.isPending ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}

type SecondStepState = Extract<RouterOutputs["auth"]["signIn"], { status: "second_factor" }>;

/** Step two: a code from the authenticator app, a passkey, or a recovery code. */
function SecondStep({
  step,
  onDone,
  onRestart,
}: {
  step: SecondStepState;
  onDone: () => Promise<void>;
  onRestart: () => void;
}) {
  const [mode, setMode] = useState<"totp" | "recovery">(step.methods.totp ? "totp" : "recovery");
  const [code, setCode] = useState("");
  const [passkeyError, setPasskeyError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const verify = useMutation(trpc.auth.secondFactor.mutationOptions({ onSuccess: onDone }));
  const options = useMutation(trpc.auth.passkeyOptions.mutationOptions());
  const fields = fieldErrorsOf(verify.error);
  const gone = /expired|Sign in again/.test(fields.challengeToken ?? fields.code ?? "");
  const usePasskey = async () => {
    setBusy(true);
    setPasskeyError(null);
    verify.reset();
    try {
      const optionsJSON = await options.mutateAsync({ challengeToken: step.challengeToken });
      const response = await startAuthentication({ optionsJSON });
      await verify.mutateAsync({ challengeToken: step.challengeToken, method: "passkey", response: response as never });
    } catch (e) {
      if (!(e instanceof Error && e.name === "TRPCClientError"))
        setPasskeyError(
          e instanceof Error && (e.name === "NotAllowedError" || e.name === "AbortError")
            ? "The passkey prompt was cancelled or timed out. Try again."
            : (Object.values(fieldErrorsOf(e))[0] ?? errorMessage(e)),
        );
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="login">
      <form
        aria-labelledby="second-title"
        onSubmit={(e) => {
          e.preventDefault();
          verify.mutate({ challengeToken: step.challengeToken, method: mode, code });
        }}
      >
        <h1 id="second-title">Second step</h1>
        <p className="sub">Your password was right. Now prove it is you with your second factor.</p>
        {(passkeyError ||
          (verify.isError && (fields.response || fields.challengeToken || !Object.keys(fields).length))) && (
          <div className="notice err" role="alert">
            {passkeyError ?? fields.response ?? fields.challengeToken ?? errorMessage(verify.error)}
          </div>
        )}
        {step.methods.passkey && (
          <button type="button" className="btn primary" disabled={busy} onClick={() => void usePasskey()}>
            {busy ? "Waiting for your passkey…" : "Use your passkey"}
          </button>
        )}
        {mode === "totp" ? (
          <Field label="6-digit code from your authenticator app" error={fields.code}>
            {(p) => <OneTimeCodeInput {...p} value={code} onChange={setCode} required />}
          </Field>
        ) : (
          <Field label="Recovery code" error={fields.code} hint="One of the ten codes you saved, such as abcde-23456">
            {(p) => <input {...p} autoComplete="off" value={code} onChange={(e) => setCode(e.target.value)} required />}
          </Field>
        )}
        <button
          type="submit"
          className={`btn${step.methods.passkey ? "" : " primary"}`}
          disabled={verify.isPending || gone}
        >
          {verify.isPending ? "Checking…" : "Verify"}
        </button>
        <p className="login-alt">
          {step.methods.totp && (
            <button
              type="button"
              className="linkish"
              onClick={() => {
                setCode("");
                verify.reset();
                setMode(mode === "totp" ? "recovery" : "totp");
              }}
            >
              {mode === "totp" ? "Use a recovery code instead" : "Use your authenticator app instead"}
            </button>
          )}{" "}
          <button type="button" className="linkish" onClick={onRestart}>
            Start over
          </button>
        </p>
      </form>
    </main>
  );
}
