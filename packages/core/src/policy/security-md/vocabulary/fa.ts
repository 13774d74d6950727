import type { Vocabulary } from "./index.ts";

/**
 * Persian. The zero-width non-joiner inside words ("آسیب‌پذیری", "می‌دهیم") splits them into two tokens, so patterns
 * name the part that carries the meaning.
 */
export const fa: Vocabulary = {
  language: "fa",
  numbers: { سه: 3, پنج: 5, هفت: 7 },
  units: {
    ساعت: "hours",
    روز: "days",
    هفته: "weeks",
    ماه: "months",
  },
  businessAfter: ["کاری"],
  forWords: ["برای"],
  severities: { critical: ["بحرانی"], high: ["بالا"], medium: ["متوسط"] },
  cues: {
    ack: ["پاسخ", "پاسخگویی", "تأیید دریافت", "تایید دریافت"],
    assess: ["ارزیابی", "بررسی"],
    update: ["پیشرفت", "وضعیت"],
    resolve: ["رفع", "اصلاح", "وصله"],
    disclosure: ["افشا", "افشای", "انتشار", "عمومی"],
    emergency: ["فوری", "اضطراری"],
  },
  otherSubjects: ["پاداش", "جایزه", "میانگین", "سال گذشته", "نگهداری"],
  notATimeline: ["انقضا"],
  afterWords: ["پس", "بعد"],
  fixEvents: ["رفع", "اصلاح", "انتشار"],
  reportWords: ["گزارش", "آسیب", "امنیتی", "امنیت"],
  contactWords: ["ایمیل", "ارسال", "تماس"],
  securityWords: ["امنیتی", "امنیت", "آسیب"],
  versionHeader: ["نسخه"],
  statusHeader: ["پشتیبانی", "وضعیت"],
  statuses: [
    ["عدم پشتیبانی", "unsupported"],
    ["پشتیبانی نمی", "unsupported"],
    ["پشتیبانی می", "supported"],
    ["پشتیبانی", "supported"],
    ["بله", "supported"],
    ["خیر", "unsupported"],
  ],
};
