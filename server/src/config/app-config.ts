import { plainToInstance, Transform } from 'class-transformer';
import { DATABASE_POOLERS, DatabasePooler } from '../database/pooler';
import { createPrivateKey } from 'node:crypto';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';
import { sm2 } from 'sm-crypto-v2';
import { readPdfCertificate } from '../transcripts/pdf-certificate';
import { secretProblems } from './secret-strength';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** The order n of the SM2 curve's base point (GB/T 32918.5). */
const SM2_ORDER = BigInt('0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123');
const TRANSCRIPT_KEY_MESSAGE =
  'TRANSCRIPT_SIGNING_KEY must be an Ed25519 private key as PKCS#8 DER in base64 (openssl genpkey -algorithm ed25519 -outform DER | base64 -w0)';

function isEd25519PrivateKey(base64: string): boolean {
  try {
    return createPrivateKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'pkcs8' }).asymmetricKeyType === 'ed25519';
  } catch {
    return false;
  }
}

/** Where a test may have the server kill itself (TEST_CRASH_AT; see common/crash-points.ts). */
export const CRASH_POINTS = [
  /** A new check-in is stored in its transaction; what goes with it (audit entry, credits) is not yet. */
  'attendance.stored',
] as const;
export type CrashPoint = (typeof CRASH_POINTS)[number];

const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : value === true || value === 'true' || value === '1';
const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

/**
 * Everything the server reads from its environment, validated once at boot.
 * A missing or bad value stops start-up with a message that names the variable.
 */
