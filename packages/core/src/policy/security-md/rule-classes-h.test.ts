import { describe, expect, it } from "vitest";
import { parseSecurityMd } from "./index.ts";
import { allSeverities, bd, d, h, promised, w } from "./test-helpers.ts";
import { VOCABULARIES } from "./vocabulary/index.ts";

/**
 * The rule classes added when the held-out set securitymd-7 was scored once and retired to a development set (dev-h;
 * see docs/decisions/0016): eight languages as one vocabulary file each, and three phrasings. Every sentence here is
 * written for the test, none is copied from a corpus file.
 */
const values = promised;
const reportTo = (text: string) => parseSecurityMd(text).contacts.security;
const versions = (table: string) => parseSecurityMd(table).supportedVersions;

/** Per language: a reply time, a working-days time, a report address, and a version table with word statuses. */
const CASES = [
  {
    language: "pl",
    reply: ["Odpowiemy na zgłoszenie w ciągu 36 godzin.", h(36)],
    business: ["Potwierdzimy otrzymanie zgłoszenia w ciągu 4 dni roboczych.", bd(4)],
    address: "Zgłoś podatność na adres ochrona@projekt-pocztowy.pl.",
    table: "| Wersja | Wsparcie |\n|---|---|\n| 3.x | Tak |\n| 2.x | Nie |\n",
  },
  {
    language: "cs",
    reply: ["Na hlášení odpovíme do 36 hodin.", h(36)],
    business: ["Přijetí hlášení potvrdíme do 4 pracovních dnů.", bd(4)],
    address: "Zranitelnost nahlaste na ochrana@projekt-posta.cz.",
    table: "| Verze | Podporováno |\n|---|---|\n| 3.x | Ano |\n| 2.x | Ne |\n",
  },
  {
    language: "id",
    reply: ["Kami akan menanggapi laporan dalam waktu 36 jam.", h(36)],
    business: ["Kami akan merespons dalam waktu 4 hari kerja.", bd(4)],
    address: "Laporkan kerentanan ke perlindungan@surel-proyek.id.",
    table: "| Versi | Didukung |\n|---|---|\n| 3.x | Ya |\n| 2.x | Tidak |\n",
  },
  {
    language: "vi",
    reply: ["Chúng tôi sẽ trả lời trong vòng 36 giờ.", h(36)],
    business: ["Chúng tôi sẽ phản hồi trong vòng 4 ngày làm việc.", bd(4)],
    address: "Gửi báo cáo lỗ hổng đến baove@thu-duan.vn.",
    table: "| Phiên bản | Hỗ trợ |\n|---|---|\n| 3.x | Có |\n| 2.x | Không |\n",
  },
  {
    language: "ar",
    reply: ["سنرد على بلاغك خلال 36 ساعة.", h(36)],
    business: ["سيتم الرد خلال 4 أيام عمل.", bd(4)],
    address: "للإبلاغ عن ثغرة أمنية راسلنا على himaya@barid-mashru.net",
    table: "| الإصدار | مدعوم |\n|---|---|\n| 3.x | مدعوم |\n| 2.x | غير مدعوم |\n",
  },
  {
    language: "nl",
    reply: ["Wij reageren binnen 36 uur op je melding.", h(36)],
    business: ["Je ontvangt binnen 4 werkdagen een ontvangstbevestiging.", bd(4)],
    address: "Meld kwetsbaarheden via bescherming@projectpost.nl.",
    table: "| Versie | Ondersteund |\n|---|---|\n| 3.x | Ja |\n| 2.x | Nee |\n",
  },
  {
    language: "ru",
    reply: ["Мы ответим на сообщение в течение 36 часов.", h(36)],
    business: ["Мы подтвердим получение отчёта в течение 4 рабочих дней.", bd(4)],
    address: "Сообщите об уязвимости на zashchita@pochta-proekta.ru.",
    table: "| Версия | Поддержка |\n|---|---|\n| 3.x | Да |\n| 2.x | Нет |\n",
  },
  {
    language: "uk",
    reply: ["Ми відповімо на повідомлення протягом 36 годин.", h(36)],
    business: ["Ми підтвердимо отримання звіту протягом 4 робочих днів.", bd(4)],
    address: "Повідомте про вразливість на zakhyst@poshta-proektu.ua.",
    table: "| Версія | Підтримка |\n|---|---|\n| 3.x | Так |\n| 2.x | Ні |\n",
  },
  {
    language: "fa",
    reply: ["ما ظرف ۳۶ ساعت به گزارش پاسخ می‌دهیم.", h(36)],
    business: ["ظرف ۴ روز کاری پاسخ می‌دهیم.", bd(4)],
    address: "لطفاً آسیب‌پذیری را به hefazat@post-projeh.ir گزارش دهید.",
    table: "| نسخه | پشتیبانی |\n|---|---|\n| 3.x | بله |\n| 2.x | خیر |\n",
  },
  {
    language: "th",
    reply: ["เราจะตอบกลับภายใน 36 ชั่วโมง", h(36)],
    business: ["ทีมงานจะตอบรับรายงานภายใน 4 วันทำการ", bd(4)],
    address: "กรุณารายงานช่องโหว่ไปที่ pongkan@mail-project.co.th",
    table: "| เวอร์ชัน | รองรับ |\n|---|---|\n| 3.x | รองรับ |\n| 2.x | ไม่รองรับ |\n",
  },
  {
    language: "sv",
    reply: ["Vi svarar på din rapport inom 36 timmar.", h(36)],
    business: ["Vi bekräftar mottagandet inom 4 arbetsdagar.", bd(4)],
    address: "Rapportera sårbarheter till skydd@projektpost.se.",
    table: "| Version | Stöds |\n|---|---|\n| 3.x | Ja |\n| 2.x | Nej |\n",
  },
  {
    language: "da",
    reply: ["Vi svarer på din rapport inden for 36 timer.", h(36)],
    business: ["Vi bekræfter modtagelsen inden for 4 arbejdsdage.", bd(4)],
    address: "Rapporter sårbarheder til beskyt@projektpost.dk.",
    table: "| Version | Understøttet |\n|---|---|\n| 3.x | Ja |\n| 2.x | Nej |\n",
  },
  {
    language: "nb",
    reply: ["Vi svarer på rapporten innen 36 timer.", h(36)],
    business: ["Vi bekrefter mottak innen 4 virkedager.", bd(4)],
    address: "Rapporter sårbarheter til vern@prosjektpost.no.",
    table: "| Versjon | Støttet |\n|---|---|\n| 3.x | Ja |\n| 2.x | Nei |\n",
  },
  {
    language: "fi",
    reply: ["Vastaamme ilmoitukseen 36 tunnin kuluessa.", h(36)],
    business: ["Vahvistamme vastaanoton 4 arkipäivän sisällä.", bd(4)],
    address: "Ilmoita haavoittuvuuksista osoitteeseen suoja@projektiposti.fi.",
    table: "| Versio | Tuettu |\n|---|---|\n| 3.x | Kyllä |\n| 2.x | Ei |\n",
  },
  {
    language: "el",
    reply: ["Θα απαντήσουμε στην αναφορά εντός 36 ωρών.", h(36)],
    business: ["Θα επιβεβαιώσουμε τη λήψη εντός 4 εργάσιμων ημερών.", bd(4)],
    address: "Αναφέρετε ευπάθειες στο prostasia@taxydromeio-ergou.gr.",
    table: "| Έκδοση | Υποστηρίζεται |\n|---|---|\n| 3.x | Ναι |\n| 2.x | Όχι |\n",
  },
  {
    language: "he",
    reply: ["נגיב לדיווח תוך 36 שעות.", h(36)],
    business: ["נשיב תוך 4 ימי עבודה.", bd(4)],
    address: "יש לדווח על פגיעות אבטחה אל hagana@doar-proyekt.co.il",
    table: "| גרסה | נתמך |\n|---|---|\n| 3.x | כן |\n| 2.x | לא |\n",
  },
  {
    language: "ro",
    reply: ["Vom răspunde la raport în 36 de ore.", h(36)],
    business: ["Vom răspunde în 4 zile lucrătoare.", bd(4)],
    address: "Raportați vulnerabilitățile la protectie@posta-proiect.ro.",
    table: "| Versiune | Suportat |\n|---|---|\n| 3.x | Da |\n| 2.x | Nu |\n",
  },
  {
    language: "hu",
    reply: ["A bejelentésre 36 órán belül válaszolunk.", h(36)],
    business: ["A beérkezést 4 munkanapon belül visszaigazoljuk.", bd(4)],
    address: "A sebezhetőségeket jelentsd a vedelem@projektposta.hu címre.",
    table: "| Verzió | Támogatott |\n|---|---|\n| 3.x | Igen |\n| 2.x | Nem |\n",
  },
] as const;

