import { Signer } from '@signpdf/utils';
import * as forge from 'node-forge';

/**
 * The CMS signature inside a transcript PDF, made with the district's PKCS#12 bundle.
 *
 * It does what @signpdf's P12Signer does (node-forge's PKCS#7, SHA-256, signed attributes
 * contentType, signingTime and messageDigest in that order) with one difference that matters in
 * China: the signer is named by the issuer's name exactly as the certificate writes it. node-forge
 * reads a UTF8String name as its UTF-8 bytes and, when it writes the signer's issuer, encodes those
 * bytes as UTF-8 once more; a certificate named 明湖区学分银行 then names a signer no reader can
 * find, and every reader rejects the signature. Handing forge the names as characters, not bytes,
 * makes it write back the very bytes it read. The certificate itself goes into the CMS as it came
 * (forge keeps its signed part as read).
 */
export class DistrictCmsSigner extends Signer {
  constructor(
    private readonly p12: Buffer,
    private readonly password: string,
  ) {
    super();
  }

  override async sign(content: Buffer, signingTime?: Date): Promise<Buffer> {
    const bundle = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(forge.util.createBuffer(this.p12.toString('binary'))), false, this.password);
    const key = bundle.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag]?.[0]?.key as forge.pki.rsa.PrivateKey | undefined;
    const certs = (bundle.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? []).flatMap((b) => (b.cert ? [b.cert] : []));
    if (!key) throw new Error('the PDF certificate bundle holds no private key');
    const own = certs.find((c) => {
      const pub = c.publicKey as forge.pki.rsa.PublicKey;
      return pub.n?.compareTo(key.n) === 0 && pub.e?.compareTo(key.e) === 0;
    });
    if (!own) throw new Error('no certificate in the PDF certificate bundle matches its private key');

    const p7 = forge.pkcs7.createSignedData();
    p7.content = forge.util.createBuffer(content.toString('binary'));
    for (const cert of certs) p7.addCertificate(cert);
    (p7 as unknown as { addSigner(signer: SignerByName): void }).addSigner({
      key,
      issuer: own.issuer.attributes.map(asCharacters),
      serialNumber: own.serialNumber,
      digestAlgorithm: forge.pki.oids.sha256,
      authenticatedAttributes: [
        { type: forge.pki.oids.contentType, value: forge.pki.oids.data },
        { type: forge.pki.oids.signingTime, value: signingTime ?? new Date() },
        { type: forge.pki.oids.messageDigest },
      ],
    });
    p7.sign({ detached: true });
    return Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary');
  }
}

/** forge's signer named by issuer and serial number, which its typings leave out (its own docs list them). */
interface SignerByName {
  key: forge.pki.rsa.PrivateKey;
  issuer: forge.pki.CertificateField[];
  serialNumber: string;
  digestAlgorithm: string;
  authenticatedAttributes: { type: string; value?: string | Date }[];
}

/** A name attribute whose UTF8String value forge holds as bytes, given back as the characters they spell. */
function asCharacters(attr: forge.pki.CertificateField): forge.pki.CertificateField {
  if ((attr.valueTagClass as unknown) !== forge.asn1.Type.UTF8 || typeof attr.value !== 'string') return attr;
  return { ...attr, value: forge.util.decodeUtf8(attr.value) };
}
