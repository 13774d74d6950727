import { lookup } from "./lookup.ts";
import { punctAt, type Tok, wordAt } from "./tokens.ts";
import { numbersOf } from "./vocabulary/index.ts";

const ONES: Record<string, number> = lookup({
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
});
const TENS: Record<string, number> = lookup({
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
});

/**
 * Number words of the other languages the reader knows, as single words (compounds such as "vierundzwanzig" are
 * written with digits in practice). The indefinite articles are "one" like "a" in English ("innerhalb einer Woche").
 */
const OTHER_NUMBER_WORDS: Record<string, number> = lookup({
  // German
  zwei: 2,
  drei: 3,
  vier: 4,
  fünf: 5,
  sechs: 6,
  sieben: 7,
  acht: 8,
  neun: 9,
  zehn: 10,
  vierzehn: 14,
  dreißig: 30,
  sechzig: 60,
  neunzig: 90,
  // French
  deux: 2,
  trois: 3,
  quatre: 4,
  cinq: 5,
  sept: 7,
  huit: 8,
  neuf: 9,
  dix: 10,
  quatorze: 14,
  quinze: 15,
  trente: 30,
  soixante: 60,
  // Spanish
  dos: 2,
  tres: 3,
  cuatro: 4,
  cinco: 5,
  seis: 6,
  siete: 7,
  ocho: 8,
  nueve: 9,
  diez: 10,
  catorce: 14,
  quince: 15,
  treinta: 30,
  sesenta: 60,
  noventa: 90,
  // Portuguese
  dois: 2,
  duas: 2,
  três: 3,
  sete: 7,
  oito: 8,
  nove: 9,
  dez: 10,
  catorze: 14,
  trinta: 30,
  sessenta: 60,
  // Hindi
  एक: 1,
  दो: 2,
  तीन: 3,
  चार: 4,
  पांच: 5,
  पाँच: 5,
  सात: 7,
  दस: 10,
  चौदह: 14,
  तीस: 30,
  साठ: 60,
  नब्बे: 90,
  // Italian
  due: 2,
  tre: 3,
  quattro: 4,
  cinque: 5,
  sette: 7,
  dieci: 10,
  quattordici: 14,
  trenta: 30,
  sessanta: 60,
  novanta: 90,
  // and every language in vocabulary/
  ...numbersOf(),
});
const ARTICLES = new Set(["a", "an", "ein", "eine", "einer", "einem", "einen", "un", "une", "uno", "una", "um", "uma"]);

/** Chinese and Japanese numerals, one token per character: "二十四" is 24, "九十" is 90. */
const CJK_DIGITS: Record<string, number> = lookup({
  〇: 0,
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  兩: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
});
const CJK_MULTIPLIERS: Record<string, number> = lookup({ 十: 10, 百: 100 });

function parseCjkNumeral(toks: Tok[], i: number): { value: number; next: number } | null {
  let value = 0;
  let cur = 0;
  let j = i;
  for (; j < toks.length && j < i + 8; j++) {
    const t = toks[j];
    if (t?.k !== "w") break;
    const dgt = CJK_DIGITS[t.s];
    const mul = CJK_MULTIPLIERS[t.s];
    if (dgt !== undefined) cur = dgt;
    else if (mul !== undefined) {
      value += (cur || 1) * mul;
      cur = 0;
    } else break;
  }
  value += cur;
  return j > i && value > 0 ? { value, next: j } : null;
}

export const isCjkNumeralAt = (toks: Tok[], i: number) => {
  const t = toks[i];
  return t?.k === "w" && (CJK_DIGITS[t.s] !== undefined || CJK_MULTIPLIERS[t.s] !== undefined);
};

/** "2×24", "2 x 24", "2x24" (tokenised "2", "x24"): a factor after a number, as policies write 48 hours. */
function timesAt(toks: Tok[], j: number): { factor: number; next: number } | null {
  const t = toks[j];
  if (!t) return null;
  const glued = t.k === "w" ? /^x(\d{1,4})$/.exec(t.s) : null;
  if (glued) return { factor: Number(glued[1]), next: j + 1 };
  const sign = (t.k === "p" && t.s === "×") || (t.k === "w" && (t.s === "x" || t.s === "×"));
  const n = toks[j + 1];
  if (sign && n?.k === "n" && n.int !== null && n.int > 0 && n.int < 10_000) return { factor: n.int, next: j + 2 };
  return null;
}

/** Parses an amount at i: digits, number words ("twenty-four", "one hundred", "drei"), "a"/"an", "三十". */
export function parseAmount(toks: Tok[], i: number): { value: number; next: number; article: boolean } | null {
  const t = toks[i];
  if (!t) return null;
  if (t.k === "n") {
    if (t.int === null || t.int <= 0) return null;
    const product = timesAt(toks, i + 1);
    if (product) return { value: t.int * product.factor, next: product.next, article: false };
    return { value: t.int, next: i + 1, article: false };
  }
  if (t.k !== "w") return null;
  if (ARTICLES.has(t.s)) return { value: 1, next: i + 1, article: true };
  const other = OTHER_NUMBER_WORDS[t.s];
  if (other !== undefined) return { value: other, next: i + 1, article: false };
  if (isCjkNumeralAt(toks, i)) {
    const n = parseCjkNumeral(toks, i);
    return n ? { ...n, article: false } : null;
  }
  let value = 0;
  let j = i;
  const ones = ONES[t.s];
  const tens = TENS[t.s];
  if (ones !== undefined) {
    value = ones;
    j = i + 1;
    if (wordAt(toks, j) === "hundred") {
      value *= 100;
      j++;
      if (wordAt(toks, j) === "and") j++;
      const t2 = wordAt(toks, j);
      if (t2 !== null && TENS[t2] !== undefined) {
        value += TENS[t2] ?? 0;
        j++;
        const k = punctAt(toks, j, "-") ? j + 1 : j;
        const o = wordAt(toks, k);
        if (o !== null && (ONES[o] ?? 99) < 10) {
          value += ONES[o] ?? 0;
          j = k + 1;
        }
      } else if (t2 !== null && ONES[t2] !== undefined) {
        value += ONES[t2] ?? 0;
        j++;
      } else if (wordAt(toks, j - 1) === "and") j--;
    }
  } else if (tens !== undefined) {
    value = tens;
    j = i + 1;
    const k = punctAt(toks, j, "-") ? j + 1 : j;
    const o = wordAt(toks, k);
    if (o !== null && (ONES[o] ?? 99) < 10) {
      value += ONES[o] ?? 0;
      j = k + 1;
    }
  } else return null;
  // "five (5) business days": the digits win.
  const paren = toks[j + 1];
  if (punctAt(toks, j, "(") && paren?.k === "n" && paren.int !== null && punctAt(toks, j + 2, ")")) {
    value = paren.int;
    j += 3;
  }
  return value > 0 ? { value, next: j, article: false } : null;
}
