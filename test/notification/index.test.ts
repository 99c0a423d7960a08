import { describe, expect, it } from 'vitest';
import type { RunContext } from '../../src/context.js';
import type { ComposeOptions } from '../../src/notification/index.js';
import { composeMail } from '../../src/notification/index.js';
import { STATUSES } from '../../src/status.js';
import { runContext } from '../fixtures/context.ts';
import { examplePayload } from '../fixtures/github.ts';
import { failedDetails, pushRun } from './run.ts';

const EVENTS = [
  'push',
  'pull_request',
  'pull_request_target',
  'workflow_dispatch',
  'schedule',
  'release',
  'workflow_run',
];

function options(overrides: Partial<ComposeOptions> = {}): ComposeOptions {
  return {
    to: [{ address: 'team@contoso.com' }],
    cc: [],
    bcc: [{ address: 'audit@contoso.com' }],
    replyTo: [],
    status: 'success',
    bodyFormat: 'html',
    importance: 'normal',
    ...overrides,
  };
}

describe('composeMail', () => {
  const cases = EVENTS.flatMap((event) =>
    STATUSES.flatMap((status) =>
      (['html', 'text', 'markdown'] as const).map((bodyFormat) => [event, status, bodyFormat] as const),
    ),
  );

  it.each(cases)('%s %s %s never prints a missing value', (event, status, bodyFormat) => {
    const mail = composeMail(runContext(event), options({ status, bodyFormat }));
    const printed = `${mail.subject}\n${mail.body.content}`;
    expect(printed).not.toMatch(/undefined|null|NaN|\[object/);
    expect(mail.body.format).toBe(bodyFormat === 'text' ? 'text' : 'html');
  });

  it('never prints a missing value for an empty run either', () => {
    const empty = runContext('schedule', {
      GITHUB_REPOSITORY: '',
      GITHUB_WORKFLOW: '',
      GITHUB_RUN_ID: '',
      GITHUB_RUN_NUMBER: '',
      GITHUB_ACTOR: '',
      GITHUB_SHA: '',
      GITHUB_REF_NAME: '',
    });
    for (const bodyFormat of ['html', 'text'] as const) {
      const mail = composeMail(empty, options({ bodyFormat }));
      expect(`${mail.subject}\n${mail.body.content}`).not.toMatch(/undefined|null|NaN/);
      expect(mail.subject).toBe('✅ SUCCESS');
    }
  });

  it('uses the default subject and the HTML body', () => {
    const mail = composeMail(runContext('push'), options({ status: 'failure' }));
    expect(mail.subject).toBe('❌ FAILURE · Codertocat/Hello-World · CI #42 · master');
    expect(mail.body.content).toMatch(/^<!DOCTYPE html>/);
  });

  it('renders the text body when asked', () => {
    const mail = composeMail(runContext('push'), options({ bodyFormat: 'text' }));
    expect(mail.body).toEqual({ format: 'text', content: expect.stringMatching(/^✅ SUCCESS · .*\n\nRepository: /) });
    expect(mail.body.content).not.toContain('<html');
  });

  it('cleans a custom subject', () => {
    const mail = composeMail(runContext('push'), options({ subject: ' Deploy\r\ndone\t! ' }));
    expect(mail.subject).toBe('Deploy done !');
  });

  it('falls back to the default subject when the custom one is only whitespace', () => {
    const mail = composeMail(runContext('push'), options({ subject: ' \r\n\t' }));
    expect(mail.subject).toBe('✅ SUCCESS · Codertocat/Hello-World · CI #42 · master');
  });

  it('cleans the default subject built from a hostile branch', () => {
    const ctx: RunContext = { ...runContext('push'), refName: 'main\r\nX-Injected: 1' };
    expect(composeMail(ctx, options()).subject).toBe(
      '✅ SUCCESS · Codertocat/Hello-World · CI #42 · main X-Injected: 1',
    );
  });

  it('sends a custom body as written, in the chosen format', () => {
    const html = '<p>Deployed <b>v2</b> & done</p>';
    expect(composeMail(runContext('push'), options({ body: html })).body).toEqual({ format: 'html', content: html });
    const text = 'Line one\nLine two';
    expect(composeMail(runContext('push'), options({ body: text, bodyFormat: 'text' })).body).toEqual({
      format: 'text',
      content: text,
    });
  });

  it('passes recipients, importance and From through', () => {
    const from = { address: 'shared@contoso.com', name: 'Builds' };
    const mail = composeMail(runContext('push'), options({ from, importance: 'high' }));
    expect(mail).toMatchObject({
      to: [{ address: 'team@contoso.com' }],
      cc: [],
      bcc: [{ address: 'audit@contoso.com' }],
      replyTo: [],
      from,
      importance: 'high',
    });
  });

  it('leaves From out when the sender mailbox is the From', () => {
    expect(composeMail(runContext('push'), options())).not.toHaveProperty('from');
  });

  it('fills a subject template as plain text, then cleans it', () => {
    const payload = examplePayload('pull_request');
    payload.pull_request.title = 'Fix <b>\r\nBcc: victim@example.com & {{repository}}';
    const mail = composeMail(
      runContext('pull_request', {}, payload),
      options({ status: 'failure', subject: '{{status_mark}} {{ status_word }}: {{pr_title}} ({{{branch}}})' }),
    );
    expect(mail.subject).toBe('❌ FAILURE: Fix <b> Bcc: victim@example.com & {{repository}} (changes)');
  });

  it('falls back to the default subject when the template fills in to nothing', () => {
    expect(composeMail(runContext('push'), options({ subject: '{{pr_title}} ' })).subject).toBe(
      '✅ SUCCESS · Codertocat/Hello-World · CI #42 · master',
    );
  });

  it('uses the transition in the default subject', () => {
    const mail = composeMail({ ...runContext('push'), transition: 'still-failing' }, options({ status: 'failure' }));
    expect(mail.subject).toBe('❌ STILL FAILING · Codertocat/Hello-World · CI #42 · master');
  });

  it('fills an HTML body template, escaping values', () => {
    const payload = examplePayload('push');
    payload.head_commit.message = '<script>alert(1)</script>';
    const mail = composeMail(
      runContext('push', {}, payload),
      options({ body: '<p>{{commit_message}} on <a href="{{commit_url}}">{{short_sha}}</a></p>' }),
    );
    expect(mail.body).toEqual({
      format: 'html',
      content:
        '<p>&lt;script&gt;alert(1)&lt;/script&gt; on <a href="https://github.com/Codertocat/Hello-World/commit/6113728f27ae82c7b1a177c8d03f9e96e0adf246">6113728</a></p>',
    });
  });

  it('fills a text body template without escaping', () => {
    const mail = composeMail(
      pushRun(failedDetails()),
      options({ bodyFormat: 'text', body: 'Failed: {{failed_jobs}}\n{{job_table}}' }),
    );
    expect(mail.body).toEqual({
      format: 'text',
      content:
        'Failed: test (ubuntu-latest)\n✅ build · Passed · 1m 35s\n✅ lint · Passed · 38s\n❌ test (ubuntu-latest) · Failed · 3m 10s\n🚫 test (windows-latest) · Cancelled · 1m 1s\n⏭️ docs · Skipped\n⏳ notify · Running · sending this mail',
    });
  });

  it('converts a markdown body after filling it, and sends it as HTML', () => {
    const payload = examplePayload('pull_request');
    payload.pull_request.title = '[click](javascript:alert(1)) <img src=x onerror=alert(1)>';
    const mail = composeMail(
      runContext('pull_request', {}, payload),
      options({
        bodyFormat: 'markdown',
        body: '## {{status_word}}\n\n[PR #{{pr_number}}]({{pr_url}}): {{pr_title}}\n\n<b>raw</b>',
      }),
    );
    expect(mail.body.format).toBe('html');
    expect(mail.body.content).toContain('<h2 style="margin:0 0 12px 0;font-size:19px;line-height:26px;">SUCCESS</h2>');
    expect(mail.body.content).toContain(
      '<p style="margin:0 0 12px 0;"><a href="https://github.com/Codertocat/Hello-World/pull/2" style="color:#0969da;text-decoration:underline;">PR #2</a>: [click](javascript:alert(1)) &lt;img src=x onerror=alert(1)&gt;</p>',
    );
    expect(mail.body.content).toContain('&lt;b&gt;raw&lt;/b&gt;');
    expect(mail.body.content).not.toMatch(/<img|<b>|href="javascript/);
  });

  it('sends the default HTML report for markdown without a body', () => {
    const mail = composeMail(pushRun(failedDetails()), options({ bodyFormat: 'markdown', status: 'failure' }));
    expect(mail.body.format).toBe('html');
    expect(mail.body.content).toMatch(/^<!DOCTYPE html>/);
    expect(mail.body.content).toContain('Failed step: <b>Run tests</b>');
  });

  it('lets a template wrap the default report', () => {
    const ctx = pushRun(failedDetails());
    const mail = composeMail(ctx, options({ body: '<h1>Nightly</h1>{{{default_body}}}' }));
    expect(mail.body.content).toMatch(/^<h1>Nightly<\/h1><table role="presentation"/);
    expect(mail.body.content).toContain('Failed step: <b>Run tests</b>');
  });

  it.each([
    [
      'subject',
      { subject: 'Build {{#status}}' },
      `Input 'subject' is not a valid template: Unclosed section "status" at 17`,
    ],
    ['body', { body: '<p>{{/x}}</p>' }, `Input 'body' is not a valid template: Unopened section "x" at 3`],
    [
      'markdown body',
      { body: '{{x', bodyFormat: 'markdown' as const },
      `Input 'body' is not a valid template: Unclosed tag at 3`,
    ],
  ])('names the input whose %s template does not parse', (_, given, message) => {
    expect(() => composeMail(runContext('push'), options(given))).toThrow(message);
  });
});
