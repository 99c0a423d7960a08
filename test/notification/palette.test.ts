import { describe, expect, it } from 'vitest';
import type { JobConclusion, RunDetails } from '../../src/context.js';
import { renderHtml } from '../../src/notification/html.js';
import { CONCLUSION_LOOKS } from '../../src/notification/jobs.js';
import { renderMarkdown } from '../../src/notification/markdown.js';
import { FAILED_BOX, FAILED_TEXT, INK, LINK, MUTED } from '../../src/notification/palette.js';
import { STATUS_LOOKS } from '../../src/notification/status.js';
import { STATUSES } from '../../src/status.js';
import { contrast, MINIMUM, paints, type Paint } from './contrast.ts';
import { job, pushRun } from './run.ts';

/** A run with a job of every conclusion (each with a bar), and failed jobs with every level of annotation. */
function everything(): RunDetails {
  const conclusions = Object.keys(CONCLUSION_LOOKS) as JobConclusion[];
  const annotations = [
    { level: 'failure' as const, path: 'src/a.ts', line: 3, title: 'parses', message: 'AssertionError' },
    { level: 'warning' as const, path: 'src/b.ts', title: 'slow', message: 'Slow test' },
    { level: 'notice' as const, message: 'Cache restored' },
  ];
  const failed = { failedSteps: ['Run tests'], annotations };
  return {
    jobs: [
      ...conclusions.map((conclusion, i) => job(`job ${conclusion}`, { conclusion, durationSeconds: 10 + i })),
      job('the failure', { conclusion: 'failure', durationSeconds: 30, ...failed }),
      job('the timeout', { conclusion: 'timed_out', durationSeconds: 60, ...failed }),
      ...Array.from({ length: 5 }, (_, i) => job(`more ${i}`, { conclusion: 'failure' })),
      job('notify', { conclusion: 'in_progress', current: true }),
    ],
    moreJobs: 3,
    durationSeconds: 300,
  };
}

const MARKDOWN =
  '# H1\n\n###### H6\n\n> quote\n\n`code`\n\n```\nblock\n```\n\n| th |\n|---|\n| td |\n\n[link](https://example.com)';

const MAILS: [string, string][] = [
  ...STATUSES.map((status): [string, string] => [`the ${status} mail`, renderHtml(pushRun(everything()), status)]),
  ['a markdown body', renderMarkdown(MARKDOWN)],
];

/** Each colour pair the layout paints, once, with the strictest minimum any of its uses needs. */
function pairs(): Map<string, { paint: Paint; minimum: number; uses: Set<string> }> {
  const found = new Map<string, { paint: Paint; minimum: number; uses: Set<string> }>();
  for (const [, html] of MAILS) {
    for (const paint of paints(html)) {
      const id = `${paint.colour} on ${paint.background}`;
      const entry = found.get(id) ?? { paint, minimum: 0, uses: new Set<string>() };
      entry.minimum = Math.max(entry.minimum, MINIMUM[paint.kind]);
      entry.uses.add(paint.kind === 'mark' ? paint.what : JSON.stringify(paint.what.slice(0, 30)));
      found.set(id, entry);
    }
  }
  return found;
}

const PAIRS = pairs();

describe('contrast', () => {
  it('is the WCAG ratio', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#ffffff', '#ffffff')).toBe(1);
    // WCAG's own examples: #767676 is the lightest grey that passes 4.5:1 on white, #777777 fails it.
    expect(contrast('#767676', '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(contrast('#777777', '#ffffff')).toBeLessThan(4.5);
  });
});

describe('the palette as the layout uses it', () => {
  it.each([...PAIRS].map(([id, { minimum, uses }]) => [id, minimum, [...uses].slice(0, 4).join(', ')]))(
    '%s keeps %s:1 (%s)',
    (id, minimum) => {
      const { paint } = PAIRS.get(id)!;
      expect(contrast(paint.colour, paint.background)).toBeGreaterThanOrEqual(minimum);
    },
  );

  it('finds every pair that matters, so the check cannot pass by finding none', () => {
    const ids = [...PAIRS.keys()];
    for (const { banner, text } of Object.values(STATUS_LOOKS)) expect(ids).toContain(`${text} on ${banner}`);
    for (const { colour } of Object.values(CONCLUSION_LOOKS)) {
      expect(ids).toContain(`${colour} on #ffffff`);
      expect(ids).toContain(`${colour} on #eaeef2`);
    }
    for (const colour of [INK, MUTED, LINK, FAILED_TEXT]) expect(ids).toContain(`${colour} on ${FAILED_BOX}`);
    expect(ids).toContain(`${MUTED} on #ffffff`);
    expect(ids).toContain(`${INK} on #f6f8fa`);
  });

  it('fails a palette that breaks contrast', () => {
    const [, html] = MAILS[1]!;
    const faded = html.replaceAll(MUTED, '#8c959f');
    const failing = paints(faded).filter((p) => contrast(p.colour, p.background) < MINIMUM[p.kind]);
    expect(failing.map((p) => p.what)).toContain('Warnings and notices');
    expect(paints(html).filter((p) => contrast(p.colour, p.background) < MINIMUM[p.kind])).toEqual([]);
  });
});
