/**
 * Upload sessions for attachments of 3 MB to 150 MB: `POST …/messages/{id}/attachments/createUploadSession` opens
 * one on a draft, and its upload URL takes the file in ranges. Outlook serves that URL, not Graph, on another host
 * name: a Graph client attaches its bearer token only to Graph's host, and Outlook refuses one sent anyway. The
 * emulator serves it on the Graph listener under `https://localhost:<port>/upload/…`.
 *
 * Chunks are hashed as they arrive and never kept, so a 150 MB upload costs no more memory than a small one.
 * Each must say `Content-Type: application/octet-stream`. Intermediate ranges are answered 200 with where the next
 * must start (`nextExpectedRanges: ["2097152"]`, as Outlook's answers spell it in the docs; `NextExpectedRanges`
 * when a test asks for the spelling other clouds answer with), the last 201 Created with a Location.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Hash } from 'node:crypto';
import { access, idsOf, itemNotFound, methodNotAllowed, refuse } from './access.ts';
import type { Ids } from './access.ts';
import { DEFAULT_CONTENT_TYPE } from './attachment.ts';
import { exchangeId, findDraft, READ_WRITE } from './draft.ts';
import type { Draft, DraftContext } from './draft.ts';
import type { Exchange, Route } from './exchange.ts';
import { drain, reply, replyJson } from './exchange.ts';
import { decodeJwt } from './jwt.ts';
import type { GraphFailure } from './message.ts';
import { readUploadRequest } from './message.ts';

/** An open upload session, as a test sees it on `draft.uploads`. */
export interface Upload {
  id: string;
  /** The pre-authenticated upload URL, its secret in the `authtoken` query parameter. */
  uploadUrl: string;
  name: string;
  size: number;
  contentType: string;
  isInline: boolean;
  /** Bytes received so far: the offset the next chunk must start at. */
  received: number;
  expirationDateTime: string;
}

/** How the upload URL words its answers; a test may change it, `reset()` restores it. */
export interface OutlookAnswers {
  /** The documented `nextExpectedRanges`, or `NextExpectedRanges` as some clouds' Outlook answers spell it. */
  rangesProperty: 'nextExpectedRanges' | 'NextExpectedRanges';
}

export const defaultOutlookAnswers = (): OutlookAnswers => ({ rangesProperty: 'nextExpectedRanges' });

export interface UploadContext extends DraftContext {
  /** `https://localhost:<graph port>`: the Graph listener under a host name Graph clients send no token to. */
  uploadOrigin: string;
  outlook: OutlookAnswers;
  /** Per session, what a test need not see: the URL's secret and the running hash. */
  sessions: WeakMap<Upload, { authtoken: string; hash: Hash }>;
}

/** A chunk carries at most 4 MiB, and every chunk but the last a multiple of 320 KiB, as Outlook requires. */
export const MAX_CHUNK_BYTES = 4 * 1024 * 1024;
export const CHUNK_UNIT = 320 * 1024;
const SESSION_HOURS = 24;

const UPLOAD_PATH = /^\/upload\/users\('[^/]+'\)\/AttachmentSessions\('([^/']+)'\)$/;

export function createUploadSession(ex: Exchange, context: UploadContext, user: string, id: string, ids: Ids): void {
  if (ex.record.method !== 'POST') return refuse(ex, ids, methodNotAllowed());
  const allowed = access(ex, context, READ_WRITE, user);
  if ('code' in allowed) return refuse(ex, ids, allowed);
  const draft = findDraft(context, allowed.mailbox.address, id);
  if (!draft) return refuse(ex, ids, itemNotFound());
  const body = readUploadRequest(ex.body, ex.size, context.settings.minUploadBytes);
  if (!body.ok) return refuse(ex, ids, body.failure);
  const sessionId = exchangeId();
  const authtoken = randomBytes(48).toString('base64url');
  const owner = `${allowed.mailbox.id}@${allowed.claims.tid}`;
  const upload: Upload = {
    id: sessionId,
    uploadUrl: `${context.uploadOrigin}/upload/users('${owner}')/AttachmentSessions('${sessionId}')?authtoken=${authtoken}`,
    name: body.item.name,
    size: body.item.size,
    contentType: body.item.contentType ?? DEFAULT_CONTENT_TYPE,
    isInline: body.item.isInline ?? false,
    received: 0,
    expirationDateTime: new Date(Date.now() + SESSION_HOURS * 3600_000).toISOString(),
  };
  draft.uploads.push(upload);
  context.sessions.set(upload, { authtoken, hash: createHash('sha256') });
  replyJson(
    ex,
    201,
    {
      '@odata.context': `${context.graphEndpoint}/v1.0/$metadata#microsoft.graph.uploadSession`,
      uploadUrl: upload.uploadUrl,
      expirationDateTime: upload.expirationDateTime,
      nextExpectedRanges: [`${upload.received}-`],
    },
    ids,
  );
}

