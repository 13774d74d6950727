import { formatDuration, policyFromParsed, VERSION_SCHEME_LABEL, type VersionScheme } from "@embargo/core";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Field } from "../../components/ui/Field.tsx";
import { Options } from "../../components/ui/Options.tsx";
import { errorMessage, fieldErrorsOf, queryClient, trpc } from "../../lib/trpc.ts";
import { ImportNotes } from "./ImportNotes.tsx";
import { ImportSecurityMd, type ParsedPolicy } from "./ImportSecurityMd.tsx";

const browserZone = () => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
};

/** "Voice Assistant" -> "voice-assistant" and "VOICE": suggestions until the admin types their own. */
const slugOf = (name: string) =>
  name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
const prefixOf = (name: string) =>
  (
    name
      .normalize("NFKD")
      .replace(/[^A-Za-z]/g, "")
      .toUpperCase()
      .slice(0, 6) || ""
  ).padEnd(2, "X");

type Source = "security-md" | "blank";

/** The promises a parsed SECURITY.md gives, each beside the sentence it came from. */
function ParsedSummary({ parsed }: { parsed: ParsedPolicy }) {
  const ev = parsed.evidence;
  const rows: [string, string, string | undefined][] = [
    ["Acknowledge within", formatDuration(parsed.acknowledge), ev.acknowledge],
    ["Initial assessment within", formatDuration(parsed.assess), ev.assess],
    ["Status update every", formatDuration(parsed.update), ev.update],
    ["Emergency response", formatDuration(parsed.emergency), ev.emergency],
    [
      "Resolve critical",
      formatDuration(parsed.resolve.critical === "next_release" ? null : parsed.resolve.critical),
      ev["resolve.critical"],
    ],
    [
      "Resolve high",
      formatDuration(parsed.resolve.high === "next_release" ? null : parsed.resolve.high),
      ev["resolve.high"],
    ],
    [
      "Resolve medium",
      formatDuration(parsed.resolve.medium === "next_release" ? null : parsed.resolve.medium),
      ev["resolve.medium"],
    ],
    ["Resolve low", formatDuration(parsed.resolve.low), ev["resolve.low"]],
    ["Disclose within", formatDuration(parsed.disclosure), ev.disclosure],
    ["Security contacts", parsed.contacts.security.join(", ") || "none", ev["contacts.security"]],
    ["Emergency contacts", parsed.contacts.emergency.join(", ") || "none", ev["contacts.emergency"]],
    [
      "Supported versions",
      parsed.supportedVersions.map((v) => `${v.range} (${v.status})`).join(", ") || "none",
      ev.supportedVersions,
    ],
  ];
  return (
    <section className="card" aria-labelledby="parsed-title">
      <h2 className="card-title" id="parsed-title">
        Promises found in the SECURITY.md
      </h2>
      {Object.keys(ev).length === 0 && (
        <p className="notice err" role="alert">
          This file states no response times, contacts or versions, so the program would start with no clocks. Start
          from a blank policy instead if you want Embargo's defaults.
        </p>
      )}
      <p className="muted" style={{ marginTop: 0 }}>
        Check each value against the sentence it came from. A promise the file does not state stays empty (no clock runs
        for it). You can change every promise later in Settings.
      </p>
      <table className="grid parsed-promises">
        <thead>
          <tr>
            <th scope="col">Promise</th>
            <th scope="col">Value</th>
            <th scope="col">From the file</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, value, evidence]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td>{value}</td>
              <td className="muted">{evidence ? `“${evidence}”` : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ImportNotes parsed={parsed} level={4} />
    </section>
  );
}

/**
 * Create a program: from a SECURITY.md (pasted or uploaded, parsed on the
 * server and shown for review) or from the default policy. Used in Settings
 * and right after first-run setup.
 */
