import { describe, expect, it } from 'vitest';
import { DEFAULTS } from './index.ts';
import { call, emulator, GUID, mail, send, token, useEmulator } from './testing.ts';
import type { Answer } from './testing.ts';

useEmulator();

describe('sendMail', () => {
  it('accepts a message with 202, an empty body and the request ids, and records it', async () => {
    const answer = await send(mail(), { headers: { 'client-request-id': 'client-1' } });
    expect(answer.status).toBe(202);
    expect(answer.text).toBe('');
    expect(answer.headers['request-id']).toMatch(GUID);
    expect(answer.headers['client-request-id']).toBe('client-1');
    expect(emulator.messages).toEqual([
      {
        mailbox: DEFAULTS.sender,
        message: mail().message,
        headers: {},
        saveToSentItems: true,
        requestId: answer.headers['request-id'],
        attachments: [],
      },
    ]);
  });

  it('records the x- headers by name, five of them accepted', async () => {
    const internetMessageHeaders = Array.from({ length: 5 }, (_, i) => ({ name: `X-H${i}`, value: `v ${i}` }));
    const answer = await send(mail({ internetMessageHeaders }));
    expect(answer.status).toBe(202);
    expect(emulator.messages[0].headers).toStrictEqual(
      Object.fromEntries(internetMessageHeaders.map((h) => [h.name, h.value])),
    );
  });

  it('with latencyMs set, answers no sooner than that, and notes when each request came and was answered', async () => {
    emulator.latencyMs = 150;
    try {
      const before = performance.now();
      expect((await send(mail())).status).toBe(202);
      expect(performance.now() - before).toBeGreaterThanOrEqual(150);
    } finally {
      emulator.latencyMs = 0;
    }
    const [timing] = emulator.timeline;
    expect(timing.request).toBe(emulator.requests[0]);
    expect(timing.answered! - timing.started).toBeGreaterThanOrEqual(149);
  });

  it('makes up a client-request-id when the client sent none', async () => {
    const answer = await send(mail());
    expect(answer.headers['client-request-id']).toMatch(GUID);
  });

  it.each([
    ['object id', DEFAULTS.senderId],
    ['upper-case address', 'CI-NOTIFY@CONTOSO.COM'],
    ['encoded address', 'ci-notify%40contoso.com'],
    ['OData key', `('${DEFAULTS.sender}')`],
  ])('finds the mailbox by %s', async (_name, user) => {
    const path = user.startsWith('(') ? `users${user}` : `users/${user}`;
    const answer = await call(`${emulator.graphEndpoint}/v1.0/${path}/sendMail`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await token()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...mail(), saveToSentItems: false }),
    });
    expect(answer.status).toBe(202);
    expect(emulator.messages[0]).toMatchObject({ mailbox: DEFAULTS.sender, saveToSentItems: false });
  });

  it('sends as an address the mailbox holds Send As on, and as itself', async () => {
    const from = (address: string) => ({ from: { emailAddress: { address } } });
    expect((await send(mail(from(DEFAULTS.sendAsAddress)))).status).toBe(202);
    expect((await send(mail(from(DEFAULTS.sender.toUpperCase())))).status).toBe(202);
  });

  it('takes exactly 500 recipients and exactly 4 MB', async () => {
    const to = Array.from({ length: 500 }, (_, i) => ({ emailAddress: { address: `r${i}@example.com` } }));
    expect((await send(mail({ toRecipients: to }))).status).toBe(202);
    const base = JSON.stringify(mail({ subject: '' }));
    const padded = JSON.stringify(mail({ subject: 'x'.repeat(4 * 1024 * 1024 - base.length) }));
    expect(Buffer.byteLength(padded)).toBe(4 * 1024 * 1024);
    expect((await send(padded)).status).toBe(202);
  });
});

