import { DataIntegrityProof, Sm2DataIntegrityProof, TranscriptIssuerKey } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { createHash, createPrivateKey, createPublicKey, KeyObject, sign, verify } from 'node:crypto';
import { sm2 } from 'sm-crypto-v2';
import { AppConfig } from '../config/app-config';
import { base58btc, canonicalJson, fromBase58btc } from './canonical-json';

/** Multicodec prefix of an Ed25519 public key (0xed, varint-encoded), as did:key uses it. */
const ED25519_PUB = Buffer.from([0xed, 0x01]);
/** The signer ID of GM/T 0009-2012 when none is agreed: what SM2 verifiers assume. */
export const SM2_USER_ID = '1234567812345678';
/** The SM2 proof's cryptosuite: no W3C cryptosuite names SM2, so this one is the portal's own (README, 国密). */
export const SM2_CRYPTOSUITE = 'sm2-sm3-jcs-2026';
/** The Ed25519 proof of transcripts issued since credential format 2 (W3C, RDF Dataset Canonicalization). */
export const RDFC_CRYPTOSUITE = 'eddsa-rdfc-2022';
const SECURITY_V2_CONTEXT = 'https://w3id.org/security/v2';
const MULTIKEY_CONTEXT = 'https://w3id.org/security/multikey/v1';

export type UnsignedDocument = Record<string, unknown> & { '@context'?: unknown };

interface Ed25519Key {
  keyId: string;
  publicKey: KeyObject;
  publicKeyMultibase: string;
  controller: string;
  verificationMethod: string;
}

interface Sm2Key {
  keyId: string;
  /** Uncompressed point, '04' + x + y in hex. */
  publicKeyHex: string;
  verificationMethod: string;
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
const sm3 = (text: string): Buffer => createHash('sm3').update(text, 'utf8').digest();

function ed25519Key(publicKey: KeyObject): Ed25519Key {
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url');
  const publicKeyMultibase = `z${base58btc(Buffer.concat([ED25519_PUB, raw]))}`;
  const controller = `did:key:${publicKeyMultibase}`;
  return {
    keyId: createHash('sha256').update(raw).digest('hex').slice(0, 16),
    publicKey,
    publicKeyMultibase,
    controller,
    verificationMethod: `${controller}#${publicKeyMultibase}`,
  };
}

/** A retired key as the issuer document listed it: its multibase form, z6Mk…. */
function retiredEd25519(multibase: string): Ed25519Key {
  const bytes = multibase.startsWith('z') ? fromBase58btc(multibase.slice(1)) : null;
  if (!bytes || bytes.length !== 34 || !bytes.subarray(0, 2).equals(ED25519_PUB)) throw new Error(`not an Ed25519 public key in multibase: ${multibase}`);
  return ed25519Key(createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: bytes.subarray(2).toString('base64url') }, format: 'jwk' }));
}

function sm2Key(publicKeyHex: string, issuerUrl: string): Sm2Key {
  const keyId = createHash('sm3').update(Buffer.from(publicKeyHex, 'hex')).digest('hex').slice(0, 16);
  return { keyId, publicKeyHex, verificationMethod: `${issuerUrl}#sm2-${keyId}` };
}

/**
 * The district's transcript keys and everything signed with them.
 *
 * Ed25519 (TRANSCRIPT_SIGNING_KEY): a credential of format 2 (see credential.ts) carries a W3C Data
 * Integrity proof with cryptosuite eddsa-rdfc-2022, made and checked by Digital Bazaar's libraries
 * (data-integrity.ts); its verification method is the key's Multikey document under controllerUrl.
 *
 * Format 1 (transcripts issued before): cryptosuite eddsa-jcs-2022, verification method the key's
 * did:key, made by prove() below and still checked by checkProof(). What is signed, exactly: the 64 bytes SHA-256(JCS(proof options + the document's
 * @context)) followed by SHA-256(JCS(the credential without its `proof`)), where JCS is RFC 8785
 * canonical JSON and the proof options are the proof's own fields except proofValue. proofValue is
 * 'z' + base58btc of the Ed25519 signature.
 *
 * SM2 (TRANSCRIPT_SM2_KEY, 国密): a second proof beside it over the same canonical bytes with SM3 in
 * place of SHA-256, an SM2 signature (GB/T 32918.2, signer ID 1234567812345678, r‖s) in proofValue.
 *
 * Keys rotate: the retired public keys (TRANSCRIPT_SIGNING_OLD_KEYS, TRANSCRIPT_SM2_OLD_KEYS) still
 * verify what they signed, found by the key id or verification method each proof and seal names.
 */
@Injectable()
export class TranscriptSigner {
  private readonly privateKey: KeyObject;
  private readonly current: Ed25519Key;
  private readonly ed25519Keys: Ed25519Key[];
  private readonly sm2Private: string | null;
  private readonly sm2Current: Sm2Key | null;
  private readonly sm2Keys: Sm2Key[];
  private readonly issuerUrl: string;

