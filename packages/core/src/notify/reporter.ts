import type { DisclosureState } from "../disclosure/enums.ts";
import type { ClosedState, ReportState } from "../lifecycle/states.ts";
import { isCloseAction, type TransitionName } from "../lifecycle/transitions.ts";
import type { Severity } from "../severity/levels.ts";
import type { Clock, ClockName } from "../sla/clocks.ts";
import { type EmailKey, type EmailLocale, type EmailParams, emailLocale } from "./locales.ts";
import { type Block, type RenderedEmail, renderBlocks } from "./render.ts";
import { LINK_SLOTS } from "./slots.ts";

/**
 * The emails a reporter gets, one message id per event, each naming what
 * happened, the next promise with its date, and the status link. A message is
 * an id and its parameters; `renderReporterEmail` words it in a locale
 * (locales.ts, i18next; English unless told) into {subject, text, html}.
 */

/** An instant and the zone it is to be read in. */
export interface ZonedInstant {
  at: Date;
  timeZone: string;
}

export type PromiseName = ClockName | "disclosure";

/** The promise the reporter should expect next: the earliest running clock, else the planned disclosure. */
export interface NextPromise extends ZonedInstant {
  promise: PromiseName;
  /** Its date has passed (a breached clock): the email says so. */
  late: boolean;
  /** Waiting on the reporter: the date moves later by the time we wait. */
  paused: boolean;
}

/** What the reporter is told about the disclosure plan. */
export type DisclosureNotice =
  | {
      id: "disclosure_proposed" | "disclosure_agreed" | "disclosure_followed_fix" | "disclosure_request_approved";
      date: ZonedInstant;
    }
  | { id: "disclosure_moved"; date: ZonedInstant; reason: string }
  | { id: "disclosure_request_declined"; date: ZonedInstant; note: string | null };

export type ReporterMessage =
  | { id: "received" | "acknowledged" | "needs_info" | "resumed" | "fixing" | "reopened" }
  | { id: "triaged"; severity: Severity | null; proposedDisclosure: ZonedInstant | null }
  | { id: "fixed"; version: string | null }
  | { id: "disclosed"; advisoryUrl: string | null }
  | { id: "closed"; outcome: ClosedState }
  | { id: "message"; body: string }
  | DisclosureNotice;

export type ReporterEmailId = ReporterMessage["id"];

export type ReporterEmail = ReporterMessage & {
  key: string;
  programName: string;
  next: NextPromise | null;
  /** The report has a status link, sealed beside the email: the email shows LINK_SLOTS.statusUrl. */
  statusLink: boolean;
};

/**
 * The email a transition sends the reporter, or null for none (spam is closed
 * without a word). Chosen by the action, not the target state, so coming back
 * from needs_info says "working on it again", not "acknowledged" a second time.
 */
export function transitionMessage(
  action: TransitionName,
  to: ReportState,
  r: { severity: Severity | null; fixedVersion: string | null; advisoryUrl: string | null },
  proposedDisclosure: ZonedInstant | null,
): ReporterMessage | null {
  switch (action) {
    case "acknowledge":
      return { id: "acknowledged" };
    case "request_info":
      return { id: "needs_info" };
    case "resume":
      return { id: "resumed" };
    case "triage":
      return { id: "triaged", severity: r.severity, proposedDisclosure };
    case "start_fix":
      return { id: "fixing" };
    case "mark_fixed":
      return { id: "fixed", version: r.fixedVersion };
    case "disclose":
      return { id: "disclosed", advisoryUrl: r.advisoryUrl };
    case "reopen":
      return { id: "reopened" };
    default:
      if (isCloseAction(action) && to !== "spam") return { id: "closed", outcome: to as ClosedState };
      return null;
  }
}

const PLANNED: ReadonlySet<DisclosureState> = new Set<DisclosureState>(["proposed", "agreed", "extended"]);

/**
 * The next promise as the status page shows it: the running clock (not met, with
 * a date) due first; when none runs, the planned disclosure date. `timeZone` is the
 * program's, in which the clocks are read.
 */
