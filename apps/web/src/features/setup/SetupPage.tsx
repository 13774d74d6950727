import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { Field, PasswordInput } from "../../components/ui/Field.tsx";
import { ErrorBox, Loading } from "../../components/ui/States.tsx";
import { useTitle } from "../../lib/title.ts";
import { errorMessage, fieldErrorsOf, queryClient, trpc } from "../../lib/trpc.ts";
import { NewProgramForm } from "../settings/NewProgramForm.tsx";

/**
 * First run (/setup?code=…): the one-time code printed by `embargo serve`
 * creates the first administrator, who is signed in and goes on to create
 * the first program.
 */
export function SetupPage() {
  useTitle("Set up Embargo");
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const code = params.get("code") ?? "";
  const [created, setCreated] = useState<string | null>(null);
  const status = useQuery({ ...trpc.setup.status.queryOptions(), enabled: !created });
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const createAdmin = useMutation(
    trpc.setup.createAdmin.mutationOptions({
      onSuccess: async (me) => {
        setCreated(me.name);
        await queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
      },
    }),
  );
  const fields = fieldErrorsOf(createAdmin.error);

  if (created) {
    return (
      <main className="setup">
        <h1>Create the first program</h1>
        <p className="notice ok" role="status">
          Welcome, {created}. You are signed in as the administrator of every program.
        </p>
        <p className="muted">
          A program is one product or project that takes vulnerability reports, with its own public form and promises.
        </p>
        <NewProgramForm onCreated={(slug) => navigate(`/?program=${encodeURIComponent(slug)}`)} />
      </main>
    );
  }
  if (status.isPending) return <Loading label="Checking setup…" />;
  if (status.isError)
    return (
      <ErrorBox title="Setup could not load" message={errorMessage(status.error)} onRetry={() => status.refetch()} />
    );
  if (!status.data.needed) {
    return (
      <main className="setup">
        <h1>Embargo is already set up</h1>
        <p>
          <Link to="/login">Sign in</Link> instead. Ask an administrator to invite you if you have no account.
        </p>
      </main>
    );
  }
  if (!code) {
    return (
      <main className="setup">
        <h1>Set up Embargo</h1>
        <p>
          Open the one-time setup link that <code>embargo serve</code> printed when it started, or run{" "}
          <code>embargo setup --email you@example.com</code> on the server.
        </p>
      </main>
    );
  }
  return (
    <main className="login">
      <form
        aria-labelledby="setup-title"
        onSubmit={(e) => {
          e.preventDefault();
          createAdmin.mutate({ code, email, name, password });
        }}
      >
        <h1 id="setup-title">Set up Embargo</h1>
        <p className="sub">Create the first administrator. They can create programs and invite the team.</p>
        {createAdmin.isError && !Object.keys(fields).length && (
          <div className="notice err" role="alert">
            {errorMessage(createAdmin.error)}
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
        <Field label="Name" error={fields.name}>
          {(p) => <input {...p} autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} required />}
        </Field>
        <Field label="Password" error={fields.password} hint="At least 12 characters.">
          {(p) => <PasswordInput {...p} autoComplete="new-password" value={password} onChange={setPassword} required />}
        </Field>
        {fields.code && (
          <p className="field-error" role="alert">
            {fields.code}
          </p>
        )}
        <button type="submit" className="btn primary" disabled={createAdmin.isPending}>
          Create administrator
        </button>
      </form>
    </main>
  );
}
