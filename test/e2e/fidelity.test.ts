/**
 * The other way: where Microsoft's or GitHub's documentation (or what users report of the real service) differs
 * from what the emulator answers by default, or where no page settles it, the action must still work. Each test
 * scripts the documented (or reported) answer with a fault or a directory edit and runs dist/index.js against it.
 * The table in test/emulator/README.md ("Fidelity") names the page behind each case.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../emulator/index.ts';
import { emulator, failure, graphRefuses, received, requestsTo, run, useEmulator } from './harness.ts';

useEmulator();

const REQUEST_ID = / \(request-id: 0b1c2d3e-0000-4000-8000-0000000004\d\d\)$/;

describe('Graph refusals as the documentation and users show them', () => {
  it('an application access policy in the documented wording still points at the policy and the mailbox', async () => {
    // "Limiting application permissions to specific Exchange Online mailboxes" shows only this message.
    graphRefuses(403, 'ErrorAccessDenied', 'Access to OData is disabled.', '403');
    const line = await failure({});
    expect(line).toMatch(/^Graph sendMail failed \(403 ErrorAccessDenied\): /);
    expect(line).toMatch(REQUEST_ID);
    expect(line).toContain('application access policy');
    expect(line).toContain(`mailbox ${DEFAULTS.sender}`);
    expect(requestsTo('graph')).toBe(1);
  });

  it('MailboxNotEnabledForRESTAPI under another status and text gets the same advice', async () => {
    graphRefuses(403, 'MailboxNotEnabledForRESTAPI', 'REST API is not yet supported for this mailbox.', '403');
    const line = await failure({});
    expect(line).toBe(
      `Graph sendMail failed (403 MailboxNotEnabledForRESTAPI): mailbox ${DEFAULTS.sender} cannot be used through ` +
        'Graph: it has no Exchange Online licence, is inactive, or is hosted on-premises. License the user, or send ' +
        'from a shared mailbox (no licence needed). (request-id: 0b1c2d3e-0000-4000-8000-000000000403)',
    );
  });

  it('a request over 4 MB refused as 400 BadRequest (not 413) is one line naming the limit, not retried', async () => {
    // What users of the docs report Graph answers; the emulator answers 413 ErrorMessageSizeExceeded.
    graphRefuses(400, 'BadRequest', 'The maximum request length supported is 4MB.', '400');
    const line = await failure({});
    expect(line).toMatch(/^Graph sendMail failed \(400 BadRequest\): .*4 ?MB/);
    expect(line).toMatch(REQUEST_ID);
    expect(requestsTo('graph')).toBe(1);
  });
});

const MB = 1024 * 1024;
const CHUNK = 10 * 320 * 1024;

function largeFile(size: number): { dir: string; sha256: string } {
  const dir = mkdtempSync(join(tmpdir(), 'workspace-'));
  const bytes = randomBytes(size);
  writeFileSync(join(dir, 'build.zip'), bytes);
  return { dir, sha256: createHash('sha256').update(bytes).digest('hex') };
}

function uploads() {
  return emulator.requests.filter((r) => r.service === 'graph' && r.path.startsWith('/upload/'));
}

describe("Outlook's own spelling of the next range", () => {
  // "Attach large files to Outlook messages or events" shows `"nextExpectedRanges":["2097152"]` beside
  // `ExpirationDateTime`; "attachment: createUploadSession" spells it `"NextExpectedRanges":["2097152"]`. Both give
  // one start offset, with no `-`; the emulator answers OneDrive's `["{start}-"]`.
  const expiration = new Date(Date.now() + 86_400_000).toISOString();
  it.each([
    ['NextExpectedRanges, no dash', { ExpirationDateTime: expiration, NextExpectedRanges: [String(CHUNK)] }],
    ['nextExpectedRanges, no dash', { ExpirationDateTime: expiration, nextExpectedRanges: [String(CHUNK)] }],
  ])('%s: the upload resumes where the service says, and the file arrives whole', async (_name, body) => {
    const size = 5 * MB;
    const file = largeFile(size);
    // The first chunk is taken as usual; the answer to the second says the service still expects its start,
    // as after a chunk it did not keep.
    emulator.fault({ route: 'uploadChunk', delayMs: 1 });
    emulator.fault({ route: 'uploadChunk', status: 200, body });
    const result = await run({
      inputs: { attachments: 'build.zip', 'github-token': '' },
      env: { GITHUB_WORKSPACE: file.dir },
    });
    expect(result.errors).toEqual([]);
    expect(result.code).toBe(0);
    expect(received().attachments).toEqual([
      { name: 'build.zip', contentType: 'application/zip', size, sha256: file.sha256 },
    ]);
    // The last range answered without its 201: the session is asked where it stands (the GET), then the second
    // chunk is sent again, and never a range the service did not ask for.
    expect(uploads().map((r) => `${r.method} ${r.status}`)).toEqual(['PUT 200', 'PUT 200', 'GET 200', 'PUT 201']);
  });
});

describe('a cloud without upload sessions', () => {
  // "National cloud deployments" lists createUploadSession as missing in some national clouds; the emulator
  // serves it everywhere, so the refusal is scripted as Graph answers a segment it does not know.
  it('names the step that failed, shows what Graph said and deletes the draft', async () => {
    const file = largeFile(4 * MB);
    emulator.fault({
      route: 'uploadSession',
      status: 400,
      body: { error: { code: 'BadRequest', message: "Resource not found for the segment 'createUploadSession'." } },
    });
    const line = await failure({
      inputs: { attachments: 'build.zip', 'github-token': '' },
      env: { GITHUB_WORKSPACE: file.dir },
    });
    expect(line).toMatch(
      new RegExp(
        "^Graph createUploadSession failed \\(400 BadRequest\\): https://127\\.0\\.0\\.1:\\d+ did not open an upload session \\(Resource not found for the segment 'createUploadSession'\\.\\)\\. Graph in the US Government clouds has none: if the tenant is in one, set 'cloud' to usgov or usgov-dod, which keeps each attachment under 3 MB\\. \\(request-id: [0-9a-f-]{36}\\)$",
      ),
    );
    expect(emulator.drafts).toEqual([]);
    expect(emulator.deletedDrafts).toHaveLength(1);
    expect(uploads()).toEqual([]);
  });
});

/** Inputs and variables of a job with `permissions: id-token: write` and no stored secret. */
function oidc() {
  return {
    inputs: { 'client-secret': '' },
    env: {
      ACTIONS_ID_TOKEN_REQUEST_URL: emulator.idTokenRequestUrl,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: emulator.idTokenRequestToken,
    },
  };
}

