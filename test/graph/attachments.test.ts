import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Message } from '@microsoft/microsoft-graph-types';
import { describe, expect, it } from 'vitest';
import {
  attachmentRequestBytes,
  draftRequestBytes,
  encodedBytes,
  fitsOneRequest,
  planAttachments,
  readAttachment,
  REQUEST_LIMIT,
  sendMailRequestBytes,
} from '../../src/graph/attachments.js';
import type { FileAttachment } from '../../src/mail.js';

const MB = 1024 * 1024;
const message: Message = {
  subject: 'CI #42',
  body: { contentType: 'html', content: '<p>done</p>' },
  toRecipients: [{ emailAddress: { address: 'jane@contoso.com' } }],
  importance: 'normal',
};
const file = (name: string, size: number): FileAttachment => ({
  name,
  path: `/x/${name}`,
  size,
  contentType: 'application/octet-stream',
});
const names = (files: FileAttachment[]) => files.map((f) => f.name);

describe('request sizes', () => {
  it('count base64 at four bytes per three, rounded up', () => {
    expect([0, 1, 2, 3, 4, 3 * MB].map(encodedBytes)).toEqual([0, 4, 4, 4, 8, 4 * MB]);
  });

  it('are the bytes the request really has: the JSON sent, base64 included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sizes-'));
    const path = join(dir, 'ünïcode name.bin');
    writeFileSync(path, Buffer.alloc(1000, 7));
    const real = { ...file('ünïcode name.bin', 1000), path };
    const inline = await readAttachment(real);
    expect(attachmentRequestBytes(real)).toBe(Buffer.byteLength(JSON.stringify(inline)));
    expect(draftRequestBytes(message, [real])).toBe(
      Buffer.byteLength(JSON.stringify({ ...message, attachments: [inline] })),
    );
    expect(sendMailRequestBytes(message, [real], false)).toBe(
      Buffer.byteLength(JSON.stringify({ message: { ...message, attachments: [inline] }, saveToSentItems: false })),
    );
  });
});

describe('fitsOneRequest: the boundary between one POST and an upload session', () => {
  // {"@odata.type":"#microsoft.graph.fileAttachment","name":"edge-1.bin","contentType":"application/octet-stream",
  // "contentBytes":""} is 128 bytes, which leaves 4 194 176 bytes of base64: 3 145 632 bytes of file.
  it('takes the largest file whose request is exactly 4 MiB', () => {
    expect(attachmentRequestBytes(file('edge-1.bin', 3_145_632))).toBe(REQUEST_LIMIT);
    expect(fitsOneRequest(file('edge-1.bin', 3_145_632))).toBe(true);
  });

  it('sends one byte more, and so 3 MiB - 1 and 3 MiB (the documented floor of upload sessions), to a session', () => {
    expect(fitsOneRequest(file('edge-1.bin', 3_145_633))).toBe(false);
    expect(fitsOneRequest(file('edge-1.bin', 3 * MB - 1))).toBe(false);
    expect(fitsOneRequest(file('edge-1.bin', 3 * MB))).toBe(false);
  });
});

describe('planAttachments', () => {
  it('one sendMail when everything fits: a single 2.8 MiB file', () => {
    const plan = planAttachments(message, [file('a.bin', 2.8 * MB)], true);
    expect(plan).toMatchObject({ oneRequest: true, posted: [], uploaded: [] });
    expect(names(plan.inline)).toEqual(['a.bin']);
  });

  it('six 1 MiB files: two ride with the draft, four are posted one each', () => {
    const files = Array.from({ length: 6 }, (_, i) => file(`part${i}.bin`, MB));
    const plan = planAttachments(message, files, true);
    expect(plan.oneRequest).toBe(false);
    expect(names(plan.inline)).toEqual(['part0.bin', 'part1.bin']);
    expect(names(plan.posted)).toEqual(['part2.bin', 'part3.bin', 'part4.bin', 'part5.bin']);
    expect(plan.uploaded).toEqual([]);
  });

  it('the draft takes the smallest files first, so the most ride along', () => {
    const files = [file('big.bin', 2.5 * MB), file('s1.bin', MB), file('s2.bin', MB), file('tiny.txt', 10)];
    const plan = planAttachments(message, files, true);
    expect(names(plan.inline)).toEqual(['tiny.txt', 's1.bin', 's2.bin']);
    expect(names(plan.posted)).toEqual(['big.bin']);
  });

  it('small files and a large one: the small ones in the draft, the large one uploaded', () => {
    const small = Array.from({ length: 6 }, (_, i) => file(`log${i}.txt`, 100_000));
    const plan = planAttachments(message, [...small, file('build.zip', 5 * MB)], true);
    expect(plan.oneRequest).toBe(false);
    expect(names(plan.inline)).toEqual(names(small));
    expect(plan.posted).toEqual([]);
    expect(names(plan.uploaded)).toEqual(['build.zip']);
  });

  it('a file that fits one request only on its own is posted, not put in the draft', () => {
    const plan = planAttachments(message, [file('edge-1.bin', 3_145_632)], true);
    expect(plan).toMatchObject({ oneRequest: false, inline: [] });
    expect(names(plan.posted)).toEqual(['edge-1.bin']);
  });

  it('every plan keeps each request within 4 MiB', () => {
    const files = [2.9, 0.4, 1.7, 2.2, 0.01, 1.3].map((mb, i) => file(`f${i}.bin`, Math.round(mb * MB)));
    const plan = planAttachments(message, files, false);
    expect(draftRequestBytes(message, plan.inline)).toBeLessThanOrEqual(REQUEST_LIMIT);
    for (const posted of plan.posted) expect(attachmentRequestBytes(posted)).toBeLessThanOrEqual(REQUEST_LIMIT);
    expect([...plan.inline, ...plan.posted].length).toBe(files.length);
  });
});
