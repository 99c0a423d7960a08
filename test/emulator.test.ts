import { execFile } from 'node:child_process';
import {
  constants,
  createHash,
  createPrivateKey,
  createPublicKey,
  randomBytes,
  randomUUID,
  sign,
  verify,
  X509Certificate,
} from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createClientCertificate, DEFAULTS, startEmulator } from './emulator/index.ts';
import type { ClientCertificate, Emulator } from './emulator/index.ts';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json: any;
}

interface Call {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

let emulator: Emulator;
let ca: Buffer;

beforeAll(async () => {
  emulator = await startEmulator();
  ca = readFileSync(emulator.caFile);
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

/** One request on its own connection, trusting the emulator's certificate. */
function call(url: string, { method = 'GET', headers = {}, body }: Call = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, ca, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: parse(text) });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const form = {
  grant_type: 'client_credentials',
  client_id: DEFAULTS.clientId,
  client_secret: DEFAULTS.clientSecret as string,
  scope: '',
};

function postToken(fields: Record<string, string | undefined>, tenant: string = DEFAULTS.tenantId, headers = {}) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...form, scope: `${emulator.graphEndpoint}/.default`, ...fields })) {
    if (v !== undefined) params.set(k, v);
  }
  return call(`${emulator.authorityHost}/${tenant}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: params.toString(),
  });
}

async function token(fields: Record<string, string> = {}): Promise<string> {
  const answer = await postToken(fields);
  expect(answer.status).toBe(200);
  return answer.json.access_token as string;
}

function claimsOf(jwt: string) {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8'));
}

const mail = (extra: Record<string, unknown> = {}) => ({
  message: {
    subject: 'Build #42 failed',
    body: { contentType: 'HTML', content: '<p>failed</p>' },
    toRecipients: [{ emailAddress: { address: 'team@contoso.com', name: 'Team' } }],
    ...extra,
  },
});

async function send(
  payload: unknown,
  options: { user?: string; bearer?: string; headers?: Record<string, string> } = {},
) {
  const bearer = options.bearer ?? (await token());
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return call(`${emulator.graphEndpoint}/v1.0/users/${options.user ?? DEFAULTS.sender}/sendMail`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      ...options.headers,
    },
    body,
  });
}

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('listeners', () => {
  it('serves login and Graph on two https origins of 127.0.0.1 with the CA written to caFile', () => {
    expect(emulator.authorityHost).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(emulator.graphEndpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(emulator.graphEndpoint).not.toBe(emulator.authorityHost);
    expect(ca.toString()).toContain('-----BEGIN CERTIFICATE-----');
  });

  it('is refused by a client that does not trust the CA', async () => {
    const untrusted = new Promise((resolve, reject) => {
      request(`${emulator.authorityHost}/x`, { agent: false }, resolve).on('error', reject).end();
    });
    await expect(untrusted).rejects.toThrow(/self-signed|self signed/);
  });
});

describe('openid-configuration', () => {
  const discovery = (tenant: string, query = '') =>
    call(`${emulator.authorityHost}/${tenant}/v2.0/.well-known/openid-configuration${query}`);

  it('describes the tenant with endpoints under the authority host', async () => {
    const answer = await discovery(DEFAULTS.tenantId, '?appid=x&client-request-id=y');
    const base = `${emulator.authorityHost}/${DEFAULTS.tenantId}`;
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(answer.json).toMatchObject({
      issuer: `${base}/v2.0`,
      token_endpoint: `${base}/oauth2/v2.0/token`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      jwks_uri: `${base}/discovery/v2.0/keys`,
    });
  });

  it('finds the tenant by domain too and answers with its id', async () => {
    const answer = await discovery('CONTOSO.com');
    expect(answer.json.issuer).toBe(`${emulator.authorityHost}/${DEFAULTS.tenantId}/v2.0`);
  });

  it('answers AADSTS90002 invalid_tenant for an unknown tenant', async () => {
    const answer = await call(`${emulator.authorityHost}/nope.example/v2.0/.well-known/openid-configuration`, {
      headers: { 'client-request-id': 'corr-1' },
    });
    expect(answer.status).toBe(400);
    expect(answer.json.error).toBe('invalid_tenant');
    expect(answer.json.error_codes).toEqual([90002]);
    expect(answer.json.error_description).toMatch(
      /^AADSTS90002: Tenant 'nope.example' not found\. Check to make sure you have the correct tenant ID and are signing into the correct cloud\./,
    );
    expect(answer.json.error_description).toMatch(
      /\r\nTrace ID: [0-9a-f-]{36}\r\nCorrelation ID: corr-1\r\nTimestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/,
    );
    expect(answer.json.correlation_id).toBe('corr-1');
  });

  it('publishes the key that verifies issued tokens', async () => {
    const jwt = await token();
    const keys = (await call(`${emulator.authorityHost}/${DEFAULTS.tenantId}/discovery/v2.0/keys`)).json.keys;
    const [header, payload, signature] = jwt.split('.') as [string, string, string];
    const { kid, alg } = JSON.parse(Buffer.from(header, 'base64url').toString());
    expect(alg).toBe('RS256');
    const key = createPublicKey({ key: keys.find((k: { kid: string }) => k.kid === kid), format: 'jwk' });
    expect(verify('sha256', Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, 'base64url'))).toBe(true);
  });
});

describe('token endpoint', () => {
  it('issues a bearer token for the Graph resource with the app roles', async () => {
    const answer = await postToken({});
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599 });
    const claims = claimsOf(answer.json.access_token);
    expect(claims).toMatchObject({
      aud: emulator.graphEndpoint,
      tid: DEFAULTS.tenantId,
      appid: DEFAULTS.clientId,
      roles: ['Mail.Send', 'Mail.ReadWrite'],
      iss: `${emulator.authorityHost}/${DEFAULTS.tenantId}/v2.0`,
    });
    expect(claims.exp - claims.iat).toBe(3599);
    expect(Math.abs(claims.iat - Date.now() / 1000)).toBeLessThan(5);
  });

  it('leaves roles out when the app holds no consented permission', async () => {
    emulator.directory.tenants[0]!.apps[0]!.roles = [];
    expect(claimsOf(await token())).not.toHaveProperty('roles');
  });

  const cases: [string, Record<string, string | undefined>, string | undefined, number, string, number, string][] = [
    ['unknown tenant', {}, 'nope.example', 400, 'invalid_request', 90002, "Tenant 'nope.example' not found."],
    [
      'no grant_type',
      { grant_type: undefined },
      undefined,
      400,
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'grant_type'.",
    ],
    [
      'another grant',
      { grant_type: 'password' },
      undefined,
      400,
      'unsupported_grant_type',
      70003,
      "The app requested an unsupported grant type 'password'.",
    ],
    [
      'no client_id',
      { client_id: undefined },
      undefined,
      400,
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'client_id'.",
    ],
    [
      'unknown app',
      { client_id: '11111111-2222-4333-8444-555555555555' },
      undefined,
      400,
      'unauthorized_client',
      700016,
      "Application with identifier '11111111-2222-4333-8444-555555555555' was not found in the directory 'Contoso'. " +
        'This can happen if the application has not been installed by the administrator of the tenant or consented ' +
        'to by any user in the tenant. You may have sent your authentication request to the wrong tenant.',
    ],
    [
      'secret id sent as secret',
      { client_secret: DEFAULTS.clientSecretId },
      undefined,
      401,
      'invalid_client',
      7000215,
      'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not ' +
        `the client secret ID, for a secret added to app '${DEFAULTS.clientId}'.`,
    ],
    [
      'wrong secret',
      { client_secret: 'not-the-secret' },
      undefined,
      401,
      'invalid_client',
      7000215,
      'Invalid client secret provided.',
    ],
    [
      'expired secret',
      { client_secret: DEFAULTS.expiredClientSecret },
      undefined,
      401,
      'invalid_client',
      7000222,
      `The provided client secret keys for app '${DEFAULTS.clientId}' are expired. Visit the Azure portal to create new keys for your app`,
    ],
    [
      'no secret',
      { client_secret: undefined },
      undefined,
      401,
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    ],
    [
      'an assertion without its type',
      { client_secret: undefined, client_assertion: 'a.b.c' },
      undefined,
      400,
      'invalid_request',
      90014,
      "The required field 'client_assertion_type' is missing from the credential.",
    ],
    [
      'an assertion that is not a JWT',
      { client_secret: undefined, client_assertion: 'a.b.c', client_assertion_type: JWT_BEARER },
      undefined,
      400,
      'invalid_request',
      50027,
      'JWT token is invalid or malformed.',
    ],
    [
      'no scope',
      { scope: undefined },
      undefined,
      400,
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'scope'.",
    ],
    [
      'scope without /.default',
      { scope: 'Mail.Send' },
      undefined,
      400,
      'invalid_scope',
      1002012,
      'The provided value for scope Mail.Send is not valid. Client credential flows must have a scope value with /.default suffixed',
    ],
    [
      'unknown resource',
      { scope: 'https://vault.example/.default' },
      undefined,
      400,
      'invalid_resource',
      500011,
      'The resource principal named https://vault.example was not found in the tenant named Contoso.',
    ],
  ];

  it.each(cases)('answers %s like Entra', async (_name, fields, tenant, status, error, code, text) => {
    const answer = await postToken(fields, tenant);
    expect(answer.status).toBe(status);
    expect(answer.json.error).toBe(error);
    expect(answer.json.error_codes).toEqual([code]);
    expect(answer.json.error_description.startsWith(`AADSTS${code}: ${text}`)).toBe(true);
  });

  it('checks the app before the secret and the secret before the scope', async () => {
    const unknownApp = await postToken({ client_id: DEFAULTS.senderId, client_secret: 'x', scope: 'x' });
    expect(unknownApp.json.error_codes).toEqual([700016]);
    const badSecret = await postToken({ client_secret: 'x', scope: 'x' });
    expect(badSecret.json.error_codes).toEqual([7000215]);
  });

  it('carries the trace fields Entra adds to every error', async () => {
    const answer = await postToken({ client_secret: 'x' }, DEFAULTS.tenantId, { 'client-request-id': 'corr-2' });
    const { json } = answer;
    expect(json.correlation_id).toBe('corr-2');
    expect(json.trace_id).toMatch(GUID);
    expect(answer.headers['x-ms-request-id']).toBe(json.trace_id);
    expect(json.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
    expect(json.error_uri).toBe(`${emulator.authorityHost}/error?code=7000215`);
    expect(json.error_description).toContain(
      `\r\nTrace ID: ${json.trace_id}\r\nCorrelation ID: corr-2\r\nTimestamp: ${json.timestamp}`,
    );
  });

  it('reads only form bodies and takes only POST', async () => {
    const json = await call(`${emulator.authorityHost}/${DEFAULTS.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(form),
    });
    expect(json.json.error_codes).toEqual([900144]);
    const get = await call(`${emulator.authorityHost}/${DEFAULTS.tenantId}/oauth2/v2.0/token`);
    expect(get.status).toBe(400);
    expect(get.json.error_description).toMatch(
      /^AADSTS900561: The endpoint only accepts POST requests\. Received a GET request\./,
    );
  });
});

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

/** Asks the GitHub listener for an ID token as @actions/core does. */
function fetchIdToken(audience?: string, bearer: string | null = emulator.idTokenRequestToken) {
  const url =
    audience === undefined
      ? emulator.idTokenRequestUrl
      : `${emulator.idTokenRequestUrl}&audience=${encodeURIComponent(audience)}`;
  return call(url, {
    headers: { accept: 'application/json', ...(bearer === null ? {} : { authorization: `Bearer ${bearer}` }) },
  });
}

async function idToken(audience: string = DEFAULTS.federatedAudience): Promise<string> {
  const answer = await fetchIdToken(audience);
  expect(answer.status).toBe(200);
  return answer.json.value as string;
}

