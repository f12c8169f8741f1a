import {
  ADMIN_ROLES,
  AdminTranscriptView,
  BitstringStatusListCredential,
  MultikeyDocument,
  DataIntegrityProof,
  formatCredits,
  formatHours,
  maskNameMiddle,
  Page,
  ProfileError,
  Role,
  TRANSCRIPT_STATE_LABELS,
  TranscriptControllerDocument,
  TranscriptCredential,
  TranscriptError,
  TranscriptIssuer,
  TranscriptStatus,
  TranscriptSummary,
  TranscriptVerification,
  VERIFICATION_OUTCOME_LABELS,
  VerificationOutcome,
  XapiStatementResult,
} from '@lp/shared';
import { Injectable, Logger } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AreasService } from '../areas/areas.service';
import { AuditService, auditedBy } from '../audit/audit.service';
import { Actor } from '../common/access';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { holderNameOf, withNameReplaced } from './holder-name';
import { ResidentsService } from '../residents/residents.service';
import { canonicalJson } from './canonical-json';
import { CREDENTIAL_FORMAT, statusEntry, statusListUrl, transcriptContent, transcriptIdOf, UnsignedCredential, unsignedCredential } from './credential';
import { DataIntegrity, STATUS_LIST_LENGTH } from './data-integrity';
import { openSeal, sealPdf } from './pdf-seal';
import { attachedCredential } from './pdf-attachment';
import { PdfPadesSigner } from './pdf-pades';
import { TranscriptPdfRenderer } from './transcript-pdf-renderer';
import { RDFC_CRYPTOSUITE, SM2_CRYPTOSUITE, TranscriptSigner } from './transcript-signer';
import { TranscriptHead, TranscriptRow, TranscriptsRepository } from './transcripts.repository';
import { toStatement } from './xapi';
import { personalDataShown } from '../common/personal-data';

export const TranscriptErrors = {
  notFound: () => AppError.notFound('没有找到这份成绩单', TranscriptError.NotFound),
  empty: () => AppError.badRequest('您还没有可以写进成绩单的学习记录', undefined, TranscriptError.Empty),
  notCredential: () => AppError.badRequest('提交的内容不是成绩单凭证（JSON）', undefined, TranscriptError.NotCredential),
  notPdf: () => AppError.badRequest('请上传成绩单 PDF 文件（Content-Type: application/pdf）', undefined, TranscriptError.NotPdf),
  pageCursor: () => AppError.badRequest('翻页参数不对，请从第一页重新查看'),
};


/**
 * 成绩单: issued by a resident over their own standing records, signed by the district's key,
 * downloadable as an Open Badges-style JSON credential and as a sealed PDF, verifiable by anyone,
 * revocable by the resident or an admin of their area. Also the resident's xAPI export.
 */
@Injectable()
export class TranscriptsService {
  private readonly logger = new Logger(TranscriptsService.name);
  private readonly baseUrl: string;
  /** The last signed status list per list number, and the revoked entries it was made from. */
  private readonly statusLists = new Map<number, { revoked: string; credential: BitstringStatusListCredential }>();

  constructor(
    private readonly repo: TranscriptsRepository,
    private readonly signer: TranscriptSigner,
    private readonly dataIntegrity: DataIntegrity,
    private readonly renderer: TranscriptPdfRenderer,
    private readonly pades: PdfPadesSigner,
    private readonly areas: AreasService,
    private readonly residents: ResidentsService,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.baseUrl = config.publicBaseUrl;
  }

