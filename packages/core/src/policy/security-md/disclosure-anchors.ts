import type { Tok } from "./tokens.ts";
import { wordsOf } from "./vocabulary/index.ts";

/** Words that say a window is counted from the report ("signalement", "Meldung", "informe", "relatório"). */
const DISCLOSURE_ANCHOR_OK = new Set([
  "report",
  "reports",
  "receipt",
  "submission",
  "received",
  "reported",
  "initial",
  "notification",
  "signalement",
  "rapport",
  "réception",
  "meldung",
  "eingang",
  "informe",
  "reporte",
  "recepción",
  "relatório",
  "recebimento",
]);

/** "after", "following" in the languages the reader knows: what follows names when a clock starts. */
export const AFTER_WORDS = new Set([
  "after",
  "following",
  "since",
  "après",
  "nach",
  "después",
  "depois",
  "após",
  ...wordsOf("afterWords"),
]);

/** Events later than the report that are not the fix: a window counted from one is no disclosure window. */
const LATER_EVENTS = [
  // a report turned down: "you may post it within 48 hours of rejection"
  "rejection",
  "rejected",
  "declined",
  "refusal",
  // the embargo after downstream packagers are told
  "distributions",
  "distros",
  "distro",
  "vendors",
  "vendor",
  "downstream",
  "packagers",
  "cve",
  "cves",
  "mailing",
  "announcement",
  "embargo",
  "advisory",
  "issued",
  // "within 7 days of confirming the issue": counted from the confirmation
  "confirming",
  "confirmation",
];
/** The fix, in any of the reader's languages. */
const FIX_EVENTS = new Set([
  "fixes",
  "patches",
  "release",
  "released",
  "releases",
  "patch",
  "patched",
  "fix",
  "fixed",
  "publication",
  "update",
  "updates",
  "availability",
  "resolution",
  "resolved",
  "remediation",
  "remediated",
  "résolution",
  "correctif",
  "correction",
  "behebung",
  "veröffentlichung",
  "corrección",
  "solución",
  "parche",
  "publicación",
  "correção",
  "solução",
  "lançamento",
  "releasing",
  "patching",
  "fixing",
  ...wordsOf("fixEvents"),
]);
/** Words that say a window is counted from something later than the report (the fix, the CVE, the advisory). */
const DISCLOSURE_ANCHOR_BAD = new Set([...LATER_EVENTS, ...FIX_EVENTS]);

/** A fix, in any of the reader's languages: a window counted from one is no fix deadline nor disclosure window. */
export const isFixEvent = (w: string) => FIX_EVENTS.has(w);

/**
 * "After the fix is released or after 90 days, whichever comes first": the window bounds the disclosure even though
 * a fix may come sooner. "Whichever is later" bounds nothing.
 */
export function whichever(toks: Tok[]): "first" | "later" | null {
  for (let i = 0; i < toks.length; i++) {
    if (toks[i]?.k !== "w" || toks[i]?.s !== "whichever") continue;
    for (let j = i + 1; j < Math.min(toks.length, i + 4); j++) {
      const w = toks[j]?.s ?? "";
      if (["first", "earlier", "earliest", "sooner", "soonest"].includes(w)) return "first";
      if (["later", "last", "latest"].includes(w)) return "later";
    }
  }
  return null;
}

/** "Once the fix is released, we publish the advisory within 7 days": measured from the fix, not the report. */
export function afterFixEarlier(toks: Tok[], before: number): boolean {
  if (whichever(toks) === "first") return false;
  for (let i = 0; i < before; i++) {
    const t = toks[i];
    if (t?.k !== "w" || !(AFTER_WORDS.has(t.s) || t.s === "once" || t.s === "when")) continue;
    let words = 0;
    for (let j = i + 1; j < before && words < 6; j++) {
      const u = toks[j];
      if (u?.k !== "w") continue;
      words++;
      if (DISCLOSURE_ANCHOR_OK.has(u.s)) break;
      if (DISCLOSURE_ANCHOR_BAD.has(u.s)) return true;
    }
  }
  return false;
}

/** "72 hours from the time the CVE is issued" is no disclosure window; "90 days of the initial report" is. */
export function disclosureAnchorOk(toks: Tok[], from: number): boolean {
  let prep = -1;
  for (let i = from; i < Math.min(toks.length, from + 3); i++) {
    const t = toks[i];
    if (t?.k === "w" && (AFTER_WORDS.has(t.s) || ["of", "from", "before"].includes(t.s))) {
      prep = i;
      break;
    }
  }
  if (prep < 0) return true;
  let words = 0;
  for (let i = prep + 1; i < toks.length && words < 5; i++) {
    const t = toks[i];
    if (t?.k !== "w") continue;
    words++;
    if (DISCLOSURE_ANCHOR_OK.has(t.s)) return true;
    if (DISCLOSURE_ANCHOR_BAD.has(t.s)) return false;
  }
  return true;
}
