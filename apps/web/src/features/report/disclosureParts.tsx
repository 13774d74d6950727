import { formatZonedInstant, isTimeZone } from "@embargo/core";
import type { RefObject } from "react";
import { Field } from "../../components/ui/Field.tsx";
import { viewerTimeZone } from "../../lib/time.ts";
import { queryClient, trpc } from "../../lib/trpc.ts";

/** Pieces the disclosure card, the patch timeline and the publish form share. */

const ZONES: readonly string[] =
  (Intl as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.("timeZone") ?? [];

/** The zones offered, with the current one first when the browser's list lacks it (UTC often is). */
function zoneChoices(current: string): readonly string[] {
  const extra = [current, "UTC"].filter((z) => z && !ZONES.includes(z));
  return [...new Set(extra), ...ZONES];
}

/** A wall-clock date and time plus the zone it is read in: the server turns both into one instant. */
export function ZonedDateTimeFields({
  label,
  value,
  onChange,
  zone,
  onZoneChange,
  errors,
  required = false,
  zoneLabel = "Time zone",
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  zone: string;
  onZoneChange?: ((z: string) => void) | undefined;
  errors: { at?: string | undefined; zone?: string | undefined };
  required?: boolean;
  zoneLabel?: string;
}) {
  return (
    <>
      <Field label={label} error={errors.at}>
        {(p) => (
          <input
            {...p}
            type="datetime-local"
            value={value}
            onChange={(e) => onChange(e.target.value)}
            required={required}
          />
        )}
      </Field>
      {onZoneChange && <ZoneSelect label={zoneLabel} zone={zone} onChange={onZoneChange} error={errors.zone} />}
    </>
  );
}

export function ZoneSelect({
  label = "Time zone",
  zone,
  onChange,
  error,
}: {
  label?: string;
  zone: string;
  onChange: (z: string) => void;
  error?: string | undefined;
}) {
  return (
    <Field label={label} error={error}>
      {(p) => (
        <select {...p} value={zone} onChange={(e) => onChange(e.target.value)}>
          {zoneChoices(zone).map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/**
 * An instant in the zone it was set in (the program's or the plan's), and
 * in the viewer's own zone on a second line when that differs.
 */
export function ZonedWhen({ at, zone }: { at: Date; zone: string }) {
  const mine = viewerTimeZone();
  const shown = isTimeZone(zone) ? zone : "UTC";
  return (
    <>
      <time dateTime={at.toISOString()}>{formatZonedInstant(at, shown)}</time>
      {mine !== shown && isTimeZone(mine) && (
        <span className="zoned-mine">your time: {formatZonedInstant(at, mine)}</span>
      )}
    </>
  );
}

/** Refetch the report (and the inbox rows that show its plan) after a change. */
export const invalidateReport = () =>
  Promise.all([
    queryClient.invalidateQueries({ queryKey: trpc.reports.pathKey() }),
    queryClient.invalidateQueries({ queryKey: trpc.advisories.pathKey() }),
  ]);

/**
 * After a form closes its controls are gone; without this the browser puts
 * focus on <body> and a keyboard user starts over from the top of the page.
 */
export function focusHeading(ref: RefObject<HTMLElement | null>) {
  requestAnimationFrame(() => ref.current?.focus());
}