  /**
   * Issues a transcript of every standing record. If the newest one still standing says exactly
   * the same (same records, credits, name and community, same key), that one is returned instead.
   */
  async issue(actor: Actor): Promise<{ transcript: TranscriptSummary; created: boolean }> {
    this.assertResident(actor);
    const found = await this.repo.holder(actor.userId);
    if (!found) throw AppError.notFound('请先绑定个人信息，再生成成绩单', ProfileError.NotBound);
    // the name is sealed under the resident's data key
    const [residentName] = await this.residents.openNames([{ residentId: actor.userId, name: found.residentName }]);
    const holder = { ...found, residentName: residentName ?? '' };
    const content = transcriptContent(holder, await this.repo.standingRecords(actor.userId));
    if (!content.records.length) throw TranscriptErrors.empty();

    const latest = await this.repo.latestStanding(actor.userId);
    // the same content under the same keys: the transcript already issued is the answer
    if (latest && latest.format === CREDENTIAL_FORMAT && latest.keyId === this.signer.keyId && latest.sm2KeyId === this.signer.sm2KeyId) {
      const said = (JSON.parse(latest.payload) as UnsignedCredential).credentialSubject.transcript;
      if (canonicalJson(said) === canonicalJson(content)) {
        return { transcript: this.summaryOf(await this.headOf(latest.id)), created: false };
      }
    }

    const id = randomUUID();
    // whole seconds: the time printed on the PDF is the time signed
    const issuedAt = new Date(Math.floor(this.clock.now().getTime() / 1000) * 1000);
    const entry = await this.repo.nextStatusEntry(STATUS_LIST_LENGTH);
    const document = unsignedCredential({
      id,
      issuedAt: issuedAt.toISOString(),
      content,
      baseUrl: this.baseUrl,
      issuerId: this.signer.controllerUrl,
      credentialStatus: statusEntry(this.baseUrl, entry.list, entry.index),
    });
    // a proof set: each proof signs the document alone (the SM2 one as format 1 did, over its JCS bytes)
    const proof = await this.dataIntegrity.prove(document, issuedAt.toISOString());
    const sm2Proof = this.signer.proveSm2(document, issuedAt.toISOString());
    await this.repo.insert({
      id,
      residentId: actor.userId,
      issuedAt,
      payload: canonicalJson(document),
      signature: String(proof.proofValue),
      keyId: this.signer.keyId,
      sm2Signature: sm2Proof?.proofValue ?? null,
      sm2KeyId: sm2Proof ? this.signer.sm2KeyId : null,
      format: CREDENTIAL_FORMAT,
      proofs: canonicalJson(sm2Proof ? [proof, sm2Proof] : proof),
      statusList: entry.list,
      statusListIndex: entry.index,
    });
    this.logger.log({ transcriptId: id, records: content.records.length }, 'transcript issued');
    return { transcript: this.summaryOf(await this.headOf(id)), created: true };
  }

  async list(actor: Actor, cursor: string | undefined, limit = 20): Promise<Page<TranscriptSummary>> {
    this.assertResident(actor);
    return this.pageOf(actor.userId, cursor, limit, (h) => this.summaryOf(h));
  }

  /** A page of a resident's transcripts, newest first, each shown as `view` makes it. */
  private async pageOf<T>(residentId: string, cursor: string | undefined, limit: number, view: (h: TranscriptHead) => T): Promise<Page<T>> {
    const rows = await this.repo.heads(residentId, decodeCursor(cursor), limit + 1);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items: items.map(view), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
  }

  /** The signed credential of one of the actor's own transcripts. */
  async credential(actor: Actor, id: string): Promise<TranscriptCredential> {
    return this.signedCredential(await this.ownTranscript(actor, id));
  }

  /** The sealed PDF of one of the actor's own transcripts. */
  async pdf(actor: Actor, id: string): Promise<Buffer> {
    const row = await this.ownTranscript(actor, id);
    const rendered = await this.renderer.render(this.signedCredential(row), this.verifyUrl(row.id), row.keyId);
    // the portal's seal first, for /verify; the standard signature over all of it last, for PDF readers
    return this.pades.sign(sealPdf(rendered, this.signer.keyId, (data) => this.signer.signBytes(data)));
  }

