import { execFile } from 'node:child_process';
import { constants, createHash, createPrivateKey, createPublicKey, randomUUID, sign, verify, X509Certificate } from 'node:crypto';
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

async function send(payload: unknown, options: { user?: string; bearer?: string; headers?: Record<string, string> } = {}) {
  const bearer = options.bearer ?? (await token());
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return call(`${emulator.graphEndpoint}/v1.0/users/${options.user ?? DEFAULTS.sender}/sendMail`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...options.headers },
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
    expect(answer.json.error_description).toMatch(/\r\nTrace ID: [0-9a-f-]{36}\r\nCorrelation ID: corr-1\r\nTimestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
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
      roles: ['Mail.Send'],
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
    ['no grant_type', { grant_type: undefined }, undefined, 400, 'invalid_request', 900144,
      "The request body must contain the following parameter: 'grant_type'."],
    ['another grant', { grant_type: 'password' }, undefined, 400, 'unsupported_grant_type', 70003,
      "The app requested an unsupported grant type 'password'."],
    ['no client_id', { client_id: undefined }, undefined, 400, 'invalid_request', 900144,
      "The request body must contain the following parameter: 'client_id'."],
    ['unknown app', { client_id: '11111111-2222-4333-8444-555555555555' }, undefined, 400, 'unauthorized_client', 700016,
      "Application with identifier '11111111-2222-4333-8444-555555555555' was not found in the directory 'Contoso'. " +
      'This can happen if the application has not been installed by the administrator of the tenant or consented ' +
      'to by any user in the tenant. You may have sent your authentication request to the wrong tenant.'],
    ['secret id sent as secret', { client_secret: DEFAULTS.clientSecretId }, undefined, 401, 'invalid_client', 7000215,
      'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not ' +
      `the client secret ID, for a secret added to app '${DEFAULTS.clientId}'.`],
    ['wrong secret', { client_secret: 'not-the-secret' }, undefined, 401, 'invalid_client', 7000215, 'Invalid client secret provided.'],
    ['expired secret', { client_secret: DEFAULTS.expiredClientSecret }, undefined, 401, 'invalid_client', 7000222,
      `The provided client secret keys for app '${DEFAULTS.clientId}' are expired. Visit the Azure portal to create new keys for your app`],
    ['no secret', { client_secret: undefined }, undefined, 401, 'invalid_client', 7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'."],
    ['an assertion without its type', { client_secret: undefined, client_assertion: 'a.b.c' }, undefined, 400,
      'invalid_request', 90014, "The required field 'client_assertion_type' is missing from the credential."],
    ['an assertion that is not a JWT', { client_secret: undefined, client_assertion: 'a.b.c', client_assertion_type: JWT_BEARER },
      undefined, 400, 'invalid_request', 50027, 'JWT token is invalid or malformed.'],
    ['no scope', { scope: undefined }, undefined, 400, 'invalid_request', 900144,
      "The request body must contain the following parameter: 'scope'."],
    ['scope without /.default', { scope: 'Mail.Send' }, undefined, 400, 'invalid_scope', 1002012,
      'The provided value for scope Mail.Send is not valid. Client credential flows must have a scope value with /.default suffixed'],
    ['unknown resource', { scope: 'https://vault.example/.default' }, undefined, 400, 'invalid_resource', 500011,
      'The resource principal named https://vault.example was not found in the tenant named Contoso.'],
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
    expect(json.error_description).toContain(`\r\nTrace ID: ${json.trace_id}\r\nCorrelation ID: corr-2\r\nTimestamp: ${json.timestamp}`);
  });

  it('reads only form bodies and takes only POST', async () => {
    const json = await call(`${emulator.authorityHost}/${DEFAULTS.tenantId}/oauth2/v2.0/token`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(form),
    });
    expect(json.json.error_codes).toEqual([900144]);
    const get = await call(`${emulator.authorityHost}/${DEFAULTS.tenantId}/oauth2/v2.0/token`);
    expect(get.status).toBe(400);
    expect(get.json.error_description).toMatch(/^AADSTS900561: The endpoint only accepts POST requests\. Received a GET request\./);
  });
});

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A compact JWT signed RS256 or PS256 (salt as long as the hash), as MSAL and GitHub sign theirs. */
function signJwt(header: Record<string, string>, claims: object, key: KeyObject): string {
  const input = `${b64(header)}.${b64(claims)}`;
  const pss = header.alg === 'PS256' ? { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST } : {};
  return `${input}.${sign('sha256', Buffer.from(input), { key, ...pss }).toString('base64url')}`;
}

