/**
 * A separate notify workflow (`on: workflow_run: workflows: [CI], types: [completed]`), end to end: the mail,
 * its links, status: auto and notify-when: change all describe the CI run that triggered it, never the
 * notifier's own run, whose GITHUB_RUN_ID and RUNNER_NAME the action also sees.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULTS, type Job } from '../emulator/index.ts';
import { examplePayload, NOTIFIER_RUN, TRIGGERING_RUN, type Payload } from '../fixtures/github.ts';
import { emulator, received, run, useEmulator } from './harness.ts';

useEmulator();

const BRANCH = 'feature/passkeys';
const RUN_URL = `https://github.com/${DEFAULTS.repository}/actions/runs/${TRIGGERING_RUN.id}`;

function warnings(stdout: string): string[] {
  return stdout.split('\n').filter((line) => line.startsWith('::warning::'));
}

function githubPaths(): string[] {
  return emulator.requests.filter((r) => r.service === 'github').map((r) => r.path);
}

/**
 * The CI run (the emulator's current run) ended on BRANCH in attempt `attempt`, its second job failed; the
 * notifier's own run is in progress in workflow Notify. Returns the CI attempt's jobs.
 */
function ciFailedInSecondJob(attempt = 1): Job[] {
  const ci = emulator.actions.currentRun();
  ci.head_branch = BRANCH;
  while (ci.attempts.length < attempt) ci.attempts.push({ ...ci.attempts[0]!, jobs: [] });
  const jobs = emulator.actions.setJobs([
    { name: 'build', conclusion: 'success', seconds: 95 },
    {
      name: 'test (ubuntu-latest)',
      conclusion: 'failure',
      seconds: 48,
      steps: [
        { name: 'Set up job', conclusion: 'success' },
        { name: 'Run tests', conclusion: 'failure' },
      ],
      annotations: [
        { annotation_level: 'failure', path: 'src/app.ts', start_line: 12, message: 'Expected 2 but received 3' },
      ],
    },
    { name: 'lint', conclusion: 'success', seconds: 20 },
  ]);
  Object.assign(ci.attempts.at(-1)!, { status: 'completed', conclusion: 'failure' });
  emulator.actions.addNotifierRun({ id: NOTIFIER_RUN.id, run_number: NOTIFIER_RUN.runNumber });
  return jobs;
}

/** The `completed` event for that run, as GitHub delivers it to the notifier. */
function completedPayload(attempt = 1, conclusion: string | null = 'failure'): Payload {
  const payload = examplePayload('workflow_run');
  Object.assign(payload.workflow_run, {
    head_branch: BRANCH,
    head_sha: DEFAULTS.headSha,
    run_attempt: attempt,
    status: 'completed',
    conclusion,
  });
  payload.workflow_run.head_commit.message = 'Sign in with a passkey\n\nCloses #12';
  return payload;
}

