import { shanghaiDateTime } from '../common/shanghai-time';

/**
 * The keys of the reminder template's fields. They are fixed by the template chosen from
 * WeChat's library in the Mini Program console (e.g. 课程开始提醒: 课程名称 thing1, 开始时间
 * time2, 上课地点 thing3, 温馨提示 thing4); a template with other keys needs these changed.
 */
export const REMINDER_FIELDS = {
  title: 'thing1',
  startsAt: 'time2',
  place: 'thing3',
  tip: 'thing4',
} as const;

/** WeChat refuses a `thing` value longer than 20 characters (error 47003). */
export const THING_MAX = 20;

export const ONLINE_PLACE = '线上';
const VENUE_TIP = '请提前10分钟到场签到';
const ONLINE_TIP = '请准时进入线上课堂';

export interface ReminderSubject {
  offeringId: number;
  title: string;
  startsAt: Date;
  venueName: string | null;
}

/** The page a reminder opens and the values of its fields. */
export function reminderMessage(s: ReminderSubject): { page: string; data: Record<string, string> } {
  return {
    page: `subpackages/learn/pages/detail/index?id=${s.offeringId}`,
    data: {
      [REMINDER_FIELDS.title]: thing(s.title),
      [REMINDER_FIELDS.startsAt]: shanghaiDateTime(s.startsAt),
      [REMINDER_FIELDS.place]: thing(s.venueName ?? ONLINE_PLACE),
      [REMINDER_FIELDS.tip]: s.venueName ? VENUE_TIP : ONLINE_TIP,
    },
  };
}

/** Fits text into a `thing` field, cutting by characters (not UTF-16 units) and marking the cut. */
export function thing(text: string): string {
  const chars = Array.from(text.trim());
  return chars.length <= THING_MAX ? chars.join('') : `${chars.slice(0, THING_MAX - 1).join('')}…`;
}
