import { Category } from './catalogue';
import { LearningSource } from './credit';

/**
 * 成绩单 (transcript): a resident's learning records, signed by the district's Ed25519 key,
 * delivered as an Open Badges 3.0-style JSON credential and as a sealed PDF with a QR code that
 * opens the public verification page.
 */

/** One learning record on a transcript. */
export interface TranscriptLine {
  /** Day the learning happened, YYYY-MM-DD in Asia/Shanghai. */
  date: string;
  title: string;
  source: LearningSource;
  sourceLabel: string;
  category: Category;
  categoryLabel: string;
  minutes: number;
  /** 学时 (hours) as shown: minutes / 60, at most two decimals, e.g. "1.5". */
  hours: string;
  creditsMilli: number;
  /** 学分 as shown, e.g. "0.15". */
  credits: string;
}

export interface TranscriptTotal {
  minutes: number;
  hours: string;
  creditsMilli: number;
  credits: string;
  recordCount: number;
}

export interface TranscriptCategoryTotal extends TranscriptTotal {
  category: Category;
  categoryLabel: string;
}

/** What a transcript says about its holder; the `transcript` part of the signed credential. */
export interface TranscriptContent {
  residentName: string;
  district: string;
  street: string;
  community: string;
  records: TranscriptLine[];
  totals: { byCategory: TranscriptCategoryTotal[]; overall: TranscriptTotal };
}

/** A transcript in the holder's list. */
export interface TranscriptSummary {
  id: string;
  issuedAt: string;
  revokedAt: string | null;
  revokeReason: string | null;
  keyId: string;
  totals: TranscriptTotal;
  /** The public page a verifier opens (the QR code on the PDF). */
  verifyUrl: string;
}

export type TranscriptState = 'genuine' | 'revoked';

export const TRANSCRIPT_STATE_LABELS: Record<TranscriptState, string> = {
  genuine: '真实有效',
  revoked: '已撤销',
};

/** What anyone holding the transcript id may see: no full name, no records. */
export interface TranscriptStatus {
  id: string;
  state: TranscriptState;
  stateLabel: string;
  issuedAt: string;
  revokedAt: string | null;
  /** Partly hidden, e.g. 王*英. */
  holderName: string;
  district: string;
  community: string;
  totals: TranscriptTotal;
  keyId: string;
}

/** A transcript as an administrator of the holder's area sees it: who, where, its state. */
export interface AdminTranscriptView extends TranscriptSummary {
  residentId: string;
  /** Partly hidden, e.g. 王*英. */
  holderName: string;
  community: string;
  state: TranscriptState;
  stateLabel: string;
}

/**
 * The answer to "is this transcript genuine?":
 * - genuine: the signature holds, it is the transcript the district issued, and it is not revoked;
 * - revoked: genuine, but withdrawn since;
 * - altered: signed by us once, but something in it was changed (or the signature is broken);
 * - unknown: not a transcript of this platform (another key, no such transcript, not a credential).
 */
/** The largest transcript PDF taken to be checked (ours are a few hundred KB). */
export const TRANSCRIPT_PDF_MAX_BYTES = 5 * 1024 * 1024;

export type VerificationOutcome = 'genuine' | 'revoked' | 'altered' | 'unknown';

export const VERIFICATION_OUTCOME_LABELS: Record<VerificationOutcome, string> = {
  genuine: '真实有效',
  revoked: '已撤销',
  altered: '无法验证：内容被改动过',
  unknown: '无法验证：不是本平台出具的成绩单',
};

export interface TranscriptVerification {
  outcome: VerificationOutcome;
  valid: boolean;
  message: string;
  checks: {
    /** The district's signature over the document (for a PDF: over the file's bytes and the embedded credential). */
    signature: boolean;
    /** It is exactly the transcript the district issued and still keeps. */
    matchesIssued: boolean;
    notRevoked: boolean;
  };
  transcript: TranscriptStatus | null;
}

/** One of the district's signing keys, for verifying transcripts without calling us for each one. */
export interface TranscriptIssuerKey {
  keyId: string;
  /** Ed25519 signs every transcript; SM2 (国密) signs beside it where the district switched it on. */
  algorithm: 'Ed25519' | 'SM2';
  /** A retired key signs nothing new and still verifies what it signed. */
  status: 'current' | 'retired';
  /** What a proof names: for Ed25519 its did:key, for SM2 this document's address with #sm2-<keyId>. */
  verificationMethod: string;
  /** Ed25519: did:key form of the public key. */
  controller?: string;
  publicKeyMultibase?: string;
  publicKeyPem?: string;
  /** SM2: the public key as an uncompressed point, '04' + x + y in hex. */
  publicKeyHex?: string;
  /** SM2: the signer ID hashed into the signature (GM/T 0009's default, 1234567812345678). */
  signerId?: string;
}

export interface TranscriptIssuer {
  name: string;
  url: string;
  keys: TranscriptIssuerKey[];
}

