import { TranscriptStatus } from '@lp/shared';
import { escapeHtml, plainPage } from '../common/html';
import { shanghaiDateTime } from './transcript-pdf';

type Verdict = { headline: string; tone: 'ok' | 'warn' | 'bad'; note: string };

function verdictOf(status: TranscriptStatus | null): Verdict {
  if (!status) return { headline: '无法验证', tone: 'bad', note: '没有找到这份成绩单。请核对二维码或编号是否完整，或向出具单位核实。' };
  if (status.state === 'revoked') {
    return { headline: '已撤销', tone: 'warn', note: '这份成绩单确由本平台出具，但已被撤销，不再作为有效证明。' };
  }
  return { headline: '真实有效', tone: 'ok', note: '这份成绩单由本平台出具，签名有效，至今未被撤销。' };
}

/**
 * The page the QR code on a transcript opens: one small server-rendered HTML document in Chinese,
 * large type, no script, no external asset (its own CSP says so), readable on any phone.
 */
export function renderVerifyPage(status: TranscriptStatus | null): string {
  const v = verdictOf(status);
  const rows: [string, string][] = status
    ? [
        ['持有人', status.holderName],
        ['出具单位', status.district],
        ['所在社区', status.community],
        ['出具时间', shanghaiDateTime(status.issuedAt)],
        ...(status.revokedAt ? ([['撤销时间', shanghaiDateTime(status.revokedAt)]] as [string, string][]) : []),
        ['学习记录', `${status.totals.recordCount} 条`],
        ['累计学时', `${status.totals.hours} 学时`],
        ['累计学分', `${status.totals.credits} 学分`],
        ['成绩单编号', status.id],
      ]
    : [];
  const table = rows.map(([k, val]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(val)}</td></tr>`).join('');
  return plainPage({
    title: `成绩单验证：${v.headline}`,
    style: `  h1 { font-size: 22px; font-weight: normal; color: #555; margin: 0 0 16px; }
  .verdict { border-radius: 12px; padding: 24px; text-align: center; color: #fff; }
  .verdict strong { display: block; font-size: 40px; letter-spacing: 4px; }
  .verdict p { margin: 8px 0 0; font-size: 19px; }
  .ok { background: #1e7d3c; } .warn { background: #b35c00; } .bad { background: #b3261e; }
  table { width: 100%; margin-top: 20px; border-collapse: collapse; background: #fff; border-radius: 12px; overflow: hidden; }
  th, td { text-align: left; padding: 12px 16px; border-bottom: 1px solid #e5e7eb; vertical-align: top; }
  th { width: 6em; color: #555; font-weight: normal; white-space: nowrap; }
  td { word-break: break-all; }
  footer { margin-top: 20px; font-size: 16px; color: #666; }`,
    main: `<h1>终身学习成绩单 · 真伪验证</h1>
<section class="verdict ${v.tone}"><strong>${escapeHtml(v.headline)}</strong><p>${escapeHtml(v.note)}</p></section>
${table ? `<table>${table}</table>` : ''}
<footer>为保护隐私，姓名只显示首尾字。核对纸质或电子成绩单上的内容与此处是否一致；要核验文件本身是否被改动，可将 PDF 或 JSON 凭证提交到本平台的验证接口。</footer>`,
  });
}