describe("one vocabulary file per language", () => {
  it("has a case here for every vocabulary", () => {
    expect(CASES.map((c) => c.language).sort()).toEqual(VOCABULARIES.map((v) => v.language).sort());
  });

  for (const c of CASES) {
    it(`${c.language}: a reply time, working days, a report address and word statuses`, () => {
      expect(values(c.reply[0])).toEqual({ acknowledge: c.reply[1] });
      expect(values(c.business[0])).toEqual({ acknowledge: c.business[1] });
      expect(reportTo(c.address)).toHaveLength(1);
      expect(versions(c.table)).toEqual([
        { range: "3.x", status: "supported" },
        { range: "2.x", status: "unsupported" },
      ]);
    });
  }

  it("reads fix times, disclosure windows and the weeks and days of each", () => {
    expect(values("Zgłoszone podatności naprawiamy w ciągu 2 tygodni.").resolve).toEqual(allSeverities(w(2)));
    expect(values("Zranitelnost opravíme do 30 dnů.").resolve).toEqual(allSeverities(d(30)));
    expect(values("Kami akan memperbaiki kerentanan dalam waktu 14 hari.").resolve).toEqual(allSeverities(d(14)));
    expect(values("Kwetsbaarheden worden binnen 90 dagen openbaar gemaakt.")).toEqual({ disclosure: d(90) });
    expect(values("Мы раскрываем информацию об уязвимости через 90 дней.")).toEqual({ disclosure: d(90) });
    expect(values("Виправлення випускаємо протягом 3 тижнів.").resolve).toEqual(allSeverities(w(3)));
  });

  it("severity words give per-severity fix times", () => {
    const criticalAndHigh = { critical: d(7), high: d(30), medium: null, low: null };
    for (const text of [
      "Krytyczne podatności naprawiamy w ciągu 7 dni, wysokie w ciągu 30 dni.",
      "Kritické zranitelnosti opravíme do 7 dnů, vysoké do 30 dnů.",
      "Kerentanan kritis diperbaiki dalam waktu 7 hari, tinggi dalam waktu 30 hari.",
      "Kritieke kwetsbaarheden herstellen we binnen 7 dagen, hoge binnen 30 dagen.",
      "Критические уязвимости исправляются в течение 7 дней, высокие — в течение 30 дней.",
      "Критичні вразливості виправляємо протягом 7 днів, високі — протягом 30 днів.",
      "نقوم بإصلاح الثغرات الحرجة خلال 7 أيام، والعالية خلال 30 يومًا.",
      "Kritiska sårbarheter åtgärdas inom 7 dagar, höga inom 30 dagar.",
      "Kritické chyby opravíme do 7 dní, vysoké do 30 dní.",
    ])
      expect(values(text).resolve, text).toEqual(criticalAndHigh);
  });

  it("Arabic-Indic, Persian and Thai digits are numbers", () => {
    expect(values("سنرد خلال ٤٨ ساعة.")).toEqual({ acknowledge: h(48) });
    expect(values("ظرف ۴۸ ساعت پاسخ می‌دهیم.")).toEqual({ acknowledge: h(48) });
    expect(values("เราจะตอบกลับภายใน ๔๘ ชั่วโมง")).toEqual({ acknowledge: h(48) });
  });

  it("numbers about other things in these languages are no promise", () => {
    for (const text of [
      "Logi przechowujemy przez 30 dni.",
      "Záznamy uchováváme 90 dní.",
      "Hadiah dibayarkan dalam waktu 14 hari setelah perbaikan dirilis.",
      "Nhật ký được lưu trong 30 ngày.",
      "نحتفظ بالسجلات لمدة 30 يومًا.",
      "Tokens verlopen na 24 uur.",
      "В прошлом году мы в среднем отвечали за 3 дня.",
      "Вознаграждение выплачивается в течение 30 дней после исправления.",
      "Журнали зберігаються 90 днів.",
    ])
      expect(values(text), text).toEqual({});
  });

  it("addresses written with the local word for '@' and '.'", () => {
    expect(reportTo("Zranitelnost nahlaste na ochrana <zavináč> projekt <tečka> cz.")).toEqual(["ochrana@projekt.cz"]);
    expect(reportTo("Zgłoszenia: ochrona (małpa) projekt (kropka) pl")).toEqual(["ochrona@projekt.pl"]);
    // the word alone, unbracketed, is prose
    expect(reportTo("Zgłoszenia: małpa z zoo.")).toEqual([]);
  });
});

