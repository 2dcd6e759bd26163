// One-line results shown after a redirect (`?notice=<key>`). Only these fixed texts can appear:
// the query names a key, never the text, so a link cannot put words on the page.
export type NoticeTone = 'success' | 'info' | 'warning' | 'error';

export const NOTICES = {
  signed_out: { tone: 'success', text: 'ออกจากระบบแล้ว' },
  setup_done: { tone: 'success', text: 'สร้างผู้ดูแลระบบคนแรกแล้ว กรุณาเข้าสู่ระบบด้วยชื่อผู้ใช้และรหัสผ่านที่ตั้งไว้' },
  password_changed: { tone: 'success', text: 'เปลี่ยนรหัสผ่านแล้ว' },
  session_expired: { tone: 'info', text: 'กรุณาเข้าสู่ระบบอีกครั้ง' },
  stock_saved: { tone: 'success', text: 'บันทึกจำนวนคงเหลือแล้ว' },
  sheet_url_saved: { tone: 'success', text: 'บันทึกลิงก์ Google Sheet แล้ว' },
  sheet_url_deleted: { tone: 'success', text: 'ลบลิงก์ Google Sheet แล้ว' },
  logs_cleared: { tone: 'success', text: 'ล้างประวัติการนำเข้าแล้ว' },
} as const satisfies Record<string, { tone: NoticeTone; text: string }>;

export type NoticeKey = keyof typeof NOTICES;

export function noticeFrom(value: string | undefined | null): { tone: NoticeTone; text: string } | null {
  return value && Object.hasOwn(NOTICES, value) ? NOTICES[value as NoticeKey] : null;
}

export const withNotice = (path: string, key: NoticeKey) => `${path}${path.includes('?') ? '&' : '?'}notice=${key}`;
