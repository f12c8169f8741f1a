import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TokenPair } from '@lp/shared';
import { Browser, chromium, Page } from 'playwright-core';
import { freshDatabase } from './global-setup';
import { ServerProcess, startServerProcess } from './server-process';

export const ARTIFACTS = resolve(__dirname, '..', 'artifacts');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium, headless (Playwright gives it a fresh empty profile), with the flags this machine's closed network needs. Never downloads a browser. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export const screenshotPath = (name: string) => join(ARTIFACTS, `${name}.png`);

/** Waits until no CSS transition or animation is running (Taro slides pages in and out). */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'), undefined, { timeout: 10_000 });
}

export interface DemoPortal {
  server: ServerProcess;
  browser: Browser;
  /** A JSON call to the portal's API, as a script would make it. */
  call<T>(method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: T }>;
  /** A demo staff account's tokens (password demo12345). */
  passwordLogin(username: string): Promise<TokenPair>;
}

/**
 * The whole portal with its demo data in a database of its own, and Chromium, for one test file:
 * registers its own beforeAll/afterAll and hands back the pieces once they are up.
 */
export function useDemoPortal(databaseName: string): DemoPortal {
  const portal = {} as DemoPortal;
  beforeAll(async () => {
    portal.server = await startServerProcess(await freshDatabase(process.env.E2E_ADMIN_DATABASE_URL!, databaseName));
    portal.browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await portal.browser?.close();
    await portal.server?.stop();
  });
  portal.call = async <T>(method: string, path: string, token?: string, body?: unknown) => {
    const res = await fetch(portal.server.url + path, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  };
  portal.passwordLogin = async (username: string) => {
    const res = await portal.call<TokenPair>('POST', '/api/auth/password/login', undefined, { username, password: 'demo12345' });
    if (res.status !== 200) throw new Error(`demo login of ${username} failed: ${res.status}`);
    return res.body;
  };
  return portal;
}
