import {
  BitstringStatusListEntry,
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

/**
 * Credential formats, kept per transcript (transcript.format): a stored credential is never rewritten.
 * 1: eddsa-jcs-2022 proof by the key's did:key, the issuer that did:key, credentialStatus the portal's
 *    own status endpoint; the first two contexts below only.
 * 2: eddsa-rdfc-2022 proof (JSON-LD, so any Data Integrity verifier checks it), the issuer the https
 *    controller document of our keys, credentialStatus an entry in a W3C Bitstring Status List.
 */
export const CREDENTIAL_FORMAT = 2;

/**
 * VC 2.0 and Open Badges 3.0.3 (both shipped as npm packages, so verifiers load them offline), and
 * the W3C's undefined-terms context: the transcript's own fields (credentialSubject.transcript) are
 * in neither vocabulary, and RDF canonicalisation refuses a term that no context defines. That
 * context maps them to https://www.w3.org/ns/credentials/undefined-term#, so they stay signed as
 * they are, in the portal's JSON, without a vocabulary of our own to host and keep.
 */
export const CREDENTIAL_CONTEXT = [
  'https://www.w3.org/ns/credentials/v2',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
  'https://www.w3.org/ns/credentials/undefined-terms/v2',
];

/** The public URL of revocation list `list`. */
export function statusListUrl(baseUrl: string, list: number): string {
  return `${baseUrl}/api/transcripts/status-lists/${list}`;
}

/** A transcript's revocation entry: bit `index` of list `list`. */
export function statusEntry(baseUrl: string, list: number, index: number): BitstringStatusListEntry {
  const url = statusListUrl(baseUrl, list);
  return { id: `${url}#${index}`, type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: String(index), statusListCredential: url };
}

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
 * The Open Badges 3.0-style credential (format 2), without its proof. Stored as canonical JSON in
 * transcript.payload: this exact document is what the proofs sign.
 */
export function unsignedCredential(args: {
  id: string;
  issuedAt: string;
  content: TranscriptContent;
  baseUrl: string;
  issuerId: string;
  credentialStatus: UnsignedCredential['credentialStatus'];
}): UnsignedCredential {
  const { id, issuedAt, content, baseUrl, issuerId, credentialStatus } = args;
  const name = `${content.district}终身学习成绩单`;
  return {
    '@context': CREDENTIAL_CONTEXT,
    id: `urn:uuid:${id}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name,
    issuer: { id: issuerId, type: ['Profile'], name: content.district, url: baseUrl },
    validFrom: issuedAt,
    credentialStatus,
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
