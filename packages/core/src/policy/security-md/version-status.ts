import type { ParsedSupportStatus } from "./parsed-policy.ts";
import { statusesOf } from "./vocabulary/index.ts";

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
  ["\u274e", "unsupported", false], // ❎
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
  // a version number kept for a line that will never ship ("Reserved; not planned") gets nothing
  ["not planned", "unsupported", true],
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
  ["security patches only", "limited", true],
  ["security updates only", "limited", true],
  ["security support only", "limited", true],
  ["critical only", "limited", true],
  ["critical security fixes", "limited", true],
  ["end of support", "unsupported", true],
  ["end-of-support", "unsupported", true],
  ["out of support", "unsupported", true],
  ["unmaintained", "unsupported", true],
  ["not maintained", "unsupported", true],
  ["nein", "unsupported", true],
  ["desteklenmiyor", "unsupported", true],
  ["desteklenmez", "unsupported", true],
  ["nicht unterstützt", "unsupported", true],
  [":red_square:", "unsupported", false],
  [":large_red_square:", "unsupported", false],
  ["\u{1F7E5}", "unsupported", false], // 🟥
  ["non", "unsupported", true],
  ["non supporté", "unsupported", true],
  ["non supportée", "unsupported", true],
  ["no soportada", "unsupported", true],
  ["no soportado", "unsupported", true],
  ["\u00d7", "unsupported", false], // × (Japanese and Chinese tables)
  ["\u2715", "unsupported", false], // ✕
  ["サポート終了", "unsupported", false],
  ["終了", "unsupported", false],
  ["対象外", "unsupported", false],
  ["不支持", "unsupported", false],
  ["停止维护", "unsupported", false],
  ["停止維護", "unsupported", false],
  ["미지원", "unsupported", false],
  ["지원 종료", "unsupported", false],
  ["지원종료", "unsupported", false],
  ["eingeschränkt", "limited", true],
  ["nur sicherheitsupdates", "limited", true],
  ["nur sicherheitskorrekturen", "limited", true],
  ["correctifs de sécurité uniquement", "limited", true],
  ["sécurité uniquement", "limited", true],
  ["solo seguridad", "limited", true],
  ["solo parches de seguridad", "limited", true],
  ["apenas segurança", "limited", true],
  ["apenas correções de segurança", "limited", true],
  ["仅安全", "limited", false],
  ["セキュリティ修正のみ", "limited", false],
  ["보안 패치만", "limited", false],
  ["보안 업데이트만", "limited", false],
  ["보안 수정만", "limited", false],
  ["지원하지 않", "unsupported", false],
  ["더 이상 지원", "unsupported", false],
  ["não", "unsupported", true],
  ["いいえ", "unsupported", true],
  ["否", "unsupported", true],
  ["नहीं", "unsupported", true],
  ["असमर्थित", "unsupported", false],
  ["समर्थित नहीं", "unsupported", false],
  ["fim do suporte", "unsupported", true],
  ["fin del soporte", "unsupported", true],
  ["fin de soporte", "unsupported", true],
  ["fin du support", "unsupported", true],
  ["manutenção", "limited", true],
  ["mantenimiento", "limited", true],
  ["wartung", "limited", true],
  ["supported", "supported", true],
  ["feature updates", "supported", true],
  ["bug fixes", "supported", true],
  ["bugfixes", "supported", true],
  ["until", "supported", true],
  ["ja", "supported", true],
  ["oui", "supported", true],
  ["sí", "supported", true],
  ["sim", "supported", true],
  ["はい", "supported", true],
  ["是", "supported", true],
  ["हाँ", "supported", true],
  ["हां", "supported", true],
  ["yes", "supported", true],
  ["destekleniyor", "supported", true],
  ["evet", "supported", true],
  ["hayır", "unsupported", true],
  ["ok", "supported", true],
  ["unterstützt", "supported", true],
  [":green_square:", "supported", false],
  ["\u{1F7E9}", "supported", false], // 🟩
  ["समर्थित", "supported", false],
  ["सक्रिय", "supported", false],
  ["receives", "supported", true],
  ["recebe", "supported", true],
  ["recibe", "supported", true],
  ["reçoit", "supported", true],
  ["erhält", "supported", true],
  ["si", "supported", true],
  ["\u25cb", "supported", false], // ○
  ["\u3007", "supported", false], // 〇
  ["サポート中", "supported", false],
  ["サポート", "supported", false],
  ["支持", "supported", false],
  ["维护中", "supported", false],
  ["維護中", "supported", false],
  ["지원", "supported", false],
  ["active", "supported", true],
  ["current", "supported", true],
  ["maintained", "supported", true],
  ["lts", "supported", true],
  ...statusesOf().map(([word, status]): [string, ParsedSupportStatus, boolean] => [word, status, true]),
];

