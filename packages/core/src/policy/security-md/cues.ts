import type { Tok } from "./tokens.ts";

export type Cue = "ack" | "assess" | "update" | "emergency" | "resolve" | "disclosure";

const CUE_SOURCE: Record<Cue, string[]> = {
  assess: [
    "detailed response",
    "more detailed",
    "substantive response",
    "full response",
    "next steps",
    "initial assessment",
    "confirm the vulnerability",
    "confirm the issue",
    "confirm whether",
    "assess*",
    "triag*",
    "evaluat*",
    "investigat*",
    "validat*",
    "verify",
    "verified",
    "verification",
    "analys*",
    "analyz*",
    "determine",
  ],
  ack: [
    "first response",
    "initial response",
    "first reply",
    "initial reply",
    "hear back",
    "get back",
    "confirm receipt",
    "acknowledg*",
    "receipt",
    "respond",
    "responds",
    "response",
    "responses",
    "reply",
    "replies",
  ],
  // Bare "update(s)" is left out: "we release updates monthly" is no promise to the reporter.
  update: [
    "status update*",
    "progress update*",
    "update you",
    "keep you",
    "hear from",
    "updated",
    "status",
    "progress",
    "informed",
  ],
  emergency: ["on call", "emergenc*", "urgent*", "oncall"],
  resolve: [
    "security update*",
    "security release*",
    "fix",
    "fixes",
    "fixed",
    "fixing",
    "bugfix*",
    "hotfix*",
    "patch",
    "patches",
    "patched",
    "patching",
    "resolv*",
    "resolution",
    "remediat*",
  ],
  disclosure: [
    "disclos*",
    "publish*",
    "publication",
    "publicly",
    "public",
    "embargo*",
    "advisory",
    "advisories",
    "announce*",
  ],
};

interface CuePattern {
  cue: Cue;
  words: string[];
}
/** Longest first, so "first response" claims its words before "response" alone can. */
const CUE_PATTERNS: CuePattern[] = (Object.entries(CUE_SOURCE) as [Cue, string[]][])
  .flatMap(([cue, list]) => list.map((p) => ({ cue, words: p.split(" ") })))
  .sort((x, y) => y.words.length - x.words.length);

/** A trailing "*" matches any ending: "acknowledg*" covers acknowledge, acknowledged, acknowledgement. */
const wordMatches = (pattern: string, word: string) =>
  pattern.endsWith("*") ? word.startsWith(pattern.slice(0, -1)) : word === pattern;

export interface CueHit {
  cue: Cue;
  tok: number;
}

/** Cue hits over toks (word tokens only; "-" between words is ignored: "on-call"). */
export function findCues(toks: Tok[]): CueHit[] {
  const words: number[] = [];
  for (let i = 0; i < toks.length; i++) if (toks[i]?.k === "w") words.push(i);
  const used = new Uint8Array(words.length);
  const hits: CueHit[] = [];
  for (const p of CUE_PATTERNS) {
    const first = p.words[0] ?? "";
    for (let w = 0; w + p.words.length <= words.length; w++) {
      if (used[w]) continue;
      const t0 = toks[words[w] ?? -1];
      if (!t0 || !wordMatches(first, t0.s)) continue;
      let ok = true;
      for (let k = 1; k < p.words.length && ok; k++) {
        const tk = toks[words[w + k] ?? -1];
        if (used[w + k] || !tk || !wordMatches(p.words[k] ?? "", tk.s)) ok = false;
      }
      if (!ok) continue;
      for (let k = 0; k < p.words.length; k++) used[w + k] = 1;
      hits.push({ cue: p.cue, tok: words[w] ?? 0 });
    }
  }
  return hits.sort((x, y) => x.tok - y.tok);
}

export const hasAny = (toks: Tok[], patterns: string[]) =>
  toks.some((t) => t.k === "w" && patterns.some((p) => wordMatches(p, t.s)));
