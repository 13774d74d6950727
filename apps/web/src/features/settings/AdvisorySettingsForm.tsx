import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Field } from "../../components/ui/Field.tsx";
import { errorMessage, fieldErrorsOf, queryClient, trpc } from "../../lib/trpc.ts";
import type { ProgramSummary } from "../../lib/types.ts";

/** An empty box means "not set": the server stores null, and the exports say what is missing. */
const orNull = (s: string) => (s.trim() === "" ? null : s.trim());

/**
 * Settings → Programs → a program → Advisories: what the program's advisory
 * exports say about it. CVE JSON needs the CNA's organisation UUID, CSAF the
 * vendor name; the OSV ecosystem is the default for new advisories' packages.
 */
export function AdvisorySettingsForm({ program }: { program: ProgramSummary }) {
  const [vendorName, setVendorName] = useState(program.vendorName ?? "");
  const [orgId, setOrgId] = useState(program.cveAssignerOrgId ?? "");
  const [shortName, setShortName] = useState(program.cveAssignerShortName ?? "");
  const [ecosystem, setEcosystem] = useState(program.osvEcosystem ?? "");
  const [saved, setSaved] = useState(false);
  const update = useMutation(
    trpc.programs.update.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries();
        setSaved(true);
      },
    }),
  );
  const errors = fieldErrorsOf(update.error);
  const err = (k: string) => errors[`advisory.${k}`];
  return (
    <form
      className="card"
      aria-labelledby="advisory-settings-title"
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(false);
        update.mutate({
          program: program.slug,
          advisory: {
            vendorName: orNull(vendorName),
            cveAssignerOrgId: orNull(orgId),
            cveAssignerShortName: orNull(shortName),
            osvEcosystem: orNull(ecosystem),
          },
        });
      }}
    >
      <h2 className="card-title" id="advisory-settings-title">
        Advisories
      </h2>
      <p className="muted">
        What the CVE, OSV and CSAF exports of this program's advisories say about it. Leave a field empty if it does not
        apply; an export that needs it names it.
      </p>
      {update.isError && (
        <div className="notice err" role="alert">
          {Object.keys(errors).length
            ? "Nothing was saved: correct the highlighted fields."
            : errorMessage(update.error)}
        </div>
      )}
      {saved && (
        <div className="notice ok" role="status">
          Advisory settings saved.
        </div>
      )}
      <Field label="Vendor name" error={err("vendorName")} hint="The organisation named as vendor and CSAF publisher.">
        {(p) => <input {...p} value={vendorName} onChange={(e) => setVendorName(e.target.value)} maxLength={200} />}
      </Field>
      <Field
        label="CVE assigner organisation ID"
        error={err("cveAssignerOrgId")}
        hint="The CNA's UUID from its CVE Services account; CVE records need it."
      >
        {(p) => (
          <input
            {...p}
            value={orgId}
            onChange={(e) => setOrgId(e.target.value)}
            placeholder="00000000-0000-4000-8000-000000000000"
            spellCheck={false}
            autoComplete="off"
          />
        )}
      </Field>
      <Field
        label="CNA short name"
        error={err("cveAssignerShortName")}
        hint="e.g. acme (2 to 32 letters, digits, - or _)."
      >
        {(p) => (
          <input
            {...p}
            value={shortName}
            onChange={(e) => setShortName(e.target.value)}
            maxLength={32}
            spellCheck={false}
            autoComplete="off"
          />
        )}
      </Field>
      <Field
        label="OSV ecosystem"
        error={err("osvEcosystem")}
        hint="Where the program's packages are published, e.g. npm, PyPI, Maven."
      >
        {(p) => (
          <input
            {...p}
            value={ecosystem}
            onChange={(e) => setEcosystem(e.target.value)}
            maxLength={100}
            spellCheck={false}
            autoComplete="off"
          />
        )}
      </Field>
      <button type="submit" className="btn primary" disabled={update.isPending}>
        Save advisory settings
      </button>
    </form>
  );
}
