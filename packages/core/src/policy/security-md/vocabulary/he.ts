import type { Vocabulary } from "./index.ts";

/**
 * Hebrew. "תוך 48 שעות", "5 ימי עבודה" (the construct form "ימי" with "עבודה" after it is working days). Prefixed
 * forms ("לדווח", "בתוך") are listed whole.
 */
export const he: Vocabulary = {
  language: "he",
  numbers: { שני: 2, שתי: 2, שלושה: 3, שלוש: 3, חמישה: 5, חמש: 5, שבעה: 7, שבע: 7, עשרה: 10, עשר: 10 },
  units: {
    שעה: "hours",
    שעות: "hours",
    יום: "days",
    ימים: "days",
    ימי: "days",
    שבוע: "weeks",
    שבועות: "weeks",
    חודש: "months",
    חודשים: "months",
  },
  businessAfter: ["עבודה", "עסקים"],
  forWords: ["עבור"],
  severities: {
    critical: ["קריטי", "קריטית", "קריטיות"],
    high: ["גבוהה", "גבוה"],
    medium: ["בינונית"],
    low: ["נמוכה"],
  },
  cues: {
    ack: ["נגיב", "תגובה", "נענה", "נשיב", "מענה", "נאשר", "אישור קבלה"],
    assess: ["הערכה", "נעריך"],
    update: ["עדכוני סטטוס", "נעדכן"],
    resolve: ["תיקון", "נתקן", "לתקן"],
    disclosure: ["פרסום", "חשיפה", "נפרסם"],
    emergency: ["דחוף", "דחופה", "חירום"],
  },
  otherSubjects: ["תגמול", "פרס", "בממוצע", "בשנה שעברה", "נשמרים"],
  afterWords: ["אחרי", "לאחר"],
  fixEvents: ["התיקון"],
  reportWords: ["לדווח", "דווחו", "דיווח", "פגיעות", "אבטחה", "האבטחה"],
  contactWords: ["שלחו", "שלח", "מייל", "צרו קשר"],
  securityWords: ["אבטחה", "האבטחה", "פגיעות"],
  versionHeader: ["גרסה", "גרסא"],
  statusHeader: ["נתמך", "תמיכה"],
  statuses: [
    ["לא נתמך", "unsupported"],
    ["כן", "supported"],
    ["לא", "unsupported"],
    ["נתמך", "supported"],
  ],
};
