import { constants, createHash, createPrivateKey, randomUUID, sign, X509Certificate } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createClientCertificate, DEFAULTS } from './index.ts';
import type { ClientCertificate } from './index.ts';
import { claimsOf, emulator, idToken, JWT_BEARER, postToken, useEmulator } from './testing.ts';
import type { Answer } from './testing.ts';

useEmulator();

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A compact JWT signed RS256 or PS256 (salt as long as the hash), as MSAL and GitHub sign theirs. */
function signJwt(header: Record<string, string>, claims: object, key: KeyObject): string {
  const input = `${b64(header)}.${b64(claims)}`;
  const pss =
    header.alg === 'PS256'
      ? { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
      : {};
  return `${input}.${sign('sha256', Buffer.from(input), { key, ...pss }).toString('base64url')}`;
}

const tokenEndpoint = () => `${emulator.authorityHost}/${DEFAULTS.tenantId}/oauth2/v2.0/token`;
const assertionFields = (assertion: string) => ({
  client_secret: undefined,
  client_assertion: assertion,
  client_assertion_type: JWT_BEARER,
});
const nowSeconds = () => Math.floor(Date.now() / 1000);

interface AssertionOptions {
  alg?: 'RS256' | 'PS256';
  claims?: Record<string, unknown>;
  /** Signs with this key instead of the certificate's own. */
  key?: KeyObject;
}

/** A client assertion as MSAL Node builds one: x5t with RS256, x5t#S256 with PS256. */
function certificateAssertion(
  certificate: ClientCertificate,
  { alg = 'RS256', claims = {}, key }: AssertionOptions = {},
): string {
  const der = new X509Certificate(certificate.certificate).raw;
  const header: Record<string, string> =
    alg === 'PS256'
      ? { alg, typ: 'JWT', 'x5t#S256': createHash('sha256').update(der).digest('base64url') }
      : { alg, typ: 'JWT', x5t: createHash('sha1').update(der).digest('base64url') };
  const iat = nowSeconds();
  const payload = {
    aud: tokenEndpoint(),
    iss: DEFAULTS.clientId,
    sub: DEFAULTS.clientId,
    jti: randomUUID(),
    nbf: iat,
    exp: iat + 600,
    ...claims,
  };
  return signJwt(header, payload, key ?? createPrivateKey(certificate.pem));
}

async function expectAadsts(answer: Answer, status: number, error: string, code: number, text: string) {
  expect(answer.status).toBe(status);
  expect(answer.json.error).toBe(error);
  expect(answer.json.error_codes).toEqual([code]);
  expect(answer.json.error_description.startsWith(`AADSTS${code}: ${text}`)).toBe(true);
  expect(answer.json.error_description).toMatch(
    /\r\nTrace ID: [0-9a-f-]{36}\r\nCorrelation ID: [^\r]+\r\nTimestamp: [^\r]+$/,
  );
}

describe('certificate credentials', () => {
  let stranger: ClientCertificate;
  beforeAll(async () => {
    stranger = await createClientCertificate('stranger');
  });

  it('registers the emulator-made certificate on the default app with Graph field names', () => {
    const { clientCertificate } = emulator;
    expect(clientCertificate.pem).toMatch(
      /^-----BEGIN PRIVATE KEY-----\n[^]+-----BEGIN CERTIFICATE-----\n[^]+-----END CERTIFICATE-----\n$/,
    );
    expect(clientCertificate.encryptedPem).toMatch(
      /^-----BEGIN ENCRYPTED PRIVATE KEY-----\n[^]+-----BEGIN CERTIFICATE-----/,
    );
    expect(
      createPrivateKey({ key: clientCertificate.encryptedPem, passphrase: clientCertificate.password })
        .asymmetricKeyType,
    ).toBe('rsa');
    const x509 = new X509Certificate(clientCertificate.certificate);
    expect(x509.subject).toBe('CN=ci-notify');
    expect(clientCertificate.thumbprint).toMatch(/^[0-9A-F]{40}$/);
    expect(emulator.directory.tenants[0]!.apps[0]!.keyCredentials).toEqual([
      {
        keyId: DEFAULTS.certificateKeyId,
        displayName: 'CN=ci-notify',
        type: 'AsymmetricX509Cert',
        usage: 'Verify',
        customKeyIdentifier: clientCertificate.thumbprint,
        key: clientCertificate.certificate,
        startDateTime: x509.validFromDate.toISOString(),
        endDateTime: x509.validToDate.toISOString(),
      },
    ]);
  });

  it.each(['RS256', 'PS256'] as const)(
    'accepts an assertion signed %s and records the grant and scope',
    async (alg) => {
      const answer = await postToken(assertionFields(certificateAssertion(emulator.clientCertificate, { alg })));
      expect(answer.status).toBe(200);
      expect(claimsOf(answer.json.access_token)).toMatchObject({
        appid: DEFAULTS.clientId,
        aud: emulator.graphEndpoint,
        roles: ['Mail.Send', 'Mail.ReadWrite'],
      });
      expect(emulator.tokenRequests).toEqual([
        {
          clientId: DEFAULTS.clientId,
          grant: 'certificate',
          scope: `${emulator.graphEndpoint}/.default`,
          issued: true,
        },
      ]);
    },
  );

  it('answers AADSTS700027 naming the thumbprint of an unregistered certificate', async () => {
    const answer = await postToken(assertionFields(certificateAssertion(stranger)));
    await expectAadsts(
      answer,
      401,
      'invalid_client',
      700027,
      'The certificate with identifier used to sign the client assertion is not registered on application. ' +
        `[Reason - The key was not found., Thumbprint of key used by client: '${stranger.thumbprint}', ` +
        `Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${DEFAULTS.clientId}'.`,
    );
    expect(emulator.tokenRequests).toEqual([expect.objectContaining({ grant: 'certificate', issued: false })]);
  });

  it('takes a certificate once it is registered', async () => {
    const x509 = new X509Certificate(stranger.certificate);
    emulator.directory.tenants[0]!.apps[0]!.keyCredentials.push({
      keyId: randomUUID(),
      displayName: 'CN=stranger',
      type: 'AsymmetricX509Cert',
      usage: 'Verify',
      customKeyIdentifier: stranger.thumbprint,
      key: stranger.certificate,
      startDateTime: x509.validFromDate.toISOString(),
      endDateTime: x509.validToDate.toISOString(),
    });
    expect((await postToken(assertionFields(certificateAssertion(stranger, { alg: 'PS256' })))).status).toBe(200);
  });

  it('answers AADSTS700027 for a signature the certificate does not verify', async () => {
    const forged = certificateAssertion(emulator.clientCertificate, { key: createPrivateKey(stranger.pem) });
    await expectAadsts(
      await postToken(assertionFields(forged)),
      401,
      'invalid_client',
      700027,
      'Client assertion contains an invalid signature.',
    );
  });

  it('answers AADSTS700027 for an expired key', async () => {
    emulator.directory.tenants[0]!.apps[0]!.keyCredentials[0]!.endDateTime = '2024-01-31T00:00:00Z';
    const answer = await postToken(assertionFields(certificateAssertion(emulator.clientCertificate)));
    await expectAadsts(
      answer,
      401,
      'invalid_client',
      700027,
      'Client assertion contains an invalid signature. [Reason - Key was found, but the key is expired., ' +
        `Thumbprint of key used by client: '${emulator.clientCertificate.thumbprint}', Found key 'Start=`,
    );
    expect(answer.json.error_description).toContain('End=01/31/2024 00:00:00');
  });

  it('answers AADSTS700024 for an expired assertion', async () => {
    const exp = nowSeconds() - 60;
    const answer = await postToken(
      assertionFields(certificateAssertion(emulator.clientCertificate, { claims: { nbf: exp - 600, exp } })),
    );
    await expectAadsts(
      answer,
      401,
      'invalid_client',
      700024,
      'Client assertion is not within its valid time range. Current time: ',
    );
    expect(answer.json.error_description).toContain(
      `expiry time of assertion ${new Date(exp * 1000).toISOString().replace('Z', '0000Z')}.`,
    );
  });

  it('answers AADSTS700021 when iss or sub is not the client id', async () => {
    for (const claims of [{ iss: DEFAULTS.tenantId }, { sub: 'someone' }]) {
      await expectAadsts(
        await postToken(assertionFields(certificateAssertion(emulator.clientCertificate, { claims }))),
        401,
        'invalid_client',
        700021,
        "Client assertion application identifier doesn't match 'client_id' parameter.",
      );
    }
  });

  it('answers AADSTS50012 when aud is not the token endpoint, and takes the v1 endpoint and tenant domain', async () => {
    const wrong = certificateAssertion(emulator.clientCertificate, {
      claims: { aud: `${emulator.authorityHost}/common/oauth2/v2.0/token` },
    });
    await expectAadsts(
      await postToken(assertionFields(wrong)),
      401,
      'invalid_client',
      50012,
      'Client assertion audience claim does not match Realm issuer.',
    );
    const v1 = certificateAssertion(emulator.clientCertificate, {
      claims: { aud: `${emulator.authorityHost}/${DEFAULTS.tenantId}/oauth2/token` },
    });
    expect((await postToken(assertionFields(v1))).status).toBe(200);
    const byDomain = certificateAssertion(emulator.clientCertificate, {
      claims: { aud: `${emulator.authorityHost}/contoso.com/oauth2/v2.0/token` },
    });
    expect((await postToken(assertionFields(byDomain), 'contoso.com')).status).toBe(200);
  });
});

describe('federated credentials', () => {
  const docs = 'https://learn.microsoft.com/entra/workload-id/workload-identity-federation';
  const federatedCredential = () => emulator.directory.tenants[0]!.apps[0]!.federatedIdentityCredentials[0]!;

  it('gives the default app a credential trusting the default branch of the sample repository', () => {
    expect(emulator.directory.tenants[0]!.apps[0]!.federatedIdentityCredentials).toEqual([
      expect.objectContaining({
        name: DEFAULTS.federatedCredentialName,
        issuer: 'https://token.actions.githubusercontent.com',
        subject: DEFAULTS.federatedSubject,
        audiences: ['api://AzureADTokenExchange'],
      }),
    ]);
  });

  it('exchanges a GitHub ID token for an access token', async () => {
    const answer = await postToken(assertionFields(await idToken()));
    expect(answer.status).toBe(200);
    expect(claimsOf(answer.json.access_token)).toMatchObject({ appid: DEFAULTS.clientId, aud: emulator.graphEndpoint });
    expect(emulator.tokenRequests).toEqual([
      { clientId: DEFAULTS.clientId, grant: 'federated', scope: `${emulator.graphEndpoint}/.default`, issued: true },
    ]);
  });

  it('answers AADSTS700211 when no credential trusts the issuer', async () => {
    federatedCredential().issuer = 'https://token.actions.example.com';
    await expectAadsts(
      await postToken(assertionFields(await idToken())),
      401,
      'invalid_client',
      700211,
      "No matching federated identity record found for presented assertion issuer 'https://token.actions.githubusercontent.com'. " +
        `Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. ${docs}\r\n`,
    );
  });

  it('answers AADSTS700213 for another subject', async () => {
    emulator.idTokenClaims.sub = 'repo:Codertocat/Hello-World:pull_request';
    await expectAadsts(
      await postToken(assertionFields(await idToken())),
      401,
      'invalid_client',
      700213,
      "No matching federated identity record found for presented assertion subject 'repo:Codertocat/Hello-World:pull_request'. " +
        `Check your federated identity credential Subject, Audience and Issuer against the presented assertion. ${docs}\r\n`,
    );
  });

  it('answers AADSTS7002138 for a subject that differs only in case', async () => {
    emulator.idTokenClaims.sub = DEFAULTS.federatedSubject.toLowerCase();
    await expectAadsts(
      await postToken(assertionFields(await idToken())),
      401,
      'invalid_client',
      7002138,
      `No matching federated identity record found for presented assertion subject '${DEFAULTS.federatedSubject.toLowerCase()}'. ` +
        'The subject matches with case-insensitive comparison, but not with case-sensitive comparison. ' +
        `Check your federated identity credential Subject, Audience and Issuer against the presented assertion. ${docs}\r\n`,
    );
  });

  it('answers AADSTS700212 for an audience the credential does not list', async () => {
    await expectAadsts(
      await postToken(assertionFields(await idToken('api://other'))),
      401,
      'invalid_client',
      700212,
      "No matching federated identity record found for presented assertion audience 'api://other'. " +
        `Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. ${docs}\r\n`,
    );
  });

  it('answers AADSTS50027 for a token GitHub did not sign', async () => {
    const genuine = await idToken();
    const header = JSON.parse(Buffer.from(genuine.split('.')[0]!, 'base64url').toString());
    const forged = signJwt(header, claimsOf(genuine), createPrivateKey(emulator.clientCertificate.pem));
    await expectAadsts(
      await postToken(assertionFields(forged)),
      400,
      'invalid_request',
      50027,
      "Invalid JWT token. The token signature could not be verified with the signing keys of issuer 'https://token.actions.githubusercontent.com'.",
    );
  });

  it('answers AADSTS700024 for a GitHub token past its five minutes', async () => {
    const token = await idToken();
    // The emulator runs in this process, so moving the clock moves Entra's clock.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 301_000 });
    try {
      await expectAadsts(
        await postToken(assertionFields(token)),
        401,
        'invalid_client',
        700024,
        'Client assertion is not within its valid time range.',
      );
    } finally {
      vi.useRealTimers();
    }
  });
});
