/**
 * The bundled action (dist/index.js) run as the runner runs it, under Node 24, against the emulator: what Graph
 * receives, the exit code, the outputs, the summary and the one error line.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAction } from '../fixtures/action.ts';
import { examplePayload, githubEnv } from '../fixtures/github.ts';
import { DEFAULTS } from '../emulator/index.ts';
import { closedPort, emulator, failure, graphRefuses, received, requestsTo, run, useEmulator } from './harness.ts';
import { TEAM } from '../fixtures/emulated.ts';

useEmulator();

describe('a build notification reaches Graph', () => {
  it('sends the default notification of a push and reports 202', async () => {
    const payload = examplePayload('push');
    const result = await run({ payload });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);

    const sent = received();
    const branch = String(payload.ref).replace('refs/heads/', '');
    const subject = `✅ SUCCESS · ${payload.repository.full_name} · CI #42 · ${branch}`;
    expect(sent.mailbox).toBe(DEFAULTS.sender);
    expect(sent.saveToSentItems).toBe(true);
    expect(sent.message).toMatchObject({
      subject,
      body: { contentType: 'html' },
      importance: 'normal',
      toRecipients: [
        { emailAddress: { address: 'team@contoso.com' } },
        { emailAddress: { address: 'jane@contoso.com', name: 'Jane Doe' } },
      ],
    });
    expect(Object.keys(sent.message).sort()).toEqual([
      'body',
      'importance',
      'internetMessageHeaders',
      'subject',
      'toRecipients',
    ]);
    const html: string = sent.message.body.content;
    const sha: string = payload.head_commit.id;
    expect(html).toContain(`https://github.com/${payload.repository.full_name}/actions/runs/1658821493`);
    expect(html).toContain(`https://github.com/${payload.repository.full_name}/commit/${sha}`);
    expect(html).toContain(sha.slice(0, 7));
    expect(html).not.toMatch(/<script/i);

    expect(result.outputs).toEqual({
      sent: 'true',
      'status-code': '202',
      'request-id': sent.requestId,
      recipients: '2',
      subject,
      'html-file': '',
      'tests-total': '',
      'tests-passed': '',
      'tests-failed': '',
      'tests-skipped': '',
    });
    expect(result.summary).toContain('Notification sent');
    expect(result.summary).toContain(sent.requestId);
    expect(result.errors).toEqual([]);
    // openid-configuration and one token, then exactly one sendMail.
    expect(requestsTo('login')).toBe(2);
    expect(requestsTo('graph')).toBe(1);
  });

  it('sends every option of a pull request failure as Graph expects it', async () => {
    const payload = examplePayload('pull_request');
    const result = await run({
      event: 'pull_request',
      payload,
      jobStatus: 'failure',
      inputs: {
        from: `Build Alerts <${DEFAULTS.sendAsAddress}>`,
        to: 'dev@contoso.com',
        cc: 'lead@contoso.com; qa@contoso.com',
        bcc: 'audit@contoso.com\narchive@contoso.com',
        'reply-to': 'Team <team@contoso.com>',
        'body-format': 'text',
        importance: 'high',
        'save-to-sent-items': 'false',
      },
    });
    expect(result.code).toBe(0);
    const sent = received();
    const address = (a: string) => ({ emailAddress: { address: a } });
    expect(sent.saveToSentItems).toBe(false);
    expect(sent.message).toMatchObject({
      subject: `❌ FAILURE · ${payload.repository.full_name} · CI #42 · PR #${payload.number}`,
      importance: 'high',
      from: { emailAddress: { address: DEFAULTS.sendAsAddress, name: 'Build Alerts' } },
      toRecipients: [address('dev@contoso.com')],
      ccRecipients: [address('lead@contoso.com'), address('qa@contoso.com')],
      bccRecipients: [address('audit@contoso.com'), address('archive@contoso.com')],
      replyTo: [{ emailAddress: { address: 'team@contoso.com', name: 'Team' } }],
      body: { contentType: 'text' },
    });
    const text: string = sent.message.body.content;
    expect(text).toContain(payload.pull_request.title);
    expect(text).toContain(payload.pull_request.head.sha.slice(0, 7));
    expect(text).not.toMatch(/<(html|p|div|table|td|a|br)\b/i);
    expect(result.outputs.recipients).toBe('5');
  });

  it('uses a custom subject and body as given', async () => {
    const result = await run({
      inputs: { subject: 'Nightly\r\nBcc: evil@example.com', body: '<p>Deployed <b>v2</b></p>' },
    });
    expect(result.code).toBe(0);
    const sent = received();
    expect(sent.message.subject).toBe('Nightly Bcc: evil@example.com');
    expect(sent.message.body).toEqual({ contentType: 'html', content: '<p>Deployed <b>v2</b></p>' });
    expect(result.outputs.subject).toBe('Nightly Bcc: evil@example.com');
  });

  it('sends by the mailbox object id', async () => {
    const result = await run({ inputs: { sender: DEFAULTS.senderId } });
    expect(result.code).toBe(0);
    expect(received().mailbox).toBe(DEFAULTS.sender);
    expect(emulator.requests.find((r) => r.service === 'graph')?.path).toBe(
      `/v1.0/users/${DEFAULTS.senderId}/sendMail`,
    );
  });

  for (const event of ['push', 'pull_request', 'workflow_dispatch', 'schedule', 'release', 'workflow_run']) {
    it(`sends a sensible mail for a ${event} event`, async () => {
      const result = await run({ event });
      expect(result.code).toBe(0);
      const { message } = received();
      expect(message.subject).toMatch(/^✅ SUCCESS · [^·]+ · CI #42/);
      expect(message.body.content).toContain('/actions/runs/1658821493');
      expect(`${message.subject}${message.body.content}`).not.toMatch(/undefined|null|NaN/);
    });
  }

  it('builds every link from GITHUB_SERVER_URL (GitHub Enterprise Server)', async () => {
    const result = await run({ github: { GITHUB_SERVER_URL: 'https://ghes.example.com' } });
    expect(result.code).toBe(0);
    const html: string = received().message.body.content;
    const links = [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(2);
    for (const link of links) expect(link).toMatch(/^https:\/\/ghes\.example\.com\//);
  });

  it('escapes a hostile commit message and branch name', async () => {
    const payload = examplePayload('push');
    payload.head_commit.message = '<script>alert(1)</script> & "quotes"\nsecond line';
    payload.ref = 'refs/heads/feat/<img src=x onerror=alert(1)>';
    const result = await run({ payload, github: { GITHUB_REF_NAME: 'feat/<img src=x onerror=alert(1)>' } });
    expect(result.code).toBe(0);
    const html: string = received().message.body.content;
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
    expect(html).toContain('feat/&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).not.toContain('second line');
  });

  it('renders a dry run without any request and without credentials', async () => {
    const result = await runAction({
      inputs: { sender: DEFAULTS.sender, to: TEAM, 'dry-run': 'true', 'github-token': '' },
      github: githubEnv('push', examplePayload('push')),
      payload: examplePayload('push'),
    });
    expect(result.code).toBe(0);
    expect(emulator.requests).toEqual([]);
    expect(result.outputs).toMatchObject({ sent: 'false', 'status-code': '', 'request-id': '', recipients: '2' });
    expect(result.stdout).toMatch(/Dry run: the mail was rendered to .+\.html and not sent\./);
    expect(result.stdout).toMatch(/^::stop-commands::[0-9a-f-]{36}\n<!DOCTYPE html>/m);
    expect(result.summary).toContain('Dry run');
  });

  it('leaves the job summary alone when job-summary is false', async () => {
    const result = await run({ inputs: { 'job-summary': 'false' } });
    expect(result.code).toBe(0);
    expect(result.summary).toBe('');
  });

  it('masks the client secret', async () => {
    const result = await run({ inputs: { 'client-secret': DEFAULTS.clientSecret } });
    expect(result.stdout).toContain(`::add-mask::${DEFAULTS.clientSecret}`);
    const unmasked = result.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::'));
    expect(unmasked.join('\n')).not.toContain(DEFAULTS.clientSecret);
  });
});

const CORRELATION = / \(correlation id: [0-9a-f-]{36}\)$/;

describe('a failure is one line that says what to do', () => {
  it('AADSTS7000215: the secret id instead of its value', async () => {
    const line = await failure({ inputs: { 'client-secret': DEFAULTS.clientSecretId } });
    expect(line.replace(CORRELATION, '')).toBe(
      "Sign-in to Entra ID failed (AADSTS7000215): the client secret is wrong. Put the secret's Value in " +
        "'client-secret' (shown once, when the secret is created), not its Secret ID.",
    );
    expect(line).toMatch(CORRELATION);
  });

  it('AADSTS7000222: an expired secret', async () => {
    const line = await failure({ inputs: { 'client-secret': DEFAULTS.expiredClientSecret } });
    expect(line.replace(CORRELATION, '')).toBe(
      `Sign-in to Entra ID failed (AADSTS7000222): the client secret of app ${DEFAULTS.clientId} has expired. ` +
        "Create a new one under Certificates & secrets and update the secret passed as 'client-secret'.",
    );
  });

  it('AADSTS700016: an app that is not in the tenant', async () => {
    const other = '11111111-2222-4333-8444-555555555555';
    const line = await failure({ inputs: { 'client-id': other } });
    expect(line.replace(CORRELATION, '')).toBe(
      `Sign-in to Entra ID failed (AADSTS700016): app ${other} is not registered in tenant ${DEFAULTS.tenantId}. ` +
        "Check that 'client-id' is the Application (client) ID and 'tenant-id' the Directory (tenant) ID of the " +
        'same app registration.',
    );
  });

  it('AADSTS90002: a tenant that does not exist in this cloud', async () => {
    const other = '99999999-8888-4777-8666-555555555555';
    const line = await failure({ inputs: { 'tenant-id': other } });
    expect(line.replace(CORRELATION, '')).toBe(
      `Sign-in to Entra ID failed (AADSTS90002): tenant ${other} was not found. Check that 'tenant-id' is the ` +
        "Directory (tenant) ID and that 'cloud' (or 'authority-host') matches the cloud the tenant lives in.",
    );
    expect(requestsTo('graph')).toBe(0);
  });

  it('an authority host that does not answer', async () => {
    const port = await closedPort();
    const line = await failure({ inputs: { 'authority-host': `https://127.0.0.1:${port}` } });
    expect(line).toBe(
      `Sign-in to Entra ID failed: could not reach https://127.0.0.1:${port} (fetch failed: connect ` +
        `ECONNREFUSED 127.0.0.1:${port}). Check 'authority-host' and 'cloud', and that the runner can reach that host.`,
    );
  });

  it('403 ErrorAccessDenied: Mail.Send is not granted as an application permission', async () => {
    emulator.directory.tenants[0].apps[0].roles = [];
    const line = await failure({});
    expect(line).toMatch(
      new RegExp(
        `^Graph sendMail failed \\(403 ErrorAccessDenied\\): app ${DEFAULTS.clientId} may not send mail\\. Add ` +
          'Mail\\.Send as an \\*Application\\* permission \\(not Delegated\\) and grant admin consent; if an ' +
          'application access policy or RBAC for Applications scopes the app, include mailbox ' +
          `${DEFAULTS.sender}\\. \\(request-id: [0-9a-f-]{36}\\)$`,
      ),
    );
  });

  it('403 ErrorAccessDenied: an application access policy excludes the mailbox', async () => {
    const line = await failure({ inputs: { sender: DEFAULTS.restrictedMailbox } });
    expect(line).toMatch(
      new RegExp(
        `^Graph sendMail failed \\(403 ErrorAccessDenied\\): an application access policy \\(or RBAC for ` +
          `Applications\\) keeps app ${DEFAULTS.clientId} out of mailbox ${DEFAULTS.restrictedMailbox}\\. Add the ` +
          "mailbox to the group the policy names, or scope the app's role to include it\\. " +
          '\\(request-id: [0-9a-f-]{36}\\)$',
      ),
    );
  });

  it('403 ErrorSendAsDenied: a From the sender may not use', async () => {
    const line = await failure({ inputs: { from: 'ceo@contoso.com' } });
    expect(line.replace(/ \(request-id: [0-9a-f-]{36}\)$/, '')).toBe(
      `Graph sendMail failed (403 ErrorSendAsDenied): mailbox ${DEFAULTS.sender} may not send as ` +
        "ceo@contoso.com. Grant it Send As (or Send on Behalf) on that mailbox in Exchange, or remove the 'from' input.",
    );
  });

  it('404 ErrorInvalidUser: a sender mailbox that does not exist', async () => {
    const line = await failure({ inputs: { sender: 'nobody@contoso.com' } });
    expect(line.replace(/ \(request-id: [0-9a-f-]{36}\)$/, '')).toBe(
      `Graph sendMail failed (404 ErrorInvalidUser): there is no mailbox nobody@contoso.com in tenant ` +
        `${DEFAULTS.tenantId}. Set 'sender' to the user principal name, primary SMTP address or object id of an ` +
        'existing mailbox.',
    );
  });

  it('404 ResourceNotFound: the same advice', async () => {
    graphRefuses(404, 'ResourceNotFound', 'Resource could not be discovered.', '404');
    const line = await failure({});
    expect(line).toBe(
      `Graph sendMail failed (404 ResourceNotFound): there is no mailbox ${DEFAULTS.sender} in tenant ` +
        `${DEFAULTS.tenantId}. Set 'sender' to the user principal name, primary SMTP address or object id of an ` +
        'existing mailbox. (request-id: 0b1c2d3e-0000-4000-8000-000000000404)',
    );
  });

  it('MailboxNotEnabledForRESTAPI: a mailbox without an Exchange Online licence', async () => {
    const line = await failure({ inputs: { sender: DEFAULTS.unlicensedMailbox } });
    expect(line.replace(/ \(request-id: [0-9a-f-]{36}\)$/, '')).toBe(
      `Graph sendMail failed (404 MailboxNotEnabledForRESTAPI): mailbox ${DEFAULTS.unlicensedMailbox} cannot be ` +
        'used through Graph: it has no Exchange Online licence, is inactive, or is hosted on-premises. License the ' +
        'user, or send from a shared mailbox (no licence needed).',
    );
  });

  it('400 ErrorInvalidRecipients', async () => {
    graphRefuses(400, 'ErrorInvalidRecipients', "At least one recipient isn't valid.", '400');
    const line = await failure({});
    expect(line).toBe(
      'Graph sendMail failed (400 ErrorInvalidRecipients): Graph refused the recipients (At least one recipient ' +
        "isn't valid.). Check the addresses in 'to', 'cc' and 'bcc'. (request-id: 0b1c2d3e-0000-4000-8000-000000000400)",
    );
    expect(requestsTo('graph')).toBe(1);
  });

  it('413 ErrorMessageSizeExceeded', async () => {
    graphRefuses(413, 'ErrorMessageSizeExceeded', 'The message exceeds the maximum supported size.', '413');
    const line = await failure({});
    expect(line).toBe(
      'Graph sendMail failed (413 ErrorMessageSizeExceeded): the message is larger than Graph accepts in one ' +
        'sendMail request (4 MB). Shorten the body. (request-id: 0b1c2d3e-0000-4000-8000-000000000413)',
    );
  });

  it('401 InvalidAuthenticationToken: a token Graph does not accept', async () => {
    emulator.directory.tokenLifetimeSeconds = 0;
    const line = await failure({});
    expect(line).toMatch(
      new RegExp(
        '^Graph sendMail failed \\(401 InvalidAuthenticationToken\\): Graph did not accept the access token ' +
          `\\(.+\\)\\. The token was requested for ${emulator.graphEndpoint.replace(/\./g, '\\.')}: check that ` +
          "'graph-endpoint' \\(or 'cloud'\\) matches the tenant's cloud and that the system clock is right\\. " +
          '\\(request-id: [0-9a-f-]{36}\\)$',
      ),
    );
  });

  it('429 until the deadline', async () => {
    graphRefuses(429, 'ApplicationThrottled', 'Application is over its MailboxConcurrency limit.', '429', {
      retryAfter: '1',
      times: 1000,
    });
    const line = await failure({ inputs: { 'timeout-seconds': '4' } });
    // One try a second until the next would pass the deadline: 4, or 3 when signing in took a while.
    const attempts = requestsTo('graph');
    expect([3, 4]).toContain(attempts);
    expect(line).toBe(
      `Graph sendMail failed (429 ApplicationThrottled): Exchange Online is throttling mailbox ${DEFAULTS.sender} ` +
        `and ${attempts} attempts did not get through. Send fewer mails from it at a time, or raise ` +
        "'timeout-seconds' so throttled sends can wait. (request-id: 0b1c2d3e-0000-4000-8000-000000000429)",
    );
  });

  it('reports the status, request id, subject and recipients of a refused mail in the outputs', async () => {
    graphRefuses(400, 'ErrorInvalidRecipients', "At least one recipient isn't valid.", '401');
    const result = await run({ inputs: { subject: 'Nightly' } });
    expect(result.code).toBe(1);
    expect(result.outputs).toEqual({
      sent: 'false',
      'status-code': '400',
      'request-id': '0b1c2d3e-0000-4000-8000-000000000401',
      recipients: '2',
      subject: 'Nightly',
      'html-file': '',
      'tests-total': '',
      'tests-passed': '',
      'tests-failed': '',
      'tests-skipped': '',
    });
  });

  describe('every output is set when the step fails before sending, with what was known', () => {
    const unknown = {
      'status-code': '',
      'request-id': '',
      'html-file': '',
      'tests-total': '',
      'tests-passed': '',
      'tests-failed': '',
      'tests-skipped': '',
    };

    it('a mail over max-message-size: its subject and recipients', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'workspace-'));
      writeFileSync(join(dir, 'build.log'), Buffer.alloc(900 * 1024, 1));
      const result = await run({
        inputs: { subject: 'Nightly', attachments: 'build.log', 'max-message-size': '1' },
        env: { GITHUB_WORKSPACE: dir },
      });
      expect(result.code).toBe(1);
      expect(result.outputs).toEqual({ sent: 'false', recipients: '2', subject: 'Nightly', ...unknown });
      expect(requestsTo('graph')).toBe(0);
    });

    it('an attachment pattern that matches nothing: the recipients; the subject is not written yet', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'workspace-'));
      const result = await run({ inputs: { attachments: 'missing/*.xml' }, env: { GITHUB_WORKSPACE: dir } });
      expect(result.code).toBe(1);
      expect(result.outputs).toEqual({ sent: 'false', recipients: '2', subject: '', ...unknown });
    });

    it('an invalid input: every output, empty but sent', async () => {
      const result = await run({ inputs: { 'tenant-id': '' } });
      expect(result.code).toBe(1);
      expect(result.outputs).toEqual({ sent: 'false', recipients: '', subject: '', ...unknown });
    });
  });

  it('an unknown Graph error still shows its code and message', async () => {
    graphRefuses(500, 'ErrorInternalServerError', 'Something broke inside Exchange.', '500');
    const line = await failure({});
    expect(line).toBe(
      'Graph sendMail failed (500 ErrorInternalServerError): Something broke inside Exchange. ' +
        '(request-id: 0b1c2d3e-0000-4000-8000-000000000500)',
    );
  });

  it('gives up at timeout-seconds when Graph never answers', async () => {
    emulator.fault({ route: 'sendMail', hang: true });
    const line = await failure({ inputs: { 'timeout-seconds': '2' } });
    expect(line).toBe(
      'Gave up after 2 seconds (timeout-seconds) waiting for Graph: 1 attempt, no answer to the last; nothing was ' +
        'confirmed sent.',
    );
  });
});

describe('an input problem names the input and sends nothing', () => {
  const cases: [string, Record<string, string>, string][] = [
    ['missing tenant', { 'tenant-id': '' }, "Input 'tenant-id' is required and was not supplied."],
    ['no recipient', { to: '' }, "No recipient: give at least one address in 'to', 'cc' or 'bcc'."],
    [
      'malformed address',
      { to: 'team@contoso.com; jane(at)contoso.com' },
      `Input 'to' has an entry that is not an e-mail address: "jane(at)contoso.com". Write name@example.com or ` +
        'Name <name@example.com>, separated by commas, semicolons or new lines. If it is part of a name, put the ' +
        'whole name in double quotes: "Doe, Jane" <jane@contoso.com>.',
    ],
    [
      'unknown status',
      { status: 'passed' },
      `Input 'status' must be one of success, failure, cancelled, skipped or auto (normally \${{ job.status }}), got "passed".`,
    ],
    [
      'http override',
      { 'graph-endpoint': 'http://127.0.0.1:1' },
      `Input 'graph-endpoint' must use https (tokens are never sent in clear text), got "http://127.0.0.1:1".`,
    ],
  ];
  for (const [name, inputs, line] of cases) {
    it(name, async () => {
      const result = await run({ inputs });
      expect(result.code).toBe(1);
      expect(result.errors).toEqual([line]);
      expect(emulator.requests).toEqual([]);
      expect(result.outputs.sent).toBe('false');
    });
  }
});