describe("GitHub's immutable subject claim (repositories created after 15 July 2026)", () => {
  const immutable = 'repo:Codertocat@21031067/Hello-World@186853002:ref:refs/heads/master';

  it('signs in when the federated credential names the immutable subject, and logs it', async () => {
    emulator.idTokenClaims.sub = immutable;
    emulator.directory.tenants[0].apps[0].federatedIdentityCredentials[0].subject = immutable;
    const result = await run(oidc());
    expect(result.errors).toEqual([]);
    expect(result.code).toBe(0);
    expect(received().mailbox).toBe(DEFAULTS.sender);
    expect(result.stdout).toContain(`subject ${immutable}, audience api://AzureADTokenExchange`);
  });

  it('a credential still on the name-based subject: the line quotes the immutable one to register', async () => {
    emulator.idTokenClaims.sub = immutable;
    const line = await failure(oidc());
    expect(line.replace(/ \(correlation id: [0-9a-f-]{36}\)$/, '')).toBe(
      `Sign-in to Entra ID failed (AADSTS700213): no federated credential has the subject ${immutable}. Add a ` +
        'federated credential with exactly this subject (issuer https://token.actions.githubusercontent.com, ' +
        'audience as logged above).',
    );
  });
});

describe('GitHub REST rate limit answered 429 (the documentation allows 403 or 429)', () => {
  it('warns once and sends the mail without the jobs', async () => {
    emulator.fault({
      route: 'jobs',
      status: 429,
      body: {
        message: 'API rate limit exceeded for installation ID 41926385.',
        documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
      },
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600) },
      times: 5,
    });
    const result = await run({ jobStatus: 'failure' });
    expect(result.code).toBe(0);
    const warnings = result.stdout.split('\n').filter((line) => line.startsWith('::warning::'));
    expect(warnings).toEqual([
      "::warning::Could not read the run's jobs from the GitHub API (429 API rate limit exceeded for installation " +
        "ID 41926385.); the mail goes out without it. Give the job 'permissions: actions: read' (and checks: read " +
        'for annotations).',
    ]);
    expect(result.outputs.sent).toBe('true');
    expect(received().message.body.content).not.toContain('test (ubuntu-latest)');
  });
});
