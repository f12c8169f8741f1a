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
 * - `cgi-bin/token`: issues access tokens (client_credential) that tests can revoke.
 * - `cgi-bin/message/subscribe/send`: checks the token and the values, records each message,
 *   and answers with an error when told to (per openid or for everyone).
 */
export class FakeWechat {
  private server: Server | null = null;
  private readonly codes = new Map<string, CodeOutcome>();
  private readonly used = new Set<string>();
  /** Access tokens issued and not revoked, with their expiry (ms since epoch). */
  private readonly tokens = new Map<string, number>();
  private readonly sendFailures = new Map<string, WechatError>();
  /** How the server behaves as a whole: normal, answering HTTP 502, or never answering. */
  mode: 'normal' | 'http-error' | 'hang' = 'normal';
  readonly requests: URL[] = [];
  /** Subscribe messages accepted, in order. */
  readonly messages: ReceivedMessage[] = [];
  /** `expires_in` of the access tokens issued from now on. */
  tokenLifetimeSeconds = 7200;
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

  /** Revokes every access token issued so far, as WeChat does once a newer one has been issued. */
  revokeTokens(): void {
    this.tokens.clear();
  }

  /** How many access tokens were asked for. */
  get tokenRequests(): number {
    return this.requests.filter((u) => u.pathname === '/cgi-bin/token').length;
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
    if (url.pathname === '/cgi-bin/token' && req.method === 'GET') return this.token(url, send);
    if (url.pathname === '/cgi-bin/message/subscribe/send' && req.method === 'POST') {
      let raw = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (raw += chunk));
      req.on('end', () => this.subscribeSend(url, raw, send));
      return;
    }
    res.writeHead(404).end();
  }

  private token(url: URL, send: (body: object) => void): void {
    const q = url.searchParams;
    if (q.get('grant_type') !== 'client_credential') return send({ errcode: 40002, errmsg: 'invalid grant_type' });
    if (q.get('appid') !== this.appid) return send({ errcode: 40013, errmsg: 'invalid appid' });
    if (q.get('secret') !== this.secret) return send({ errcode: 40125, errmsg: 'invalid appsecret' });
    const token = `t${randomBytes(24).toString('hex')}`;
    this.tokens.set(token, Date.now() + this.tokenLifetimeSeconds * 1000);
    send({ access_token: token, expires_in: this.tokenLifetimeSeconds });
  }

  private subscribeSend(url: URL, raw: string, send: (body: object) => void): void {
    const token = url.searchParams.get('access_token') ?? '';
    const expiresAt = this.tokens.get(token);
    if (expiresAt === undefined) return send({ errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' });
    if (expiresAt <= Date.now()) return send({ errcode: 42001, errmsg: 'access_token expired' });
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
