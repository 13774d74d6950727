import { WEEKDAY_NAMES } from "@embargo/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate } from "react-router";
import { Field, PasswordInput } from "../../components/ui/Field.tsx";
import { ErrorBox, Loading } from "../../components/ui/States.tsx";
import { RelativeTime } from "../../components/ui/Time.tsx";
import { deviceOf } from "../../lib/device.ts";
import { exactTime } from "../../lib/time.ts";
import { useTitle } from "../../lib/title.ts";
import { errorMessage, fieldErrorsOf, queryClient, trpc } from "../../lib/trpc.ts";
import { FactorsCard } from "../security/Factors.tsx";
import { ThemeSetting } from "./ThemeSetting.tsx";

const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const ZONES: string[] = (Intl as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.("timeZone") ?? [];

export function ProfilePage() {
  useTitle("Profile");
  const profile = useQuery(trpc.profile.get.queryOptions());
  if (profile.isPending) return <Loading />;
  if (profile.isError)
    return (
      <ErrorBox
        title="Profile could not be loaded"
        message={errorMessage(profile.error)}
        onRetry={() => profile.refetch()}
      />
    );
  return (
    <>
      <div className="page-head">
        <h1>Profile</h1>
        <span className="muted">{profile.data.email}</span>
      </div>
      <div className="profile-grid">
        <Details name={profile.data.name} timeZone={profile.data.timeZone} />
        <ChangePassword />
        <DigestSetting />
        <ThemeSetting />
      </div>
      <FactorsCard />
      <Sessions />
    </>
  );
}

function Details({ name: initialName, timeZone: initialZone }: { name: string; timeZone: string | null }) {
  const [name, setName] = useState(initialName);
  const [zone, setZone] = useState(initialZone ?? "");
  const save = useMutation(trpc.profile.update.mutationOptions({ onSuccess: () => queryClient.invalidateQueries() }));
  const errs = fieldErrorsOf(save.error);
  return (
    <section className="card" aria-labelledby="details-title">
      <h2 className="card-title" id="details-title">
        Name and time zone
      </h2>
      {save.isSuccess && (
        <div className="notice ok" role="status">
          Saved. Dates are now shown in {zone.trim() || `your browser's zone (${browserZone})`}.
        </div>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ name, timeZone: zone.trim() || null });
        }}
      >
        <Field label="Name" error={errs.name}>
          {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" />}
        </Field>
        <Field
          label="Time zone"
          error={errs.timeZone}
          hint={`Every date is shown in it. Empty: your browser's (${browserZone}). Now: ${exactTime(new Date(), zone.trim() && ZONES.includes(zone.trim()) ? zone.trim() : browserZone)}`}
        >
          {(p) => (
            <input
              {...p}
              list="time-zones"
              value={zone}
              placeholder={browserZone}
              onChange={(e) => setZone(e.target.value)}
              spellCheck={false}
            />
          )}
        </Field>
        <datalist id="time-zones">
          {ZONES.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
        <button type="submit" className="btn primary" disabled={save.isPending}>
          Save
        </button>
      </form>
    </section>
  );
}

const HOURS = Array.from({ length: 24 }, (_, h) => h);
const hourLabel = (h: number) => `${String(h).padStart(2, "0")}:00`;

/** The weekly leadership digest by email: off, or a weekday and hour in the user's own zone. */
function DigestSetting() {
  const digest = useQuery(trpc.profile.digest.queryOptions());
  return (
    <section className="card" aria-labelledby="digest-title">
      <h2 className="card-title" id="digest-title">
        Weekly digest
      </h2>
      {digest.isPending ? (
        <Loading />
      ) : digest.isError ? (
        <ErrorBox
          title="The digest setting could not be loaded"
          message={errorMessage(digest.error)}
          onRetry={() => digest.refetch()}
        />
      ) : (
        <DigestForm
          // A zone saved above changes the hint: start afresh then (the form's own save keeps its notice).
          key={digest.data.timeZone}
          weekday={digest.data.weekday}
          hour={digest.data.hour}
          timeZone={digest.data.timeZone}
        />
      )}
    </section>
  );
}

function DigestForm({
  weekday: savedDay,
  hour: savedHour,
  timeZone,
}: {
  weekday: number | null;
  hour: number;
  timeZone: string;
}) {
  const [weekday, setWeekday] = useState(savedDay === null ? "" : String(savedDay));
  const [hour, setHour] = useState(savedHour);
  const save = useMutation(
    trpc.profile.setDigest.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.profile.digest.queryKey() }),
    }),
  );
  const errs = fieldErrorsOf(save.error);
  const day = weekday ? Number(weekday) : null;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ weekday: day, hour });
      }}
    >
      <p className="muted" style={{ marginTop: 0 }}>
        The leadership figures for your programs by email once a week: counts and durations only, no report titles.
      </p>
      {save.isSuccess && (
        <div className="notice ok" role="status">
          {day === null
            ? "Saved. The weekly digest is off."
            : `Saved. The digest comes on ${WEEKDAY_NAMES[day - 1]}s at ${hourLabel(hour)} (${timeZone}).`}
        </div>
      )}
      <Field label="Send it on" error={errs.weekday}>
        {(p) => (
          <select {...p} value={weekday} onChange={(e) => setWeekday(e.target.value)}>
            <option value="">Off: no digest</option>
            {WEEKDAY_NAMES.map((name, i) => (
              <option key={name} value={String(i + 1)}>
                {name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="At" error={errs.hour} hint={`In your time zone: ${timeZone}. Change it under Name and time zone.`}>
        {(p) => (
          <select {...p} value={hour} disabled={day === null} onChange={(e) => setHour(Number(e.target.value))}>
            {HOURS.map((h) => (
              <option key={h} value={h}>
                {hourLabel(h)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {save.isError && !Object.keys(errs).length && (
        <div className="notice err" role="alert">
          {errorMessage(save.error)}
        </div>
      )}
      <button type="submit" className="btn" disabled={save.isPending}>
        Save digest setting
      </button>
    </form>
  );
}

function ChangePassword() {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const change = useMutation(
    trpc.profile.changePassword.mutationOptions({
      onSuccess: async () => {
        setCurrent("");
        setNext("");
        await queryClient.invalidateQueries({ queryKey: trpc.profile.sessions.queryKey() });
      },
    }),
  );
  const errs = fieldErrorsOf(change.error);
  return (
    <section className="card" aria-labelledby="password-title">
      <h2 className="card-title" id="password-title">
        Change password
      </h2>
      {change.isSuccess && (
        <div className="notice ok" role="status">
          Password changed. Your other sessions were signed out.
        </div>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          change.mutate({ currentPassword: current, newPassword: next });
        }}
      >
        <Field label="Current password" error={errs.currentPassword}>
          {(p) => <PasswordInput {...p} autoComplete="current-password" value={current} onChange={setCurrent} />}
        </Field>
        <Field
          label="New password"
          error={errs.newPassword}
          hint="At least 12 characters. Signs out your other sessions."
        >
          {(p) => <PasswordInput {...p} autoComplete="new-password" value={next} onChange={setNext} />}
        </Field>
        <button type="submit" className="btn" disabled={change.isPending || !current || !next}>
          Change password
        </button>
      </form>
    </section>
  );
}

function Sessions() {
  const list = useQuery(trpc.profile.sessions.queryOptions());
  const navigate = useNavigate();
  const end = useMutation(
    trpc.profile.endOtherSessions.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.profile.sessions.queryKey() }),
    }),
  );
  const endOne = useMutation(
    trpc.profile.endSession.mutationOptions({
      onSuccess: async (r) => {
        if (r.current) {
          queryClient.clear();
          navigate("/login");
          return;
        }
        await queryClient.invalidateQueries({ queryKey: trpc.profile.sessions.queryKey() });
      },
    }),
  );
  return (
    <section className="card" aria-labelledby="sessions-title">
      <h2 className="card-title" id="sessions-title">
        Where you are signed in
      </h2>
      {end.isSuccess && (
        <div className="notice ok" role="status">
          Signed out of {end.data.ended} other session{end.data.ended === 1 ? "" : "s"}.
        </div>
      )}
      {endOne.isSuccess && (
        <div className="notice ok" role="status">
          Session ended.
        </div>
      )}
      {endOne.isError && (
        <div className="notice err" role="alert">
          {errorMessage(endOne.error)}
        </div>
      )}
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorBox title="Sessions could not be loaded" message={errorMessage(list.error)} />
      ) : (
        <>
          {/* On a phone the four columns scroll inside this box rather than the page. */}
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be focusable to scroll by keyboard. */}
          <section className="table-scroll" tabIndex={0} aria-label="Sessions, scrollable">
            <table className="grid" aria-label="Sessions">
              <thead>
                <tr>
                  <th scope="col">Device</th>
                  <th scope="col">Address</th>
                  <th scope="col">Signed in</th>
                  <th scope="col">Last seen</th>
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data.map((s) => (
                  <tr key={s.id} style={{ cursor: "default" }}>
                    <td title={s.userAgent ?? undefined}>
                      {deviceOf(s.userAgent)} {s.current && <strong>(this session)</strong>}
                    </td>
                    <td>{s.address ?? "—"}</td>
                    <td className="muted">
                      <RelativeTime at={s.createdAt} />
                    </td>
                    <td className="muted">
                      <RelativeTime at={s.lastSeenAt} />
                    </td>
                    <td>
                      <button
                        type="button"
                        className="btn small"
                        aria-label={`End session: ${deviceOf(s.userAgent)}, ${s.address ?? "unknown address"}${s.current ? " (this session, signs you out)" : ""}`}
                        disabled={endOne.isPending}
                        onClick={() => endOne.mutate({ id: s.id })}
                      >
                        End
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <button
            type="button"
            className="btn"
            style={{ marginTop: 10 }}
            disabled={end.isPending || list.data.length < 2}
            onClick={() => end.mutate()}
          >
            Sign out everywhere else
          </button>
        </>
      )}
    </section>
  );
}