/**
 * W3C Data Integrity proof: cryptosuite eddsa-rdfc-2022 (RDF Dataset Canonicalization + Ed25519,
 * transcripts of format 2), eddsa-jcs-2022 (JCS canonical JSON + Ed25519, format 1: transcripts
 * issued before), or the portal's sm2-sm3-jcs-2026 (JCS bytes hashed with SM3, signed with SM2).
 */
export interface DataIntegrityProof {
  type: 'DataIntegrityProof';
  cryptosuite: 'eddsa-rdfc-2022' | 'eddsa-jcs-2022' | 'sm2-sm3-jcs-2026';
  created: string;
  verificationMethod: string;
  proofPurpose: 'assertionMethod';
  /** Multibase base58btc ('z…') of the 64-byte signature (Ed25519; SM2 as r‖s). */
  proofValue: string;
}

export type Sm2DataIntegrityProof = DataIntegrityProof & { cryptosuite: 'sm2-sm3-jcs-2026' };

/** Where a credential's revocation bit is: entry `statusListIndex` of the list `statusListCredential`. */
export interface BitstringStatusListEntry {
  id: string;
  type: 'BitstringStatusListEntry';
  statusPurpose: 'revocation';
  /** A decimal string, as the W3C Bitstring Status List asks. */
  statusListIndex: string;
  statusListCredential: string;
}

/** A Multikey verification method (W3C Controlled Identifiers): an Ed25519 public key and who controls it. */
export interface MultikeyDocument {
  '@context'?: string;
  id: string;
  type: 'Multikey';
  controller: string;
  publicKeyMultibase: string;
}

/** The transcript issuer's controller document: every Ed25519 key that signs (or signed) credentials. */
export interface TranscriptControllerDocument {
  '@context': string[];
  id: string;
  assertionMethod: MultikeyDocument[];
}

/** A W3C BitstringStatusListCredential: bit i of the GZIP-compressed, multibase base64url encodedList is entry i. */
export interface BitstringStatusListCredential {
  '@context': string[];
  id: string;
  type: ['VerifiableCredential', 'BitstringStatusListCredential'];
  issuer: string;
  validFrom: string;
  credentialSubject: { id: string; type: 'BitstringStatusList'; statusPurpose: 'revocation'; encodedList: string };
  proof: DataIntegrityProof;
}

/** Open Badges 3.0-style credential of a transcript. */
export interface TranscriptCredential {
  '@context': string[];
  id: string;
  type: ['VerifiableCredential', 'OpenBadgeCredential'];
  name: string;
  issuer: { id: string; type: ['Profile']; name: string; url: string };
  validFrom: string;
  /** Format 2: an entry in the district's W3C Bitstring Status List; format 1: the portal's status endpoint. */
  credentialStatus: BitstringStatusListEntry | { id: string; type: 'TranscriptStatusEndpoint' };
  credentialSubject: {
    type: ['AchievementSubject'];
    identifier: { type: 'IdentityObject'; identityType: 'name'; hashed: false; identityHash: string }[];
    achievement: {
      id: string;
      type: ['Achievement'];
      achievementType: 'LearningProgram';
      name: string;
      description: string;
      criteria: { narrative: string };
    };
    transcript: TranscriptContent;
  };
  /** One Ed25519 proof; under 国密 a proof set of the Ed25519 proof and the SM2 one. */
  proof: DataIntegrityProof | DataIntegrityProof[];
}

/** xAPI 1.0.3 statement of one learning record (or of voiding one). */
export interface XapiStatement {
  id: string;
  actor: { objectType: 'Agent'; account: { homePage: string; name: string } };
  verb: { id: string; display: Record<string, string> };
  object:
    | { objectType: 'Activity'; id: string; definition: { name: Record<string, string>; type: string } }
    | { objectType: 'StatementRef'; id: string };
  result?: { duration: string; completion: true };
  context?: { platform: string; language: string; extensions: Record<string, string | number> };
  timestamp: string;
  version: '1.0.3';
}

/** xAPI StatementResult: `more` is the path of the next page, or '' at the end. */
export interface XapiStatementResult {
  statements: XapiStatement[];
  more: string;
}

/** Hides the middle of a name: 王秀英 → 王*英, 王英 → 王*, 欧阳秀英 → 欧**英. */
export function maskNameMiddle(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return chars[0] + '*'.repeat(chars.length - 2) + chars[chars.length - 1];
}

/** 学时 shown from minutes: 90 → "1.5", 45 → "0.75", 20 → "0.33". */
export function formatHours(minutes: number): string {
  const hundredths = Math.round((Math.abs(minutes) * 100) / 60);
  const whole = Math.floor(hundredths / 100);
  const frac = String(hundredths % 100).padStart(2, '0').replace(/0+$/, '');
  return `${minutes < 0 ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}

/** ISO 8601 duration of minutes, as xAPI wants it: 90 → "PT1H30M", 45 → "PT45M", 0 → "PT0M". */
export function isoDuration(minutes: number): string {
  const m = Math.max(0, Math.round(minutes));
  const h = Math.floor(m / 60);
  const rest = m % 60;
  if (!h) return `PT${rest}M`;
  return rest ? `PT${h}H${rest}M` : `PT${h}H`;
}
