import { REPORT_KEY_PATTERN } from "@embargo/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { Link, Navigate, NavLink, Outlet, useLocation, useNavigate, useSearchParams } from "react-router";
import { NoSmtpBanner } from "../components/NoSmtpBanner.tsx";
import { ErrorBox, Loading } from "../components/ui/States.tsx";
import { CommandPalette } from "../features/palette/CommandPalette.tsx";
import { ReauthDialog } from "../lib/reauth.tsx";
import { setViewerTimeZone } from "../lib/time.ts";
import { errorMessage, queryClient, trpc, trpcClient } from "../lib/trpc.ts";
import type { Me } from "../lib/types.ts";

export function AppLayout() {
  const me = useQuery(trpc.auth.me.queryOptions());
  const location = useLocation();
  if (me.isPending) return <Loading label="Loading Embargo…" />;
  if (me.isError)
    return <ErrorBox title="Embargo could not load" message={errorMessage(me.error)} onRetry={() => me.refetch()} />;
  if (!me.data)
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  // A second factor is required and none is enrolled: nothing else is reachable (the server refuses it too).
  if (me.data.enrolmentOnly) return <Navigate to="/enrol" replace />;
  return <Shell me={me.data} />;
}

function Shell({ me }: { me: Me }) {
  const navigate = useNavigate();
  // Set during render, before any child formats a date: the profile's zone, else the browser's.
  setViewerTimeZone(me.timeZone);
  const signOut = useMutation(
    trpc.auth.signOut.mutationOptions({
      onSuccess: () => {
        queryClient.clear();
        navigate("/login");
      },
    }),
  );
  return (
    <div className="app">
      {/* The first stop of the Tab key: past the navigation and the top bar, straight to the screen. */}
      {/* biome-ignore lint/a11y/useValidAnchor: a skip link is a link by convention; the handler only keeps #main out of the history */}
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById("main")?.focus();
        }}
      >
        Skip to main content
      </a>
      <ReauthDialog
        reauthenticate={(input) => trpcClient.auth.reauthenticate.mutate(input as never)}
        passkeyOptions={() => trpcClient.auth.reauthPasskeyOptions.mutate()}
      />
      <CommandPalette me={me} />
      <SideNav me={me} />
      <header className="topbar">
        <ProgramFilter me={me} />
        <SearchBox />
        <div className="spacer" />
        <div className="user-menu">
          <Link to="/profile" title={`${me.email}: profile, password and sessions`}>
            {me.name}
          </Link>
          <button type="button" className="btn small" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <NoSmtpBanner me={me} />
        <Outlet />
      </main>
    </div>
  );
}

/**
 * The main navigation: a sidebar from 900 px up; below, a "Menu" button that shows
 * the links under it (a disclosure, in the page's flow: nothing to trap or cover).
 * Escape closes it and gives focus back to the button; choosing a link closes it
 * and puts focus on the new screen, as the skip link would.
 */
function SideNav({ me }: { me: Me }) {
  const { pathname } = useLocation();
  const onPolicies = pathname.startsWith("/settings") && !pathname.startsWith("/settings/programs");
  const canTriage = me.memberships.some((m) => m.role !== "leadership");
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  return (
    <nav
      className={`sidenav${open ? " open" : ""}`}
      aria-label="Main"
      onKeyDown={(e) => {
        if (e.key !== "Escape" || !open) return;
        e.stopPropagation();
        setOpen(false);
        button.current?.focus();
      }}
    >
      <div className="nav-head">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            E
          </span>
          Embargo
        </div>
        <button
          ref={button}
          type="button"
          className="btn nav-toggle"
          aria-expanded={open}
          aria-controls="main-nav-links"
          onClick={() => setOpen(!open)}
        >
          <span className="nav-toggle-icon" aria-hidden="true" />
          Menu
        </button>
      </div>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: the click is the links' own, caught on the way up to close the menu */}
      {/* biome-ignore lint/a11y/useKeyWithClickEvents: Enter on a link fires this click too */}
      <div
        id="main-nav-links"
        className="nav-links"
        onClick={(e) => {
          if (!open || !(e.target as HTMLElement).closest("a")) return;
          setOpen(false);
          // The link is hidden once the menu closes: focus goes where the skip link sends it.
          document.getElementById("main")?.focus();
        }}
      >
        <NavLink to="/" end>
          Inbox
        </NavLink>
        {/* Every role: the panel shows each person the programs they belong to. */}
        <NavLink to="/leadership">Leadership</NavLink>
        {/* Every role, leadership included: dates, keys and titles only. */}
        <NavLink to="/disclosures">Disclosures</NavLink>
        {/* Every role: communications staff (leadership) export the lists. */}
        <NavLink to="/acknowledgments">Acknowledgments</NavLink>
        {canTriage && <NavLink to="/reports/new">New report</NavLink>}
        {/* Staff who answer researchers; leadership sees people only as credited in published advisories. */}
        {canTriage && <NavLink to="/researchers">Researchers</NavLink>}
        {(me.adminOfAll || me.memberships.some((m) => m.role === "admin")) && (
          <>
            <NavLink
              to="/settings"
              // Policies live under /settings/<slug>; the Programs pages have their own entry.
              className={() => (onPolicies ? "active" : "")}
              aria-current={onPolicies ? "page" : undefined}
            >
              Settings
            </NavLink>
            <NavLink to="/settings/programs">Programs</NavLink>
            <NavLink to="/members">Members</NavLink>
            <NavLink to="/outbox">Outbox</NavLink>
            <NavLink to="/audit">Audit</NavLink>
          </>
        )}
        <div className="nav-foot">
          {me.memberships.map((m) => (
            <div key={m.programId}>
              {m.name} · {m.role}
            </div>
          ))}
        </div>
      </div>
    </nav>
  );
}

