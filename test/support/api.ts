import { ApiError } from '@lp/shared';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createApp } from '@lp/server/dist/app';
import { FakeWechat } from './fake-wechat';
import { TEST_SECRETS, TEST_SETTINGS, testDatabaseUrl, testRedisUrl } from './test-env';

export interface Reply<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** A small HTTP client for the API under test; every call goes over a real socket. */
export class Http {
  constructor(
    readonly baseUrl: string,
    private readonly token?: string,
  ) {}

  as(token: string): Http {
    return new Http(this.baseUrl, token);
  }

  get<T = unknown>(path: string): Promise<Reply<T>> {
    return this.send<T>('GET', path);
  }
  post<T = unknown>(path: string, body?: unknown): Promise<Reply<T>> {
    return this.send<T>('POST', path, body);
  }
  put<T = unknown>(path: string, body?: unknown): Promise<Reply<T>> {
    return this.send<T>('PUT', path, body);
  }
  patch<T = unknown>(path: string, body?: unknown): Promise<Reply<T>> {
    return this.send<T>('PATCH', path, body);
  }

  async send<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : Buffer.isBuffer(body) ? new Uint8Array(body) : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text so the test can show it
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }
}

export interface TestApi {
  app: NestFastifyApplication;
  http: Http;
  db: DataSource;
  wechat: FakeWechat;
  close(): Promise<void>;
}

/** Starts the real application in this process on a free port, against the test database and Redis. */
export async function startApi(overrides: Record<string, string> = {}): Promise<TestApi> {
  const wechat = await new FakeWechat(TEST_SECRETS.WECHAT_APP_ID, TEST_SECRETS.WECHAT_APP_SECRET).start();
  Object.assign(process.env, {
    NODE_ENV: 'test',
    DATABASE_URL: overrides.DATABASE_URL ?? testDatabaseUrl(),
    REDIS_URL: testRedisUrl(),
    ...TEST_SECRETS,
    ...TEST_SETTINGS,
    WECHAT_API_BASE: wechat.url,
    LOG_LEVEL: 'silent',
    DEMO_MODE: 'false',
    TRUST_PROXY: 'false',
    DB_POOL_SIZE: '10',
    DATABASE_POOLER: process.env.E2E_DATABASE_POOLER ?? 'none',
    ...overrides,
  });
  const app = await createApp();
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    app,
    http: new Http(url),
    db: app.get(DataSource),
    wechat,
    close: async () => {
      await app.close();
      await wechat.stop();
    },
  };
}

/** Whether /api/health answers 200 within about ten seconds (after an outage ends). */
export async function healthyAgain(http: Http): Promise<boolean> {
  for (let i = 0; i < 50; i++) {
    if ((await http.get('/api/health')).status === 200) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

export function expectApiError(reply: Reply, status: number, code?: string): ApiError {
  const body = reply.body as ApiError;
  expect({ status: reply.status, code: body?.code }).toEqual({ status, code: code ?? body?.code });
  expect(typeof body.message).toBe('string');
  expect(body.message).toMatch(/[\u4e00-\u9fa5]/);
  expect(JSON.stringify(body)).not.toMatch(/at .+\.js:\d+|stack|QueryFailedError/);
  return body;
}

/** POSTs `content` as the multipart field `file`, as an admin page's upload does. */
export async function uploadFile<T>(http: Http, token: string | undefined, path: string, content: string | Buffer, filename: string): Promise<Reply<T>> {
  const form = new FormData();
  form.append('file', new Blob([typeof content === 'string' ? content : new Uint8Array(content)]), filename);
  const res = await fetch(http.baseUrl + path, { method: 'POST', headers: token ? { authorization: `Bearer ${token}` } : {}, body: form });
  return { status: res.status, body: await res.json(), headers: res.headers } as Reply<T>;
}
