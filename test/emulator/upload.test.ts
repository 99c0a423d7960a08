import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { call, emulator, graph, GUID, itemOf, mail, MiB, newDraft, sha256, token, useEmulator } from './testing.ts';
import type { Answer } from './testing.ts';

useEmulator();

const UNIT = 320 * 1024;

async function openUpload(size: number, bearer?: string): Promise<{ id: string; url: string }> {
  const id = await newDraft(bearer);
  const answer = await graph('POST', `/messages/${id}/attachments/createUploadSession`, itemOf(size), bearer);
  expect(answer.status).toBe(201);
  return { id, url: answer.json.uploadUrl as string };
}

function put(url: string, chunk: Buffer, start: number, total: number, headers: Record<string, string> = {}) {
  return call(url, {
    method: 'PUT',
    headers: {
      'content-type': 'application/octet-stream',
      'content-range': `bytes ${start}-${start + chunk.length - 1}/${total}`,
      ...headers,
    },
    body: chunk,
  });
}

describe('upload sessions', () => {
  it('opens a session on another host name of the Graph listener', async () => {
    const id = await newDraft();
    const answer = await graph('POST', `/messages/${id}/attachments/createUploadSession`, itemOf(3 * MiB));
    expect(answer.status).toBe(201);
    const port = new URL(emulator.graphEndpoint).port;
    expect(answer.json).toMatchObject({ nextExpectedRanges: ['0-'] });
    expect(answer.json['@odata.context']).toMatch(/microsoft\.graph\.uploadSession$/);
    expect(Date.parse(answer.json.expirationDateTime)).toBeGreaterThan(Date.now());
    expect(answer.json.uploadUrl).toMatch(
      new RegExp(`^https://localhost:${port}/upload/users\\('[^']+'\\)/AttachmentSessions\\('[^']+'\\)\\?authtoken=`),
    );
    expect(emulator.drafts[0]!.uploads).toMatchObject([
      { name: 'build.log', size: 3 * MiB, contentType: 'text/plain', received: 0, uploadUrl: answer.json.uploadUrl },
    ]);
  });

  it.each([
    [
      'below 3 MB',
      3 * MiB - 1,
      'ErrorAttachmentSizeShouldNotBeLessThanMinimumSize',
      'Attachment size must be greater than the minimum size.',
    ],
    [
      'above 150 MB',
      150 * MiB + 1,
      'ErrorAttachmentSizeExceedsMaximumSize',
      'Attachment size must be less than the maximum size.',
    ],
  ])('refuses an attachment %s', async (_name, size, code, message) => {
    const id = await newDraft();
    const answer = await graph('POST', `/messages/${id}/attachments/createUploadSession`, itemOf(size));
    expect(answer.status).toBe(400);
    expect(answer.json.error).toMatchObject({ code, message });
    expect((await graph('POST', `/messages/${id}/attachments/createUploadSession`, itemOf(150 * MiB))).status).toBe(
      201,
    );
  });

  it('answers 404 ErrorItemNotFound for an unknown draft, and 403 without Mail.ReadWrite', async () => {
    const missing = await graph('POST', '/messages/AAMkAnope=/attachments/createUploadSession', itemOf(3 * MiB));
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe('ErrorItemNotFound');
    const id = await newDraft();
    emulator.directory.tenants[0]!.apps[0]!.roles = ['Mail.Send'];
    expect((await graph('POST', `/messages/${id}/attachments/createUploadSession`, itemOf(3 * MiB))).status).toBe(403);
  });

  it('takes a 10 MB file in 320 KiB-multiple chunks: 200s, then 201 with Location; sending carries its hash', async () => {
    const bearer = await token();
    const file = randomBytes(10 * MiB);
    const { id, url } = await openUpload(file.length, bearer);
    const statuses: number[] = [];
    let last: Answer | undefined;
    for (let start = 0; start < file.length; start += 10 * UNIT) {
      last = await put(url, file.subarray(start, start + 10 * UNIT), start, file.length);
      statuses.push(last.status);
      if (last.status === 200) {
        expect(last.json.nextExpectedRanges).toEqual([`${Math.min(start + 10 * UNIT, file.length)}`]);
      }
    }
    expect(statuses).toEqual([200, 200, 200, 201]);
    expect(last!.headers.location).toMatch(
      new RegExp(`^${emulator.graphEndpoint}/v1\\.0/users\\('.+'\\)/messages\\('${id}'\\)/attachments\\('`),
    );
    expect(emulator.drafts[0]).toMatchObject({
      uploads: [],
      attachments: [{ name: 'build.log', contentType: 'text/plain', size: file.length, sha256: sha256(file) }],
    });
    expect((await put(url, file.subarray(0, UNIT), 0, file.length)).status).toBe(404);
    expect((await graph('POST', `/messages/${id}/send`, undefined, bearer)).status).toBe(202);
    expect(emulator.messages[0]!.attachments).toEqual([
      { name: 'build.log', contentType: 'text/plain', size: file.length, sha256: sha256(file) },
    ]);
  });

  it('answers 401 InvalidAudienceForResource to a chunk sent with a bearer token', async () => {
    const bearer = await token();
    const { url } = await openUpload(3 * MiB, bearer);
    const answer = await put(url, Buffer.alloc(UNIT), 0, 3 * MiB, { authorization: `Bearer ${bearer}` });
    expect(answer.status).toBe(401);
    expect(answer.json.error.code).toBe('InvalidAudienceForResource');
    expect(answer.json.error.message).toContain(`Audience claim is '${emulator.graphEndpoint}'`);
    expect(emulator.drafts[0]!.uploads[0]!.received).toBe(0);
  });

  it('answers 416 with the expected range to a chunk that does not start there', async () => {
    const { url } = await openUpload(3 * MiB);
    expect((await put(url, Buffer.alloc(UNIT), 0, 3 * MiB)).status).toBe(200);
    for (const start of [0, 2 * UNIT]) {
      const answer = await put(url, Buffer.alloc(UNIT), start, 3 * MiB);
      expect(answer.status).toBe(416);
      expect(answer.json).toMatchObject({ error: { code: 'ErrorInvalidRange' }, nextExpectedRanges: [`${UNIT}`] });
    }
  });

  it.each([
    ['a chunk over 4 MiB', 413, 'ErrorRequestEntityTooLarge', () => Buffer.alloc(4 * MiB + UNIT), {}],
    [
      'a chunk that is not a multiple of 320 KiB and not the last',
      400,
      'ErrorInvalidRequest',
      () => Buffer.alloc(100_000),
      {},
    ],
    [
      'a total that is not the attachment size',
      400,
      'ErrorInvalidRequest',
      () => Buffer.alloc(UNIT),
      { 'content-range': `bytes 0-${UNIT - 1}/${5 * MiB}` },
    ],
    [
      'a body longer than the range',
      400,
      'ErrorInvalidRequest',
      () => Buffer.alloc(2 * UNIT),
      { 'content-range': `bytes 0-${UNIT - 1}/${6 * MiB}` },
    ],
    ['no Content-Range', 400, 'ErrorInvalidRequest', () => Buffer.alloc(UNIT), { 'content-range': '' }],
    ['no Content-Type', 415, 'UnsupportedMediaType', () => Buffer.alloc(UNIT), { 'content-type': '' }],
    [
      'a Content-Type other than application/octet-stream',
      415,
      'UnsupportedMediaType',
      () => Buffer.alloc(UNIT),
      { 'content-type': 'text/plain' },
    ],
    [
      'a range past the end',
      400,
      'ErrorInvalidRequest',
      () => Buffer.alloc(UNIT),
      { 'content-range': `bytes ${6 * MiB}-${6 * MiB + UNIT - 1}/${6 * MiB}` },
    ],
  ])('refuses %s and keeps the session where it was', async (_name, status, code, chunk, headers) => {
    const { url } = await openUpload(6 * MiB);
    const answer = await put(url, chunk(), 0, 6 * MiB, headers);
    expect(answer.status).toBe(status);
    expect(answer.json.error.code).toBe(code);
    expect(emulator.drafts[0]!.uploads[0]!.received).toBe(0);
    expect((await put(url, Buffer.alloc(UNIT), 0, 6 * MiB)).status).toBe(200);
  });

  it('takes a last chunk of any length', async () => {
    const file = randomBytes(3 * MiB + 12_345);
    const { url } = await openUpload(file.length);
    expect((await put(url, file.subarray(0, 9 * UNIT), 0, file.length)).status).toBe(200);
    const answer = await put(url, file.subarray(9 * UNIT), 9 * UNIT, file.length);
    expect(answer.status).toBe(201);
    expect(emulator.drafts[0]!.attachments[0]!.sha256).toBe(sha256(file));
  });

  it('answers 404 for an upload URL with another authtoken', async () => {
    const { url } = await openUpload(3 * MiB);
    const forged = url.replace(/authtoken=.*/, 'authtoken=forged');
    expect((await put(forged, Buffer.alloc(UNIT), 0, 3 * MiB)).status).toBe(404);
    expect((await call(forged)).status).toBe(404);
  });

  it('reports progress on GET and cancels on DELETE', async () => {
    const { id, url } = await openUpload(3 * MiB);
    await put(url, Buffer.alloc(2 * UNIT), 0, 3 * MiB);
    const status = await call(url);
    expect(status.status).toBe(200);
    expect(status.json).toMatchObject({ nextExpectedRanges: [`${2 * UNIT}`] });
    expect(status.json.ExpirationDateTime).toBe(emulator.drafts[0]!.uploads[0]!.expirationDateTime);
    const cancelled = await call(url, { method: 'DELETE' });
    expect(cancelled.status).toBe(204);
    expect(emulator.drafts[0]!.uploads).toEqual([]);
    expect((await call(url)).status).toBe(404);
    expect((await put(url, Buffer.alloc(UNIT), 2 * UNIT, 3 * MiB)).status).toBe(404);
    expect((await graph('POST', `/messages/${id}/send`)).status).toBe(202);
  });

  it('refuses to send a draft with an upload still incomplete', async () => {
    const { id, url } = await openUpload(3 * MiB);
    await put(url, Buffer.alloc(UNIT), 0, 3 * MiB);
    const answer = await graph('POST', `/messages/${id}/send`);
    expect(answer.status).toBe(400);
    expect(answer.json.error.code).toBe('ErrorInvalidRequest');
    expect(answer.json.error.message).toMatch(/1 attachment upload session\(s\) that are not complete/);
    expect(emulator.messages).toEqual([]);
    expect(emulator.drafts).toHaveLength(1);
  });

  it('spells the ranges NextExpectedRanges when asked to, in PUT, GET and 416 answers', async () => {
    emulator.outlook.rangesProperty = 'NextExpectedRanges';
    const { url } = await openUpload(3 * MiB);
    const answers = [
      await put(url, Buffer.alloc(UNIT), 0, 3 * MiB),
      await call(url),
      await put(url, Buffer.alloc(UNIT), 0, 3 * MiB),
    ];
    expect(answers.map((a) => [a.status, a.json.NextExpectedRanges, a.json.nextExpectedRanges])).toEqual([
      [200, [`${UNIT}`], undefined],
      [200, [`${UNIT}`], undefined],
      [416, [`${UNIT}`], undefined],
    ]);
    emulator.reset();
    expect(emulator.outlook.rangesProperty).toBe('nextExpectedRanges');
  });

  it('closes the sessions of a deleted draft', async () => {
    const { id, url } = await openUpload(3 * MiB);
    expect((await graph('DELETE', `/messages/${id}`)).status).toBe(204);
    expect((await put(url, Buffer.alloc(UNIT), 0, 3 * MiB)).status).toBe(404);
  });
});

