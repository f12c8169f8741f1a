import {
  Category,
  CATEGORY_LABELS,
  formatCredits,
  formatHours,
  LEARNING_SOURCE_LABELS,
  TranscriptCategoryTotal,
  TranscriptContent,
  TranscriptCredential,
  TranscriptLine,
  TranscriptTotal,
} from '@lp/shared';
import { CreditedRecord, HolderFacts } from './transcripts.repository';

export type UnsignedCredential = Omit<TranscriptCredential, 'proof'>;

export const CREDENTIAL_CONTEXT = ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'];

function total(records: Pick<TranscriptLine, 'minutes' | 'creditsMilli'>[]): TranscriptTotal {
  const minutes = records.reduce((s, r) => s + r.minutes, 0);
  const creditsMilli = records.reduce((s, r) => s + r.creditsMilli, 0);
  return { minutes, hours: formatHours(minutes), creditsMilli, credits: formatCredits(creditsMilli), recordCount: records.length };
}

/** The transcript's content: the lines, and totals per category (in the catalogue's order) and overall. */
export function transcriptContent(holder: HolderFacts, records: CreditedRecord[]): TranscriptContent {
  const lines: TranscriptLine[] = records.map((r) => ({
    date: r.day,
    title: r.title?.trim() || LEARNING_SOURCE_LABELS[r.source],
    source: r.source,
    sourceLabel: LEARNING_SOURCE_LABELS[r.source],
    category: r.category,
    categoryLabel: CATEGORY_LABELS[r.category],
    minutes: r.minutes,
    hours: formatHours(r.minutes),
    creditsMilli: r.creditsMilli,
    credits: formatCredits(r.creditsMilli),
  }));
  const byCategory: TranscriptCategoryTotal[] = Object.values(Category)
    .map((category) => ({ category, lines: lines.filter((l) => l.category === category) }))
    .filter((c) => c.lines.length > 0)
    .map(({ category, lines: mine }) => ({ category, categoryLabel: CATEGORY_LABELS[category], ...total(mine) }));
  return {
    residentName: holder.residentName,
    district: holder.district,
    street: holder.street,
    community: holder.community,
    records: lines,
    totals: { byCategory, overall: total(lines) },
  };
}

/**
 * The Open Badges 3.0-style credential, without its proof. Stored as canonical JSON in
 * transcript.payload: this exact document is what the proof signs.
 */
export function unsignedCredential(args: {
  id: string;
  issuedAt: string;
  content: TranscriptContent;
  baseUrl: string;
  issuerId: string;
}): UnsignedCredential {
  const { id, issuedAt, content, baseUrl, issuerId } = args;
  const name = `${content.district}终身学习成绩单`;
  return {
    '@context': CREDENTIAL_CONTEXT,
    id: `urn:uuid:${id}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name,
    issuer: { id: issuerId, type: ['Profile'], name: content.district, url: baseUrl },
    validFrom: issuedAt,
    credentialStatus: { id: `${baseUrl}/api/transcripts/${id}/status`, type: 'TranscriptStatusEndpoint' },
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [{ type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: content.residentName }],
      achievement: {
        id: `${baseUrl}/api/transcripts/issuer#transcript`,
        type: ['Achievement'],
        achievementType: 'LearningProgram',
        name,
        description: `${content.district}学分银行记录的终身学习经历：每条学习记录的日期、内容、来源、类别、学时与学分。`,
        criteria: { narrative: '学习记录来自线下签到、线上学习、学分认定和管理员导入；学分按学分银行当时有效的转换规则记入。' },
      },
      transcript: content,
    },
  };
}

/** The transcript id of a credential's `id`, or null. */
export function transcriptIdOf(credentialId: unknown): string | null {
  if (typeof credentialId !== 'string') return null;
  const m = /^urn:uuid:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.exec(credentialId);
  return m ? m[1] : null;
}
