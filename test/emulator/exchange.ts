/**
 * One request and its answer, as every service sees it: the body already read, the record that
 * `emulator.requests` holds, and the helpers that answer and note the status sent.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { finished } from 'node:stream/promises';

export interface RequestRecord {
  service: 'login' | 'graph' | 'github' | 'logs';
  method: string;
  /** The path; for GitHub with its query string, which carries what was asked (the ID token's audience). */
  path: string;
  /** The status sent; 0 while unanswered, and for good after a reset or hang fault. */
  status: number;
}

export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  record: RequestRecord;
  url: URL;
  /** The body up to the service's limit; `size` counts every byte received. Empty for a route that streams. */
  body: Buffer;
  size: number;
}

export function recordOf(service: RequestRecord['service'], req: IncomingMessage): RequestRecord {
  const url = new URL(req.url ?? '/', 'https://emulator');
  const path = service === 'github' ? url.pathname + url.search : url.pathname;
  return { service, method: req.method ?? 'GET', path, status: 0 };
}

/** The exchange before its body is read: routing needs only the method, path and headers. */
export function openExchange(record: RequestRecord, req: IncomingMessage, res: ServerResponse): Exchange {
  return { req, res, record, url: new URL(req.url ?? '/', 'https://emulator'), body: Buffer.alloc(0), size: 0 };
}

/** Reads the whole body, so an over-size request is still answered rather than cut off mid-upload. */
export async function readBody(ex: Exchange, limit: number): Promise<void> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ex.req as AsyncIterable<Buffer>) {
    if (size + chunk.length <= limit) chunks.push(chunk);
    size += chunk.length;
  }
  ex.body = Buffer.concat(chunks);
  ex.size = size;
}

/**
 * Reads and drops what is left of the body, so a client still sending hears the answer instead of a reset.
 * A no-op once the body has been read.
 */
export async function drain(ex: Exchange): Promise<void> {
  if (ex.req.readableEnded) return;
  ex.req.resume();
  await finished(ex.req).catch(() => undefined);
}

export function reply(ex: Exchange, status: number, headers: Record<string, string>, body = ''): void {
  ex.record.status = status;
  ex.res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
  ex.res.end(body);
}

export function replyJson(ex: Exchange, status: number, value: unknown, headers: Record<string, string> = {}): void {
  reply(ex, status, { 'content-type': 'application/json; charset=utf-8', ...headers }, JSON.stringify(value));
}

/** Where a service sends a request: the fault route it counts against, if any, and the normal answer. */
export interface Route {
  fault?:
    | 'openid'
    | 'token'
    | 'sendMail'
    | 'createDraft'
    | 'addAttachment'
    | 'uploadSession'
    | 'uploadChunk'
    | 'uploadStatus'
    | 'sendDraft'
    | 'deleteDraft'
    | 'idToken'
    | 'run'
    | 'jobs'
    | 'compare'
    | 'annotations'
    | 'runs'
    | 'jobLogs'
    | 'logContent';
  /**
   * The handler reads the body itself (an upload chunk, hashed as it arrives); otherwise the listener reads it
   * first, up to its limit. A handler that streams must drain the body before any answer that does not read it.
   */
  streams?: boolean;
  /** An upload PUT of the file's last range; faults marked `lastRange` meet only these. */
  lastRange?: boolean;
  /** Headers a scripted fault answer carries too (Graph's request-id, GitHub's x-github-request-id), unless the fault overrides them. */
  headers?: Record<string, string>;
  handle(ex: Exchange): void | Promise<void>;
}
