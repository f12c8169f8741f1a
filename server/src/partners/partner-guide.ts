import { ErrorCode, PARTNER_SCOPE_LABELS, PartnerError, PartnerScope } from '@lp/shared';
import { escapeHtml, PLAIN_PAGE_CSP, plainPage } from '../common/html';

/** Where the guide lives, outside /api (see app-prefix.ts). */
export const PARTNER_GUIDE_PATH = '/partner-guide';
export const PARTNER_GUIDE_CSP = PLAIN_PAGE_CSP;

/** The open API's endpoints, as the guide lists them; a test holds this list to the OpenAPI document. */
export const PARTNER_ENDPOINTS: readonly { path: string; scope: PartnerScope; consent: boolean; what: string }[] = [
  { path: '/api/partner/v1/credits', scope: 'credits:read', consent: true, what: '居民现在的学分（按类别）和累计学时' },
  { path: '/api/partner/v1/offers', scope: 'credits:read', consent: true, what: '本机构的学分转换项目，以及居民能用于每个项目的学分' },
  { path: '/api/partner/v1/estimate', scope: 'credits:read', consent: true, what: '一段学时（minutes、category）按本区规则值多少学分' },
  { path: '/api/partner/v1/receipts/{receiptNo}', scope: 'credits:read', consent: false, what: '核对一张学分转换回执（只能查本机构收到的）' },
  { path: '/api/partner/v1/records', scope: 'records:export', consent: true, what: '居民的学习记录，xAPI 1.0.3 语句，分页' },
  { path: '/api/partner/v1/transcripts', scope: 'transcripts:verify', consent: true, what: '居民的成绩单及其状态，可再用公开的核验接口核对' },
];

/** Every refusal of the open API: its status and what the partner should do. */
export const PARTNER_REFUSALS: readonly { status: number; code: PartnerError | typeof ErrorCode.TooManyRequests; meaning: string }[] = [
  { status: 401, code: PartnerError.ApiKeyMissing, meaning: '没有带 X-Api-Key，或格式不对。' },
  { status: 401, code: PartnerError.ApiKeyInvalid, meaning: '密钥不存在、已停用或已被更换。请向区管理员要新密钥。' },
  { status: 403, code: PartnerError.ScopeMissing, meaning: '这个密钥没有这项权限。请区管理员在发放密钥时勾选。' },
  { status: 403, code: PartnerError.ConsentRequired, meaning: '查询居民的数据要带 X-Consent-Token（居民给的授权码）。' },
  { status: 403, code: PartnerError.ConsentInvalid, meaning: '授权码不存在，或是给另一家机构的。' },
  { status: 403, code: PartnerError.ConsentRevoked, meaning: '居民已经收回授权。不要再查询，除非居民重新授权。' },
  { status: 403, code: PartnerError.ConsentExpired, meaning: '授权过期了。请居民重新授权。' },
  { status: 403, code: PartnerError.ConsentScope, meaning: '居民没有授权查询这项内容。' },
  { status: 429, code: ErrorCode.TooManyRequests, meaning: '请求太频繁。按响应头 Retry-After 的秒数等待后再试。' },
];

const STYLE = `
  h1 { font-size: 28px; margin: 0 0 12px; }
  h2 { font-size: 23px; margin: 28px 0 8px; }
  section { background: #fff; border-radius: 12px; padding: 4px 16px 12px; margin-bottom: 16px; }
  table { width: 100%; border-collapse: collapse; font-size: 17px; }
  th, td { text-align: left; padding: 8px 6px; border-bottom: 1px solid #e5e7eb; vertical-align: top; }
  code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 16px; background: #eef2f7; padding: 1px 4px; border-radius: 4px; word-break: break-all; }
  a { color: #1d4ed8; }
`;

const rows = (cells: string[][]) => cells.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('');

