import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { Field, PasswordInput } from "../../components/ui/Field.tsx";
import { Loading } from "../../components/ui/States.tsx";
import { useTitle } from "../../lib/title.ts";
import { errorMessage, fieldErrorsOf, queryClient, trpc } from "../../lib/trpc.ts";

const ROLE_TEXT = { admin: "an admin", triager: "a triager", leadership: "leadership (read-only)" } as const;

/** `/invite?token=…`: what the invitation is for, then a new account or the existing account's password. */
export function InvitePage() {
  useTitle("Invitation");
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const navigate = useNavigate();
  const info = useQuery({ ...trpc.account.invitation.queryOptions({ token }), retry: false });
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const accept = useMutation(
    trpc.account.acceptInvitation.mutationOptions({
      onSuccess: async (r) => {
        await queryClient.invalidateQueries();
        navigate(`/?program=${encodeURIComponent(r.programSlug)}`, { replace: true });
      },
    }),
  );
  const errs = fieldErrorsOf(accept.error);
  if (info.isPending) return <Loading label="Checking the invitation…" />;
  if (info.isError || errs.token) {
    return (
      <main className="login">
        <div className="login-box" role="alert">
          <h1>Invitation not valid</h1>
          <p>{fieldErrorsOf(info.error).token ?? errs.token ?? errorMessage(info.error)}.</p>
          <p>Ask the admin who invited you for a new link.</p>
          <Link to="/login">Sign in</Link>
        </div>
      </main>
    );
  }
  const v = info.data;
  return (
    <main className="login">
      <form
        aria-labelledby="invite-title"
        onSubmit={(e) => {
          e.preventDefault();
          accept.mutate(v.hasAccount ? { token, password } : { token, name, password });
        }}
      >
        <h1 id="invite-title">Join {v.programName}</h1>
        <p className="sub">
          You are invited as {ROLE_TEXT[v.role]} with <strong>{v.email}</strong>.
          {v.hasAccount ? " You already have an account: sign in to accept." : " Choose your name and a password."}
        </p>
        {accept.isError && !Object.keys(errs).length && (
          <div className="notice err" role="alert">
            {errorMessage(accept.error)}
          </div>
        )}
        {!v.hasAccount && (
          <Field label="Your name" error={errs.name}>
            {(p) => (
              <input {...p} autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} required />
            )}
          </Field>
        )}
        <Field
          label="Password"
          error={errs.password}
          {...(v.hasAccount ? {} : { hint: "At least 12 characters; a passphrase works well." })}
        >
          {(p) => (
            <PasswordInput
              {...p}
              autoComplete={v.hasAccount ? "current-password" : "new-password"}
              value={password}
              onChange={setPassword}
              required
            />
          )}
        </Field>
        <button type="submit" className="btn primary" disabled={accept.isPending}>
          {v.hasAccount ? "Sign in and join" : "Create account and join"}
        </button>
      </form>
    </main>
  );
}
