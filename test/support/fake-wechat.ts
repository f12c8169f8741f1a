import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { AddressInfo } from 'node:net';

type CodeOutcome = { openid: string; unionid?: string } | { errcode: number; errmsg: string };
type WechatError = { errcode: number; errmsg: string };

/** A subscribe message as WeChat received it. */
export interface ReceivedMessage {
  touser: string;
  template_id: string;
  page?: string;
  data: Record<string, { value: string }>;
  miniprogram_state?: string;
  lang?: string;
}

/** WeChat's limits on template values (47003 when broken): `thing` at most 20 characters. */
const THING_MAX = 20;

/**
 * A local server that speaks WeChat's protocol:
 * - `jscode2session`: checks appid and secret, accepts each code once, and answers WeChat's
 *   error codes for bad, used or throttled codes. Tests issue codes the way wx.login would.
 * - `cgi-bin/stable_token`: issues access tokens (client_credential) the way getStableAccessToken
 *   does: the same token until it expires, a new one (ending the old) on `force_refresh`. Tests
 *   can revoke or expire them.
 * - `wxa/business/getuserphonenumber`: checks the token and answers the phone number behind a
 *   手机号快速验证 code, each code once.
 * - `cgi-bin/message/subscribe/send`: checks the token and the values, records each message,
 *   and answers with an error when told to (per openid or for everyone).
 */
export class FakeWechat {
  private server: Server | null = null;
  private readonly codes = new Map<string, CodeOutcome>();
  private readonly used = new Set<string>();
  /** Access tokens issued and not revoked, with their expiry (ms since epoch). */
  private readonly tokens = new Map<string, number>();
  /** The token `stable_token` hands out in its normal mode while it lasts. */
  private current: string | null = null;
  private readonly phoneCodes = new Map<string, { phone: string; countryCode: string }>();
  /** `force_refresh` of every stable_token request, in order. */
  readonly tokenForceRefresh: boolean[] = [];
  private readonly sendFailures = new Map<string, WechatError>();
  /** How the server behaves as a whole: normal, answering HTTP 502, or never answering. */
  mode: 'normal' | 'http-error' | 'hang' = 'normal';
  readonly requests: URL[] = [];
  /** Subscribe messages accepted, in order. */
  readonly messages: ReceivedMessage[] = [];
  /** `expires_in` of the access tokens issued from now on. */
  tokenLifetimeSeconds = 7200;
  /** When true, every call is answered 40001 whatever its access token (an appid whose tokens are all revoked). */
  refuseEveryToken = false;
  /** When set, every subscribe message is refused with this error. */
  failAllSends: WechatError | null = null;

  constructor(
    private readonly appid: string,
    private readonly secret: string,
  ) {}

  private secure = false;

  get url(): string {
    const addr = this.server?.address() as AddressInfo | null;
    if (!addr) throw new Error('fake WeChat server is not running');
    return `${this.secure ? 'https' : 'http'}://127.0.0.1:${addr.port}`;
  }

  /** Over https with `tls` (a certificate for 127.0.0.1 the server trusts through NODE_EXTRA_CA_CERTS), as production requires. */
  async start(tls?: { key: string; cert: string }): Promise<this> {
    this.secure = !!tls;
    const handler = (req: IncomingMessage, res: ServerResponse) => this.handle(req, res);
    this.server = tls ? createTlsServer(tls, handler) : createServer(handler);
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** A code that logs in as this openid (a new random one when omitted). */
  codeFor(openid = `o${randomBytes(12).toString('hex')}`, unionid?: string): { code: string; openid: string } {
    const code = `c${randomBytes(12).toString('hex')}`;
    this.codes.set(code, { openid, unionid });
    return { code, openid };
  }

  /** A code that WeChat will answer with this error. */
  failingCode(errcode: number, errmsg: string): string {
    const code = `e${randomBytes(12).toString('hex')}`;
    this.codes.set(code, { errcode, errmsg });
    return code;
  }

  /** Subscribe messages to this openid are refused with this error (43101: the user did not subscribe). */
  failSendsTo(openid: string, errcode: number, errmsg = 'user refuse to accept the msg'): void {
    this.sendFailures.set(openid, { errcode, errmsg });
  }

  /** A 手机号快速验证 code for this number, as getPhoneNumber gives the mini program. */
  phoneCodeFor(phone: string, countryCode = '86'): string {
    const code = `p${randomBytes(16).toString('hex')}`;
    this.phoneCodes.set(code, { phone, countryCode });
    return code;
  }

  /** Revokes every access token issued so far (40001), as a force refresh elsewhere would. */
  revokeTokens(): void {
    this.tokens.clear();
    this.current = null;
  }

  /** Every access token issued so far is past its lifetime (42001); stable_token issues a new one. */
  expireTokens(): void {
    for (const token of this.tokens.keys()) this.tokens.set(token, Date.now() - 1);
  }

  /** How many access tokens were asked for. */
  get tokenRequests(): number {
    return this.tokenForceRefresh.length;
  }

  /** How many times a 手机号快速验证 code was sent to be exchanged. */
  get phoneRequests(): number {
    return this.requests.filter((u) => u.pathname === '/wxa/business/getuserphonenumber').length;
  }

  /** Messages received for one user. */
  messagesTo(openid: string): ReceivedMessage[] {
    return this.messages.filter((m) => m.touser === openid);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    this.requests.push(url);
    if (this.mode === 'hang') return; // the client's timeout must save it
    if (this.mode === 'http-error') {
      res.writeHead(502).end('bad gateway');
      return;
    }
    const send = (body: object): void => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (url.pathname === '/sns/jscode2session' && req.method === 'GET') return this.code2Session(url, send);
    const posted: Record<string, (url: URL, raw: string, send: (body: object) => void) => void> = {
      '/cgi-bin/stable_token': (_url, raw, reply) => this.stableToken(raw, reply),
      '/cgi-bin/message/subscribe/send': (u, raw, reply) => this.subscribeSend(u, raw, reply),
      '/wxa/business/getuserphonenumber': (u, raw, reply) => this.phoneNumber(u, raw, reply),
    };
    const route = req.method === 'POST' ? posted[url.pathname] : undefined;
    if (route) {
      let raw = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (raw += chunk));
      req.on('end', () => route(url, raw, send));
      return;
    }
    res.writeHead(404).end();
  }