  /**
   * Revokes a transcript: its holder may, and an admin whose area covers the holder's community.
   * Anyone else learns nothing about it (404). Revoking twice keeps the first reason.
   */
  async revoke(actor: Actor, id: string, reason: string): Promise<TranscriptSummary> {
    const row = await this.repo.find(id);
    if (!row) throw TranscriptErrors.notFound();
    let areaId: number | null = null;
    if (ADMIN_ROLES.includes(actor.role)) {
      areaId = await this.assertAdminOfHolder(actor, row.residentId);
    } else if (actor.role !== Role.Resident || row.residentId !== actor.userId) {
      throw TranscriptErrors.notFound();
    }
    await this.dataSource.transaction(async (m) => {
      if (!(await this.repo.revoke(m, id, reason, this.clock.now()))) return;
      await this.audit.record(m, {
        ...auditedBy(actor),
        action: 'transcript.revoke',
        targetType: 'transcript',
        targetId: id,
        areaId,
        details: { byHolder: row.residentId === actor.userId && !actor.guardianId, byGuardian: Boolean(actor.guardianId) },
      });
    });
    return this.summaryOf(await this.headOf(id));
  }

  /**
   * Closing the holder's account (AccountClosureService, in its transaction): every transcript is
   * revoked through the same path as a revocation by the holder (revoked_at, so the status list says
   * revoked), and the holder's name is taken out of the kept copies, so the public status shows none.
   * A credential issued before still verifies as revoked: it is compared with the kept copy after the
   * same name is taken out of it.
   */
  async closeHolder(m: EntityManager, actor: Actor, residentId: string, name: string | null): Promise<number> {
    const rows = await this.repo.ofResident(m, residentId);
    for (const row of rows) {
      if (await this.repo.revoke(m, row.id, CLOSED_REASON, this.clock.now())) {
        await this.audit.record(m, { ...auditedBy(actor), action: 'transcript.revoke', targetType: 'transcript', targetId: row.id, areaId: null, details: { accountClosed: true } });
      }
      if (name) await this.repo.replacePayload(m, row.id, canonicalJson(withNameReplaced(JSON.parse(row.payload), name, '')));
    }
    return rows.length;
  }

  /** A resident's transcripts, newest first, for an administrator whose area covers the resident's community. */
  async adminList(actor: Actor, residentId: string, cursor: string | undefined, limit = 20): Promise<Page<AdminTranscriptView>> {
    await this.assertAdminOfHolder(actor, residentId);
    personalDataShown(residentId);
    return this.pageOf(residentId, cursor, limit, (h) => this.adminViewOf(h));
  }

  /** One transcript by its number (the end of its verification link), for an administrator of its holder's area. */
  async adminFind(actor: Actor, id: string): Promise<AdminTranscriptView> {
    const head = await this.repo.head(id);
    if (!head) throw TranscriptErrors.notFound();
    await this.assertAdminOfHolder(actor, head.residentId);
    personalDataShown(head.residentId);
    return this.adminViewOf(head);
  }

  /** What the public may see about a transcript: genuine or revoked, masked name, totals. */
  async status(id: string): Promise<TranscriptStatus> {
    const head = await this.repo.head(id);
    if (!head) throw TranscriptErrors.notFound();
    return this.statusOf(head);
  }

  /** The same, or null when there is no such transcript: for the verification page. */
  async statusOrNull(id: string): Promise<TranscriptStatus | null> {
    const head = await this.repo.head(id);
    return head ? this.statusOf(head) : null;
  }

  issuer(): TranscriptIssuer {
    return { name: '终身学习门户 · 学分银行', url: this.baseUrl, keys: this.signer.issuerKeys() };
  }

  /** The issuer of format-2 credentials, as a JSON-LD controller document of its Ed25519 keys. */
  controllerDocument(): TranscriptControllerDocument {
    return this.signer.controllerDocument() as unknown as TranscriptControllerDocument;
  }

  /** One of those keys, as the Multikey document its proofs name. */
  keyDocument(publicKeyMultibase: string): MultikeyDocument {
    const doc = this.signer.keyDocument(publicKeyMultibase);
    if (!doc) throw AppError.notFound('没有这把签名密钥');
    return doc as unknown as MultikeyDocument;
  }