  constructor(config: AppConfig) {
    this.privateKey = createPrivateKey({ key: Buffer.from(config.TRANSCRIPT_SIGNING_KEY, 'base64'), format: 'der', type: 'pkcs8' });
    this.current = ed25519Key(createPublicKey(this.privateKey));
    this.ed25519Keys = [this.current, ...config.transcriptSigningOldKeys().map(retiredEd25519)];
    const issuerUrl = `${config.publicBaseUrl}/api/transcripts/issuer`;
    this.issuerUrl = issuerUrl;
    this.sm2Private = config.TRANSCRIPT_SM2_KEY?.toLowerCase() ?? null;
    this.sm2Current = this.sm2Private ? sm2Key(sm2.getPublicKeyFromPrivateKey(this.sm2Private), issuerUrl) : null;
    this.sm2Keys = [...(this.sm2Current ? [this.sm2Current] : []), ...config.transcriptSm2OldKeys().map((k) => sm2Key(k.toLowerCase(), issuerUrl))];
  }

  get keyId(): string {
    return this.current.keyId;
  }

  /** did:key of the current public key: anyone can read the key from it. */
  get controller(): string {
    return this.current.controller;
  }

  get verificationMethod(): string {
    return this.current.verificationMethod;
  }

  get publicKeyMultibase(): string {
    return this.current.publicKeyMultibase;
  }

  /**
   * The issuer of format-2 credentials: an https URL whose controller document lists every Ed25519
   * key (current and retired) as a Multikey for assertionMethod, so a verifier resolves it with
   * any JSON-LD document loader.
   */
  get controllerUrl(): string {
    return `${this.issuerUrl}/controller`;
  }

  /** The eddsa-rdfc-2022 verification method of a key: its own Multikey document. */
  private keyUrl(k: Ed25519Key): string {
    return `${this.issuerUrl}/keys/${k.publicKeyMultibase}`;
  }

  private multikey(k: Ed25519Key): Record<string, unknown> {
    return { id: this.keyUrl(k), type: 'Multikey', controller: this.controllerUrl, publicKeyMultibase: k.publicKeyMultibase };
  }

  /** The controller document served at controllerUrl. */
  controllerDocument(): Record<string, unknown> {
    return { '@context': [SECURITY_V2_CONTEXT, MULTIKEY_CONTEXT], id: this.controllerUrl, assertionMethod: this.ed25519Keys.map((k) => this.multikey(k)) };
  }

  /** The Multikey document of the Ed25519 key with this multibase, or null when it is none of ours. */
  keyDocument(publicKeyMultibase: string): Record<string, unknown> | null {
    const key = this.ed25519Keys.find((k) => k.publicKeyMultibase === publicKeyMultibase);
    return key ? { '@context': MULTIKEY_CONTEXT, ...this.multikey(key) } : null;
  }

  /** Everything a verifier of our eddsa-rdfc-2022 proofs must resolve, by URL: for the offline document loader. */
  publicDocuments(): Record<string, Record<string, unknown>> {
    const docs: Record<string, Record<string, unknown>> = { [this.controllerUrl]: this.controllerDocument() };
    for (const k of this.ed25519Keys) docs[this.keyUrl(k)] = { '@context': MULTIKEY_CONTEXT, ...this.multikey(k) };
    return docs;
  }

  /** The current key for the Data Integrity libraries: its private JWK and the URLs it is known by. Never leaves the process. */
  rdfcSigningKey(): { jwk: Record<string, unknown>; id: string; controller: string } {
    return { jwk: this.privateKey.export({ format: 'jwk' }) as Record<string, unknown>, id: this.keyUrl(this.current), controller: this.controllerUrl };
  }

  /** The Ed25519 key id an eddsa-rdfc-2022 verification method names, or null when it is none of ours. */
  keyIdOfRdfcMethod(method: unknown): string | null {
    return this.ed25519Keys.find((k) => this.keyUrl(k) === method)?.keyId ?? null;
  }

  /** The current SM2 key's id, or null when transcripts are not signed with SM2. */
  get sm2KeyId(): string | null {
    return this.sm2Current?.keyId ?? null;
  }

  /** Every key that verifies transcripts, current ones first. */
  issuerKeys(): TranscriptIssuerKey[] {
    const ed = this.ed25519Keys.map((k) => ({
      keyId: k.keyId,
      algorithm: 'Ed25519' as const,
      status: k === this.current ? ('current' as const) : ('retired' as const),
      controller: k.controller,
      verificationMethod: k.verificationMethod,
      publicKeyMultibase: k.publicKeyMultibase,
      publicKeyPem: k.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    }));
    const sm = this.sm2Keys.map((k) => ({
      keyId: k.keyId,
      algorithm: 'SM2' as const,
      status: k === this.sm2Current ? ('current' as const) : ('retired' as const),
      verificationMethod: k.verificationMethod,
      publicKeyHex: k.publicKeyHex,
      signerId: SM2_USER_ID,
    }));
    return [...ed, ...sm];
  }

  /** The verification method of the Ed25519 key `keyId`, or null when it is none of ours. */
  methodOf(keyId: string): string | null {
    return this.ed25519Keys.find((k) => k.keyId === keyId)?.verificationMethod ?? null;
  }

