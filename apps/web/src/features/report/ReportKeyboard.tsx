import { TRANSITION_LABELS, type TransitionName } from "@embargo/core";
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import { plainKeyOf } from "../../lib/keyboard.ts";
import { type PageCommand, setPageCommands } from "../../lib/pageCommands.ts";
import type { ReportDetail } from "../../lib/types.ts";
import { ShortcutsDialog } from "./ShortcutsDialog.tsx";
import { type FocusTarget, shortcutFor } from "./shortcuts.ts";

/** Controls the page can move focus to. */
type FocusName = "title" | "cvss" | "composer" | `action:${TransitionName | "publish"}`;
type Outcome = { message: string; focus: FocusTarget | null };

interface ReportKeyboard {
  /** What the live region says now. */
  said: string;
  /** Say it in the page's polite live region. */
  announce: (text: string) => void;
  /** A callback ref that makes an element a focus target. */
  target: (name: FocusName) => (el: HTMLElement | null) => void;
  focus: (name: FocusName) => boolean;
  /**
   * Call right before a change is sent: once the report comes back changed,
   * `then` decides (from the new report) what to announce and where focus goes.
   */
  afterChange: (then: ((detail: ReportDetail) => Outcome) | null) => void;
  /** The action bar and the composer hand over what the shortcuts call. */
  provide: (handlers: Partial<Handlers>) => void;
  openShortcuts: () => void;
}
interface Handlers {
  start: (action: TransitionName) => void;
  compose: (kind: "internal" | "to_reporter") => void;
}

const Ctx = createContext<ReportKeyboard | null>(null);

/** Works outside the provider too (nothing is announced or focused). */
export function useReportKeyboard(): ReportKeyboard {
  return useContext(Ctx) ?? NOOP;
}
const NOOP: ReportKeyboard = {
  said: "",
  announce: () => {},
  target: () => () => {},
  focus: () => false,
  afterChange: () => {},
  provide: () => {},
  openShortcuts: () => {},
};

const nameOf = (t: FocusTarget): FocusName =>
  t.kind === "action" ? `action:${t.action}` : t.kind === "cvss" ? "cvss" : "title";

/**
 * Focus and keyboard for one report: its title is focused when it opens,
 * every action says what happened in one live region and moves focus to the
 * next sensible control, and single keys (a t m n s ?) do the usual steps.
 */
