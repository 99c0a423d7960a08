/**
 * The three ways to sign in (client secret, certificate, GitHub OIDC) and the clouds, end to end: dist/index.js
 * under Node 24 against the emulator's Entra ID, GitHub token service and Graph.
 */
import { describe, expect, it } from 'vitest';
import { examplePayload } from '../fixtures/github.ts';
import { DEFAULTS } from '../emulator/index.ts';
import { emulator, failure, received, run, useEmulator } from './harness.ts';

useEmulator();

/** Inputs and variables of a job with `permissions: id-token: write` and no stored secret. */
function oidc(inputs: Record<string, string> = {}) {
  return {
    inputs: { 'client-secret': '', ...inputs },
    env: {
      ACTIONS_ID_TOKEN_REQUEST_URL: emulator.idTokenRequestUrl,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: emulator.idTokenRequestToken,
    },
  };
}

/** The audiences the action asked GitHub's token service for. */
function requestedAudiences(): string[] {
  return emulator.requests
    .filter((r) => r.service === 'github' && r.path.startsWith('/_apis/oidc/idtoken'))
    .map((r) => new URL(r.path, emulator.githubUrl).searchParams.get('audience') ?? '');
}

/** Requests to Entra ID, Graph and GitHub's token service (the GitHub REST reads come before any of them). */
function signInRequests() {
  return emulator.requests.filter((r) => r.service !== 'github' || r.path.startsWith('/_apis/oidc/'));
}

/** PEM as users make it with `cat cert.pem key.pem`: certificate first, then the key. */
function certificateFirst(pem: string): string {
  const blocks = pem.match(/-----BEGIN [^-]+-----[\s\S]+?-----END [^-]+-----/g) ?? [];
  return [...blocks.filter((b) => b.includes('CERTIFICATE')), ...blocks.filter((b) => !b.includes('CERTIFICATE'))].join(
    '\n',
  );
}

function unmaskedOutput(stdout: string): string {
  return stdout
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
}

describe('client secret', () => {
  it('signs in with the secret and says so', async () => {
    const result = await run();
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `Signing in to ${emulator.authorityHost} as app ${DEFAULTS.clientId} with client secret.`,
    );
    expect(emulator.tokenRequests.map((t) => t.grant)).toEqual(['secret']);
  });
});

describe('certificate', () => {
  it('signs in with a PEM holding the certificate and then the key', async () => {
    const pem = certificateFirst(emulator.clientCertificate.pem);
    const result = await run({ inputs: { 'client-secret': '', 'client-certificate': pem } });
    expect(result.errors).toEqual([]);
    expect(result.code).toBe(0);
    expect(received().mailbox).toBe(DEFAULTS.sender);
    expect(emulator.tokenRequests.map((t) => t.grant)).toEqual(['certificate']);
    expect(result.stdout).toContain('with client certificate.');
    const keyLines = pem.split('\n').filter((l) => !l.startsWith('-----'));
    for (const line of keyLines) expect(unmaskedOutput(result.stdout)).not.toContain(line);
  });

  it('signs in with an encrypted key and its password', async () => {
    const { encryptedPem, password } = emulator.clientCertificate;
    const result = await run({
      inputs: { 'client-secret': '', 'client-certificate': encryptedPem, 'client-certificate-password': password },
    });
    expect(result.errors).toEqual([]);
    expect(result.code).toBe(0);
    expect(emulator.tokenRequests.map((t) => t.grant)).toEqual(['certificate']);
    expect(result.stdout).toContain(`::add-mask::${password}`);
  });

  it('AADSTS700027: a certificate the app does not know', async () => {
    emulator.directory.tenants[0].apps[0].keyCredentials = [];
    const line = await failure({
      inputs: { 'client-secret': '', 'client-certificate': emulator.clientCertificate.pem },
    });
    expect(line.replace(/ \(correlation id: [0-9a-f-]{36}\)$/, '')).toBe(
      `Sign-in to Entra ID failed (AADSTS700027): the certificate in 'client-certificate' is not registered on app ` +
        `${DEFAULTS.clientId}, or has expired. Upload its public part (the .cer/.pem without the key) under ` +
        'Certificates & secrets → Certificates.',
    );
  });

  it('refuses a secret and a certificate together, naming both', async () => {
    const line = await failure({ inputs: { 'client-certificate': emulator.clientCertificate.pem } });
    expect(line).toBe(
      "Inputs 'client-secret' and 'client-certificate' are both set: give only one (or neither, to sign in with " +
        'GitHub OIDC).',
    );
    expect(emulator.requests).toEqual([]);
  });
});