  /**
   * Revocation list `list` as a signed BitstringStatusListCredential. The bits come from the
   * transcripts' revoked_at on every request (whoever revoked them, on whichever server), so a
   * revocation shows at once; the list is signed again only when its revoked entries changed.
   */
  async statusList(list: number): Promise<{ credential: BitstringStatusListCredential; etag: string }> {
    if (list !== 1 && !(await this.repo.statusListUsed(list))) throw AppError.notFound('没有这份撤销名单');
    const entries = await this.repo.revokedEntries(list);
    const revoked = createHash('sha256').update(`${this.signer.keyId}:${entries.join(',')}`).digest('base64url');
    // weak: another server (or this one after a restart) signs the same bits with another validFrom
    const etag = `W/"${revoked}"`;
    const cached = this.statusLists.get(list);
    if (cached?.revoked === revoked) return { credential: cached.credential, etag };
    const validFrom = new Date(Math.floor(this.clock.now().getTime() / 1000) * 1000).toISOString();
    const credential = (await this.dataIntegrity.statusList(statusListUrl(this.baseUrl, list), entries, validFrom)) as unknown as BitstringStatusListCredential;
    this.statusLists.set(list, { revoked, credential });
    return { credential, etag };
  }

  /**
   * Checks a JSON credential: our key's proof over it, that it is exactly a transcript we keep,
   * and that it was not revoked. Something that is no credential at all is refused (400).
   */
  async verifyCredential(body: unknown): Promise<TranscriptVerification> {
    if (!isCredentialShaped(body)) throw TranscriptErrors.notCredential();
    return this.judgeCredential(body);
  }

  /**
   * Checks a PDF: the seal over its bytes first (any changed byte fails), then the credential
   * embedded in it, as for a JSON credential.
   */
  async verifyPdf(body: unknown): Promise<TranscriptVerification> {
    if (!Buffer.isBuffer(body) || body.length === 0) throw TranscriptErrors.notPdf();
    const seal = openSeal(body);
    if (seal.kind === 'none') {
      if (body.subarray(0, 5).toString('latin1') !== '%PDF-') throw TranscriptErrors.notPdf();
      return this.verdict('unknown', false, false, null);
    }
    if (seal.kind === 'broken') return this.verdict('altered', false, false, null);
    // the seal's own format line says what its signature covers (pdf-seal.ts): older PDFs keep verifying
    const { rendered, signedData, keyId, signature, sealedLength, after } = seal.parts;
    if (!this.signer.methodOf(keyId)) return this.verdict('unknown', false, false, null);
    if (!this.signer.verifyBytes(keyId, signedData, signature)) return this.verdict('altered', false, false, null);
    // after a format 3 seal only the district's PAdES signature over the whole file may follow
    if (after.length > 0 && !(await this.pades.coversAll(body, sealedLength))) return this.verdict('altered', false, false, null);
    const credential = attachedCredential(rendered);
    if (!isCredentialShaped(credential)) return this.verdict('altered', false, false, null);
    return this.judgeCredential(credential);
  }

  /** A page of the actor's learning records as xAPI statements, oldest first. */
  async xapi(actor: Actor, cursor: string | undefined, limit = 100): Promise<XapiStatementResult> {
    this.assertResident(actor);
    return this.statementsOf(actor.userId, cursor, limit, '/api/me/xapi/statements');
  }

  /** Any resident's statements, for callers that have checked their own consent (the partner API). */
  async statementsOf(residentId: string, cursor: string | undefined, limit: number, path: string): Promise<XapiStatementResult> {
    if (cursor !== undefined && !/^\d{1,18}$/.test(cursor)) throw TranscriptErrors.pageCursor();
    const rows = await this.repo.recordsAfter(residentId, cursor ?? '0', limit + 1);
    const page = rows.slice(0, limit);
    const more = rows.length > limit ? `${path}?cursor=${page[page.length - 1].id}&limit=${limit}` : '';
    return { statements: page.map((r) => toStatement(r, residentId, this.baseUrl)), more };
  }

  verifyUrl(id: string): string {
    return `${this.baseUrl}/verify/${id}`;
  }

