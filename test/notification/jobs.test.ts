import { describe, expect, it } from 'vitest';
import { MAX_JOBS } from '../../src/context.js';
import { CONCLUSION_LOOKS, formatDuration, jobList, moreNote } from '../../src/notification/jobs.js';
import { failedDetails, job } from './run.ts';

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [0.4, '0s'],
    [45, '45s'],
    [59.6, '1m 0s'],
    [95, '1m 35s'],
    [3599, '59m 59s'],
    [3600, '1h 0m'],
    [7530, '2h 5m'],
    [-5, '0s'],
  ])('%s seconds is %s', (seconds, expected) => {
    expect(formatDuration(seconds)).toBe(expected);
  });
});

describe('moreNote', () => {
  it('counts in words, singular and plural, and says nothing for none', () => {
    expect(moreNote(12, 'job')).toBe('and 12 more jobs');
    expect(moreNote(1, 'failed job')).toBe('and 1 more failed job');
    expect(moreNote(0, 'job')).toBe('');
  });
});

describe('jobList', () => {
  it('sizes each bar against the longest job and marks the running one', () => {
    const list = jobList(failedDetails());
    expect(list.jobs.map((j) => [j.look.mark, j.name, j.duration, j.barPercent])).toEqual([
      ['✅', 'build', '1m 35s', 50],
      ['✅', 'lint', '38s', 20],
      ['❌', 'test (ubuntu-latest)', '3m 10s', 100],
      ['🚫', 'test (windows-latest)', '1m 1s', 32],
      ['⏭️', 'docs', '', undefined],
      ['⏳', 'notify', '', undefined],
    ]);
    expect(list.more).toBe(0);
  });

  it('keeps a very short job visible as a sliver', () => {
    const list = jobList({
      jobs: [job('long', { durationSeconds: 10_000 }), job('blink', { durationSeconds: 1 })],
      moreJobs: 0,
    });
    expect(list.jobs.map((j) => j.barPercent)).toEqual([100, 1]);
  });

  it('draws no bars when no job took any time', () => {
    const list = jobList({ jobs: [job('a', { durationSeconds: 0 }), job('b', { durationSeconds: 0 })], moreJobs: 0 });
    expect(list.jobs.map((j) => [j.duration, j.barPercent])).toEqual([
      ['0s', undefined],
      ['0s', undefined],
    ]);
  });

  it('ignores a running job duration when scaling the others', () => {
    const list = jobList({
      jobs: [job('a', { durationSeconds: 30 }), job('me', { current: true, durationSeconds: 900 })],
      moreJobs: 0,
    });
    expect(list.jobs.map((j) => [j.duration, j.barPercent])).toEqual([
      ['30s', 100],
      ['', undefined],
    ]);
  });

  it('caps the list, counting what was left out here and before', () => {
    const jobs = Array.from({ length: MAX_JOBS + 7 }, (_, i) => job(`job ${i}`, { durationSeconds: i }));
    const list = jobList({ jobs, moreJobs: 5 });
    expect(list.jobs).toHaveLength(MAX_JOBS);
    expect(list.jobs.at(-1)?.name).toBe(`job ${MAX_JOBS - 1}`);
    expect(list.more).toBe(12);
  });

  it('lists failed and timed-out jobs with their steps and at most three annotations, cut to size', () => {
    const annotations = Array.from({ length: 5 }, (_, i) => ({
      level: 'failure' as const,
      message: `${'m'.repeat(400)}\nsecond line ${i}`,
      path: 'a.ts',
      line: i + 1,
    }));
    const list = jobList({
      jobs: [
        job('ok'),
        job('boom', { conclusion: 'failure', failedSteps: ['Build', `S${'t'.repeat(300)}`], annotations }),
        job('slow', {
          conclusion: 'timed_out',
          annotations: [{ level: 'notice', message: 'took\r\ntoo long', path: 'b.ts' }],
        }),
      ],
      moreJobs: 0,
    });
    expect(list.failed.map((f) => f.name)).toEqual(['boom', 'slow']);
    const [boom, slow] = list.failed;
    expect(boom?.steps[0]).toBe('Build');
    expect(Array.from(boom?.steps[1] ?? '')).toHaveLength(200);
    expect(boom?.steps[1]?.endsWith('…')).toBe(true);
    expect(boom?.annotations.map((a) => a.where)).toEqual(['a.ts:1', 'a.ts:2', 'a.ts:3']);
    expect(Array.from(boom?.annotations[0]?.message ?? '')).toHaveLength(300);
    expect(boom?.annotations[0]?.message).toMatch(/^m+…$/);
    expect(slow?.warnings).toEqual([{ level: 'notice', where: 'b.ts', title: '', message: 'took too long' }]);
    expect(slow?.annotations).toEqual([]);
    expect(list.jobs[2]?.look).toBe(CONCLUSION_LOOKS.timed_out);
  });

  it('spells out at most five failed jobs', () => {
    const jobs = Array.from({ length: 8 }, (_, i) => job(`f${i}`, { conclusion: 'failure' }));
    const list = jobList({ jobs, moreJobs: 0 });
    expect(list.failed.map((f) => f.name)).toEqual(['f0', 'f1', 'f2', 'f3', 'f4']);
    expect(list.moreFailed).toBe(3);
  });

  it('shows an unknown conclusion as neutral rather than failing', () => {
    const list = jobList({ jobs: [job('odd', { conclusion: 'stale' as never })], moreJobs: 0 });
    expect(list.jobs[0]?.look).toBe(CONCLUSION_LOOKS.neutral);
  });
});
