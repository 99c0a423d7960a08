import { describe, expect, it } from 'vitest';
import type { RunContext } from '../../src/context.js';
import type { ComposeOptions } from '../../src/notification/index.js';
import { composeMail } from '../../src/notification/index.js';
import { STATUSES } from '../../src/status.js';
import { runContext } from '../fixtures/context.ts';

const EVENTS = ['push', 'pull_request', 'pull_request_target', 'workflow_dispatch', 'schedule', 'release', 'workflow_run'];

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
    STATUSES.flatMap((status) => (['html', 'text'] as const).map((bodyFormat) => [event, status, bodyFormat] as const)),
  );

  it.each(cases)('%s %s %s never prints a missing value', (event, status, bodyFormat) => {
    const mail = composeMail(runContext(event), options({ status, bodyFormat }));
    const printed = `${mail.subject}\n${mail.body.content}`;
    expect(printed).not.toMatch(/undefined|null|NaN|\[object/);
    expect(mail.body.format).toBe(bodyFormat);
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
    expect(composeMail(ctx, options()).subject).toBe('✅ SUCCESS · Codertocat/Hello-World · CI #42 · main X-Injected: 1');
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
});