  /**
   * A credential carries one Ed25519 proof, or under 国密 a proof set with an SM2 proof beside it:
   * every proof must be valid and by one of our keys (current or retired), there must be an Ed25519
   * one, and each must be the one kept for the transcript. The Ed25519 proof says the format: an
   * eddsa-rdfc-2022 proof naming a key's Multikey document (format 2, checked by the Data Integrity
   * libraries), or an eddsa-jcs-2022 one naming its did:key (format 1, issued before).
   */
  private async judgeCredential(credential: CredentialShape): Promise<TranscriptVerification> {
    const { proof, ...document } = credential;
    const proofs = Array.isArray(proof) ? proof : [proof];
    const rdfc = proofs.filter((p) => p.cryptosuite === RDFC_CRYPTOSUITE && this.signer.keyIdOfRdfcMethod(p.verificationMethod));
    const jcs = proofs.filter((p) => this.signer.keyIdOfMethod(p.verificationMethod));
    const ed = [...rdfc, ...jcs];
    const sm = proofs.filter((p) => this.signer.sm2KeyIdOfMethod(p.verificationMethod));
    if (ed.length !== 1 || ed.length + sm.length !== proofs.length || sm.length > 1) return this.verdict('unknown', false, false, null);
    const format = rdfc.length ? 2 : 1;
    const edKeyId = format === 2 ? this.signer.keyIdOfRdfcMethod(ed[0].verificationMethod) : this.signer.keyIdOfMethod(ed[0].verificationMethod);
    let signed = false;
    try {
      const edValid = format === 2 ? await this.dataIntegrity.verify({ ...document, proof: ed[0] }) : this.signer.checkProof(document, ed[0]);
      signed = edValid && sm.every((p) => this.signer.checkSm2Proof(document, p));
    } catch {
      signed = false; // a value canonical JSON cannot hold: not what we signed
    }
    if (!signed) return this.verdict('altered', false, false, null);
    const id = transcriptIdOf(document.id);
    const row = id ? await this.repo.find(id) : null;
    if (!row) return this.verdict('unknown', true, false, null);
    const status = await this.status(row.id);
    const kept =
      row.format === format &&
      (row.payload === canonicalJson(document) || (row.revokedAt !== null && row.revokeReason === CLOSED_REASON && row.payload === canonicalJson(withNameReplaced(document, holderNameOf(document), '')))) &&
      row.signature === ed[0].proofValue &&
      row.keyId === edKeyId &&
      sm.every((p) => row.sm2Signature === p.proofValue);
    if (!kept) return this.verdict('altered', true, false, status);
    return this.verdict(row.revokedAt ? 'revoked' : 'genuine', true, true, status);
  }

  private verdict(outcome: VerificationOutcome, signature: boolean, matchesIssued: boolean, transcript: TranscriptStatus | null): TranscriptVerification {
    return {
      outcome,
      valid: outcome === 'genuine',
      message: VERIFICATION_OUTCOME_LABELS[outcome],
      checks: { signature, matchesIssued, notRevoked: matchesIssued && transcript?.state === 'genuine' },
      transcript,
    };
  }

  /** The credential as issued: format 2 keeps its proofs whole; format 1's are rebuilt from the kept signatures and the keys that made them. */
  private signedCredential(row: TranscriptRow): TranscriptCredential {
    const document = JSON.parse(row.payload) as UnsignedCredential;
    if (row.format === 2 && row.proofs) return { ...document, proof: JSON.parse(row.proofs) as TranscriptCredential['proof'] };
    const proof = (cryptosuite: DataIntegrityProof['cryptosuite'], verificationMethod: string, proofValue: string): DataIntegrityProof => ({
      type: 'DataIntegrityProof',
      cryptosuite,
      created: document.validFrom,
      verificationMethod,
      proofPurpose: 'assertionMethod',
      proofValue,
    });
    // a key missing from the configuration still names itself, so the proof stays as issued (and fails verification)
    const ed = proof('eddsa-jcs-2022', this.signer.methodOf(row.keyId) ?? `${document.issuer.id}#${row.keyId}`, row.signature);
    if (!row.sm2Signature || !row.sm2KeyId) return { ...document, proof: ed };
    const sm2Method = this.signer.sm2MethodOf(row.sm2KeyId) ?? `${this.baseUrl}/api/transcripts/issuer#sm2-${row.sm2KeyId}`;
    return { ...document, proof: [ed, proof(SM2_CRYPTOSUITE, sm2Method, row.sm2Signature)] };
  }

