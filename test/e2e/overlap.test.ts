/**
 * Which requests wait for which: signing in runs beside the GitHub reads, the reads beside each other, and a mail
 * that may not go out makes no sign-in request until GitHub has said it will. Asserted from the order the
 * emulator saw requests arrive and get answered, with one answer held back long enough to make the order plain:
 * nothing here measures time.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULTS, type Timing } from '../emulator/index.ts';
import { emulator, failure, received, requestsTo, run, useEmulator } from './harness.ts';

useEmulator();

const CORRELATION = / \(correlation id: [0-9a-f-]{36}\)$/;
/** Long enough that the other requests of the same step have surely been sent by the time it is answered. */
const HELD_MS = 1500;

function timing(service: Timing['request']['service'], path: RegExp, method = 'GET'): Required<Timing> {
  const found = emulator.timeline.filter(
    (t) => t.request.service === service && t.request.method === method && path.test(t.request.path),
  );
  expect(found).toHaveLength(1);
  return found[0] as Required<Timing>;
}

const token = () => timing('login', /\/oauth2\/v2\.0\/token$/, 'POST');
const sendMail = () => timing('graph', /\/sendMail$/, 'POST');
const jobs = () => timing('github', /\/actions\/runs\/\d+\/attempts\/\d+\/jobs/);
const previousRuns = () => timing('github', /\/actions\/workflows\/[^/]+\/runs/);

describe('signing in runs beside the GitHub reads', () => {
  it('the token is asked for before the jobs are answered, the jobs before the token is; sendMail after both', async () => {
    emulator.fault({ route: 'token', delayMs: HELD_MS });
    emulator.fault({ route: 'jobs', delayMs: HELD_MS });
    const result = await run({ jobStatus: 'failure' });
    expect(result.errors).toEqual([]);
    expect(token().started).toBeLessThan(jobs().answered);
    expect(jobs().started).toBeLessThan(token().answered);
    expect(previousRuns().started).toBeLessThan(token().answered);
    expect(sendMail().started).toBeGreaterThanOrEqual(Math.max(token().answered, jobs().answered));
    expect(received().headers['X-GitHub-Result']).toBe('failure');
  });

  it('the previous runs are asked for by workflow file, before the jobs are answered', async () => {
    emulator.fault({ route: 'jobs', delayMs: HELD_MS });
    const result = await run({ jobStatus: 'failure' });
    expect(result.errors).toEqual([]);
    expect(previousRuns().request.path).toMatch(/\/actions\/workflows\/ci\.yml\/runs\?/);
    expect(previousRuns().started).toBeLessThan(jobs().answered);
  });

  it("failed jobs' annotations are asked for side by side", async () => {
    emulator.actions.setJobs([
      { name: 'unit', conclusion: 'failure', annotations: [{ annotation_level: 'failure', message: 'unit broke' }] },
      { name: 'e2e', conclusion: 'failure', annotations: [{ annotation_level: 'failure', message: 'e2e broke' }] },
      { name: DEFAULTS.currentJobName, runner_name: DEFAULTS.currentRunnerName },
    ]);
    emulator.fault({ route: 'annotations', delayMs: HELD_MS, times: 2 });
    const result = await run({ jobStatus: 'failure' });
    expect(result.errors).toEqual([]);
    const annotations = emulator.timeline.filter((t) => /\/check-runs\/\d+\/annotations/.test(t.request.path));
    expect(annotations).toHaveLength(2);
    expect(Math.max(...annotations.map((t) => t.started))).toBeLessThan(
      Math.min(...annotations.map((t) => t.answered!)),
    );
  });

  it('a failure mail reads the commits since the last green run beside the annotations and logs, not after them', async () => {
    emulator.fault({ route: 'annotations', delayMs: HELD_MS });
    emulator.fault({ route: 'jobLogs', delayMs: HELD_MS });
    const result = await run({ jobStatus: 'failure' });
    expect(result.errors).toEqual([]);
    const compare = timing('github', /\/compare\//);
    const annotations = timing('github', /\/check-runs\/\d+\/annotations/);
    const logs = timing('github', /\/actions\/jobs\/\d+\/logs$/);
    expect(compare.started).toBeLessThan(annotations.answered);
    expect(compare.started).toBeLessThan(logs.answered);
    expect(received().message.body.content).toContain('CHANGES SINCE THE LAST SUCCESSFUL RUN');
  });

  it('a sign-in that fails while GitHub is still read is reported as the sign-in failure, and nothing is sent', async () => {
    emulator.fault({ route: 'jobs', delayMs: HELD_MS });
    const line = await failure({ inputs: { 'client-secret': DEFAULTS.clientSecretId } });
    expect(line.replace(CORRELATION, '')).toBe(
      "Sign-in to Entra ID failed (AADSTS7000215): the client secret is wrong. Put the secret's Value in " +
        "'client-secret' (shown once, when the secret is created), not its Secret ID.",
    );
    expect(token().answered).toBeLessThan(jobs().answered);
    expect(requestsTo('graph')).toBe(0);
  });
});

describe('no sign-in before GitHub says the mail goes out', () => {
  it('notify-when: change signs in only once the previous run has been read', async () => {
    emulator.actions.setPreviousConclusions(['success']);
    const result = await run({ jobStatus: 'failure', inputs: { 'notify-when': 'change' } });
    expect(result.errors).toEqual([]);
    expect(received().headers['X-GitHub-Result']).toBe('failure');
    const reads = emulator.timeline.filter((t) => t.request.service === 'github');
    const firstLogin = Math.min(
      ...emulator.timeline.filter((t) => t.request.service === 'login').map((t) => t.started),
    );
    expect(firstLogin).toBeGreaterThanOrEqual(Math.max(...reads.map((t) => t.answered!)));
  });

  it('notify-when: change on a run still passing makes no sign-in request at all', async () => {
    emulator.actions.setPreviousConclusions(['success']);
    emulator.actions.setJobs([{ name: 'build', conclusion: 'success' }]);
    const result = await run({ inputs: { 'notify-when': 'change', status: 'auto' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Not sent: notify-when: change, and the workflow is still passing');
    expect(requestsTo('login')).toBe(0);
  });

  it('notify-when: failure with status: auto on a green run makes no sign-in request at all', async () => {
    emulator.actions.setJobs([{ name: 'build', conclusion: 'success' }]);
    const result = await run({ inputs: { 'notify-when': 'failure', status: 'auto' } });
    expect(result.code).toBe(0);
    expect(requestsTo('login')).toBe(0);
    expect(requestsTo('graph')).toBe(0);
  });
});
