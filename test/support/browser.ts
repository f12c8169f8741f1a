import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TokenPair } from '@lp/shared';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { freshDatabase } from './global-setup';
import { ServerProcess, startServerProcess } from './server-process';

export const ARTIFACTS = resolve(__dirname, '..', 'artifacts');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Debian's Chromium, headless (Playwright gives it a fresh empty profile), with the flags this machine's closed network needs. Never downloads a browser.
 * Its pages are watched: when a test fails, support/environment.js has each open page's state written out (`collectEvidence`).
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
  mkdirSync(ARTIFACTS, { recursive: true });
  const browser = await chromium.launch({
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
  watchBrowser(browser);
  return browser;
}

/** What each page did lately (console, uncaught errors, answers ≥ 400, requests that failed), kept for the evidence of a failed test. */
const pageLogs = new WeakMap<Page, string[]>();
const watchedBrowsers = new Set<Browser>();
const LOG_LINES = 200;

function watchPage(page: Page): void {
  if (pageLogs.has(page)) return;
  const log: string[] = [];
  pageLogs.set(page, log);
  const add = (line: string) => {
    log.push(`${new Date().toISOString().slice(11, 23)} ${line}`);
    if (log.length > LOG_LINES) log.shift();
  };
  page.on('console', (m) => add(`console.${m.type()}: ${m.text().slice(0, 500)}`));
  page.on('pageerror', (e) => add(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => add(`request failed: ${r.method()} ${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('response', (r) => {
    if (r.status() < 400) return;
    void r.text().then(
      (body) => add(`answer ${r.status()}: ${r.request().method()} ${r.url()} ${body.slice(0, 300)}`),
      () => add(`answer ${r.status()}: ${r.request().method()} ${r.url()}`),
    );
  });
  page.on('framenavigated', (f) => {
    if (f === page.mainFrame()) add(`navigated: ${f.url()}`);
  });
}

function watchContext(context: BrowserContext): void {
  context.pages().forEach(watchPage);
  context.on('page', watchPage);
}

function watchBrowser(browser: Browser): void {
  watchedBrowsers.add(browser);
  browser.on('disconnected', () => watchedBrowsers.delete(browser));
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (...args: Parameters<Browser['newContext']>) => {
    const context = await newContext(...args);
    watchContext(context);
    return context;
  };
  const newPage = browser.newPage.bind(browser);
  browser.newPage = async (...args: Parameters<Browser['newPage']>) => {
    const page = await newPage(...args);
    watchContext(page.context());
    watchPage(page);
    return page;
  };
}

let evidenceCount = 0;

/**
 * Writes what every open page of every watched browser shows: a screenshot and the HTML in
 * artifacts/, and on stderr (what CI keeps) the page's address, its visible text and its log.
 */
export async function collectEvidence(testName: string): Promise<void> {
  const slug = testName.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 60);
  const lines: string[] = [`---- evidence of the failed test "${testName}" ----`];
  for (const browser of watchedBrowsers) {
    for (const context of browser.contexts()) {
      for (const page of context.pages()) {
        const name = `failed-${slug}-${++evidenceCount}`;
        lines.push(`page ${name}: ${page.url()}`);
        await page.screenshot({ path: screenshotPath(name), timeout: 5_000 }).catch((e: Error) => lines.push(`  (no screenshot: ${e.message.split('\n')[0]})`));
        // a page whose script is stuck answers nothing: never let the evidence hold up the run
        const html = await Promise.race([page.content(), new Promise<string>((done) => setTimeout(() => done(''), 5_000).unref())]).catch(() => '');
        if (html) writeFileSync(join(ARTIFACTS, `${name}.html`), html);
        const text = await page.locator('body').innerText({ timeout: 2_000 }).catch(() => '');
        lines.push(`  text: ${text.replace(/\s+/g, ' ').slice(0, 1500)}`);
        for (const entry of pageLogs.get(page) ?? []) lines.push(`  ${entry}`);
      }
    }
  }
  process.stderr.write(lines.join('\n') + '\n');
}
(globalThis as { __collectBrowserEvidence?: (name: string) => Promise<void> }).__collectBrowserEvidence = collectEvidence;

export const screenshotPath = (name: string) => join(ARTIFACTS, `${name}.png`);

/** Waits until no CSS transition or animation is running (Taro slides pages in and out). */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'), undefined, { timeout: 10_000 });
}

export interface DemoPortal {
  server: ServerProcess;
  /** The portal's own database, for a test that must move time along in it (the server is another process). */
  databaseUrl: string;
  browser: Browser;
  /** A JSON call to the portal's API, as a script would make it. */
  call<T>(method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: T }>;
  /** A demo staff account's tokens (password demo12345). */
  passwordLogin(username: string): Promise<TokenPair>;
}

/**
 * The whole portal with its demo data in a database of its own, and Chromium, for one test file:
 * registers its own beforeAll/afterAll and hands back the pieces once they are up. `env` adds to the
 * server's environment (e.g. a fake WeChat started in an earlier beforeAll).
 */
export function useDemoPortal(databaseName: string, env: () => Record<string, string> = () => ({})): DemoPortal {
  const portal = {} as DemoPortal;
  beforeAll(async () => {
    portal.databaseUrl = await freshDatabase(process.env.E2E_ADMIN_DATABASE_URL!, databaseName);
    portal.server = await startServerProcess(portal.databaseUrl, env());
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
    const res = await portal.call<TokenPair>('POST', '/api/auth/password/login', undefined, { username, password: DEMO_PASSWORD });
    if (res.status !== 200) throw new Error(`demo login of ${username} failed: ${res.status}`);
    return res.body;
  };
  return portal;
}

export const DEMO_PASSWORD = 'demo12345';

/** Signs a demo teacher or admin in through the H5 login form and waits until 首页 greets them. */
export async function signInOnPage(page: Page, baseUrl: string, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(baseUrl + '/');
  await page.locator('#login-username input').fill(username, { timeout: 20_000 });
  await page.locator('#login-password input').fill(password);
  await page.locator('#login-submit').click();
  await page.locator('#home-greeting').waitFor({ timeout: 20_000 });
}

/** An access token for the same account, to read through the API what the page should show. */
export async function apiToken(baseUrl: string, username: string, password = DEMO_PASSWORD): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/password/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login of ${username} answered ${res.status}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** GET with a bearer token, parsed as JSON. */
export async function getJson<T>(baseUrl: string, path: string, token: string): Promise<T> {
  const res = await fetch(baseUrl + path, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`GET ${path} answered ${res.status}`);
  return (await res.json()) as T;
}

export const PHONE = { width: 390, height: 844 };

/**
 * A browser context signed in as `tokens`' user, the way the app keeps its session (nothing else is
 * on the "phone": no 长辈模式 remembered, no font-size stand-in unless `storage` puts one there).
 */
export async function signedInContext(browser: Browser, tokens: TokenPair, storage: Record<string, string> = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2 });
  const session = JSON.stringify({ data: { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, user: tokens.user } });
  await context.addInitScript(
    ({ session, storage }: { session: string; storage: Record<string, string> }) => {
      if (!localStorage.getItem('lp.session')) localStorage.setItem('lp.session', session);
      for (const [key, value] of Object.entries(storage)) localStorage.setItem(key, value);
    },
    { session, storage },
  );
  return context;
}

/** Collects uncaught page errors, to assert at the end that there were none. */
export function watchErrors(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  return problems;
}
