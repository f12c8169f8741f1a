import { AuthError, ErrorCode, ProfileError } from '@lp/shared';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppError } from '../common/app-error';
import { withResponsiveTimeout } from '../common/responsive-timeout';
import { AppConfig } from '../config/app-config';
import { OptionalRedis, REDIS } from '../redis/redis.module';

export interface WechatSession {
  openid: string;
  unionid: string | null;
}

/** One subscribe message: the template decides which keys `data` must have. */
export interface SubscribeMessage {
  openid: string;
  templateId: string;
  /** Mini program page opened from the message, with its query string. */
  page: string;
  /** Template key (thing1, time2 …) to value. */
  data: Record<string, string>;
}

/**
 * Why a subscribe message was not delivered:
 * - `not_subscribed` (43101): the user has no acceptance left for this template on WeChat's side;
 * - `invalid_openid` (40003) and `invalid_data` (47003): our request was wrong, nothing was sent;
 * - `token`: no access token could be had (bad appid/secret, IP not whitelisted, WeChat down);
 * - `unreachable`: timeout, network or HTTP error, unreadable answer;
 * - `refused`: any other WeChat error code.
 */
export type WechatFailure = 'not_subscribed' | 'invalid_openid' | 'invalid_data' | 'token' | 'unreachable' | 'refused';

export type SubscribeSendResult = { ok: true } | { ok: false; failure: WechatFailure; errcode: number | null };

interface Code2SessionReply {
  openid?: string;
  unionid?: string;
  session_key?: string;
  errcode?: number;
  errmsg?: string;
}

interface TokenReply {
  access_token?: string;
  expires_in?: number;
  errcode?: number;
  errmsg?: string;
}

interface ErrcodeReply {
  errcode?: number;
  errmsg?: string;
}

interface PhoneNumberReply extends ErrcodeReply {
  phone_info?: { purePhoneNumber?: string; countryCode?: string | number };
}

type HttpOutcome<T> = { ok: true; body: T } | { ok: false; problem: 'timeout' | 'unreachable' | 'http' | 'bad_json' };

type TokenOutcome = { ok: true; token: string } | { ok: false; failure: 'token' | 'unreachable'; errcode: number | null };

/** WeChat codes that mean the login code itself is bad: used, expired, forged, or the user is blocked. */
const BAD_CODE = new Set([40029, 40163, 40226]);

/** The same for a 手机号快速验证 code: unknown, used or expired (each code works once, for 5 minutes). */
const BAD_PHONE_CODE = new Set([40029, 40163, 40226, 41008]);

const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;

/** The access token was revoked (a newer one was issued elsewhere) or has expired: fetch a new one, once. */
const TOKEN_REJECTED = new Set([40001, 42001]);

const SEND_FAILURES: Record<number, WechatFailure> = { 43101: 'not_subscribed', 40003: 'invalid_openid', 47003: 'invalid_data' };

/**
 * Talks to WeChat's server API: `jscode2session` for login, the access token (`stable_token`),
 * the verified phone number behind a 手机号快速验证 code, and subscribe messages. The base URL comes from configuration so tests run against a local server that
 * speaks the same protocol. Neither the app secret, the session key, the access token nor an
 * openid ever reaches a log.
 */
@Injectable()
export class WechatClient {
  private readonly logger = new Logger(WechatClient.name);
  /** One token request at a time per process: concurrent calls wait for the same answer. */
  private tokenInFlight: Promise<TokenOutcome> | null = null;

  constructor(
    private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: OptionalRedis,
  ) {}

  async code2Session(code: string): Promise<WechatSession> {
    const url = this.apiUrl('/sns/jscode2session', {
      appid: this.config.WECHAT_APP_ID,
      secret: this.config.WECHAT_APP_SECRET,
      js_code: code,
      grant_type: 'authorization_code',
    });
    const reply = await this.getJson<Code2SessionReply>(url, 'jscode2session');
    if (reply.errcode && reply.errcode !== 0) {
      if (BAD_CODE.has(reply.errcode)) {
        throw AppError.unauthenticated('微信登录已失效，请重新打开小程序再试', AuthError.WechatCodeInvalid);
      }
      this.logger.warn({ api: 'jscode2session', errcode: reply.errcode }, 'wechat refused');
      if (reply.errcode === 45011) throw new AppError(429, ErrorCode.TooManyRequests, '登录太频繁了，请稍等一会儿再试');
      throw new AppError(503, AuthError.WechatUnavailable, '微信服务暂时不可用，请稍后再试');
    }
    if (!reply.openid) {
      this.logger.warn({ api: 'jscode2session' }, 'wechat reply without openid');
      throw new AppError(503, AuthError.WechatUnavailable, '微信服务暂时不可用，请稍后再试');
    }
    return { openid: reply.openid, unionid: reply.unionid ?? null };
  }

