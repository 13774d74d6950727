import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { Field, PasswordInput } from "../../components/ui/Field.tsx";
import { useTitle } from "../../lib/title.ts";
import { errorMessage, fieldErrorsOf, trpc } from "../../lib/trpc.ts";

/** `/reset-password?token=…`: a new password; every session ends, so the user signs in afresh. */
export function ResetPasswordPage() {
  useTitle("Set a new password");
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const [password, setPassword] = useState("");
  const [again, setAgain] = useState("");
  const [mismatch, setMismatch] = useState(false);
  const reset = useMutation(trpc.account.resetPassword.mutationOptions());
  const errs = fieldErrorsOf(reset.error);
  if (reset.isSuccess) {
    return (
      <main className="login">
        <div className="login-box" role="status">
          <h1>Password changed</h1>
          <p>You were signed out everywhere. Sign in with the new password.</p>
          <Link to="/login" className="btn primary">
            Sign in
          </Link>
        </div>
      </main>
    );
  }
  return (
    <main className="login">
      <form
        aria-labelledby="reset-title"
        onSubmit={(e) => {
          e.preventDefault();
          setMismatch(password !== again);
          if (password === again) reset.mutate({ token, password });
        }}
      >
        <h1 id="reset-title">Set a new password</h1>
        <p className="sub">This signs you out on every device.</p>
        {(errs.token || (reset.isError && !Object.keys(errs).length)) && (
          <div className="notice err" role="alert">
            {errs.token ? `${errs.token}. Ask an admin for a new link.` : errorMessage(reset.error)}
          </div>
        )}
        <Field label="New password" error={errs.password} hint="At least 12 characters.">
          {(p) => <PasswordInput {...p} autoComplete="new-password" value={password} onChange={setPassword} required />}
        </Field>
        <Field label="New password again" error={mismatch ? "The two passwords differ" : undefined}>
          {(p) => <PasswordInput {...p} autoComplete="new-password" value={again} onChange={setAgain} required />}
        </Field>
        <button type="submit" className="btn primary" disabled={reset.isPending}>
          Set password
        </button>
      </form>
    </main>
  );
}
