import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A certificate for 127.0.0.1 and its own authority: `caFile` goes into NODE_EXTRA_CA_CERTS of the process that must trust it. */
export interface TestCertificate {
  key: string;
  cert: string;
  caFile: string;
  remove(): void;
}

/**
 * Made with the machine's openssl (Debian's): an EC key and a self-signed certificate valid for a
 * day, for IP 127.0.0.1 and localhost. A self-signed certificate is its own authority.
 */
export function testCertificate(): TestCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'lp-tls-'));
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
    '-subj', '/CN=fake WeChat for tests', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
    '-keyout', keyFile, '-out', certFile,
  ], { stdio: 'ignore' });
  return {
    key: readFileSync(keyFile, 'utf8'),
    cert: readFileSync(certFile, 'utf8'),
    caFile: certFile,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
