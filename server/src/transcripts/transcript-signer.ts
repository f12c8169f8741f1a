import { DataIntegrityProof, TranscriptIssuerKey } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { createHash, createPrivateKey, createPublicKey, KeyObject, sign, verify } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { base58btc, canonicalJson, fromBase58btc } from './canonical-json';

/** Multicodec prefix of an Ed25519 public key (0xed, varint-encoded), as did:key uses it. */
const ED25519_PUB = Buffer.from([0xed, 0x01]);

export type UnsignedDocument = Record<string, unknown> & { '@context'?: unknown };

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * The district's Ed25519 key (TRANSCRIPT_SIGNING_KEY) and everything signed with it.
 *
 * A credential carries a W3C Data Integrity proof, cryptosuite eddsa-jcs-2022. What is signed,
 * exactly: the 64 bytes SHA-256(JCS(proof options + the document's @context)) followed by
 * SHA-256(JCS(the credential without its `proof`)), where JCS is RFC 8785 canonical JSON and the
 * proof options are the proof's own fields except proofValue. proofValue is 'z' + base58btc of
 * the Ed25519 signature.
 */
@Injectable()
export class TranscriptSigner {
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  readonly keyId: string;
  readonly publicKeyMultibase: string;
  /** did:key of the public key: anyone can read the key from it. */
  readonly controller: string;
  readonly verificationMethod: string;

  constructor(config: AppConfig) {
    this.privateKey = createPrivateKey({ key: Buffer.from(config.TRANSCRIPT_SIGNING_KEY, 'base64'), format: 'der', type: 'pkcs8' });
    this.publicKey = createPublicKey(this.privateKey);
    const raw = Buffer.from(this.publicKey.export({ format: 'jwk' }).x ?? '', 'base64url');
    this.keyId = createHash('sha256').update(raw).digest('hex').slice(0, 16);
    this.publicKeyMultibase = `z${base58btc(Buffer.concat([ED25519_PUB, raw]))}`;
    this.controller = `did:key:${this.publicKeyMultibase}`;
    this.verificationMethod = `${this.controller}#${this.publicKeyMultibase}`;
  }

  issuerKey(): TranscriptIssuerKey {
    return {
      keyId: this.keyId,
      algorithm: 'Ed25519',
      controller: this.controller,
      verificationMethod: this.verificationMethod,
      publicKeyMultibase: this.publicKeyMultibase,
      publicKeyPem: this.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    };
  }

  /** The proof for a credential (without proof) issued at `created`. */
  prove(document: UnsignedDocument, created: string): DataIntegrityProof {
    const options = this.proofOptions(created);
    const signature = sign(null, hashData(document, options), this.privateKey);
    return { ...options, proofValue: `z${base58btc(signature)}` };
  }

  /** Whether `proof` is our key's valid proof of `document` (the credential without its proof). */
  checkProof(document: UnsignedDocument, proof: object): boolean {
    const { proofValue, ...rest } = proof as Record<string, unknown>;
    if (typeof proofValue !== 'string' || !proofValue.startsWith('z') || typeof rest.created !== 'string') return false;
    const expected: Record<string, unknown> = { ...this.proofOptions(rest.created) };
    // a proof may repeat the document's @context; nothing else may differ from what we sign
    if ('@context' in rest) expected['@context'] = document['@context'];
    if (canonicalJson(rest) !== canonicalJson(expected)) return false;
    const signature = fromBase58btc(proofValue.slice(1));
    if (!signature || signature.length !== 64) return false;
    return verify(null, hashData(document, this.proofOptions(rest.created)), this.publicKey, signature);
  }

  /** Raw Ed25519 over bytes: the seal on a PDF. */
  signBytes(data: Buffer): Buffer {
    return sign(null, data, this.privateKey);
  }

  verifyBytes(data: Buffer, signature: Buffer): boolean {
    return signature.length === 64 && verify(null, data, this.publicKey, signature);
  }

  private proofOptions(created: string): Omit<DataIntegrityProof, 'proofValue'> {
    return {
      type: 'DataIntegrityProof',
      cryptosuite: 'eddsa-jcs-2022',
      created,
      verificationMethod: this.verificationMethod,
      proofPurpose: 'assertionMethod',
    };
  }
}

function hashData(document: UnsignedDocument, options: Omit<DataIntegrityProof, 'proofValue'>): Buffer {
  const config = document['@context'] === undefined ? options : { ...options, '@context': document['@context'] };
  return Buffer.concat([sha256(canonicalJson(config)), sha256(canonicalJson(document))]);
}
