import { describe, expect, it } from 'vitest';
import { MAX_JOBS, type RunContext } from '../../src/context.js';
import {
  compareWith,
  deriveStatus,
  readPreviousRun,
  readRunDetails,
  type ApiAnnotation,
  type ApiJob,
  type ApiRun,
  type RunApi,
} from '../../src/github/enrichment.js';
import { jobList } from '../../src/notification/jobs.js';
import { runContext } from '../fixtures/context.ts';

const ctx: RunContext = runContext('push');
const NOW = Date.parse('2026-01-01T12:10:00Z');
const RUN: ApiRun = {
  id: 1658821493,
  run_number: 42,
  workflow_id: 7,
  conclusion: null,
  run_started_at: '2026-01-01T12:00:00Z',
};

function job(id: number, name: string, conclusion: string | null, seconds = 60, extra: Partial<ApiJob> = {}): ApiJob {
  return {
    id,
    name,
    status: conclusion === null ? 'in_progress' : 'completed',
    conclusion,
    started_at: '2026-01-01T12:00:00Z',
    completed_at:
      conclusion === null ? null : new Date(Date.parse('2026-01-01T12:00:00Z') + seconds * 1000).toISOString(),
    runner_name: `runner ${id}`,
    steps: [],
    ...extra,
  };
}

function api(jobs: ApiJob[], overrides: Partial<RunApi> = {}): RunApi & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    run: async () => (calls.push('run'), RUN),
    jobs: async () => (calls.push('jobs'), { total: jobs.length, jobs }),
    annotations: async (id) => (calls.push(`annotations ${id}`), [] as ApiAnnotation[]),
    completedRuns: async () => [],
    ...overrides,
  };
}

const ignore = () => {};

