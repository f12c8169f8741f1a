import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

type CodeOutcome = { openid: string; unionid?: string } | { errcode: number; errmsg: string };

/**
 * A local server that speaks WeChat's `jscode2session` protocol: it checks appid and
 * secret, accepts each code once, and answers WeChat's error codes for bad, used or
 * throttled codes. Tests issue codes the way wx.login would hand them to the app.
 */
export class FakeWechat {
  private server: Server | null = null;
  private readonly codes = new Map<string, CodeOutcome>();
  private readonly used = new Set<string>();
  /** How the server behaves as a whole: normal, answering HTTP 502, or never answering. */
  mode: 'normal' | 'http-error' | 'hang' = 'normal';
  readonly requests: URL[] = [];

  constructor(
    private readonly appid: string,
    private readonly secret: string,
  ) {}

  get url(): string {
    const addr = this.server?.address() as AddressInfo | null;
    if (!addr) throw new Error('fake WeChat server is not running');
    return `http://127.0.0.1:${addr.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => this.handle(req, res));
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
    if (url.pathname !== '/sns/jscode2session' || req.method !== 'GET') {
      res.writeHead(404).end();
      return;
    }
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