export class AppConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT = 3000;

  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL: string;

  /**
   * A streaming replica of DATABASE_URL: statistics, catalogue lists and residents' 学习账户 are
   * read there while it is at most 5 s behind (database/read-replica.ts). Unset: all from the primary.
   */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_REPLICA_URL must be a postgres:// URL' })
  DATABASE_REPLICA_URL?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DB_POOL_SIZE = 10;

  /**
   * 'transaction' when DATABASE_URL points at PgBouncer in transaction mode (database/pooler.ts):
   * no statement_timeout startup parameter, which PgBouncer refuses; its connect_query sets it.
   */
  @IsIn(DATABASE_POOLERS)
  DATABASE_POOLER: DatabasePooler = 'none';

  /**
   * The key store: another PostgreSQL database holding each resident's data key, wrapped by the field
   * key. Closing an account destroys the key there, so the resident's data in this database and in
   * every dump of it stays unreadable. Required in production (and not the main database); unset
   * elsewhere: the main database's name with `_keys`, on the same server, made at start.
   */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATA_KEY_STORE_URL must be a postgres:// URL' })
  DATA_KEY_STORE_URL?: string;

  /**
   * Session closes (each one transaction writing every attendee's record, grant and figures) running
   * at once in a server process; more wait their turn in memory. Small, so that a district's evening
   * peak leaves CPU and connections to heartbeats and check-ins; at least 1, at most the pool.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  SESSION_CLOSE_CONCURRENCY = 2;

  /**
   * HTTP worker processes sharing the port (node:cluster), e.g. the number of cores. Above 1 it
   * needs REDIS_URL: live rosters and rate limits are shared between the workers through Redis.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  WEB_CONCURRENCY = 1;

  /** Unset: one process, rate limits in memory. */
  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL?: string;

  /**
   * Where this portal's keys, queues and channels live in Redis (lp:<namespace>:…). Unset: derived
   * from the database (its server's system identifier and its name), so every node of one portal
   * agrees, and two portals sharing one Redis (two districts, staging beside production) never
   * take each other's periodic jobs, rate limits or messages.
   */
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9_-]{0,39}$/, { message: 'REDIS_NAMESPACE: 1–40 lowercase letters, digits, - or _' })
  REDIS_NAMESPACE?: string;

  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET: string;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(86400)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(365)
  REFRESH_TOKEN_TTL_DAYS = 30;

  /** 32 random bytes, base64: AES-256-GCM key for phone and ID numbers. */
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'FIELD_ENCRYPTION_KEY must be 32 bytes in base64 (44 characters)' })
  FIELD_ENCRYPTION_KEY: string;

  /**
   * The algorithms: `international` (AES-256-GCM, HMAC-SHA256, Ed25519) or `guomi` (国密: SM4-GCM for
   * phone and ID numbers, HMAC-SM3 for look-up hashes, and an SM2 signature beside the Ed25519 one
   * on transcripts). Values encrypted under the other suite stay readable and are re-encrypted by a job.
   */
  @IsIn(['international', 'guomi'], { message: 'CRYPTO_SUITE must be international or guomi' })
  CRYPTO_SUITE: 'international' | 'guomi' = 'international';

  /**
   * Retired field keys, comma-separated, each 32 bytes in base64: values under them stay readable
   * while the re-encryption job moves them to FIELD_ENCRYPTION_KEY. Drop one once the job reports
   * nothing left under it.
   */
  @IsOptional()
  @Matches(/^[A-Za-z0-9+/]{43}=(,[A-Za-z0-9+/]{43}=)*$/, { message: 'FIELD_ENCRYPTION_OLD_KEYS must be 32-byte keys in base64 (44 characters each), separated by commas' })
  FIELD_ENCRYPTION_OLD_KEYS?: string;

  /** Key of the HMAC that lets us look up a phone or ID number without decrypting. */
  @IsString()
  @MinLength(32, { message: 'LOOKUP_HASH_KEY must be at least 32 characters' })
  LOOKUP_HASH_KEY: string;

  /** Key that signs check-in QR codes, spoken codes and 学习码; another deployment's codes fail. */
  @IsString()
  @MinLength(32, { message: 'CHECKIN_SIGNING_KEY must be at least 32 characters' })
  CHECKIN_SIGNING_KEY: string;

  /**
   * The district's Ed25519 private key that signs transcripts (成绩单): PKCS#8 DER in base64, one line,
   * e.g. `openssl genpkey -algorithm ed25519 -outform DER | base64 -w0`. Its public half is published
   * at /api/transcripts/issuer; a transcript signed by another key does not verify.
   */
  @IsString()
  @Matches(BASE64, { message: TRANSCRIPT_KEY_MESSAGE })
  TRANSCRIPT_SIGNING_KEY: string;

  /**
   * Retired Ed25519 transcript keys, comma-separated, each as the issuer document listed it
   * (publicKeyMultibase, z6Mk…): transcripts they signed keep verifying after TRANSCRIPT_SIGNING_KEY
   * changes.
   */
  @IsOptional()
  @Matches(/^z[1-9A-HJ-NP-Za-km-z]{40,60}(,z[1-9A-HJ-NP-Za-km-z]{40,60})*$/, { message: 'TRANSCRIPT_SIGNING_OLD_KEYS must be public keys as /api/transcripts/issuer lists them (publicKeyMultibase, z6Mk…), separated by commas' })
  TRANSCRIPT_SIGNING_OLD_KEYS?: string;

  /**
   * 国密: the district's SM2 private key, 64 hex digits, which signs every transcript beside the
   * Ed25519 key. Required with CRYPTO_SUITE=guomi.
   */
  @IsOptional()
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'TRANSCRIPT_SM2_KEY must be an SM2 private key, 64 hex digits' })
  TRANSCRIPT_SM2_KEY?: string;

  /** Retired SM2 public keys ('04' + x + y, 130 hex digits, as the issuer document lists them), comma-separated. */
  @IsOptional()
  @Matches(/^04[0-9a-fA-F]{128}(,04[0-9a-fA-F]{128})*$/, { message: 'TRANSCRIPT_SM2_OLD_KEYS must be SM2 public keys, 04 and 128 hex digits each, separated by commas' })
  TRANSCRIPT_SM2_OLD_KEYS?: string;

  /**
   * The district's certificate for the standard (PAdES) signature on transcript PDFs: a PKCS#12
   * bundle (certificate and RSA private key) in base64 on one line. Unset, PDFs carry the portal's
   * own seal only; production needs it.
   */
  @IsOptional()
  @Matches(BASE64, { message: 'TRANSCRIPT_PDF_CERT must be a PKCS#12 bundle in base64 on one line (base64 -w0 district.p12)' })
  TRANSCRIPT_PDF_CERT?: string;

  /** The password of TRANSCRIPT_PDF_CERT. */
  @IsString()
  TRANSCRIPT_PDF_CERT_PASSWORD = '';

  /**
   * Certificates the district signed transcript PDFs with before TRANSCRIPT_PDF_CERT (the
   * certificate alone, DER in base64, `openssl x509 -outform der | base64 -w0`), comma-separated:
   * PDFs they signed keep verifying.
   */
  @IsOptional()
  @Matches(/^[A-Za-z0-9+/]+={0,2}(,[A-Za-z0-9+/]+={0,2})*$/, { message: 'TRANSCRIPT_PDF_OLD_CERTS must be certificates in DER, base64 each, separated by commas' })
  TRANSCRIPT_PDF_OLD_CERTS?: string;

  /**
   * The address residents and verifiers reach this server at, e.g. https://xuexi.example.gov.cn:
   * the QR code on a transcript opens `${PUBLIC_BASE_URL}/verify/<id>`. Unset outside production:
   * http://localhost:PORT.
   */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.replace(/\/+$/, '') : value))
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'PUBLIC_BASE_URL must be an http(s) URL such as https://xuexi.example.gov.cn' })
  @Matches(/^[^?#]+$/, { message: 'PUBLIC_BASE_URL must not carry a query or a fragment' })
  PUBLIC_BASE_URL?: string;

  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  WECHAT_API_BASE = 'https://api.weixin.qq.com';

  @IsString()
  @MinLength(1, { message: 'WECHAT_APP_ID must not be empty' })
  WECHAT_APP_ID: string;

  @IsString()
  @MinLength(1, { message: 'WECHAT_APP_SECRET must not be empty' })
  WECHAT_APP_SECRET: string;

  @Transform(toInt)
  @IsInt()
  @Min(500)
  @Max(30000)
  WECHAT_TIMEOUT_MS = 5000;

  /**
   * The subscribe-message template for session reminders, as chosen in the Mini Program console
   * (its keys must be thing1, time2, thing3, thing4: see reminders/reminder-message.ts).
   * Unset: reminders are off and the mini program is told there is nothing to subscribe to.
   */
  @IsOptional()
  @Matches(/^[\w-]{1,64}$/, { message: 'WECHAT_REMINDER_TEMPLATE_ID must be a WeChat template id (letters, digits, - and _)' })
  WECHAT_REMINDER_TEMPLATE_ID?: string;

  /**
   * WeChat's verification file for the rule 扫普通链接二维码打开小程序 (the check-in QR opens the
   * mini program): the name WeChat gives (e.g. `Ab12Cd34Ef.txt`), served at `/<name>` with the
   * content below as text/plain. Set both or neither (see README).
   */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,64}\.txt$/, { message: 'WECHAT_QR_VERIFY_FILE must be the file name WeChat gives, letters and digits ending in .txt (e.g. Ab12Cd34Ef.txt)' })
  WECHAT_QR_VERIFY_FILE?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,128}$/, { message: 'WECHAT_QR_VERIFY_CONTENT must be the content of WeChat\'s verification file: letters and digits, at most 128' })
  WECHAT_QR_VERIFY_CONTENT?: string;

  /** Which version of the mini program a reminder opens: formal (released), trial or developer. */
  @IsIn(['formal', 'trial', 'developer'])
  WECHAT_MINIPROGRAM_STATE: 'formal' | 'trial' | 'developer' = 'formal';

  /** Remind residents of sessions starting within this many minutes. */
  @Transform(toInt)
  @IsInt()
  @Min(5)
  @Max(2880)
  REMINDER_LEAD_MINUTES = 120;

  /** How often the reminder sweep runs. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  REMINDER_SWEEP_SECONDS = 60;

  /** Online lesson minutes credited per resident per day (Asia/Shanghai); beyond it a lesson is cut or waits. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1440)
  ONLINE_DAILY_CAP_MINUTES = 120;

  /**
   * 待核对: hours the session's teacher has to confirm or reject a flagged check-in, counted from the
   * session's planned end (or from the check-in, for a 代签 made after it). After that the district's rule, CHECKIN_REVIEW_DEADLINE_OUTCOME, decides it
   * and the resident is told.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(720)
  CHECKIN_REVIEW_DEADLINE_HOURS = 72;

  /**
   * What a flagged check-in nobody reviewed in time becomes: `reject` (default: presence nobody
   * verified earns no 学时) or `confirm` (a district that trusts unverified check-ins).
   */
  @IsIn(['reject', 'confirm'], { message: 'CHECKIN_REVIEW_DEADLINE_OUTCOME must be reject or confirm' })
  CHECKIN_REVIEW_DEADLINE_OUTCOME: 'reject' | 'confirm' = 'reject';

  /** Dev-only: the demo login. Production refuses it. */
  @Transform(toBool)
  @IsBoolean()
  DEMO_MODE = false;

  /** Comma-separated origins allowed to call the API from a browser; the H5 app itself is same-origin. */
  @IsOptional()
  @IsString()
  CORS_ORIGINS?: string;

  /**
   * Comma-separated https origins that lesson videos may come from (the content security policy's
   * media-src). The portal's own origin is always allowed.
   */
  @IsOptional()
  @Matches(/^\s*(https:\/\/[a-z0-9.-]+(:\d{1,5})?\s*(,\s*|$))*$/i, {
    message: 'MEDIA_ORIGINS must be comma-separated https origins such as https://video.example.gov.cn',
  })
  MEDIA_ORIGINS?: string;

  /** Folder of the H5 build to serve at /. Unset: miniapp/dist/h5 next to the server. */
  @IsOptional()
  @IsString()
  H5_DIR?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  THROTTLE_TTL_SECONDS = 60;

  /** Requests per client per window on ordinary endpoints. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  THROTTLE_LIMIT = 600;

  /** Login attempts per client per window. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_THROTTLE_LIMIT = 20;

  /** Files handed in to be checked (transcript PDFs on /verify and the API) per client address per minute. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  FILE_CHECK_THROTTLE_LIMIT = 30;

  /** Behind a reverse proxy: trust its X-Forwarded-For for client addresses. */
  @Transform(toBool)
  @IsBoolean()
  TRUST_PROXY = false;

  /**
   * Tests only: comma-separated crash points (see common/crash-points.ts) where the server kills
   * itself, to prove that nothing is lost. Refused unless NODE_ENV=test.
   */
  @IsOptional()
  @IsString()
  TEST_CRASH_AT?: string;

  /**
   * Days a row of the personal-data access log (who on the staff saw which resident) is kept before
   * the nightly purge removes it. The 网络安全法 asks for at least six months: production refuses < 180.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  ACCESS_AUDIT_RETENTION_DAYS = 365;

  /** How many copies of their own data one resident may download in an hour. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  DATA_EXPORT_PER_HOUR = 5;

  /** DATA_KEY_STORE_URL, or outside production the main database's name with `_keys` on the same server. */
  get dataKeyStoreUrl(): string {
    if (this.DATA_KEY_STORE_URL) return this.DATA_KEY_STORE_URL;
    const u = new URL(this.DATABASE_URL);
    u.pathname = `${u.pathname.replace(/\/$/, '') || '/lifelong'}_keys`;
    return u.toString();
  }

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }

  /** PUBLIC_BASE_URL, or this machine's own address outside production. */
  get publicBaseUrl(): string {
    return this.PUBLIC_BASE_URL ?? `http://localhost:${this.PORT}`;
  }

  testCrashPoints(): string[] {
    return listOf(this.TEST_CRASH_AT);
  }

  transcriptSigningOldKeys(): string[] {
    return listOf(this.TRANSCRIPT_SIGNING_OLD_KEYS);
  }

  transcriptPdfOldCerts(): string[] {
    return listOf(this.TRANSCRIPT_PDF_OLD_CERTS);
  }

  transcriptSm2OldKeys(): string[] {
    return listOf(this.TRANSCRIPT_SM2_OLD_KEYS);
  }

  fieldEncryptionOldKeys(): string[] {
    return listOf(this.FIELD_ENCRYPTION_OLD_KEYS);
  }

  mediaOrigins(): string[] {
    return listOf(this.MEDIA_ORIGINS);
  }

  corsOrigins(): string[] {
    return listOf(this.CORS_ORIGINS);
  }
}