/** The upload URL's routes, or undefined for a path outside `/upload/`. */
export function routeUpload(ex: Exchange, context: UploadContext): Route | undefined {
  if (!ex.url.pathname.startsWith('/upload/')) return undefined;
  const ids = idsOf(ex);
  switch (ex.record.method) {
    case 'PUT':
      return {
        fault: 'uploadChunk',
        lastRange: isLastRange(ex),
        streams: true,
        headers: ids,
        handle: () => takeChunk(ex, context, ids),
      };
    case 'GET':
      return {
        fault: 'uploadStatus',
        headers: ids,
        handle: () =>
          withSession(ex, context, ids, (found) => replyJson(ex, 200, progress(context, found.upload), ids)),
      };
    case 'DELETE':
      return {
        headers: ids,
        handle: () =>
          withSession(ex, context, ids, (found) => {
            found.draft.uploads.splice(found.draft.uploads.indexOf(found.upload), 1);
            reply(ex, 204, ids);
          }),
      };
    default:
      return { headers: ids, handle: () => refuse(ex, ids, methodNotAllowed()) };
  }
}

interface Found {
  draft: Draft;
  upload: Upload;
  hash: Hash;
}

/** The session the URL names, once the request is known to carry no bearer token; else the refusal. */
function sessionOf(ex: Exchange, context: UploadContext): Found | GraphFailure {
  const authorization = ex.req.headers.authorization;
  if (authorization !== undefined) return bearerRefused(ex, authorization);
  const id = UPLOAD_PATH.exec(ex.url.pathname)?.[1];
  const authtoken = ex.url.searchParams.get('authtoken');
  for (const draft of context.drafts) {
    const upload = draft.uploads.find((u) => u.id === id);
    const session = upload && context.sessions.get(upload);
    if (upload && session && session.authtoken === authtoken) return { draft, upload, hash: session.hash };
  }
  return itemNotFound();
}

function withSession(ex: Exchange, context: UploadContext, ids: Ids, then: (found: Found) => void): void {
  const found = sessionOf(ex, context);
  if ('code' in found) return refuse(ex, ids, found);
  then(found);
}

/** The URL carries its own authorization; Outlook reads a bearer token as one for the wrong audience. */
function bearerRefused(ex: Exchange, authorization: string): GraphFailure {
  const token = /^Bearer\s+(.+)$/i.exec(authorization)?.[1]?.trim() ?? '';
  const aud = decodeJwt(token)?.claims.aud;
  return {
    status: 401,
    code: 'InvalidAudienceForResource',
    message:
      `The audience claim value is invalid for current resource. Audience claim is '${typeof aud === 'string' ? aud : ''}', ` +
      `request url is 'https://${ex.req.headers.host ?? 'localhost'}${ex.url.pathname}' and resource type is 'Exchange'.`,
  };
}

/** Outlook's answer to an intermediate range, as the docs show it; also what a GET of the upload URL answers. */
function progress(context: UploadContext, upload: Upload) {
  return {
    '@odata.context': `${context.uploadOrigin}/api/v2.0/$metadata#Users/Messages/AttachmentSessions/$entity`,
    ExpirationDateTime: upload.expirationDateTime,
    [context.outlook.rangesProperty]: [String(upload.received)],
  };
}

const CONTENT_RANGE = /^bytes (\d+)-(\d+)\/(\d+)$/;

/** A PUT whose Content-Range ends at the file's last byte: faults marked `lastRange` meet only these. */
function isLastRange(ex: Exchange): boolean {
  const range = CONTENT_RANGE.exec(String(ex.req.headers['content-range'] ?? ''));
  return range !== null && Number(range[2]) + 1 === Number(range[3]);
}

const OCTET_STREAM = 'application/octet-stream';

