import { TokenPair, TranscriptSummary } from '@lp/shared';
import { screenshotPath, useDemoPortal } from '../support/browser';

const RESIDENT_ID = '00000000-0000-4000-8000-000000000001'; // 王秀英 of the demo data, a year of learning records

const portal = useDemoPortal('lp_e2e_browser_verify_upload');

/** 王秀英's newest transcript as the PDF she would hand to an HR clerk. */
async function transcriptPdf(): Promise<{ id: string; pdf: Buffer }> {
  const login = await portal.call<TokenPair>('POST', '/api/auth/demo/login', undefined, { userId: RESIDENT_ID });
  expect(login.status).toBe(200);
  const issued = await portal.call<TranscriptSummary>('POST', '/api/me/transcripts', login.body.accessToken);
  expect([200, 201]).toContain(issued.status);
  const res = await fetch(`${portal.server.url}/api/me/transcripts/${issued.body.id}/pdf`, { headers: { authorization: `Bearer ${login.body.accessToken}` } });
  expect(res.status).toBe(200);
  return { id: issued.body.id, pdf: Buffer.from(await res.arrayBuffer()) };
}

describe.each([
  ['phone', { width: 390, height: 844 }],
  ['desktop', { width: 1280, height: 800 }],
])('an HR clerk checks a transcript PDF at /verify (%s)', (label, viewport) => {
  it('goes from the QR page to the upload page, uploads the PDF and reads 真实有效; a changed copy reads 已被改动', async () => {
    const { id, pdf } = await transcriptPdf();
    const context = await portal.browser.newContext({ viewport, deviceScaleFactor: viewport.width < 500 ? 2 : 1 });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    // a CSP violation shows up as a console error: the page must need nothing its CSP refuses
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    try {
      await page.goto(`${portal.server.url}/verify/${id}`);
      await page.locator('#verify-upload-link').click();
      await page.waitForURL(`${portal.server.url}/verify`);
      await page.screenshot({ path: screenshotPath(`verify-upload-form-${label}`), fullPage: true });

      await page.locator('#verify-file').setInputFiles({ name: `transcript-${id}.pdf`, mimeType: 'application/pdf', buffer: pdf });
      await page.locator('#verify-submit').click();
      const verdict = page.locator('#verdict strong');
      await verdict.waitFor();
      const said = await verdict.innerText();
      const table = await page.locator('table').innerText();
      console.log(`${label}: verdict ${said}; ${table.replace(/\s+/g, ' ').slice(0, 160)}`);
      expect(said).toBe('真实有效');
      expect(table).toContain('王*英');
      expect(table).toContain('学分');
      // large type for an elderly or busy reader
      const size = await verdict.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      expect(size).toBeGreaterThanOrEqual(32);
      const button = await page.locator('#verify-submit').boundingBox();
      expect(button!.height).toBeGreaterThanOrEqual(60);
      await page.screenshot({ path: screenshotPath(`verify-upload-genuine-${label}`), fullPage: true });

      // the clerk checks a second copy that someone edited: the form is right there again
      const changed = Buffer.from(pdf);
      changed[Math.floor(pdf.length / 2)] ^= 0x01;
      await page.locator('#verify-file').setInputFiles({ name: 'edited.pdf', mimeType: 'application/pdf', buffer: changed });
      await page.locator('#verify-submit').click();
      await page.waitForFunction(() => document.querySelector('#verdict strong')?.textContent === '已被改动');
      expect(await page.locator('table').count()).toBe(0);
      await page.screenshot({ path: screenshotPath(`verify-upload-altered-${label}`), fullPage: true });
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
