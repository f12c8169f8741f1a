import { AuthError, ErrorCode } from '@lp/shared';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppError } from '../common/app-error';
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

type HttpOutcome<T> = { ok: true; body: T } | { ok: false; problem: 'timeout' | 'unreachable' | 'http' | 'bad_json' };

type TokenOutcome = { ok: true; token: string } | { ok: false; failure: 'token' | 'unreachable'; errcode: number | null };

/** WeChat codes that mean the login code itself is bad: used, expired, forged, or the user is blocked. */
const BAD_CODE = new Set([40029, 40163, 40226]);

/** The access token was revoked (a newer one was issued elsewhere) or has expired: fetch a new one, once. */
const TOKEN_REJECTED = new Set([40001, 42001]);

const SEND_FAILURES: Record<number, WechatFailure> = { 43101: 'not_subscribed', 40003: 'invalid_openid', 47003: 'invalid_data' };

/** Deletes the shared token only if it is still the one WeChat rejected, not a newer one another instance stored. */
const DELETE_IF_SAME = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;

/**
 * Talks to WeChat's server API: `jscode2session` for login, the access token and subscribe
 * messages. The base URL comes from configuration so tests run against a local server that
 * speaks the same protocol. Neither the app secret, the session key, the access token nor an
 * openid ever reaches a log.
 */
@Injectable()
export class WechatClient {
  private readonly logger = new Logger(WechatClient.name);
  private cachedToken: { value: string; expiresAt: number } | null = null;
  /** One token request at a time per process: concurrent sends wait for the same answer. */
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
    let token = await this.accessToken();
    if (!token.ok) return token;
    let reply = await this.postSubscribe(token.token, message);
    if (reply.ok && reply.body.errcode !== undefined && TOKEN_REJECTED.has(reply.body.errcode)) {
      token = await this.accessToken(token.token);
      if (!token.ok) return token;
      reply = await this.postSubscribe(token.token, message);
    }
    if (!reply.ok) return { ok: false, failure: 'unreachable', errcode: null };
    const errcode = reply.body.errcode ?? 0;
    if (errcode === 0) return { ok: true };
    if (!SEND_FAILURES[errcode]) this.logger.warn({ api: 'subscribe.send', errcode }, 'wechat refused');
    return { ok: false, failure: SEND_FAILURES[errcode] ?? 'refused', errcode };
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
   * The access token, from memory, else from Redis (shared by every instance: each new token
   * WeChat issues revokes the previous one a few minutes later, so instances must not each
   * fetch their own), else freshly from WeChat. `rejected` is a token WeChat just refused.
   */
  private async accessToken(rejected?: string): Promise<TokenOutcome> {
    const cached = this.cachedToken;
    if (cached && cached.value !== rejected && cached.expiresAt > Date.now()) return { ok: true, token: cached.value };
    this.cachedToken = null;
    this.tokenInFlight ??= this.loadToken(rejected).finally(() => (this.tokenInFlight = null));
    const outcome = await this.tokenInFlight;
    // A request already in flight may have brought back the very token WeChat just refused.
    if (rejected && outcome.ok && outcome.token === rejected) return this.loadToken(rejected);
    return outcome;
  }

  private async loadToken(rejected: string | undefined): Promise<TokenOutcome> {
    const shared = await this.readSharedToken();
    if (shared && shared.value !== rejected) {
      this.cachedToken = shared;
      return { ok: true, token: shared.value };
    }
    if (rejected) await this.dropSharedToken(rejected);

    const url = this.apiUrl('/cgi-bin/token', {
      grant_type: 'client_credential',
      appid: this.config.WECHAT_APP_ID,
      secret: this.config.WECHAT_APP_SECRET,
    });
    const reply = await this.call<TokenReply>(url, { method: 'GET' }, 'token');
    if (!reply.ok) return { ok: false, failure: 'unreachable', errcode: null };
    const { access_token: value, expires_in: expiresIn, errcode } = reply.body;
    if (!value || !expiresIn || (errcode !== undefined && errcode !== 0)) {
      this.logger.warn({ api: 'token', errcode: errcode ?? null }, 'wechat refused an access token');
      return { ok: false, failure: 'token', errcode: errcode ?? null };
    }
    // Renew well before WeChat does: a send must never race the expiry.
    const usableMs = Math.max(expiresIn - 300, expiresIn / 2) * 1000;
    this.cachedToken = { value, expiresAt: Date.now() + usableMs };
    await this.writeSharedToken(value, Math.floor(usableMs));
    return { ok: true, token: value };
  }

  /** A token is only valid at the API that issued it; keying by host also keeps test servers apart. */
  private get tokenKey(): string {
    return `lp:wechat:access-token:${this.config.WECHAT_APP_ID}:${new URL(this.config.WECHAT_API_BASE).host}`;
  }

  // Redis is a cache here: when it is down, each instance keeps its own token in memory.
  private async readSharedToken(): Promise<{ value: string; expiresAt: number } | null> {
    if (!this.redis) return null;
    try {
      const [value, ttl] = await Promise.all([this.redis.get(this.tokenKey), this.redis.pttl(this.tokenKey)]);
      return value && ttl > 0 ? { value, expiresAt: Date.now() + ttl } : null;
    } catch (err) {
      this.logger.warn({ reason: (err as Error).message }, 'shared access token unreadable, fetching our own');
      return null;
    }
  }

  private async writeSharedToken(value: string, ttlMs: number): Promise<void> {
    if (!this.redis) return;
    await this.redis.set(this.tokenKey, value, 'PX', ttlMs).catch((err: Error) => {
      this.logger.warn({ reason: err.message }, 'could not share the access token');
    });
  }

  private async dropSharedToken(value: string): Promise<void> {
    if (!this.redis) return;
    await this.redis.eval(DELETE_IF_SAME, 1, this.tokenKey, value).catch((err: Error) => {
      this.logger.warn({ reason: err.message }, 'could not drop the rejected access token');
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
    if (reply.problem === 'timeout' || reply.problem === 'unreachable') {
      throw new AppError(503, AuthError.WechatUnavailable, '微信服务暂时连不上，请稍后再试');
    }
    throw new AppError(503, AuthError.WechatUnavailable, '微信服务暂时不可用，请稍后再试');
  }

  /** One HTTP exchange with WeChat. Only the API name and status are logged: URLs carry secrets and tokens. */
  private async call<T>(url: URL, init: RequestInit, api: string): Promise<HttpOutcome<T>> {
    let res: Response;
    try {
      res = await fetch(url, { ...init, signal: AbortSignal.timeout(this.config.WECHAT_TIMEOUT_MS) });
    } catch (err) {
      const reason = (err as Error).name;
      this.logger.warn({ api, reason }, 'wechat unreachable');
      return { ok: false, problem: reason === 'TimeoutError' ? 'timeout' : 'unreachable' };
    }
    if (!res.ok) {
      this.logger.warn({ api, status: res.status }, 'wechat http error');
      await res.body?.cancel().catch(() => undefined);
      return { ok: false, problem: 'http' };
    }
    try {
      return { ok: true, body: (await res.json()) as T };
    } catch {
      this.logger.warn({ api }, 'wechat answer is not JSON');
      return { ok: false, problem: 'bad_json' };
    }
  }
}
