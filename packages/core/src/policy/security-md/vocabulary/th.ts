import type { Vocabulary } from "./index.ts";

/**
 * Thai, written without spaces between words: a run of Thai letters is one token, so cue patterns match inside it
 * ("*ตอบกลับ*" in "เราจะตอบกลับภายใน"). Numbers and their units are usually set apart ("48 ชั่วโมง").
 */
export const th: Vocabulary = {
  language: "th",
  units: {
    ชั่วโมง: "hours",
    ชม: "hours",
    วัน: "days",
    วันทำการ: "business_days",
    สัปดาห์: "weeks",
    เดือน: "months",
  },
  severities: { critical: ["*ร้ายแรง*", "*วิกฤต*"] },
  cues: {
    ack: ["*ตอบกลับ*", "*ตอบรับ*", "*การตอบสนอง*", "*ยืนยันการรับ*"],
    assess: ["*ประเมิน*"],
    update: ["*ความคืบหน้า*", "*อัปเดตสถานะ*"],
    resolve: ["*แก้ไข*", "*แพตช์*"],
    disclosure: ["*เปิดเผย*", "*เผยแพร่*"],
    emergency: ["*เร่งด่วน*", "*ฉุกเฉิน*"],
  },
  otherSubjects: ["*รางวัล*", "*ค่าเฉลี่ย*", "*เก็บรักษา*"],
  reportWords: ["*รายงาน*", "*ช่องโหว่*", "*ความปลอดภัย*"],
  contactWords: ["*ติดต่อ*", "*อีเมล*"],
  securityWords: ["*ช่องโหว่*", "*ความปลอดภัย*"],
  versionHeader: ["เวอร์ชัน", "รุ่น"],
  statusHeader: ["รองรับ", "สถานะ"],
  statuses: [
    ["ไม่รองรับ", "unsupported"],
    ["รองรับ", "supported"],
  ],
};