describe('readRunDetails', () => {
  it('lists jobs with conclusion, duration, link, failed steps and annotations, and the run duration', async () => {
    const failing = job(11, 'test (ubuntu-latest)', 'failure', 95, {
      steps: [
        { name: 'Set up job', conclusion: 'success' },
        { name: 'Run tests', conclusion: 'failure' },
        { name: 'Post', conclusion: 'skipped' },
      ],
    });
    const fake = api(
      [job(10, 'build', 'success', 61), failing, job(12, 'notify', null, 0, { runner_name: 'GitHub Actions 7' })],
      {
        annotations: async () => [
          {
            annotation_level: 'failure',
            message: 'Expected 2 but received 3',
            title: 'app.test',
            path: 'src/app.ts',
            start_line: 12,
          },
          { annotation_level: 'warning', message: 'x'.repeat(600), path: null, start_line: null },
        ],
      },
    );
    const details = await readRunDetails(fake, ctx, 'GitHub Actions 7', ignore, NOW);
    expect(details).toEqual({
      moreJobs: 0,
      durationSeconds: 600,
      jobs: [
        {
          name: 'build',
          conclusion: 'success',
          url: `${ctx.runUrl}/job/10`,
          durationSeconds: 61,
          current: false,
          failedSteps: [],
          annotations: [],
        },
        {
          name: 'test (ubuntu-latest)',
          conclusion: 'failure',
          url: `${ctx.runUrl}/job/11`,
          durationSeconds: 95,
          current: false,
          failedSteps: ['Run tests'],
          annotations: [
            { level: 'failure', message: 'Expected 2 but received 3', title: 'app.test', path: 'src/app.ts', line: 12 },
            { level: 'warning', message: `${'x'.repeat(499)}…` },
          ],
        },
        {
          name: 'notify',
          conclusion: 'in_progress',
          url: `${ctx.runUrl}/job/12`,
          current: true,
          failedSteps: [],
          annotations: [],
        },
      ],
    });
  });

  it('asks annotations only of failed jobs, at most five', async () => {
    const jobs = Array.from({ length: 8 }, (_, i) => job(i + 1, `shard ${i}`, 'failure'));
    const fake = api([job(100, 'ok', 'success'), ...jobs]);
    await readRunDetails(fake, ctx, '', ignore, NOW);
    expect(fake.calls.filter((c) => c.startsWith('annotations'))).toEqual(
      [1, 2, 3, 4, 5].map((id) => `annotations ${id}`),
    );
  });

  it(`keeps every job past ${MAX_JOBS}, for the mail to cap, and counts what GitHub did not list`, async () => {
    const jobs = Array.from({ length: 130 }, (_, i) => job(i + 1, `matrix ${i}`, 'success'));
    const details = await readRunDetails(api(jobs), ctx, '', ignore, NOW);
    expect(details.jobs).toHaveLength(130);
    expect(details.moreJobs).toBe(0);
    const short = await readRunDetails(api(jobs, { jobs: async () => ({ total: 132, jobs }) }), ctx, '', ignore, NOW);
    expect(short.moreJobs).toBe(2);
  });

  it('annotates the first failed jobs wherever they are in the list', async () => {
    const jobs = Array.from({ length: 130 }, (_, i) =>
      job(i + 1, `matrix ${i}`, i >= 99 && i < 107 ? 'failure' : 'success'),
    );
    const fake = api(jobs, {
      annotations: async (id) => (
        fake.calls.push(`annotations ${id}`),
        [{ annotation_level: 'failure', message: `m${id}` }]
      ),
    });
    const details = await readRunDetails(fake, ctx, '', ignore, NOW);
    expect(fake.calls.filter((c) => c.startsWith('annotations'))).toEqual(
      [100, 101, 102, 103, 104].map((id) => `annotations ${id}`),
    );
    expect(details.jobs[99].annotations).toEqual([{ level: 'failure', message: 'm100' }]);
    expect(details.jobs[105].annotations).toEqual([]);
  });

  it('times a finished run until its last job completed, not until the notifier ran', async () => {
    const finished = { ...RUN, status: 'completed', conclusion: 'failure' };
    const jobs = [job(1, 'build', 'success', 95), job(2, 'test', 'failure', 270), job(3, 'skip', 'skipped', 0)];
    const details = await readRunDetails(api(jobs, { run: async () => finished }), ctx, '', ignore, NOW);
    expect(details.durationSeconds).toBe(270);
    const running = await readRunDetails(api(jobs), ctx, '', ignore, NOW);
    expect(running.durationSeconds).toBe(600);
  });

  it('puts a job’s failure annotations before its warnings and notices, keeping five', async () => {
    const warnings = Array.from({ length: 50 }, (_, i) => ({ annotation_level: 'warning', message: `lint ${i}` }));
    const fake = api([job(1, 'lint', 'failure')], {
      annotations: async () => [
        { annotation_level: 'notice', message: 'cache restored' },
        ...warnings,
        { annotation_level: 'failure', message: 'Process completed with exit code 1.' },
      ],
    });
    const details = await readRunDetails(fake, ctx, '', ignore, NOW);
    expect(details.jobs[0].annotations.map((a) => a.message)).toEqual([
      'Process completed with exit code 1.',
      'lint 0',
      'lint 1',
      'lint 2',
      'lint 3',
    ]);
  });

  it('keeps the jobs when annotations may not be read, and reports why', async () => {
    const errors: unknown[] = [];
    const denied = Object.assign(new Error('Resource not accessible by integration'), { status: 403 });
    const fake = api([job(1, 'test', 'failure')], { annotations: () => Promise.reject(denied) });
    const details = await readRunDetails(fake, ctx, '', (e) => errors.push(e), NOW);
    expect(details.jobs.map((j) => j.annotations)).toEqual([[]]);
    expect(errors).toEqual([denied]);
  });

  it('reads the logs of the failed jobs alongside their annotations, at most five', async () => {
    const jobs = Array.from({ length: 7 }, (_, i) => job(i + 1, `shard ${i}`, i === 0 ? 'success' : 'failure'));
    const fake = api(jobs, {
      jobLog: async (id) => (fake.calls.push(`log ${id}`), { source: 'Run make', lines: [`exit ${id}`] }),
    });
    const details = await readRunDetails(fake, ctx, '', ignore, NOW);
    expect(fake.calls.filter((c) => c.startsWith('log'))).toEqual([2, 3, 4, 5, 6].map((id) => `log ${id}`));
    expect(details.jobs[0].log).toBeUndefined();
    expect(details.jobs[1].log).toEqual({ source: 'Run make', lines: ['exit 2'] });
    expect(details.jobs[6].log).toBeUndefined();
  });

  it('a log that cannot be read is reported as the logs part, and the annotations still come', async () => {
    const parts: [unknown, string][] = [];
    const gone = Object.assign(new Error('Gone'), { status: 410 });
    const fake = api([job(1, 'test', 'failure')], {
      annotations: async () => [{ annotation_level: 'failure', message: 'boom' }],
      jobLog: () => Promise.reject(gone),
    });
    const details = await readRunDetails(fake, ctx, '', (e, part) => parts.push([e, part]), NOW);
    expect(parts).toEqual([[gone, 'logs']]);
    expect(details.jobs[0].annotations).toEqual([{ level: 'failure', message: 'boom' }]);
    expect(details.jobs[0].log).toBeUndefined();
  });

  it('an in-progress job on another runner is not the current one', async () => {
    const details = await readRunDetails(api([job(1, 'other', null)]), ctx, 'GitHub Actions 7', ignore, NOW);
    expect(details.jobs[0]).toMatchObject({ conclusion: 'in_progress', current: false });
  });
});

