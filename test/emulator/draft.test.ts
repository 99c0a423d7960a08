import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from './index.ts';
import {
  call,
  emulator,
  graph,
  GUID,
  inline,
  itemOf,
  mail,
  MiB,
  newDraft,
  send,
  sha256,
  token,
  useEmulator,
} from './testing.ts';

useEmulator();

describe('drafts', () => {
  it('saves a draft with 201, an Exchange id and isDraft, and keeps it in drafts', async () => {
    const answer = await graph('POST', '/messages', {
      subject: 'Build #42',
      attachments: [inline('a.txt', Buffer.from('abc'))],
    });
    expect(answer.status).toBe(201);
    expect(answer.headers['request-id']).toMatch(GUID);
    expect(answer.json).toMatchObject({ subject: 'Build #42', isDraft: true, hasAttachments: true });
    expect(answer.json.id).toMatch(/^AAMkA[A-Za-z0-9_-]{100,}=$/);
    expect(answer.json).not.toHaveProperty('attachments');
    expect(emulator.drafts).toEqual([
      {
        id: answer.json.id,
        mailbox: DEFAULTS.sender,
        message: {
          subject: 'Build #42',
          attachments: [{ '@odata.type': '#microsoft.graph.fileAttachment', name: 'a.txt', contentType: 'text/plain' }],
        },
        attachments: [{ name: 'a.txt', contentType: 'text/plain', size: 3, sha256: sha256(Buffer.from('abc')) }],
        uploads: [],
      },
    ]);
  });

  it('checks the draft body as sendMail checks a message, recipients aside', async () => {
    const answer = await graph('POST', '/messages', { subject: 42 });
    expect(answer.status).toBe(400);
    expect(answer.json.error).toMatchObject({
      code: 'RequestBodyRead',
      message: "Property 'subject' must be a string.",
    });
    const bad = await graph('POST', '/messages', { toRecipients: [{ emailAddress: { address: 'nobody' } }] });
    expect(bad.json.error.code).toBe('ErrorInvalidRecipients');
    expect(emulator.drafts).toEqual([]);
  });

  it('answers 403 ErrorAccessDenied without Mail.ReadWrite, and the mailbox checks of sendMail', async () => {
    emulator.directory.tenants[0]!.apps[0]!.roles = ['Mail.Send'];
    const denied = await graph('POST', '/messages', mail().message);
    expect(denied.status).toBe(403);
    expect(denied.json.error).toMatchObject({
      code: 'ErrorAccessDenied',
      message: 'Access is denied. Check credentials and try again.',
    });
    emulator.reset();
    const unlicensed = await call(`${emulator.graphEndpoint}/v1.0/users/${DEFAULTS.unlicensedMailbox}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await token()}` },
      body: '{}',
    });
    expect(unlicensed.json.error.code).toBe('MailboxNotEnabledForRESTAPI');
  });

  it('sends a draft with 202 into messages, as sendMail records one, and removes it', async () => {
    const bearer = await token();
    const id = await newDraft(bearer, mail({ attachments: [inline('a.txt', Buffer.from('abc'))] }).message);
    const answer = await graph('POST', `/messages/${id}/send`, undefined, bearer);
    expect(answer.status).toBe(202);
    expect(answer.text).toBe('');
    expect(emulator.messages).toEqual([
      {
        mailbox: DEFAULTS.sender,
        message: {
          ...mail().message,
          attachments: [{ '@odata.type': '#microsoft.graph.fileAttachment', name: 'a.txt', contentType: 'text/plain' }],
        },
        headers: {},
        saveToSentItems: true,
        requestId: answer.headers['request-id'],
        attachments: [{ name: 'a.txt', contentType: 'text/plain', size: 3, sha256: sha256(Buffer.from('abc')) }],
      },
    ]);
    expect(emulator.drafts).toEqual([]);
    expect((await graph('POST', `/messages/${id}/send`, undefined, bearer)).json.error.code).toBe('ErrorItemNotFound');
  });

  it('sends a draft with Mail.Send alone, and refuses one without recipients', async () => {
    const id = await newDraft();
    emulator.directory.tenants[0]!.apps[0]!.roles = ['Mail.Send'];
    expect((await graph('POST', `/messages/${id}/send`)).status).toBe(202);
    emulator.reset();
    const empty = await newDraft(undefined, { subject: 'no one' });
    const answer = await graph('POST', `/messages/${empty}/send`);
    expect(answer.status).toBe(400);
    expect(answer.json.error.code).toBe('ErrorInvalidRecipients');
  });

  it('deletes a draft with 204 and notes it in deletedDrafts', async () => {
    const id = await newDraft();
    const answer = await graph('DELETE', `/messages/${id}`);
    expect(answer.status).toBe(204);
    expect(emulator.drafts).toEqual([]);
    expect(emulator.deletedDrafts).toEqual([id]);
    expect((await graph('DELETE', `/messages/${id}`)).status).toBe(404);
  });

  it('clears drafts and deleted drafts on reset', async () => {
    await graph('DELETE', `/messages/${await newDraft()}`);
    await newDraft();
    emulator.reset();
    expect(emulator.drafts).toEqual([]);
    expect(emulator.deletedDrafts).toEqual([]);
  });
});