// Letters of any script: "nie" is no word inside "niewspierane", nor "нет" inside "монета".
const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
const isWordCharAt = (s: string, i: number) => i >= 0 && i < s.length && WORD_CHAR.test(s[i] ?? "");

/**
 * The status whose keyword occurs first in the cell ("Yes, until EOL" → supported, "until 2026-06-30" → supported),
 * except that a limit anywhere qualifies plain support ("Supported (security fixes only)" → limited).
 */
export function statusOf(cell: string): ParsedSupportStatus | null {
  const first = firstStatusOf(cell) ?? imageStatusOf(cell) ?? dashStatusOf(cell) ?? fixKindsStatusOf(cell);
  if (first !== "supported") return first;
  return hasLimit(cell) || securityOnly(cell) ? "limited" : first;
}

/** "✅ Security", "Sicherheit": a cell that names only security support is security fixes only. */
const SECURITY_ONLY = new Set([
  "security",
  "security fixes",
  "security updates",
  "security patches",
  "sécurité",
  "seguridad",
  "segurança",
  "sicherheit",
  "सुरक्षा",
  "セキュリティ",
  "安全",
  "보안",
]);
const securityOnly = (cell: string) =>
  SECURITY_ONLY.has(
    cell
      .toLowerCase()
      .replace(/:[a-z_]+:/g, " ")
      .replace(/[^\p{L}\p{M}\s]/gu, " ")
      .replace(/\s+/g, " ")
      .trim(),
  );

/** `<img src="/img/tick.svg">`: an image named for a tick or a cross. */
function imageStatusOf(cell: string): ParsedSupportStatus | null {
  const m = /<img\b[^>]*>/i.exec(cell.slice(0, 300));
  if (!m) return null;
  const attrs = m[0].toLowerCase();
  if (/(tick|check|yes|supported)/.test(attrs) && !/unsupported/.test(attrs)) return "supported";
  if (/(cross|unsupported|\bno\b|\bx\.svg|error|fail)/.test(attrs)) return "unsupported";
  return null;
}

/**
 * A cell that names the kinds of fixes a line gets: security fixes with features or bug fixes too is full support
 * ("security fixes, features, bug fixes"); security fixes alone, or "only", is limited ("security fixes (upon
 * request)", "security fixes, critical bug fixes only").
 */
function fixKindsStatusOf(cell: string): ParsedSupportStatus | null {
  const s = cell.slice(0, 200).toLowerCase();
  if (!/\bsecurity (fixes|patches|updates)\b/.test(s)) return null;
  return /\b(features?|bug ?fixes)\b/.test(s) && !/\bonly\b/.test(s) ? "supported" : "limited";
}

/** A cell that is only a dash says "no". */
const dashStatusOf = (cell: string): ParsedSupportStatus | null =>
  /^\s*[-\u2013\u2014]\s*$/.test(cell) ? "unsupported" : null;

const LIMITS = [
  "security fixes until",
  "security patches until",
  "critical fixes until",
  // "… fixes only" and "… patches only" are the pattern in hasLimit
  "security updates only",
  "security only",
  "security-only",
];
const hasLimit = (cell: string) => {
  const s = cell.slice(0, 200).toLowerCase();
  // "security fixes only", "critical bug fixes only", "fixes upon request"
  if (/\b(fixes|patches) only\b|\b(upon|on) request\b/.test(s)) return true;
  return LIMITS.some((l) => s.includes(l));
};

function firstStatusOf(cell: string): ParsedSupportStatus | null {
  // ": white_check_mark:" (a space typed after the colon) is the shortcode all the same
  const s = cell
    .slice(0, 200)
    .toLowerCase()
    .replace(/:\s+([a-z_]+):/g, ":$1:");
  let best: { at: number; len: number; status: ParsedSupportStatus } | null = null;
  for (const [kw, status, isWord] of STATUS_KEYWORDS) {
    let from = 0;
    for (;;) {
      const at = s.indexOf(kw, from);
      if (at < 0) break;
      // A word followed by a hyphen is a prefix ("Non-LTS" is no "non").
      if (!isWord || (!isWordCharAt(s, at - 1) && !isWordCharAt(s, at + kw.length) && s[at + kw.length] !== "-")) {
        if (!best || at < best.at || (at === best.at && kw.length > best.len)) best = { at, len: kw.length, status };
        break;
      }
      from = at + 1;
    }
  }
  return best?.status ?? null;
}
