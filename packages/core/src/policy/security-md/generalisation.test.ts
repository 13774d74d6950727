import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { describe, expect, it } from "vitest";
import { type Random, seededRandom } from "../../random.ts";
import { type ParsedPolicy, parseSecurityMd } from "./index.ts";
import { FIXTURES, isEmpty } from "./test-helpers.ts";

/**
 * Property tests over the real files (the 24 fixtures and the 755 development files of the later corpora: dev; dev-b,
 * dev-c, dev-d, dev-e, dev-f, dev-g, dev-h, dev-i, dev-j, dev-k, dev-l, dev-m, dev-n, dev-o, dev-p and dev-q, held-out sets retired after they were scored): edits that change no promise must create
 * none.
 * (a) Sections that state no clock, contact, version or language are shuffled among themselves.
 * (b) Sentences with numbers about something else (retention, key rotation, rate limits, bounties, versions, CVSS
 *     scores, dates, history; and, since dev-b, reward payments, statistics, support lifetimes, ages, third parties'
 *     times, closing stale reports, lower bounds, the reporter's obligations, severity descriptions, people described
 *     by a language, in several languages) are inserted as paragraphs or appended to prose paragraphs.
 * The result may lose a value (a moved lead-in, say) but never gain one. Seeded: the same cases on every run.
 */

/** The 24 fixtures and the development files of the later corpora (never a held-out set). */
const DIRS = [
  FIXTURES,
  path.resolve(FIXTURES, "../securitymd-2/dev"),
  path.resolve(FIXTURES, "../securitymd-2/dev-b"),
  path.resolve(FIXTURES, "../securitymd-3/dev-c"),
  path.resolve(FIXTURES, "../securitymd-3/dev-d"),
  path.resolve(FIXTURES, "../securitymd-4/dev-e"),
  path.resolve(FIXTURES, "../securitymd-5/dev-f"),
  path.resolve(FIXTURES, "../securitymd-6/dev-g"),
  path.resolve(FIXTURES, "../securitymd-7/dev-h"),
  path.resolve(FIXTURES, "../securitymd-8/dev-i"),
  path.resolve(FIXTURES, "../securitymd-9/dev-j"),
  path.resolve(FIXTURES, "../securitymd-10/dev-k"),
  path.resolve(FIXTURES, "../securitymd-11/dev-l"),
  path.resolve(FIXTURES, "../securitymd-12/dev-m"),
  path.resolve(FIXTURES, "../securitymd-13/dev-n"),
  path.resolve(FIXTURES, "../securitymd-14/dev-o"),
  path.resolve(FIXTURES, "../securitymd-15/dev-p"),
  path.resolve(FIXTURES, "../securitymd-16/dev-q"),
];
const files = DIRS.flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith(".md") && f !== "README.md")
    .sort()
    .map((f) => ({ name: f, text: readFileSync(path.join(dir, f), "utf8").replace(/\r\n?/g, "\n") })),
);
const N = files.length;

const CLOCKS = ["acknowledge", "assess", "update", "emergency", "disclosure"] as const;
const ROLES = ["security", "emergency", "escalation", "support"] as const;

/** Values in `got` that `base` does not have. */
function newValues(base: ParsedPolicy, got: ParsedPolicy): string[] {
  const out: string[] = [];
  for (const k of CLOCKS)
    if (got[k] !== null && !isDeepStrictEqual(got[k], base[k])) out.push(`${k}=${JSON.stringify(got[k])}`);
  for (const s of ["critical", "high", "medium", "low"] as const) {
    if (got.resolve[s] !== null && !isDeepStrictEqual(got.resolve[s], base.resolve[s]))
      out.push(`resolve.${s}=${JSON.stringify(got.resolve[s])}`);
  }
  for (const r of ROLES)
    for (const e of got.contacts[r]) if (!base.contacts[r].includes(e)) out.push(`contacts.${r}=${e}`);
  for (const v of got.supportedVersions)
    if (!base.supportedVersions.some((b) => isDeepStrictEqual(b, v))) out.push(`version=${JSON.stringify(v)}`);
  for (const l of got.languages) if (!base.languages.includes(l)) out.push(`language=${l}`);
  return out;
}

