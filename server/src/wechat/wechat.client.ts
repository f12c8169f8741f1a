import { ErrorCode } from '@lp/shared';
import { Injectable, Logger } from '@nestjs/common';
import { AppError } from '../common/app-error';
import { AppConfig } from '../config/app-config';

export interface WechatSession {
  openid: string;
  unionid: string | null;
}

interface Code2SessionReply {
  openid?: string;
  unionid?: string;
  session_key?: string;
  errcode?: number;
  errmsg?: string;
}

/** WeChat codes that mean the login code itself is bad: used, expired, forged, or the user is blocked. */
const BAD_CODE = new Set([40029, 40163, 40226]);

/**
 * Talks to WeChat's server API (`jscode2session` for now). The base URL comes from
 * configuration so tests run against a local server that speaks the same protocol.
 * Neither the app secret nor the session key ever reaches a log.
 */
@Injectable()
export class WechatClient {
  private readonly logger = new Logger(WechatClient.name);

  constructor(private readonly config: AppConfig) {}

  async code2Session(code: string): Promise<WechatSession> {
    const url = new URL('/sns/jscode2session', this.config.WECHAT_API_BASE);
    url.search = new URLSearchParams({
      appid: this.config.WECHAT_APP_ID,
      secret: this.config.WECHAT_APP_SECRET,
      js_code: code,
      grant_type: 'authorization_code',
    }).toString();
    const reply = await this.getJson<Code2SessionReply>(url, 'jscode2session');
    if (reply.errcode && reply.errcode !== 0) {
      if (BAD_CODE.has(reply.errcode)) {
        throw AppError.unauthenticated('微信登录已失效，请重新打开小程序再试', ErrorCode.WechatCodeInvalid);
      }
      this.logger.warn({ api: 'jscode2session', errcode: reply.errcode }, 'wechat refused');
      if (reply.errcode === 45011) throw new AppError(429, ErrorCode.TooManyRequests, '登录太频繁了，请稍等一会儿再试');
      throw new AppError(503, ErrorCode.WechatUnavailable, '微信服务暂时不可用，请稍后再试');
    }
    if (!reply.openid) {
      this.logger.warn({ api: 'jscode2session' }, 'wechat reply without openid');
      throw new AppError(503, ErrorCode.WechatUnavailable, '微信服务暂时不可用，请稍后再试');
    }
    return { openid: reply.openid, unionid: reply.unionid ?? null };
  }

  private async getJson<T>(url: URL, api: string): Promise<T> {
    let res: Response;
    try {
      res = await fetch(url, { signal: AbortSignal.timeout(this.config.WECHAT_TIMEOUT_MS) });
    } catch (err) {
      this.logger.warn({ api, reason: (err as Error).name }, 'wechat unreachable');
      throw new AppError(503, ErrorCode.WechatUnavailable, '微信服务暂时连不上，请稍后再试');
    }
    if (!res.ok) {
      this.logger.warn({ api, status: res.status }, 'wechat http error');
      throw new AppError(503, ErrorCode.WechatUnavailable, '微信服务暂时不可用，请稍后再试');
    }
    try {
      return (await res.json()) as T;
    } catch {
      throw new AppError(503, ErrorCode.WechatUnavailable, '微信服务暂时不可用，请稍后再试');
    }
  }
}
