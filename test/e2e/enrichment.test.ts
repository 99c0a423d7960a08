/**
 * What the GitHub API adds, end to end: the failed job, step and annotation in the mail; status auto;
 * notify-when; the warning when the token may not read the run; the dry-run preview.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../emulator/index.ts';
import { emulator, received, requestsTo, run, useEmulator } from './harness.ts';

useEmulator();

function warnings(stdout: string): string[] {
  return stdout.split('\n').filter((line) => line.startsWith('::warning::'));
}

function currentJobs() {
  return emulator.actions.currentRun().attempts[0].jobs;
}

describe('the failed job, its failed step and first annotation', () => {
  it('are named and linked in a failure mail', async () => {
    const result = await run({ jobStatus: 'failure' });
    expect(result.code).toBe(0);
    expect(warnings(result.stdout)).toEqual([]);
    const html: string = received().message.body.content;
    const failed = currentJobs().find((job) => job.name === 'test (ubuntu-latest)')!;
    expect(html).toContain(
      `href="https://github.com/${DEFAULTS.repository}/actions/runs/${DEFAULTS.runId}/job/${failed.id}"`,
    );
    expect(html).toContain('test (ubuntu-latest)');
    expect(html).toContain('Run tests');
    expect(html).toContain('Expected 2 but received 3');
    expect(html).toContain('src/app.ts:12');
    for (const job of ['build', 'lint']) expect(html).toContain(job);
  });

  it('also in the text body', async () => {
    const result = await run({ jobStatus: 'failure', inputs: { 'body-format': 'text' } });
    expect(result.code).toBe(0);
    const text: string = received().message.body.content;
    expect(text).toContain('test (ubuntu-latest)');
    expect(text).toContain('Run tests');
    expect(text).toContain('Expected 2 but received 3');
  });
});

describe('a token that may not read the run', () => {
  it('without actions: read: one warning, and the mail goes out without jobs', async () => {
    emulator.actions.tokens[DEFAULTS.githubToken].actions = 'none';
    const result = await run({ jobStatus: 'failure' });
    expect(result.code).toBe(0);
    expect(warnings(result.stdout)).toEqual([
      "::warning::Could not read the run's jobs from the GitHub API (403 Resource not accessible by integration); " +
        "the mail goes out without it. Give the job 'permissions: actions: read' (and checks: read for annotations).",
    ]);
    const html: string = received().message.body.content;
    expect(html).not.toContain('test (ubuntu-latest)');
    expect(result.outputs.sent).toBe('true');
  });

  it('without checks: read: the jobs, without annotations', async () => {
    emulator.actions.tokens[DEFAULTS.githubToken].checks = 'none';
    const result = await run({ jobStatus: 'failure' });
    expect(result.code).toBe(0);
    expect(warnings(result.stdout)).toHaveLength(1);
    expect(warnings(result.stdout)[0]).toContain('Could not read annotations of failed jobs from the GitHub API (403');
    const html: string = received().message.body.content;
    expect(html).toContain('Run tests');
    expect(html).not.toContain('Expected 2 but received 3');
  });

  it('a failing API (500): warned, sent', async () => {
    emulator.fault({ route: 'jobs', status: 500, body: { message: 'Server Error' }, times: 5 });
    const result = await run();
    expect(result.code).toBe(0);
    expect(warnings(result.stdout)).toHaveLength(1);
    expect(result.outputs.sent).toBe('true');
  });

  it('an empty github-token turns the API off without a warning', async () => {
    const result = await run({ inputs: { 'github-token': '' } });
    expect(result.code).toBe(0);
    expect(warnings(result.stdout)).toEqual([]);
    expect(requestsTo('github')).toBe(0);
  });
});

describe('status: auto', () => {
  it('is failure when another job failed', async () => {
    const result = await run({ inputs: { status: 'auto' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Status auto: the run's other jobs make it failure.");
    expect(received().message.subject).toMatch(/^❌ BROKEN · /);
  });

  it('is success when the others passed or were skipped', async () => {
    emulator.actions.setJobs([
      { name: 'build', conclusion: 'success' },
      { name: 'deploy', conclusion: 'skipped' },
      { name: 'notify', runner_name: DEFAULTS.currentRunnerName },
    ]);
    const result = await run({ inputs: { status: '' } });
    expect(result.code).toBe(0);
    expect(received().message.subject).toMatch(/^✅ SUCCESS · /);
  });

  it('is cancelled when one was cancelled and none failed', async () => {
    emulator.actions.setJobs([
      { name: 'build', conclusion: 'success' },
      { name: 'e2e', conclusion: 'cancelled' },
      { name: 'notify', runner_name: DEFAULTS.currentRunnerName },
    ]);
    const result = await run({ inputs: { status: 'auto' } });
    expect(received().message.subject).toMatch(/^🚫 CANCELLED · /);
    expect(result.code).toBe(0);
  });

  it('fails the step, saying what to grant, when the jobs cannot be read', async () => {
    emulator.actions.tokens[DEFAULTS.githubToken].actions = 'none';
    const result = await run({ inputs: { status: 'auto' } });
    expect(result.code).toBe(1);
    expect(result.errors).toEqual([
      "Input 'status' is auto (or empty), which derives the result from the run's other jobs, but they could not " +
        "be read (see the warning above). Give the job 'permissions: actions: read' and keep 'github-token', or " +
        'pass status: ${{ job.status }}.',
    ]);
    expect(requestsTo('graph')).toBe(0);
  });
});

describe('a matrix bigger than one page of jobs', () => {
  it('reads every page: job 117 of 130 failed, status auto is failure, the mail lists 50 and counts the rest', async () => {
    emulator.actions.setJobs([
      ...Array.from({ length: 129 }, (_, i) => ({
        name: `shard ${i + 1}`,
        conclusion: i + 1 === 117 ? ('failure' as const) : ('success' as const),
        ...(i + 1 === 117 && {
          annotations: [{ annotation_level: 'failure' as const, message: 'Shard 117 lost its database' }],
        }),
      })),
      { name: DEFAULTS.currentJobName, runner_name: DEFAULTS.currentRunnerName },
    ]);
    const result = await run({ inputs: { status: 'auto', 'body-format': 'text' } });
    expect(result.code).toBe(0);
    expect(warnings(result.stdout)).toEqual([]);
    expect(result.stdout).toContain("Status auto: the run's other jobs make it failure.");
    const { message } = received();
    expect(message.subject).toMatch(/^❌ BROKEN · /);
    const text: string = message.body.content;
    expect(text).toContain('\n… and 80 more jobs\n');
    expect(text).toContain('✅ shard 50 · Passed · 30s\n… and 80 more jobs');
    expect(text).toContain('  Failed step: Run shard 117');
    expect(text).toContain('  failure: Shard 117 lost its database');
    const pages = emulator.requests.filter((r) => r.service === 'github' && /\/attempts\/1\/jobs\?/.test(r.path));
    expect(pages.map((r) => r.path)).toEqual([
      `/repos/${DEFAULTS.repository}/actions/runs/${DEFAULTS.runId}/attempts/1/jobs?per_page=100`,
      `/repositories/${DEFAULTS.repositoryId}/actions/runs/${DEFAULTS.runId}/attempts/1/jobs?per_page=100&page=2`,
    ]);
  });
});

describe('notify-when', () => {
  it('failure: a success is not sent, exit 0, with the reason', async () => {
    const result = await run({ inputs: { 'notify-when': 'failure' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Not sent: notify-when: failure, and the result is success.');
    expect(result.outputs).toMatchObject({ sent: 'false', 'status-code': '' });
    expect(requestsTo('login') + requestsTo('graph')).toBe(0);
    expect(result.summary).toContain('notify-when: failure, and the result is success');
  });

  it('failure: a failure is sent', async () => {
    const result = await run({ jobStatus: 'failure', inputs: { 'notify-when': 'failure' } });
    expect(result.outputs.sent).toBe('true');
  });

  it('not-success: a cancellation is sent, a success is not', async () => {
    expect((await run({ jobStatus: 'cancelled', inputs: { 'notify-when': 'not-success' } })).outputs.sent).toBe('true');
    emulator.reset();
    expect((await run({ inputs: { 'notify-when': 'not-success' } })).outputs.sent).toBe('false');
  });

  it('change: sends exactly on transitions over a scripted sequence of runs', async () => {
    // Each step: the previous completed run's conclusion (none for the first run), this run's result, and
    // what should happen.
    const sequence: [string | null, 'success' | 'failure', string | null][] = [
      [null, 'success', '✅ SUCCESS'],
      ['success', 'success', null],
      ['success', 'failure', '❌ BROKEN'],
      ['failure', 'failure', null],
      ['failure', 'success', '✅ FIXED'],
      ['success', 'success', null],
    ];
    const outcomes: (string | null)[] = [];
    for (const [previous, status] of sequence) {
      emulator.reset();
      emulator.actions.setPreviousConclusions(previous === null ? [] : [previous as 'success' | 'failure']);
      const result = await run({ jobStatus: status, inputs: { 'notify-when': 'change' } });
      expect(result.code).toBe(0);
      outcomes.push(
        emulator.messages.length === 1 ? (emulator.messages[0].message as any).subject.split(' · ')[0] : null,
      );
      if (emulator.messages.length === 0) {
        expect(result.stdout).toMatch(
          /Not sent: notify-when: change, and the workflow is still (passing|failing) \(as run #41\)\./,
        );
      }
    }
    expect(outcomes).toEqual(sequence.map(([, , expected]) => expected));
  });

  it('change: a still-failing run says so in the log', async () => {
    emulator.actions.setPreviousConclusions(['failure']);
    const result = await run({ jobStatus: 'failure', inputs: { 'notify-when': 'change' } });
    expect(result.stdout).toContain('Not sent: notify-when: change, and the workflow is still failing (as run #41).');
  });
});

describe('how the run compares with the previous one, whatever notify-when is', () => {
  it.each([
    ['success', 'failure', 'always', '✅ FIXED'],
    ['failure', 'success', 'always', '❌ BROKEN'],
    ['failure', 'failure', 'failure', '❌ STILL FAILING'],
    ['success', 'success', 'always', '✅ SUCCESS'],
    ['failure', 'failure', 'not-success', '❌ STILL FAILING'],
  ])('a %s after a %s, notify-when %s: %s', async (status, previous, when, expected) => {
    emulator.actions.setPreviousConclusions([previous as 'success' | 'failure']);
    const result = await run({ jobStatus: status, inputs: { 'notify-when': when } });
    expect(result.code).toBe(0);
    expect(warnings(result.stdout)).toEqual([]);
    expect(received().message.subject.split(' · ')[0]).toBe(expected);
    expect(result.outputs.subject.split(' · ')[0]).toBe(expected);
  });

  it('the first run of a workflow on a branch says only how it ended', async () => {
    emulator.actions.setPreviousConclusions([]);
    await run({ jobStatus: 'failure' });
    expect(received().message.subject.split(' · ')[0]).toBe('❌ FAILURE');
  });

  it('without github-token: how it ended, and no warning unless notify-when is change', async () => {
    const result = await run({ jobStatus: 'failure', inputs: { 'github-token': '' } });
    expect(warnings(result.stdout)).toEqual([]);
    expect(received().message.subject.split(' · ')[0]).toBe('❌ FAILURE');
  });

  it('a token that may not read the runs: one warning, and the mail says how it ended', async () => {
    emulator.actions.tokens[DEFAULTS.githubToken].actions = 'none';
    const result = await run({ jobStatus: 'failure' });
    expect(result.code).toBe(0);
    expect(warnings(result.stdout)).toHaveLength(1);
    expect(received().message.subject.split(' · ')[0]).toBe('❌ FAILURE');
  });
});

describe('dry-run preview', () => {
  it('writes the rendered mail under RUNNER_TEMP, names it in html-file and shows it in the summary', async () => {
    const temp = mkdtempSync(join(tmpdir(), 'runner-temp-'));
    const result = await run({ jobStatus: 'failure', inputs: { 'dry-run': 'true' }, env: { RUNNER_TEMP: temp } });
    expect(result.code).toBe(0);
    expect(requestsTo('login') + requestsTo('graph')).toBe(0);
    const file = result.outputs['html-file'];
    expect(file.startsWith(`${temp}/`)).toBe(true);
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('Expected 2 but received 3');
    expect(result.summary).toContain('<details><summary>Rendered mail</summary>');
    expect(result.summary).toContain('Expected 2 but received 3');
    expect(result.outputs.sent).toBe('false');
  });
});
