/**
 * Uploads one attachment through an Outlook upload session: chunks read from disk one at a time (memory stays
 * at one chunk whatever the file's size), PUT without the bearer token (the upload URL carries its own
 * authorisation and Outlook rejects a token), following the ranges the service says it expects next.
 */
import { open } from 'node:fs/promises';
import { request } from 'node:https';
import { ActionFailure } from '../failure.js';
import type { FileAttachment } from '../mail.js';
import { backoff, networkReason } from './transport.js';

/** Ten times the 320 KiB unit upload sessions want, under Outlook's 4 MiB per request. */
export const CHUNK_BYTES = 10 * 320 * 1024;
/** Attempts per chunk: a failed PUT is repeated, the file is not restarted. */
const CHUNK_ATTEMPTS = 4;
/** Progress lines at most this often, so a 150 MB upload logs a handful of lines, not hundreds. */
const PROGRESS_EVERY_MS = 5000;

export interface UploadOptions {
  signal: AbortSignal;
  log: (line: string) => void;
  /** Counts every request put on the wire (the bench reports requests per send). */
  onRequest: () => void;
}

export async function uploadFile(file: FileAttachment, uploadUrl: string, options: UploadOptions): Promise<void> {
  const handle = await open(file.path, 'r');
  const buffer = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, Math.max(1, file.size)));
  const started = Date.now();
  let logged = started;
  try {
    let offset = 0;
    let stalls = 0;
    while (offset < file.size) {
      const length = Math.min(CHUNK_BYTES, file.size - offset);
      const { bytesRead } = await handle.read(buffer, 0, length, offset);
      if (bytesRead !== length) {
        throw new ActionFailure(`Attachment ${file.name} got shorter while it was being uploaded; it must not change.`);
      }
      const next = await putChunk(file, uploadUrl, buffer.subarray(0, length), offset, options);
      // A service that keeps asking for the same range would loop forever; give up as for a failing chunk.
      stalls = next > offset ? 0 : stalls + 1;
      if (stalls >= CHUNK_ATTEMPTS) {
        throw new ActionFailure(
          `Uploading attachment ${file.name} made no progress at byte ${offset} of ${file.size}.`,
        );
      }
      offset = next;
      if (Date.now() - logged >= PROGRESS_EVERY_MS || offset >= file.size) {
        logged = Date.now();
        options.log(progressLine(file, offset, started));
      }
    }
  } finally {
    await handle.close();
  }
}

function progressLine(file: FileAttachment, done: number, started: number): string {
  const seconds = Math.max(0.001, (Date.now() - started) / 1000);
  const percent = Math.floor((done / file.size) * 100);
  return `Uploading ${file.name}: ${percent}% of ${(file.size / 1024 / 1024).toFixed(1)} MB, ${(done / 1024 / 1024 / seconds).toFixed(1)} MB/s`;
}

/** PUTs one chunk, retrying it; returns the offset the service expects next (the size when it is complete). */
async function putChunk(
  file: FileAttachment,
  uploadUrl: string,
  chunk: Buffer,
  offset: number,
  options: UploadOptions,
): Promise<number> {
  let last = '';
  for (let attempt = 1; attempt <= CHUNK_ATTEMPTS; attempt++) {
    if (attempt > 1) await backoff(attempt - 1, options.signal);
    options.onRequest();
    let response: ChunkAnswer;
    try {
      response = await put(
        uploadUrl,
        chunk,
        `bytes ${offset}-${offset + chunk.length - 1}/${file.size}`,
        options.signal,
      );
    } catch (error) {
      if (options.signal.aborted) throw error;
      last = networkReason(error);
      continue;
    }
    if (response.status === 201) return file.size;
    if ((response.status >= 200 && response.status < 300) || response.status === 416) {
      // 416: the service holds a different range than this chunk assumed; resume where it says.
      return nextExpected(parseStatus(response.body), file.size, offset + chunk.length);
    }
    last = `${response.status} ${response.body.slice(0, 200)}`;
    if (response.status < 500 && response.status !== 429) break;
  }
  throw new ActionFailure(`Uploading attachment ${file.name} failed at byte ${offset} of ${file.size}: ${last}`);
}

/** Outlook's upload answers spell it NextExpectedRanges ("2097152"); OneDrive-style ones nextExpectedRanges ("2097152-"). */
interface UploadStatus {
  nextExpectedRanges?: unknown;
  NextExpectedRanges?: unknown;
}

function nextExpected(body: UploadStatus, size: number, fallback: number): number {
  const ranges = body.nextExpectedRanges ?? body.NextExpectedRanges;
  const first = Array.isArray(ranges) ? String(ranges[0] ?? '') : '';
  const start = Number.parseInt(first.split('-')[0] ?? '', 10);
  return Number.isFinite(start) && start >= 0 && start <= size ? start : fallback;
}

interface ChunkAnswer {
  status: number;
  body: string;
}

/**
 * One PUT with node:https rather than fetch: the chunk goes from the buffer to the socket without the copies
 * fetch makes of a body, which kept a 150 MB upload's memory growing with the file.
 */
function put(url: string, chunk: Buffer, range: string, signal: AbortSignal): Promise<ChunkAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'PUT', signal, headers: { 'Content-Range': range, 'Content-Length': chunk.length } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (text: string) => (body += text));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(chunk);
  });
}

function parseStatus(body: string): UploadStatus {
  try {
    return JSON.parse(body) as UploadStatus;
  } catch {
    return {};
  }
}
