import { isDigitCode } from "./chars.ts";
import type { ParsedSupportStatus } from "./parsed-policy.ts";

const STATUS_KEYWORDS: [string, ParsedSupportStatus, boolean][] = [
  // [keyword, status, isWord]
  ["\u2705", "supported", false], // ✅
  ["\u2714", "supported", false], // ✔
  ["\u2611", "supported", false], // ☑
  ["\u2713", "supported", false], // ✓
  ["\u{1F7E2}", "supported", false], // 🟢
  [":white_check_mark:", "supported", false],
  [":heavy_check_mark:", "supported", false],
  [":ballot_box_with_check:", "supported", false],
  [":green_circle:", "supported", false],
  [":check:", "supported", false],
  ["\u26a0", "limited", false], // ⚠
  ["\u{1F7E1}", "limited", false], // 🟡
  [":warning:", "limited", false],
  [":yellow_circle:", "limited", false],
  ["\u274c", "unsupported", false], // ❌
  ["\u2716", "unsupported", false], // ✖
  ["\u2717", "unsupported", false], // ✗
  ["\u2718", "unsupported", false], // ✘
  ["\u26d4", "unsupported", false], // ⛔
  ["\u{1F6AB}", "unsupported", false], // 🚫
  ["\u{1F534}", "unsupported", false], // 🔴
  [":x:", "unsupported", false],
  [":no_entry:", "unsupported", false],
  [":no_entry_sign:", "unsupported", false],
  [":heavy_multiplication_x:", "unsupported", false],
  [":red_circle:", "unsupported", false],
  ["not supported", "unsupported", true],
  ["unsupported", "unsupported", true],
  ["end of life", "unsupported", true],
  ["end-of-life", "unsupported", true],
  ["eol", "unsupported", true],
  ["deprecated", "unsupported", true],
  ["discontinued", "unsupported", true],
  ["retired", "unsupported", true],
  ["obsolete", "unsupported", true],
  ["no", "unsupported", true],
  ["none", "unsupported", true],
  ["limited", "limited", true],
  ["partial", "limited", true],
  ["partially", "limited", true],
  ["security fixes only", "limited", true],
  ["security only", "limited", true],
  ["security-only", "limited", true],
  ["critical fixes only", "limited", true],
  ["best effort", "limited", true],
  ["best-effort", "limited", true],
  ["maintenance", "limited", true],
  ["supported", "supported", true],
  ["yes", "supported", true],
  ["active", "supported", true],
  ["current", "supported", true],
  ["maintained", "supported", true],
  ["lts", "supported", true],
];

const isWordCharAt = (s: string, i: number) => {
  const c = s.charCodeAt(i);
  return i >= 0 && i < s.length && ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || isDigitCode(c));
};

/** The status whose keyword occurs first in the cell ("Yes, until EOL" → supported). */
export function statusOf(cell: string): ParsedSupportStatus | null {
  const s = cell.slice(0, 200).toLowerCase();
  let best: { at: number; len: number; status: ParsedSupportStatus } | null = null;
  for (const [kw, status, isWord] of STATUS_KEYWORDS) {
    let from = 0;
    for (;;) {
      const at = s.indexOf(kw, from);
      if (at < 0) break;
      if (!isWord || (!isWordCharAt(s, at - 1) && !isWordCharAt(s, at + kw.length))) {
        if (!best || at < best.at || (at === best.at && kw.length > best.len)) best = { at, len: kw.length, status };
        break;
      }
      from = at + 1;
    }
  }
  return best?.status ?? null;
}
