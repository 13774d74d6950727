/**
 * What a SECURITY.md says about credit, anonymity, coordinated disclosure and
 * where advisories are published: statements, not clocks. Each one is kept only
 * with the sentence it came from; a file that says nothing leaves it null
 * (unknown), never a default. Headings are not read: "## Credits" states
 * nothing.
 *
 * Matching runs on one sentence at a time (at most its first 4,000 characters,
 * see sliceCap) with short, anchored patterns, so it stays linear in the input.
 */
import type { AdvisoryChannel, CreditMode, CreditPlace } from "../enums.ts";
import { type DocumentContext, excerpt, sliceCap } from "./document.ts";
import type { Sentence } from "./sentences.ts";

/** Where the file says advisories go: the policy's channels, plus CVE (information only: a CVE is not a channel). */
export type StatedAdvisoryChannel = AdvisoryChannel | "cve";

export interface CreditStatement {
  offered: boolean;
  /** opt_in: only if the reporter asks or agrees; opt_out: unless they prefer to stay anonymous; null: not said. */
  mode: Exclude<CreditMode, "not_offered"> | null;
  places: CreditPlace[];
  evidence: string;
  /** Below CONFIDENCE_THRESHOLD when the file says both yes and no. */
  confidence: number;
}

export interface AnonymityStatement {
  allowed: boolean;
  /** What may be anonymous: the reporter's credit, or the report itself. */
  about: "credit" | "reporting";
  evidence: string;
}

export interface AdvisoryStatement {
  channel: StatedAdvisoryChannel;
  /** Advisories only for critical issues ("critical updates are announced on the list"). */
  scope: "all" | "critical";
  /** The address of a website channel, when the sentence names one. */
  url: string | null;
  evidence: string;
}

export interface ParsedStatements {
  credit: CreditStatement | null;
  anonymous: AnonymityStatement | null;
  coordinatedDisclosure: { evidence: string } | null;
  advisories: AdvisoryStatement[];
}

export const emptyStatements = (): ParsedStatements => ({
  credit: null,
  anonymous: null,
  coordinatedDisclosure: null,
  advisories: [],
});

/** A clause ends at these marks or words: a "not" in one clause does not deny the next ("no bounty, but credit"). */
const CLAUSE_SPLIT = /[,;:()\u2014\u2013]| but | however | although | though /;
const NEGATION = /\b(not|no|never|cannot|unable|don't|doesn't|won't|isn't|aren't|can't|neither|nor|without)\b/;

const CREDIT_WORD =
  /\b(credit(s|ed|ing)?|hall of fame|wall of fame|(publicly|public) (acknowledg\w*|thank\w*|recogni[sz]\w*)|(acknowledg\w*|thank\w*|recogni[sz]\w*) (you|your|reporters?|researchers?|the reporter|them) (publicly|in (the|our) (advisory|advisories|release notes|changelog|hall of fame)))\b/;