describe('draft and upload faults', () => {
  it('plays faults on createDraft, uploadSession, sendDraft and deleteDraft', async () => {
    const bearer = await token();
    emulator.fault({ route: 'createDraft', status: 503, body: 'busy' });
    expect((await graph('POST', '/messages', mail().message, bearer)).status).toBe(503);
    const id = await newDraft(bearer);
    emulator.fault({ route: 'uploadSession', status: 500 });
    const path = `/messages/${id}/attachments/createUploadSession`;
    const faulted = await graph('POST', path, itemOf(3 * MiB), bearer);
    expect(faulted.status).toBe(500);
    expect(faulted.headers['request-id']).toMatch(GUID);
    expect((await graph('POST', path, itemOf(3 * MiB), bearer)).status).toBe(201);
    emulator.drafts[0]!.uploads.length = 0;
    emulator.fault({ route: 'sendDraft', status: 429, retryAfter: '1' });
    expect((await graph('POST', `/messages/${id}/send`, undefined, bearer)).headers['retry-after']).toBe('1');
    emulator.fault({ route: 'deleteDraft', status: 500 });
    expect((await graph('DELETE', `/messages/${id}`, undefined, bearer)).status).toBe(500);
    expect((await graph('DELETE', `/messages/${id}`, undefined, bearer)).status).toBe(204);
  });

  it('fails one chunk with 503, drained, and takes it again', async () => {
    const file = randomBytes(3 * MiB + 1);
    const { url } = await openUpload(file.length);
    emulator.fault({ route: 'uploadChunk', status: 503, times: 1 });
    const chunk = file.subarray(0, 9 * UNIT);
    expect((await put(url, chunk, 0, file.length)).status).toBe(503);
    expect(emulator.drafts[0]!.uploads[0]!.received).toBe(0);
    expect((await put(url, chunk, 0, file.length)).status).toBe(200);
    expect((await put(url, file.subarray(9 * UNIT), 9 * UNIT, file.length)).status).toBe(201);
    expect(emulator.drafts[0]!.attachments[0]!.sha256).toBe(sha256(file));
  });

  it('plays a lastRange fault only on the PUT of the last range, which then stays unstored', async () => {
    const file = randomBytes(3 * MiB);
    const { url } = await openUpload(file.length);
    emulator.fault({ route: 'uploadChunk', lastRange: true, status: 200, body: { nextExpectedRanges: ['0'] } });
    expect((await put(url, file.subarray(0, 8 * UNIT), 0, file.length)).status).toBe(200);
    const faulted = await put(url, file.subarray(8 * UNIT), 8 * UNIT, file.length);
    expect(faulted.status).toBe(200);
    expect(emulator.drafts[0]!.uploads[0]!.received).toBe(8 * UNIT);
    expect((await put(url, file.subarray(8 * UNIT), 8 * UNIT, file.length)).status).toBe(201);
    expect(() => emulator.fault({ route: 'sendMail', lastRange: true })).toThrow(/only for uploadChunk/);
  });

  it('plays faults on the GET of an upload session', async () => {
    const { url } = await openUpload(3 * MiB);
    emulator.fault({ route: 'uploadStatus', status: 405 });
    expect((await call(url)).status).toBe(405);
    expect((await call(url)).status).toBe(200);
  });

  it('resets the connection mid-upload; the session resumes where GET says', async () => {
    const file = randomBytes(3 * MiB);
    const { url } = await openUpload(file.length);
    expect((await put(url, file.subarray(0, 4 * UNIT), 0, file.length)).status).toBe(200);
    emulator.fault({ route: 'uploadChunk', reset: true });
    await expect(put(url, file.subarray(4 * UNIT, 8 * UNIT), 4 * UNIT, file.length)).rejects.toThrow(
      /socket hang up|ECONNRESET|EPIPE/,
    );
    expect((await call(url)).json.nextExpectedRanges).toEqual([`${4 * UNIT}`]);
    expect((await put(url, file.subarray(4 * UNIT), 4 * UNIT, file.length)).status).toBe(201);
    expect(emulator.drafts[0]!.attachments[0]!.sha256).toBe(sha256(file));
  });
});
