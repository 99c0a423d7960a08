import { createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from './index.ts';
import { call, claimsOf, emulator, fetchIdToken, GUID, idToken, useEmulator } from './testing.ts';

useEmulator();

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
