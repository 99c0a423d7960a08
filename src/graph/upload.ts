/**
 * Uploads one attachment through an Outlook upload session: chunks read from disk one at a time (memory stays
 * at one chunk whatever the file's size), PUT without the bearer token (the upload URL carries its own
 * authorisation and Outlook rejects a token), following the ranges the service says it expects next. The file
 * counts as attached only when the PUT of its last range is answered 201 Created.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { request } from 'undici';
import { ActionFailure } from '../failure.js';
import type { FileAttachment } from '../mail.js';
import { dispatcher, refusedByProxy } from '../net/proxy.js';
import { networkReason } from '../net/reason.js';
import { backoff } from '../net/wait.js';

/** Ten times the 320 KiB unit upload sessions want, under Outlook's 4 MiB per request. */
export const CHUNK_BYTES = 10 * 320 * 1024;
/** Attempts per request, and answers in a row that move the upload no further, before the file fails. */
const ATTEMPTS = 4;
/** Progress lines at most this often, so a 150 MB upload logs a handful of lines, not hundreds. */
const PROGRESS_EVERY_MS = 5000;

export interface UploadOptions {
  signal: AbortSignal;
  log: (line: string) => void;
  /** Counts every request put on the wire (the bench reports requests per send). */
  onRequest: () => void;
}

interface Answer {
  status: number;
  body: string;
}

export async function uploadFile(file: FileAttachment, uploadUrl: string, options: UploadOptions): Promise<void> {
  const handle = await open(file.path, 'r');
  const buffer = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, Math.max(1, file.size)));
  const started = Date.now();
  let logged = started;
  try {
    let offset = 0;
    let stalls = 0;
    for (;;) {
      const chunk = await readChunk(handle, file, buffer, offset);
      const range = `bytes ${offset}-${offset + chunk.length - 1}/${file.size}`;
      const answer = await exchange(file, offset, options, 'PUT', uploadUrl, chunk, range);
      const last = offset + chunk.length === file.size;
      if (answer.status === 201 && last) {
        options.log(progressLine(file, file.size, started));
        return;
      }
      const next = await nextOffset(file, uploadUrl, answer, last, offset, options);
      // A service that keeps asking for the same range, or acknowledges the last one without completing, would
      // loop forever: give up as for a failing chunk.
      stalls = next > offset ? 0 : stalls + 1;
      if (stalls >= ATTEMPTS) throw incomplete(file, offset, `${ATTEMPTS} answers in a row moved it no further`);
      offset = next;
      if (Date.now() - logged >= PROGRESS_EVERY_MS) {
        logged = Date.now();
        options.log(progressLine(file, offset, started));
      }
    }
  } finally {
    await handle.close();
  }
}

async function readChunk(handle: FileHandle, file: FileAttachment, buffer: Buffer, offset: number): Promise<Buffer> {
  const length = Math.min(CHUNK_BYTES, file.size - offset);
  const { bytesRead } = await handle.read(buffer, 0, length, offset);
  if (bytesRead !== length) {
    throw new ActionFailure(`Attachment ${file.name} got shorter while it was being uploaded; it must not change.`);
  }
  return buffer.subarray(0, length);
}

/**
 * Where the next range starts. An intermediate 200 says so itself (`nextExpectedRanges`); a 416, a 2xx that
 * says nothing usable, or any answer to the last range but 201 means the session and the file disagree, so the
 * session is asked where it stands (GET on the upload URL), falling back to what the answer itself said.
 */
async function nextOffset(
  file: FileAttachment,
  uploadUrl: string,
  answer: Answer,
  last: boolean,
  offset: number,
  options: UploadOptions,
): Promise<number> {
  const said = nextExpected(answer.body);
  if (answer.status !== 416 && answer.status !== 201 && !last && said !== undefined && said < file.size) return said;
  const next = (await askSession(file, uploadUrl, offset, options)) ?? said;
  if (next === undefined) {
    throw incomplete(file, offset, `the service answered ${answer.status} and did not say where to resume`);
  }
  if (next >= file.size) {
    throw incomplete(file, offset, 'the session holds every byte but never confirmed the attachment (201 Created)');
  }
  return next;
}

