import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createClientCertificate, DEFAULTS } from './index.ts';
import { emulator, RUN, useEmulator } from './testing.ts';

useEmulator();

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