describe('GitHub OIDC token service', () => {
  it('serves on its own origin with the request URL and token a job gets', () => {
    expect(emulator.githubUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(emulator.idTokenRequestUrl).toBe(`${emulator.githubUrl}/_apis/oidc/idtoken?api-version=2.0`);
    expect(emulator.idTokenRequestToken.length).toBeGreaterThan(20);
  });

  it('refuses a request without the job bearer token', async () => {
    expect((await fetchIdToken(DEFAULTS.federatedAudience, null)).status).toBe(401);
    expect((await fetchIdToken(DEFAULTS.federatedAudience, 'not-the-token')).status).toBe(401);
  });

  it('issues an ID token with GitHub claims for the audience asked, recorded with its query', async () => {
    const jwt = await idToken();
    const path = `/_apis/oidc/idtoken?api-version=2.0&audience=${encodeURIComponent(DEFAULTS.federatedAudience)}`;
    expect(emulator.requests).toEqual([{ service: 'github', method: 'GET', path, status: 200 }]);
    const claims = claimsOf(jwt);
    expect(claims).toMatchObject({
      iss: 'https://token.actions.githubusercontent.com',
      aud: DEFAULTS.federatedAudience,
      sub: DEFAULTS.federatedSubject,
      repository: 'Codertocat/Hello-World',
      repository_owner: 'Codertocat',
      ref: 'refs/heads/master',
      ref_type: 'branch',
      event_name: 'push',
      actor: 'Codertocat',
    });
    for (const name of ['sha', 'workflow', 'job_workflow_ref', 'run_id', 'run_attempt']) {
      expect(typeof claims[name]).toBe('string');
    }
    expect(claims.jti).toMatch(GUID);
    expect(claims).not.toHaveProperty('environment');
    expect(claims.exp - claims.iat).toBe(300);
    expect(claims.nbf).toBeLessThanOrEqual(claims.iat);
  });

  it('addresses the token to the repository owner when no audience is asked', async () => {
    const answer = await fetchIdToken();
    expect(claimsOf(answer.json.value).aud).toBe('https://github.com/Codertocat');
  });

  it('signs with a key its JWKS publishes, named in the header', async () => {
    const jwt = await idToken();
    const [header, payload, signature] = jwt.split('.') as [string, string, string];
    const { kid, alg, x5t } = JSON.parse(Buffer.from(header, 'base64url').toString());
    expect(alg).toBe('RS256');
    expect(x5t).toBeTruthy();
    const discovery = await call(`${emulator.githubUrl}/.well-known/openid-configuration`);
    expect(discovery.json).toMatchObject({
      issuer: 'https://token.actions.githubusercontent.com',
      jwks_uri: `${emulator.githubUrl}/.well-known/jwks`,
    });
    const keys = (await call(discovery.json.jwks_uri)).json.keys;
    const key = createPublicKey({ key: keys.find((k: { kid: string }) => k.kid === kid), format: 'jwk' });
    expect(verify('sha256', Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, 'base64url'))).toBe(true);
  });

  it('takes its claims from idTokenClaims, which reset restores', async () => {
    const claims = emulator.idTokenClaims;
    claims.environment = 'production';
    claims.sub = 'repo:Codertocat/Hello-World:environment:production';
    expect(claimsOf(await idToken())).toMatchObject({
      environment: 'production',
      sub: 'repo:Codertocat/Hello-World:environment:production',
    });
    emulator.reset();
    expect(emulator.idTokenClaims).toBe(claims);
    expect(claims).not.toHaveProperty('environment');
    expect(claims.sub).toBe(DEFAULTS.federatedSubject);
  });

  it('plays faults on the idToken route', async () => {
    emulator.fault({ route: 'idToken', status: 503, body: 'busy' });
    expect((await fetchIdToken(DEFAULTS.federatedAudience)).status).toBe(503);
    expect((await fetchIdToken(DEFAULTS.federatedAudience)).status).toBe(200);
  });

  it('answers other paths with GitHub 404', async () => {
    const answer = await call(`${emulator.githubUrl}/repos/Codertocat/Hello-World`);
    expect(answer.status).toBe(404);
    expect(answer.json.message).toBe('Not Found');
  });
});

const REPO = `/repos/${DEFAULTS.repository}`;
const RUN = `${REPO}/actions/runs/${DEFAULTS.runId}`;

/** A REST call as Octokit makes one with the job's GITHUB_TOKEN. */
function rest(path: string, token: string | null = DEFAULTS.githubToken, scheme = 'token') {
  return call(`${emulator.githubUrl}${path}`, {
    headers: token === null ? {} : { authorization: `${scheme} ${token}` },
  });
}

const seconds = (job: { started_at: string; completed_at: string }) =>
  (Date.parse(job.completed_at) - Date.parse(job.started_at)) / 1000;