async function takeChunk(ex: Exchange, context: UploadContext, ids: Ids): Promise<void> {
  const found = sessionOf(ex, context);
  if ('code' in found) return refuseChunk(ex, ids, found);
  const { upload } = found;
  const type = String(ex.req.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  if (type !== OCTET_STREAM) {
    return refuseChunk(ex, ids, {
      status: 415,
      code: 'UnsupportedMediaType',
      message: `A chunk must be sent with Content-Type: ${OCTET_STREAM}${type ? `, not ${type}` : ''}.`,
    });
  }
  const range = CONTENT_RANGE.exec(String(ex.req.headers['content-range'] ?? ''));
  const lengthHeader = ex.req.headers['content-length'];
  if (!range || lengthHeader === undefined) {
    return refuseChunk(
      ex,
      ids,
      invalid(
        'A chunk needs a Content-Length header and a Content-Range header of the form ' +
          "'bytes {start}-{end}/{total}'.",
      ),
    );
  }
  const [start, end, total] = [Number(range[1]), Number(range[2]), Number(range[3])];
  if (total !== upload.size) {
    return refuseChunk(
      ex,
      ids,
      invalid(`The Content-Range total ${total} is not the attachment's size, ${upload.size} bytes.`),
    );
  }
  if (end < start || end >= total) {
    return refuseChunk(
      ex,
      ids,
      invalid(`The Content-Range 'bytes ${start}-${end}/${total}' is not a range of the attachment.`),
    );
  }
  if (start !== upload.received) {
    await drain(ex);
    return outOfRange(ex, context, ids, upload, start);
  }
  const length = end - start + 1;
  if (length > MAX_CHUNK_BYTES) {
    return refuseChunk(ex, ids, {
      status: 413,
      code: 'ErrorRequestEntityTooLarge',
      message: `The chunk is ${length} bytes; a chunk may carry at most ${MAX_CHUNK_BYTES} bytes.`,
    });
  }
  if (Number(lengthHeader) !== length) {
    return refuseChunk(
      ex,
      ids,
      invalid(`The Content-Length ${lengthHeader} does not match the Content-Range, ${length} bytes.`),
    );
  }
  if (end + 1 < total && length % CHUNK_UNIT !== 0) {
    return refuseChunk(
      ex,
      ids,
      invalid(
        `The chunk is ${length} bytes; every chunk but the last must be a multiple of ` +
          `${CHUNK_UNIT} bytes (320 KiB).`,
      ),
    );
  }
  await receive(ex, context, ids, found, start, length);
}

/** Hashes the chunk as it streams in, on a copy of the session's hash that replaces it only once the chunk is whole. */
async function receive(
  ex: Exchange,
  context: UploadContext,
  ids: Ids,
  found: Found,
  start: number,
  length: number,
): Promise<void> {
  const hash = found.hash.copy();
  let count = 0;
  try {
    for await (const piece of ex.req as AsyncIterable<Buffer>) {
      count += piece.length;
      hash.update(piece);
    }
  } catch {
    // The client went away mid-chunk: nothing of it counts, and there is no one to answer.
    return;
  }
  const { draft, upload } = found;
  const session = context.sessions.get(upload);
  // Cancelled, or its draft deleted or sent, while the chunk was arriving.
  if (!session || !draft.uploads.includes(upload) || !context.drafts.includes(draft)) {
    return refuse(ex, ids, itemNotFound());
  }
  if (count !== length) {
    return refuse(ex, ids, invalid(`The body is ${count} bytes; the Content-Range announced ${length}.`));
  }
  // Another chunk for the same range won the race.
  if (upload.received !== start) return outOfRange(ex, context, ids, upload, start);
  session.hash = hash;
  upload.received += length;
  if (upload.received < upload.size) return replyJson(ex, 200, progress(context, upload), ids);
  draft.uploads.splice(draft.uploads.indexOf(upload), 1);
  context.sessions.delete(upload);
  draft.attachments.push({
    name: upload.name,
    contentType: upload.contentType,
    size: upload.size,
    sha256: hash.digest('hex'),
  });
  const location =
    `${context.graphEndpoint}/v1.0/users('${encodeURIComponent(draft.mailbox)}')/messages('${draft.id}')` +
    `/attachments('${exchangeId()}')`;
  reply(ex, 201, { ...ids, location });
}

/** 416 names the offset the session expects, so a client that lost track can resume from it. */
function outOfRange(ex: Exchange, context: UploadContext, ids: Ids, upload: Upload, start: number): void {
  const error = {
    code: 'ErrorInvalidRange',
    message: `The chunk starts at byte ${start}; the upload session expects byte ${upload.received}.`,
  };
  replyJson(ex, 416, { error, ...progress(context, upload) }, ids);
}

function invalid(message: string): GraphFailure {
  return { status: 400, code: 'ErrorInvalidRequest', message };
}

/** A refusal before the chunk was read: the rest of it is read and dropped first, so the client hears the answer. */
async function refuseChunk(ex: Exchange, ids: Ids, failure: GraphFailure): Promise<void> {
  await drain(ex);
  refuse(ex, ids, failure);
}