const pick = <T>(rand: Random, list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
const int = (rand: Random, lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

/** Lines of the file, each marked as inside a fenced code block or not. */
function linesOf(text: string): { t: string; code: boolean }[] {
  let fence: string | null = null;
  return text.split("\n").map((t) => {
    const m = /^ {0,3}(`{3,}|~{3,})/.exec(t);
    if (fence !== null) {
      if (m?.[1]?.startsWith(fence)) fence = null;
      return { t, code: true };
    }
    if (m?.[1]) {
      fence = m[1];
      return { t, code: true };
    }
    return { t, code: false };
  });
}

/** The preamble and the ATX-headed sections of a file. */
function sections(text: string): { preamble: string; sections: string[] } {
  const parts: string[][] = [[]];
  for (const l of linesOf(text)) {
    if (!l.code && /^ {0,3}#{1,6}\s/.test(l.t)) parts.push([]);
    parts[parts.length - 1]?.push(l.t);
  }
  const [pre, ...rest] = parts.map((p) => p.join("\n"));
  return { preamble: pre ?? "", sections: rest };
}

const NOTHING = (p: ParsedPolicy) =>
  CLOCKS.every((k) => p[k] === null) &&
  isEmpty(p.resolve) &&
  ROLES.every((r) => p.contacts[r].length === 0) &&
  p.supportedVersions.length === 0 &&
  p.languages.length === 0;

/** Which sections of a file state nothing, read once per file. */
const freeSections = new Map<string, boolean[]>();
function shuffleUnrelated(text: string, rand: Random): string {
  const { preamble, sections: secs } = sections(text);
  const isFree = freeSections.get(text) ?? secs.map((s) => NOTHING(parseSecurityMd(s)));
  freeSections.set(text, isFree);
  const free = secs.map((s, i) => ({ s, i })).filter(({ i }) => isFree[i]);
  const order = free.map((f) => f.s);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j] as string, order[i] as string];
  }
  const out = [...secs];
  free.forEach((f, k) => {
    out[f.i] = order[k] as string;
  });
  // A section may lack a final newline when it was last; keep sections apart.
  return [preamble, ...out].map((s) => s.replace(/\n*$/, "\n")).join("\n");
}

const MONTHS = ["January", "March", "June", "September", "December"];
const TEMPLATES: ((r: Random) => string)[] = [
  // retention
  (r) => `Logs are kept for ${int(r, 2, 400)} days.`,
  (r) => `We retain access logs for ${int(r, 2, 90)} days.`,
  (r) => `Crash reports are stored for ${int(r, 1, 12)} weeks before deletion.`,
  (r) => `Backups are retained for ${int(r, 1, 24)} months.`,
  (r) => `Submitted attachments are deleted after ${int(r, 7, 180)} days.`,
  // key rotation and expiry
  (r) => `Signing keys rotate every ${int(r, 30, 365)} days.`,
  (r) => `API tokens expire after ${int(r, 1, 72)} hours.`,
  (r) => `Release certificates are valid for ${int(r, 30, 397)} days.`,
  // rate limits
  (r) => `The API allows ${int(r, 10, 5000)} requests per hour.`,
  (r) => `Each account may send ${int(r, 1, 50)} reports per day.`,
  (r) => `Rate limits reset every ${int(r, 1, 60)} minutes.`,
  // bounty amounts
  (r) => `Rewards range from $${int(r, 50, 500)} to $${int(r, 1, 50)},000.`,
  (r) => `A critical finding earns up to ${int(r, 1, 100)},000 USD.`,
  (r) => `We paid out $${int(r, 1, 900)},${int(r, 100, 999)} in bounties last year.`,
  // version numbers
  (r) => `Version ${int(r, 1, 9)}.${int(r, 0, 20)} was released in ${int(r, 2015, 2026)}.`,
  (r) => `Upgrade to ${int(r, 1, 9)}.${int(r, 0, 20)}.${int(r, 0, 30)} or later.`,
  (r) => `The ${int(r, 1, 9)}.x line has ${int(r, 2, 30)} active maintainers.`,
  // CVSS scores
  (r) => `Issues with a CVSS score of ${int(r, 7, 9)}.${int(r, 0, 9)} or higher are rated critical.`,
  () => "A CVSS base score between 7.0 and 8.9 is high severity.",
  // dates and history
  (r) => `This policy was last updated on ${int(r, 2019, 2026)}-0${int(r, 1, 9)}-${int(r, 10, 28)}.`,
  (r) => `The program started on ${pick(r, MONTHS)} ${int(r, 1, 28)}, ${int(r, 2015, 2026)}.`,
  (r) => `We published ${int(r, 2, 40)} advisories in the past ${int(r, 2, 24)} months.`,
  (r) => `Over the last ${int(r, 2, 8)} weeks we fixed ${int(r, 2, 40)} bugs.`,
  // reward payments
  (r) => `Bounty payments are sent within ${int(r, 5, 60)} days of the fix.`,
  (r) => `Rewards are paid within ${int(r, 2, 30)} days once the report is validated.`,
  (r) => `赏金将在 ${int(r, 5, 60)} 天内发放。`,
  // statistics and history
  (r) => `Our median time to fix was ${int(r, 2, 60)} days in ${int(r, 2018, 2025)}.`,
  (r) => `Last year we responded within ${int(r, 1, 9)} days on average.`,
  (r) => `One issue was patched ${int(r, 2, 40)} days after it was reported.`,
  // support lifetimes and ages
  (r) => `Each minor release is supported for ${int(r, 3, 36)} months.`,
  (r) => `Versions older than ${int(r, 6, 24)} months are no longer patched.`,
  (r) => `Las versiones se mantienen durante ${int(r, 6, 24)} meses.`,
  (r) => `各バージョンは${int(r, 6, 24)}か月間メンテナンスされます。`,
  (r) => `每个版本维护 ${int(r, 6, 24)} 个月。`,
  // third parties, stale reports, lower bounds, the reporter's obligations, rates
  (r) => `GitHub normally assigns a CVE within ${int(r, 1, 7)} days.`,
  (r) => `Reports are closed after ${int(r, 14, 60)} days of inactivity.`,
  (r) => `High severity covers outages longer than ${int(r, 2, 12)} hours.`,
  (r) => `You must answer our follow-up questions within ${int(r, 3, 14)} days.`,
  (r) => `Our volunteers give about ${int(r, 2, 10)} hours a week.`,
  // severity descriptions
  (r) => `Critical: a bug anyone can exploit in under ${int(r, 1, 24)} hours.`,
  (r) => `A flaw is critical when it allows account takeover within ${int(r, 1, 12)} hours.`,
  // people described by a language
  () => "Translations help non-native English speakers read our advisories.",
  // since dev-c: days named by another event, windows counted from the fix, list robots, business hours
  () => "Advisories go out on the same day as the fixed release.",
  (r) => `Details are published ${int(r, 7, 120)} days after the fix is released.`,
  (r) => `Les détails sont publiés ${int(r, 7, 120)} jours après la correction.`,
  () => "Join the announcement list by writing to announce+subscribe@lists.projectmail.net.",
  () => "To subscribe to release news, mail news-join@lists.projectmail.net.",
  (r) => `Our office is staffed ${int(r, 4, 10)} business hours a day.`,
  // since dev-h: the languages of vocabulary/ (retention, expiry, rewards after the fix, statistics)
  (r) => `Logi przechowujemy przez ${int(r, 7, 365)} dni.`,
  (r) => `Záznamy uchováváme ${int(r, 7, 365)} dní.`,
  (r) => `Hadiah dibayarkan dalam waktu ${int(r, 5, 60)} hari setelah perbaikan dirilis.`,
  (r) => `Nhật ký được lưu trong ${int(r, 7, 90)} ngày.`,
  (r) => `نحتفظ بالسجلات لمدة ${int(r, 7, 90)} يومًا.`,
  (r) => `Tokens verlopen na ${int(r, 1, 72)} uur.`,
  (r) => `В прошлом году мы в среднем отвечали за ${int(r, 2, 9)} дня.`,
  (r) => `Вознаграждение выплачивается в течение ${int(r, 5, 60)} дней после исправления.`,
  (r) => `Журнали зберігаються ${int(r, 7, 365)} днів.`,
  (r) => `Loggar sparas i ${int(r, 7, 365)} dagar.`,
  (r) => `Lokit säilytetään ${int(r, 7, 365)} päivää.`,
  (r) => `Τα αρχεία καταγραφής διατηρούνται για ${int(r, 7, 365)} ημέρες.`,
  (r) => `היומנים נשמרים במשך ${int(r, 7, 365)} ימים.`,
  (r) => `Jurnalele sunt stocate timp de ${int(r, 20, 365)} de zile.`,
  (r) => `A naplókat ${int(r, 7, 365)} napig tároljuk.`,
  (r) => `Logfiler opbevares i ${int(r, 7, 365)} dage.`,
  (r) => `Belønningen utbetales innen ${int(r, 7, 60)} dager etter rettelsen.`,
];

/** Adds 1-3 unrelated sentences: as new paragraphs between blocks, or at the end of a prose paragraph. */
function insertUnrelated(text: string, rand: Random): string {
  const lines = linesOf(text);
  const count = int(rand, 1, 3);
  for (let n = 0; n < count; n++) {
    const sentence = pick(rand, TEMPLATES)(rand);
    // Never between a lead-in ending in a colon and what it introduces: "If you have not received a reply, there are
    // a few steps you can take:" and its list are one statement, and a paragraph put between them changes what the
    // list is for.
    const blankSpots = lines
      .map((l, i) => (!l.code && l.t.trim() === "" && !/:\s*$/.test(lines[i - 1]?.t ?? "") ? i : -1))
      .filter((i) => i >= 0);
    const proseEnds = lines
      .map((l, i) => {
        const next = lines[i + 1];
        const endsParagraph = !next || next.t.trim() === "";
        const prose = !l.code && /^[A-Za-z]/.test(l.t) && /[.!?]$/.test(l.t.trim()) && !l.t.includes("|");
        return endsParagraph && prose ? i : -1;
      })
      .filter((i) => i >= 0);
    if (proseEnds.length > 0 && rand() < 0.4) {
      const i = pick(rand, proseEnds);
      const l = lines[i];
      if (l) l.t = `${l.t.trimEnd()} ${sentence}`;
    } else {
      const at = blankSpots.length > 0 ? pick(rand, blankSpots) : lines.length;
      lines.splice(at, 0, { t: "", code: false }, { t: sentence, code: false });
    }
  }
  return lines.map((l) => l.t).join("\n");
}

describe("parseSecurityMd generalises: edits that promise nothing create no promise", () => {
  const SHUFFLES_PER_FILE = 8;
  const INSERTS_PER_FILE = 14;

  /** Runs `edit` `perFile` times on each file and lists every value an edited file gained. */
  const gained = (seed: number, perFile: number, edit: (text: string, rand: Random) => string) => {
    const rand = seededRandom(seed);
    const failures: string[] = [];
    let cases = 0;
    for (const f of files) {
      const base = parseSecurityMd(f.text);
      for (let k = 0; k < perFile; k++) {
        cases++;
        const added = newValues(base, parseSecurityMd(edit(f.text, rand)));
        if (added.length > 0) failures.push(`${f.name} #${k}: ${added.join(", ")}`);
      }
    }
    return { cases, failures };
  };

  it(`shuffling sections that state nothing never adds a value (${SHUFFLES_PER_FILE} orders × ${N} files)`, () => {
    const { cases, failures } = gained(16_2026, SHUFFLES_PER_FILE, shuffleUnrelated);
    expect(N).toBe(24 + 34 + 17 + 24 + 14 + 24 + 30 + 32 + 30 + 60 + 40 + 70 + 70 + 70 + 70 + 30 + 70 + 70);
    expect(cases).toBe(N * SHUFFLES_PER_FILE);
    expect(failures).toEqual([]);
  });

  it(`inserting sentences with numbers about other things never adds a value (${INSERTS_PER_FILE} edits × ${N} files)`, () => {
    const { cases, failures } = gained(3_1415, INSERTS_PER_FILE, insertUnrelated);
    expect(cases).toBe(N * INSERTS_PER_FILE);
    expect(failures).toEqual([]);
  });

  it("each template sentence alone, under every heading that names a clock, promises nothing", () => {
    const rand = seededRandom(7);
    const headings = ["Response times", "Disclosure timeline", "Fix SLA", "Status updates", "Emergency contact"];
    for (const heading of headings) {
      for (const t of TEMPLATES) {
        const s = t(rand);
        const p = parseSecurityMd(`## ${heading}\n\n${s}\n`);
        expect(newValues(parseSecurityMd(""), p), `${heading}: ${s}`).toEqual([]);
      }
    }
  });
});