describe('attachments added to a draft one request each', () => {
  it('answers 201 with the attachment and keeps it for the sent mail', async () => {
    const id = await newDraft();
    const bytes = randomBytes(2 * MiB);
    const answer = await graph('POST', `/messages/${id}/attachments`, inline('trace.bin', bytes));
    expect(answer.status).toBe(201);
    expect(answer.json).toMatchObject({
      '@odata.type': '#microsoft.graph.fileAttachment',
      name: 'trace.bin',
      contentType: 'text/plain',
      size: 2 * MiB,
      isInline: false,
      contentBytes: bytes.toString('base64'),
    });
    expect(answer.json['@odata.context']).toMatch(/\/attachments\/\$entity$/);
    expect((await graph('POST', `/messages/${id}/send`)).status).toBe(202);
    expect(emulator.messages[0]!.attachments).toEqual([
      { name: 'trace.bin', contentType: 'text/plain', size: 2 * MiB, sha256: sha256(bytes) },
    ]);
  });

  it('takes a request of exactly 4 MiB and answers 413 to one byte more', async () => {
    const id = await newDraft();
    const shell = Buffer.byteLength(JSON.stringify(inline('x', Buffer.alloc(0))));
    const base64 = Math.floor((4 * MiB - shell) / 4) * 4;
    const body = (extra: number) =>
      JSON.stringify({
        ...inline(`x${'y'.repeat(4 * MiB - shell - base64 + extra)}`, Buffer.alloc(0)),
        contentBytes: 'A'.repeat(base64),
      });
    expect(Buffer.byteLength(body(0))).toBe(4 * MiB);
    expect((await graph('POST', `/messages/${id}/attachments`, body(0))).status).toBe(201);
    const over = await graph('POST', `/messages/${id}/attachments`, body(1));
    expect(over.status).toBe(413);
    expect(over.json.error).toMatchObject({
      code: 'ErrorMessageSizeExceeded',
      message: expect.stringMatching(/at most 4194304 bytes/),
    });
  });

  it('refuses an attachment without its type, an unknown draft, and a caller without Mail.ReadWrite', async () => {
    const id = await newDraft();
    const { '@odata.type': _type, ...untyped } = inline('a.txt', Buffer.from('a'));
    expect((await graph('POST', `/messages/${id}/attachments`, untyped)).json.error.code).toBe('RequestBodyRead');
    expect((await graph('POST', '/messages/AAMkAnope=/attachments', inline('a.txt', Buffer.from('a')))).status).toBe(
      404,
    );
    emulator.directory.tenants[0]!.apps[0]!.roles = ['Mail.Send'];
    expect((await graph('POST', `/messages/${id}/attachments`, inline('a.txt', Buffer.from('a')))).status).toBe(403);
  });
});

describe("the mailbox's MaxSendSize and the cloud", () => {
  it('refuses a send over MaxSendSize, counted after encoding, with ErrorMessageSizeExceeded', async () => {
    emulator.directory.tenants[0]!.mailboxes[0]!.maxSendSize = 2 * MiB;
    // 1.6 MiB of file are 2.13 MiB of base64: over, though the file is under.
    const id = await newDraft();
    expect((await graph('POST', `/messages/${id}/attachments`, inline('a.bin', Buffer.alloc(1.6 * MiB)))).status).toBe(
      201,
    );
    const refused = { code: 'ErrorMessageSizeExceeded', message: 'The message exceeds the maximum supported size.' };
    const draftSend = await graph('POST', `/messages/${id}/send`);
    expect([draftSend.status, draftSend.json.error]).toEqual([413, expect.objectContaining(refused)]);
    const answer = await send(mail({ attachments: [inline('a.bin', Buffer.alloc(1.6 * MiB))] }));
    expect([answer.status, answer.json.error]).toEqual([413, expect.objectContaining(refused)]);
    expect(emulator.drafts).toHaveLength(1);
    expect(emulator.messages).toEqual([]);
  });

  it.each(['usgov', 'usgov-dod'] as const)(
    'plays %s: no upload sessions, and reset makes it public again',
    async (cloud) => {
      emulator.graph.cloud = cloud;
      const id = await newDraft();
      const answer = await graph('POST', `/messages/${id}/attachments/createUploadSession`, itemOf(3 * MiB));
      expect(answer.status).toBe(400);
      expect(answer.json.error).toMatchObject({
        code: 'BadRequest',
        message: "Resource not found for the segment 'createUploadSession'.",
      });
      emulator.reset();
      expect(emulator.graph).toEqual({ cloud: 'public', minUploadBytes: 3 * MiB });
    },
  );

  it('takes a smaller upload session where a test lowers the floor', async () => {
    emulator.graph.minUploadBytes = 2 * MiB;
    const id = await newDraft();
    expect((await graph('POST', `/messages/${id}/attachments/createUploadSession`, itemOf(2 * MiB))).status).toBe(201);
    expect((await graph('POST', `/messages/${id}/attachments/createUploadSession`, itemOf(2 * MiB - 1))).status).toBe(
      400,
    );
  });
});