/** Where the session says the file stands; undefined when it does not say (not every service answers a GET). */
async function askSession(
  file: FileAttachment,
  uploadUrl: string,
  offset: number,
  options: UploadOptions,
): Promise<number | undefined> {
  try {
    const status = await exchange(file, offset, options, 'GET', uploadUrl);
    return status.status === 200 ? nextExpected(status.body) : undefined;
  } catch (error) {
    if (error instanceof ActionFailure) return undefined;
    throw error;
  }
}

function incomplete(file: FileAttachment, offset: number, why: string): ActionFailure {
  return new ActionFailure(
    `Uploading attachment ${file.name} did not complete at byte ${offset} of ${file.size}: ${why}. The draft was ` +
      'not sent; re-run the step.',
  );
}

function progressLine(file: FileAttachment, done: number, started: number): string {
  const seconds = Math.max(0.001, (Date.now() - started) / 1000);
  const percent = Math.floor((done / file.size) * 100);
  return `Uploading ${file.name}: ${percent}% of ${(file.size / 1024 / 1024).toFixed(1)} MB, ${(done / 1024 / 1024 / seconds).toFixed(1)} MB/s`;
}

/**
 * One request to the upload URL, repeated when the connection fails or the service answers 429 or 5xx; resolves
 * with any 2xx or 416 (the caller reads those), throws on the rest.
 */
async function exchange(
  file: FileAttachment,
  offset: number,
  options: UploadOptions,
  method: 'PUT' | 'GET',
  url: string,
  chunk?: Buffer,
  range?: string,
): Promise<Answer> {
  let last = '';
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    if (attempt > 1) await backoff(attempt - 1, options.signal);
    options.onRequest();
    let answer: Answer;
    try {
      answer = await send(method, url, options.signal, chunk, range);
    } catch (error) {
      if (options.signal.aborted) throw error;
      last = networkReason(error);
      continue;
    }
    if ((answer.status >= 200 && answer.status < 300) || answer.status === 416) return answer;
    last = `${answer.status} ${answer.body.slice(0, 200)}`;
    if (answer.status < 500 && answer.status !== 429) break;
  }
  throw new ActionFailure(
    refusedByProxy(last, url) ?? `Uploading attachment ${file.name} failed at byte ${offset} of ${file.size}: ${last}`,
  );
}

/**
 * undici's request rather than fetch: the chunk goes from the buffer to the socket without the copies fetch
 * makes of a body, so a 150 MB upload's memory stays flat; and through the runner's proxy.
 */
async function send(method: 'PUT' | 'GET', url: string, signal: AbortSignal, chunk?: Buffer, range?: string) {
  const headers: Record<string, string> = chunk
    ? { 'content-type': 'application/octet-stream', 'content-range': range ?? '' }
    : {};
  const response = await request(url, { method, headers, body: chunk, signal, dispatcher: dispatcher() });
  return { status: response.statusCode, body: await response.body.text() };
}

/** Outlook's answers spell it nextExpectedRanges ("2097152") or, from some clouds, NextExpectedRanges. */
interface UploadStatus {
  nextExpectedRanges?: unknown;
  NextExpectedRanges?: unknown;
}

/** The start of the first range the session expects; its size when it expects none; undefined when unsaid. */
function nextExpected(body: string): number | undefined {
  let status: UploadStatus;
  try {
    status = JSON.parse(body) as UploadStatus;
  } catch {
    return undefined;
  }
  const ranges = status?.nextExpectedRanges ?? status?.NextExpectedRanges;
  if (!Array.isArray(ranges)) return undefined;
  if (ranges.length === 0) return Number.POSITIVE_INFINITY;
  const start = Number.parseInt(String(ranges[0]).split('-')[0] ?? '', 10);
  return Number.isFinite(start) && start >= 0 ? start : undefined;
}