  sm2MethodOf(keyId: string): string | null {
    return this.sm2Keys.find((k) => k.keyId === keyId)?.verificationMethod ?? null;
  }

  /** The Ed25519 key id a verification method names, or null when it is none of ours. */
  keyIdOfMethod(method: unknown): string | null {
    return this.ed25519Keys.find((k) => k.verificationMethod === method)?.keyId ?? null;
  }

  sm2KeyIdOfMethod(method: unknown): string | null {
    return this.sm2Keys.find((k) => k.verificationMethod === method)?.keyId ?? null;
  }

  /** The proof for a credential (without proof) issued at `created`, by the current key. */
  prove(document: UnsignedDocument, created: string): DataIntegrityProof {
    const options = ed25519Options(created, this.current.verificationMethod);
    const signature = sign(null, hashData(document, options, sha256), this.privateKey);
    return { ...options, proofValue: `z${base58btc(signature)}` };
  }

  /** The SM2 proof beside it, or null when no SM2 key is configured. */
  proveSm2(document: UnsignedDocument, created: string): Sm2DataIntegrityProof | null {
    if (!this.sm2Private || !this.sm2Current) return null;
    const options = sm2Options(created, this.sm2Current.verificationMethod);
    const signatureHex = sm2.doSignature(hashData(document, options, sm3), this.sm2Private, { hash: true, publicKey: this.sm2Current.publicKeyHex, userId: SM2_USER_ID });
    return { ...options, proofValue: `z${base58btc(Buffer.from(signatureHex, 'hex'))}` };
  }

  /** Whether `proof` is a valid Ed25519 proof of `document` (the credential without its proof) by one of our keys. */
  checkProof(document: UnsignedDocument, proof: object): boolean {
    const key = this.ed25519Keys.find((k) => k.verificationMethod === (proof as { verificationMethod?: unknown }).verificationMethod);
    const opened = key && openProof(document, proof, (created) => ed25519Options(created, key.verificationMethod));
    return !!opened && verify(null, hashData(document, opened.options, sha256), key.publicKey, opened.signature);
  }

  /** Whether `proof` is a valid SM2 proof of `document` by one of our SM2 keys. */
  checkSm2Proof(document: UnsignedDocument, proof: object): boolean {
    const key = this.sm2Keys.find((k) => k.verificationMethod === (proof as { verificationMethod?: unknown }).verificationMethod);
    const opened = key && openProof(document, proof, (created) => sm2Options(created, key.verificationMethod));
    const data = opened && hashData(document, opened.options, sm3);
    return !!data && sm2.doVerifySignature(data, opened.signature.toString('hex'), key.publicKeyHex, { hash: true, userId: SM2_USER_ID });
  }

  /** Raw Ed25519 over bytes by the current key: the seal on a PDF. */
  signBytes(data: Buffer): Buffer {
    return sign(null, data, this.privateKey);
  }

  /** Whether `signature` is the Ed25519 key `keyId`'s over `data`; false for a key that is none of ours. */
  verifyBytes(keyId: string, data: Buffer, signature: Buffer): boolean {
    const key = this.ed25519Keys.find((k) => k.keyId === keyId);
    return !!key && signature.length === 64 && verify(null, data, key.publicKey, signature);
  }
}

function ed25519Options(created: string, verificationMethod: string): Omit<DataIntegrityProof, 'proofValue'> {
  return { type: 'DataIntegrityProof', cryptosuite: 'eddsa-jcs-2022', created, verificationMethod, proofPurpose: 'assertionMethod' };
}

function sm2Options(created: string, verificationMethod: string): Omit<Sm2DataIntegrityProof, 'proofValue'> {
  return { type: 'DataIntegrityProof', cryptosuite: SM2_CRYPTOSUITE, created, verificationMethod, proofPurpose: 'assertionMethod' };
}

/**
 * A proof's options and 64-byte signature, or null when it is not exactly a proof we would make:
 * its fields other than proofValue must be the options `optionsAt` gives for its `created` (it may
 * repeat the document's @context, nothing else).
 */
function openProof(document: UnsignedDocument, proof: object, optionsAt: (created: string) => object): { options: object; signature: Buffer } | null {
  const { proofValue, ...rest } = proof as Record<string, unknown>;
  if (typeof proofValue !== 'string' || !proofValue.startsWith('z') || typeof rest.created !== 'string') return null;
  const options = optionsAt(rest.created);
  const expected: Record<string, unknown> = { ...options };
  if ('@context' in rest) expected['@context'] = document['@context'];
  if (canonicalJson(rest) !== canonicalJson(expected)) return null;
  const signature = fromBase58btc(proofValue.slice(1));
  return signature && signature.length === 64 ? { options, signature } : null;
}

function hashData(document: UnsignedDocument, options: object, hash: (text: string) => Buffer): Buffer {
  const config = document['@context'] === undefined ? options : { ...options, '@context': document['@context'] };
  return Buffer.concat([hash(canonicalJson(config)), hash(canonicalJson(document))]);
}
