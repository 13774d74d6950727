import { type InputHTMLAttributes, type ReactNode, useId } from "react";

/** A labelled form control with its error shown in place. */
export function Field({
  label,
  error,
  hint,
  evidence,
  children,
}: {
  label: string;
  error?: string | undefined;
  hint?: string;
  /** The sentence a drafted value came from (SECURITY.md import). */
  evidence?: string | undefined;
  children: (props: { id: string; "aria-invalid": boolean; "aria-describedby"?: string }) => ReactNode;
}) {
  const id = useId();
  const describedBy = error ? `${id}-err` : hint ? `${id}-hint` : undefined;
  return (
    <div className={`field${error ? " has-error" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, "aria-invalid": !!error, ...(describedBy ? { "aria-describedby": describedBy } : {}) })}
      {error ? (
        <p className="field-error" id={`${id}-err`}>
          {error}
        </p>
      ) : hint ? (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {evidence && <p className="evidence">From SECURITY.md: “{evidence}”</p>}
    </div>
  );
}

/** A password box for a Field: `autoComplete` tells password managers to fill (current) or suggest (new). */
export function PasswordInput({
  onChange,
  ...rest
}: Omit<InputHTMLAttributes<HTMLInputElement>, "onChange" | "type" | "autoComplete"> & {
  autoComplete: "current-password" | "new-password";
  onChange: (value: string) => void;
}) {
  return <input {...rest} type="password" onChange={(e) => onChange(e.target.value)} />;
}

/** A box for a 6-digit code from an authenticator app: the phone shows digits, and the browser may fill it. */
export function OneTimeCodeInput({
  onChange,
  ...rest
}: Omit<InputHTMLAttributes<HTMLInputElement>, "onChange" | "type" | "autoComplete" | "inputMode" | "pattern"> & {
  onChange: (value: string) => void;
}) {
  return (
    <input
      {...rest}
      inputMode="numeric"
      autoComplete="one-time-code"
      pattern="[0-9 ]*"
      onChange={(e) => onChange(e.target.value)}
    />
  );
}