  private async ownTranscript(actor: Actor, id: string): Promise<TranscriptRow> {
    this.assertResident(actor);
    const row = await this.repo.find(id);
    if (!row || row.residentId !== actor.userId) throw TranscriptErrors.notFound();
    return row;
  }

  /** The area the actor administers that covers the holder's community; refused outside it. */
  private async assertAdminOfHolder(actor: Actor, residentId: string): Promise<number> {
    const communityId = await this.residents.communityOf(residentId);
    if (communityId === null) throw AppError.outOfScope();
    return (await this.areas.assertAdminOf(actor, communityId)).id;
  }

  private async headOf(id: string): Promise<TranscriptHead> {
    const head = await this.repo.head(id);
    if (!head) throw TranscriptErrors.notFound();
    return head;
  }

  private assertResident(actor: Actor): void {
    if (actor.role !== Role.Resident) throw AppError.forbidden('只有居民本人可以管理自己的成绩单');
  }

  private totalsOf(h: TranscriptHead): TranscriptSummary['totals'] {
    return { minutes: h.minutes, hours: formatHours(h.minutes), creditsMilli: h.creditsMilli, credits: formatCredits(h.creditsMilli), recordCount: h.recordCount };
  }

  private summaryOf(h: TranscriptHead): TranscriptSummary {
    return {
      id: h.id,
      issuedAt: h.issuedAt.toISOString(),
      revokedAt: h.revokedAt?.toISOString() ?? null,
      revokeReason: h.revokeReason,
      keyId: h.keyId,
      totals: this.totalsOf(h),
      verifyUrl: this.verifyUrl(h.id),
    };
  }

  private adminViewOf(h: TranscriptHead): AdminTranscriptView {
    const state = h.revokedAt ? 'revoked' : 'genuine';
    return { ...this.summaryOf(h), residentId: h.residentId, holderName: h.residentName ? maskNameMiddle(h.residentName) : '（已注销）', community: h.community, state, stateLabel: TRANSCRIPT_STATE_LABELS[state] };
  }

  private statusOf(h: TranscriptHead): TranscriptStatus {
    const state = h.revokedAt ? 'revoked' : 'genuine';
    return {
      id: h.id,
      state,
      stateLabel: TRANSCRIPT_STATE_LABELS[state],
      issuedAt: h.issuedAt.toISOString(),
      revokedAt: h.revokedAt?.toISOString() ?? null,
      holderName: h.residentName ? maskNameMiddle(h.residentName) : '（已注销）',
      district: h.district,
      community: h.community,
      totals: this.totalsOf(h),
      keyId: h.keyId,
    };
  }
}

type ProofShape = Record<string, unknown> & { proofValue?: unknown; verificationMethod?: unknown };
type CredentialShape = Record<string, unknown> & { proof: ProofShape | ProofShape[] };

const isProofShaped = (p: unknown): p is ProofShape => typeof p === 'object' && p !== null && !Array.isArray(p);

/** An object with a proof, or a proof set of at most a few proofs. */
function isCredentialShaped(value: unknown): value is CredentialShape {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proof = (value as { proof?: unknown }).proof;
  return isProofShaped(proof) || (Array.isArray(proof) && proof.length >= 1 && proof.length <= 4 && proof.every(isProofShaped));
}

function encodeCursor(h: TranscriptHead): string {
  return Buffer.from(JSON.stringify([h.issuedAt.toISOString(), h.id])).toString('base64url');
}

function decodeCursor(cursor: string | undefined): { issuedAt: string; id: string } | null {
  if (!cursor) return null;
  try {
    const [issuedAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof issuedAt === 'string' && !Number.isNaN(Date.parse(issuedAt)) && typeof id === 'string' && /^[0-9a-f-]{36}$/.test(id)) {
      return { issuedAt, id };
    }
  } catch {
    // falls through to the refusal
  }
  throw TranscriptErrors.pageCursor();
}

/** The revocation reason of a closed account's transcripts. */
const CLOSED_REASON = '账户已注销';

