import * as forge from 'node-forge';

/** The certificate inside a PKCS#12 bundle, or why it cannot sign transcripts. */
export function readPdfCertificate(p12Base64: string, password: string): { commonName: string; problem: string | null } {
  let cert: forge.pki.Certificate | undefined;
  try {
    const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(forge.util.decode64(p12Base64)), password);
    cert = p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag]?.[0]?.cert;
    const key = p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag]?.[0]?.key;
    if (!cert || !key) return { commonName: '', problem: 'the bundle holds no certificate with its private key' };
  } catch (err) {
    return { commonName: '', problem: `not a PKCS#12 bundle this password opens (${(err as Error).message}); openssl needs -legacy to write one node-forge reads` };
  }
  const commonName = utf8(String(cert.subject.getField('CN')?.value ?? ''));
  const now = new Date();
  if (now < cert.validity.notBefore || now > cert.validity.notAfter) return { commonName, problem: `the certificate is valid ${cert.validity.notBefore.toISOString()} to ${cert.validity.notAfter.toISOString()}, not now` };
  const bits = (cert.publicKey as forge.pki.rsa.PublicKey).n?.bitLength();
  if (!bits || bits < 2048) return { commonName, problem: 'the certificate must hold an RSA key of at least 2048 bits' };
  return { commonName, problem: null };
}

/** The certificate of a bundle as DER, byte for byte as it came (forge keeps the signed part as read). */
export function pdfCertificateDer(p12: Buffer, password: string): Buffer {
  const bundle = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(forge.util.createBuffer(p12.toString('binary'))), password);
  const cert = bundle.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag]?.[0]?.cert;
  if (!cert) throw new Error('the PDF certificate bundle holds no certificate');
  return Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
}

/** forge gives a name's bytes as a byte string: read them as UTF-8 where they are, as they are otherwise. */
function utf8(bytes: string): string {
  try {
    return forge.util.decodeUtf8(bytes);
  } catch {
    return bytes;
  }
}

/** A self-signed certificate and key as a PKCS#12 bundle in base64: the quick start's and the tests'. */
export function selfSignedPdfCertificate(commonName: string, password = ''): string {
  const keys = forge.pki.rsa.generateKeyPair(2048);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = forge.util.bytesToHex(forge.random.getBytesSync(8));
  cert.validity.notBefore = new Date(Date.now() - 86400_000);
  cert.validity.notAfter = new Date(Date.now() + 5 * 365 * 86400_000);
  // tagged UTF8String, forge writes the name as UTF-8 (untagged, it would write the characters as bytes)
  const name = [{ name: 'commonName', value: commonName, valueTagClass: forge.asn1.Type.UTF8 as number }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([{ name: 'keyUsage', digitalSignature: true, nonRepudiation: true }]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  const p12 = forge.pkcs12.toPkcs12Asn1(keys.privateKey, [cert], password, { algorithm: '3des' });
  return forge.util.encode64(forge.asn1.toDer(p12).getBytes());
}
