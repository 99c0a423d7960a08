import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JobLogTail, MAX_LINE_CHARS } from '../../src/github/excerpt.js';
import { renderHtml } from '../../src/notification/html.js';
import { renderText } from '../../src/notification/text.js';
import type { RunContext } from '../../src/context.js';
import { failedDetails, pushRun } from '../notification/run.ts';
import { anyText, expectSafeReport, hostileText, RUNS } from './arbitraries.ts';

/** A failed step printing whatever the code under test said, as the runner logs it. */
const hostileLog = fc
  .array(fc.oneof(hostileText(6), anyText(400)), { minLength: 1, maxLength: 8 })
  .map((lines) => [
    '2024-01-01T12:00:03.0000000Z ##[group]Run npm test',
    ...lines.flatMap((line) => line.split('\n')).map((line) => `2024-01-01T12:00:04.0000000Z ${line}`),
    '2024-01-01T12:00:05.0000000Z ##[error]Process completed with exit code 1.',
  ]);

function runWith(log: string[]): RunContext {
  const tail = new JobLogTail(30);
  for (const line of log) tail.push(line);
  const details = failedDetails();
  details.jobs.find((job) => job.conclusion === 'failure')!.log = tail.result();
  return pushRun(details);
}

const BIDI_OR_CONTROL = /[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

describe('log excerpts (properties)', () => {
  it('whatever a log line holds, the HTML writes only its own tags, and the block only text', () => {
    fc.assert(
      fc.property(hostileLog, (log) => {
        const html = renderHtml(runWith(log), 'failure');
        expectSafeReport(html);
        const block = /<pre style="[^"]*">([\s\S]*?)<\/pre>/.exec(html)![1]!;
        expect(block).not.toMatch(/[<>"]/);
        for (const line of block.split('\n')) {
          expect(line).not.toMatch(BIDI_OR_CONTROL);
          expect(Array.from(line.replace(/&(?:amp|lt|gt|quot|#39);/g, '_')).length).toBeLessThanOrEqual(MAX_LINE_CHARS);
        }
      }),
      { numRuns: RUNS / 10 },
    );
  });

  it('in text, every log line sits behind the bar, so none can pass for a line of the mail', () => {
    fc.assert(
      fc.property(hostileLog, (log) => {
        const text = renderText(runWith(log), 'failure');
        const start = text.indexOf('  Log · Run npm test · ');
        const lines = text.slice(start).split('\n').slice(1);
        const block = lines.slice(
          0,
          lines.findIndex((line) => !line.startsWith('    | ')),
        );
        expect(block.at(-1)).toBe('    | Error: Process completed with exit code 1.');
        expect(text.split('\n').filter((line) => line.startsWith('View run: '))).toHaveLength(1);
      }),
      { numRuns: RUNS / 10 },
    );
  });
});
