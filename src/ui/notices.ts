// One-line results shown after a redirect (`?notice=<key>`). Only these fixed texts can appear:
// the query names a key, never the text, so a link cannot put words on the page.
export type NoticeTone = 'success' | 'info' | 'warning' | 'error';

export const NOTICES = {
  signed_out: { tone: 'success', text: 'ออกจากระบบแล้ว' },
  setup_done: { tone: 'success', text: 'สร้างผู้ดูแลระบบคนแรกแล้ว กรุณาเข้าสู่ระบบด้วยชื่อผู้ใช้และรหัสผ่านที่ตั้งไว้' },
  password_changed: { tone: 'success', text: 'เปลี่ยนรหัสผ่านแล้ว' },
  session_expired: { tone: 'info', text: 'กรุณาเข้าสู่ระบบอีกครั้ง' },
  // Admin pages (users, shops, holidays, backups)
  user_created: { tone: 'success', text: 'สร้างผู้ใช้แล้ว' },
  user_role_saved: { tone: 'success', text: 'บันทึกบทบาทแล้ว ผู้ใช้นี้ต้องเข้าสู่ระบบใหม่' },
  user_disabled: { tone: 'success', text: 'ปิดการใช้งานผู้ใช้แล้ว' },
  user_enabled: { tone: 'success', text: 'เปิดใช้งานผู้ใช้แล้ว' },
  user_password_reset: { tone: 'success', text: 'ตั้งรหัสผ่านใหม่แล้ว ผู้ใช้นี้ต้องเข้าสู่ระบบใหม่ด้วยรหัสผ่านใหม่' },
  user_unlocked: { tone: 'success', text: 'ปลดล็อกการเข้าสู่ระบบแล้ว' },
  user_deleted: { tone: 'success', text: 'ลบผู้ใช้แล้ว' },
  shop_created: { tone: 'success', text: 'เพิ่มร้านค้าแล้ว' },
  shop_saved: { tone: 'success', text: 'บันทึกร้านค้าแล้ว' },
  shop_deleted: { tone: 'success', text: 'ลบร้านค้าแล้ว' },
  sheet_url_saved: { tone: 'success', text: 'บันทึกลิงก์ Google Sheet แล้ว' },
  sheet_url_deleted: { tone: 'success', text: 'ลบลิงก์ Google Sheet แล้ว' },
  holiday_added: { tone: 'success', text: 'เพิ่มวันหยุดแล้ว' },
  holiday_removed: { tone: 'success', text: 'ลบวันหยุดแล้ว' },
  backup_created: { tone: 'success', text: 'สร้างไฟล์สำรองแล้ว (อยู่บนสุดของรายการ)' },
  backup_deleted: { tone: 'success', text: 'ลบไฟล์สำรองแล้ว' },
  // Daily pages (stock, imports)
  stock_saved: { tone: 'success', text: 'บันทึกจำนวนคงเหลือแล้ว' },
  logs_cleared: { tone: 'success', text: 'ล้างประวัติการนำเข้าแล้ว' },
} as const satisfies Record<string, { tone: NoticeTone; text: string }>;

export type NoticeKey = keyof typeof NOTICES;

export function noticeFrom(value: string | undefined | null): { tone: NoticeTone; text: string } | null {
  return value && Object.hasOwn(NOTICES, value) ? NOTICES[value as NoticeKey] : null;
}

export const withNotice = (path: string, key: NoticeKey) => `${path}${path.includes('?') ? '&' : '?'}notice=${key}`;
