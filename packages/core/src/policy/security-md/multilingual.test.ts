import { describe, expect, it } from "vitest";
import { findDurations } from "./durations.ts";
import { parseSecurityMd } from "./index.ts";
import { allSeverities, d, h, only, tokensOf, w } from "./test-helpers.ts";

const bd = (amount: number) => ({ amount, unit: "business_days" as const });
const all = allSeverities;
const durations = (text: string) => findDurations(tokensOf(text)).map((x) => x.value ?? x.kind);

describe("units in other languages", () => {
  it.each([
    // Japanese
    ["3 営業日", bd(3)],
    ["3営業日以内", bd(3)],
    ["７２時間", h(72)],
    ["14日間", d(14)],
    ["2週間", w(2)],
    ["3か月", d(90)],
    // Chinese
    ["3个工作日", bd(3)],
    ["5 个工作日", bd(5)],
    ["24小时", h(24)],
    ["三个工作日", bd(3)],
    ["十四天", d(14)],
    ["九十天", d(90)],
    ["两周", w(2)],
    ["二十四小时", h(24)],
    // German
    ["48 Stunden", h(48)],
    ["5 Werktagen", bd(5)],
    ["3 Arbeitstage", bd(3)],
    ["14 Tagen", d(14)],
    ["zwei Wochen", w(2)],
    ["drei Monaten", d(90)],
    // French
    ["72 heures", h(72)],
    ["5 jours ouvrés", bd(5)],
    ["10 jours ouvrables", bd(10)],
    ["30 jours calendaires", d(30)],
    ["deux semaines", w(2)],
    // Spanish
    ["48 horas", h(48)],
    ["5 días hábiles", bd(5)],
    ["3 dias laborables", bd(3)],
    ["90 días naturales", d(90)],
    ["dos semanas", w(2)],
    // Portuguese
    ["2 dias úteis", bd(2)],
    ["7 dias corridos", d(7)],
    ["três semanas", w(3)],
    // Hindi, with Devanagari digits too
    ["48 घंटे", h(48)],
    ["७ दिन", d(7)],
    ["५ कार्य दिवस", bd(5)],
    ["2 सप्ताह", w(2)],
    // Korean, with particles attached
    ["3영업일", bd(3)],
    ["72시간 이내", h(72)],
    ["30일이내", d(30)],
    ["2주", w(2)],
    ["3개월", d(90)],
  ])("%s", (text, want) => {
    expect(durations(text)).toEqual([want]);
  });

  it.each([
    "6月30日", // a date, not 30 days
    "一日も早く", // "as soon as possible"
    "统一时间", // "unified time"
    "3 営業時間", // business hours cannot be expressed
    "5 heures ouvrées",
    "6월 30일", // a date
    "3 영업시간",
  ])("%s is no duration", (text) => {
    expect(durations(text)).toEqual([]);
  });

  it("reads ranges with the other languages' connectors", () => {
    expect(durations("3 bis 5 Werktagen")).toEqual([bd(5)]);
    expect(durations("3～5営業日")).toEqual([bd(5)]);
    expect(durations("2 à 4 semaines")).toEqual([w(4)]);
    expect(durations("3到5个工作日")).toEqual([bd(5)]);
  });

  it("reads the next release", () => {
    for (const text of [
      "im nächsten Release",
      "dans la prochaine version",
      "en la próxima versión",
      "次のリリース",
      "下一个版本",
    ])
      expect(durations(text), text).toEqual(["next_release"]);
  });
});

