/**
 * One request and its answer, as every service sees it: the body already read, the record that
 * `emulator.requests` holds, and the helpers that answer and note the status sent.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface RequestRecord {
  service: 'login' | 'graph' | 'github';
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
  /** The body up to the service's limit; `size` counts every byte received. */
  body: Buffer;
  size: number;
}

export function recordOf(service: RequestRecord['service'], req: IncomingMessage): RequestRecord {
  const url = new URL(req.url ?? '/', 'https://emulator');
  const path = service === 'github' ? url.pathname + url.search : url.pathname;
  return { service, method: req.method ?? 'GET', path, status: 0 };
}

export async function openExchange(
  record: RequestRecord,
  req: IncomingMessage,
  res: ServerResponse,
  limit: number,
): Promise<Exchange> {
  const { body, size } = await readBody(req, limit);
  return { req, res, record, url: new URL(req.url ?? '/', 'https://emulator'), body, size };
}

/** Reads the whole body, so an over-size request is still answered rather than cut off mid-upload. */
async function readBody(req: IncomingMessage, limit: number): Promise<{ body: Buffer; size: number }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    if (size + chunk.length <= limit) chunks.push(chunk);
    size += chunk.length;
  }
  return { body: Buffer.concat(chunks), size };
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
  fault?: 'openid' | 'token' | 'sendMail' | 'idToken' | 'run' | 'jobs' | 'annotations' | 'runs';
  /** Headers a scripted fault answer carries too (Graph's request-id, GitHub's x-github-request-id), unless the fault overrides them. */
  headers?: Record<string, string>;
  handle(ex: Exchange): void | Promise<void>;
}
