import { hasAny } from "./cues.ts";
import { type DocumentContext, excerpt, sliceCap } from "./document.ts";
import { lookup } from "./lookup.ts";
import { anyOf, compilePhrases, matchPhrases } from "./phrases.ts";
import type { Sentence } from "./sentences.ts";
import { punctAt, type Tok, wordAt } from "./tokens.ts";

const LANGUAGE_NAMES: Record<string, string> = lookup({
  english: "en",
  german: "de",
  deutsch: "de",
  french: "fr",
  spanish: "es",
  italian: "it",
  portuguese: "pt",
  dutch: "nl",
  japanese: "ja",
  chinese: "zh",
  mandarin: "zh",
  korean: "ko",
  russian: "ru",
  polish: "pl",
  swedish: "sv",
  norwegian: "no",
  danish: "da",
  finnish: "fi",
  czech: "cs",
  slovak: "sk",
  turkish: "tr",
  ukrainian: "uk",
  hebrew: "he",
  arabic: "ar",
  hindi: "hi",
  thai: "th",
  vietnamese: "vi",
  indonesian: "id",
  greek: "el",
  hungarian: "hu",
  romanian: "ro",
  bulgarian: "bg",
  croatian: "hr",
  serbian: "sr",
  catalan: "ca",
  persian: "fa",
  farsi: "fa",
  malay: "ms",
  estonian: "et",
  latvian: "lv",
  lithuanian: "lt",
  slovenian: "sl",
  // as the languages name themselves and each other
  englisch: "en",
  anglais: "en",
  inglés: "en",
  ingles: "en",
  inglês: "en",
  französisch: "fr",
  français: "fr",
  francais: "fr",
  francés: "fr",
  francês: "fr",
  espagnol: "es",
  español: "es",
  espanol: "es",
  spanisch: "es",
  espanhol: "es",
  allemand: "de",
  alemán: "de",
  alemão: "de",
  portugais: "pt",
  portugués: "pt",
  português: "pt",
  portugiesisch: "pt",
  japanisch: "ja",
  japonais: "ja",
  japonés: "ja",
  japonês: "ja",
  chinesisch: "zh",
  chinois: "zh",
  chino: "zh",
  chinês: "zh",
  italiano: "it",
  inglese: "en",
  tedesco: "de",
  francese: "fr",
  spagnolo: "es",
  italienisch: "it",
  italien: "it",
  अंग्रेज़ी: "en",
  अंग्रेजी: "en",
  हिंदी: "hi",
  हिन्दी: "hi",
});
/** Chinese and Japanese names (character sequences). */
const CJK_LANGUAGE_NAMES = compilePhrases<string>([
  ["日本語", "ja"],
  ["英語", "en"],
  ["英语", "en"],
  ["英文", "en"],
  ["中文", "zh"],
  ["中国語", "zh"],
  ["汉语", "zh"],
  ["漢語", "zh"],
  ["日语", "ja"],
  ["日文", "ja"],
  ["韓国語", "ko"],
  ["韩语", "ko"],
  ["ドイツ語", "de"],
  ["德语", "de"],
  ["フランス語", "fr"],
  ["法语", "fr"],
  ["한국어*", "ko"],
  ["영어*", "en"],
  ["일본어*", "ja"],
  ["중국어*", "zh"],
]);
const LANGUAGE_CUES = [
  "language*",
  "sprache*",
  "akzept*",
  "acept*",
  "aceit*",
  "langue*",
  "idioma*",
  "língua*",
  "lingua*",
  "भाषा*",
  "prefer*",
  "accept*",
  "communicat*",
  "correspond*",
  "write",
  "written",
  "writing",
  "speak*",
  "spoken",
];
/** "言語" (language), "语言", "受け付け" (accept), "接受": Chinese and Japanese cues. */
const CJK_LANGUAGE_CUES = anyOf([
  "言語",
  "语言",
  "語言",
  "受け付け",
  "受付",
  "接受",
  "対応",
  "언어*",
  "접수*",
  "받습니다",
]);
/** The policy schema's pattern: a tag the schema would refuse is no value. */
const LANGUAGE_TAG_RE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const isCapitalised = (ch: string) => ch !== ch.toLowerCase() && ch === ch.toUpperCase();

function normaliseTag(tag: string): string | null {
  const parts = tag.trim().split("-");
  const primary = (parts[0] ?? "").toLowerCase();
  const out = [primary, ...parts.slice(1)].join("-");
  return LANGUAGE_TAG_RE.test(out) ? out : null;
}