describe('GitHub OIDC', () => {
  it('exchanges the job token for a Graph token and logs the claims, never the token', async () => {
    const result = await run(oidc());
    expect(result.errors).toEqual([]);
    expect(result.code).toBe(0);
    expect(received().mailbox).toBe(DEFAULTS.sender);
    expect(requestedAudiences().every((a) => a === 'api://AzureADTokenExchange')).toBe(true);
    expect(requestedAudiences().length).toBeGreaterThan(0);
    expect(emulator.tokenRequests.map((t) => t.grant)).toEqual(['federated']);
    expect(result.stdout).toContain(
      `GitHub OIDC token: issuer https://token.actions.githubusercontent.com, subject ${DEFAULTS.federatedSubject}, ` +
        'audience api://AzureADTokenExchange',
    );
    const masks = result.stdout.split('\n').filter((l) => l.startsWith('::add-mask::ey'));
    expect(masks.length).toBeGreaterThan(0);
    for (const mask of masks) expect(unmaskedOutput(result.stdout)).not.toContain(mask.slice('::add-mask::'.length));
  });

  it('without id-token permission, says to add it, before any request', async () => {
    const line = await failure({ inputs: { 'client-secret': '' } });
    expect(line).toBe(
      "No credential: 'client-secret' and 'client-certificate' are empty, so the action signs in with GitHub OIDC, " +
        "but this job may not request an OIDC token. Add 'permissions: id-token: write' to the job (or the " +
        "workflow), or pass 'client-secret' or 'client-certificate'.",
    );
    expect(signInRequests()).toEqual([]);
  });

  it('AADSTS700213: a subject no federated credential has, shown so it can be registered', async () => {
    const subject = 'repo:Codertocat/Hello-World:environment:production';
    emulator.idTokenClaims.sub = subject;
    const line = await failure(oidc());
    expect(line.replace(/ \(correlation id: [0-9a-f-]{36}\)$/, '')).toBe(
      `Sign-in to Entra ID failed (AADSTS700213): no federated credential has the subject ${subject}. Add a ` +
        'federated credential with exactly this subject (issuer https://token.actions.githubusercontent.com, ' +
        'audience as logged above).',
    );
  });

  it('AADSTS7002138: a subject that differs only in letter case', async () => {
    emulator.idTokenClaims.sub = DEFAULTS.federatedSubject.toLowerCase();
    const line = await failure(oidc());
    expect(line.replace(/ \(correlation id: [0-9a-f-]{36}\)$/, '')).toBe(
      `Sign-in to Entra ID failed (AADSTS7002138): a federated credential has the subject ` +
        `${DEFAULTS.federatedSubject.toLowerCase()} only in other letter case, and Entra compares subjects ` +
        "case-sensitively. Change the credential's subject to exactly this text.",
    );
  });

  it('AADSTS700212: an audience the credential does not accept', async () => {
    const line = await failure(oidc({ 'oidc-audience': 'api://SomethingElse' }));
    expect(line.replace(/ \(correlation id: [0-9a-f-]{36}\)$/, '')).toBe(
      "Sign-in to Entra ID failed (AADSTS700212): no federated credential accepts the OIDC token's audience " +
        "api://SomethingElse. Set 'oidc-audience' to the credential's audience, or add this one to it.",
    );
  });

  it('a pull request from a fork gets its own message instead of a missing input', async () => {
    const payload = examplePayload('pull_request');
    payload.pull_request.head.repo.full_name = 'mallory/Hello-World';
    const line = await failure({ event: 'pull_request', payload, inputs: { 'client-secret': '' } });
    expect(line).toBe(
      'No credential: this run is a pull request from the fork mallory/Hello-World, and GitHub gives such runs ' +
        "neither secrets (so 'client-secret' is empty) nor OIDC tokens. Skip the step for forks, e.g. " +
        'if: github.event.pull_request.head.repo.full_name == github.repository.',
    );
    expect(signInRequests()).toEqual([]);
  });
});

describe('clouds', () => {
  const clouds: [string, string][] = [
    ['public', 'api://AzureADTokenExchange'],
    ['usgov', 'api://AzureADTokenExchangeUSGov'],
    ['usgov-dod', 'api://AzureADTokenExchangeUSGov'],
    ['china', 'api://AzureADTokenExchangeChina'],
  ];
  for (const [cloud, audience] of clouds) {
    it(`${cloud}: asks GitHub for ${audience} and Entra for the Graph host's scope`, async () => {
      emulator.directory.tenants[0].apps[0].federatedIdentityCredentials[0].audiences = [audience];
      const result = await run(oidc({ cloud }));
      expect(result.errors).toEqual([]);
      expect(result.code).toBe(0);
      expect(new Set(requestedAudiences())).toEqual(new Set([audience]));
      // The hosts are the emulator's (the overrides), so the scope follows graph-endpoint, as documented.
      expect(emulator.tokenRequests.map((t) => t.scope)).toEqual([`${emulator.graphEndpoint}/.default`]);
    });
  }

  it('a Graph host the tenant does not know (another cloud) is refused with the inputs to check', async () => {
    emulator.directory.resources = [DEFAULTS.publicGraphResource];
    const line = await failure({});
    expect(line.replace(/ \(correlation id: [0-9a-f-]{36}\)$/, '')).toBe(
      `Sign-in to Entra ID failed (AADSTS500011): the resource ${emulator.graphEndpoint} is not known in tenant ` +
        `${DEFAULTS.tenantId}. Check 'graph-endpoint' and that 'cloud' (or 'authority-host') matches the cloud ` +
        'the tenant lives in.',
    );
  });
});