/** The program filter lives in the URL (?program=slug) so views can be shared. */
function ProgramFilter({ me }: { me: Me }) {
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const value = params.get("program") ?? "";
  // Archived programs stay in the filter (their reports stay readable), marked as such.
  const programs = useQuery(trpc.programs.list.queryOptions());
  const archived = new Set(programs.data?.filter((p) => p.archivedAt).map((p) => p.slug));
  return (
    <label className="sr-only-label">
      <span className="sr-only">Program</span>
      <select
        aria-label="Program"
        value={value}
        onChange={(e) => {
          const next = new URLSearchParams(location.pathname === "/" ? params : undefined);
          if (e.target.value) next.set("program", e.target.value);
          else next.delete("program");
          next.delete("page");
          if (location.pathname === "/") setParams(next);
          else navigate(`/?${next.toString()}`);
        }}
      >
        <option value="">All programs</option>
        {me.memberships.map((m) => (
          <option key={m.slug} value={m.slug}>
            {m.name}
            {archived.has(m.slug) ? " (archived)" : ""}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * `/` focuses the search from anywhere. Enter on a report key the user may
 * read (any case: "voice-16") opens that report, as the server answers;
 * anything else searches the inbox.
 */
function SearchBox() {
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target as HTMLElement;
      if (t.closest("input, textarea, select, [contenteditable]")) return;
      e.preventDefault();
      document.getElementById("global-search")?.focus();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  const q = location.pathname === "/" ? (params.get("q") ?? "") : "";
  return (
    // biome-ignore lint/a11y/useSemanticElements: <search> is not in React's JSX types yet; the role is equivalent.
    <form
      className="search"
      role="search"
      aria-label="Reports"
      onSubmit={async (e) => {
        e.preventDefault();
        const value = new FormData(e.currentTarget).get("q")?.toString().trim() ?? "";
        const key = await jumpTarget(value);
        if (key) {
          navigate(`/reports/${key}`);
          (document.activeElement as HTMLElement | null)?.blur();
          return;
        }
        const next = new URLSearchParams(location.pathname === "/" ? params : undefined);
        if (value) next.set("q", value);
        else next.delete("q");
        next.delete("page");
        if (location.pathname === "/") setParams(next);
        else navigate(`/?${next.toString()}`);
        (document.activeElement as HTMLElement | null)?.blur();
      }}
    >
      <input
        id="global-search"
        key={q}
        name="q"
        type="search"
        defaultValue={q}
        aria-label="Search reports"
        placeholder="Search reports or jump to a key   ( / )"
        maxLength={200}
      />
    </form>
  );
}

/** The report a search names by its key, if the server says the user may read it; else null (search instead). */
async function jumpTarget(q: string): Promise<string | null> {
  if (!REPORT_KEY_PATTERN.test(q.toUpperCase())) return null;
  try {
    return (await queryClient.fetchQuery(trpc.reports.jump.queryOptions({ q }))).key;
  } catch {
    return null;
  }
}

export function BackToInbox() {
  return <Link to="/">← Inbox</Link>;
}