export function ReportKeyboardProvider({ detail, children }: { detail: ReportDetail; children: ReactNode }) {
  const elements = useRef(new Map<FocusName, HTMLElement>());
  const callbacks = useRef(new Map<FocusName, (el: HTMLElement | null) => void>());
  const handlers = useRef<Partial<Handlers>>({});
  const waiting = useRef<{ before: ReportDetail; then: (d: ReportDetail) => Outcome } | null>(null);
  const [said, setSaid] = useState("");
  const [helpOpen, setHelpOpen] = useState(false);
  const clearTimer = useRef<number | undefined>(undefined);

  const announce = useCallback((text: string) => {
    // Emptied first, so the same sentence twice is announced twice.
    setSaid("");
    window.clearTimeout(clearTimer.current);
    clearTimer.current = window.setTimeout(() => setSaid(text), 60);
  }, []);
  useEffect(() => () => window.clearTimeout(clearTimer.current), []);

  const focus = useCallback((name: FocusName) => {
    const el = elements.current.get(name);
    if (!el?.isConnected) return false;
    el.focus();
    if (name !== "title") el.scrollIntoView?.({ block: "nearest" });
    return true;
  }, []);

  const target = useCallback((name: FocusName) => {
    let cb = callbacks.current.get(name);
    if (!cb) {
      cb = (el) => {
        if (el) elements.current.set(name, el);
        else if (elements.current.get(name)?.isConnected === false) elements.current.delete(name);
      };
      callbacks.current.set(name, cb);
    }
    return cb;
  }, []);

  const detailRef = useRef(detail);
  detailRef.current = detail;
  const afterChange = useCallback((then: ((d: ReportDetail) => Outcome) | null) => {
    waiting.current = then ? { before: detailRef.current, then } : null;
  }, []);

  // The report came back changed: announce and move focus (after the children rendered the new controls).
  useLayoutEffect(() => {
    const w = waiting.current;
    if (!w || w.before === detail) return;
    waiting.current = null;
    const out = w.then(detail);
    announce(out.message);
    if (out.focus && !focus(nameOf(out.focus))) focus("title");
  }, [detail, announce, focus]);

  // A newly opened report: focus its title, which screen readers then read.
  const key = detail.report.key;
  useEffect(() => {
    if (key) focus("title");
  }, [key, focus]);

  const provide = useCallback((h: Partial<Handlers>) => Object.assign(handlers.current, h), []);
  const openShortcuts = useCallback(() => setHelpOpen(true), []);

  const run = useCallback(
    (id: NonNullable<ReturnType<typeof shortcutFor>>) => {
      const d = detailRef.current;
      const offered = (t: TransitionName) => d.transitions.includes(t);
      switch (id) {
        case "acknowledge":
        case "triage": {
          if (!offered(id)) {
            announce(
              `${TRANSITION_LABELS[id]} is not possible now: the report is ${d.report.state.replace("_", " ")}.`,
            );
            return;
          }
          if (id === "triage" && !d.report.severity) {
            announce("Set the severity first: CVSS vector field.");
            focus("cvss");
            return;
          }
          handlers.current.start?.(id);
          return;
        }
        case "message":
        case "note":
          handlers.current.compose?.(id === "message" ? "to_reporter" : "internal");
          return;
        case "severity":
          if (!focus("cvss")) announce("The severity cannot be changed here.");
          return;
        case "help":
          setHelpOpen(true);
          return;
      }
    },
    [announce, focus],
  );

  useEffect(() => {
    if (!detail.canTriage) return;
    const onKey = (e: KeyboardEvent) => {
      const k = plainKeyOf({ ...pick(e), target: e.target instanceof Element ? e.target : null });
      const id = k ? shortcutFor(k) : null;
      if (!id) return;
      e.preventDefault();
      run(id);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [detail.canTriage, run]);

  // The same actions in the command palette.
  const commands = useMemo((): PageCommand[] => {
    if (!detail.canTriage) return [];
    const k = detail.report.key;
    const list: PageCommand[] = [];
    if (detail.transitions.includes("acknowledge"))
      list.push({ id: "acknowledge", label: `Acknowledge ${k}`, shortcut: "a", run: () => run("acknowledge") });
    if (detail.transitions.includes("triage"))
      list.push({ id: "triage", label: `Triage ${k}`, shortcut: "t", run: () => run("triage") });
    list.push(
      { id: "message", label: `Message the reporter of ${k}`, shortcut: "m", run: () => run("message") },
      { id: "note", label: `Add an internal note to ${k}`, shortcut: "n", run: () => run("note") },
      { id: "severity", label: `Set the severity of ${k}`, shortcut: "s", run: () => run("severity") },
      { id: "help", label: "Keyboard shortcuts", shortcut: "?", run: () => run("help") },
    );
    return list;
  }, [detail.canTriage, detail.report.key, detail.transitions, run]);
  useEffect(() => {
    setPageCommands(commands);
    return () => setPageCommands([]);
  }, [commands]);

  const value = useMemo(
    () => ({ said, announce, target, focus, afterChange, provide, openShortcuts }),
    [said, announce, target, focus, afterChange, provide, openShortcuts],
  );
  return (
    <Ctx.Provider value={value}>
      {children}
      {detail.canTriage && <ShortcutsDialog open={helpOpen} onClose={() => setHelpOpen(false)} />}
    </Ctx.Provider>
  );
}

const pick = (e: KeyboardEvent) => ({
  key: e.key,
  ctrlKey: e.ctrlKey,
  metaKey: e.metaKey,
  altKey: e.altKey,
  isComposing: e.isComposing,
  defaultPrevented: e.defaultPrevented,
  repeat: e.repeat,
});

/** The page's one polite live region, shown in the action bar; always rendered, so it exists before it speaks. */
export function ReportLiveRegion() {
  const { said } = useReportKeyboard();
  return (
    <span role="status" className="muted report-live">
      {said}
    </span>
  );
}