describe('a workflow_run notifier', () => {
  it('reports the triggering run: its jobs, failure, links with the attempt, commit and subject', async () => {
    const jobs = ciFailedInSecondJob(2);
    const result = await run({ event: 'workflow_run', payload: completedPayload(2), inputs: { status: 'auto' } });
    expect(result.code).toBe(0);
    expect(warnings(result.stdout)).toEqual([]);
    expect(result.stdout).toContain(
      `Reporting on CI #42 (run ${TRIGGERING_RUN.id}), the run that triggered this workflow_run (run ${NOTIFIER_RUN.id}).`,
    );
    expect(result.stdout).toContain(`Status auto: the jobs of CI #42 (run ${TRIGGERING_RUN.id}) make it failure.`);

    const { message } = received();
    expect(message.subject).toBe(`❌ FAILURE · ${DEFAULTS.repository} · CI #42 · ${BRANCH}`);
    const html: string = message.body.content;
    const links = [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
    expect(links).toContain(`${RUN_URL}/attempts/2`);
    expect(links).toContain(`https://github.com/${DEFAULTS.repository}/commit/${DEFAULTS.headSha}`);
    const jobLinks = new Set(links.filter((link) => link.includes('/job/')));
    expect([...jobLinks]).toEqual(jobs.map((job) => `${RUN_URL}/job/${job.id}`));
    expect(links.join(' ')).not.toContain(String(NOTIFIER_RUN.id));
    expect(html).toContain('Run tests');
    expect(html).toContain('Expected 2 but received 3');
    expect(html).toContain('Sign in with a passkey');
    expect(html).toContain('(attempt 2)');
    // From the start of the attempt until its last job completed (build: 5 s in, 95 s long), not until now.
    expect(html).toContain('1m 40s');

    // Every read names the CI run and its attempt; none the notifier's own run.
    const paths = githubPaths();
    expect(paths).toContain(
      `/repos/${DEFAULTS.repository}/actions/runs/${TRIGGERING_RUN.id}/attempts/2/jobs?per_page=100`,
    );
    expect(paths.filter((path) => path.includes(String(NOTIFIER_RUN.id)))).toEqual([]);
  });

  it('marks no job of the triggering run as the one sending the mail, even on the same runner name', async () => {
    // The default CI run is still running its `notify` job on DEFAULTS.currentRunnerName, this step's runner.
    const own = await run({ inputs: { 'body-format': 'text' } });
    expect(received().message.body.content).toContain('⏳ notify · Running · sending this mail');
    emulator.reset();
    const notifier = await run({
      event: 'workflow_run',
      payload: completedPayload(1, null),
      inputs: { 'body-format': 'text' },
    });
    expect([own.code, notifier.code]).toEqual([0, 0]);
    const text: string = received().message.body.content;
    expect(text).toContain('\n⏳ notify · Running\n');
    expect(text).not.toContain('sending this mail');
  });

  it('notify-when: change compares with the previous runs of the triggering workflow on its branch', async () => {
    ciFailedInSecondJob();
    emulator.actions.setPreviousConclusions(['success']);
    const result = await run({
      event: 'workflow_run',
      payload: completedPayload(),
      inputs: { status: 'auto', 'notify-when': 'change' },
    });
    expect(result.code).toBe(0);
    expect(received().message.subject).toBe(`❌ BROKEN · ${DEFAULTS.repository} · CI #42 · ${BRANCH}`);
    expect(githubPaths()).toContain(
      `/repos/${DEFAULTS.repository}/actions/workflows/${TRIGGERING_RUN.workflowId}/runs?branch=${encodeURIComponent(BRANCH)}&status=completed&per_page=20`,
    );

    emulator.reset();
    ciFailedInSecondJob();
    emulator.actions.setPreviousConclusions(['failure']);
    const still = await run({
      event: 'workflow_run',
      payload: completedPayload(),
      inputs: { status: 'auto', 'notify-when': 'change' },
    });
    expect(still.code).toBe(0);
    expect(still.stdout).toContain('Not sent: notify-when: change, and the workflow is still failing (as run #41).');
    expect(emulator.messages).toEqual([]);
  });

  it('status: auto falls back on the event’s conclusion when the API refuses, with one warning', async () => {
    ciFailedInSecondJob();
    emulator.actions.tokens[DEFAULTS.githubToken].actions = 'none';
    const result = await run({
      event: 'workflow_run',
      payload: completedPayload(1, 'timed_out'),
      inputs: { status: 'auto' },
    });
    expect(result.code).toBe(0);
    expect(warnings(result.stdout)).toEqual([
      "::warning::Could not read the run's jobs from the GitHub API (403 Resource not accessible by integration); " +
        "the mail goes out without it. Give the job 'permissions: actions: read' (and checks: read for annotations).",
    ]);
    expect(result.stdout).toContain(
      `Status auto: CI #42 (run ${TRIGGERING_RUN.id}) ended in failure, as the workflow_run event says.`,
    );
    expect(received().message.subject).toBe(`❌ FAILURE · ${DEFAULTS.repository} · CI #42 · ${BRANCH}`);
  });

  it('status: auto takes the event’s conclusion for a run that never started a job', async () => {
    ciFailedInSecondJob();
    emulator.actions.setJobs([]);
    const result = await run({
      event: 'workflow_run',
      payload: completedPayload(1, 'startup_failure'),
      inputs: { status: 'auto' },
    });
    expect(result.code).toBe(0);
    expect(warnings(result.stdout)).toEqual([]);
    expect(result.stdout).toContain(
      `Status auto: CI #42 (run ${TRIGGERING_RUN.id}) ended in failure, as the workflow_run event says.`,
    );
    expect(received().message.subject).toBe(`❌ FAILURE · ${DEFAULTS.repository} · CI #42 · ${BRANCH}`);
  });

  it('fails the step when neither the API nor the event says how the run ended', async () => {
    ciFailedInSecondJob();
    emulator.actions.tokens[DEFAULTS.githubToken].actions = 'none';
    const result = await run({ event: 'workflow_run', payload: completedPayload(1, null), inputs: { status: 'auto' } });
    expect(result.code).toBe(1);
    expect(result.errors).toEqual([
      `Input 'status' is auto (or empty), which derives the result from the jobs of CI #42 (run ${TRIGGERING_RUN.id}), ` +
        "but they could not be read (see the warning above). Give the job 'permissions: actions: read' and keep " +
        "'github-token'.",
    ]);
    expect(emulator.messages).toEqual([]);
  });

  it('warns when status is the notifier’s own job.status and the triggering run ended otherwise', async () => {
    ciFailedInSecondJob();
    const result = await run({ event: 'workflow_run', payload: completedPayload(), jobStatus: 'success' });
    expect(result.code).toBe(0);
    expect(warnings(result.stdout)).toEqual([
      `::warning::Input 'status' is success, but CI #42 (run ${TRIGGERING_RUN.id}) ended in failure: in a ` +
        'workflow_run notifier ${{ job.status }} is the status of the notifier itself. Pass status: auto to report ' +
        'the run that triggered it.',
    ]);
    expect(received().message.subject).toMatch(/^✅ SUCCESS · /);
  });
});
