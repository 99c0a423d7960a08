/**
 * The emulator's certificates. The TLS certificate every listener shares: @azure/identity refuses a plain-http
 * authority, so the emulator speaks HTTPS with a self-signed certificate made at start, which the process under
 * test trusts through NODE_EXTRA_CA_CERTS pointing at `caFile`. And client certificates, the credential an app
 * registration holds as a key credential and a client proves with a signed assertion.
 */
import { createPrivateKey, randomBytes, X509Certificate } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';

export interface Certificate {
  key: string;
  cert: string;
  caFile: string;
  dispose(): Promise<void>;
}

export async function createCertificate(): Promise<Certificate> {
  const pems = await generate([{ name: 'commonName', value: 'graph-mail-notify emulator' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(Date.now() - 60_000),
    extensions: [
      // Marked as a CA so OpenSSL accepts it as its own trust anchor.
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  });
  const dir = await mkdtemp(join(tmpdir(), 'graph-mail-emulator-'));
  const caFile = join(dir, 'ca.pem');
  await writeFile(caFile, pems.cert);
  return { key: pems.private, cert: pems.cert, caFile, dispose: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * A client certificate as a user holds it for ClientCertificateCredential: PEM text with the private key and
 * the certificate, plain or with the key encrypted.
 */
export interface ClientCertificate {
  /** Unencrypted PKCS#8 private key, then the certificate. */
  pem: string;
  /** The same key as encrypted PKCS#8 ("-----BEGIN ENCRYPTED PRIVATE KEY-----"), then the certificate. */
  encryptedPem: string;
  /** The password of `encryptedPem`'s key. */
  password: string;
  /** SHA-1 of the certificate's DER, hex upper case: what the portal shows and `customKeyIdentifier` holds. */
  thumbprint: string;
  /** The certificate alone, what an app registration stores as a key credential's `key`. */
  certificate: string;
}

/**
 * A self-signed RSA 2048 client certificate valid for a year. The key comes before the certificate, as Key
 * Vault exports PEM, because Node's OpenSSL 3 reads a private key from combined PEM text only when it leads.
 */
export async function createClientCertificate(commonName = 'ci-notify'): Promise<ClientCertificate> {
  const pems = await generate([{ name: 'commonName', value: commonName }], {
    keyType: 'rsa',
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate: new Date(Date.now() - 60_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', clientAuth: true },
    ],
  });
  const cert = `${pems.cert.trimEnd()}\n`;
  const password = randomBytes(12).toString('base64url');
  const encrypted = createPrivateKey(pems.private).export({
    type: 'pkcs8',
    format: 'pem',
    cipher: 'aes-256-cbc',
    passphrase: password,
  }) as string;
  return {
    pem: `${pems.private.trimEnd()}\n${cert}`,
    encryptedPem: `${encrypted.trimEnd()}\n${cert}`,
    password,
    thumbprint: new X509Certificate(cert).fingerprint.replaceAll(':', ''),
    certificate: cert,
  };
}
