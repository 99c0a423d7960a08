/**
 * The three ways to sign in (client secret, certificate, GitHub OIDC) and the clouds, end to end: dist/index.js
 * under Node 24 against the emulator's Entra ID, GitHub token service and Graph.
 */
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

/** The claims line the action logs for each ID token it describes. */
const CLAIMS_LINE = /^GitHub OIDC token: issuer /m;

function claimsLines(stdout: string): number {
  return stdout.split('\n').filter((line) => CLAIMS_LINE.test(line)).length;
}

/** An `exp` inside the action's renewal margin (60 s): every time the token is asked for, it is fetched again. */
function expiringSoon(): number {
  return Math.floor(Date.now() / 1000) + 30;
}

/** ID-token requests made for the sign-in: those before its one token request to Entra. */
function idTokenRequestsAtSignIn(): number {
  const tokenRequest = emulator.requests.findIndex((r) => r.service === 'login' && r.method === 'POST');
  return emulator.requests
    .slice(0, tokenRequest === -1 ? undefined : tokenRequest)
    .filter((r) => r.service === 'github' && r.path.startsWith('/_apis/oidc/idtoken')).length;
}

/** A workspace holding one file of `size` bytes (sparse: only its size matters). */
function workspaceWith(name: string, size: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'workspace-'));
  writeFileSync(join(dir, name), '');
  truncateSync(join(dir, name), size);
  return dir;
}

/** Requests to Entra ID, Graph and GitHub's token service (the GitHub REST reads come before any of them). */
function signInRequests() {
  // The logs host is GitHub's too: a failed job's log is read before signing in.
  return emulator.requests.filter(
    (r) => (r.service !== 'github' && r.service !== 'logs') || r.path.startsWith('/_apis/oidc/'),
  );
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

  it('asks GitHub for one ID token for a whole send through a draft and an upload, and logs its claims once', async () => {
    const dir = workspaceWith('build.zip', 3.5 * 1024 * 1024);
    const scenario = oidc({ attachments: 'build.zip', 'github-token': '' });
    const result = await run({ ...scenario, env: { ...scenario.env, GITHUB_WORKSPACE: dir } });
    expect(result.errors).toEqual([]);
    expect(result.code).toBe(0);
    expect(received().attachments.map((a) => a.name)).toEqual(['build.zip']);
    expect(emulator.requests.filter((r) => r.service === 'graph').map((r) => r.method)).toEqual(
      expect.arrayContaining(['POST', 'PUT']),
    );
    expect(requestedAudiences()).toEqual(['api://AzureADTokenExchange']);
    expect(emulator.tokenRequests.map((t) => t.grant)).toEqual(['federated']);
    expect(claimsLines(result.stdout)).toBe(1);
  });

  it('fetches the ID token again when it is about to expire, and still logs the claims once', async () => {
    emulator.idTokenClaims.exp = expiringSoon();
    const result = await run(oidc());
    expect(result.errors).toEqual([]);
    expect(result.code).toBe(0);
    expect(received().mailbox).toBe(DEFAULTS.sender);
    // Asked for at sign-in and again before sendMail, fetched anew each time since it expires within the margin.
    expect(requestedAudiences().length).toBeGreaterThan(idTokenRequestsAtSignIn());
    expect(idTokenRequestsAtSignIn()).toBeGreaterThan(0);
    expect(claimsLines(result.stdout)).toBe(1);
  });

  it('a renewal GitHub refuses during the send is told as the OIDC failure, not as Graph unreachable', async () => {
    emulator.idTokenClaims.exp = expiringSoon();
    await run(oidc());
    const atSignIn = idTokenRequestsAtSignIn();
    emulator.reset();
    emulator.idTokenClaims.exp = expiringSoon();
    // The sign-in's requests pass; every later one (a renewal) meets GitHub's 500.
    emulator.fault({ route: 'idToken', times: atSignIn });
    emulator.fault({ route: 'idToken', status: 500, body: { message: 'Internal error' }, times: 20 });
    const line = await failure(oidc());
    expect(line).toBe(
      'Could not get an OIDC token from GitHub (Error message: Failed to get ID Token. Error Code : 500 Error ' +
        "Message: Internal error). Check that the job has 'permissions: id-token: write'.",
    );
    expect(emulator.tokenRequests.map((t) => t.grant)).toEqual(['federated']);
    expect(emulator.requests.filter((r) => r.service === 'graph')).toEqual([]);
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
      'No credential: this pull_request run is for a pull request from the fork mallory/Hello-World, and GitHub ' +
        "gives such runs no secrets (so 'client-secret' is empty) and no OIDC token. Skip the step for forks, " +
        'e.g. if: github.event.pull_request.head.repo.full_name == github.repository, or mail from a ' +
        "workflow_run workflow, which runs with this repository's secrets.",
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
