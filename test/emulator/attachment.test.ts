import { describe, expect, it } from 'vitest';
import { emulator, inline, mail, send, sha256, useEmulator } from './testing.ts';

useEmulator();

describe('inline attachments', () => {
  it('records a summary of each attachment instead of its bytes', async () => {
    const log = Buffer.from('line 1\nline 2\n');
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
    const answer = await send(
      mail({
        attachments: [
          inline('test.log', log),
          inline('logo.png', png, { contentType: null, isInline: true, contentId: 'logo' }),
        ],
      }),
    );
    expect(answer.status).toBe(202);
    const [sent] = emulator.messages;
    expect(sent!.attachments).toEqual([
      { name: 'test.log', contentType: 'text/plain', size: log.length, sha256: sha256(log) },
      { name: 'logo.png', contentType: 'application/octet-stream', size: 4, sha256: sha256(png) },
    ]);
    const kept = (sent!.message as { attachments: object[] }).attachments;
    expect(kept[1]).toEqual({
      '@odata.type': '#microsoft.graph.fileAttachment',
      name: 'logo.png',
      contentType: null,
      isInline: true,
      contentId: 'logo',
    });
    expect(JSON.stringify(sent)).not.toContain('contentBytes');
  });

  it.each([
    [
      'another attachment type',
      { '@odata.type': '#microsoft.graph.itemAttachment' },
      /^Property 'message\.attachments\[0\]\.@odata\.type' has the invalid value/,
    ],
    ['an empty name', { name: ' ' }, "Property 'message.attachments[0].name' must not be empty."],
    [
      'bytes that are not base64',
      { contentBytes: 'not base64!' },
      "Cannot convert the literal in 'message.attachments[0].contentBytes' to the expected type 'Edm.Binary'.",
    ],
    ['no contentBytes', { contentBytes: null }, "Property 'message.attachments[0].contentBytes' is required."],
  ])('answers 400 RequestBodyRead for %s', async (_name, change, message) => {
    const answer = await send(mail({ attachments: [{ ...inline('a.txt', Buffer.from('a')), ...change }] }));
    expect(answer.status).toBe(400);
    expect(answer.json.error.code).toBe('RequestBodyRead');
    if (typeof message === 'string') expect(answer.json.error.message).toBe(message);
    else expect(answer.json.error.message).toMatch(message);
    expect(emulator.messages).toEqual([]);
  });
});
