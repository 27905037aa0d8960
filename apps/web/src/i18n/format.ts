import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import type { Locale } from './locales';

dayjs.extend(utc);
dayjs.extend(timezone);

/**
 * Every instant is shown in Beijing time whatever the browser's zone (UI.md §1.3): the office, its
 * deadlines and its notices all count in UTC+8.
 */
export const BEIJING = 'Asia/Shanghai';

export const beijing = (value: string | number | Date | dayjs.Dayjs) => dayjs(value).tz(BEIJING);

/** A date-time picker's value read as Beijing time, sent as ISO-8601 with +08:00. */
export function toBeijingIso(value: dayjs.Dayjs): string {
  return dayjs.tz(value.format('YYYY-MM-DDTHH:mm:ss'), BEIJING).format('YYYY-MM-DDTHH:mm:ssZ');
}

export interface Formatters {
  dateTime(value: string | null | undefined): string;
  dateTimeSeconds(value: string | null | undefined): string;
  date(value: string | null | undefined): string;
  /** A due instant: 00:00 is written as the day before, 24:00, as Chinese notices write it. */
  due(value: string | null | undefined): string;
  number(value: number | null | undefined, maxDecimals?: number): string;
  hours(value: number | null | undefined): string;
  credits(value: number | null | undefined): string;
  score(value: number | null | undefined): string;
  percent(value: number | null | undefined): string;
  money(value: number | null | undefined): string;
}

export function formatters(locale: Locale, none = '—'): Formatters {
  const intl = locale === 'en' ? 'en-US' : 'zh-CN';
  const num = (v: number, max: number, min = 0) =>
    new Intl.NumberFormat(intl, { maximumFractionDigits: max, minimumFractionDigits: min }).format(v);
  const present = <T>(v: T | null | undefined): v is T => v !== null && v !== undefined && v !== '';
  return {
    dateTime: (v) => (present(v) ? beijing(v).format('YYYY-MM-DD HH:mm') : none),
    dateTimeSeconds: (v) => (present(v) ? beijing(v).format('YYYY-MM-DD HH:mm:ss') : none),
    date: (v) => (present(v) ? (/^\d{4}-\d{2}-\d{2}$/.test(v) ? v : beijing(v).format('YYYY-MM-DD')) : none),
    due: (v) => {
      if (!present(v)) return none;
      const b = beijing(v);
      if (b.hour() === 0 && b.minute() === 0) return `${b.subtract(1, 'day').format('YYYY-MM-DD')} 24:00`;
      return b.format('YYYY-MM-DD HH:mm');
    },
    number: (v, max = 2) => (present(v) ? num(v, max) : none),
    hours: (v) => (present(v) ? num(v, 1) : none),
    credits: (v) => (present(v) ? num(v, 2) : none),
    score: (v) => (present(v) ? num(v, 2) : none),
    percent: (v) => (present(v) ? num(v, 1, 1) : none),
    money: (v) => (present(v) ? num(v, 2, 2) : none),
  };
}

/** Whole days from now to `value` (negative when past), counted in Beijing calendar days. */
export function daysUntil(value: string, now = Date.now()): number {
  const ms = new Date(value).getTime() - now;
  return ms >= 0 ? Math.ceil(ms / 86_400_000) : -Math.ceil(-ms / 86_400_000);
}
