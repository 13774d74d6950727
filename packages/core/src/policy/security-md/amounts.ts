import { lookup } from "./lookup.ts";
import { punctAt, type Tok, wordAt } from "./tokens.ts";

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

/** Parses an amount at i: digits, number words ("twenty-four", "one hundred"), "a"/"an". */
export function parseAmount(toks: Tok[], i: number): { value: number; next: number; article: boolean } | null {
  const t = toks[i];
  if (!t) return null;
  if (t.k === "n") return t.int !== null && t.int > 0 ? { value: t.int, next: i + 1, article: false } : null;
  if (t.k !== "w") return null;
  if (t.s === "a" || t.s === "an") return { value: 1, next: i + 1, article: true };
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
