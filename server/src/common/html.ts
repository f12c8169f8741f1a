/**
 * Small server-rendered pages outside the API (a transcript's verify page, a check-in link opened
 * outside WeChat): plain HTML in Chinese, no script, no external asset.
 */

/** Their content security policy: nothing but the page's own inline style. */
export const PLAIN_PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/**
 * A whole page: large type on a light background, one column as wide as a phone. `title` is text
 * (escaped here); `style` and `main` are HTML the caller has escaped.
 */
export function plainPage(page: { title: string; style: string; main: string }): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(page.title)}</title>
<style>
  body { margin: 0; font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Zen Hei", sans-serif; background: #f4f6f8; color: #1f1f1f; font-size: 20px; line-height: 1.6; }
  main { max-width: 640px; margin: 0 auto; padding: 24px 16px 48px; }
${page.style}
</style>
</head>
<body>
<main>
${page.main}
</main>
</body>
</html>
`;
}