const NOT_CREDIT = /\bcredit cards?\b|\bcredit (score|check|union)s?\b/;
const OPT_OUT =
  /\b(keep|kept) (your|their) (name|identity) (confidential|private|anonymous)\b|\bunless (you|they|the reporter|the researcher)\b|\bif (you|they) (do not|don't|would rather not|prefer not)\b|\bprefer(s)? (to (remain|stay|be kept) anonymous|not to be (credited|named))\b|\b(opt|choose) out\b/;
const OPT_IN =
  /\bif (you|they) (wish|want|would like|agree|ask|request|desire|consent)\b|\bwith (your|their) (permission|consent|agreement)\b|\b(upon|on|at your) request\b|\bif desired\b|\bopt[- ]in\b|\bwould like to be (credited|acknowledged|named)\b/;
const PLACES: [RegExp, CreditPlace][] = [
  [/\badvisor(y|ies)\b/, "advisory"],
  [/\b(hall|wall) of fame\b|\backnowledge?ments? page\b|\bthanks page\b/, "hall_of_fame"],
];

/** Anonymity of a person: "not an anonymity feature" is about the product. */
const ANONYMOUS =
  /\b(remain|stay|be kept|be|report\w*|submit\w*|credit\w*) anonymous(ly)?\b|\banonymous (reports?|reporters?|submissions?|credit)\b|\banonymously\b/;

// "Responsible disclosure" asks the reporter to wait; it does not promise to agree the date with them.
const COORDINATED =
  /\bcoordinated (vulnerability )?disclosure\b|\bdisclosure (date|timeline) (is |will be )?(agreed|coordinated)\b|\bagree (on|upon) (a|the) (disclosure|publication) date\b/;

const PUBLISH = /\b(publish\w*|announc\w*|disclos\w*|post(s|ed)?(?!-)|notif(y|ies|ied|ication|ications))\b/g;
const CHANNELS: [RegExp, StatedAdvisoryChannel][] = [
  [
    /\bgit ?hub('s)? (security )?advisor(y|ies)\b|\bghsa\b|github\.com\/[^\s]*\/security\/advisories(?!\/new)/,
    "github",
  ],
  [/\bmailing[- ]list\b|\bannounce(ment)?s? list\b|\boss-security\b|\bnewsletter\b|\bsecurity-announce\b/, "email"],
  [/\bcves?\b|\bcve id\b|\bcve-\d{4}/, "cve"],
  [
    /\bblog\b|\bour (website|web site|site)\b|\bsecurity (page|bulletins?)\b|\badvisories page\b|https?:\/\/\S+/,
    "website",
  ],
];

/** The clause of `text` around position i: from the last clause mark before it to the next one after it. */
function clauseAround(text: string, i: number, len: number): string {
  const before = text.slice(0, i).split(CLAUSE_SPLIT);
  const after = text.slice(i + len).split(CLAUSE_SPLIT);
  return `${before[before.length - 1] ?? ""}${text.slice(i, i + len)}${after[0] ?? ""}`;
}

/** Reads one sentence for statements, adding what it finds to `into`; the first sentence of each kind wins. */
export function analyseStatements(doc: DocumentContext, S: Sentence, into: ParsedStatements): void {
  if (S.isHeading) return;
  const raw = sliceCap(doc.ana, S.a, S.b).replace(/\s+/g, " ");
  const text = raw.toLowerCase();
  const evidence = () => excerpt(doc, S.a, S.b);
  readCredit(text, evidence, into);
  readAnonymity(text, evidence, into);
  if (into.coordinatedDisclosure === null && COORDINATED.test(text)) {
    const m = COORDINATED.exec(text);
    if (m && !NEGATION.test(clauseAround(text, m.index, m[0].length)))
      into.coordinatedDisclosure = { evidence: evidence() };
  }
  readAdvisories(text, raw, evidence, into);
}

function readCredit(text: string, evidence: () => string, into: ParsedStatements): void {
  const m = CREDIT_WORD.exec(text);
  if (!m || NOT_CREDIT.test(text)) return;
  const optOut = OPT_OUT.test(text);
  const optIn = !optOut && OPT_IN.test(text);
  const offered = optOut || optIn || !NEGATION.test(clauseAround(text, m.index, m[0].length));
  const places = offered ? PLACES.filter(([re]) => re.test(text)).map(([, p]) => p) : [];
  const mode = optOut ? "opt_out" : optIn ? "opt_in" : null;
  const prev = into.credit;
  if (prev === null) {
    into.credit = { offered, mode, places, evidence: evidence(), confidence: 1 };
    return;
  }
  // A later sentence may add the mode or places ("We credit reporters. If you prefer to stay anonymous, ...").
  if (prev.offered !== offered) {
    into.credit = { ...prev, evidence: `${prev.evidence}\n\n${evidence()}`, confidence: 0.5 };
    return;
  }
  const added = (mode !== null && prev.mode === null) || places.some((p) => !prev.places.includes(p));
  if (!added) return;
  into.credit = {
    ...prev,
    mode: prev.mode ?? mode,
    places: [...prev.places, ...places.filter((p) => !prev.places.includes(p))],
    evidence: `${prev.evidence}\n\n${evidence()}`,
  };
}

function readAnonymity(text: string, evidence: () => string, into: ParsedStatements): void {
  if (into.anonymous !== null) return;
  const m = ANONYMOUS.exec(text);
  if (!m) return;
  const clause = clauseAround(text, m.index, m[0].length);
  // "unless you prefer to remain anonymous" allows it; "we do not accept anonymous reports" does not.
  const allowed = OPT_OUT.test(text) || !NEGATION.test(clause);
  into.anonymous = { allowed, about: CREDIT_WORD.test(text) ? "credit" : "reporting", evidence: evidence() };
}

function readAdvisories(text: string, raw: string, evidence: () => string, into: ParsedStatements): void {
  // Only a sentence that publishes counts, and nothing about reports stands between the publishing word and the
  // channel: "report through GitHub Security Advisories" names where reports go, not where advisories appear.
  const cues = [...text.matchAll(PUBLISH)].filter((c) => !NEGATION.test(clauseAround(text, c.index, c[0].length)));
  if (cues.length === 0) return;
  const publishes = (m: RegExpExecArray) =>
    cues.some((c) => {
      const between = c.index < m.index ? text.slice(c.index, m.index) : text.slice(m.index + m[0].length, c.index);
      return !/\breport/.test(between);
    });
  const scope = /\bcritical\b/.test(text) && !/\ball\b/.test(text) ? "critical" : "all";
  for (const [re, channel] of CHANNELS) {
    const m = re.exec(text);
    if (!m || !publishes(m) || into.advisories.some((a) => a.channel === channel)) continue;
    if (channel === "website" && !/\badvisor(y|ies)\b|\bbulletins?\b|\bannounc\w*/.test(text)) continue;
    // From raw, so the address keeps its case.
    const url =
      channel === "website" ? (/https?:\/\/[^\s)>\]]+/.exec(raw)?.[0].replace(/[.,;:!?'"]+$/, "") ?? null) : null;
    if (channel === "website" && url !== null && /github\.com\/[^\s]*\/security\/advisories/i.test(url)) continue;
    into.advisories.push({ channel, scope: channel === "cve" ? "all" : scope, url, evidence: evidence() });
  }
}