const tokenEndpoint = () => `${emulator.authorityHost}/${DEFAULTS.tenantId}/oauth2/v2.0/token`;
const assertionFields = (assertion: string) => ({ client_secret: undefined, client_assertion: assertion, client_assertion_type: JWT_BEARER });
const nowSeconds = () => Math.floor(Date.now() / 1000);

interface AssertionOptions {
  alg?: 'RS256' | 'PS256';
  claims?: Record<string, unknown>;
  /** Signs with this key instead of the certificate's own. */
  key?: KeyObject;
}

/** A client assertion as MSAL Node builds one: x5t with RS256, x5t#S256 with PS256. */
function certificateAssertion(certificate: ClientCertificate, { alg = 'RS256', claims = {}, key }: AssertionOptions = {}): string {
  const der = new X509Certificate(certificate.certificate).raw;
  const header: Record<string, string> = alg === 'PS256'
    ? { alg, typ: 'JWT', 'x5t#S256': createHash('sha256').update(der).digest('base64url') }
    : { alg, typ: 'JWT', x5t: createHash('sha1').update(der).digest('base64url') };
  const iat = nowSeconds();
  const payload = { aud: tokenEndpoint(), iss: DEFAULTS.clientId, sub: DEFAULTS.clientId, jti: randomUUID(), nbf: iat, exp: iat + 600, ...claims };
  return signJwt(header, payload, key ?? createPrivateKey(certificate.pem));
}

async function expectAadsts(answer: Answer, status: number, error: string, code: number, text: string) {
  expect(answer.status).toBe(status);
  expect(answer.json.error).toBe(error);
  expect(answer.json.error_codes).toEqual([code]);
  expect(answer.json.error_description.startsWith(`AADSTS${code}: ${text}`)).toBe(true);
  expect(answer.json.error_description).toMatch(/\r\nTrace ID: [0-9a-f-]{36}\r\nCorrelation ID: [^\r]+\r\nTimestamp: [^\r]+$/);
}

