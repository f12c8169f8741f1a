import { CHECKIN_CODE_DIGITS, CHECKIN_QR_PREFIX, CODE_WINDOW_SECONDS, LEARNER_CODE_PREFIX, QR_WINDOW_SECONDS } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { createHmac, createSecretKey, KeyObject, timingSafeEqual } from 'node:crypto';
import { AppConfig } from '../config/app-config';

const MAC_BYTES = 10;

/** How a 代签 found the resident. */
export type ProxyLookup = 'phone' | 'id_number' | 'learner_code';

/** What a teacher's lookup found, carried to the saving step so the teacher saves whom they saw. */
export interface ProxyLookupClaim {
  sessionId: number;
  residentId: string;
  teacherId: string;
  lookup: ProxyLookup;
  /** Unix seconds. */
  expires: number;
}

const PROXY_TOKEN_PREFIX = 'LPP.';

export interface ScannedQr {
  sessionId: number;
  window: number;
  body: Buffer;
  mac: Buffer;
}

/**
 * The codes check-in trusts, all made and judged by the server alone:
 * - the QR: session id + 10-second window, signed with a key derived from the session's own
 *   random secret and this deployment's CHECKIN_SIGNING_KEY (24 characters after "LP1.");
 * - the spoken 6-digit code, one per minute, from the same key;
 * - a resident's 学习码 for proxy check-in from paper: their id, signed;
 * - a 代签 lookup token: whom a teacher's lookup found, for which session and teacher, until when.
 */
@Injectable()
export class CheckInCodes {
  private readonly key: Buffer;
  private readonly sessionKeys = new WeakMap<Buffer, KeyObject>();

  constructor(config: AppConfig) {
    this.key = Buffer.from(config.CHECKIN_SIGNING_KEY, 'utf8');
  }

  qrWindow(at: Date): number {
    return Math.floor(at.getTime() / 1000 / QR_WINDOW_SECONDS);
  }

  codeWindow(at: Date): number {
    return Math.floor(at.getTime() / 1000 / CODE_WINDOW_SECONDS);
  }

  windowStart(window: number): Date {
    return new Date(window * QR_WINDOW_SECONDS * 1000);
  }

  qr(sessionId: number, secret: Buffer, window: number): string {
    const body = Buffer.alloc(8);
    body.writeUInt32BE(sessionId, 0);
    body.writeUInt32BE(window, 4);
    return CHECKIN_QR_PREFIX + Buffer.concat([body, this.mac(secret, body)]).toString('base64url');
  }

  /** Reads a scanned QR without trusting it: the signature is checked by `verifyQr`. */
  parseQr(content: string): ScannedQr | null {
    if (!content.startsWith(CHECKIN_QR_PREFIX)) return null;
    const raw = Buffer.from(content.slice(CHECKIN_QR_PREFIX.length), 'base64url');
    if (raw.length !== 8 + MAC_BYTES || raw.toString('base64url') !== content.slice(CHECKIN_QR_PREFIX.length)) return null;
    const body = raw.subarray(0, 8);
    return { sessionId: body.readUInt32BE(0), window: body.readUInt32BE(4), body, mac: raw.subarray(8) };
  }

  verifyQr(scanned: ScannedQr, secret: Buffer): boolean {
    return timingSafeEqual(this.mac(secret, scanned.body), scanned.mac);
  }

  code(sessionId: number, secret: Buffer, minuteWindow: number): string {
    const body = Buffer.alloc(9);
    body.write('c', 0);
    body.writeUInt32BE(sessionId, 1);
    body.writeUInt32BE(minuteWindow, 5);
    const n = this.mac(secret, body).readUInt32BE(0) % 10 ** CHECKIN_CODE_DIGITS;
    return String(n).padStart(CHECKIN_CODE_DIGITS, '0');
  }

  learnerCode(userId: string): string {
    const id = Buffer.from(userId.replace(/-/g, ''), 'hex');
    const mac = createHmac('sha256', this.key).update('learner').update(id).digest().subarray(0, MAC_BYTES);
    return LEARNER_CODE_PREFIX + Buffer.concat([id, mac]).toString('base64url');
  }

  /** The user id in a genuine 学习码, or null. */
  readLearnerCode(content: string): string | null {
    if (!content.startsWith(LEARNER_CODE_PREFIX)) return null;
    const raw = Buffer.from(content.slice(LEARNER_CODE_PREFIX.length), 'base64url');
    if (raw.length !== 16 + MAC_BYTES) return null;
    const id = raw.subarray(0, 16);
    const mac = createHmac('sha256', this.key).update('learner').update(id).digest().subarray(0, MAC_BYTES);
    if (!timingSafeEqual(mac, raw.subarray(16))) return null;
    const hex = id.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  proxyLookupToken(claim: ProxyLookupClaim): string {
    const body = Buffer.from(JSON.stringify([claim.sessionId, claim.residentId, claim.teacherId, claim.lookup, claim.expires]));
    return `${PROXY_TOKEN_PREFIX}${body.toString('base64url')}.${this.proxyMac(body).toString('base64url')}`;
  }

  /** The claim of a genuine, unexpired token, or null. */
  readProxyLookupToken(token: string, now: Date): ProxyLookupClaim | null {
    const [body64, mac64, extra] = token.startsWith(PROXY_TOKEN_PREFIX) ? token.slice(PROXY_TOKEN_PREFIX.length).split('.') : [];
    if (!body64 || !mac64 || extra !== undefined) return null;
    const body = Buffer.from(body64, 'base64url');
    const mac = Buffer.from(mac64, 'base64url');
    const expected = this.proxyMac(body);
    if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) return null;
    const [sessionId, residentId, teacherId, lookup, expires] = JSON.parse(body.toString('utf8')) as [number, string, string, ProxyLookup, number];
    if (expires * 1000 < now.getTime()) return null;
    return { sessionId, residentId, teacherId, lookup, expires };
  }

  private proxyMac(body: Buffer): Buffer {
    return createHmac('sha256', this.key).update('proxy-lookup').update(body).digest().subarray(0, 16);
  }

  private mac(secret: Buffer, body: Buffer): Buffer {
    return createHmac('sha256', this.sessionKey(secret)).update(body).digest().subarray(0, MAC_BYTES);
  }

  /**
   * The session's signing key, derived once per secret: a room scanning the same QR would
   * otherwise derive it again for every resident. Keyed by the secret buffer itself, which the
   * session facts (SessionFacts) keep for as long as they know the session.
   */
  private sessionKey(secret: Buffer): KeyObject {
    let key = this.sessionKeys.get(secret);
    if (!key) {
      key = createSecretKey(createHmac('sha256', this.key).update('session').update(secret).digest());
      this.sessionKeys.set(secret, key);
    }
    return key;
  }
}
