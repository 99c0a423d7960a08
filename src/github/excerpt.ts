/**
 * The end of a log, read line by line with only the last lines kept, so a log of any size costs the same memory.
 * A GitHub job log opens each step with `##[group]Run …` and ends the failing one with `##[error]` lines, then
 * runs the post-job cleanup; what explains a failure is the failing step's last lines up to those errors.
 */
import { stripVTControlCharacters } from 'node:util';
import type { LogExcerpt } from '../context.js';

/** Wide enough for a compiler message, narrow enough that a minified bundle on one line does not fill the mail. */
export const MAX_LINE_CHARS = 300;
/**
 * Bytes of lines per excerpt: a mail holds at most five failed jobs' excerpts and the log file's, so the whole
 * section stays under 64 KiB, far below Graph's 4 MB request.
 */
export const MAX_EXCERPT_BYTES = 10 * 1024;

/** `2024-01-01T12:00:00.1234567Z ` opens every line of a job log. */
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z ?/;
/** Each step's first line, and the first lines of the post-job steps, which follow the failed one. */
const STEP_START = /^(?:##\[group\]Run |Post job cleanup\.$|Cleaning up orphan processes$)/;
const ERROR = /^##\[error\]/;
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

/** Keeps the last `size` items. */
class Ring {
  private items: string[] = [];
  private readonly size: number;
  constructor(size: number) {
    this.size = size;
  }
  push(item: string): void {
    this.items.push(item);
    if (this.items.length > this.size) this.items.shift();
  }
  clear(): void {
    this.items = [];
  }
  get all(): string[] {
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
  private caught: { source: string; lines: string[] } | undefined;
  private finished = false;

  constructor(count: number) {
    this.ring = new Ring(count);
  }

  get done(): boolean {
    return this.finished;
  }

  push(raw: string): void {
    if (this.finished) return;
    const line = raw.replace(TIMESTAMP, '');
    if (STEP_START.test(line)) {
      // The step that erred has ended: its excerpt is complete.
      if (this.caught) {
        this.finished = true;
        return;
      }
      this.ring.clear();
      this.step = cleanLine(line);
    }
    if (line.startsWith('##[endgroup]')) return;
    // Kept raw, cleaned only once shown: most lines of a long log are pushed out unread.
    this.ring.push(line);
    if (ERROR.test(line)) this.caught = { source: this.step, lines: this.ring.all };
  }

  /** The failed step's excerpt; undefined when no step reported an error (a cancelled job, a log cut short). */
  result(): LogExcerpt | undefined {
    return this.caught && capped(this.caught.source, this.caught.lines.map(cleanLine));
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
  push(raw: string): void {
    this.ring.push(raw);
  }
  result(): LogExcerpt {
    return capped(
      this.source,
      this.ring.all.map((line) => cleanLine(line.replace(TIMESTAMP, ''))),
    );
  }
}

/** Colours and controls gone, markers read as words, cut to MAX_LINE_CHARS code points. */
export function cleanLine(raw: string): string {
  let line = stripVTControlCharacters(raw).replace(/\r$/, '');
  for (const [marker, word] of MARKERS) line = line.replace(marker, word);
  line = line.replace(INVISIBLE, (c) =>
    c === '\t' ? '    ' : `<U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`,
  );
  const chars = Array.from(line.trimEnd());
  return chars.length > MAX_LINE_CHARS ? `${chars.slice(0, MAX_LINE_CHARS - 1).join('')}…` : chars.join('');
}

/** Drops the oldest lines until the excerpt fits MAX_EXCERPT_BYTES. */
function capped(source: string, lines: string[]): LogExcerpt {
  let bytes = lines.reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0);
  let start = 0;
  while (bytes > MAX_EXCERPT_BYTES && start < lines.length) bytes -= Buffer.byteLength(lines[start++]!) + 1;
  return { source, lines: lines.slice(start) };
}

/**
 * A stream's lines, each cut to a few times MAX_LINE_CHARS as it arrives: a log with a line of hundreds of
 * megabytes (minified output, a binary) must not be gathered whole.
 */
export async function* linesOf(stream: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const keep = MAX_LINE_CHARS * 4;
  const decoder = new TextDecoder();
  let line = '';
  for await (const chunk of stream) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let from = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', from)) {
      yield (line + text.slice(from, end)).slice(0, keep);
      line = '';
      from = end + 1;
    }
    if (line.length < keep) line += text.slice(from, from + keep - line.length);
  }
  line += decoder.decode();
  if (line !== '') yield line.slice(0, keep);
}
