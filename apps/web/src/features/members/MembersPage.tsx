import type { RouterOutputs } from "@embargo/api";
import type { Role } from "@embargo/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { CopyButton } from "../../components/ui/CopyButton.tsx";
import { Field } from "../../components/ui/Field.tsx";
import { Options } from "../../components/ui/Options.tsx";
import { Empty, ErrorBox, Loading } from "../../components/ui/States.tsx";
import { RelativeTime } from "../../components/ui/Time.tsx";
import { deviceOf } from "../../lib/device.ts";
import { useTitle } from "../../lib/title.ts";
import { errorMessage, fieldErrorsOf, queryClient, trpc } from "../../lib/trpc.ts";

type Member = RouterOutputs["members"]["list"]["members"][number];

const ROLE_LABEL: Record<Role, string> = { admin: "Admin", triager: "Triager", leadership: "Leadership" };

/** A link meant for one person, shown because there is no mail server to send it. */
function CopyableLink({ label, url, note }: { label: string; url: string; note: string }) {
  return (
    <div className="notice ok">
      <span role="status">
        <strong>{label}</strong> {note}
      </span>
      <div className="copy-row">
        <input readOnly value={url} aria-label={label} onFocus={(e) => e.currentTarget.select()} />
        <CopyButton value={url} what={label.toLowerCase()} />
      </div>
    </div>
  );
}