describe("phrasings", () => {
  it("a time restated in parentheses is read in the unit meant, and takes the promise before it", () => {
    expect(
      values("We reply to reports within 72 hours (3 business days) and keep you posted on the fix status."),
    ).toEqual({ acknowledge: bd(3) });
    expect(
      values("Kami merespons dalam waktu 48 jam (2 hari kerja) dan memberi kabar tentang status perbaikan."),
    ).toEqual({ acknowledge: bd(2) });
    // two times for two promises are not a restatement
    expect(values("We reply within 2 days (and fix within 30 days).")).toEqual({
      acknowledge: d(2),
      resolve: allSeverities(d(30)),
    });
  });

  it("a status update on the first findings and the plan is the assessment's time", () => {
    expect(values("You get a status update within 6 business days on our first findings and action plan.")).toEqual({
      assess: bd(6),
    });
    expect(values("Pembaruan status dalam waktu 6 hari kerja mengenai temuan awal dan rencana tindakan.")).toEqual({
      assess: bd(6),
    });
    // an update on something else stays no clock of its own
    expect(values("You get a status update within 6 days about the release date.")).toEqual({});
  });

  it("GitHub's template version numbers are a placeholder whatever their marks say", () => {
    const template = (marks: string[]) =>
      `| Version | Supported |\n|---|---|\n${["5.1.x", "5.0.x", "4.0.x", "< 4.0"].map((v, i) => `| ${v} | ${marks[i]} |`).join("\n")}\n`;
    expect(versions(template(["✅ Ya", "❌ Tidak", "❌ Tidak", "❌ Tidak"]))).toEqual([]);
    expect(versions(template([":white_check_mark:", ":x:", ":white_check_mark:", ":x:"]))).toEqual([]);
    // the same marks beside real versions are a table
    expect(versions("| Version | Supported |\n|---|---|\n| 5.1.x | ✅ |\n| 5.0.x | ❌ |\n")).toHaveLength(2);
  });
});

