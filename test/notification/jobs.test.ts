import { describe, expect, it } from 'vitest';
import { MAX_JOBS, type AnnotationInfo } from '../../src/context.js';
import { CONCLUSION_LOOKS, formatDuration, jobList, moreNote, warningsHeading } from '../../src/notification/jobs.js';
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
      ['⏳', 'notify', 'sending this mail', undefined],
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
      ['sending this mail', undefined],
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

/** Annotations as GitHub writes them on a failed job, after enrichment has read them from the checks API. */
const EXIT_CODE = {
  level: 'failure' as const,
  path: '.github',
  line: 10,
  message: 'Process completed with exit code 1.',
};
const NODE20 = {
  level: 'warning' as const,
  path: '.github',
  line: 1,
  message:
    'Node.js 20 actions are deprecated. The following actions are running on Node.js 20 and may not work as expected: actions/setup-node@v3.',
};
/** `::error file=src/app.ts,line=12,title=Run tests::Expected 2 but received 3`, titled after its step. */
const STEP_TITLED = {
  level: 'failure' as const,
  path: 'src/app.ts',
  line: 12,
  title: 'Run tests',
  message: 'Expected 2 but received 3',
};

function failedWith(annotations: AnnotationInfo[], failedSteps = ['Run tests'], name = 'test (ubuntu-latest)') {
  const list = jobList({ jobs: [job(name, { conclusion: 'failure', failedSteps, annotations })], moreJobs: 0 });
  return list.failed[0]!;
}

describe('jobList failure annotations', () => {
  it('shows a warning apart from the cause, never as one', () => {
    const failed = failedWith([NODE20, STEP_TITLED]);
    expect(failed.annotations.map((a) => a.message)).toEqual(['Expected 2 but received 3']);
    expect(failed.warnings).toEqual([{ level: 'warning', where: '', title: '', message: NODE20.message }]);
  });

  it('drops a title that repeats the failed step, whatever its case and spacing', () => {
    expect(failedWith([STEP_TITLED]).annotations).toEqual([
      { level: 'failure', where: 'src/app.ts:12', title: '', message: 'Expected 2 but received 3' },
    ]);
    expect(failedWith([{ ...STEP_TITLED, title: ' run  TESTS ' }]).annotations[0]?.title).toBe('');
  });

  it('drops a title that repeats the job name or the message', () => {
    expect(failedWith([{ ...STEP_TITLED, title: 'test (ubuntu-latest)' }]).annotations[0]?.title).toBe('');
    expect(failedWith([{ ...STEP_TITLED, title: STEP_TITLED.message }]).annotations[0]?.title).toBe('');
  });

  it('keeps a title that says something of its own', () => {
    const failed = failedWith([{ ...STEP_TITLED, title: 'parses nested lists' }]);
    expect(failed.annotations[0]?.title).toBe('parses nested lists');
  });

  it('leaves out the generic exit-code line when the failed step is known', () => {
    expect(failedWith([EXIT_CODE]).annotations).toEqual([]);
    expect(failedWith([{ ...EXIT_CODE, title: 'Run tests' }, STEP_TITLED]).annotations).toHaveLength(1);
    expect(failedWith([{ ...EXIT_CODE, message: 'Process completed with exit code 137.' }]).annotations).toEqual([]);
  });

  it('keeps the exit-code line when no failed step is known, as it is then all there is', () => {
    expect(failedWith([EXIT_CODE], []).annotations).toEqual([
      { level: 'failure', where: '', title: '', message: 'Process completed with exit code 1.' },
    ]);
  });

  it('keeps a message that only mentions an exit code among other words', () => {
    const own = { ...EXIT_CODE, path: 'scripts/check.sh', message: 'check.sh: Process completed with exit code 1.' };
    expect(failedWith([own]).annotations).toHaveLength(1);
  });

  it('shows no `.github` location, which is no file a reader could open', () => {
    const timeout = {
      level: 'failure' as const,
      path: '.github',
      line: 1,
      message: 'The job running on runner GitHub Actions 2 has exceeded the maximum execution time of 360 minutes.',
    };
    expect(failedWith([timeout], []).annotations[0]?.where).toBe('');
    expect(failedWith([{ ...STEP_TITLED, path: '.github/workflows/ci.yml' }]).annotations[0]?.where).toBe(
      '.github/workflows/ci.yml:12',
    );
  });

  it('shows an annotation GitHub repeats only once', () => {
    expect(failedWith([STEP_TITLED, STEP_TITLED, NODE20, NODE20])).toMatchObject({
      annotations: [{ message: 'Expected 2 but received 3' }],
      warnings: [{ level: 'warning' }],
    });
  });

  it('caps causes and warnings each, counting only what is shown', () => {
    const errors = Array.from({ length: 4 }, (_, i) => ({ ...STEP_TITLED, line: i + 1 }));
    const warnings = Array.from({ length: 3 }, (_, i) => ({ ...NODE20, message: `warning ${i}` }));
    const failed = failedWith([EXIT_CODE, ...warnings, ...errors]);
    expect(failed.annotations.map((a) => a.where)).toEqual(['src/app.ts:1', 'src/app.ts:2', 'src/app.ts:3']);
    expect(failed.warnings.map((a) => a.message)).toEqual(['warning 0', 'warning 1']);
  });

  it('names the failed job by its result: failed or timed out', () => {
    const list = jobList({
      jobs: [job('a', { conclusion: 'failure' }), job('b', { conclusion: 'timed_out' })],
      moreJobs: 0,
    });
    expect(list.failed.map((f) => [f.look.word, f.look.failed])).toEqual([
      ['Failed', true],
      ['Timed out', true],
    ]);
  });
});

describe('warningsHeading', () => {
  const warning = { level: 'warning' as const, where: '', title: '', message: 'w' };
  const notice = { ...warning, level: 'notice' as const };

  it('names the list by its levels, and has each item name its own only when they differ', () => {
    expect(warningsHeading([warning])).toEqual({ heading: 'Warnings', levelEach: false });
    expect(warningsHeading([notice, notice])).toEqual({ heading: 'Notices', levelEach: false });
    expect(warningsHeading([warning, notice])).toEqual({ heading: 'Warnings and notices', levelEach: true });
  });
});

describe('CONCLUSION_LOOKS', () => {
  it('says every result in a word of its own', () => {
    const words = Object.values(CONCLUSION_LOOKS).map((look) => look.word);
    expect(words).toEqual([
      'Passed',
      'Failed',
      'Timed out',
      'Cancelled',
      'Skipped',
      'Neutral',
      'Action required',
      'Running',
      'Queued',
    ]);
  });

  it('calls the job sending the mail Running, and says why it still runs; another running job has no duration', () => {
    const list = jobList({
      jobs: [job('notify', { conclusion: 'in_progress', current: true }), job('deploy', { conclusion: 'in_progress' })],
      moreJobs: 0,
    });
    expect(list.jobs[0]).toMatchObject({ look: { word: 'Running' }, duration: 'sending this mail' });
    expect(list.jobs[1]).toMatchObject({ look: { word: 'Running' }, duration: '' });
  });
});