describe("promises in other languages", () => {
  it.each([
    ["受領連絡: 3 営業日以内", { acknowledge: bd(3) }],
    ["報告を受け取ってから72時間以内に返信します。", { acknowledge: h(72) }],
    ["調査結果は10営業日以内にお知らせします。", { assess: bd(10) }],
    ["重大な脆弱性は7日以内に修正します。", { resolve: { critical: d(7), high: null, medium: null, low: null } }],
    ["報告から90日以内に公開します。", { disclosure: d(90) }],
    ["7 営業日以内に修正版を公開します。", { resolve: all(bd(7)) }],
    // "重大度" is the word "severity", not "critical"; a fix schedule is an assessment
    ["修正リリース：重大度に応じて1-2週間", { resolve: all(w(2)) }],
    ["5 営業日以内に修正スケジュールをお知らせします。", { assess: bd(5) }],
    ["심각도에 따라 2주 이내에 수정합니다.", { resolve: all(w(2)) }],
    ["Wir bestätigen den Eingang Ihrer Meldung innerhalb von 48 Stunden.", { acknowledge: h(48) }],
    ["Sie erhalten eine Eingangsbestätigung innerhalb von zwei Werktagen.", { acknowledge: bd(2) }],
    [
      "Kritische Schwachstellen beheben wir innerhalb von 14 Tagen.",
      { resolve: { critical: d(14), high: null, medium: null, low: null } },
    ],
    ["Wir veröffentlichen Details spätestens 90 Tage nach der Meldung.", { disclosure: d(90) }],
    ["Nous accusons réception de votre rapport sous 3 jours ouvrés.", { acknowledge: bd(3) }],
    [
      "Nous corrigeons les failles critiques sous 7 jours.",
      { resolve: { critical: d(7), high: null, medium: null, low: null } },
    ],
    ["Nous publions un avis dans un délai de 90 jours.", { disclosure: d(90) }],
    ["Recibirás un acuse de recibo en un plazo de 2 días hábiles.", { acknowledge: bd(2) }],
    ["Publicaremos los detalles en un plazo de 90 días.", { disclosure: d(90) }],
    ["Você receberá uma resposta em até 5 dias úteis.", { acknowledge: bd(5) }],
    [
      "Vamos corrigir vulnerabilidades de severidade alta em até 30 dias.",
      { resolve: { critical: null, high: d(30), medium: null, low: null } },
    ],
    ["我们将在3个工作日内确认收到您的报告。", { acknowledge: bd(3) }],
    ["我们会在两周内修复漏洞。", { resolve: all(w(2)) }],
    ["漏洞将在90天内公开披露。", { disclosure: d(90) }],
    ["हम 48 घंटे के भीतर आपकी रिपोर्ट की पुष्टि करेंगे।", { acknowledge: h(48) }],
    ["हम ३० दिनों में समस्या ठीक करेंगे।", { resolve: all(d(30)) }],
    ["취약점 신고는 3영업일 이내에 확인합니다.", { acknowledge: bd(3) }],
    ["심각한 취약점은 7일 이내에 수정합니다.", { resolve: { critical: d(7), high: null, medium: null, low: null } }],
    ["신고일로부터 90일 이내에 공개합니다.", { disclosure: d(90) }],
  ])("%s", (text, want) => {
    expect(only(parseSecurityMd(text))).toEqual(want);
  });

  it.each([
    "3営業日以内に返信がない場合は、再度ご連絡ください。",
    "Wenn Sie innerhalb von 5 Werktagen keine Antwort erhalten, wenden Sie sich bitte an uns.",
    "Si vous n'avez pas de réponse sous 5 jours, relancez-nous.",
    "Si no recibe respuesta en 5 días hábiles, escríbanos de nuevo.",
    "Se você não receber resposta em 5 dias úteis, entre em contato novamente.",
    "如果您在5个工作日内没有收到回复，请再次联系我们。",
    "यदि आपको 5 दिनों में जवाब नहीं मिलता है, तो फिर से संपर्क करें।",
    "Unser Team ist 24 Stunden am Tag erreichbar.",
    "Protokolle werden 30 Tage aufbewahrt.",
    "3영업일 이내에 답변이 없는 경우 다시 연락해 주세요.",
    "수정 후 30일 이내에 공개합니다.",
  ])("states no promise: %s", (text) => {
    expect(only(parseSecurityMd(text))).toEqual({});
  });

  it("names the languages a file accepts, in those languages too", () => {
    expect(parseSecurityMd("日本語または英語で報告を受け付けます。").languages).toEqual(["ja", "en"]);
    expect(parseSecurityMd("Wir akzeptieren Meldungen auf Deutsch oder Englisch.").languages).toEqual(["de", "en"]);
    expect(parseSecurityMd("我们接受中文或英文的报告。").languages).toEqual(["zh", "en"]);
    expect(parseSecurityMd("한국어 또는 영어로 신고를 접수합니다.").languages).toEqual(["ko", "en"]);
  });
});