describe('deriveStatus', () => {
  async function derived(...conclusions: (string | null)[]) {
    const jobs = conclusions.map((c, i) => job(i, `job ${i}`, c, 10, { runner_name: c === null ? 'me' : 'them' }));
    return deriveStatus(await readRunDetails(api(jobs), ctx, 'me', ignore, NOW));
  }

  it('is failure when any other job failed or timed out', async () => {
    expect(await derived('success', 'failure', 'cancelled', null)).toBe('failure');
    expect(await derived('success', 'timed_out', null)).toBe('failure');
  });

  it('is cancelled when one was cancelled and none failed', async () => {
    expect(await derived('success', 'cancelled', null)).toBe('cancelled');
  });

  it('is success otherwise, ignoring this job', async () => {
    expect(await derived('success', 'skipped', 'neutral', null)).toBe('success');
  });

  it('is skipped when every other job was skipped', async () => {
    expect(await derived('skipped', 'skipped', null)).toBe('skipped');
  });

  it('takes every job into account, not only those the mail lists', async () => {
    const conclusions = Array.from({ length: 130 }, (_, i) => (i === 116 ? 'failure' : 'success'));
    const details = await readRunDetails(
      api(conclusions.map((c, i) => job(i + 1, `shard ${i + 1}`, c))),
      ctx,
      '',
      ignore,
      NOW,
    );
    expect(deriveStatus(details)).toBe('failure');
    const list = jobList(details);
    expect(list.jobs).toHaveLength(MAX_JOBS);
    expect(list.more).toBe(130 - MAX_JOBS);
    expect(list.failed.map((f) => f.name)).toEqual(['shard 117']);
  });

  it('treats no job as this step’s when the runner name is not given (a notifier)', async () => {
    const details = await readRunDetails(api([job(1, 'notify', null, 0, { runner_name: '' })]), ctx, '', ignore, NOW);
    expect(details.jobs[0]).toMatchObject({ conclusion: 'in_progress', current: false });
  });
});

describe('readPreviousRun, then compareWith', () => {
  const compareWithPrevious = async (fake: RunApi, run: RunContext, status: 'success' | 'failure') =>
    compareWith(await readPreviousRun(fake, run), status);

  const previous = (run_number: number, conclusion: string): ApiRun => ({
    id: run_number * 10,
    run_number,
    workflow_id: 7,
    conclusion,
  });

  it('skips cancelled runs and this run, and names the run it compared with', async () => {
    const runs = [RUN, previous(41, 'cancelled'), previous(40, 'success'), previous(39, 'failure')];
    const branches: string[] = [];
    const fake = api([], { completedRuns: async (workflow, branch) => (branches.push(`${workflow} ${branch}`), runs) });
    expect(await compareWithPrevious(fake, ctx, 'failure')).toEqual({
      transition: 'broken',
      previousRunNumber: 40,
      lastSuccess: runs[2],
      runsRead: 4,
    });
    expect(branches).toEqual([`7 ${ctx.refName}`]);
  });

  it.each([
    ['success', 'success', 'still-passing'],
    ['success', 'failure', 'fixed'],
    ['failure', 'failure', 'still-failing'],
    ['failure', 'success', 'broken'],
  ] as const)('%s after %s is %s', async (now, before, transition) => {
    const fake = api([], { completedRuns: async () => [previous(41, before)] });
    expect((await compareWithPrevious(fake, ctx, now)).transition).toBe(transition);
  });

  it('is first when nothing earlier completed', async () => {
    expect(await compareWithPrevious(api([]), ctx, 'success')).toEqual({ transition: 'first', runsRead: 0 });
  });

  it('ignores later runs (a re-run of an old commit)', async () => {
    const runs = [previous(45, 'success'), previous(41, 'success')];
    const fake = api([], { completedRuns: async () => runs });
    expect(await compareWithPrevious(fake, ctx, 'success')).toEqual({
      transition: 'still-passing',
      previousRunNumber: 41,
      lastSuccess: runs[1],
      runsRead: 2,
    });
  });
});