function listOf(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
}

/** The shortest retention of the access log production accepts: six months and a little. */
export const MIN_PRODUCTION_AUDIT_DAYS = 180;

export class ConfigError extends Error {}

/** Validates raw environment values; throws a ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const config = plainToInstance(AppConfig, stripEmpty(env), { exposeDefaultValues: true });
  const problems = validateSync(config, { whitelist: false, skipMissingProperties: false }).flatMap((e) =>
    Object.values(e.constraints ?? {}).map((msg) => (msg.startsWith(e.property) ? msg : `${e.property}: ${msg}`)),
  );
  if (config.isProduction && config.DEMO_MODE) {
    problems.push('DEMO_MODE: the demo login is a development switch and cannot be on when NODE_ENV=production');
  }
  if (config.isProduction) {
    // a secret copied from the compose file, the README or a test, or a key made of a pattern
    problems.push(...secretProblems(config));
  }
  if (config.isProduction && config.WECHAT_API_BASE.startsWith('http://')) {
    problems.push('WECHAT_API_BASE: production must reach WeChat over https');
  }
  if (BASE64.test(config.TRANSCRIPT_SIGNING_KEY ?? '') && !isEd25519PrivateKey(config.TRANSCRIPT_SIGNING_KEY)) {
    problems.push(`TRANSCRIPT_SIGNING_KEY: not an Ed25519 private key. ${TRANSCRIPT_KEY_MESSAGE}`);
  }
  problems.push(...sm2Problems(config));
  if (config.TRANSCRIPT_PDF_CERT && BASE64.test(config.TRANSCRIPT_PDF_CERT)) {
    const problem = readPdfCertificate(config.TRANSCRIPT_PDF_CERT, config.TRANSCRIPT_PDF_CERT_PASSWORD).problem;
    if (problem) problems.push(`TRANSCRIPT_PDF_CERT: ${problem}`);
  } else if (config.isProduction && !config.TRANSCRIPT_PDF_CERT) {
    problems.push('TRANSCRIPT_PDF_CERT: production signs transcript PDFs with the district\'s certificate (PAdES), so PDF readers can check them; give its PKCS#12 bundle in base64');
  }
  if (config.isProduction && !config.PUBLIC_BASE_URL) {
    problems.push('PUBLIC_BASE_URL: production must say where residents and verifiers reach it (the QR code on transcripts links there)');
  } else if (config.isProduction && isThisMachine(config.PUBLIC_BASE_URL)) {
    problems.push("PUBLIC_BASE_URL: production must give an address a stranger's phone can reach, not this machine's own (localhost, 127.0.0.1, ::1, 0.0.0.0)");
  }
  problems.push(...keyStoreProblems(config));
  if (config.isProduction && config.ACCESS_AUDIT_RETENTION_DAYS < MIN_PRODUCTION_AUDIT_DAYS) {
    problems.push(`ACCESS_AUDIT_RETENTION_DAYS: production keeps the personal-data access log at least ${MIN_PRODUCTION_AUDIT_DAYS} days (网络安全法: six months)`);
  }
  if (config.TEST_CRASH_AT !== undefined && config.NODE_ENV !== 'test') {
    problems.push('TEST_CRASH_AT: a switch that makes the server kill itself, for tests only; refused unless NODE_ENV=test');
  }
  const unknownPoints = config.testCrashPoints().filter((p) => !(CRASH_POINTS as readonly string[]).includes(p));
  if (unknownPoints.length) problems.push(`TEST_CRASH_AT: no crash point named ${unknownPoints.join(', ')} (known: ${CRASH_POINTS.join(', ')})`);
  if ((config.WECHAT_QR_VERIFY_FILE === undefined) !== (config.WECHAT_QR_VERIFY_CONTENT === undefined)) {
    problems.push('WECHAT_QR_VERIFY_FILE, WECHAT_QR_VERIFY_CONTENT: set both (the name and the content of WeChat\'s verification file) or neither');
  }
  if (config.WEB_CONCURRENCY > 1 && !config.REDIS_URL) {
    problems.push('WEB_CONCURRENCY: more than one worker needs REDIS_URL, so the workers share live rosters and rate limits');
  }
  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  return config;
}

/** GB/T 32918.2's example private key: published in the standard, so never a district's. */
const SM2_EXAMPLE_KEY = '3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8';

