import { ErrorCode, ReminderError, Role, SubscriptionRequest } from '@lp/shared';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { randomBytes, randomInt } from 'node:crypto';
import { ReminderScheduler, SWEEP_SCHEDULER_ID } from '@lp/server/dist/reminders/reminder.scheduler';
import { bullPrefix, PERIODIC_QUEUE } from '@lp/server/dist/scheduling/periodic-jobs';
import { REDIS_NAMESPACE } from '@lp/server/dist/redis/redis-namespace';
import { ReminderService, SweepSummary } from '@lp/server/dist/reminders/reminders.service';
import { School } from '@lp/server/dist/schools/school.entity';
import { expectApiError, startApi, TestApi } from '../support/api';
import { newAreaTree, newResident, newSchool, newStaff } from '../support/factories';
import { testRedisUrl } from '../support/test-env';

const TEMPLATE = 'reminder-tmpl-0001';
const REMINDERS_ON = { WECHAT_REMINDER_TEMPLATE_ID: TEMPLATE, REMINDER_LEAD_MINUTES: '120', REMINDER_SWEEP_SECONDS: '60' };
const MINUTE = 60_000;
const LONG_TITLE = '零基础智能手机入门与防范电信网络诈骗实用技巧讲座'; // 24 characters

let api: TestApi;
let ctx: { areaId: number; school: School; venueId: number; venueName: string; authorId: string };

beforeAll(async () => {
  api = await startApi(REMINDERS_ON);
  const tree = await newAreaTree(api);
  const school = await newSchool(api, tree.streetA);
  const venueName = `社区学校${randomBytes(2).toString('hex')}教室`;
  const [venue] = await api.db.query(
    `INSERT INTO venue (name, address, latitude, longitude, capacity, area_id) VALUES ($1, '测试路1号', 29.66, 121.41, 50, $2) RETURNING id`,
    [venueName, tree.streetA.id],
  );
  const author = await newStaff(api, Role.Teacher, { school });
  ctx = { areaId: tree.streetA.id, school, venueId: venue.id, venueName, authorId: author.user.id };
});
afterAll(() => api.close());

/**
 * Each test sweeps its own day, years ahead: no other test's sessions, and no sweep the real
 * clock triggers, ever falls inside it.
 */
const BASE = Date.UTC(2070 + randomInt(20), randomInt(12), 1, 2, 0); // 10:00 in Shanghai
let days = 0;
function ownMoment(): Date {
  days += 3;
  return new Date(BASE + days * 86400_000);
}

interface SessionOptions {
  title?: string;
  online?: boolean;
  status?: 'published' | 'draft' | 'cancelled';
  cancelled?: boolean;
}

/** A one-session activity written straight into the catalogue tables. */
async function newSession(startsAt: Date, o: SessionOptions = {}): Promise<{ offeringId: number; sessionId: number }> {
  const [offering] = await api.db.query(
    `INSERT INTO offering (kind, title, description, category, area_id, school_id, venue_id, author_id, capacity,
                           enroll_opens_at, enroll_closes_at, starts_at, ends_at, session_count, status, published_at, cancel_reason)
     VALUES ('activity', $1, '提醒测试', 'digital_literacy', $2, $3, $4, $5, 100,
             $6::timestamptz - interval '10 days', $6::timestamptz - interval '1 hour', $6, $6::timestamptz + interval '2 hours', 1, $7, now(), $8)
     RETURNING id`,
    [
      o.title ?? '防诈骗讲座',
      ctx.areaId,
      ctx.school.id,
      o.online ? null : ctx.venueId,
      ctx.authorId,
      startsAt,
      o.status ?? 'published',
      o.status === 'cancelled' ? '老师生病' : null,
    ],
  );
  const [session] = await api.db.query(
    `INSERT INTO offering_session (offering_id, seq, starts_at, ends_at, minutes, cancelled_at, cancel_reason)
     VALUES ($1, 1, $2, $2::timestamptz + interval '2 hours', 90, $3, $4) RETURNING id`,
    [offering.id, startsAt, o.cancelled ? new Date() : null, o.cancelled ? '场地维修' : null],
  );
  return { offeringId: offering.id, sessionId: session.id };
}