describe('sendMail errors', () => {
  async function expectGraphError(answer: Answer, status: number, code: string, message: string | RegExp) {
    expect(answer.status).toBe(status);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(answer.json.error.code).toBe(code);
    if (typeof message === 'string') expect(answer.json.error.message).toBe(message);
    else expect(answer.json.error.message).toMatch(message);
    const requestId = answer.headers['request-id'];
    expect(requestId).toMatch(GUID);
    expect(answer.json.error.innerError).toMatchObject({
      'request-id': requestId,
      'client-request-id': answer.headers['client-request-id'],
    });
    expect(answer.json.error.innerError.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    expect(emulator.messages).toEqual([]);
  }

  it('refuses a request without a token', async () => {
    const answer = await send(mail(), { bearer: '' });
    await expectGraphError(answer, 401, 'InvalidAuthenticationToken', 'Access token is empty.');
    expect(answer.headers['www-authenticate']).toMatch(/^Bearer/);
  });

  it('refuses a token that is not one of its own', async () => {
    const jwt = await token();
    const tampered = `${jwt.slice(0, jwt.lastIndexOf('.'))}.${Buffer.from('forged').toString('base64url')}`;
    await expectGraphError(
      await send(mail(), { bearer: tampered }),
      401,
      'InvalidAuthenticationToken',
      'Access token validation failure.',
    );
    await expectGraphError(
      await send(mail(), { bearer: 'not-a-jwt' }),
      401,
      'InvalidAuthenticationToken',
      'Access token validation failure.',
    );
  });

  it('refuses an expired token', async () => {
    emulator.directory.tokenLifetimeSeconds = 0;
    await expectGraphError(
      await send(mail()),
      401,
      'InvalidAuthenticationToken',
      'Lifetime validation failed, the token is expired.',
    );
  });

  it('refuses a token for another Graph (wrong cloud)', async () => {
    const bearer = await token({ scope: `${DEFAULTS.publicGraphResource}/.default` });
    await expectGraphError(
      await send(mail(), { bearer }),
      401,
      'InvalidAuthenticationToken',
      'Access token validation failure. Invalid audience.',
    );
  });

  it('refuses a token without Mail.Send, before looking at the mailbox', async () => {
    emulator.directory.tenants[0]!.apps[0]!.roles = ['User.Read.All'];
    await expectGraphError(
      await send(mail(), { user: 'nobody@contoso.com' }),
      403,
      'ErrorAccessDenied',
      'Access is denied. Check credentials and try again.',
    );
  });

  it('answers ErrorInvalidUser for an unknown mailbox', async () => {
    await expectGraphError(
      await send(mail(), { user: 'nobody@contoso.com' }),
      404,
      'ErrorInvalidUser',
      "The requested user 'nobody@contoso.com' is invalid.",
    );
  });

  it('answers the RAOP denial for a mailbox an access policy keeps from the app, before reading the body', async () => {
    await expectGraphError(
      await send('{not json', { user: DEFAULTS.restrictedMailbox }),
      403,
      'ErrorAccessDenied',
      'Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings.',
    );
  });

  it('applies a RestrictAccess policy to every mailbox outside its list', async () => {
    emulator.directory.tenants[0]!.accessPolicies = [
      { appId: DEFAULTS.clientId, accessRight: 'RestrictAccess', mailboxes: [DEFAULTS.restrictedMailbox] },
    ];
    expect((await send(mail(), { user: DEFAULTS.sender })).json.error.message).toMatch(/\[RAOP\]/);
    expect((await send(mail(), { user: DEFAULTS.restrictedMailbox })).status).toBe(202);
  });

  it('answers MailboxNotEnabledForRESTAPI for an unlicensed mailbox, before reading the body', async () => {
    await expectGraphError(
      await send('{}', { user: DEFAULTS.unlicensedMailbox }),
      404,
      'MailboxNotEnabledForRESTAPI',
      'The mailbox is either inactive, soft-deleted, or is hosted on-premise.',
    );
  });

  it.each([
    ['malformed JSON', '{"message":', 'RequestBodyRead', /^Unable to read JSON request payload\./],
    ['a body that is not an object', '[]', 'RequestBodyRead', 'The request body must be a JSON object.'],
    [
      'no message',
      '{"saveToSentItems":true}',
      'ErrorInvalidRequest',
      "The request is missing the required parameter 'message'.",
    ],
    [
      'an unknown parameter',
      JSON.stringify({ ...mail(), save: true }),
      'RequestBodyRead',
      "The parameter 'save' in the request payload is not a valid parameter for the operation 'sendMail'.",
    ],
    [
      'a non-boolean saveToSentItems',
      JSON.stringify({ ...mail(), saveToSentItems: 'yes' }),
      'RequestBodyRead',
      "Property 'saveToSentItems' must be a boolean.",
    ],
    [
      'a numeric subject',
      JSON.stringify(mail({ subject: 42 })),
      'RequestBodyRead',
      "Property 'message.subject' must be a string.",
    ],
    [
      'an unknown body type',
      JSON.stringify(mail({ body: { contentType: 'markdown', content: '#' } })),
      'RequestBodyRead',
      /^Property 'message\.body\.contentType' has the invalid value "markdown"/,
    ],
    [
      'recipients that are not an array',
      JSON.stringify(mail({ toRecipients: 'a@b.com' })),
      'RequestBodyRead',
      "Property 'message.toRecipients' must be an array.",
    ],
    [
      'a recipient without emailAddress',
      JSON.stringify(mail({ ccRecipients: [{ address: 'a@b.com' }] })),
      'RequestBodyRead',
      "Property 'message.ccRecipients[0].emailAddress' is required.",
    ],
    [
      'an unknown message property',
      JSON.stringify(mail({ toRecipient: [] })),
      'RequestBodyRead',
      /^The property 'toRecipient' does not exist on type 'microsoft\.graph\.message'\./,
    ],
    [
      'an unknown importance',
      JSON.stringify(mail({ importance: 'urgent' })),
      'RequestBodyRead',
      /^Property 'message\.importance' has the invalid value "urgent"/,
    ],
    [
      'no recipients',
      JSON.stringify(mail({ toRecipients: [] })),
      'ErrorInvalidRecipients',
      "At least one recipient isn't valid., A message can't be sent because it contains no recipients.",
    ],
    [
      'a display name in the address',
      JSON.stringify(mail({ toRecipients: [{ emailAddress: { address: 'Jane <jane@contoso.com>' } }] })),
      'ErrorInvalidRecipients',
      /^At least one recipient isn't valid\., Recipient 'Jane <jane@contoso\.com>' is not resolved\./,
    ],
    [
      'a bad reply-to address',
      JSON.stringify(mail({ replyTo: [{ emailAddress: { address: 'nobody' } }] })),
      'ErrorInvalidRecipients',
      /Recipient 'nobody' is not resolved/,
    ],
    [
      'a header without X-',
      JSON.stringify(mail({ internetMessageHeaders: [{ name: 'Run', value: '1' }] })),
      'InvalidInternetMessageHeader',
      "The internet message header name 'Run' should start with 'x-' or 'X-'.",
    ],
    [
      'six headers',
      JSON.stringify(
        mail({ internetMessageHeaders: Array.from({ length: 6 }, (_, i) => ({ name: `X-H${i}`, value: 'v' })) }),
      ),
      'InvalidInternetMessageHeaderCollection',
      'Maximum number of headers in one message should be less than or equal to 5.',
    ],
    [
      'a line break in a header value',
      JSON.stringify(mail({ internetMessageHeaders: [{ name: 'X-Ref', value: 'main\r\nBcc: a@evil.example' }] })),
      'InvalidInternetMessageHeader',
      "The internet message header 'X-Ref' has a value that is not one line of printable ASCII.",
    ],
    [
      'non-ASCII in a header value',
      JSON.stringify(mail({ internetMessageHeaders: [{ name: 'X-Ref', value: 'fix/ümlaut' }] })),
      'InvalidInternetMessageHeader',
      "The internet message header 'X-Ref' has a value that is not one line of printable ASCII.",
    ],
  ])('answers 400 for %s', async (_name, body, code, message) => {
    await expectGraphError(await send(body), 400, code, message);
  });

  it('answers ErrorTooManyRecipients above 500 recipients across to, cc and bcc', async () => {
    const list = (n: number, p: string) =>
      Array.from({ length: n }, (_, i) => ({ emailAddress: { address: `${p}${i}@example.com` } }));
    const body = mail({ toRecipients: list(200, 't'), ccRecipients: list(200, 'c'), bccRecipients: list(101, 'b') });
    await expectGraphError(await send(body), 400, 'ErrorTooManyRecipients', /501 recipients; at most 500/);
  });

  it('answers 413 ErrorMessageSizeExceeded above 4 MB', async () => {
    const base = JSON.stringify(mail({ subject: '' }));
    const body = JSON.stringify(mail({ subject: 'x'.repeat(4 * 1024 * 1024 - base.length + 1) }));
    await expectGraphError(await send(body), 413, 'ErrorMessageSizeExceeded', /at most 4194304 bytes/);
  });

  it('answers ErrorSendAsDenied for a From the mailbox may not send as', async () => {
    await expectGraphError(
      await send(mail({ from: { emailAddress: { address: 'ceo@contoso.com' } } })),
      403,
      'ErrorSendAsDenied',
      'The user account which was used to submit this request does not have the right to send mail on behalf of the ' +
        'specified sending account., Cannot submit message.',
    );
  });

  it('refuses /me for an app-only token', async () => {
    const answer = await call(`${emulator.graphEndpoint}/v1.0/me/sendMail`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await token()}` },
      body: JSON.stringify(mail()),
    });
    await expectGraphError(answer, 400, 'BadRequest', '/me request is only valid with delegated authentication flow.');
  });
});
