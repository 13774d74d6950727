import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Navigate, useNavigate } from "react-router";
import { ErrorBox, Loading } from "../../components/ui/States.tsx";
import { useTitle } from "../../lib/title.ts";
import { errorMessage, queryClient, trpc } from "../../lib/trpc.ts";
import { AddFactor, RecoveryCodes } from "./Factors.tsx";

/**
 * Forced enrolment: the account needs a second factor and has none. The
 * session can do nothing else until one is added (the server enforces it);
 * then it is replaced by a full one and the codes are shown once.
 */
export function EnrolPage() {
  useTitle("Set up a second factor");
  const navigate = useNavigate();
  const me = useQuery(trpc.auth.me.queryOptions());
  const [codes, setCodes] = useState<string[] | null>(null);
  const [enrolled, setEnrolled] = useState(false);
  const signOut = useMutation(
    trpc.auth.signOut.mutationOptions({
      onSuccess: () => {
        queryClient.clear();
        navigate("/login");
      },
    }),
  );
  if (me.isPending) return <Loading label="Loading…" />;
  if (me.isError) return <ErrorBox title="Embargo could not load" message={errorMessage(me.error)} />;
  if (!me.data) return <Navigate to="/login" replace />;
  if (!me.data.enrolmentOnly && !enrolled) return <Navigate to="/" replace />;
  const finish = async () => {
    await queryClient.invalidateQueries();
    navigate("/", { replace: true });
  };
  return (
    <main className="login enrol">
      <section className="card" aria-labelledby="enrol-title">
        <h1 id="enrol-title">Set up a second factor</h1>
        {codes ? (
          <>
            <div className="notice ok" role="status">
              Second factor added. You are signed in.
            </div>
            <RecoveryCodes codes={codes} onDone={() => void finish()} />
          </>
        ) : (
          <>
            <p>
              Your organisation requires a second factor for {me.data.email}. Add a passkey or an authenticator app to
              continue; until then you cannot use Embargo.
            </p>
            <AddFactor
              onEnrolled={(c) => {
                setEnrolled(true);
                if (c) setCodes(c);
                else void finish();
              }}
            />
          </>
        )}
        <p className="login-alt">
          <button type="button" className="linkish" onClick={() => signOut.mutate()}>
            Sign out
          </button>
        </p>
      </section>
    </main>
  );
}