/** The language tags the sentence names, in the order it names them. */
export function analyseLanguages(doc: DocumentContext, S: Sentence): { tags: string[]; evidence: string } | null {
  const toks = S.toks;
  const text = sliceCap(doc.ana, S.a, S.b);
  // security.txt style: "Preferred-Languages: en, de"
  const m = /preferred[- ]languages?\s*[:=]\s*([A-Za-z0-9, \t-]{1,200})/i.exec(text);
  if (m?.[1]) {
    const tags = m[1]
      .split(/[,\s]+/)
      .map((x) => normaliseTag(x))
      .filter((x): x is string => x !== null);
    if (tags.length > 0) return { tags: [...new Set(tags)], evidence: excerpt(doc, S.a, S.b) };
  }
  const heading = S.block.heading >= 0 ? (doc.headingToks[S.block.heading] ?? []) : [];
  // "The documentation is available in French", "The README is written in Portuguese", "本文档也提供英文版": the
  // language of a document or a product, unless the sentence is also about reports or talking to us.
  if (ARTIFACTS(toks) && !COMMUNICATION(toks)) return null;
  if (
    !hasAny(toks, LANGUAGE_CUES) &&
    !hasAny(heading, LANGUAGE_CUES) &&
    !CJK_LANGUAGE_CUES(toks) &&
    !CJK_LANGUAGE_CUES(heading)
  )
    return null;
  // "Brazilian Portuguese (pt-BR)", "Klingon (tlh)": a capitalised name followed by a tag in parentheses.
  const entries: { pos: number; tag: string }[] = [];
  const covered = new Set<number>();
  for (let i = 1; i < toks.length; i++) {
    if (!punctAt(toks, i, "(")) continue;
    const inner = toks[i + 1];
    if (inner?.k !== "w" || !punctAt(toks, i + 2, ")")) {
      // tags with subtags span several tokens: "pt", "-", "BR"
      let close = -1;
      for (let j = i + 1; j < Math.min(toks.length, i + 8); j++) {
        if (punctAt(toks, j, ")")) {
          close = j;
          break;
        }
      }
      if (close < 0) continue;
      const text = doc.ana.slice(toks[i]?.b ?? 0, toks[close]?.a ?? 0).trim();
      if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})+$/.test(text)) continue;
      pushNamed(i, text);
      continue;
    }
    const text = doc.ana.slice(inner.a, inner.b);
    if (/^[a-z]{2,3}$/.test(text)) pushNamed(i, text);
  }
  function pushNamed(paren: number, text: string) {
    let j = paren - 1;
    while (j >= 0 && toks[j]?.k === "w" && isCapitalised(doc.ana[toks[j]?.a ?? 0] ?? "")) {
      covered.add(j);
      j--;
    }
    const tag = normaliseTag(text);
    if (j === paren - 1 || !tag) return;
    entries.push({ pos: toks[j + 1]?.a ?? 0, tag });
  }
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t?.k !== "w" || covered.has(i)) continue;
    const code = LANGUAGE_NAMES[t.s];
    if (code && !describesPeople(toks, i) && !describesThing(toks, i)) entries.push({ pos: t.a, tag: code });
  }
  for (const h of matchPhrases(toks, CJK_LANGUAGE_NAMES)) entries.push({ pos: toks[h.start]?.a ?? 0, tag: h.value });
  entries.sort((x, y) => x.pos - y.pos);
  const tags: string[] = [];
  for (const e of entries) if (!tags.includes(e.tag)) tags.push(e.tag);
  if (tags.length === 0) return null;
  return { tags, evidence: excerpt(doc, S.a, S.b) };
}

/** Words after a language name that make it describe people ("English speakers"), not a language reports may use. */
const PEOPLE_AFTER = [
  "speaker",
  "speakers",
  "native",
  "natives",
  "sprecher",
  "muttersprachler",
  "locuteurs",
  "hablantes",
  "falantes",
];
/** Words right before a language name that make it describe people ("non-native English", "native German"). */
const PEOPLE_BEFORE = ["native", "nativ", "natif", "nativo", "nativos", "nativa"];

/**
 * "For non-native English speakers", "native German": the name says who someone is, not which language the program
 * accepts, so it names no language of the policy.
 */
function describesPeople(toks: Tok[], i: number): boolean {
  const next = wordAt(toks, i + 1);
  if (next !== null && PEOPLE_AFTER.includes(next)) return true;
  const prev = wordAt(toks, i - 1) ?? (punctAt(toks, i - 1, "-") ? wordAt(toks, i - 2) : null);
  return prev !== null && PEOPLE_BEFORE.includes(prev);
}

/** Nouns after a language name that make it describe a thing ("English text", "German dates", "英文版"). */
const THING_AFTER = new Set([
  "text",
  "texts",
  "dates",
  "date",
  "documentation",
  "docs",
  "version",
  "versions",
  "translation",
  "translations",
  "words",
  "names",
  "locale",
  "keyboard",
  "content",
  "ui",
  "strings",
  "文",
  "版",
]);
function describesThing(toks: Tok[], i: number): boolean {
  const next = wordAt(toks, i + 1);
  return next !== null && THING_AFTER.has(next);
}
/** Documents and products whose language a sentence may name. */
const ARTIFACTS = anyOf([
  "documentation",
  "document",
  "docs",
  "readme",
  "md",
  "this file",
  "this policy",
  "diese richtlinie",
  "cette politique",
  "esta política",
  "translation*",
  "translated",
  "ui",
  "interface",
  "library",
  "tokenizer",
  "parser",
  "website",
  "app",
  "dokumentation",
  "dokument",
  "übersetz*",
  "traduction*",
  "traduit",
  "traducción",
  "tradução",
  "文档",
  "文件",
  "ドキュメント",
  "文書",
  "翻訳",
  "翻译",
]);
/** Reports and talking to us: a sentence about these names the languages the program takes. */
const COMMUNICATION = anyOf([
  "report*",
  "vulnerab*",
  "communicat*",
  "correspond*",
  "contact*",
  "accept*",
  "prefer*",
  "email*",
  "e-mail*",
  "mail",
  "message*",
  "meldung*",
  "rapport*",
  "informe*",
  "relatório*",
  "报告",
  "報告",
  "受け付け",
  "接受",
  "連絡",
  "联系",
]);