/** The key store must be somewhere else than the data it unlocks, or a dump of one holds both. */
function keyStoreProblems(config: AppConfig): string[] {
  if (!config.isProduction) return [];
  if (!config.DATA_KEY_STORE_URL) {
    return ['DATA_KEY_STORE_URL: production keeps residents\' data keys in a PostgreSQL database of their own, backed up apart and kept short (see README, Closing an account)'];
  }
  const where = (url: string) => {
    try {
      const u = new URL(url);
      return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
    } catch {
      return url;
    }
  };
  return config.DATABASE_URL && where(config.DATA_KEY_STORE_URL) === where(config.DATABASE_URL)
    ? ['DATA_KEY_STORE_URL: names the main database; the key store must be another database, or a dump of the main one would hold the keys']
    : [];
}

function sm2Problems(config: AppConfig): string[] {
  const problems: string[] = [];
  const key = config.TRANSCRIPT_SM2_KEY?.toLowerCase();
  if (config.CRYPTO_SUITE === 'guomi' && !key) problems.push('TRANSCRIPT_SM2_KEY: CRYPTO_SUITE=guomi signs transcripts with SM2 too; give its private key (64 hex digits)');
  if (key && /^[0-9a-f]{64}$/.test(key)) {
    const d = BigInt(`0x${key}`);
    if (d < 1n || d >= SM2_ORDER - 1n) problems.push('TRANSCRIPT_SM2_KEY: not an SM2 private key (it must lie between 1 and the curve order minus 2)');
    if (config.isProduction && key === SM2_EXAMPLE_KEY) problems.push('TRANSCRIPT_SM2_KEY: this is the example key printed in GB/T 32918.2; make a key of your own');
  }
  for (const old of config.transcriptSm2OldKeys()) {
    if (/^04[0-9a-fA-F]{128}$/.test(old) && !isSm2Point(old.toLowerCase())) problems.push(`TRANSCRIPT_SM2_OLD_KEYS: ${old.slice(0, 12)}… is not a point of the SM2 curve`);
  }
  return problems;
}

/** sm-crypto-v2 throws, rather than answering false, for some points off the curve. */
function isSm2Point(publicKeyHex: string): boolean {
  try {
    return sm2.verifyPublicKey(publicKeyHex);
  } catch {
    return false;
  }
}

/** Whether a URL names this machine only: a QR code pointing there opens nothing on anyone else's phone. */
function isThisMachine(url: string | undefined): boolean {
  if (!url) return false;
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase().replace(/^\[|\]$/g, '');
  } catch {
    return false; // not a URL at all: the field's own rule has said so
  }
  return host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '::1' || host === '0.0.0.0' || host === '::' || host === '0:0:0:0:0:0:0:1';
}

function stripEmpty(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}
