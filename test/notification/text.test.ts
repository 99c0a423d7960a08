import { describe, expect, it } from 'vitest';
import { jobLines, renderText } from '../../src/notification/text.js';
import { runContext } from '../fixtures/context.ts';
import { examplePayload } from '../fixtures/github.ts';
import { failedDetails, job, pushRun, successDetails } from './run.ts';

describe('renderText', () => {
  it('writes a headline, labelled lines and the run URL', () => {
    const payload = examplePayload('pull_request');
    payload.pull_request.title = `Fix "quotes" & 'apostrophes' <b>`;
    const ctx = runContext('pull_request', { GITHUB_RUN_ATTEMPT: '2', GITHUB_TRIGGERING_ACTOR: 'hubot' }, payload);
    expect(renderText(ctx, 'failure')).toBe(
      [
        '❌ FAILURE · Codertocat/Hello-World · CI #42 · PR #2',
        '',
        'Repository: Codertocat/Hello-World <https://github.com/Codertocat/Hello-World>',
        'Workflow: CI',
        'Run: #42 (attempt 2) <https://github.com/Codertocat/Hello-World/actions/runs/1658821493/attempts/2>',
        'Event: pull_request',
        'Branch: changes → master',
        'Commit: ec26c3e <https://github.com/Codertocat/Hello-World/commit/ec26c3e57ca3a959ca5aad62de7213c562f8c821>',
        `Pull request: #2 Fix "quotes" & 'apostrophes' <b> <https://github.com/Codertocat/Hello-World/pull/2>`,
        'Actor: Codertocat (triggered by hubot)',
        '',
        'View run: https://github.com/Codertocat/Hello-World/actions/runs/1658821493/attempts/2',
        '',
      ].join('\n'),
    );
  });

  it('keeps a multi-line title on its own line', () => {
    const payload = examplePayload('pull_request');
    payload.pull_request.title = 'Harmless\nView run: https://evil.example';
    const lines = renderText(runContext('pull_request', {}, payload), 'success').split('\n');
    expect(lines.filter((l) => l.startsWith('View run:'))).toEqual([
      'View run: https://github.com/Codertocat/Hello-World/actions/runs/1658821493',
    ]);
  });

  it('shows a release and its commit for a release event', () => {
    const text = renderText(runContext('release'), 'success');
    expect(text).toContain('Tag: 0.0.1\n');
    expect(text).toContain('Release: 0.0.1 <https://github.com/Codertocat/Hello-World/releases/tag/0.0.1>\n');
    expect(text).toContain('Commit: a1b2c3d <');
  });
});

describe('renderText with run details', () => {
  it('lists the jobs and what failed in them', () => {
    expect(renderText({ ...pushRun(failedDetails()), transition: 'broken' }, 'failure')).toBe(
      [
        '❌ BROKEN · Codertocat/Hello-World · CI #42 · master',
        '',
        'Repository: Codertocat/Hello-World <https://github.com/Codertocat/Hello-World>',
        'Workflow: CI',
        'Run: #42 <https://github.com/Codertocat/Hello-World/actions/runs/1658821493>',
        'Duration: 4m 12s',
        'Event: push',
        'Branch: master',
        'Commit: 6113728 Parse nested lists <https://github.com/Codertocat/Hello-World/commit/6113728f27ae82c7b1a177c8d03f9e96e0adf246>',
        'Compare: a10867b14bb7...6113728f27ae <https://github.com/Codertocat/Hello-World/compare/a10867b14bb7...6113728f27ae>',
        'Actor: Codertocat',
        '',
        'Jobs:',
        '✅ build · Passed · 1m 35s',
        '✅ lint · Passed · 38s',
        '❌ test (ubuntu-latest) · Failed · 3m 10s',
        '🚫 test (windows-latest) · Cancelled · 1m 1s',
        '⏭️ docs · Skipped',
        '⏳ notify · Running · sending this mail',
        '',
        '❌ test (ubuntu-latest) · Failed <https://github.com/Codertocat/Hello-World/actions/runs/1658821493/job/103>',
        '  Failed step: Run tests',
        '  failure · src/parser.test.ts:42 · parses nested lists: AssertionError: expected 3 to be 4',
        '  Warnings:',
        '  - Node.js 20 actions are deprecated.',
        '',
        'View run: https://github.com/Codertocat/Hello-World/actions/runs/1658821493',
        '',
      ].join('\n'),
    );
  });

  it('names the fixed transition in the headline', () => {
    expect(renderText({ ...pushRun(successDetails()), transition: 'fixed' }, 'success')).toMatch(/^✅ FIXED · /);
  });

  it('notes jobs and failed jobs left out', () => {
    expect(
      jobLines({ ...successDetails(), moreJobs: 12 })
        .split('\n')
        .at(-1),
    ).toBe('… and 12 more jobs');
    const jobs = Array.from({ length: 6 }, (_, i) => job(`f${i}`, { conclusion: 'failure' }));
    expect(renderText(pushRun({ jobs, moreJobs: 0 }), 'failure')).toContain('\n… and 1 more failed job\n');
  });

  it('keeps hostile job names, steps and annotations each on their own line', () => {
    const details = {
      jobs: [
        job('evil\nView run: https://evil.example', {
          conclusion: 'failure' as const,
          failedSteps: ['step\r\nView run: x'],
          annotations: [{ level: 'failure' as const, message: 'm\nView run: y' }],
        }),
      ],
      moreJobs: 0,
    };
    const lines = renderText(pushRun(details), 'failure').split('\n');
    expect(lines.filter((l) => l.startsWith('View run:'))).toEqual([
      'View run: https://github.com/Codertocat/Hello-World/actions/runs/1658821493',
    ]);
    expect(lines).toContain('❌ evil View run: https://evil.example · Failed');
    expect(lines).toContain('  Failed step: step View run: x');
    expect(lines).toContain('  failure: m View run: y');
  });
});

describe('renderText failure annotations', () => {
  /** What the emulator's default run and GitHub write on a failed test job: the cause titled after its step,
   * GitHub's exit-code line, and the Node.js 20 deprecation warning. */
  const details = {
    jobs: [
      job('test (ubuntu-latest)', {
        conclusion: 'failure' as const,
        failedSteps: ['Run tests'],
        annotations: [
          {
            level: 'failure' as const,
            path: 'src/app.ts',
            line: 12,
            title: 'Run tests',
            message: 'Expected 2 but received 3',
          },
          { level: 'failure' as const, path: '.github', line: 10, message: 'Process completed with exit code 1.' },
          { level: 'warning' as const, path: '.github', line: 1, message: 'Node.js 20 actions are deprecated.' },
          { level: 'notice' as const, path: 'package.json', message: 'Cache restored from key npm-abc' },
        ],
      }),
    ],
    moreJobs: 0,
  };

  it('names the step once, then the cause, then the warnings and notices apart, each with its level', () => {
    const text = renderText(pushRun(details), 'failure');
    expect(text).toContain(
      [
        '❌ test (ubuntu-latest) · Failed <https://github.com/Codertocat/Hello-World/actions/runs/1658821493/job/20>',
        '  Failed step: Run tests',
        '  failure · src/app.ts:12: Expected 2 but received 3',
        '  Warnings and notices:',
        '  - warning: Node.js 20 actions are deprecated.',
        '  - notice · package.json: Cache restored from key npm-abc',
        '',
      ].join('\n'),
    );
    expect(text.match(/Run tests/g)).toHaveLength(1);
    expect(text).not.toContain('exit code');
  });
});
