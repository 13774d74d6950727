import { REQUIRE_SECOND_FACTOR, type RequireSecondFactor, type SecuritySettings } from "@embargo/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { Field } from "../../components/ui/Field.tsx";
import { Empty, ErrorBox, Loading } from "../../components/ui/States.tsx";
import { useTitle } from "../../lib/title.ts";
import { errorMessage, fieldErrorsOf, queryClient, trpc } from "../../lib/trpc.ts";

const REQUIRE_LABEL: Record<RequireSecondFactor, string> = {
  off: "Nobody (each person chooses)",
  admins: "Admins",
  everyone: "Everyone",
};

/** Installation-wide security settings: admins of all programs only. */
export function SecuritySettingsPage() {
  useTitle("Security settings");
  const me = useQuery(trpc.auth.me.queryOptions());
  const settings = useQuery({ ...trpc.security.settings.queryOptions(), enabled: !!me.data?.adminOfAll });
  if (me.isPending) return <Loading />;
  if (!me.data?.adminOfAll)
    return <Empty title="Security settings">Only an administrator of all programs changes these.</Empty>;
  if (settings.isPending) return <Loading label="Loading security settings…" />;
  if (settings.isError)
    return (
      <ErrorBox
        title="Security settings could not be loaded"
        message={errorMessage(settings.error)}
        onRetry={() => settings.refetch()}
      />
    );
  return (
    <>
      <div className="page-head">
        <h1>Security</h1>
        <div className="spacer" />
        <Link to="/settings">Program settings</Link>
      </div>
      <SecurityForm initial={settings.data} />
    </>
  );
}

function SecurityForm({ initial }: { initial: SecuritySettings }) {
  const [draft, setDraft] = useState(initial);
  const [saved, setSaved] = useState(false);
  const save = useMutation(
    trpc.security.updateSettings.mutationOptions({
      onSuccess: async (r) => {
        setDraft(r);
        setSaved(true);
        await queryClient.invalidateQueries({ queryKey: trpc.security.settings.queryKey() });
      },
    }),
  );
  const errs = fieldErrorsOf(save.error);
  const set = <K extends keyof SecuritySettings>(k: K, v: SecuritySettings[K]) => {
    setSaved(false);
    setDraft((d) => ({ ...d, [k]: v }));
  };
  return (
    <form
      className="card security-form"
      aria-labelledby="security-title"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(draft);
      }}
    >
      <h2 className="card-title" id="security-title">
        Sign-in and sessions
      </h2>
      {saved && (
        <div className="notice ok" role="status">
          Security settings saved.
        </div>
      )}
      {save.isError && !Object.keys(errs).length && (
        <div className="notice err" role="alert">
          {errorMessage(save.error)}
        </div>
      )}
      <fieldset>
        <legend>Require a second factor for</legend>
        {REQUIRE_SECOND_FACTOR.map((v) => (
          <label key={v} className="radio">
            <input
              type="radio"
              name="requireSecondFactor"
              value={v}
              checked={draft.requireSecondFactor === v}
              onChange={() => set("requireSecondFactor", v)}
            />{" "}
            {REQUIRE_LABEL[v]}
          </label>
        ))}
        <p className="field-hint">
          Enforced at the next sign-in: someone who needs one and has none can only set one up.
        </p>
      </fieldset>
      <Field
        label="Idle timeout (minutes)"
        error={errs.idleTimeoutMinutes}
        hint="A session unused this long ends (5 to 1440). Use is recorded every 5 minutes, so a session can end up to 5 minutes early."
      >
        {(p) => (
          <input
            {...p}
            type="number"
            min={5}
            max={1440}
            value={draft.idleTimeoutMinutes}
            onChange={(e) => set("idleTimeoutMinutes", Number(e.target.value))}
            required
          />
        )}
      </Field>
      <Field
        label="Absolute timeout (hours)"
        error={errs.absoluteTimeoutHours}
        hint="Every session ends this long after sign-in, used or not (1 to 720)."
      >
        {(p) => (
          <input
            {...p}
            type="number"
            min={1}
            max={720}
            value={draft.absoluteTimeoutHours}
            onChange={(e) => set("absoluteTimeoutHours", Number(e.target.value))}
            required
          />
        )}
      </Field>
      <button type="submit" className="btn primary" disabled={save.isPending}>
        {save.isPending ? "Saving…" : "Save security settings"}
      </button>
    </form>
  );
}
