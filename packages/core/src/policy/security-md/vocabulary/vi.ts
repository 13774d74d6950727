import type { Vocabulary } from "./index.ts";

/** Vietnamese: words are syllables, so most terms are two tokens. "trong vòng 3 ngày làm việc", "48 giờ". */
export const vi: Vocabulary = {
  language: "vi",
  units: {
    giờ: "hours",
    tiếng: "hours",
    ngày: "days",
    tuần: "weeks",
    tháng: "months",
  },
  businessAfter: ["làm việc"],
  forWords: ["cho"],
  severities: { critical: ["nghiêm trọng"], high: ["cao"], low: ["thấp"] },
  cues: {
    ack: ["phản hồi", "trả lời", "xác nhận", "hồi âm"],
    assess: ["đánh giá", "phân tích", "kế hoạch"],
    update: ["cập nhật", "tiến độ", "tiến trình", "trạng thái"],
    resolve: ["sửa", "khắc phục", "bản vá", "vá lỗi", "giải quyết"],
    disclosure: ["công bố", "công khai", "tiết lộ"],
    emergency: ["khẩn cấp"],
  },
  aboutWords: ["về"],
  otherSubjects: ["phần thưởng", "tiền thưởng", "năm ngoái", "lưu trữ", "được lưu"],
  notATimeline: ["hết hạn"],
  afterWords: ["sau"],
  fixEvents: ["vá", "sửa"],
  reportWords: ["báo cáo", "lỗ hổng", "bảo mật", "an ninh"],
  contactWords: ["gửi", "liên hệ"],
  securityWords: ["bảo mật", "lỗ hổng"],
  versionHeader: ["phiên bản"],
  statusHeader: ["hỗ trợ", "trạng thái"],
  statuses: [
    ["không hỗ trợ", "unsupported"],
    ["ngừng hỗ trợ", "unsupported"],
    ["được hỗ trợ", "supported"],
    ["hỗ trợ", "supported"],
    ["có", "supported"],
    ["không", "unsupported"],
    ["hạn chế", "limited"],
  ],
};
