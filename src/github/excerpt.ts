/**
 * The end of a log, read line by line with only the last lines kept, so a log of any size costs the same memory.
 * A GitHub job log opens each step with `##[group]Run …` and ends the failing one with `##[error]` lines, then
 * runs the post-job cleanup; what explains a failure is the failing step's last lines up to those errors.
 *
 * Lines stay bytes (views into the chunks read) until they are shown: decoding every line of a 120 MB log into
 * strings would make the garbage collector's young space, and the process, grow by tens of megabytes.
 */
import { stripVTControlCharacters } from 'node:util';
import type { LogExcerpt } from '../context.js';

/** Wide enough for a compiler message, narrow enough that a minified bundle on one line does not fill the mail. */
export const MAX_LINE_CHARS = 300;
/** Bytes of a line kept as it is read: room for MAX_LINE_CHARS with colour codes and multi-byte characters. */
export const MAX_LINE_BYTES = MAX_LINE_CHARS * 8;
/**
 * Bytes of lines per excerpt: a mail holds at most five failed jobs' excerpts and the log file's, so the whole
 * section stays under 64 KiB, far below Graph's 4 MB request.
 */
export const MAX_EXCERPT_BYTES = 10 * 1024;

/** `2024-01-01T12:00:00.1234567Z ` opens every line of a job log. */
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z ?/;
/** Each step's first line, and the first lines of the post-job steps, which follow the failed one. */
const STEP_STARTS = ['##[group]Run ', 'Post job cleanup.', 'Cleaning up orphan processes'].map((s) => Buffer.from(s));
const ERROR = Buffer.from('##[error]');
const END_GROUP = Buffer.from('##[endgroup]');
/** What the runner's markers read as in GitHub's log view. */
const MARKERS: [RegExp, string][] = [
  [/^##\[group\]/, ''],
  [/^##\[error\]/, 'Error: '],
  [/^##\[warning\]/, 'Warning: '],
  [/^##\[notice\]/, 'Notice: '],
  [/^##\[debug\]/, 'Debug: '],
  [/^##\[command\]/, ''],
];
/** Controls and bidirectional overrides left after the colours are gone: shown as their code, never obeyed. */
const INVISIBLE = /[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/** Keeps the last `size` lines. */
class Ring {
  private items: Buffer[] = [];
  private readonly size: number;
  constructor(size: number) {
    this.size = size;
  }
  push(item: Buffer): void {
    this.items.push(item);
    if (this.items.length > this.size) this.items.shift();
  }
  clear(): void {
    this.items = [];
  }
  get all(): Buffer[] {
    return [...this.items];
  }
}

/**
 * Follows a job log: the current step's last `count` lines; in the first step that reports `##[error]`, the
 * last `count` lines up to and including its last error. That step is the cause; what runs after it (cleanup,
 * steps with `if: always()`) is left out, and `done` turns true when it starts, so the reader can stop.
 */
export class JobLogTail {
  private readonly ring: Ring;
  private step = '';
  private caught: { source: string; lines: Buffer[] } | undefined;
  private finished = false;

  constructor(count: number) {
    this.ring = new Ring(count);
  }

  get done(): boolean {
    return this.finished;
  }

  push(line: Buffer | string): void {
    if (this.finished) return;
    const bytes = typeof line === 'string' ? Buffer.from(line) : line;
    const from = timestampLength(bytes);
    if (STEP_STARTS.some((start) => startsAt(bytes, start, from))) {
      // The step that erred has ended: its excerpt is complete.
      if (this.caught) {
        this.finished = true;
        return;
      }
      this.ring.clear();
      this.step = cleanLine(bytes.toString('utf8', from));
    }
    if (startsAt(bytes, END_GROUP, from)) return;
    this.ring.push(bytes);
    if (startsAt(bytes, ERROR, from)) this.caught = { source: this.step, lines: this.ring.all };
  }

  /** The failed step's excerpt; undefined when no step reported an error (a cancelled job, a log cut short). */
  result(): LogExcerpt | undefined {
    return this.caught && capped(this.caught.source, this.caught.lines);
  }
}

/** The last `count` lines of a log with no steps to tell apart, such as a build's output saved with `tee`. */
export class FileTail {
  private readonly ring: Ring;
  private readonly source: string;
  constructor(count: number, source: string) {
    this.ring = new Ring(count);
    this.source = source;
  }
  push(line: Buffer | string): void {
    this.ring.push(typeof line === 'string' ? Buffer.from(line) : line);
  }
  result(): LogExcerpt {
    return capped(this.source, this.ring.all);
  }
}

/** Colours and controls gone, markers read as words, cut to MAX_LINE_CHARS code points. */
export function cleanLine(raw: string): string {
  let line = stripVTControlCharacters(raw.replace(TIMESTAMP, '')).replace(/\r$/, '');
  for (const [marker, word] of MARKERS) line = line.replace(marker, word);
  line = line.replace(INVISIBLE, (c) =>
    c === '\t' ? '    ' : `<U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`,
  );
  const chars = Array.from(line.trimEnd());
  return chars.length > MAX_LINE_CHARS ? `${chars.slice(0, MAX_LINE_CHARS - 1).join('')}…` : chars.join('');
}

/** The lines cleaned, dropping the oldest until the excerpt fits MAX_EXCERPT_BYTES. */
function capped(source: string, raw: Buffer[]): LogExcerpt {
  const lines = raw.map((line) => cleanLine(line.toString('utf8')));
  let bytes = lines.reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0);
  let start = 0;
  while (bytes > MAX_EXCERPT_BYTES && start < lines.length) bytes -= Buffer.byteLength(lines[start++]!) + 1;
  return { source, lines: lines.slice(start) };
}

/** How many bytes the line's `2024-01-01T12:00:00.1234567Z ` takes; 0 when it has none. Checked byte by byte. */
function timestampLength(line: Buffer): number {
  const at = (i: number, c: string) => line[i] === c.charCodeAt(0);
  if (!(at(4, '-') && at(7, '-') && at(10, 'T') && at(13, ':') && at(16, ':'))) return 0;
  const z = line.indexOf(0x5a /* Z */, 19);
  if (z === -1 || z > 40) return 0;
  return line[z + 1] === 0x20 ? z + 2 : z + 1;
}

function startsAt(line: Buffer, prefix: Buffer, from: number): boolean {
  if (line.length - from < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (line[from + i] !== prefix[i]) return false;
  return true;
}

/**
 * A stream's lines as byte views, each cut to MAX_LINE_BYTES as it arrives: a log with a line of hundreds of
 * megabytes (minified output, a binary) must not be gathered whole.
 */
export async function* linesOf(
  stream: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
): AsyncGenerator<Buffer> {
  let partial: Buffer[] = [];
  let partialLength = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    let from = 0;
    for (let end = bytes.indexOf(0x0a, from); end !== -1; end = bytes.indexOf(0x0a, from)) {
      const piece = bytes.subarray(from, Math.min(end, from + MAX_LINE_BYTES - partialLength));
      yield partialLength === 0 ? piece : Buffer.concat([...partial, piece]);
      partial = [];
      partialLength = 0;
      from = end + 1;
    }
    const rest = bytes.subarray(from, from + Math.max(0, MAX_LINE_BYTES - partialLength));
    if (rest.length > 0) {
      partial.push(rest);
      partialLength += rest.length;
    }
  }
  if (partialLength > 0) yield Buffer.concat(partial);
}
