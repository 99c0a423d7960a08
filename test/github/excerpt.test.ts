import { describe, expect, it } from 'vitest';
import {
  cleanLine,
  FileTail,
  JobLogTail,
  linesOf,
  MAX_EXCERPT_BYTES,
  MAX_LINE_BYTES,
  MAX_LINE_CHARS,
} from '../../src/github/excerpt.js';

/** A job log as GitHub serves it: a failing `npm test` step between set-up and the post-job cleanup. */
const LOG = `2024-01-01T12:00:00.1234567Z Current runner version: '2.321.0'
2024-01-01T12:00:00.1234568Z ##[group]Operating System
2024-01-01T12:00:00.1234569Z Ubuntu
2024-01-01T12:00:00.1234570Z ##[endgroup]
2024-01-01T12:00:01.0000000Z ##[group]Run actions/checkout@v4
2024-01-01T12:00:01.0000001Z with:
2024-01-01T12:00:01.0000002Z ##[endgroup]
2024-01-01T12:00:02.0000000Z Syncing repository: Codertocat/Hello-World
2024-01-01T12:00:03.0000000Z ##[group]Run npm test
2024-01-01T12:00:03.0000001Z \u001b[36;1mnpm test\u001b[0m
2024-01-01T12:00:03.0000002Z shell: /usr/bin/bash -e {0}
2024-01-01T12:00:03.0000003Z ##[endgroup]
2024-01-01T12:00:04.0000000Z  \u001b[31m❯\u001b[39m test/app.test.ts (3 tests | 1 failed)
2024-01-01T12:00:04.0000001Z \u001b[31mAssertionError: expected 3 to be 2\u001b[39m
2024-01-01T12:00:04.0000002Z ##[error]src/app.ts:12:5: Expected 2 but received 3
2024-01-01T12:00:04.0000003Z       Tests  1 failed | 2 passed (3)
2024-01-01T12:00:04.0000004Z ##[error]Process completed with exit code 1.
2024-01-01T12:00:05.0000000Z Post job cleanup.
2024-01-01T12:00:05.0000001Z [command]/usr/bin/git version
2024-01-01T12:00:05.0000002Z ##[error]A cleanup error that is not the cause
2024-01-01T12:00:06.0000000Z Cleaning up orphan processes
`;

function tail(log: string, count: number) {
  const t = new JobLogTail(count);
  for (const line of log.split('\n')) t.push(line);
  return t;
}

describe('JobLogTail', () => {
  it('keeps the failed step up to its last error, without timestamps, colours or the cleanup', () => {
    expect(tail(LOG, 30).result()).toEqual({
      source: 'Run npm test',
      lines: [
        'Run npm test',
        'npm test',
        'shell: /usr/bin/bash -e {0}',
        ' ❯ test/app.test.ts (3 tests | 1 failed)',
        'AssertionError: expected 3 to be 2',
        'Error: src/app.ts:12:5: Expected 2 but received 3',
        '      Tests  1 failed | 2 passed (3)',
        'Error: Process completed with exit code 1.',
      ],
    });
  });

  it('keeps only the last N lines of that step', () => {
    expect(tail(LOG, 3).result()?.lines).toEqual([
      'Error: src/app.ts:12:5: Expected 2 but received 3',
      '      Tests  1 failed | 2 passed (3)',
      'Error: Process completed with exit code 1.',
    ]);
  });

  it('is done once the failed step is over, so the download can stop', () => {
    const t = new JobLogTail(30);
    const lines = LOG.split('\n');
    const cleanup = lines.findIndex((line) => line.endsWith('Post job cleanup.'));
    for (const line of lines.slice(0, cleanup)) t.push(line);
    expect(t.done).toBe(false);
    t.push(lines[cleanup]!);
    expect(t.done).toBe(true);
  });

  it('gives nothing for a log without an error (a cancelled job, a log cut short)', () => {
    expect(tail(LOG.replace(/##\[error\]/g, ''), 30).result()).toBeUndefined();
  });

  it('a step of a million lines costs the same ring', () => {
    const t = new JobLogTail(5);
    t.push('2024-01-01T12:00:03.0000000Z ##[group]Run make');
    for (let i = 0; i < 1_000_000; i++) t.push(`2024-01-01T12:00:03.0000000Z line ${i}`);
    t.push('2024-01-01T12:00:04.0000000Z ##[error]Process completed with exit code 2.');
    expect(t.result()?.lines).toEqual([
      'line 999996',
      'line 999997',
      'line 999998',
      'line 999999',
      'Error: Process completed with exit code 2.',
    ]);
  });
});

describe('cleanLine', () => {
  it('shows bidi overrides and controls as their code, never obeyed', () => {
    expect(cleanLine('abc\u202Eexe.txt\u0007 \u2066x')).toBe('abc<U+202E>exe.txt<U+0007> <U+2066>x');
  });

  it('leaves markup as it is: escaping is the renderer’s', () => {
    expect(cleanLine('<script>alert(1)</script></pre>')).toBe('<script>alert(1)</script></pre>');
  });

  it('cuts a long line to the width with an ellipsis, by code point', () => {
    const line = cleanLine('😀'.repeat(MAX_LINE_CHARS + 10));
    expect(Array.from(line)).toHaveLength(MAX_LINE_CHARS);
    expect(line.endsWith('…')).toBe(true);
  });

  it('drops the carriage return of a CRLF log and expands tabs', () => {
    expect(cleanLine('a\tb\r')).toBe('a    b');
  });
});

describe('FileTail', () => {
  it('keeps the last N lines of a plain log, colours gone', () => {
    const t = new FileTail(2, 'build.log');
    for (const line of ['one', '\u001b[31mtwo\u001b[0m', 'make: *** [test] Error 1']) t.push(line);
    expect(t.result()).toEqual({ source: 'build.log', lines: ['two', 'make: *** [test] Error 1'] });
  });

  it('caps the excerpt in bytes, dropping the oldest lines', () => {
    const t = new FileTail(500, 'big.log');
    for (let i = 0; i < 500; i++) t.push(`${i} ${'x'.repeat(200)}`);
    const { lines } = t.result();
    expect(lines.reduce((n, line) => n + Buffer.byteLength(line) + 1, 0)).toBeLessThanOrEqual(MAX_EXCERPT_BYTES);
    expect(lines.at(-1)).toMatch(/^499 /);
  });
});

describe('linesOf', () => {
  async function collect(chunks: (string | Buffer)[]) {
    const out: string[] = [];
    for await (const line of linesOf(chunks)) out.push(line.toString());
    return out;
  }

  it('splits across chunks, multi-byte characters included, and keeps a last line without a newline', async () => {
    const bytes = Buffer.from('héllo\nwörld\nend');
    expect(await collect([bytes.subarray(0, 2), bytes.subarray(2, 9), bytes.subarray(9)])).toEqual([
      'héllo',
      'wörld',
      'end',
    ]);
  });

  it('never gathers a huge line whole', async () => {
    const lines = await collect([...Array.from({ length: 100 }, () => 'x'.repeat(100_000)), '\nnext\n']);
    expect(lines[0]!.length).toBe(MAX_LINE_BYTES);
    expect(lines[1]).toBe('next');
  });
});