export function NewProgramForm({ onCreated }: { onCreated: (slug: string) => void }) {
  const [source, setSource] = useState<Source>("security-md");
  const [parsed, setParsed] = useState<ParsedPolicy | null>(null);
  const [name, setName] = useState("");
  const [slug, setSlug] = useState<string | null>(null);
  const [keyPrefix, setKeyPrefix] = useState<string | null>(null);
  const [description, setDescription] = useState("");
  const [versionScheme, setVersionScheme] = useState<VersionScheme>("semver");
  const [timeZone, setTimeZone] = useState(browserZone);
  const create = useMutation(
    trpc.programs.create.mutationOptions({
      onSuccess: async (r) => {
        await queryClient.invalidateQueries();
        onCreated(r.slug);
      },
    }),
  );
  const errors = fieldErrorsOf(create.error);
  const slugValue = slug ?? slugOf(name);
  const prefixValue = keyPrefix ?? (name ? prefixOf(name) : "");
  const needsImport = source === "security-md" && !parsed;

  return (
    <div className="new-program">
      <fieldset className="card">
        <legend>Start from</legend>
        <label className="radio">
          <input
            type="radio"
            name="source"
            checked={source === "security-md"}
            onChange={() => setSource("security-md")}
          />{" "}
          The project's SECURITY.md (paste it, upload the file, or paste the text from its URL)
        </label>
        <label className="radio">
          <input
            type="radio"
            name="source"
            checked={source === "blank"}
            onChange={() => {
              setSource("blank");
              setParsed(null);
            }}
          />{" "}
          A blank policy (Embargo's defaults: acknowledge in 24 hours, disclose in 90 days)
        </label>
      </fieldset>
      {source === "security-md" && <ImportSecurityMd onParsed={setParsed} />}
      {source === "security-md" && parsed && <ParsedSummary parsed={parsed} />}

      <form
        className="card"
        aria-label="New program"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate({
            name,
            slug: slugValue,
            keyPrefix: prefixValue,
            description,
            versionScheme,
            timeZone,
            ...(source === "security-md" && parsed ? { policy: policyFromParsed(parsed) } : {}),
          });
        }}
      >
        <h2 className="card-title">Program</h2>
        {create.isError && (
          <div className="notice err" role="alert">
            {Object.keys(errors).length
              ? "The program was not created: correct the highlighted fields."
              : errorMessage(create.error)}
          </div>
        )}
        <Field label="Name" error={errors.name}>
          {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} maxLength={100} required />}
        </Field>
        <Field
          label="Slug"
          error={errors.slug}
          hint={`Public report form: /report/${slugValue || "…"}. Lowercase letters, digits and dashes; fixed once reports exist.`}
        >
          {(p) => <input {...p} value={slugValue} onChange={(e) => setSlug(e.target.value)} maxLength={40} required />}
        </Field>
        <Field
          label="Report key prefix"
          error={errors.keyPrefix}
          hint={`Reports are numbered ${prefixValue || "…"}-1, ${prefixValue || "…"}-2. 2 to 10 capital letters; fixed once reports exist.`}
        >
          {(p) => (
            <input
              {...p}
              value={prefixValue}
              onChange={(e) => setKeyPrefix(e.target.value.toUpperCase())}
              maxLength={10}
              required
            />
          )}
        </Field>
        <Field label="Description" error={errors.description} hint="Optional: what the program covers.">
          {(p) => <textarea {...p} rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />}
        </Field>
        <Field label="Version scheme" error={errors.versionScheme}>
          {(p) => (
            <select {...p} value={versionScheme} onChange={(e) => setVersionScheme(e.target.value as VersionScheme)}>
              <Options labels={VERSION_SCHEME_LABEL} />
            </select>
          )}
        </Field>
        <Field
          label="Time zone"
          error={errors.timeZone}
          hint="IANA zone of the business calendar (business-day clocks), e.g. Europe/Berlin."
        >
          {(p) => <input {...p} value={timeZone} onChange={(e) => setTimeZone(e.target.value)} required />}
        </Field>
        {needsImport && (
          <p className="field-hint" role="status">
            Extract the policy from the SECURITY.md above first, or start from a blank policy.
          </p>
        )}
        <button type="submit" className="btn primary" disabled={create.isPending || needsImport}>
          {source === "security-md" ? "Create program with these promises" : "Create program"}
        </button>
      </form>
    </div>
  );
}
