import { VERSION_SCHEME_LABEL, type VersionScheme } from "@embargo/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { Field } from "../../components/ui/Field.tsx";
import { Options } from "../../components/ui/Options.tsx";
import { Empty, ErrorBox, Loading } from "../../components/ui/States.tsx";
import { exactTime } from "../../lib/time.ts";
import { useTitle } from "../../lib/title.ts";
import { errorMessage, fieldErrorsOf, queryClient, trpc } from "../../lib/trpc.ts";
import type { ProgramSummary } from "../../lib/types.ts";
import { AdvisorySettingsForm } from "./AdvisorySettingsForm.tsx";
import { NewProgramForm } from "./NewProgramForm.tsx";

// With the time and the zone, as every instant on screen.
const dateOf = (d: Date | string) => exactTime(new Date(d));

/** Settings → Programs: every program the caller administers, with its archive state. */
export function ProgramsPage() {
  useTitle("Programs");
  const me = useQuery(trpc.auth.me.queryOptions());
  const programs = useQuery(trpc.programs.list.queryOptions());
  if (programs.isPending || me.isPending) return <Loading label="Loading programs…" />;
  if (programs.isError)
    return (
      <ErrorBox
        title="Programs could not be loaded"
        message={errorMessage(programs.error)}
        onRetry={() => programs.refetch()}
      />
    );
  const admin = programs.data.filter((p) => p.role === "admin");
  const canCreate = !!me.data?.adminOfAll;
  return (
    <>
      <div className="page-head">
        <h1>Programs</h1>
        <div className="spacer" />
        <Link to="/settings">Policies</Link>
        {canCreate && (
          <Link className="btn primary" to="/settings/programs/new">
            New program
          </Link>
        )}
      </div>
      {admin.length === 0 ? (
        <Empty title="No programs yet">
          {canCreate ? "Create the first program to start taking reports." : "Only program admins manage programs."}
        </Empty>
      ) : (
        <table className="grid stack" aria-label="Programs">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Slug</th>
              <th scope="col">Key prefix</th>
              <th scope="col">Reports</th>
              <th scope="col">State</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {admin.map((p) => (
              <tr key={p.slug}>
                <td className="title">
                  <strong>{p.name}</strong>
                  {p.description && <div className="muted">{p.description}</div>}
                </td>
                <td data-label="Slug">
                  <code>{p.slug}</code>
                </td>
                <td data-label="Key prefix">
                  <code>{p.keyPrefix}</code>
                </td>
                <td data-label="Reports">{p.reportCount}</td>
                <td data-label="State">{p.archivedAt ? `Archived ${dateOf(p.archivedAt)}` : "Taking reports"}</td>
                <td className="row-actions">
                  <Link to={`/settings/programs/${p.slug}`} aria-label={`Edit ${p.name}`}>
                    Edit
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** /settings/programs/new */
export function NewProgramPage() {
  useTitle("New program");
  const navigate = useNavigate();
  const me = useQuery(trpc.auth.me.queryOptions());
  if (me.isPending) return <Loading />;
  if (!me.data?.adminOfAll)
    return <Empty title="Not allowed">Only an administrator of all programs can create programs.</Empty>;
  return (
    <>
      <div className="page-head">
        <h1>New program</h1>
        <div className="spacer" />
        <Link to="/settings/programs">All programs</Link>
      </div>
      <NewProgramForm onCreated={(slug) => navigate(`/?program=${encodeURIComponent(slug)}`)} />
    </>
  );
}

/** /settings/programs/:slug: rename, describe, advisory settings, archive. */
export function EditProgramPage() {
  const { slug = "" } = useParams();
  useTitle(`Program ${slug}`);
  const programs = useQuery(trpc.programs.list.queryOptions());
  if (programs.isPending) return <Loading label="Loading program…" />;
  if (programs.isError)
    return (
      <ErrorBox
        title="Program could not be loaded"
        message={errorMessage(programs.error)}
        onRetry={() => programs.refetch()}
      />
    );
  const program = programs.data.find((p) => p.slug === slug && p.role === "admin");
  if (!program) return <Empty title="Program not found">You are not an admin of a program “{slug}”.</Empty>;
  // The identity form starts again from the saved values after each save; the advisory
  // form is keyed by program only, so its "saved" notice outlives the refetch.
  return (
    <>
      <EditProgram key={program.slug + String(program.updatedAt)} program={program} />
      <AdvisorySettingsForm key={program.slug} program={program} />
      <ArchiveSection program={program} />
    </>
  );
}

function EditProgram({ program }: { program: ProgramSummary }) {
  const navigate = useNavigate();
  const [name, setName] = useState(program.name);
  const [description, setDescription] = useState(program.description);
  const [versionScheme, setVersionScheme] = useState<VersionScheme>(program.versionScheme);
  const [slug, setSlug] = useState(program.slug);
  const [keyPrefix, setKeyPrefix] = useState(program.keyPrefix);
  const [saved, setSaved] = useState(false);
  const fixed = program.reportCount > 0;
  const update = useMutation(
    trpc.programs.update.mutationOptions({
      onSuccess: async (r) => {
        await queryClient.invalidateQueries();
        setSaved(true);
        if (r.slug !== program.slug) navigate(`/settings/programs/${r.slug}`, { replace: true });
      },
    }),
  );
  const errors = fieldErrorsOf(update.error);
  const fixedHint = "Fixed: the program has reports, and their keys and links use it.";
  return (
    <>
      <div className="page-head">
        <h1>{program.name}</h1>
        {program.archivedAt && <span className="muted">(archived)</span>}
        <div className="spacer" />
        <Link to="/settings/programs">All programs</Link>
        <Link to={`/settings/policy/${program.slug}`}>Policy</Link>
        <Link to={`/acknowledgments?program=${encodeURIComponent(program.slug)}`}>Acknowledgments</Link>
        <a href={`/thanks/${encodeURIComponent(program.slug)}`}>Hall of fame</a>
      </div>
      <form
        className="card"
        aria-label={`Edit ${program.name}`}
        onSubmit={(e) => {
          e.preventDefault();
          setSaved(false);
          update.mutate({
            program: program.slug,
            name,
            description,
            versionScheme,
            ...(fixed ? {} : { slug, keyPrefix }),
          });
        }}
      >
        {update.isError && (
          <div className="notice err" role="alert">
            {Object.keys(errors).length
              ? "Nothing was saved: correct the highlighted fields."
              : errorMessage(update.error)}
          </div>
        )}
        {saved && (
          <div className="notice ok" role="status">
            Saved.
          </div>
        )}
        <Field label="Name" error={errors.name}>
          {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} maxLength={100} required />}
        </Field>
        <Field label="Slug" error={errors.slug} hint={fixed ? fixedHint : "Lowercase letters, digits and dashes."}>
          {(p) => <input {...p} value={slug} onChange={(e) => setSlug(e.target.value)} disabled={fixed} required />}
        </Field>
        <Field label="Report key prefix" error={errors.keyPrefix} hint={fixed ? fixedHint : "2 to 10 capital letters."}>
          {(p) => (
            <input
              {...p}
              value={keyPrefix}
              onChange={(e) => setKeyPrefix(e.target.value.toUpperCase())}
              disabled={fixed}
              required
            />
          )}
        </Field>
        <Field label="Description" error={errors.description}>
          {(p) => <textarea {...p} rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />}
        </Field>
        <Field label="Version scheme" error={errors.versionScheme}>
          {(p) => (
            <select {...p} value={versionScheme} onChange={(e) => setVersionScheme(e.target.value as VersionScheme)}>
              <Options labels={VERSION_SCHEME_LABEL} />
            </select>
          )}
        </Field>
        <button type="submit" className="btn primary" disabled={update.isPending}>
          Save
        </button>
      </form>
    </>
  );
}

function ArchiveSection({ program }: { program: ProgramSummary }) {
  const [confirming, setConfirming] = useState(false);
  const archive = useMutation(
    trpc.programs.archive.mutationOptions({ onSuccess: () => queryClient.invalidateQueries() }),
  );
  const unarchive = useMutation(
    trpc.programs.unarchive.mutationOptions({ onSuccess: () => queryClient.invalidateQueries() }),
  );
  return (
    <section className="card" aria-labelledby="archive-title">
      <h2 className="card-title" id="archive-title">
        {program.archivedAt ? "Archived" : "Archive"}
      </h2>
      {program.archivedAt ? (
        <>
          <p>
            Archived on {dateOf(program.archivedAt)}. The public form says the program no longer accepts reports; its{" "}
            {program.reportCount} report{program.reportCount === 1 ? "" : "s"} stay readable.
          </p>
          <button type="button" className="btn" onClick={() => unarchive.mutate({ program: program.slug })}>
            Take reports again
          </button>
        </>
      ) : confirming ? (
        <>
          <p role="alert">
            Archive {program.name}? Its public form, API tokens and email address stop taking new reports. Existing
            reports stay readable and nothing is deleted; you can undo this.
          </p>
          <button
            type="button"
            className="btn danger"
            disabled={archive.isPending}
            onClick={() => archive.mutate({ program: program.slug }, { onSettled: () => setConfirming(false) })}
          >
            Archive {program.name}
          </button>{" "}
          <button type="button" className="btn" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </>
      ) : (
        <>
          <p className="muted">An archived program takes no new reports. Programs are never deleted.</p>
          <button type="button" className="btn" onClick={() => setConfirming(true)}>
            Archive…
          </button>
        </>
      )}
      {(archive.isError || unarchive.isError) && (
        <p className="field-error" role="alert">
          {errorMessage(archive.error ?? unarchive.error)}
        </p>
      )}
    </section>
  );
}