describe('certificate credentials', () => {
  let stranger: ClientCertificate;
  beforeAll(async () => {
    stranger = await createClientCertificate('stranger');
  });

  it('registers the emulator-made certificate on the default app with Graph field names', () => {
    const { clientCertificate } = emulator;
    expect(clientCertificate.pem).toMatch(/^-----BEGIN PRIVATE KEY-----\n[^]+-----BEGIN CERTIFICATE-----\n[^]+-----END CERTIFICATE-----\n$/);
    expect(clientCertificate.encryptedPem).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----\n[^]+-----BEGIN CERTIFICATE-----/);
    expect(createPrivateKey({ key: clientCertificate.encryptedPem, passphrase: clientCertificate.password }).asymmetricKeyType).toBe('rsa');
    const x509 = new X509Certificate(clientCertificate.certificate);
    expect(x509.subject).toBe('CN=ci-notify');
    expect(clientCertificate.thumbprint).toMatch(/^[0-9A-F]{40}$/);
    expect(emulator.directory.tenants[0]!.apps[0]!.keyCredentials).toEqual([{
      keyId: DEFAULTS.certificateKeyId,
      displayName: 'CN=ci-notify',
      type: 'AsymmetricX509Cert',
      usage: 'Verify',
      customKeyIdentifier: clientCertificate.thumbprint,
      key: clientCertificate.certificate,
      startDateTime: x509.validFromDate.toISOString(),
      endDateTime: x509.validToDate.toISOString(),
    }]);
  });

  it.each(['RS256', 'PS256'] as const)('accepts an assertion signed %s and records the grant and scope', async (alg) => {
    const answer = await postToken(assertionFields(certificateAssertion(emulator.clientCertificate, { alg })));
    expect(answer.status).toBe(200);
    expect(claimsOf(answer.json.access_token)).toMatchObject({ appid: DEFAULTS.clientId, aud: emulator.graphEndpoint, roles: ['Mail.Send'] });
    expect(emulator.tokenRequests).toEqual([
      { clientId: DEFAULTS.clientId, grant: 'certificate', scope: `${emulator.graphEndpoint}/.default`, issued: true },
    ]);
  });

  it('answers AADSTS700027 naming the thumbprint of an unregistered certificate', async () => {
    const answer = await postToken(assertionFields(certificateAssertion(stranger)));
    await expectAadsts(answer, 401, 'invalid_client', 700027,
      'The certificate with identifier used to sign the client assertion is not registered on application. ' +
      `[Reason - The key was not found., Thumbprint of key used by client: '${stranger.thumbprint}', ` +
      `Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${DEFAULTS.clientId}'.`);
    expect(emulator.tokenRequests).toEqual([expect.objectContaining({ grant: 'certificate', issued: false })]);
  });

  it('takes a certificate once it is registered', async () => {
    const x509 = new X509Certificate(stranger.certificate);
    emulator.directory.tenants[0]!.apps[0]!.keyCredentials.push({
      keyId: randomUUID(), displayName: 'CN=stranger', type: 'AsymmetricX509Cert', usage: 'Verify',
      customKeyIdentifier: stranger.thumbprint, key: stranger.certificate,
      startDateTime: x509.validFromDate.toISOString(), endDateTime: x509.validToDate.toISOString(),
    });
    expect((await postToken(assertionFields(certificateAssertion(stranger, { alg: 'PS256' })))).status).toBe(200);
  });

  it('answers AADSTS700027 for a signature the certificate does not verify', async () => {
    const forged = certificateAssertion(emulator.clientCertificate, { key: createPrivateKey(stranger.pem) });
    await expectAadsts(await postToken(assertionFields(forged)), 401, 'invalid_client', 700027,
      'Client assertion contains an invalid signature.');
  });

  it('answers AADSTS700027 for an expired key', async () => {
    emulator.directory.tenants[0]!.apps[0]!.keyCredentials[0]!.endDateTime = '2024-01-31T00:00:00Z';
    const answer = await postToken(assertionFields(certificateAssertion(emulator.clientCertificate)));
    await expectAadsts(answer, 401, 'invalid_client', 700027,
      'Client assertion contains an invalid signature. [Reason - Key was found, but the key is expired., ' +
      `Thumbprint of key used by client: '${emulator.clientCertificate.thumbprint}', Found key 'Start=`);
    expect(answer.json.error_description).toContain('End=01/31/2024 00:00:00');
  });

  it('answers AADSTS700024 for an expired assertion', async () => {
    const exp = nowSeconds() - 60;
    const answer = await postToken(assertionFields(certificateAssertion(emulator.clientCertificate, { claims: { nbf: exp - 600, exp } })));
    await expectAadsts(answer, 401, 'invalid_client', 700024, 'Client assertion is not within its valid time range. Current time: ');
    expect(answer.json.error_description).toContain(`expiry time of assertion ${new Date(exp * 1000).toISOString().replace('Z', '0000Z')}.`);
  });

  it('answers AADSTS700021 when iss or sub is not the client id', async () => {
    for (const claims of [{ iss: DEFAULTS.tenantId }, { sub: 'someone' }]) {
      await expectAadsts(await postToken(assertionFields(certificateAssertion(emulator.clientCertificate, { claims }))),
        401, 'invalid_client', 700021, "Client assertion application identifier doesn't match 'client_id' parameter.");
    }
  });

  it('answers AADSTS50012 when aud is not the token endpoint, and takes the v1 endpoint and tenant domain', async () => {
    const wrong = certificateAssertion(emulator.clientCertificate, { claims: { aud: `${emulator.authorityHost}/common/oauth2/v2.0/token` } });
    await expectAadsts(await postToken(assertionFields(wrong)), 401, 'invalid_client', 50012,
      'Client assertion audience claim does not match Realm issuer.');
    const v1 = certificateAssertion(emulator.clientCertificate, { claims: { aud: `${emulator.authorityHost}/${DEFAULTS.tenantId}/oauth2/token` } });
    expect((await postToken(assertionFields(v1))).status).toBe(200);
    const byDomain = certificateAssertion(emulator.clientCertificate, { claims: { aud: `${emulator.authorityHost}/contoso.com/oauth2/v2.0/token` } });
    expect((await postToken(assertionFields(byDomain), 'contoso.com')).status).toBe(200);
  });
});