async function enroll(offeringId: number, userId: string, status: 'enrolled' | 'waitlisted' | 'cancelled' = 'enrolled'): Promise<void> {
  await api.db.query(
    `INSERT INTO enrollment (offering_id, resident_id, status, waitlist_seq, cancelled_at)
     VALUES ($1, $2, $3::enrollment_status,
             CASE WHEN $3 = 'waitlisted' THEN nextval('enrollment_waitlist_seq') END,
             CASE WHEN $3 = 'cancelled' THEN now() END)`,
    [offeringId, userId, status],
  );
}

interface Person {
  userId: string;
  openid: string;
  token: string;
}

/** A resident who logged in through WeChat and accepted the reminder `credits` times. */
async function subscribedResident(credits = 1, on: TestApi = api): Promise<Person> {
  const r = await newResident(on);
  for (let i = 0; i < credits; i++) {
    expect((await on.http.as(r.tokens.accessToken).post('/api/me/subscriptions', [{ templateId: TEMPLATE, accepted: true }])).status).toBe(204);
  }
  return { userId: r.tokens.user.id, openid: r.openid, token: r.tokens.accessToken };
}

/** A resident account with a password but no WeChat openid (as an import of older records might make). */
async function residentWithoutWechat(): Promise<string> {
  const [u] = await api.db.query(
    `INSERT INTO app_user (role, display_name, username, password_hash) VALUES ('resident', '没有微信', $1, 'not-a-hash') RETURNING id`,
    [`nowx_${randomBytes(6).toString('hex')}`],
  );
  return u.id;
}

const sweep = (at: Date, on: TestApi = api): Promise<SweepSummary> => on.app.get(ReminderService).sweep(at);

async function deliveries(sessionId: number): Promise<{ userId: string; status: string; detail: string | null }[]> {
  return api.db.query(`SELECT user_id AS "userId", status, detail FROM reminder_delivery WHERE session_id = $1 ORDER BY user_id`, [sessionId]);
}

async function credits(userId: string): Promise<number | null> {
  const rows = await api.db.query(`SELECT remaining FROM subscribe_credit WHERE user_id = $1 AND template_id = $2`, [userId, TEMPLATE]);
  return rows[0]?.remaining ?? null;
}

