import { describe, expect, it } from 'vitest';
import { toGraphMessage } from '../../src/graph/message.js';
import type { Mail } from '../../src/mail.js';

const mail = (overrides: Partial<Mail> = {}): Mail => ({
  subject: '✅ SUCCESS · Codertocat/Hello-World · CI #42 · master',
  body: { format: 'html', content: '<p>done</p>' },
  to: [{ address: 'jane@contoso.com' }],
  cc: [],
  bcc: [],
  replyTo: [],
  importance: 'normal',
  headers: [],
  attachments: [],
  ...overrides,
});

/** What goes on the wire: JSON drops undefined, so compare the serialized form. */
const wire = (m: Mail): unknown => JSON.parse(JSON.stringify(toGraphMessage(m)));

describe('toGraphMessage', () => {
  it('a mail to one address: no cc, bcc, replyTo or from at all', () => {
    expect(toGraphMessage(mail())).toStrictEqual({
      subject: '✅ SUCCESS · Codertocat/Hello-World · CI #42 · master',
      body: { contentType: 'html', content: '<p>done</p>' },
      toRecipients: [{ emailAddress: { address: 'jane@contoso.com' } }],
      importance: 'normal',
    });
  });

  it('every field set', () => {
    expect(
      toGraphMessage(
        mail({
          subject: 'Nightly',
          body: { format: 'text', content: 'line 1\nline 2' },
          to: [{ address: 'jane@contoso.com', name: 'Jane Doe' }, { address: 'bob@contoso.com' }],
          cc: [{ address: 'cc@contoso.com', name: 'Doe, Jane' }],
          bcc: [{ address: 'audit@contoso.com' }],
          replyTo: [{ address: 'ops@contoso.com', name: 'Ops' }],
          from: { address: 'builds@contoso.com', name: 'Builds' },
          importance: 'high',
        }),
      ),
    ).toStrictEqual({
      subject: 'Nightly',
      body: { contentType: 'text', content: 'line 1\nline 2' },
      toRecipients: [
        { emailAddress: { address: 'jane@contoso.com', name: 'Jane Doe' } },
        { emailAddress: { address: 'bob@contoso.com' } },
      ],
      ccRecipients: [{ emailAddress: { address: 'cc@contoso.com', name: 'Doe, Jane' } }],
      bccRecipients: [{ emailAddress: { address: 'audit@contoso.com' } }],
      replyTo: [{ emailAddress: { address: 'ops@contoso.com', name: 'Ops' } }],
      from: { emailAddress: { address: 'builds@contoso.com', name: 'Builds' } },
      importance: 'high',
    });
  });

  it('a name-less address has no name key, so Graph shows the address rather than an empty name', () => {
    const message = toGraphMessage(mail({ to: [{ address: 'jane@contoso.com', name: '' }] }));
    expect(message.toRecipients?.[0]?.emailAddress).toStrictEqual({ address: 'jane@contoso.com' });
    expect(Object.keys(message.toRecipients?.[0]?.emailAddress ?? {})).toEqual(['address']);
  });

  it('a from without a name has no name key', () => {
    expect(toGraphMessage(mail({ from: { address: 'builds@contoso.com' } })).from).toStrictEqual({
      emailAddress: { address: 'builds@contoso.com' },
    });
  });

  it('leaves toRecipients out when only cc or bcc is given, like the other lists', () => {
    expect(wire(mail({ to: [], bcc: [{ address: 'audit@contoso.com' }] }))).toStrictEqual({
      subject: '✅ SUCCESS · Codertocat/Hello-World · CI #42 · master',
      body: { contentType: 'html', content: '<p>done</p>' },
      bccRecipients: [{ emailAddress: { address: 'audit@contoso.com' } }],
      importance: 'normal',
    });
  });

  it.each(['low', 'normal', 'high'] as const)('importance %s is sent as is', (importance) => {
    expect(toGraphMessage(mail({ importance })).importance).toBe(importance);
  });

  it.each(['html', 'text'] as const)('body format %s is the contentType', (format) => {
    expect(toGraphMessage(mail({ body: { format, content: 'x' } })).body).toStrictEqual({
      contentType: format,
      content: 'x',
    });
  });

  it('keeps recipients in the order given, duplicates included', () => {
    const to = [{ address: 'b@contoso.com' }, { address: 'a@contoso.com' }, { address: 'b@contoso.com' }];
    expect(toGraphMessage(mail({ to })).toRecipients?.map((r) => r.emailAddress?.address)).toEqual([
      'b@contoso.com',
      'a@contoso.com',
      'b@contoso.com',
    ]);
  });

  it('does not carry the mail’s own field names onto the wire', () => {
    const keys = Object.keys(toGraphMessage(mail({ cc: [{ address: 'c@contoso.com' }] })));
    expect(keys.sort()).toEqual(['body', 'ccRecipients', 'importance', 'subject', 'toRecipients']);
  });

  it('carries the headers as internetMessageHeaders, in order, and none at all when there are none', () => {
    const headers = [
      { name: 'X-GitHub-Result', value: 'failure' },
      { name: 'X-GitHub-Ref', value: 'main' },
    ];
    expect(toGraphMessage(mail({ headers })).internetMessageHeaders).toStrictEqual(headers);
    expect('internetMessageHeaders' in toGraphMessage(mail())).toBe(false);
  });
});