/** Asks the GitHub listener for an ID token as @actions/core does. */
function fetchIdToken(audience?: string, bearer: string | null = emulator.idTokenRequestToken) {
  const url = audience === undefined ? emulator.idTokenRequestUrl : `${emulator.idTokenRequestUrl}&audience=${encodeURIComponent(audience)}`;
  return call(url, { headers: { accept: 'application/json', ...(bearer === null ? {} : { authorization: `Bearer ${bearer}` }) } });
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
    for (const name of ['sha', 'workflow', 'job_workflow_ref', 'run_id', 'run_attempt']) expect(typeof claims[name]).toBe('string');
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
    expect(discovery.json).toMatchObject({ issuer: 'https://token.actions.githubusercontent.com', jwks_uri: `${emulator.githubUrl}/.well-known/jwks` });
    const keys = (await call(discovery.json.jwks_uri)).json.keys;
    const key = createPublicKey({ key: keys.find((k: { kid: string }) => k.kid === kid), format: 'jwk' });
    expect(verify('sha256', Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, 'base64url'))).toBe(true);
  });

  it('takes its claims from idTokenClaims, which reset restores', async () => {
    const claims = emulator.idTokenClaims;
    claims.environment = 'production';
    claims.sub = 'repo:Codertocat/Hello-World:environment:production';
    expect(claimsOf(await idToken())).toMatchObject({ environment: 'production', sub: 'repo:Codertocat/Hello-World:environment:production' });
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

describe('federated credentials', () => {
  const docs = 'https://learn.microsoft.com/entra/workload-id/workload-identity-federation';
  const federatedCredential = () => emulator.directory.tenants[0]!.apps[0]!.federatedIdentityCredentials[0]!;

  it('gives the default app a credential trusting the default branch of the sample repository', () => {
    expect(emulator.directory.tenants[0]!.apps[0]!.federatedIdentityCredentials).toEqual([expect.objectContaining({
      name: DEFAULTS.federatedCredentialName,
      issuer: 'https://token.actions.githubusercontent.com',
      subject: DEFAULTS.federatedSubject,
      audiences: ['api://AzureADTokenExchange'],
    })]);
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
    await expectAadsts(await postToken(assertionFields(await idToken())), 401, 'invalid_client', 700211,
      "No matching federated identity record found for presented assertion issuer 'https://token.actions.githubusercontent.com'. " +
      `Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. ${docs}\r\n`);
  });

  it('answers AADSTS700213 for another subject', async () => {
    emulator.idTokenClaims.sub = 'repo:Codertocat/Hello-World:pull_request';
    await expectAadsts(await postToken(assertionFields(await idToken())), 401, 'invalid_client', 700213,
      "No matching federated identity record found for presented assertion subject 'repo:Codertocat/Hello-World:pull_request'. " +
      `Check your federated identity credential Subject, Audience and Issuer against the presented assertion. ${docs}\r\n`);
  });

  it('answers AADSTS7002138 for a subject that differs only in case', async () => {
    emulator.idTokenClaims.sub = DEFAULTS.federatedSubject.toLowerCase();
    await expectAadsts(await postToken(assertionFields(await idToken())), 401, 'invalid_client', 7002138,
      `No matching federated identity record found for presented assertion subject '${DEFAULTS.federatedSubject.toLowerCase()}'. ` +
      'The subject matches with case-insensitive comparison, but not with case-sensitive comparison. ' +
      `Check your federated identity credential Subject, Audience and Issuer against the presented assertion. ${docs}\r\n`);
  });

  it('answers AADSTS700212 for an audience the credential does not list', async () => {
    await expectAadsts(await postToken(assertionFields(await idToken('api://other'))), 401, 'invalid_client', 700212,
      "No matching federated identity record found for presented assertion audience 'api://other'. " +
      `Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. ${docs}\r\n`);
  });

  it('answers AADSTS50027 for a token GitHub did not sign', async () => {
    const genuine = await idToken();
    const header = JSON.parse(Buffer.from(genuine.split('.')[0]!, 'base64url').toString());
    const forged = signJwt(header, claimsOf(genuine), createPrivateKey(emulator.clientCertificate.pem));
    await expectAadsts(await postToken(assertionFields(forged)), 400, 'invalid_request', 50027,
      "Invalid JWT token. The token signature could not be verified with the signing keys of issuer 'https://token.actions.githubusercontent.com'.");
  });

  it('answers AADSTS700024 for a GitHub token past its five minutes', async () => {
    const token = await idToken();
    // The emulator runs in this process, so moving the clock moves Entra's clock.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 301_000 });
    try {
      await expectAadsts(await postToken(assertionFields(token)), 401, 'invalid_client', 700024,
        'Client assertion is not within its valid time range.');
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
      { mailbox: DEFAULTS.sender, message: mail().message, saveToSentItems: true, requestId: answer.headers['request-id'] },
    ]);
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
    expect(answer.json.error.innerError).toMatchObject({ 'request-id': requestId, 'client-request-id': answer.headers['client-request-id'] });
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
    await expectGraphError(await send(mail(), { bearer: tampered }), 401, 'InvalidAuthenticationToken', 'Access token validation failure.');
    await expectGraphError(await send(mail(), { bearer: 'not-a-jwt' }), 401, 'InvalidAuthenticationToken', 'Access token validation failure.');
  });

  it('refuses an expired token', async () => {
    emulator.directory.tokenLifetimeSeconds = 0;
    await expectGraphError(await send(mail()), 401, 'InvalidAuthenticationToken', 'Lifetime validation failed, the token is expired.');
  });

  it('refuses a token for another Graph (wrong cloud)', async () => {
    const bearer = await token({ scope: `${DEFAULTS.publicGraphResource}/.default` });
    await expectGraphError(await send(mail(), { bearer }), 401, 'InvalidAuthenticationToken',
      'Access token validation failure. Invalid audience.');
  });

  it('refuses a token without Mail.Send, before looking at the mailbox', async () => {
    emulator.directory.tenants[0]!.apps[0]!.roles = ['User.Read.All'];
    await expectGraphError(await send(mail(), { user: 'nobody@contoso.com' }), 403, 'ErrorAccessDenied',
      'Access is denied. Check credentials and try again.');
  });

  it('answers ErrorInvalidUser for an unknown mailbox', async () => {
    await expectGraphError(await send(mail(), { user: 'nobody@contoso.com' }), 404, 'ErrorInvalidUser',
      "The requested user 'nobody@contoso.com' is invalid.");
  });

  it('answers the RAOP denial for a mailbox an access policy keeps from the app, before reading the body', async () => {
    await expectGraphError(await send('{not json', { user: DEFAULTS.restrictedMailbox }), 403, 'ErrorAccessDenied',
      'Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings.');
  });

  it('applies a RestrictAccess policy to every mailbox outside its list', async () => {
    emulator.directory.tenants[0]!.accessPolicies = [
      { appId: DEFAULTS.clientId, accessRight: 'RestrictAccess', mailboxes: [DEFAULTS.restrictedMailbox] },
    ];
    expect((await send(mail(), { user: DEFAULTS.sender })).json.error.message).toMatch(/\[RAOP\]/);
    expect((await send(mail(), { user: DEFAULTS.restrictedMailbox })).status).toBe(202);
  });

  it('answers MailboxNotEnabledForRESTAPI for an unlicensed mailbox, before reading the body', async () => {
    await expectGraphError(await send('{}', { user: DEFAULTS.unlicensedMailbox }), 404, 'MailboxNotEnabledForRESTAPI',
      'The mailbox is either inactive, soft-deleted, or is hosted on-premise.');
  });

  it.each([
    ['malformed JSON', '{"message":', 'RequestBodyRead', /^Unable to read JSON request payload\./],
    ['a body that is not an object', '[]', 'RequestBodyRead', 'The request body must be a JSON object.'],
    ['no message', '{"saveToSentItems":true}', 'ErrorInvalidRequest', "The request is missing the required parameter 'message'."],
    ['an unknown parameter', JSON.stringify({ ...mail(), save: true }), 'RequestBodyRead',
      "The parameter 'save' in the request payload is not a valid parameter for the operation 'sendMail'."],
    ['a non-boolean saveToSentItems', JSON.stringify({ ...mail(), saveToSentItems: 'yes' }), 'RequestBodyRead',
      "Property 'saveToSentItems' must be a boolean."],
    ['a numeric subject', JSON.stringify(mail({ subject: 42 })), 'RequestBodyRead', "Property 'message.subject' must be a string."],
    ['an unknown body type', JSON.stringify(mail({ body: { contentType: 'markdown', content: '#' } })), 'RequestBodyRead',
      /^Property 'message\.body\.contentType' has the invalid value "markdown"/],
    ['recipients that are not an array', JSON.stringify(mail({ toRecipients: 'a@b.com' })), 'RequestBodyRead',
      "Property 'message.toRecipients' must be an array."],
    ['a recipient without emailAddress', JSON.stringify(mail({ ccRecipients: [{ address: 'a@b.com' }] })), 'RequestBodyRead',
      "Property 'message.ccRecipients[0].emailAddress' is required."],
    ['an unknown message property', JSON.stringify(mail({ toRecipient: [] })), 'RequestBodyRead',
      /^The property 'toRecipient' does not exist on type 'microsoft\.graph\.message'\./],
    ['an unknown importance', JSON.stringify(mail({ importance: 'urgent' })), 'RequestBodyRead',
      /^Property 'message\.importance' has the invalid value "urgent"/],
    ['no recipients', JSON.stringify(mail({ toRecipients: [] })), 'ErrorInvalidRecipients',
      "At least one recipient isn't valid., A message can't be sent because it contains no recipients."],
    ['a display name in the address', JSON.stringify(mail({ toRecipients: [{ emailAddress: { address: 'Jane <jane@contoso.com>' } }] })),
      'ErrorInvalidRecipients', /^At least one recipient isn't valid\., Recipient 'Jane <jane@contoso\.com>' is not resolved\./],
    ['a bad reply-to address', JSON.stringify(mail({ replyTo: [{ emailAddress: { address: 'nobody' } }] })),
      'ErrorInvalidRecipients', /Recipient 'nobody' is not resolved/],
    ['a header without X-', JSON.stringify(mail({ internetMessageHeaders: [{ name: 'Run', value: '1' }] })),
      'InvalidInternetMessageHeader', "The internet message header name 'Run' should start with 'x-' or 'X-'."],
    ['six headers', JSON.stringify(mail({ internetMessageHeaders: Array.from({ length: 6 }, (_, i) => ({ name: `X-H${i}`, value: 'v' })) })),
      'InvalidInternetMessageHeaderCollection', 'Maximum number of headers in one message should be less than or equal to 5.'],
  ])('answers 400 for %s', async (_name, body, code, message) => {
    await expectGraphError(await send(body), 400, code, message);
  });

  it('answers ErrorTooManyRecipients above 500 recipients across to, cc and bcc', async () => {
    const list = (n: number, p: string) => Array.from({ length: n }, (_, i) => ({ emailAddress: { address: `${p}${i}@example.com` } }));
    const body = mail({ toRecipients: list(200, 't'), ccRecipients: list(200, 'c'), bccRecipients: list(101, 'b') });
    await expectGraphError(await send(body), 400, 'ErrorTooManyRecipients', /501 recipients; at most 500/);
  });

  it('answers 413 ErrorMessageSizeExceeded above 4 MB', async () => {
    const base = JSON.stringify(mail({ subject: '' }));
    const body = JSON.stringify(mail({ subject: 'x'.repeat(4 * 1024 * 1024 - base.length + 1) }));
    await expectGraphError(await send(body), 413, 'ErrorMessageSizeExceeded', /at most 4194304 bytes/);
  });

  it('answers ErrorSendAsDenied for a From the mailbox may not send as', async () => {
    await expectGraphError(await send(mail({ from: { emailAddress: { address: 'ceo@contoso.com' } } })), 403, 'ErrorSendAsDenied',
      'The user account which was used to submit this request does not have the right to send mail on behalf of the ' +
      'specified sending account., Cannot submit message.');
  });

  it('refuses /me for an app-only token', async () => {
    const answer = await call(`${emulator.graphEndpoint}/v1.0/me/sendMail`, {
      method: 'POST', headers: { authorization: `Bearer ${await token()}` }, body: JSON.stringify(mail()),
    });
    await expectGraphError(answer, 400, 'BadRequest', '/me request is only valid with delegated authentication flow.');
  });
});

describe('faults', () => {
  const sendMailPath = `/v1.0/users/${DEFAULTS.sender}/sendMail`;
  const graphStatuses = () => emulator.requests.filter((r) => r.service === 'graph').map((r) => r.status);

  it('answers a scripted status with Retry-After and Graph request ids, then resumes', async () => {
    emulator.fault({ route: 'sendMail', status: 429, retryAfter: '7', body: { error: { code: 'TooManyRequests', message: 'slow down' } } });
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
        const req = request(`${own.authorityHost}/${DEFAULTS.tenantId}/oauth2/v2.0/token`, {
          method: 'POST', ca: readFileSync(own.caFile), agent: false,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        }, resolve);
        req.on('error', reject);
        req.end('grant_type=client_credentials');
      });
      const outcome = await Promise.race([pending.then(() => 'answered', () => 'failed'), delay(300).then(() => 'pending')]);
      expect(outcome).toBe('pending');
      expect(own.requests).toEqual([{ service: 'login', method: 'POST', path: `/${DEFAULTS.tenantId}/oauth2/v2.0/token`, status: 0 }]);
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
    expect(directory.tenants[0]!.apps[0]!.roles).toEqual(['Mail.Send']);
    expect(directory.tokenLifetimeSeconds).toBe(3599);
    expect(emulator.requests).toEqual([]);
    expect((await send(mail())).status).toBe(202);
    expect(emulator.messages).toHaveLength(1);
  });
});

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs a script under Node 24 the way the action runs: a fresh process trusting the CA through the environment. */
function runClient(script: string, env: Record<string, string>): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile('node_modules/.bin/node', ['--input-type=module', '-e', script], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: emulator.caFile, ...env },
      timeout: 20_000,
    }, (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }));
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
    TENANT: DEFAULTS.tenantId, CLIENT: DEFAULTS.clientId, SECRET: secret,
    AUTHORITY: emulator.authorityHost, GRAPH: emulator.graphEndpoint,
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
    TENANT: DEFAULTS.tenantId, CLIENT: DEFAULTS.clientId, AUTHORITY: emulator.authorityHost, GRAPH: emulator.graphEndpoint, ...extra,
  });
  const issued = (grant: string) => [{ clientId: DEFAULTS.clientId, grant, scope: `${emulator.graphEndpoint}/.default`, issued: true }];

  it('@azure/identity ClientCertificateCredential gets a token with the PEM', async () => {
    const script = `import { ClientCertificateCredential } from '@azure/identity';` + getToken(
      `const credential = new ClientCertificateCredential(TENANT, CLIENT, { certificate: process.env.PEM }, ${options});`);
    const { code, output } = await runClient(script, env({ PEM: emulator.clientCertificate.pem }));
    expect(output).toMatch(/^token length \d{3,}/);
    expect(code).toBe(0);
    expect(emulator.tokenRequests).toEqual(issued('certificate'));
  });

  it('@azure/identity ClientCertificateCredential gets a token with the encrypted PEM and its password', async () => {
    const script = `import { ClientCertificateCredential } from '@azure/identity';` + getToken(
      'const credential = new ClientCertificateCredential(TENANT, CLIENT, ' +
      `{ certificate: process.env.PEM, certificatePassword: process.env.PASSWORD }, ${options});`);
    const { encryptedPem, password } = emulator.clientCertificate;
    const { code, output } = await runClient(script, env({ PEM: encryptedPem, PASSWORD: password }));
    expect(output).toMatch(/^token length \d{3,}/);
    expect(code).toBe(0);
    expect(emulator.tokenRequests).toEqual(issued('certificate'));
  });

  it('@azure/identity reports AADSTS700027 for a certificate the app does not hold', async () => {
    const stranger = await createClientCertificate('stranger');
    const script = `import { ClientCertificateCredential } from '@azure/identity';` + getToken(
      `const credential = new ClientCertificateCredential(TENANT, CLIENT, { certificate: process.env.PEM }, ${options});`);
    const { code, output } = await runClient(script, env({ PEM: stranger.pem }));
    expect(output).toContain('AADSTS700027');
    expect(code).toBe(3);
  });

  it('@azure/identity ClientAssertionCredential exchanges an ID token from @actions/core', async () => {
    const script = `import { ClientAssertionCredential } from '@azure/identity';
      import { getIDToken } from '@actions/core';` + getToken(
      'const credential = new ClientAssertionCredential(TENANT, CLIENT, () => getIDToken(\'api://AzureADTokenExchange\'), ' +
      `${options});`);
    const { code, output } = await runClient(script, env({
      ACTIONS_ID_TOKEN_REQUEST_URL: emulator.idTokenRequestUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: emulator.idTokenRequestToken,
    }));
    expect(output).toMatch(/token length \d{3,}/);
    expect(code).toBe(0);
    // MSAL may call for the assertion more than once per token; each call is one ID token request.
    const github = emulator.requests.filter((r) => r.service === 'github');
    expect(github.length).toBeGreaterThan(0);
    for (const record of github) {
      expect(record).toEqual({
        service: 'github', method: 'GET', status: 200,
        path: '/_apis/oidc/idtoken?api-version=2.0&audience=api%3A%2F%2FAzureADTokenExchange',
      });
    }
    expect(emulator.tokenRequests).toEqual(issued('federated'));
  });
});