/** The guide for developers at partner institutions: how to get a key and a resident's consent, then call. */
export function renderPartnerGuide(baseUrl: string): string {
  const code = (text: string) => `<code>${escapeHtml(text)}</code>`;
  const endpoints = rows(
    PARTNER_ENDPOINTS.map((e) => [code(`GET ${e.path}`), code(e.scope), e.consent ? '要' : '不要', escapeHtml(e.what)]),
  );
  const scopes = rows(Object.entries(PARTNER_SCOPE_LABELS).map(([scope, label]) => [code(scope), escapeHtml(label)]));
  const refusals = rows(PARTNER_REFUSALS.map((r) => [String(r.status), code(r.code), escapeHtml(r.meaning)]));
  const main = `
<h1>合作机构接入指南</h1>
<p>开放大学、企业和其他城市的学习平台，可以在居民同意后查询居民的学分、学时、学习记录和成绩单。</p>

<h2>第一步：拿到 API 密钥</h2>
<section>
<p>请联系本区的区级管理员。管理员在管理端“合作机构与密钥”里登记贵机构，发放密钥，并勾选它能做的事：</p>
<table><thead><tr><th>权限</th><th>含义</th></tr></thead><tbody>${scopes}</tbody></table>
<p>密钥形如 ${code('lpk_…')}，<strong>只显示一次</strong>，请存进贵机构的密钥管理系统，不要写进代码或网页。密钥可以更换（旧密钥在过渡期内仍可用）和停用。</p>
</section>

<h2>第二步：请居民授权</h2>
<section>
<p>居民在小程序里打开“我的账户 → 授权查询”，选择贵机构、允许查询的内容和有效天数（1 到 365 天），得到一个授权码 ${code('lpc_…')}，把它交给贵机构。</p>
<p>居民随时可以收回授权。收回或过期后，带这个授权码的请求都会被拒绝。每一次查询都会留下记录，居民和管理员都看得到。</p>
</section>

<h2>第三步：调用接口</h2>
<section>
<p>每个请求带上请求头 ${code('X-Api-Key: lpk_…')}；查询居民数据时再带 ${code('X-Consent-Token: lpc_…')}。例如：</p>
<p>${code(`curl -H "X-Api-Key: lpk_…" -H "X-Consent-Token: lpc_…" ${baseUrl}/api/partner/v1/credits`)}</p>
<table><thead><tr><th>接口</th><th>权限</th><th>居民授权</th><th>返回</th></tr></thead><tbody>${endpoints}</tbody></table>
<p>完整的字段说明和示例在 <a href="/api/docs">接口文档</a>（机器可读的 <a href="/api/docs/openapi.json">OpenAPI 文档</a>，安全方案 ${code('partnerKey')}、${code('residentConsent')}）。</p>
</section>

<h2>单位</h2>
<section>
<p>学分一律用<strong>千分之一学分</strong>的整数表示（字段名以 ${code('Milli')} 结尾）：${code('1500')} 就是 1.5 学分。</p>
<p>学时一律用<strong>分钟</strong>的整数表示（字段名含 ${code('minutes')} 或 ${code('Minutes')}）：${code('90')} 就是 1.5 小时。</p>
<p>时间是 ISO 8601 格式（${code('2026-12-04T02:00:00.000Z')}）。</p>
</section>

<h2>被拒绝时</h2>
<section>
<p>错误的响应体是 ${code('{ "code": "…", "message": "中文说明" }')}：</p>
<table><thead><tr><th>状态</th><th>code</th><th>怎么办</th></tr></thead><tbody>${refusals}</tbody></table>
</section>

<h2>核验成绩单</h2>
<section>
<p>成绩单的 JSON 凭证是 W3C 可验证凭证（Open Badges 3.0 风格），签名为 W3C Data Integrity 的 ${code('eddsa-rdfc-2022')}，可以不经本平台、用任何支持它的程序核对（例如 npm 上的 ${code('@digitalbazaar/vc')}）：签发方的控制者文档在 <a href="/api/transcripts/issuer/controller">/api/transcripts/issuer/controller</a>，凭证的 ${code('credentialStatus')} 指向公开的 W3C Bitstring Status List 撤销名单（${code('/api/transcripts/status-lists/1')}，撤销后立即生效）。全部公钥也列在 <a href="/api/transcripts/issuer">/api/transcripts/issuer</a>。也可以把 JSON 凭证 POST 到 ${code('/api/transcripts/verify')}，或在 <a href="/verify">核验页面</a> 上传 PDF。</p>
</section>`;
  return plainPage({ title: '合作机构接入指南', style: STYLE, main });
}
