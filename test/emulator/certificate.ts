/**
 * The TLS certificate both listeners share. @azure/identity refuses a plain-http authority, so the emulator
 * speaks HTTPS with a self-signed certificate made at start; the process under test trusts it through
 * NODE_EXTRA_CA_CERTS pointing at `caFile`.
 */
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
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
    ],
  });
  const dir = await mkdtemp(join(tmpdir(), 'graph-mail-emulator-'));
  const caFile = join(dir, 'ca.pem');
  await writeFile(caFile, pems.cert);
  return { key: pems.private, cert: pems.cert, caFile, dispose: () => rm(dir, { recursive: true, force: true }) };
}