describe('GitHub REST API: runs and jobs', () => {
  it('answers a workflow run with GitHub field names and headers, recorded with its query', async () => {
    const answer = await rest(`${RUN}?exclude_pull_requests=true`);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(answer.headers['x-github-request-id']).toMatch(
      /^[0-9A-F]{4}:[0-9A-F]{4}:[0-9A-F]{8}:[0-9A-F]{8}:[0-9A-F]{8}$/,
    );
    expect(answer.headers).toMatchObject({
      'x-ratelimit-limit': '1000',
      'x-ratelimit-remaining': '999',
      'x-ratelimit-used': '1',
      'x-ratelimit-resource': 'core',
    });
    expect(Number(answer.headers['x-ratelimit-reset'])).toBeGreaterThan(Date.now() / 1000);
    expect(answer.json).toMatchObject({
      id: DEFAULTS.runId,
      name: 'CI',
      run_number: 42,
      run_attempt: 1,
      workflow_id: DEFAULTS.workflowId,
      head_branch: 'master',
      head_sha: DEFAULTS.headSha,
      event: 'push',
      status: 'in_progress',
      conclusion: null,
      path: '.github/workflows/ci.yml',
      html_url: `https://github.com/Codertocat/Hello-World/actions/runs/${DEFAULTS.runId}`,
      url: `${emulator.githubUrl}${RUN}`,
      previous_attempt_url: null,
      actor: { login: 'Codertocat', id: 21031067 },
      repository: { id: DEFAULTS.repositoryId, full_name: DEFAULTS.repository },
    });
    const started = Date.parse(answer.json.run_started_at);
    expect(Date.now() - started).toBeGreaterThan(170_000);
    expect(Date.now() - started).toBeLessThan(200_000);
    expect(answer.json.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(emulator.requests).toEqual([
      { service: 'github', method: 'GET', path: `${RUN}?exclude_pull_requests=true`, status: 200 },
    ]);
  });

  it('takes Bearer as well as token, the repository in any case, and its id', async () => {
    expect((await rest(RUN, DEFAULTS.githubToken, 'Bearer')).status).toBe(200);
    expect((await rest(`/repos/codertocat/hello-world/actions/runs/${DEFAULTS.runId}`)).status).toBe(200);
    expect((await rest(`/repositories/${DEFAULTS.repositoryId}/actions/runs/${DEFAULTS.runId}`)).json.id).toBe(
      DEFAULTS.runId,
    );
  });

  it('lists the jobs of the attempt: the default scenario', async () => {
    const answer = await rest(`${RUN}/attempts/1/jobs`);
    expect(answer.status).toBe(200);
    expect(answer.headers.link).toBeUndefined();
    const { total_count, jobs } = answer.json;
    expect(total_count).toBe(4);
    expect(jobs.map((j: any) => [j.name, j.status, j.conclusion])).toEqual([
      ['build', 'completed', 'success'],
      ['test (ubuntu-latest)', 'completed', 'failure'],
      ['lint', 'completed', 'success'],
      ['notify', 'in_progress', null],
    ]);
    const [build, test, lint, notify] = jobs;
    expect(seconds(build)).toBe(95);
    expect(seconds(lint)).toBe(20);
    expect(test.steps.map((s: any) => [s.name, s.status, s.conclusion, s.number])).toEqual([
      ['Set up job', 'completed', 'success', 1],
      ['Run tests', 'completed', 'failure', 2],
      ['Post', 'completed', 'skipped', 3],
    ]);
    expect(notify).toMatchObject({
      runner_name: DEFAULTS.currentRunnerName,
      completed_at: null,
      run_id: DEFAULTS.runId,
      run_attempt: 1,
    });
    expect(notify.steps.map((s: any) => s.status)).toEqual(['completed', 'in_progress', 'queued']);
    expect(test.html_url).toBe(
      `https://github.com/Codertocat/Hello-World/actions/runs/${DEFAULTS.runId}/job/${test.id}`,
    );
    expect(test.check_run_url).toBe(`${emulator.githubUrl}${REPO}/check-runs/${test.id}`);
    expect(new Set(jobs.map((j: any) => j.id)).size).toBe(4);
  });

  it('pages with per_page and page, and a Link header under /repositories/{id} as GitHub writes it', async () => {
    const base = `${emulator.githubUrl}/repositories/${DEFAULTS.repositoryId}/actions/runs/${DEFAULTS.runId}/attempts/1/jobs`;
    const first = await rest(`${RUN}/attempts/1/jobs?per_page=3`);
    expect(first.json.total_count).toBe(4);
    expect(first.json.jobs).toHaveLength(3);
    expect(first.headers.link).toBe(`<${base}?per_page=3&page=2>; rel="next", <${base}?per_page=3&page=2>; rel="last"`);
    const second = await rest(`${RUN}/attempts/1/jobs?per_page=3&page=2`);
    expect(second.json.jobs.map((j: any) => j.name)).toEqual(['notify']);
    expect(second.headers.link).toBe(
      `<${base}?per_page=3&page=1>; rel="prev", <${base}?per_page=3&page=1>; rel="first"`,
    );
    const middle = await rest(`${RUN}/attempts/1/jobs?per_page=1&page=2`);
    expect(middle.headers.link).toBe(
      [
        `<${base}?per_page=1&page=1>; rel="prev"`,
        `<${base}?per_page=1&page=3>; rel="next"`,
        `<${base}?per_page=1&page=4>; rel="last"`,
        `<${base}?per_page=1&page=1>; rel="first"`,
      ].join(', '),
    );
    const past = await rest(`${RUN}/attempts/1/jobs?per_page=3&page=9`);
    expect(past.json).toEqual({ total_count: 4, jobs: [] });
  });

  it('pages 30 by default and at most 100', async () => {
    emulator.actions.setJobs(
      Array.from({ length: 130 }, (_, i) => ({ name: `shard ${i + 1}`, conclusion: 'success' as const })),
    );
    const byDefault = await rest(`${RUN}/attempts/1/jobs`);
    expect(byDefault.json.jobs).toHaveLength(30);
    expect(byDefault.headers.link).toContain('page=5>; rel="last"');
    const most = await rest(`${RUN}/attempts/1/jobs?per_page=500`);
    expect(most.json.jobs).toHaveLength(100);
    expect(most.headers.link).toContain('per_page=500&page=2>; rel="last"');
  });

  it('splits 130 jobs at per_page=100 into 100 and 30, each page counting all 130', async () => {
    emulator.actions.setJobs(
      Array.from({ length: 130 }, (_, i) => ({ name: `shard ${i + 1}`, conclusion: 'success' as const })),
    );
    const base = `${emulator.githubUrl}/repositories/${DEFAULTS.repositoryId}/actions/runs/${DEFAULTS.runId}/attempts/1/jobs`;
    const first = await rest(`${RUN}/attempts/1/jobs?per_page=100`);
    expect(first.json.total_count).toBe(130);
    expect(first.json.jobs.map((j: any) => j.name).at(-1)).toBe('shard 100');
    expect(first.headers.link).toBe(
      `<${base}?per_page=100&page=2>; rel="next", <${base}?per_page=100&page=2>; rel="last"`,
    );
    const second = await rest(`${RUN}/attempts/1/jobs?per_page=100&page=2`);
    expect(second.json.total_count).toBe(130);
    expect(second.json.jobs.map((j: any) => j.name)).toEqual(Array.from({ length: 30 }, (_, i) => `shard ${i + 101}`));
    expect(second.headers.link).not.toContain('rel="next"');
  });

  it('holds a workflow_run notifier’s own run in a workflow of its own', async () => {
    const notifier = emulator.actions.addNotifierRun({ id: 1658830117, run_number: 7 });
    const own = await rest(`${REPO}/actions/runs/${notifier.id}`);
    expect(own.json).toMatchObject({
      id: 1658830117,
      run_number: 7,
      name: 'Notify',
      event: 'workflow_run',
      status: 'in_progress',
    });
    expect(own.json.workflow_id).not.toBe(DEFAULTS.workflowId);
    const jobs = await rest(`${REPO}/actions/runs/${notifier.id}/attempts/1/jobs`);
    expect(jobs.json.jobs.map((j: any) => [j.name, j.status, j.runner_name])).toEqual([
      [DEFAULTS.currentJobName, 'in_progress', DEFAULTS.currentRunnerName],
    ]);
    const ci = await rest(`${REPO}/actions/workflows/${DEFAULTS.workflowId}/runs`);
    expect(ci.json.workflow_runs.map((r: any) => r.id)).not.toContain(notifier.id);
    expect((await rest(`${REPO}/actions/workflows/notify.yml/runs`)).json.total_count).toBe(1);
  });

  it('answers a run attempt, and 404 for an attempt or run that does not exist', async () => {
    expect((await rest(`${RUN}/attempts/1`)).json).toMatchObject({ id: DEFAULTS.runId, run_attempt: 1 });
    const missing = await rest(`${RUN}/attempts/2/jobs`);
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({
      message: 'Not Found',
      status: '404',
      documentation_url: 'https://docs.github.com/rest/actions/workflow-jobs#list-jobs-for-a-workflow-run-attempt',
    });
    expect((await rest(`${REPO}/actions/runs/1`)).status).toBe(404);
    expect((await rest(`${RUN}/attempts/2`)).status).toBe(404);
  });

  it("lists the latest attempt's jobs, or every attempt's with filter=all", async () => {
    const run = emulator.actions.currentRun();
    run.attempts[0]!.status = 'completed';
    run.attempts[0]!.conclusion = 'failure';
    run.attempts.push({ ...run.attempts[0]!, status: 'in_progress', conclusion: null, jobs: [] });
    const second = emulator.actions.setJobs([
      { name: 'test (ubuntu-latest)', conclusion: 'success' },
      { name: 'notify' },
    ]);
    const latest = await rest(`${RUN}/jobs`);
    expect(latest.json.total_count).toBe(2);
    expect(latest.json.jobs.map((j: any) => [j.id, j.run_attempt])).toEqual(second.map((j) => [j.id, 2]));
    const all = await rest(`${RUN}/jobs?filter=all`);
    expect(all.json.total_count).toBe(6);
    expect(all.json.jobs.map((j: any) => j.run_attempt)).toEqual([1, 1, 1, 1, 2, 2]);
    expect((await rest(RUN)).json).toMatchObject({
      run_attempt: 2,
      previous_attempt_url: `${emulator.githubUrl}${RUN}/attempts/1`,
    });
    expect((await rest(`${RUN}/attempts/1`)).json).toMatchObject({ run_attempt: 1, conclusion: 'failure' });
  });

  it('plays scripted jobs: ids above every other, times, default steps and runners', async () => {
    const jobs = emulator.actions.setJobs([
      { name: 'deploy', conclusion: 'timed_out', seconds: 360 },
      { name: 'docs', conclusion: 'skipped' },
      { name: 'e2e', status: 'queued' },
      { name: 'notify', runner_name: 'runner-x', annotations: [{ annotation_level: 'notice', message: 'hi' }] },
    ]);
    const { json } = await rest(`${RUN}/attempts/1/jobs`);
    expect(json.jobs.map((j: any) => j.id)).toEqual(jobs.map((j) => j.id));
    const [deploy, docs, e2e, notify] = json.jobs;
    expect(deploy).toMatchObject({ status: 'completed', conclusion: 'timed_out' });
    expect(seconds(deploy)).toBe(360);
    expect(deploy.steps.map((s: any) => [s.name, s.conclusion])).toEqual([
      ['Set up job', 'success'],
      ['Run deploy', 'timed_out'],
      ['Complete job', 'success'],
    ]);
    expect(docs).toMatchObject({ conclusion: 'skipped', steps: [], runner_name: null });
    expect(e2e).toMatchObject({ status: 'queued', conclusion: null, steps: [], runner_name: null, runner_id: null });
    expect(notify).toMatchObject({ status: 'in_progress', runner_name: 'runner-x' });
    const annotations = await rest(`${REPO}/check-runs/${notify.id}/annotations`);
    expect(annotations.json).toEqual([
      expect.objectContaining({ annotation_level: 'notice', message: 'hi', path: '.github', start_line: 1 }),
    ]);
  });
});

describe('GitHub REST API: annotations and workflow runs', () => {
  const failedJob = () => emulator.actions.currentRun().attempts[0]!.jobs.find((j) => j.conclusion === 'failure')!;

  it("lists a failed job's annotations by its check run id", async () => {
    const answer = await rest(`${REPO}/check-runs/${failedJob().id}/annotations`);
    expect(answer.status).toBe(200);
    expect(answer.headers['x-accepted-github-permissions']).toBe('checks=read');
    expect(answer.json).toEqual([
      {
        path: 'src/app.ts',
        start_line: 12,
        end_line: 12,
        start_column: 5,
        end_column: 38,
        annotation_level: 'failure',
        title: 'Run tests',
        message: 'Expected 2 but received 3',
        raw_details: null,
        blob_href: `https://github.com/Codertocat/Hello-World/blob/${DEFAULTS.headSha}/src/app.ts`,
      },
      expect.objectContaining({ annotation_level: 'warning', path: '.github', title: null }),
    ]);
    const paged = await rest(`${REPO}/check-runs/${failedJob().id}/annotations?per_page=1&page=2`);
    expect(paged.json).toEqual([expect.objectContaining({ annotation_level: 'warning' })]);
    expect(paged.headers.link).toContain('rel="prev"');
    expect((await rest(`${REPO}/check-runs/12345/annotations`)).status).toBe(404);
  });

  it("lists a workflow's runs newest first, by id or file name, with every branch unless asked", async () => {
    const all = await rest(`${REPO}/actions/workflows/${DEFAULTS.workflowId}/runs`);
    expect(all.status).toBe(200);
    expect(all.json.total_count).toBe(4);
    expect(all.json.workflow_runs.map((r: any) => [r.run_number, r.head_branch, r.status, r.conclusion])).toEqual([
      [43, 'feature/login', 'completed', 'failure'],
      [42, 'master', 'in_progress', null],
      [41, 'master', 'completed', 'success'],
      [40, 'master', 'completed', 'failure'],
    ]);
    expect((await rest(`${REPO}/actions/workflows/ci.yml/runs`)).json.total_count).toBe(4);
    expect((await rest(`${REPO}/actions/workflows/other.yml/runs`)).status).toBe(404);
  });

  it('filters by branch, status or conclusion, and event', async () => {
    const numbers = async (query: string) =>
      (await rest(`${REPO}/actions/workflows/${DEFAULTS.workflowId}/runs?${query}`)).json.workflow_runs.map(
        (r: any) => r.run_number,
      );
    expect(await numbers('branch=master&status=completed&per_page=20')).toEqual([41, 40]);
    expect(await numbers('status=completed')).toEqual([43, 41, 40]);
    expect(await numbers('status=failure')).toEqual([43, 40]);
    expect(await numbers('branch=master&status=in_progress')).toEqual([42]);
    expect(await numbers('event=pull_request')).toEqual([]);
    const paged = await rest(`${REPO}/actions/workflows/${DEFAULTS.workflowId}/runs?branch=master&per_page=2`);
    expect(paged.json.total_count).toBe(3);
    expect(paged.headers.link).toContain(
      `/repositories/${DEFAULTS.repositoryId}/actions/workflows/${DEFAULTS.workflowId}/runs?branch=master&per_page=2&page=2>; rel="next"`,
    );
  });

  it('replaces the earlier runs on the branch with setPreviousConclusions, keeping other branches', async () => {
    const made = emulator.actions.setPreviousConclusions(['cancelled', 'success', null]);
    expect(made.map((r) => r.run_number)).toEqual([41, 40, 39]);
    const { json } = await rest(`${REPO}/actions/workflows/${DEFAULTS.workflowId}/runs`);
    expect(json.workflow_runs.map((r: any) => [r.run_number, r.status, r.conclusion])).toEqual([
      [43, 'completed', 'failure'],
      [42, 'in_progress', null],
      [41, 'completed', 'cancelled'],
      [40, 'completed', 'success'],
      [39, 'in_progress', null],
    ]);
    const earlier = await rest(`${REPO}/actions/runs/${made[0]!.id}/jobs`);
    expect(earlier.json.jobs.find((j: any) => j.name === 'test (ubuntu-latest)').conclusion).toBe('cancelled');
    expect(emulator.actions.setPreviousConclusions([])).toEqual([]);
    expect((await rest(`${REPO}/actions/workflows/ci.yml/runs?branch=master`)).json.total_count).toBe(1);
  });
});

describe('GitHub REST API: refusals, faults and reset', () => {
  const jobsPath = `${RUN}/attempts/1/jobs`;

  it('answers 401 Requires authentication without a token, and Bad credentials for an unknown one', async () => {
    const none = await rest(jobsPath, null);
    expect(none.status).toBe(401);
    expect(none.json).toEqual({
      message: 'Requires authentication',
      status: '401',
      documentation_url: 'https://docs.github.com/rest/actions/workflow-jobs#list-jobs-for-a-workflow-run-attempt',
    });
    expect(none.headers['x-github-request-id']).toBeTruthy();
    const wrong = await rest(jobsPath, 'ghs_not-a-token');
    expect(wrong.status).toBe(401);
    expect(wrong.json).toEqual({
      message: 'Bad credentials',
      documentation_url: 'https://docs.github.com/rest',
      status: '401',
    });
    expect((await rest(jobsPath, DEFAULTS.githubToken, 'Basic')).status).toBe(401);
  });

  it('answers 403 Resource not accessible by integration to a token without actions: read', async () => {
    emulator.actions.tokens[DEFAULTS.githubToken]!.actions = 'none';
    const answer = await rest(jobsPath);
    expect(answer.status).toBe(403);
    expect(answer.json).toEqual({
      message: 'Resource not accessible by integration',
      documentation_url: 'https://docs.github.com/rest/actions/workflow-jobs#list-jobs-for-a-workflow-run-attempt',
      status: '403',
    });
    expect(answer.headers['x-accepted-github-permissions']).toBe('actions=read');
    expect((await rest(RUN)).status).toBe(403);
    // Annotations need checks: read, which this token still holds.
    const job = emulator.actions.currentRun().attempts[0]!.jobs[1]!;
    expect((await rest(`${REPO}/check-runs/${job.id}/annotations`)).status).toBe(200);
    emulator.actions.tokens.ghs_checkless = { actions: 'write' };
    expect((await rest(`${REPO}/check-runs/${job.id}/annotations`, 'ghs_checkless')).status).toBe(403);
    expect((await rest(jobsPath, 'ghs_checkless')).status).toBe(200);
  });

  it('answers 404 for a repository it does not hold, before looking at permissions', async () => {
    emulator.actions.tokens[DEFAULTS.githubToken]!.actions = 'none';
    const answer = await rest(`/repos/Codertocat/Other/actions/runs/${DEFAULTS.runId}`);
    expect(answer.status).toBe(404);
    expect(answer.json).toEqual({
      message: 'Not Found',
      status: '404',
      documentation_url: 'https://docs.github.com/rest/actions/workflow-runs#get-a-workflow-run',
    });
    expect((await rest(`${REPO}/actions/runs/${DEFAULTS.runId}/logs`)).json.documentation_url).toBe(
      'https://docs.github.com/rest',
    );
  });

  it('counts requests against the rate limit and answers 403 when it is spent', async () => {
    await rest(RUN);
    expect(emulator.actions.rateLimit.used).toBe(1);
    emulator.actions.rateLimit.used = emulator.actions.rateLimit.limit;
    const answer = await rest(RUN);
    expect(answer.status).toBe(403);
    expect(answer.json.message).toMatch(/^API rate limit exceeded/);
    expect(answer.headers['x-ratelimit-remaining']).toBe('0');
  });

  it('plays faults on the run, jobs, annotations and runs routes', async () => {
    const job = emulator.actions.currentRun().attempts[0]!.jobs[1]!;
    emulator.fault({ route: 'jobs', status: 500, body: { message: 'Server Error' }, times: 2 });
    emulator.fault({ route: 'run', status: 404, body: { message: 'Not Found' } });
    emulator.fault({ route: 'annotations', status: 403, body: { message: 'Resource not accessible by integration' } });
    emulator.fault({ route: 'runs', reset: true });
    const jobs = await rest(jobsPath);
    expect(jobs.status).toBe(500);
    expect(jobs.headers['x-github-request-id']).toBeTruthy();
    expect((await rest(`${RUN}/jobs`)).status).toBe(500);
    expect((await rest(jobsPath)).status).toBe(200);
    expect((await rest(RUN)).status).toBe(404);
    expect((await rest(`${REPO}/check-runs/${job.id}/annotations`)).status).toBe(403);
    await expect(rest(`${REPO}/actions/workflows/ci.yml/runs`)).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(emulator.requests.map((r) => r.status)).toEqual([500, 500, 200, 404, 403, 0]);
    emulator.fault({ route: 'run', delayMs: 200 });
    const started = Date.now();
    expect((await rest(RUN)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('restores the default scenario on reset, in the same object', async () => {
    const actions = emulator.actions;
    actions.tokens[DEFAULTS.githubToken]!.actions = 'none';
    actions.setJobs([{ name: 'only' }]);
    actions.setPreviousConclusions([]);
    actions.rateLimit.used = 999;
    actions.serverUrl = 'https://github.example.com';
    emulator.reset();
    expect(emulator.actions).toBe(actions);
    expect(actions.serverUrl).toBe('https://github.com');
    expect(actions.rateLimit.used).toBe(0);
    const { json } = await rest(`${RUN}/attempts/1/jobs`);
    expect(json.jobs.map((j: any) => j.name)).toEqual(['build', 'test (ubuntu-latest)', 'lint', 'notify']);
    expect((await rest(`${REPO}/actions/workflows/ci.yml/runs?branch=master&status=completed`)).json.total_count).toBe(
      2,
    );
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

describe('sendMail', () => {
  it('accepts a message with 202, an empty body and the request ids, and records it', async () => {
    const answer = await send(mail(), { headers: { 'client-request-id': 'client-1' } });
    expect(answer.status).toBe(202);
    expect(answer.text).toBe('');
    expect(answer.headers['request-id']).toMatch(GUID);
    expect(answer.headers['client-request-id']).toBe('client-1');
    expect(emulator.messages).toEqual([
      {
        mailbox: DEFAULTS.sender,
        message: mail().message,
        headers: {},
        saveToSentItems: true,
        requestId: answer.headers['request-id'],
        attachments: [],
      },
    ]);
  });

  it('records the x- headers by name, five of them accepted', async () => {
    const internetMessageHeaders = Array.from({ length: 5 }, (_, i) => ({ name: `X-H${i}`, value: `v ${i}` }));
    const answer = await send(mail({ internetMessageHeaders }));
    expect(answer.status).toBe(202);
    expect(emulator.messages[0].headers).toStrictEqual(
      Object.fromEntries(internetMessageHeaders.map((h) => [h.name, h.value])),
    );
  });

  it('with latencyMs set, answers no sooner than that, and notes when each request came and was answered', async () => {
    emulator.latencyMs = 150;
    try {
      const before = performance.now();
      expect((await send(mail())).status).toBe(202);
      expect(performance.now() - before).toBeGreaterThanOrEqual(150);
    } finally {
      emulator.latencyMs = 0;
    }
    const [timing] = emulator.timeline;
    expect(timing.request).toBe(emulator.requests[0]);
    expect(timing.answered! - timing.started).toBeGreaterThanOrEqual(149);
  });

  it('makes up a client-request-id when the client sent none', async () => {
    const answer = await send(mail());
    expect(answer.headers['client-request-id']).toMatch(GUID);
  });

  it.each([
    ['object id', DEFAULTS.senderId],
    ['upper-case address', 'CI-NOTIFY@CONTOSO.COM'],
    ['encoded address', 'ci-notify%40contoso.com'],
    ['OData key', `('${DEFAULTS.sender}')`],
  ])('finds the mailbox by %s', async (_name, user) => {
    const path = user.startsWith('(') ? `users${user}` : `users/${user}`;
    const answer = await call(`${emulator.graphEndpoint}/v1.0/${path}/sendMail`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await token()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...mail(), saveToSentItems: false }),
    });
    expect(answer.status).toBe(202);
    expect(emulator.messages[0]).toMatchObject({ mailbox: DEFAULTS.sender, saveToSentItems: false });
  });

  it('sends as an address the mailbox holds Send As on, and as itself', async () => {
    const from = (address: string) => ({ from: { emailAddress: { address } } });
    expect((await send(mail(from(DEFAULTS.sendAsAddress)))).status).toBe(202);
    expect((await send(mail(from(DEFAULTS.sender.toUpperCase())))).status).toBe(202);
  });

  it('takes exactly 500 recipients and exactly 4 MB', async () => {
    const to = Array.from({ length: 500 }, (_, i) => ({ emailAddress: { address: `r${i}@example.com` } }));
    expect((await send(mail({ toRecipients: to }))).status).toBe(202);
    const base = JSON.stringify(mail({ subject: '' }));
    const padded = JSON.stringify(mail({ subject: 'x'.repeat(4 * 1024 * 1024 - base.length) }));
    expect(Buffer.byteLength(padded)).toBe(4 * 1024 * 1024);
    expect((await send(padded)).status).toBe(202);
  });
});

describe('sendMail errors', () => {
  async function expectGraphError(answer: Answer, status: number, code: string, message: string | RegExp) {
    expect(answer.status).toBe(status);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(answer.json.error.code).toBe(code);
    if (typeof message === 'string') expect(answer.json.error.message).toBe(message);
    else expect(answer.json.error.message).toMatch(message);
    const requestId = answer.headers['request-id'];
    expect(requestId).toMatch(GUID);
    expect(answer.json.error.innerError).toMatchObject({
      'request-id': requestId,
      'client-request-id': answer.headers['client-request-id'],
    });
    expect(answer.json.error.innerError.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    expect(emulator.messages).toEqual([]);
  }

  it('refuses a request without a token', async () => {
    const answer = await send(mail(), { bearer: '' });
    await expectGraphError(answer, 401, 'InvalidAuthenticationToken', 'Access token is empty.');
    expect(answer.headers['www-authenticate']).toMatch(/^Bearer/);
  });

  it('refuses a token that is not one of its own', async () => {
    const jwt = await token();
    const tampered = `${jwt.slice(0, jwt.lastIndexOf('.'))}.${Buffer.from('forged').toString('base64url')}`;
    await expectGraphError(
      await send(mail(), { bearer: tampered }),
      401,
      'InvalidAuthenticationToken',
      'Access token validation failure.',
    );
    await expectGraphError(
      await send(mail(), { bearer: 'not-a-jwt' }),
      401,
      'InvalidAuthenticationToken',
      'Access token validation failure.',
    );
  });

  it('refuses an expired token', async () => {
    emulator.directory.tokenLifetimeSeconds = 0;
    await expectGraphError(
      await send(mail()),
      401,
      'InvalidAuthenticationToken',
      'Lifetime validation failed, the token is expired.',
    );
  });

  it('refuses a token for another Graph (wrong cloud)', async () => {
    const bearer = await token({ scope: `${DEFAULTS.publicGraphResource}/.default` });
    await expectGraphError(
      await send(mail(), { bearer }),
      401,
      'InvalidAuthenticationToken',
      'Access token validation failure. Invalid audience.',
    );
  });

  it('refuses a token without Mail.Send, before looking at the mailbox', async () => {
    emulator.directory.tenants[0]!.apps[0]!.roles = ['User.Read.All'];
    await expectGraphError(
      await send(mail(), { user: 'nobody@contoso.com' }),
      403,
      'ErrorAccessDenied',
      'Access is denied. Check credentials and try again.',
    );
  });

  it('answers ErrorInvalidUser for an unknown mailbox', async () => {
    await expectGraphError(
      await send(mail(), { user: 'nobody@contoso.com' }),
      404,
      'ErrorInvalidUser',
      "The requested user 'nobody@contoso.com' is invalid.",
    );
  });

  it('answers the RAOP denial for a mailbox an access policy keeps from the app, before reading the body', async () => {
    await expectGraphError(
      await send('{not json', { user: DEFAULTS.restrictedMailbox }),
      403,
      'ErrorAccessDenied',
      'Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings.',
    );
  });

  it('applies a RestrictAccess policy to every mailbox outside its list', async () => {
    emulator.directory.tenants[0]!.accessPolicies = [
      { appId: DEFAULTS.clientId, accessRight: 'RestrictAccess', mailboxes: [DEFAULTS.restrictedMailbox] },
    ];
    expect((await send(mail(), { user: DEFAULTS.sender })).json.error.message).toMatch(/\[RAOP\]/);
    expect((await send(mail(), { user: DEFAULTS.restrictedMailbox })).status).toBe(202);
  });

  it('answers MailboxNotEnabledForRESTAPI for an unlicensed mailbox, before reading the body', async () => {
    await expectGraphError(
      await send('{}', { user: DEFAULTS.unlicensedMailbox }),
      404,
      'MailboxNotEnabledForRESTAPI',
      'The mailbox is either inactive, soft-deleted, or is hosted on-premise.',
    );
  });

  it.each([
    ['malformed JSON', '{"message":', 'RequestBodyRead', /^Unable to read JSON request payload\./],
    ['a body that is not an object', '[]', 'RequestBodyRead', 'The request body must be a JSON object.'],
    [
      'no message',
      '{"saveToSentItems":true}',
      'ErrorInvalidRequest',
      "The request is missing the required parameter 'message'.",
    ],
    [
      'an unknown parameter',
      JSON.stringify({ ...mail(), save: true }),
      'RequestBodyRead',
      "The parameter 'save' in the request payload is not a valid parameter for the operation 'sendMail'.",
    ],
    [
      'a non-boolean saveToSentItems',
      JSON.stringify({ ...mail(), saveToSentItems: 'yes' }),
      'RequestBodyRead',
      "Property 'saveToSentItems' must be a boolean.",
    ],
    [
      'a numeric subject',
      JSON.stringify(mail({ subject: 42 })),
      'RequestBodyRead',
      "Property 'message.subject' must be a string.",
    ],
    [
      'an unknown body type',
      JSON.stringify(mail({ body: { contentType: 'markdown', content: '#' } })),
      'RequestBodyRead',
      /^Property 'message\.body\.contentType' has the invalid value "markdown"/,
    ],
    [
      'recipients that are not an array',
      JSON.stringify(mail({ toRecipients: 'a@b.com' })),
      'RequestBodyRead',
      "Property 'message.toRecipients' must be an array.",
    ],
    [
      'a recipient without emailAddress',
      JSON.stringify(mail({ ccRecipients: [{ address: 'a@b.com' }] })),
      'RequestBodyRead',
      "Property 'message.ccRecipients[0].emailAddress' is required.",
    ],
    [
      'an unknown message property',
      JSON.stringify(mail({ toRecipient: [] })),
      'RequestBodyRead',
      /^The property 'toRecipient' does not exist on type 'microsoft\.graph\.message'\./,
    ],
    [
      'an unknown importance',
      JSON.stringify(mail({ importance: 'urgent' })),
      'RequestBodyRead',
      /^Property 'message\.importance' has the invalid value "urgent"/,
    ],
    [
      'no recipients',
      JSON.stringify(mail({ toRecipients: [] })),
      'ErrorInvalidRecipients',
      "At least one recipient isn't valid., A message can't be sent because it contains no recipients.",
    ],
    [
      'a display name in the address',
      JSON.stringify(mail({ toRecipients: [{ emailAddress: { address: 'Jane <jane@contoso.com>' } }] })),
      'ErrorInvalidRecipients',
      /^At least one recipient isn't valid\., Recipient 'Jane <jane@contoso\.com>' is not resolved\./,
    ],
    [
      'a bad reply-to address',
      JSON.stringify(mail({ replyTo: [{ emailAddress: { address: 'nobody' } }] })),
      'ErrorInvalidRecipients',
      /Recipient 'nobody' is not resolved/,
    ],
    [
      'a header without X-',
      JSON.stringify(mail({ internetMessageHeaders: [{ name: 'Run', value: '1' }] })),
      'InvalidInternetMessageHeader',
      "The internet message header name 'Run' should start with 'x-' or 'X-'.",
    ],
    [
      'six headers',
      JSON.stringify(
        mail({ internetMessageHeaders: Array.from({ length: 6 }, (_, i) => ({ name: `X-H${i}`, value: 'v' })) }),
      ),
      'InvalidInternetMessageHeaderCollection',
      'Maximum number of headers in one message should be less than or equal to 5.',
    ],
    [
      'a line break in a header value',
      JSON.stringify(mail({ internetMessageHeaders: [{ name: 'X-Ref', value: 'main\r\nBcc: a@evil.example' }] })),
      'InvalidInternetMessageHeader',
      "The internet message header 'X-Ref' has a value that is not one line of printable ASCII.",
    ],
    [
      'non-ASCII in a header value',
      JSON.stringify(mail({ internetMessageHeaders: [{ name: 'X-Ref', value: 'fix/ümlaut' }] })),
      'InvalidInternetMessageHeader',
      "The internet message header 'X-Ref' has a value that is not one line of printable ASCII.",
    ],
  ])('answers 400 for %s', async (_name, body, code, message) => {
    await expectGraphError(await send(body), 400, code, message);
  });

  it('answers ErrorTooManyRecipients above 500 recipients across to, cc and bcc', async () => {
    const list = (n: number, p: string) =>
      Array.from({ length: n }, (_, i) => ({ emailAddress: { address: `${p}${i}@example.com` } }));
    const body = mail({ toRecipients: list(200, 't'), ccRecipients: list(200, 'c'), bccRecipients: list(101, 'b') });
    await expectGraphError(await send(body), 400, 'ErrorTooManyRecipients', /501 recipients; at most 500/);
  });

  it('answers 413 ErrorMessageSizeExceeded above 4 MB', async () => {
    const base = JSON.stringify(mail({ subject: '' }));
    const body = JSON.stringify(mail({ subject: 'x'.repeat(4 * 1024 * 1024 - base.length + 1) }));
    await expectGraphError(await send(body), 413, 'ErrorMessageSizeExceeded', /at most 4194304 bytes/);
  });

  it('answers ErrorSendAsDenied for a From the mailbox may not send as', async () => {
    await expectGraphError(
      await send(mail({ from: { emailAddress: { address: 'ceo@contoso.com' } } })),
      403,
      'ErrorSendAsDenied',
      'The user account which was used to submit this request does not have the right to send mail on behalf of the ' +
        'specified sending account., Cannot submit message.',
    );
  });

  it('refuses /me for an app-only token', async () => {
    const answer = await call(`${emulator.graphEndpoint}/v1.0/me/sendMail`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await token()}` },
      body: JSON.stringify(mail()),
    });
    await expectGraphError(answer, 400, 'BadRequest', '/me request is only valid with delegated authentication flow.');
  });
});

describe('faults', () => {
  const sendMailPath = `/v1.0/users/${DEFAULTS.sender}/sendMail`;
  const graphStatuses = () => emulator.requests.filter((r) => r.service === 'graph').map((r) => r.status);

  it('answers a scripted status with Retry-After and Graph request ids, then resumes', async () => {
    emulator.fault({
      route: 'sendMail',
      status: 429,
      retryAfter: '7',
      body: { error: { code: 'TooManyRequests', message: 'slow down' } },
    });
    const bearer = await token();
    const faulted = await send(mail(), { bearer, headers: { 'client-request-id': 'client-9' } });
    expect(faulted.status).toBe(429);
    expect(faulted.headers['retry-after']).toBe('7');
    expect(faulted.headers['request-id']).toMatch(GUID);
    expect(faulted.headers['client-request-id']).toBe('client-9');
    expect(faulted.json).toEqual({ error: { code: 'TooManyRequests', message: 'slow down' } });
    expect((await send(mail(), { bearer })).status).toBe(202);
    expect(graphStatuses()).toEqual([429, 202]);
    expect(emulator.messages).toHaveLength(1);
  });

  it('applies a fault to `times` requests', async () => {
    emulator.fault({ route: 'sendMail', status: 503, body: 'busy', headers: { 'X-Test': 'yes' }, times: 2 });
    const bearer = await token();
    const first = await send(mail(), { bearer });
    expect(first.text).toBe('busy');
    expect(first.headers['x-test']).toBe('yes');
    await send(mail(), { bearer });
    await send(mail(), { bearer });
    expect(graphStatuses()).toEqual([503, 503, 202]);
  });

  it('plays queued faults in order and keeps routes apart', async () => {
    emulator.fault({ route: 'sendMail', status: 500 });
    emulator.fault({ route: 'token', status: 503 });
    emulator.fault({ route: 'sendMail', status: 504 });
    expect((await postToken({})).status).toBe(503);
    const bearer = await token();
    expect((await send(mail(), { bearer })).status).toBe(500);
    expect((await send(mail(), { bearer })).status).toBe(504);
    expect((await send(mail(), { bearer })).status).toBe(202);
  });

  it('scripts the discovery document too', async () => {
    emulator.fault({ route: 'openid', status: 500, body: 'down' });
    const url = `${emulator.authorityHost}/${DEFAULTS.tenantId}/v2.0/.well-known/openid-configuration`;
    expect((await call(url)).status).toBe(500);
    expect((await call(url)).status).toBe(200);
  });

  it('delays the normal answer when the fault has no status', async () => {
    emulator.fault({ route: 'sendMail', delayMs: 300 });
    const bearer = await token();
    const started = Date.now();
    expect((await send(mail(), { bearer })).status).toBe(202);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(emulator.messages).toHaveLength(1);
  });

  it('delays a scripted status', async () => {
    emulator.fault({ route: 'token', delayMs: 200, status: 504 });
    const started = Date.now();
    expect((await postToken({})).status).toBe(504);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('resets the connection without answering, recorded as status 0', async () => {
    emulator.fault({ route: 'sendMail', reset: true });
    await expect(send(mail())).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(emulator.requests.at(-1)).toEqual({ service: 'graph', method: 'POST', path: sendMailPath, status: 0 });
    expect(emulator.messages).toEqual([]);
  });

  it('hangs until the emulator closes', async () => {
    const own = await startEmulator();
    try {
      own.fault({ route: 'token', hang: true });
      const pending = new Promise((resolve, reject) => {
        const req = request(
          `${own.authorityHost}/${DEFAULTS.tenantId}/oauth2/v2.0/token`,
          {
            method: 'POST',
            ca: readFileSync(own.caFile),
            agent: false,
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
          },
          resolve,
        );
        req.on('error', reject);
        req.end('grant_type=client_credentials');
      });
      const outcome = await Promise.race([
        pending.then(
          () => 'answered',
          () => 'failed',
        ),
        delay(300).then(() => 'pending'),
      ]);
      expect(outcome).toBe('pending');
      expect(own.requests).toEqual([
        { service: 'login', method: 'POST', path: `/${DEFAULTS.tenantId}/oauth2/v2.0/token`, status: 0 },
      ]);
      await own.close();
      await expect(pending).rejects.toThrow(/socket hang up|ECONNRESET/);
    } finally {
      await own.close().catch(() => undefined);
    }
  });

  it('refuses a fault it cannot play', () => {
    expect(() => emulator.fault({ route: 'users' as 'token', status: 500 })).toThrow(/route must be one of/);
    expect(() => emulator.fault({ route: 'token', status: 500, times: 0 })).toThrow(/positive integer/);
  });
});

describe('reset', () => {
  it('restores the directory and clears messages, requests and faults', async () => {
    const directory = emulator.directory;
    directory.tenants[0]!.apps[0]!.roles = [];
    directory.tokenLifetimeSeconds = 0;
    await send(mail());
    emulator.fault({ route: 'token', status: 500 });
    emulator.reset();
    expect(emulator.directory).toBe(directory);
    expect(directory.tenants[0]!.apps[0]!.roles).toEqual(['Mail.Send', 'Mail.ReadWrite']);
    expect(directory.tokenLifetimeSeconds).toBe(3599);
    expect(emulator.requests).toEqual([]);
    expect((await send(mail())).status).toBe(202);
    expect(emulator.messages).toHaveLength(1);
  });
});

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const MiB = 1024 * 1024;
const UNIT = 320 * 1024;

async function graph(method: string, path: string, payload?: unknown, bearer?: string) {
  const auth = bearer ?? (await token());
  return call(`${emulator.graphEndpoint}/v1.0/users/${DEFAULTS.sender}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${auth}` },
    body: payload === undefined ? undefined : typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
}

async function newDraft(bearer?: string, message: Record<string, unknown> = mail().message): Promise<string> {
  const answer = await graph('POST', '/messages', message, bearer);
  expect(answer.status).toBe(201);
  return answer.json.id as string;
}

const itemOf = (size: number, name = 'build.log') => ({
  AttachmentItem: { attachmentType: 'file', name, size, contentType: 'text/plain' },
});

async function openUpload(size: number, bearer?: string): Promise<{ id: string; url: string }> {
  const id = await newDraft(bearer);
  const answer = await graph('POST', `/messages/${id}/attachments/createUploadSession`, itemOf(size), bearer);
  expect(answer.status).toBe(201);
  return { id, url: answer.json.uploadUrl as string };
}

function put(url: string, chunk: Buffer, start: number, total: number, headers: Record<string, string> = {}) {
  return call(url, {
    method: 'PUT',
    headers: {
      'content-type': 'application/octet-stream',
      'content-range': `bytes ${start}-${start + chunk.length - 1}/${total}`,
      ...headers,
    },
    body: chunk,
  });
}

const inline = (name: string, bytes: Buffer, extra: Record<string, unknown> = {}) => ({
  '@odata.type': '#microsoft.graph.fileAttachment',
  name,
  contentType: 'text/plain',
  contentBytes: bytes.toString('base64'),
  ...extra,
});

describe('inline attachments', () => {
  it('records a summary of each attachment instead of its bytes', async () => {
    const log = Buffer.from('line 1\nline 2\n');
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
    const answer = await send(
      mail({
        attachments: [
          inline('test.log', log),
          inline('logo.png', png, { contentType: null, isInline: true, contentId: 'logo' }),
        ],
      }),
    );
    expect(answer.status).toBe(202);
    const [sent] = emulator.messages;
    expect(sent!.attachments).toEqual([
      { name: 'test.log', contentType: 'text/plain', size: log.length, sha256: sha256(log) },
      { name: 'logo.png', contentType: 'application/octet-stream', size: 4, sha256: sha256(png) },
    ]);
    const kept = (sent!.message as { attachments: object[] }).attachments;
    expect(kept[1]).toEqual({
      '@odata.type': '#microsoft.graph.fileAttachment',
      name: 'logo.png',
      contentType: null,
      isInline: true,
      contentId: 'logo',
    });
    expect(JSON.stringify(sent)).not.toContain('contentBytes');
  });

  it.each([
    [
      'another attachment type',
      { '@odata.type': '#microsoft.graph.itemAttachment' },
      /^Property 'message\.attachments\[0\]\.@odata\.type' has the invalid value/,
    ],
    ['an empty name', { name: ' ' }, "Property 'message.attachments[0].name' must not be empty."],
    [
      'bytes that are not base64',
      { contentBytes: 'not base64!' },
      "Cannot convert the literal in 'message.attachments[0].contentBytes' to the expected type 'Edm.Binary'.",
    ],
    ['no contentBytes', { contentBytes: null }, "Property 'message.attachments[0].contentBytes' is required."],
  ])('answers 400 RequestBodyRead for %s', async (_name, change, message) => {
    const answer = await send(mail({ attachments: [{ ...inline('a.txt', Buffer.from('a')), ...change }] }));
    expect(answer.status).toBe(400);
    expect(answer.json.error.code).toBe('RequestBodyRead');
    if (typeof message === 'string') expect(answer.json.error.message).toBe(message);
    else expect(answer.json.error.message).toMatch(message);
    expect(emulator.messages).toEqual([]);
  });
});

describe('drafts', () => {
  it('saves a draft with 201, an Exchange id and isDraft, and keeps it in drafts', async () => {
    const answer = await graph('POST', '/messages', {
      subject: 'Build #42',
      attachments: [inline('a.txt', Buffer.from('abc'))],
    });
    expect(answer.status).toBe(201);
    expect(answer.headers['request-id']).toMatch(GUID);
    expect(answer.json).toMatchObject({ subject: 'Build #42', isDraft: true, hasAttachments: true });
    expect(answer.json.id).toMatch(/^AAMkA[A-Za-z0-9_-]{100,}=$/);
    expect(answer.json).not.toHaveProperty('attachments');
    expect(emulator.drafts).toEqual([
      {
        id: answer.json.id,
        mailbox: DEFAULTS.sender,
        message: {
          subject: 'Build #42',
          attachments: [{ '@odata.type': '#microsoft.graph.fileAttachment', name: 'a.txt', contentType: 'text/plain' }],
        },
        attachments: [{ name: 'a.txt', contentType: 'text/plain', size: 3, sha256: sha256(Buffer.from('abc')) }],
        uploads: [],
      },
    ]);
  });

  it('checks the draft body as sendMail checks a message, recipients aside', async () => {
    const answer = await graph('POST', '/messages', { subject: 42 });
    expect(answer.status).toBe(400);
    expect(answer.json.error).toMatchObject({
      code: 'RequestBodyRead',
      message: "Property 'subject' must be a string.",
    });
    const bad = await graph('POST', '/messages', { toRecipients: [{ emailAddress: { address: 'nobody' } }] });
    expect(bad.json.error.code).toBe('ErrorInvalidRecipients');
    expect(emulator.drafts).toEqual([]);
  });

  it('answers 403 ErrorAccessDenied without Mail.ReadWrite, and the mailbox checks of sendMail', async () => {
    emulator.directory.tenants[0]!.apps[0]!.roles = ['Mail.Send'];
    const denied = await graph('POST', '/messages', mail().message);
    expect(denied.status).toBe(403);
    expect(denied.json.error).toMatchObject({
      code: 'ErrorAccessDenied',
      message: 'Access is denied. Check credentials and try again.',
    });
    emulator.reset();
    const unlicensed = await call(`${emulator.graphEndpoint}/v1.0/users/${DEFAULTS.unlicensedMailbox}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await token()}` },
      body: '{}',
    });
    expect(unlicensed.json.error.code).toBe('MailboxNotEnabledForRESTAPI');
  });

  it('sends a draft with 202 into messages, as sendMail records one, and removes it', async () => {
    const bearer = await token();
    const id = await newDraft(bearer, mail({ attachments: [inline('a.txt', Buffer.from('abc'))] }).message);
    const answer = await graph('POST', `/messages/${id}/send`, undefined, bearer);
    expect(answer.status).toBe(202);
    expect(answer.text).toBe('');
    expect(emulator.messages).toEqual([
      {
        mailbox: DEFAULTS.sender,
        message: {
          ...mail().message,
          attachments: [{ '@odata.type': '#microsoft.graph.fileAttachment', name: 'a.txt', contentType: 'text/plain' }],
        },
        headers: {},
        saveToSentItems: true,
        requestId: answer.headers['request-id'],
        attachments: [{ name: 'a.txt', contentType: 'text/plain', size: 3, sha256: sha256(Buffer.from('abc')) }],
      },
    ]);
    expect(emulator.drafts).toEqual([]);
    expect((await graph('POST', `/messages/${id}/send`, undefined, bearer)).json.error.code).toBe('ErrorItemNotFound');
  });

  it('sends a draft with Mail.Send alone, and refuses one without recipients', async () => {
    const id = await newDraft();
    emulator.directory.tenants[0]!.apps[0]!.roles = ['Mail.Send'];
    expect((await graph('POST', `/messages/${id}/send`)).status).toBe(202);
    emulator.reset();
    const empty = await newDraft(undefined, { subject: 'no one' });
    const answer = await graph('POST', `/messages/${empty}/send`);
    expect(answer.status).toBe(400);
    expect(answer.json.error.code).toBe('ErrorInvalidRecipients');
  });

  it('deletes a draft with 204 and notes it in deletedDrafts', async () => {
    const id = await newDraft();
    const answer = await graph('DELETE', `/messages/${id}`);
    expect(answer.status).toBe(204);
    expect(emulator.drafts).toEqual([]);
    expect(emulator.deletedDrafts).toEqual([id]);
    expect((await graph('DELETE', `/messages/${id}`)).status).toBe(404);
  });

  it('clears drafts and deleted drafts on reset', async () => {
    await graph('DELETE', `/messages/${await newDraft()}`);
    await newDraft();
    emulator.reset();
    expect(emulator.drafts).toEqual([]);
    expect(emulator.deletedDrafts).toEqual([]);
  });
});

describe('attachments added to a draft one request each', () => {
  it('answers 201 with the attachment and keeps it for the sent mail', async () => {
    const id = await newDraft();
    const bytes = randomBytes(2 * MiB);
    const answer = await graph('POST', `/messages/${id}/attachments`, inline('trace.bin', bytes));
    expect(answer.status).toBe(201);
    expect(answer.json).toMatchObject({
      '@odata.type': '#microsoft.graph.fileAttachment',
      name: 'trace.bin',
      contentType: 'text/plain',
      size: 2 * MiB,
      isInline: false,
      contentBytes: bytes.toString('base64'),
    });
    expect(answer.json['@odata.context']).toMatch(/\/attachments\/\$entity$/);
    expect((await graph('POST', `/messages/${id}/send`)).status).toBe(202);
    expect(emulator.messages[0]!.attachments).toEqual([
      { name: 'trace.bin', contentType: 'text/plain', size: 2 * MiB, sha256: sha256(bytes) },
    ]);
  });

  it('takes a request of exactly 4 MiB and answers 413 to one byte more', async () => {
    const id = await newDraft();
    const shell = Buffer.byteLength(JSON.stringify(inline('x', Buffer.alloc(0))));
    const base64 = Math.floor((4 * MiB - shell) / 4) * 4;
    const body = (extra: number) =>
      JSON.stringify({
        ...inline(`x${'y'.repeat(4 * MiB - shell - base64 + extra)}`, Buffer.alloc(0)),
        contentBytes: 'A'.repeat(base64),
      });
    expect(Buffer.byteLength(body(0))).toBe(4 * MiB);
    expect((await graph('POST', `/messages/${id}/attachments`, body(0))).status).toBe(201);
    const over = await graph('POST', `/messages/${id}/attachments`, body(1));
    expect(over.status).toBe(413);
    expect(over.json.error).toMatchObject({
      code: 'ErrorMessageSizeExceeded',
      message: expect.stringMatching(/at most 4194304 bytes/),
    });
  });

  it('refuses an attachment without its type, an unknown draft, and a caller without Mail.ReadWrite', async () => {
    const id = await newDraft();
    const { '@odata.type': _type, ...untyped } = inline('a.txt', Buffer.from('a'));
    expect((await graph('POST', `/messages/${id}/attachments`, untyped)).json.error.code).toBe('RequestBodyRead');
    expect((await graph('POST', '/messages/AAMkAnope=/attachments', inline('a.txt', Buffer.from('a')))).status).toBe(
      404,
    );
    emulator.directory.tenants[0]!.apps[0]!.roles = ['Mail.Send'];
    expect((await graph('POST', `/messages/${id}/attachments`, inline('a.txt', Buffer.from('a')))).status).toBe(403);
  });
});

describe("the mailbox's MaxSendSize and the cloud", () => {
  it('refuses a send over MaxSendSize, counted after encoding, with ErrorMessageSizeExceeded', async () => {
    emulator.directory.tenants[0]!.mailboxes[0]!.maxSendSize = 2 * MiB;
    // 1.6 MiB of file are 2.13 MiB of base64: over, though the file is under.
    const id = await newDraft();
    expect((await graph('POST', `/messages/${id}/attachments`, inline('a.bin', Buffer.alloc(1.6 * MiB)))).status).toBe(
      201,
    );
    const refused = { code: 'ErrorMessageSizeExceeded', message: 'The message exceeds the maximum supported size.' };
    const draftSend = await graph('POST', `/messages/${id}/send`);
    expect([draftSend.status, draftSend.json.error]).toEqual([413, expect.objectContaining(refused)]);
    const answer = await send(mail({ attachments: [inline('a.bin', Buffer.alloc(1.6 * MiB))] }));
    expect([answer.status, answer.json.error]).toEqual([413, expect.objectContaining(refused)]);
    expect(emulator.drafts).toHaveLength(1);
    expect(emulator.messages).toEqual([]);
  });

  it.each(['usgov', 'usgov-dod'] as const)(
    'plays %s: no upload sessions, and reset makes it public again',
    async (cloud) => {
      emulator.graph.cloud = cloud;
      const id = await newDraft();
      const answer = await graph('POST', `/messages/${id}/attachments/createUploadSession`, itemOf(3 * MiB));
      expect(answer.status).toBe(400);
      expect(answer.json.error).toMatchObject({
        code: 'BadRequest',
        message: "Resource not found for the segment 'createUploadSession'.",
      });
      emulator.reset();
      expect(emulator.graph).toEqual({ cloud: 'public', minUploadBytes: 3 * MiB });
    },
  );

  it('takes a smaller upload session where a test lowers the floor', async () => {
    emulator.graph.minUploadBytes = 2 * MiB;
    const id = await newDraft();
    expect((await graph('POST', `/messages/${id}/attachments/createUploadSession`, itemOf(2 * MiB))).status).toBe(201);
    expect((await graph('POST', `/messages/${id}/attachments/createUploadSession`, itemOf(2 * MiB - 1))).status).toBe(
      400,
    );
  });
});

describe('upload sessions', () => {
  it('opens a session on another host name of the Graph listener', async () => {
    const id = await newDraft();
    const answer = await graph('POST', `/messages/${id}/attachments/createUploadSession`, itemOf(3 * MiB));
    expect(answer.status).toBe(201);
    const port = new URL(emulator.graphEndpoint).port;
    expect(answer.json).toMatchObject({ nextExpectedRanges: ['0-'] });
    expect(answer.json['@odata.context']).toMatch(/microsoft\.graph\.uploadSession$/);
    expect(Date.parse(answer.json.expirationDateTime)).toBeGreaterThan(Date.now());
    expect(answer.json.uploadUrl).toMatch(
      new RegExp(`^https://localhost:${port}/upload/users\\('[^']+'\\)/AttachmentSessions\\('[^']+'\\)\\?authtoken=`),
    );
    expect(emulator.drafts[0]!.uploads).toMatchObject([
      { name: 'build.log', size: 3 * MiB, contentType: 'text/plain', received: 0, uploadUrl: answer.json.uploadUrl },
    ]);
  });

  it.each([
    [
      'below 3 MB',
      3 * MiB - 1,
      'ErrorAttachmentSizeShouldNotBeLessThanMinimumSize',
      'Attachment size must be greater than the minimum size.',
    ],
    [
      'above 150 MB',
      150 * MiB + 1,
      'ErrorAttachmentSizeExceedsMaximumSize',
      'Attachment size must be less than the maximum size.',
    ],
  ])('refuses an attachment %s', async (_name, size, code, message) => {
    const id = await newDraft();
    const answer = await graph('POST', `/messages/${id}/attachments/createUploadSession`, itemOf(size));
    expect(answer.status).toBe(400);
    expect(answer.json.error).toMatchObject({ code, message });
    expect((await graph('POST', `/messages/${id}/attachments/createUploadSession`, itemOf(150 * MiB))).status).toBe(
      201,
    );
  });

  it('answers 404 ErrorItemNotFound for an unknown draft, and 403 without Mail.ReadWrite', async () => {
    const missing = await graph('POST', '/messages/AAMkAnope=/attachments/createUploadSession', itemOf(3 * MiB));
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe('ErrorItemNotFound');
    const id = await newDraft();
    emulator.directory.tenants[0]!.apps[0]!.roles = ['Mail.Send'];
    expect((await graph('POST', `/messages/${id}/attachments/createUploadSession`, itemOf(3 * MiB))).status).toBe(403);
  });

  it('takes a 10 MB file in 320 KiB-multiple chunks: 200s, then 201 with Location; sending carries its hash', async () => {
    const bearer = await token();
    const file = randomBytes(10 * MiB);
    const { id, url } = await openUpload(file.length, bearer);
    const statuses: number[] = [];
    let last: Answer | undefined;
    for (let start = 0; start < file.length; start += 10 * UNIT) {
      last = await put(url, file.subarray(start, start + 10 * UNIT), start, file.length);
      statuses.push(last.status);
      if (last.status === 200) {
        expect(last.json.nextExpectedRanges).toEqual([`${Math.min(start + 10 * UNIT, file.length)}`]);
      }
    }
    expect(statuses).toEqual([200, 200, 200, 201]);
    expect(last!.headers.location).toMatch(
      new RegExp(`^${emulator.graphEndpoint}/v1\\.0/users\\('.+'\\)/messages\\('${id}'\\)/attachments\\('`),
    );
    expect(emulator.drafts[0]).toMatchObject({
      uploads: [],
      attachments: [{ name: 'build.log', contentType: 'text/plain', size: file.length, sha256: sha256(file) }],
    });
    expect((await put(url, file.subarray(0, UNIT), 0, file.length)).status).toBe(404);
    expect((await graph('POST', `/messages/${id}/send`, undefined, bearer)).status).toBe(202);
    expect(emulator.messages[0]!.attachments).toEqual([
      { name: 'build.log', contentType: 'text/plain', size: file.length, sha256: sha256(file) },
    ]);
  });

  it('answers 401 InvalidAudienceForResource to a chunk sent with a bearer token', async () => {
    const bearer = await token();
    const { url } = await openUpload(3 * MiB, bearer);
    const answer = await put(url, Buffer.alloc(UNIT), 0, 3 * MiB, { authorization: `Bearer ${bearer}` });
    expect(answer.status).toBe(401);
    expect(answer.json.error.code).toBe('InvalidAudienceForResource');
    expect(answer.json.error.message).toContain(`Audience claim is '${emulator.graphEndpoint}'`);
    expect(emulator.drafts[0]!.uploads[0]!.received).toBe(0);
  });

  it('answers 416 with the expected range to a chunk that does not start there', async () => {
    const { url } = await openUpload(3 * MiB);
    expect((await put(url, Buffer.alloc(UNIT), 0, 3 * MiB)).status).toBe(200);
    for (const start of [0, 2 * UNIT]) {
      const answer = await put(url, Buffer.alloc(UNIT), start, 3 * MiB);
      expect(answer.status).toBe(416);
      expect(answer.json).toMatchObject({ error: { code: 'ErrorInvalidRange' }, nextExpectedRanges: [`${UNIT}`] });
    }
  });

  it.each([
    ['a chunk over 4 MiB', 413, 'ErrorRequestEntityTooLarge', () => Buffer.alloc(4 * MiB + UNIT), {}],
    [
      'a chunk that is not a multiple of 320 KiB and not the last',
      400,
      'ErrorInvalidRequest',
      () => Buffer.alloc(100_000),
      {},
    ],
    [
      'a total that is not the attachment size',
      400,
      'ErrorInvalidRequest',
      () => Buffer.alloc(UNIT),
      { 'content-range': `bytes 0-${UNIT - 1}/${5 * MiB}` },
    ],
    [
      'a body longer than the range',
      400,
      'ErrorInvalidRequest',
      () => Buffer.alloc(2 * UNIT),
      { 'content-range': `bytes 0-${UNIT - 1}/${6 * MiB}` },
    ],
    ['no Content-Range', 400, 'ErrorInvalidRequest', () => Buffer.alloc(UNIT), { 'content-range': '' }],
    ['no Content-Type', 415, 'UnsupportedMediaType', () => Buffer.alloc(UNIT), { 'content-type': '' }],
    [
      'a Content-Type other than application/octet-stream',
      415,
      'UnsupportedMediaType',
      () => Buffer.alloc(UNIT),
      { 'content-type': 'text/plain' },
    ],
    [
      'a range past the end',
      400,
      'ErrorInvalidRequest',
      () => Buffer.alloc(UNIT),
      { 'content-range': `bytes ${6 * MiB}-${6 * MiB + UNIT - 1}/${6 * MiB}` },
    ],
  ])('refuses %s and keeps the session where it was', async (_name, status, code, chunk, headers) => {
    const { url } = await openUpload(6 * MiB);
    const answer = await put(url, chunk(), 0, 6 * MiB, headers);
    expect(answer.status).toBe(status);
    expect(answer.json.error.code).toBe(code);
    expect(emulator.drafts[0]!.uploads[0]!.received).toBe(0);
    expect((await put(url, Buffer.alloc(UNIT), 0, 6 * MiB)).status).toBe(200);
  });

  it('takes a last chunk of any length', async () => {
    const file = randomBytes(3 * MiB + 12_345);
    const { url } = await openUpload(file.length);
    expect((await put(url, file.subarray(0, 9 * UNIT), 0, file.length)).status).toBe(200);
    const answer = await put(url, file.subarray(9 * UNIT), 9 * UNIT, file.length);
    expect(answer.status).toBe(201);
    expect(emulator.drafts[0]!.attachments[0]!.sha256).toBe(sha256(file));
  });

  it('answers 404 for an upload URL with another authtoken', async () => {
    const { url } = await openUpload(3 * MiB);
    const forged = url.replace(/authtoken=.*/, 'authtoken=forged');
    expect((await put(forged, Buffer.alloc(UNIT), 0, 3 * MiB)).status).toBe(404);
    expect((await call(forged)).status).toBe(404);
  });

  it('reports progress on GET and cancels on DELETE', async () => {
    const { id, url } = await openUpload(3 * MiB);
    await put(url, Buffer.alloc(2 * UNIT), 0, 3 * MiB);
    const status = await call(url);
    expect(status.status).toBe(200);
    expect(status.json).toMatchObject({ nextExpectedRanges: [`${2 * UNIT}`] });
    expect(status.json.ExpirationDateTime).toBe(emulator.drafts[0]!.uploads[0]!.expirationDateTime);
    const cancelled = await call(url, { method: 'DELETE' });
    expect(cancelled.status).toBe(204);
    expect(emulator.drafts[0]!.uploads).toEqual([]);
    expect((await call(url)).status).toBe(404);
    expect((await put(url, Buffer.alloc(UNIT), 2 * UNIT, 3 * MiB)).status).toBe(404);
    expect((await graph('POST', `/messages/${id}/send`)).status).toBe(202);
  });

  it('refuses to send a draft with an upload still incomplete', async () => {
    const { id, url } = await openUpload(3 * MiB);
    await put(url, Buffer.alloc(UNIT), 0, 3 * MiB);
    const answer = await graph('POST', `/messages/${id}/send`);
    expect(answer.status).toBe(400);
    expect(answer.json.error.code).toBe('ErrorInvalidRequest');
    expect(answer.json.error.message).toMatch(/1 attachment upload session\(s\) that are not complete/);
    expect(emulator.messages).toEqual([]);
    expect(emulator.drafts).toHaveLength(1);
  });

  it('spells the ranges NextExpectedRanges when asked to, in PUT, GET and 416 answers', async () => {
    emulator.outlook.rangesProperty = 'NextExpectedRanges';
    const { url } = await openUpload(3 * MiB);
    const answers = [
      await put(url, Buffer.alloc(UNIT), 0, 3 * MiB),
      await call(url),
      await put(url, Buffer.alloc(UNIT), 0, 3 * MiB),
    ];
    expect(answers.map((a) => [a.status, a.json.NextExpectedRanges, a.json.nextExpectedRanges])).toEqual([
      [200, [`${UNIT}`], undefined],
      [200, [`${UNIT}`], undefined],
      [416, [`${UNIT}`], undefined],
    ]);
    emulator.reset();
    expect(emulator.outlook.rangesProperty).toBe('nextExpectedRanges');
  });

  it('closes the sessions of a deleted draft', async () => {
    const { id, url } = await openUpload(3 * MiB);
    expect((await graph('DELETE', `/messages/${id}`)).status).toBe(204);
    expect((await put(url, Buffer.alloc(UNIT), 0, 3 * MiB)).status).toBe(404);
  });
});

describe('draft and upload faults', () => {
  it('plays faults on createDraft, uploadSession, sendDraft and deleteDraft', async () => {
    const bearer = await token();
    emulator.fault({ route: 'createDraft', status: 503, body: 'busy' });
    expect((await graph('POST', '/messages', mail().message, bearer)).status).toBe(503);
    const id = await newDraft(bearer);
    emulator.fault({ route: 'uploadSession', status: 500 });
    const path = `/messages/${id}/attachments/createUploadSession`;
    const faulted = await graph('POST', path, itemOf(3 * MiB), bearer);
    expect(faulted.status).toBe(500);
    expect(faulted.headers['request-id']).toMatch(GUID);
    expect((await graph('POST', path, itemOf(3 * MiB), bearer)).status).toBe(201);
    emulator.drafts[0]!.uploads.length = 0;
    emulator.fault({ route: 'sendDraft', status: 429, retryAfter: '1' });
    expect((await graph('POST', `/messages/${id}/send`, undefined, bearer)).headers['retry-after']).toBe('1');
    emulator.fault({ route: 'deleteDraft', status: 500 });
    expect((await graph('DELETE', `/messages/${id}`, undefined, bearer)).status).toBe(500);
    expect((await graph('DELETE', `/messages/${id}`, undefined, bearer)).status).toBe(204);
  });

  it('fails one chunk with 503, drained, and takes it again', async () => {
    const file = randomBytes(3 * MiB + 1);
    const { url } = await openUpload(file.length);
    emulator.fault({ route: 'uploadChunk', status: 503, times: 1 });
    const chunk = file.subarray(0, 9 * UNIT);
    expect((await put(url, chunk, 0, file.length)).status).toBe(503);
    expect(emulator.drafts[0]!.uploads[0]!.received).toBe(0);
    expect((await put(url, chunk, 0, file.length)).status).toBe(200);
    expect((await put(url, file.subarray(9 * UNIT), 9 * UNIT, file.length)).status).toBe(201);
    expect(emulator.drafts[0]!.attachments[0]!.sha256).toBe(sha256(file));
  });

  it('plays a lastRange fault only on the PUT of the last range, which then stays unstored', async () => {
    const file = randomBytes(3 * MiB);
    const { url } = await openUpload(file.length);
    emulator.fault({ route: 'uploadChunk', lastRange: true, status: 200, body: { nextExpectedRanges: ['0'] } });
    expect((await put(url, file.subarray(0, 8 * UNIT), 0, file.length)).status).toBe(200);
    const faulted = await put(url, file.subarray(8 * UNIT), 8 * UNIT, file.length);
    expect(faulted.status).toBe(200);
    expect(emulator.drafts[0]!.uploads[0]!.received).toBe(8 * UNIT);
    expect((await put(url, file.subarray(8 * UNIT), 8 * UNIT, file.length)).status).toBe(201);
    expect(() => emulator.fault({ route: 'sendMail', lastRange: true })).toThrow(/only for uploadChunk/);
  });

  it('plays faults on the GET of an upload session', async () => {
    const { url } = await openUpload(3 * MiB);
    emulator.fault({ route: 'uploadStatus', status: 405 });
    expect((await call(url)).status).toBe(405);
    expect((await call(url)).status).toBe(200);
  });

  it('resets the connection mid-upload; the session resumes where GET says', async () => {
    const file = randomBytes(3 * MiB);
    const { url } = await openUpload(file.length);
    expect((await put(url, file.subarray(0, 4 * UNIT), 0, file.length)).status).toBe(200);
    emulator.fault({ route: 'uploadChunk', reset: true });
    await expect(put(url, file.subarray(4 * UNIT, 8 * UNIT), 4 * UNIT, file.length)).rejects.toThrow(
      /socket hang up|ECONNRESET|EPIPE/,
    );
    expect((await call(url)).json.nextExpectedRanges).toEqual([`${4 * UNIT}`]);
    expect((await put(url, file.subarray(4 * UNIT), 4 * UNIT, file.length)).status).toBe(201);
    expect(emulator.drafts[0]!.attachments[0]!.sha256).toBe(sha256(file));
  });
});

describe('firewall', () => {
  function statusFrom(localAddress: string, url: string): Promise<number> {
    return new Promise((resolve, reject) => {
      request(url, { ca, agent: false, localAddress }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on('error', reject)
        .end();
    });
  }

  it('lets requests to the listed services in only from allowOnly, and reset() opens it again', async () => {
    emulator.firewall.allowOnly = '127.0.0.2';
    emulator.firewall.services = ['graph'];
    const url = `${emulator.graphEndpoint}/v1.0/users/${DEFAULTS.sender}/sendMail`;
    const refused = await call(url, { method: 'POST', body: '{}' });
    expect(refused.status).toBe(403);
    expect(refused.json.error).toEqual({
      code: 'NotThroughProxy',
      message: 'Only 127.0.0.2 (the proxy) may reach this host; this request came from 127.0.0.1.',
    });
    expect(await statusFrom('127.0.0.2', url)).not.toBe(403);
    expect(await statusFrom('127.0.0.1', `${emulator.authorityHost}/common/discovery/instance`)).not.toBe(403);
    emulator.reset();
    expect(emulator.firewall).toEqual({ services: [] });
    expect(await statusFrom('127.0.0.1', url)).not.toBe(403);
  });
});

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs a script under Node 24 the way the action runs: a fresh process trusting the CA through the environment. */
function runClient(script: string, env: Record<string, string>): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      'node_modules/.bin/node',
      ['--input-type=module', '-e', script],
      {
        env: { ...process.env, NODE_EXTRA_CA_CERTS: emulator.caFile, ...env },
        timeout: 20_000,
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
    );
  });
}

describe('real clients', () => {
  const credentialScript = `
    import { ClientSecretCredential } from '@azure/identity';
    const { TENANT, CLIENT, SECRET, AUTHORITY, GRAPH } = process.env;
    const credential = new ClientSecretCredential(TENANT, CLIENT, SECRET, { authorityHost: AUTHORITY, disableInstanceDiscovery: true });
    try {
      const token = await credential.getToken(GRAPH + '/.default');
      console.log('token length', token.token.length);
    } catch (error) {
      console.log('failed', error.message);
      process.exitCode = 3;
    }`;
  const env = (secret: string) => ({
    TENANT: DEFAULTS.tenantId,
    CLIENT: DEFAULTS.clientId,
    SECRET: secret,
    AUTHORITY: emulator.authorityHost,
    GRAPH: emulator.graphEndpoint,
  });

  it('@azure/identity ClientSecretCredential gets a token', async () => {
    const { code, output } = await runClient(credentialScript, env(DEFAULTS.clientSecret));
    expect(output).toMatch(/^token length \d{3,}/);
    expect(code).toBe(0);
    expect(emulator.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      `GET /${DEFAULTS.tenantId}/v2.0/.well-known/openid-configuration 200`,
      `POST /${DEFAULTS.tenantId}/oauth2/v2.0/token 200`,
    ]);
  });

  it('@azure/identity reports AADSTS7000215 for a secret id', async () => {
    const { code, output } = await runClient(credentialScript, env(DEFAULTS.clientSecretId));
    expect(output).toContain('AADSTS7000215');
    expect(code).toBe(3);
  });

  it('@microsoft/microsoft-graph-client sends mail with a token from @azure/identity', async () => {
    const script = `
      import { ClientSecretCredential } from '@azure/identity';
      import { Client } from '@microsoft/microsoft-graph-client';
      const { TENANT, CLIENT, SECRET, AUTHORITY, GRAPH, SENDER } = process.env;
      const credential = new ClientSecretCredential(TENANT, CLIENT, SECRET, { authorityHost: AUTHORITY, disableInstanceDiscovery: true });
      const client = Client.init({
        baseUrl: GRAPH,
        customHosts: new Set([new URL(GRAPH).hostname]),
        authProvider: (done) => credential.getToken(GRAPH + '/.default').then((t) => done(null, t.token), (e) => done(e, null)),
      });
      const message = { subject: 'hello', body: { contentType: 'Text', content: 'hi' }, toRecipients: [{ emailAddress: { address: 'team@contoso.com' } }] };
      await client.api('/users/' + SENDER + '/sendMail').post({ message });
      try {
        await client.api('/users/unlicensed@contoso.com/sendMail').post({ message });
      } catch (error) {
        console.log(error.statusCode, error.code);
      }`;
    const { code, output } = await runClient(script, { ...env(DEFAULTS.clientSecret), SENDER: DEFAULTS.sender });
    expect(output.trim()).toBe('404 MailboxNotEnabledForRESTAPI');
    expect(code).toBe(0);
    expect(emulator.messages).toHaveLength(1);
    expect(emulator.messages[0]!.message).toMatchObject({ subject: 'hello' });
  });
});

describe('real clients with certificates and federation', () => {
  const options = '{ authorityHost: AUTHORITY, disableInstanceDiscovery: true }';
  const getToken = (credential: string) => `
    const { TENANT, CLIENT, AUTHORITY, GRAPH } = process.env;
    ${credential}
    try {
      const token = await credential.getToken(GRAPH + '/.default');
      console.log('token length', token.token.length);
    } catch (error) {
      console.log('failed', error.message);
      process.exitCode = 3;
    }`;
  const env = (extra: Record<string, string> = {}) => ({
    TENANT: DEFAULTS.tenantId,
    CLIENT: DEFAULTS.clientId,
    AUTHORITY: emulator.authorityHost,
    GRAPH: emulator.graphEndpoint,
    ...extra,
  });
  const issued = (grant: string) => [
    { clientId: DEFAULTS.clientId, grant, scope: `${emulator.graphEndpoint}/.default`, issued: true },
  ];

  it('@azure/identity ClientCertificateCredential gets a token with the PEM', async () => {
    const script =
      `import { ClientCertificateCredential } from '@azure/identity';` +
      getToken(
        `const credential = new ClientCertificateCredential(TENANT, CLIENT, { certificate: process.env.PEM }, ${options});`,
      );
    const { code, output } = await runClient(script, env({ PEM: emulator.clientCertificate.pem }));
    expect(output).toMatch(/^token length \d{3,}/);
    expect(code).toBe(0);
    expect(emulator.tokenRequests).toEqual(issued('certificate'));
  });

  it('@azure/identity ClientCertificateCredential gets a token with the encrypted PEM and its password', async () => {
    const script =
      `import { ClientCertificateCredential } from '@azure/identity';` +
      getToken(
        'const credential = new ClientCertificateCredential(TENANT, CLIENT, ' +
          `{ certificate: process.env.PEM, certificatePassword: process.env.PASSWORD }, ${options});`,
      );
    const { encryptedPem, password } = emulator.clientCertificate;
    const { code, output } = await runClient(script, env({ PEM: encryptedPem, PASSWORD: password }));
    expect(output).toMatch(/^token length \d{3,}/);
    expect(code).toBe(0);
    expect(emulator.tokenRequests).toEqual(issued('certificate'));
  });

  it('@azure/identity reports AADSTS700027 for a certificate the app does not hold', async () => {
    const stranger = await createClientCertificate('stranger');
    const script =
      `import { ClientCertificateCredential } from '@azure/identity';` +
      getToken(
        `const credential = new ClientCertificateCredential(TENANT, CLIENT, { certificate: process.env.PEM }, ${options});`,
      );
    const { code, output } = await runClient(script, env({ PEM: stranger.pem }));
    expect(output).toContain('AADSTS700027');
    expect(code).toBe(3);
  });

  it('@azure/identity ClientAssertionCredential exchanges an ID token from @actions/core', async () => {
    const script =
      `import { ClientAssertionCredential } from '@azure/identity';
      import { getIDToken } from '@actions/core';` +
      getToken(
        "const credential = new ClientAssertionCredential(TENANT, CLIENT, () => getIDToken('api://AzureADTokenExchange'), " +
          `${options});`,
      );
    const { code, output } = await runClient(
      script,
      env({
        ACTIONS_ID_TOKEN_REQUEST_URL: emulator.idTokenRequestUrl,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: emulator.idTokenRequestToken,
      }),
    );
    expect(output).toMatch(/token length \d{3,}/);
    expect(code).toBe(0);
    // MSAL may call for the assertion more than once per token; each call is one ID token request.
    const github = emulator.requests.filter((r) => r.service === 'github');
    expect(github.length).toBeGreaterThan(0);
    for (const record of github) {
      expect(record).toEqual({
        service: 'github',
        method: 'GET',
        status: 200,
        path: '/_apis/oidc/idtoken?api-version=2.0&audience=api%3A%2F%2FAzureADTokenExchange',
      });
    }
    expect(emulator.tokenRequests).toEqual(issued('federated'));
  });
});

describe('real clients: Octokit from @actions/github', () => {
  const jobsScript = (octokit: string) => `
    import { getOctokit } from '@actions/github';
    const octokit = ${octokit};
    try {
      const jobs = await octokit.paginate(octokit.rest.actions.listJobsForWorkflowRunAttempt, {
        owner: 'Codertocat', repo: 'Hello-World', run_id: Number(process.env.RUN_ID), attempt_number: 1, per_page: 3,
      });
      const failed = jobs.find((job) => job.conclusion === 'failure');
      const { data: annotations } = await octokit.rest.checks.listAnnotations({ owner: 'Codertocat', repo: 'Hello-World', check_run_id: failed.id });
      const { data: run } = await octokit.rest.actions.getWorkflowRun({ owner: 'Codertocat', repo: 'Hello-World', run_id: Number(process.env.RUN_ID) });
      const { data: runs } = await octokit.rest.actions.listWorkflowRuns({
        owner: 'Codertocat', repo: 'Hello-World', workflow_id: run.workflow_id, branch: run.head_branch, status: 'completed', per_page: 20,
      });
      console.log(JSON.stringify({
        jobs: jobs.map((job) => job.name), annotation: annotations[0].message, run: run.run_number,
        previous: runs.workflow_runs.map((r) => r.run_number + ' ' + r.conclusion),
      }));
    } catch (error) {
      console.log('failed', error.status, error.message);
      process.exitCode = 3;
    }`;
  const env = () => ({ TOKEN: DEFAULTS.githubToken, RUN_ID: String(DEFAULTS.runId), API: emulator.githubUrl });
  const expected = {
    jobs: ['build', 'test (ubuntu-latest)', 'lint', 'notify'],
    annotation: 'Expected 2 but received 3',
    run: 42,
    previous: ['41 success', '40 failure'],
  };

  it('getOctokit with baseUrl pages the jobs through the Link header and reads annotations and runs', async () => {
    const { code, output } = await runClient(
      jobsScript('getOctokit(process.env.TOKEN, { baseUrl: process.env.API })'),
      env(),
    );
    expect(code).toBe(0);
    expect(JSON.parse(output)).toEqual(expected);
    const jobsPaths = emulator.requests.map((r) => r.path).filter((p) => p.includes('/jobs'));
    expect(jobsPaths).toEqual([
      `${RUN}/attempts/1/jobs?per_page=3`,
      `/repositories/${DEFAULTS.repositoryId}/actions/runs/${DEFAULTS.runId}/attempts/1/jobs?per_page=3&page=2`,
    ]);
    expect(emulator.requests.every((r) => r.service === 'github' && r.status === 200)).toBe(true);
  });

  it('getOctokit follows GITHUB_API_URL by itself', async () => {
    const { code, output } = await runClient(jobsScript('getOctokit(process.env.TOKEN)'), {
      ...env(),
      GITHUB_API_URL: emulator.githubUrl,
    });
    expect(code).toBe(0);
    expect(JSON.parse(output)).toEqual(expected);
  });

  it('Octokit reports 403 for a token without actions: read', async () => {
    emulator.actions.tokens[DEFAULTS.githubToken]!.actions = 'none';
    const { code, output } = await runClient(
      jobsScript('getOctokit(process.env.TOKEN, { baseUrl: process.env.API })'),
      env(),
    );
    expect(output).toContain('failed 403 Resource not accessible by integration');
    expect(code).toBe(3);
  });
});