  private stableToken(raw: string, send: (body: object) => void): void {
    let body: { grant_type?: unknown; appid?: unknown; secret?: unknown; force_refresh?: unknown };
    try {
      body = JSON.parse(raw) as typeof body;
    } catch {
      return send({ errcode: 47001, errmsg: 'data format error' });
    }
    this.tokenForceRefresh.push(body.force_refresh === true);
    if (body.grant_type !== 'client_credential') return send({ errcode: 40002, errmsg: 'invalid grant_type' });
    if (body.appid !== this.appid) return send({ errcode: 40013, errmsg: 'invalid appid' });
    if (body.secret !== this.secret) return send({ errcode: 40125, errmsg: 'invalid appsecret' });
    const currentExpiry = this.current ? this.tokens.get(this.current) : undefined;
    if (body.force_refresh !== true && this.current && currentExpiry !== undefined && currentExpiry > Date.now()) {
      return send({ access_token: this.current, expires_in: Math.floor((currentExpiry - Date.now()) / 1000) });
    }
    if (this.current) this.tokens.delete(this.current);
    const token = `t${randomBytes(24).toString('hex')}`;
    this.current = token;
    this.tokens.set(token, Date.now() + this.tokenLifetimeSeconds * 1000);
    send({ access_token: token, expires_in: this.tokenLifetimeSeconds });
  }

  /** WeChat's answer to a call made with this access token when the token is not good, else null. */
  private tokenProblem(url: URL): WechatError | null {
    const expiresAt = this.tokens.get(url.searchParams.get('access_token') ?? '');
    if (expiresAt === undefined || this.refuseEveryToken) return { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' };
    if (expiresAt <= Date.now()) return { errcode: 42001, errmsg: 'access_token expired' };
    return null;
  }

  private phoneNumber(url: URL, raw: string, send: (body: object) => void): void {
    const problem = this.tokenProblem(url);
    if (problem) return send(problem);
    let code: unknown;
    try {
      code = (JSON.parse(raw) as { code?: unknown }).code;
    } catch {
      return send({ errcode: 47001, errmsg: 'data format error' });
    }
    const outcome = typeof code === 'string' ? this.phoneCodes.get(code) : undefined;
    if (!outcome) return send({ errcode: 40029, errmsg: 'invalid code' });
    this.phoneCodes.delete(code as string); // each code works once
    send({
      errcode: 0,
      errmsg: 'ok',
      phone_info: {
        phoneNumber: outcome.countryCode === '86' ? outcome.phone : `+${outcome.countryCode}${outcome.phone}`,
        purePhoneNumber: outcome.phone,
        countryCode: outcome.countryCode,
        watermark: { timestamp: Math.floor(Date.now() / 1000), appid: this.appid },
      },
    });
  }

  private subscribeSend(url: URL, raw: string, send: (body: object) => void): void {
    const problem = this.tokenProblem(url);
    if (problem) return send(problem);
    let message: ReceivedMessage;
    try {
      message = JSON.parse(raw) as ReceivedMessage;
    } catch {
      return send({ errcode: 47001, errmsg: 'data format error' });
    }
    if (typeof message.touser !== 'string' || !message.touser) return send({ errcode: 40003, errmsg: 'invalid openid' });
    if (typeof message.template_id !== 'string' || !message.template_id) return send({ errcode: 40037, errmsg: 'invalid template_id' });
    for (const [key, field] of Object.entries(message.data ?? {})) {
      const value = field?.value;
      if (typeof value !== 'string' || (key.startsWith('thing') && Array.from(value).length > THING_MAX)) {
        return send({ errcode: 47003, errmsg: `argument invalid! data.${key}.value invalid` });
      }
    }
    const failure = this.failAllSends ?? this.sendFailures.get(message.touser);
    if (failure) return send(failure);
    this.messages.push(message);
    send({ errcode: 0, errmsg: 'ok' });
  }

  private code2Session(url: URL, send: (body: object) => void): void {
    const q = url.searchParams;
    if (q.get('grant_type') !== 'authorization_code') return send({ errcode: 40002, errmsg: 'invalid grant_type' });
    if (q.get('appid') !== this.appid) return send({ errcode: 40013, errmsg: 'invalid appid' });
    if (q.get('secret') !== this.secret) return send({ errcode: 40125, errmsg: 'invalid appsecret' });
    const code = q.get('js_code') ?? '';
    const outcome = this.codes.get(code);
    if (!outcome) return send({ errcode: 40029, errmsg: 'invalid code' });
    if ('errcode' in outcome) return send(outcome);
    if (this.used.has(code)) return send({ errcode: 40163, errmsg: 'code been used' });
    this.used.add(code);
    send({
      openid: outcome.openid,
      session_key: randomBytes(16).toString('base64'),
      ...(outcome.unionid ? { unionid: outcome.unionid } : {}),
    });
  }
}
