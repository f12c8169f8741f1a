import { TRANSCRIPT_PDF_MAX_BYTES, TranscriptStatus, TranscriptVerification } from '@lp/shared';
import { escapeHtml, PLAIN_PAGE_CSP, plainPage } from '../common/html';
import { shanghaiDateTime } from '../common/shanghai-time';

/*
 * The verification pages (see common/html.ts): /verify/<id> is the page the QR code on a transcript
 * opens; /verify is where a person (an HR clerk) uploads the PDF itself.
 */

export const VERIFY_PAGE_CSP = PLAIN_PAGE_CSP;

/** The upload page's: the same, except that its one form posts to this same origin. */
export const VERIFY_UPLOAD_CSP = PLAIN_PAGE_CSP.replace("form-action 'none'", "form-action 'self'");

/** Where the upload page lives, and where its form posts. */
export const VERIFY_UPLOAD_PATH = '/verify';

type Verdict = { headline: string; tone: 'ok' | 'warn' | 'bad'; note: string };

const STYLE = `
  h1 { font-size: 22px; font-weight: normal; color: #555; margin: 0 0 16px; }
  .verdict { border-radius: 12px; padding: 24px; text-align: center; color: #fff; margin-bottom: 20px; }
  .verdict strong { display: block; font-size: 40px; letter-spacing: 4px; }
  .verdict p { margin: 8px 0 0; font-size: 19px; }
  .ok { background: #1e7d3c; } .warn { background: #b35c00; } .bad { background: #b3261e; }
  table { width: 100%; margin-bottom: 20px; border-collapse: collapse; background: #fff; border-radius: 12px; overflow: hidden; }
  th, td { text-align: left; padding: 12px 16px; border-bottom: 1px solid #e5e7eb; vertical-align: top; }
  th { width: 6em; color: #555; font-weight: normal; white-space: nowrap; }
  td { word-break: break-all; }
  form { background: #fff; border-radius: 12px; padding: 20px 16px; margin-bottom: 20px; }
  label { display: block; font-size: 22px; margin-bottom: 12px; }
  input[type=file] { display: block; width: 100%; box-sizing: border-box; font-size: 20px; min-height: 60px; padding: 12px; border: 2px solid #6b7280; border-radius: 8px; background: #f9fafb; }
  button { display: block; width: 100%; min-height: 64px; margin-top: 16px; font-size: 24px; letter-spacing: 4px; color: #fff; background: #1d4ed8; border: 0; border-radius: 8px; }
  footer { font-size: 17px; color: #444; }
  a { color: #1d4ed8; }
`;

const document = (title: string, main: string): string => plainPage({ title, style: STYLE, main });

const verdictBox = (v: Verdict) => `<section class="verdict ${v.tone}" id="verdict"><strong>${escapeHtml(v.headline)}</strong><p>${escapeHtml(v.note)}</p></section>`;

/** What a transcript states, as the public may see it: the name masked, the totals, the dates. */
function statusTable(status: TranscriptStatus): string {
  const rows: [string, string][] = [
    ['持有人', status.holderName],
    ['出具单位', status.district],
    ['所在社区', status.community],
    ['出具时间', shanghaiDateTime(status.issuedAt)],
    ...(status.revokedAt ? ([['撤销时间', shanghaiDateTime(status.revokedAt)]] as [string, string][]) : []),
    ['学习记录', `${status.totals.recordCount} 条`],
    ['累计学时', `${status.totals.hours} 学时`],
    ['累计学分', `${status.totals.credits} 学分`],
    ['成绩单编号', status.id],
  ];
  return `<table>${rows.map(([k, val]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(val)}</td></tr>`).join('')}</table>`;
}

function verdictOf(status: TranscriptStatus | null): Verdict {
  if (!status) return { headline: '无法验证', tone: 'bad', note: '没有找到这份成绩单。请核对二维码或编号是否完整，或向出具单位核实。' };
  if (status.state === 'revoked') {
    return { headline: '已撤销', tone: 'warn', note: '这份成绩单确由本平台出具，但已被撤销，不再作为有效证明。' };
  }
  return { headline: '真实有效', tone: 'ok', note: '这份成绩单由本平台出具，签名有效，至今未被撤销。' };
}

/** The page behind the QR code on a transcript. */
export function renderVerifyPage(status: TranscriptStatus | null): string {
  const v = verdictOf(status);
  return document(
    `成绩单验证：${v.headline}`,
    `<h1>终身学习成绩单 · 真伪验证</h1>
${verdictBox(v)}
${status ? statusTable(status) : ''}
<footer>为保护隐私，姓名只显示首尾字。核对纸质或电子成绩单上的内容与此处是否一致；要核验 PDF 文件本身是否被改动，<a id="verify-upload-link" href="${VERIFY_UPLOAD_PATH}">上传 PDF 文件核验</a>。</footer>`,
  );
}

const UPLOAD_VERDICTS: Record<TranscriptVerification['outcome'], Verdict> = {
  genuine: { headline: '真实有效', tone: 'ok', note: '这份 PDF 由本平台出具，一个字也没有改动过，至今未被撤销。' },
  revoked: { headline: '已撤销', tone: 'warn', note: '这份 PDF 确由本平台出具，但成绩单已被撤销，不再作为有效证明。' },
  altered: {
    headline: '已被改动',
    tone: 'bad',
    note: '这份 PDF 的数字签名与内容对不上，或内容与本平台出具的不一致。请向持有人要原件，或扫描成绩单上的二维码核对。',
  },
  unknown: { headline: '无法识别', tone: 'bad', note: '这份文件不是本平台出具的成绩单，无法核验。请确认上传的是本平台的成绩单 PDF。' },
};

/** What the upload page shows above its form: nothing yet, the verdict on a file, or why the file was not checked. */
export type UploadResult = null | { verification: TranscriptVerification } | { refusal: string };

/** The page where a PDF transcript is uploaded and checked; the form posts back to it. */
export function renderUploadPage(result: UploadResult): string {
  let shown = '';
  let title = '核验成绩单 PDF';
  if (result && 'verification' in result) {
    const { outcome, transcript } = result.verification;
    const v = UPLOAD_VERDICTS[outcome];
    title = `成绩单核验：${v.headline}`;
    // what the transcript states, only when the file is what was issued
    shown = verdictBox(v) + (transcript && (outcome === 'genuine' || outcome === 'revoked') ? statusTable(transcript) : '');
  } else if (result) {
    title = '成绩单核验：没有核验';
    shown = verdictBox({ headline: '没有核验', tone: 'bad', note: result.refusal });
  }
  const limitMb = TRANSCRIPT_PDF_MAX_BYTES / 1024 / 1024;
  return document(
    title,
    `<h1>终身学习成绩单 · 核验 PDF 文件</h1>
${shown}
<form method="post" action="${VERIFY_UPLOAD_PATH}" enctype="multipart/form-data">
<label for="verify-file">${result ? '再核验一份：' : ''}选择持有人交来的成绩单 PDF 文件</label>
<input id="verify-file" name="pdf" type="file" accept="application/pdf,.pdf" required>
<button id="verify-submit" type="submit">核验</button>
</form>
<footer>文件只用来核验，不会保存，也不会给别人看。文件不超过 ${limitMb} MB。为保护隐私，姓名只显示首尾字。</footer>`,
  );
}