export function nextPromiseOf(p: {
  clocks: readonly Clock[];
  disclosure: { state: DisclosureState; targetAt: Date | null; timeZone: string | null };
  timeZone: string;
  now: Date;
}): NextPromise | null {
  const running = p.clocks
    .filter((c): c is Clock & { due: Date } => c.state !== "met" && c.due !== null)
    .sort((a, b) => a.due.getTime() - b.due.getTime());
  const first = running[0];
  if (first) {
    return {
      promise: first.name,
      at: first.due,
      timeZone: p.timeZone,
      late: first.state === "breached",
      paused: first.state === "paused",
    };
  }
  const d = p.disclosure;
  if (d.targetAt && PLANNED.has(d.state)) {
    return {
      promise: "disclosure",
      at: d.targetAt,
      timeZone: d.timeZone ?? p.timeZone,
      late: d.targetAt.getTime() < p.now.getTime(),
      paused: false,
    };
  }
  return null;
}

interface Worded {
  subject: string;
  body: Block[];
  /** What to say when nothing is promised next; the catalog's common line otherwise. */
  noNext?: string;
}

/** The event's own part: subject, what happened, and its closing line when nothing is promised. */
function worded(m: ReporterEmail, l: EmailLocale): Worded {
  const base = { key: m.key, programName: m.programName };
  const when = (z: ZonedInstant) => l.formatInstant(z.at, z.timeZone);
  const t = (key: EmailKey, extra: EmailParams = {}) => l.t(key, { ...base, ...extra });
  const paras = (key: EmailKey, extra: EmailParams = {}): Block[] =>
    l.lines(key, { ...base, ...extra }).map((text) => ({ kind: "p", text }));
  switch (m.id) {
    case "received":
      return { subject: t("received.subject"), body: paras("received.body"), noNext: t("received.noNext") };
    case "acknowledged":
    case "needs_info":
    case "resumed":
    case "fixing":
    case "reopened":
      return { subject: t(`${m.id}.subject`), body: paras(`${m.id}.body`) };
    case "triaged": {
      const severity = m.severity ? t(`severity.${m.severity}`) : null;
      const body = severity ? paras("triaged.body", { severity }) : paras("triaged.bodyUnrated");
      if (m.proposedDisclosure)
        body.push({ kind: "p", text: t("triaged.proposal", { date: when(m.proposedDisclosure) }) });
      return { subject: severity ? t("triaged.subject", { severity }) : t("triaged.subjectUnrated"), body };
    }
    case "fixed":
      return m.version
        ? { subject: t("fixed.subject", { version: m.version }), body: paras("fixed.body", { version: m.version }) }
        : { subject: t("fixed.subjectNoVersion"), body: paras("fixed.bodyNoVersion") };
    case "disclosed": {
      const body = paras("disclosed.body");
      if (m.advisoryUrl)
        body.push({ kind: "link", intro: t("disclosed.advisory"), label: m.advisoryUrl, href: m.advisoryUrl });
      return { subject: t("disclosed.subject"), body, noNext: t("disclosed.noNext") };
    }
    case "closed":
      return {
        subject: t("closed.subject", { outcome: t(`outcome.${m.outcome}.short`) }),
        body: paras("closed.body", { reason: t(`outcome.${m.outcome}.long`) }),
        noNext: t("closed.noNext"),
      };
    case "message":
      return { subject: t("message.subject"), body: [...paras("message.body"), { kind: "quote", text: m.body }] };
    case "disclosure_proposed":
    case "disclosure_agreed":
    case "disclosure_followed_fix":
    case "disclosure_request_approved":
      return { subject: t(`${m.id}.subject`), body: paras(`${m.id}.body`, { date: when(m.date) }) };
    case "disclosure_moved":
      return {
        subject: t("disclosure_moved.subject"),
        body: [
          ...paras("disclosure_moved.body", { date: when(m.date) }),
          { kind: "p", text: t("disclosure_moved.reason") },
          { kind: "quote", text: m.reason },
        ],
      };
    case "disclosure_request_declined": {
      const body = paras("disclosure_request_declined.body", { date: when(m.date) });
      if (m.note) body.push({ kind: "quote", text: m.note });
      return { subject: t("disclosure_request_declined.subject"), body };
    }
  }
}

