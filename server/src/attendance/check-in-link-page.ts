import { CHECKIN_CODE_DIGITS, CHECKIN_PAGE_PATH } from '@lp/shared';
import { escapeHtml, plainPage } from '../common/html';

/**
 * What a check-in link (`/c/<code>`, the content of the teacher's QR) shows outside WeChat: WeChat's
 * 扫一扫 opens the mini program for that link, any other browser or scanner lands here. One small
 * page in Chinese, large type, no script. `h5Link`, given in the demo, leads to the browser
 * version's check-in page with the same code, so a check-in works there too.
 */
export function renderCheckInLinkPage(h5Link: string | null): string {
  const demo = h5Link
    ? `<p class="demo">这是演示环境，也可以直接在网页里签到：</p><a class="go" id="checkin-link-h5" href="${escapeHtml(h5Link)}">在网页里签到</a>`
    : '';
  return plainPage({
    title: '课程签到',
    style: `  h1 { font-size: 28px; margin: 0 0 16px; }
  .card { background: #fff; border-radius: 12px; padding: 20px; margin-bottom: 16px; }
  .card strong { display: block; font-size: 22px; margin-bottom: 4px; }
  .demo { color: #555; margin: 24px 0 8px; }
  .go { display: block; text-align: center; background: #1559b7; color: #fff; text-decoration: none; font-size: 22px; padding: 16px; border-radius: 12px; }`,
    main: `<h1>课程签到</h1>
<section class="card" id="checkin-link-wechat"><strong>请用微信扫码</strong>打开微信，点右上角的“+”，选“扫一扫”，再扫老师出示的二维码，就能签到。</section>
<section class="card" id="checkin-link-code"><strong>也可以输入签到码</strong>在微信里打开“终身学习”小程序，点首页的“扫码签到”，再点“不能扫码？输入签到码”，输入老师念的 ${CHECKIN_CODE_DIGITS} 位数字。</section>
${demo}`,
  });
}

/** The browser version's check-in page, handed the link as WeChat hands it to the mini program (`q`). */
export function h5CheckInAddress(link: string): string {
  return `/#/${CHECKIN_PAGE_PATH}?q=${encodeURIComponent(link)}`;
}