describe("from dev-i (securitymd-8, retired)", () => {
  it("'name AT host' in capitals is an address written to fool harvesters; lower-case 'at' in prose is not", () => {
    expect(reportTo("## Reporting\n\nFor sensitive issues, email me at jane AT janedoe-mail.com.")).toEqual([
      "jane@janedoe-mail.com",
    ]);
    expect(reportTo("## Reporting\n\nOur team works at scale at janedoe-mail.com.")).toEqual([]);
  });

  it("a version cell with no letter or digit names no version", () => {
    expect(versions("| Version | Supported |\n|---|---|\n| - | :x: |\n")).toEqual([]);
    expect(versions("| Version | Supported |\n|---|---|\n| 2.x | ✅ |\n| - | :x: |\n")).toEqual([
      { range: "2.x", status: "supported" },
    ]);
  });

  it("Traditional Chinese '支援' names the support column", () => {
    expect(versions("| 版本 | 是否支援 |\n|---|---|\n| 2.x | :white_check_mark: |\n")).toEqual([
      { range: "2.x", status: "supported" },
    ]);
  });

  it("Portuguese 'relatar' under a heading makes an address a report address", () => {
    expect(reportTo("## Relatar\n\nEnvie um e-mail para fulana@correio-projeto.br com os detalhes.")).toEqual([
      "fulana@correio-projeto.br",
    ]);
  });

  it("an address for joining a list is none of the four kinds, even when the joining is in another clause", () => {
    const text =
      "## Reporting\n\nReport issues to guard@projmail.net.\n\nIf you want to be added to our vendor list, please write to team@projmail.net.";
    expect(parseSecurityMd(text).contacts).toEqual({
      security: ["guard@projmail.net"],
      emergency: [],
      escalation: [],
      support: [],
    });
  });
});