const EN = () => emailLocale("en");

/** Words, then renders, one reporter email: what happened, what comes next, the status link, how to reply. */
export function renderReporterEmail(m: ReporterEmail, locale: EmailLocale = EN()): RenderedEmail {
  const l = locale;
  const base = { key: m.key, programName: m.programName };
  const w = worded(m, l);
  let next = w.noNext ?? l.t("common.noNext");
  if (m.next) {
    const n = m.next;
    next = l.t(`${n.late ? "late" : "promise"}.${n.promise}`, { date: l.formatInstant(n.at, n.timeZone) });
    if (n.paused) next += ` ${l.t("common.paused")}`;
  }
  const blocks: Block[] = [
    ...w.body,
    { kind: "next", heading: l.t("common.nextHeading"), text: next },
    m.statusLink
      ? {
          kind: "link",
          intro: l.t("common.statusIntro"),
          label: l.t("common.statusLabel"),
          href: LINK_SLOTS.statusUrl,
        }
      : { kind: "p", text: l.t("common.noStatusLink") },
    ...(m.statusLink ? [{ kind: "note", text: l.t("common.keepPrivate") } as const] : []),
    { kind: "note", text: l.t("common.replyByEmail", base) },
    { kind: "note", text: l.t("common.signature", base) },
  ];
  return renderBlocks(l.lang, w.subject, blocks);
}

/** The message a published advisory leaves in the reporter's thread (the status page), in the locale's words. */
export function disclosedThreadNote(key: string, advisoryUrl: string | null, locale: EmailLocale = EN()): string {
  return advisoryUrl
    ? locale.t("disclosed.thread", { key, url: advisoryUrl })
    : locale.t("disclosed.threadNoUrl", { key });
}

/** Asks someone the team wants to credit (a co-finder, an analyst) whether and how they want to be named. */
export function renderConsentRequest(
  p: { programName: string; creditLabel: string; days: number },
  locale: EmailLocale = EN(),
): RenderedEmail {
  const params = { programName: p.programName, creditLabel: p.creditLabel, count: p.days };
  return renderBlocks(locale.lang, locale.t("credit_consent.subject", params), [
    { kind: "p", text: locale.t("credit_consent.intro", params) },
    {
      kind: "link",
      intro: locale.t("credit_consent.ask", params),
      label: locale.t("credit_consent.label"),
      href: LINK_SLOTS.consentUrl,
    },
    ...locale.lines("credit_consent.after").map((text): Block => ({ kind: "note", text })),
  ]);
}

/** The receipt sent when a report arrives, acknowledgement promised by `nextPromisedAt` (read in `timeZone`). */
export function receiptEmail(
  p: { key: string; programName: string; nextPromisedAt: Date | null; timeZone?: string },
  locale: EmailLocale = EN(),
) {
  const next: NextPromise | null = p.nextPromisedAt
    ? { promise: "acknowledge", at: p.nextPromisedAt, timeZone: p.timeZone ?? "UTC", late: false, paused: false }
    : null;
  return renderReporterEmail(
    { id: "received", key: p.key, programName: p.programName, next, statusLink: true },
    locale,
  );
}

/** A message from the team to the reporter, quoted as written (escaped in the HTML); the wrapper in the locale. */
export function messageEmail(
  p: { key: string; programName: string; body: string; next?: NextPromise | null },
  locale: EmailLocale = EN(),
) {
  return renderReporterEmail(
    { id: "message", key: p.key, programName: p.programName, body: p.body, next: p.next ?? null, statusLink: true },
    locale,
  );
}

export const consentRequestEmail = (
  p: { programName: string; creditLabel: string; days: number },
  locale: EmailLocale = EN(),
) => renderConsentRequest(p, locale);
