import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { Field, PasswordInput } from "../../components/ui/Field.tsx";
import { errorMessage, fieldErrorsOf, queryClient, trpc } from "../../lib/trpc.ts";
import type { HomeState } from "../../routes/Home.tsx";

/** Only same-site paths are followed after sign-in (no open redirect). */
function safeNext(next: string | null): string {
  return next?.startsWith("/") && !next.startsWith("//") ? next : "/";
}

export function LoginPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const signIn = useMutation(
    trpc.auth.signIn.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries();
        const next = safeNext(params.get("next"));
        // Home: the page decides by role (leadership-only users land on the panel).
        navigate(next, { replace: true, state: next === "/" ? ({ home: true } satisfies HomeState) : undefined });
      },
    }),
  );
  const fields = fieldErrorsOf(signIn.error);
  // First run: nobody can sign in yet, so say where the setup link is.
  const setup = useQuery(trpc.setup.status.queryOptions());
  return (
    <div className="login">
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
    </div>
  );
}
