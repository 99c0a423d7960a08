import { createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from './index.ts';
import { call, claimsOf, emulator, form, GUID, JWT_BEARER, postToken, token, useEmulator } from './testing.ts';

useEmulator();

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