/** "2070年3月4日 11:00", worked out by the platform's own time-zone data rather than by the server's arithmetic. */
function shanghaiTime(at: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}年${parts.month}月${parts.day}日 ${parts.hour}:${parts.minute}`;
}

const sends = (on: TestApi) => on.wechat.requests.filter((u) => u.pathname === '/cgi-bin/message/subscribe/send').length;

describe('subscribing to reminders', () => {
  it('tells the mini program which template to ask for', async () => {
    const res = await api.http.get('/api/subscriptions/templates');
    expect(res).toMatchObject({ status: 200, body: { reminder: TEMPLATE } });
  });

  it('each acceptance is one credit: accepting twice gives two; a refusal is no error and gives none', async () => {
    const r = await newResident(api);
    const as = api.http.as(r.tokens.accessToken);
    expect((await as.post('/api/me/subscriptions', [{ templateId: TEMPLATE, accepted: false }])).status).toBe(204);
    expect(await credits(r.tokens.user.id)).toBeNull();
    expect((await as.post('/api/me/subscriptions', [{ templateId: TEMPLATE, accepted: true }])).status).toBe(204);
    expect((await as.post('/api/me/subscriptions', [{ templateId: TEMPLATE, accepted: true }])).status).toBe(204);
    expect(await credits(r.tokens.user.id)).toBe(2);
    expect((await as.post('/api/me/subscriptions', [])).status).toBe(204);
    expect(await credits(r.tokens.user.id)).toBe(2);
  });

  it('credits stop at 1000, the most the table allows, however often the resident accepts', async () => {
    const r = await newResident(api);
    await api.db.query(`INSERT INTO subscribe_credit (user_id, template_id, remaining) VALUES ($1, $2, 1000)`, [r.tokens.user.id, TEMPLATE]);
    expect((await api.http.as(r.tokens.accessToken).post('/api/me/subscriptions', [{ templateId: TEMPLATE, accepted: true }])).status).toBe(204);
    expect(await credits(r.tokens.user.id)).toBe(1000);
  });

  const bad: [string, unknown, RegExp][] = [
    ['an unknown template', [{ templateId: 'someone-elses-template', accepted: true }], /没有这种订阅消息/],
    ['an object instead of a list', { templateId: TEMPLATE, accepted: true }, /应当是列表/],
    ['more than 10 answers', Array.from({ length: 11 }, (_, i) => ({ templateId: `t${i}`, accepted: false })), /最多提交10个/],
    ['accepted as text', [{ templateId: TEMPLATE, accepted: 'yes' }], /是否允许/],
    ['no template id', [{ accepted: true }], /模板编号/],
    ['a number in the list', [42], /模板编号和是否允许/],
    ['a field the API does not know', [{ templateId: TEMPLATE, accepted: true, times: 99 }], /times 是多余的字段/],
    ['the same template twice', [{ templateId: TEMPLATE, accepted: true }, { templateId: TEMPLATE, accepted: true }], /只能提交一次/],
  ];

  it.each(bad)('%s is refused with a Chinese 400 and gives no credit', async (_name, body, message) => {
    const r = await newResident(api);
    const err = expectApiError(await api.http.as(r.tokens.accessToken).post('/api/me/subscriptions', body), 400);
    expect([err.message, ...(err.details ?? [])].join(' ')).toMatch(message);
    expect(await credits(r.tokens.user.id)).toBeNull();
  });

  it('an unknown template answers its own error code', async () => {
    const r = await newResident(api);
    const body: SubscriptionRequest[] = [{ templateId: 'someone-elses-template', accepted: true }];
    expectApiError(await api.http.as(r.tokens.accessToken).post('/api/me/subscriptions', body), 400, ReminderError.UnknownTemplate);
  });

  it('only residents subscribe: staff get 403, anonymous callers 401', async () => {
    const body = [{ templateId: TEMPLATE, accepted: true }];
    const teacher = await newStaff(api, Role.Teacher, { school: ctx.school });
    expectApiError(await api.http.as(teacher.tokens.accessToken).post('/api/me/subscriptions', body), 403, ErrorCode.Forbidden);
    expectApiError(await api.http.post('/api/me/subscriptions', body), 401);
  });
});

describe('the reminder sweep', () => {
  it('a subscribed resident with a session in an hour gets exactly one message with the right fields, recorded as sent', async () => {
    const now = ownMoment();
    const startsAt = new Date(now.getTime() + 60 * MINUTE);
    const { offeringId, sessionId } = await newSession(startsAt, { title: LONG_TITLE });
    const r = await subscribedResident();
    await enroll(offeringId, r.userId);

    expect(await sweep(now)).toEqual({ sent: 1, failed: 0, skipped: 0 });

    const received = api.wechat.messagesTo(r.openid);
    expect(received).toHaveLength(1);
    expect(received[0]).toEqual({
      touser: r.openid,
      template_id: TEMPLATE,
      page: `subpackages/learn/pages/detail/index?id=${offeringId}`,
      data: {
        thing1: { value: `${Array.from(LONG_TITLE).slice(0, 19).join('')}…` },
        time2: { value: shanghaiTime(startsAt) },
        thing3: { value: ctx.venueName },
        thing4: { value: '请提前10分钟到场签到' },
      },
      miniprogram_state: 'formal',
      lang: 'zh_CN',
    });
    expect(received[0].data.time2.value).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 11:00$/);
    expect(await deliveries(sessionId)).toEqual([{ userId: r.userId, status: 'sent', detail: null }]);
    expect(await credits(r.userId)).toBe(0);

    // a later sweep, still before the session, sends nothing more
    expect(await sweep(new Date(now.getTime() + 30 * MINUTE))).toEqual({ sent: 0, failed: 0, skipped: 0 });
    expect(api.wechat.messagesTo(r.openid)).toHaveLength(1);
  });

  it('an online session says 线上 and reminds the resident to join in time', async () => {
    const now = ownMoment();
    const { offeringId } = await newSession(new Date(now.getTime() + 90 * MINUTE), { online: true, title: '线上书法课' });
    const r = await subscribedResident();
    await enroll(offeringId, r.userId);
    await sweep(now);
    const [message] = api.wechat.messagesTo(r.openid);
    expect(message.data).toMatchObject({ thing1: { value: '线上书法课' }, thing3: { value: '线上' }, thing4: { value: '请准时进入线上课堂' } });
  });

  it('residents without a credit or without WeChat are skipped with the reason, and nothing is sent to them', async () => {
    const now = ownMoment();
    const { offeringId, sessionId } = await newSession(new Date(now.getTime() + 60 * MINUTE));
    const declined = await newResident(api);
    await api.http.as(declined.tokens.accessToken).post('/api/me/subscriptions', [{ templateId: TEMPLATE, accepted: false }]);
    const noWechat = await residentWithoutWechat();
    await enroll(offeringId, declined.tokens.user.id);
    await enroll(offeringId, noWechat);
    const before = sends(api);

    expect(await sweep(now)).toEqual({ sent: 0, failed: 0, skipped: 2 });

    expect(sends(api)).toBe(before);
    const rows = await deliveries(sessionId);
    expect(rows.find((d) => d.userId === declined.tokens.user.id)).toMatchObject({ status: 'skipped', detail: expect.stringMatching(/credit/) });
    expect(rows.find((d) => d.userId === noWechat)).toMatchObject({ status: 'skipped', detail: expect.stringMatching(/openid/) });
    expect(await credits(declined.tokens.user.id)).toBeNull();

    // accepting after the skip does not bring a second decision for the same session
    await api.http.as(declined.tokens.accessToken).post('/api/me/subscriptions', [{ templateId: TEMPLATE, accepted: true }]);
    expect(await sweep(now)).toEqual({ sent: 0, failed: 0, skipped: 0 });
    expect(await credits(declined.tokens.user.id)).toBe(1);
  });

  it('cancelled sessions, cancelled or draft offerings, sessions beyond the lead time or already begun, and residents not enrolled are not reminded', async () => {
    const now = ownMoment();
    const r = await subscribedResident(10);
    const cases = {
      cancelledSession: await newSession(new Date(now.getTime() + 30 * MINUTE), { cancelled: true }),
      cancelledOffering: await newSession(new Date(now.getTime() + 30 * MINUTE), { status: 'cancelled' }),
      draft: await newSession(new Date(now.getTime() + 30 * MINUTE), { status: 'draft' }),
      beyondLead: await newSession(new Date(now.getTime() + 121 * MINUTE)),
      begun: await newSession(now),
      waitlisted: await newSession(new Date(now.getTime() + 30 * MINUTE)),
      withdrew: await newSession(new Date(now.getTime() + 30 * MINUTE)),
    };
    for (const [name, c] of Object.entries(cases)) {
      await enroll(c.offeringId, r.userId, name === 'waitlisted' ? 'waitlisted' : name === 'withdrew' ? 'cancelled' : 'enrolled');
    }

    expect(await sweep(now)).toEqual({ sent: 0, failed: 0, skipped: 0 });
    expect(api.wechat.messagesTo(r.openid)).toHaveLength(0);
    expect(await credits(r.userId)).toBe(10);

    // two minutes on, the session that was beyond the lead time is inside it
    expect(await sweep(new Date(now.getTime() + 2 * MINUTE))).toEqual({ sent: 1, failed: 0, skipped: 0 });
    expect(await deliveries(cases.beyondLead.sessionId)).toEqual([{ userId: r.userId, status: 'sent', detail: null }]);
    expect(await credits(r.userId)).toBe(9);
  });

  it('sweeps racing on one instance and on two instances still send each reminder once and take one credit each', async () => {
    const second = await startApi(REMINDERS_ON);
    try {
      const now = ownMoment();
      const { offeringId, sessionId } = await newSession(new Date(now.getTime() + 30 * MINUTE));
      const people: Person[] = [];
      for (let i = 0; i < 8; i++) people.push(await subscribedResident(2));
      for (const p of people) await enroll(offeringId, p.userId);

      const results = await Promise.all([sweep(now), sweep(now, second), sweep(now), sweep(now, second)]);

      expect(results.reduce((n, s) => n + s.sent, 0)).toBe(8);
      expect(results.every((s) => s.failed === 0 && s.skipped === 0)).toBe(true);
      for (const p of people) {
        expect(api.wechat.messagesTo(p.openid).length + second.wechat.messagesTo(p.openid).length).toBe(1);
        expect(await credits(p.userId)).toBe(1);
      }
      const rows = await deliveries(sessionId);
      expect(rows).toHaveLength(8);
      expect(rows.every((d) => d.status === 'sent')).toBe(true);
    } finally {
      await second.close();
    }
  });

  it('a WeChat refusal is recorded as failed with its errcode, without crashing; 43101 clears the credits, other errors give the credit back', async () => {
    const now = ownMoment();
    const { offeringId, sessionId } = await newSession(new Date(now.getTime() + 45 * MINUTE));
    const refused = await subscribedResident(3);
    const badOpenid = await subscribedResident(1);
    const fine = await subscribedResident(1);
    for (const p of [refused, badOpenid, fine]) await enroll(offeringId, p.userId);
    api.wechat.failSendsTo(refused.openid, 43101);
    api.wechat.failSendsTo(badOpenid.openid, 40003, 'invalid openid');

    expect(await sweep(now)).toEqual({ sent: 1, failed: 2, skipped: 0 });

    const rows = await deliveries(sessionId);
    expect(rows.find((d) => d.userId === refused.userId)).toMatchObject({ status: 'failed', detail: expect.stringContaining('43101') });
    expect(rows.find((d) => d.userId === badOpenid.userId)).toMatchObject({ status: 'failed', detail: expect.stringContaining('40003') });
    expect(rows.find((d) => d.userId === fine.userId)).toMatchObject({ status: 'sent' });
    expect(await credits(refused.userId)).toBe(0);
    expect(await credits(badOpenid.userId)).toBe(1);
    // failed once is decided: no retry for the same session
    expect(await sweep(now)).toEqual({ sent: 0, failed: 0, skipped: 0 });
  });

  it('WeChat down or silent: the reminder fails as unreachable, the sweep returns, and the credit is kept', async () => {
    for (const mode of ['http-error', 'hang'] as const) {
      const now = ownMoment();
      const { offeringId, sessionId } = await newSession(new Date(now.getTime() + 60 * MINUTE));
      const r = await subscribedResident(1);
      await enroll(offeringId, r.userId);
      api.wechat.mode = mode;
      try {
        expect(await sweep(now)).toEqual({ sent: 0, failed: 1, skipped: 0 });
      } finally {
        api.wechat.mode = 'normal';
      }
      expect(await deliveries(sessionId)).toEqual([{ userId: r.userId, status: 'failed', detail: 'wechat unreachable' }]);
      expect(await credits(r.userId)).toBe(1);
    }
    expect((await api.http.get('/api/health')).status).toBe(200);
  });

  it('a revoked access token (40001) is replaced once and the message still goes out once', async () => {
    const warmUp = ownMoment();
    const first = await newSession(new Date(warmUp.getTime() + 60 * MINUTE));
    const a = await subscribedResident();
    await enroll(first.offeringId, a.userId);
    expect((await sweep(warmUp)).sent).toBe(1);

    api.wechat.revokeTokens();
    const now = ownMoment();
    const second = await newSession(new Date(now.getTime() + 60 * MINUTE));
    const b = await subscribedResident();
    await enroll(second.offeringId, b.userId);
    const tokensBefore = api.wechat.tokenRequests;
    const sendsBefore = sends(api);

    expect(await sweep(now)).toEqual({ sent: 1, failed: 0, skipped: 0 });

    expect(api.wechat.tokenRequests - tokensBefore).toBe(1);
    expect(sends(api) - sendsBefore).toBe(2); // refused with 40001, then sent with the new token
    expect(api.wechat.messagesTo(b.openid)).toHaveLength(1);
  });

  it('the access token is asked for once and shared through Redis, never once per message', async () => {
    const now = ownMoment();
    const { offeringId } = await newSession(new Date(now.getTime() + 60 * MINUTE));
    for (let i = 0; i < 3; i++) await enroll(offeringId, (await subscribedResident()).userId);
    const tokensBefore = api.wechat.tokenRequests;
    expect((await sweep(now)).sent).toBe(3);
    expect(api.wechat.tokenRequests - tokensBefore).toBeLessThanOrEqual(1);
    const host = new URL(api.wechat.url).host;
    expect(await redisTtl(`${api.app.get(REDIS_NAMESPACE)}:wechat:access-token:wx-test-appid:${host}`)).toBeGreaterThan(0);
  });
});

describe('reminders switched off', () => {
  it('without a template the mini program is told null, nothing is scheduled, a sweep does nothing, and subscriptions are refused', async () => {
    const off = await startApi({ ...REMINDERS_ON, WECHAT_REMINDER_TEMPLATE_ID: '' });
    try {
      expect(await off.http.get('/api/subscriptions/templates')).toMatchObject({ status: 200, body: { reminder: null } });
      expect(off.app.get(ReminderScheduler).mode).toBe('off');
      const now = ownMoment();
      const { offeringId, sessionId } = await newSession(new Date(now.getTime() + 60 * MINUTE));
      const r = await subscribedResident(1);
      await enroll(offeringId, r.userId);
      expect(await sweep(now, off)).toEqual({ sent: 0, failed: 0, skipped: 0 });
      expect(await deliveries(sessionId)).toEqual([]);
      const other = await newResident(off);
      expectApiError(await off.http.as(other.tokens.accessToken).post('/api/me/subscriptions', [{ templateId: TEMPLATE, accepted: true }]), 400, ReminderError.UnknownTemplate);
    } finally {
      await off.close();
    }
  });
});

describe('scheduling', () => {
  it('with Redis, a single BullMQ job scheduler runs the sweep every REMINDER_SWEEP_SECONDS', async () => {
    const instance = await startApi({ ...REMINDERS_ON, REMINDER_SWEEP_SECONDS: '45' });
    const queue = new Queue(PERIODIC_QUEUE, { connection: { url: testRedisUrl(), maxRetriesPerRequest: null }, prefix: bullPrefix(instance.app.get(REDIS_NAMESPACE)) });
    try {
      expect(instance.app.get(ReminderScheduler).mode).toBe('queue');
      const schedulers = await queue.getJobSchedulers();
      expect(schedulers.filter((s) => s.key === SWEEP_SCHEDULER_ID)).toEqual([expect.objectContaining({ every: 45_000 })]);
    } finally {
      await queue.close();
      await instance.close();
    }
  });

  it('without Redis, a timer in the process sweeps, and the app still sends and stops cleanly', async () => {
    const single = await startApi({ ...REMINDERS_ON, REDIS_URL: '' });
    try {
      expect(single.app.get(ReminderScheduler).mode).toBe('timer');
      const now = ownMoment();
      const { offeringId, sessionId } = await newSession(new Date(now.getTime() + 60 * MINUTE));
      const r = await subscribedResident(1, single);
      await enroll(offeringId, r.userId);
      expect(await sweep(now, single)).toEqual({ sent: 1, failed: 0, skipped: 0 });
      expect(single.wechat.messagesTo(r.openid)).toHaveLength(1);
      expect(await deliveries(sessionId)).toEqual([{ userId: r.userId, status: 'sent', detail: null }]);
    } finally {
      await single.close();
    }
  });

  it('the BullMQ worker really sweeps on schedule: a session half an hour from now gets its reminder unprompted', async () => {
    const fast = await startApi({ ...REMINDERS_ON, REMINDER_SWEEP_SECONDS: '1' });
    try {
      const { offeringId, sessionId } = await newSession(new Date(Date.now() + 30 * MINUTE), { title: '准时提醒测试' });
      const r = await subscribedResident(1, fast);
      await enroll(offeringId, r.userId);
      const deadline = Date.now() + 20_000;
      // a claimed delivery reads 'interrupted' until WeChat has answered and it is settled (what a crash
      // mid-send leaves); on a busy machine the poll can land in between, so it waits for the settled row
      const settled = (rows: { detail: string | null }[]) => rows.length > 0 && rows.every((d) => d.detail !== 'interrupted: WeChat had not answered');
      let rows = await deliveries(sessionId);
      while (!settled(rows) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        rows = await deliveries(sessionId);
      }
      // any instance's worker may have taken the job; whichever did, it went out once
      expect(rows).toEqual([{ userId: r.userId, status: 'sent', detail: null }]);
    } finally {
      await fast.close();
    }
  });
});

async function redisTtl(key: string): Promise<number> {
  const redis = new Redis(testRedisUrl(), { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    return await redis.pttl(key);
  } finally {
    redis.disconnect();
  }
}