export function MembersPage() {
  useTitle("Members");
  const [params, setParams] = useSearchParams();
  const me = useQuery(trpc.auth.me.queryOptions());
  const adminOf = me.data?.memberships.filter((m) => m.role === "admin") ?? [];
  const program = params.get("program") || null;
  const list = useQuery({ ...trpc.members.list.queryOptions({ program }), enabled: adminOf.length > 0 });
  if (me.isPending) return <Loading />;
  if (adminOf.length === 0) return <Empty title="No members to manage">Only program admins manage members.</Empty>;
  const scopeName = program ? (adminOf.find((m) => m.slug === program)?.name ?? program) : null;
  return (
    <>
      <div className="page-head">
        <h1>Members</h1>
        <label>
          <span className="sr-only">Members of</span>
          <select
            aria-label="Members of"
            value={program ?? ""}
            onChange={(e) => setParams(e.target.value ? { program: e.target.value } : {})}
          >
            <option value="">{me.data?.adminOfAll ? "All programs (everyone)" : "All programs I administer"}</option>
            {adminOf.map((m) => (
              <option key={m.slug} value={m.slug}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <InviteForm programs={adminOf} defaultProgram={program ?? adminOf[0]!.slug} key={program ?? ""} />
      {list.isPending ? (
        <Loading label="Loading members…" />
      ) : list.isError ? (
        <ErrorBox
          title="Members could not be loaded"
          message={errorMessage(list.error)}
          onRetry={() => list.refetch()}
        />
      ) : (
        <>
          <MembersTable members={list.data.members} myId={me.data?.id ?? 0} scopeName={scopeName} />
          <Invitations invitations={list.data.invitations} />
        </>
      )}
    </>
  );
}

const invalidateMembers = () => queryClient.invalidateQueries({ queryKey: trpc.members.list.queryKey() });

function InviteForm({
  programs,
  defaultProgram,
}: {
  programs: { slug: string; name: string }[];
  defaultProgram: string;
}) {
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("triager");
  const [program, setProgram] = useState(defaultProgram);
  const invite = useMutation(
    trpc.members.invite.mutationOptions({
      onSuccess: async () => {
        setEmail("");
        await invalidateMembers();
      },
    }),
  );
  const errs = fieldErrorsOf(invite.error);
  const sent = invite.data;
  return (
    <section className="card" aria-labelledby="invite-title">
      <h2 className="card-title" id="invite-title">
        Invite someone
      </h2>
      {sent?.link && (
        <CopyableLink
          label="Invitation link"
          url={sent.link}
          note="No mail server is configured: send this link to them yourself. It works once, for 7 days."
        />
      )}
      {sent?.emailed && (
        <div className="notice ok" role="status">
          Invitation emailed. The link works once, for 7 days.
        </div>
      )}
      {invite.isError && !Object.keys(errs).length && (
        <div className="notice err" role="alert">
          {errorMessage(invite.error)}
        </div>
      )}
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          invite.mutate({ program, email, role });
        }}
      >
        <Field label="Email" error={errs.email}>
          {(p) => (
            <input {...p} type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="off" />
          )}
        </Field>
        <Field label="Role" error={errs.role}>
          {(p) => (
            <select {...p} value={role} onChange={(e) => setRole(e.target.value as Role)}>
              <Options labels={ROLE_LABEL} />
            </select>
          )}
        </Field>
        <Field label="Program" error={errs.program}>
          {(p) => (
            <select {...p} value={program} onChange={(e) => setProgram(e.target.value)}>
              {programs.map((m) => (
                <option key={m.slug} value={m.slug}>
                  {m.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" className="btn primary" disabled={invite.isPending || !email.trim()}>
          Send invitation
        </button>
      </form>
    </section>
  );
}

function MembersTable({ members, myId, scopeName }: { members: Member[]; myId: number; scopeName: string | null }) {
  const [resetFor, setResetFor] = useState<{ email: string; link: string | null } | null>(null);
  const [securityOf, setSecurityOf] = useState<Member | null>(null);
  const after = { onSuccess: invalidateMembers };
  const changeRole = useMutation(trpc.members.changeRole.mutationOptions(after));
  const remove = useMutation(trpc.members.remove.mutationOptions(after));
  const setDisabled = useMutation(trpc.members.setDisabled.mutationOptions(after));
  const resetLink = useMutation(trpc.members.resetLink.mutationOptions());
  const failed = [changeRole, remove, setDisabled, resetLink].find((m) => m.isError);
  return (
    <section className="card" aria-labelledby="members-title">
      <h2 className="card-title" id="members-title">
        {members.length} member{members.length === 1 ? "" : "s"}
        {scopeName ? ` of ${scopeName}` : ""}
      </h2>
      {failed && (
        <div className="notice err" role="alert">
          {Object.values(fieldErrorsOf(failed.error))[0] ?? errorMessage(failed.error)}
        </div>
      )}
      {resetFor?.link && (
        <CopyableLink
          label={`Password reset link for ${resetFor.email}`}
          url={resetFor.link}
          note="No mail server is configured: send it to them yourself. It works once, for 24 hours."
        />
      )}
      {resetFor && !resetFor.link && (
        <div className="notice ok" role="status">
          Password reset link emailed to {resetFor.email}.
        </div>
      )}
      {securityOf && (
        <MemberSecurity member={securityOf} isMe={securityOf.id === myId} onClose={() => setSecurityOf(null)} />
      )}
      <div className="table-scroll">
        <table className="grid stack" aria-label="Members">
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Roles</th>
              <th scope="col">Last sign-in</th>
              <th scope="col">MFA</th>
              <th scope="col">Account</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {members.map((u) => (
              <tr key={u.id} style={{ cursor: "default" }} aria-label={u.email}>
                <td>
                  <strong>{u.name}</strong>
                  <div className="muted">{u.email}</div>
                </td>
                <td data-label="Roles">
                  {u.adminOfAll ? (
                    <span>Admin of all programs</span>
                  ) : u.roles.length === 0 ? (
                    <span className="muted">No program</span>
                  ) : (
                    u.roles.map((r) => (
                      <div key={r.slug} className="role-line">
                        <label>
                          <span className="muted">{r.name}</span>{" "}
                          <select
                            aria-label={`Role of ${u.email} in ${r.name}`}
                            value={r.role}
                            disabled={changeRole.isPending}
                            onChange={(e) =>
                              changeRole.mutate({ program: r.slug, userId: u.id, role: e.target.value as Role })
                            }
                          >
                            <Options labels={ROLE_LABEL} />
                          </select>
                        </label>{" "}
                        <button
                          type="button"
                          className="btn small"
                          aria-label={`Remove ${u.email} from ${r.name}`}
                          disabled={remove.isPending}
                          onClick={() => {
                            if (window.confirm(`Remove ${u.email} from ${r.name}? Their history stays.`))
                              remove.mutate({ program: r.slug, userId: u.id });
                          }}
                        >
                          Remove
                        </button>
                      </div>
                    ))
                  )}
                </td>
                <td className="muted" data-label="Last sign-in">
                  {u.lastSignInAt ? <RelativeTime at={u.lastSignInAt} /> : "never"}
                </td>
                <td data-label="MFA">{u.mfa ? "On" : <span className="muted">Off</span>}</td>
                <td data-label="Account">
                  {u.disabled ? <span className="sla sla-breached">Disabled</span> : "Active"}
                </td>
                <td className="row-actions">
                  {u.id !== myId && (
                    <button
                      type="button"
                      className={`btn small${u.disabled ? "" : " danger"}`}
                      aria-label={`${u.disabled ? "Enable" : "Disable"} ${u.email}`}
                      disabled={setDisabled.isPending}
                      onClick={() => {
                        if (u.disabled || window.confirm(`Disable ${u.email}? They are signed out everywhere at once.`))
                          setDisabled.mutate({ userId: u.id, disabled: !u.disabled });
                      }}
                    >
                      {u.disabled ? "Enable" : "Disable"}
                    </button>
                  )}{" "}
                  <button
                    type="button"
                    className="btn small"
                    aria-label={`Send a password reset link to ${u.email}`}
                    disabled={resetLink.isPending || u.disabled}
                    onClick={() =>
                      resetLink.mutate(
                        { userId: u.id },
                        { onSuccess: (r) => setResetFor({ email: u.email, link: r.link }) },
                      )
                    }
                  >
                    Reset link
                  </button>{" "}
                  <button
                    type="button"
                    className="btn small"
                    aria-label={`Sessions and second factors of ${u.email}`}
                    aria-expanded={securityOf?.id === u.id}
                    onClick={() => setSecurityOf(securityOf?.id === u.id ? null : u)}
                  >
                    Sessions
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** A member's live sessions and second factors: end sessions, reset factors (audited, emailed). */
function MemberSecurity({ member, isMe, onClose }: { member: Member; isMe: boolean; onClose: () => void }) {
  const key = trpc.members.security.queryKey({ userId: member.id });
  const data = useQuery(trpc.members.security.queryOptions({ userId: member.id }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: key });
  const endOne = useMutation(trpc.members.endSession.mutationOptions({ onSuccess: refresh }));
  const endAll = useMutation(trpc.members.endSessions.mutationOptions({ onSuccess: refresh }));
  const reset = useMutation(
    trpc.members.resetFactors.mutationOptions({
      onSuccess: async () => {
        await refresh();
        await invalidateMembers();
      },
    }),
  );
  const failed = [endOne, endAll, reset].find((m) => m.isError);
  return (
    <section className="card member-security" aria-labelledby="member-security-title">
      <div className="page-head" style={{ marginBottom: 8 }}>
        <h3 className="sub-title" id="member-security-title">
          Sessions and second factors of {member.name} ({member.email})
        </h3>
        <div className="spacer" />
        <button type="button" className="btn small" onClick={onClose}>
          Close
        </button>
      </div>
      {failed && (
        <div className="notice err" role="alert">
          {Object.values(fieldErrorsOf(failed.error))[0] ?? errorMessage(failed.error)}
        </div>
      )}
      {reset.isSuccess && (
        <div className="notice ok" role="status">
          Removed {reset.data.factors} second factor{reset.data.factors === 1 ? "" : "s"} and ended{" "}
          {reset.data.sessions} session{reset.data.sessions === 1 ? "" : "s"}. {member.email} was emailed.
        </div>
      )}
      {endAll.isSuccess && (
        <div className="notice ok" role="status">
          Ended {endAll.data.ended} session{endAll.data.ended === 1 ? "" : "s"}.
        </div>
      )}
      {data.isPending ? (
        <Loading />
      ) : data.isError ? (
        <ErrorBox title="Could not load" message={errorMessage(data.error)} />
      ) : (
        <>
          <p>
            {data.data.factors.length === 0
              ? "No second factor."
              : `Second factors: ${data.data.factors.map((f) => `${f.label} (${f.kind === "totp" ? "authenticator app" : "passkey"})`).join(", ")}.`}
          </p>
          {data.data.sessions.length === 0 ? (
            <p className="muted">Not signed in anywhere.</p>
          ) : (
            <ul className="factor-list" aria-label={`Sessions of ${member.email}`}>
              {data.data.sessions.map((s) => (
                <li key={s.id}>
                  <span title={s.userAgent ?? undefined}>
                    {deviceOf(s.userAgent)} · {s.address ?? "unknown address"}
                    <br />
                    <span className="muted">
                      Signed in <RelativeTime at={s.createdAt} /> · last seen <RelativeTime at={s.lastSeenAt} />
                      {s.current ? " · this is your session" : ""}
                    </span>
                  </span>
                  <button
                    type="button"
                    className="btn small"
                    aria-label={`End this session of ${member.email}`}
                    disabled={endOne.isPending}
                    onClick={() => endOne.mutate({ userId: member.id, id: s.id })}
                  >
                    End
                  </button>
                </li>
              ))}
            </ul>
          )}
          {!isMe && (
            <div className="dialog-actions">
              <button
                type="button"
                className="btn small"
                disabled={endAll.isPending || data.data.sessions.length === 0}
                onClick={() => endAll.mutate({ userId: member.id })}
              >
                End all sessions
              </button>
              <button
                type="button"
                className="btn small danger"
                disabled={reset.isPending || data.data.factors.length === 0}
                onClick={() => {
                  if (
                    window.confirm(
                      `Reset the second factors of ${member.email}? Their passkeys, authenticator app and recovery codes are removed, they are signed out everywhere and emailed.`,
                    )
                  )
                    reset.mutate({ userId: member.id });
                }}
              >
                Reset second factors
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}

function Invitations({ invitations }: { invitations: RouterOutputs["members"]["list"]["invitations"] }) {
  const revoke = useMutation(trpc.members.revokeInvitation.mutationOptions({ onSuccess: invalidateMembers }));
  return (
    <section className="card" aria-labelledby="invitations-title">
      <h2 className="card-title" id="invitations-title">
        Pending invitations
      </h2>
      {invitations.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul className="file-list" aria-label="Pending invitations">
          {invitations.map((i) => (
            <li key={i.id}>
              <span>
                {i.email} · {i.role && ROLE_LABEL[i.role]} of {i.programName}{" "}
                <span className="muted">
                  expires <RelativeTime at={i.expiresAt} />
                </span>
              </span>
              <button
                type="button"
                className="btn small danger"
                aria-label={`Revoke the invitation of ${i.email} to ${i.programName}`}
                onClick={() => revoke.mutate({ id: i.id })}
                disabled={revoke.isPending}
              >
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
