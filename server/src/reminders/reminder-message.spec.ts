import { loadConfig } from '../config/app-config';
import { shanghaiDateTime } from '../common/shanghai-time';
import { REMINDER_FIELDS, reminderMessage, thing, THING_MAX } from './reminder-message';

describe('the reminder message', () => {
  it('formats the start in Shanghai time, whatever the machine’s zone, without leading zeros in the date', () => {
    expect(shanghaiDateTime(new Date('2026-11-28T06:00:00Z'))).toBe('2026年11月28日 14:00');
    expect(shanghaiDateTime(new Date('2027-01-04T16:05:00Z'))).toBe('2027年1月5日 00:05');
  });

  it('cuts long text to 20 characters, counting characters rather than UTF-16 units, and marks the cut', () => {
    expect(thing('智能手机入门')).toBe('智能手机入门');
    expect(thing('一'.repeat(THING_MAX))).toBe('一'.repeat(THING_MAX));
    const cut = thing('𠀀'.repeat(25)); // outside the BMP: two UTF-16 units each
    expect(Array.from(cut)).toHaveLength(THING_MAX);
    expect(cut.endsWith('…')).toBe(true);
  });

  it('opens the offering’s detail page and fills the four template fields', () => {
    const m = reminderMessage({ offeringId: 42, title: '太极拳', startsAt: new Date('2026-11-28T06:00:00Z'), venueName: null });
    expect(m.page).toBe('subpackages/learn/pages/detail/index?id=42');
    expect(Object.keys(m.data).sort()).toEqual(Object.values(REMINDER_FIELDS).sort());
    expect(m.data[REMINDER_FIELDS.place]).toBe('线上');
  });
});

describe('reminder configuration', () => {
  const valid = {
    DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
    JWT_SECRET: 'a'.repeat(40),
    FIELD_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
    LOOKUP_HASH_KEY: 'b'.repeat(40),
    CHECKIN_SIGNING_KEY: 'c'.repeat(40),
    TRANSCRIPT_SIGNING_KEY: 'MC4CAQAwBQYDK2VwBCIEIAMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMD',
    WECHAT_APP_ID: 'wx123',
    WECHAT_APP_SECRET: 'secret',
  };

  it('is off by default, reminding 120 minutes ahead and sweeping every minute once switched on', () => {
    const config = loadConfig(valid);
    expect(config.WECHAT_REMINDER_TEMPLATE_ID).toBeUndefined();
    expect(config.REMINDER_LEAD_MINUTES).toBe(120);
    expect(config.REMINDER_SWEEP_SECONDS).toBe(60);
    expect(config.WECHAT_MINIPROGRAM_STATE).toBe('formal');
  });

  it.each([
    ['WECHAT_REMINDER_TEMPLATE_ID', 'has spaces'],
    ['REMINDER_LEAD_MINUTES', 'two hours'],
    ['REMINDER_LEAD_MINUTES', '0'],
    ['REMINDER_SWEEP_SECONDS', '0'],
    ['WECHAT_MINIPROGRAM_STATE', 'beta'],
  ])('a bad %s (%s) stops start-up naming it', (name, value) => {
    expect(() => loadConfig({ ...valid, [name]: value })).toThrow(new RegExp(name));
  });
});