  /**
   * Sends one subscribe message. Never throws: every outcome, including timeouts, is a result
   * the caller records. A rejected access token is replaced and the message retried once.
   */
  async sendSubscribeMessage(message: SubscribeMessage): Promise<SubscribeSendResult> {
    const reply = await this.withAccessToken((token) => this.postSubscribe(token, message));
    if (!reply.ok) return reply.problem === 'token' ? reply.token : { ok: false, failure: 'unreachable', errcode: null };
    const errcode = reply.body.errcode ?? 0;
    if (errcode === 0) return { ok: true };
    if (!SEND_FAILURES[errcode]) this.logger.warn({ api: 'subscribe.send', errcode }, 'wechat refused');
    return { ok: false, failure: SEND_FAILURES[errcode] ?? 'refused', errcode };
  }

  /**
   * The mainland mobile number WeChat verified for the user who tapped 手机号快速验证 and got
   * `code`. Throws a 400 for a bad code, a 503 when WeChat cannot be reached or refuses us.
   */
  async phoneNumber(code: string): Promise<string> {
    const reply = await this.withAccessToken((token) =>
      this.call<PhoneNumberReply>(
        this.apiUrl('/wxa/business/getuserphonenumber', { access_token: token }),
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) },
        'getuserphonenumber',
      ),
    );
    if (!reply.ok) throw wechatDown(reply.problem);
    const { errcode = 0, phone_info: info } = reply.body;
    if (BAD_PHONE_CODE.has(errcode)) {
      throw AppError.badRequest('手机号验证已过期，请再点一次“手机号快速验证”', undefined, ProfileError.PhoneCodeInvalid);
    }
    if (errcode === 45011) throw AppError.tooManyRequests('验证太频繁了', 60);
    if (errcode !== 0 || !info?.purePhoneNumber) {
      this.logger.warn({ api: 'getuserphonenumber', errcode }, 'wechat refused');
      throw new AppError(503, AuthError.WechatUnavailable, '微信服务暂时不可用，请稍后再试');
    }
    if (String(info.countryCode ?? '86') !== '86' || !MAINLAND_MOBILE.test(info.purePhoneNumber)) {
      throw AppError.badRequest('微信里的手机号不是中国大陆手机号，请换一个号码手动填写', undefined, ProfileError.PhoneNotMainland);
    }
    return info.purePhoneNumber;
  }

  /**
   * One call that needs the access token. When WeChat says the token is invalid or expired
   * (40001, 42001), a new one is forced and the call made once more, never more.
   */
  private async withAccessToken<T extends ErrcodeReply>(
    request: (token: string) => Promise<HttpOutcome<T>>,
  ): Promise<HttpOutcome<T> | { ok: false; problem: 'token'; token: Extract<TokenOutcome, { ok: false }> }> {
    let token = await this.accessToken();
    if (!token.ok) return { ok: false, problem: 'token', token };
    let reply = await request(token.token);
    if (reply.ok && reply.body.errcode !== undefined && TOKEN_REJECTED.has(reply.body.errcode)) {
      token = await this.accessToken(token.token);
      if (!token.ok) return { ok: false, problem: 'token', token };
      reply = await request(token.token);
    }
    return reply;
  }

  private postSubscribe(accessToken: string, m: SubscribeMessage): Promise<HttpOutcome<ErrcodeReply>> {
    const data = Object.fromEntries(Object.entries(m.data).map(([key, value]) => [key, { value }]));
    const body = {
      touser: m.openid,
      template_id: m.templateId,
      page: m.page,
      data,
      miniprogram_state: this.config.WECHAT_MINIPROGRAM_STATE,
      lang: 'zh_CN',
    };
    return this.call<ErrcodeReply>(
      this.apiUrl('/cgi-bin/message/subscribe/send', { access_token: accessToken }),
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
      'subscribe.send',
    );
  }

  /**
   * The access token, from Redis (the one cache, shared by every instance), else from WeChat's
   * `stable_token`. `rejected` is a token WeChat just refused: unless another caller has already
   * replaced it, a new one is forced (`force_refresh`), which also ends the old one everywhere.
   * Without Redis nothing is cached: `stable_token` then hands every instance the same token.
   */
  private async accessToken(rejected?: string): Promise<TokenOutcome> {
    this.tokenInFlight ??= this.loadToken(rejected).finally(() => (this.tokenInFlight = null));
    const outcome = await this.tokenInFlight;
    // A request already in flight may have brought back the very token WeChat just refused.
    if (rejected && outcome.ok && outcome.token === rejected) return this.loadToken(rejected);
    return outcome;
  }

  private async loadToken(rejected: string | undefined): Promise<TokenOutcome> {
    const shared = await this.readSharedToken();
    if (shared && shared !== rejected) return { ok: true, token: shared };

    const body = {
      grant_type: 'client_credential',
      appid: this.config.WECHAT_APP_ID,
      secret: this.config.WECHAT_APP_SECRET,
      force_refresh: rejected !== undefined,
    };
    const reply = await this.call<TokenReply>(
      this.apiUrl('/cgi-bin/stable_token', {}),
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
      'stable_token',
    );
    if (!reply.ok) return { ok: false, failure: 'unreachable', errcode: null };
    const { access_token: value, expires_in: expiresIn, errcode } = reply.body;
    if (!value || !expiresIn || (errcode !== undefined && errcode !== 0)) {
      this.logger.warn({ api: 'stable_token', errcode: errcode ?? null }, 'wechat refused an access token');
      return { ok: false, failure: 'token', errcode: errcode ?? null };
    }
    // Renew well before WeChat does: a call must never race the expiry.
    const usableMs = Math.max(expiresIn - 300, expiresIn / 2) * 1000;
    await this.writeSharedToken(value, Math.floor(usableMs));
    return { ok: true, token: value };
  }

  /** A token is only valid at the API that issued it; keying by host also keeps test servers apart. */
  private get tokenKey(): string {
    return `wechat:access-token:${this.config.WECHAT_APP_ID}:${new URL(this.config.WECHAT_API_BASE).host}`;
  }

  // Redis is only a cache here: when it is down, the token is asked of WeChat each time.
  private async readSharedToken(): Promise<string | null> {
    if (!this.redis) return null;
    try {
      return await this.redis.get(this.tokenKey);
    } catch (err) {
      this.logger.warn({ reason: (err as Error).message }, 'shared access token unreadable, asking WeChat');
      return null;
    }
  }

  private async writeSharedToken(value: string, ttlMs: number): Promise<void> {
    if (!this.redis) return;
    await this.redis.set(this.tokenKey, value, 'PX', ttlMs).catch((err: Error) => {
      this.logger.warn({ reason: err.message }, 'could not share the access token');
    });
  }

  private apiUrl(path: string, query: Record<string, string>): URL {
    const url = new URL(path, this.config.WECHAT_API_BASE);
    url.search = new URLSearchParams(query).toString();
    return url;
  }

  /** For requests made on behalf of a user: a failure becomes a 503 they can read. */
  private async getJson<T>(url: URL, api: string): Promise<T> {
    const reply = await this.call<T>(url, { method: 'GET' }, api);
    if (reply.ok) return reply.body;
    throw wechatDown(reply.problem);
  }

  /**
   * One HTTP exchange with WeChat, answer read, within WECHAT_TIMEOUT_MS of the time this process
   * could listen (a stalled event loop is not WeChat's delay). Only the API name and status are
   * logged: URLs carry secrets and tokens.
   */
  private call<T>(url: URL, init: RequestInit, api: string): Promise<HttpOutcome<T>> {
    return withResponsiveTimeout(this.config.WECHAT_TIMEOUT_MS, async (signal) => {
      let res: Response;
      try {
        res = await fetch(url, { ...init, signal });
      } catch (err) {
        return this.unreachable(err, api);
      }
      if (!res.ok) {
        this.logger.warn({ api, status: res.status }, 'wechat http error');
        await res.body?.cancel().catch(() => undefined);
        return { ok: false, problem: 'http' };
      }
      try {
        return { ok: true, body: (await res.json()) as T };
      } catch (err) {
        if (signal.aborted) return this.unreachable(err, api);
        this.logger.warn({ api }, 'wechat answer is not JSON');
        return { ok: false, problem: 'bad_json' };
      }
    });
  }

  private unreachable(err: unknown, api: string): HttpOutcome<never> {
    const reason = (err as Error).name;
    this.logger.warn({ api, reason }, 'wechat unreachable');
    return { ok: false, problem: reason === 'TimeoutError' ? 'timeout' : 'unreachable' };
  }
}

/** The 503 a user reads when WeChat could not answer their request. */
function wechatDown(problem: string): AppError {
  const unreachable = problem === 'timeout' || problem === 'unreachable';
  return new AppError(503, AuthError.WechatUnavailable, unreachable ? '微信服务暂时连不上，请稍后再试' : '微信服务暂时不可用，请稍后再试');
}
