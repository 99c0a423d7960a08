import { describe, expect, it } from 'vitest';
import { DEFAULTS } from './index.ts';
import { call, emulator, REPO, RUN, useEmulator } from './testing.ts';

useEmulator();

/** A REST call as Octokit makes one with the job's GITHUB_TOKEN. */
function rest(path: string, token: string | null = DEFAULTS.githubToken, scheme = 'token') {
  return call(`${emulator.githubUrl}${path}`, {
    headers: token === null ? {} : { authorization: `${scheme} ${token}` },
  });
}

const seconds = (job: { started_at: string; completed_at: string }) =>
  (Date.parse(job.completed_at) - Date.parse(job.started_at)) / 1000;

describe('GitHub REST API: runs and jobs', () => {
  it('answers a workflow run with GitHub field names and headers, recorded with its query', async () => {
    const answer = await rest(`${RUN}?exclude_pull_requests=true`);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(answer.headers['x-github-request-id']).toMatch(
      /^[0-9A-F]{4}:[0-9A-F]{4}:[0-9A-F]{8}:[0-9A-F]{8}:[0-9A-F]{8}$/,
    );
    expect(answer.headers).toMatchObject({
      'x-ratelimit-limit': '1000',
      'x-ratelimit-remaining': '999',
      'x-ratelimit-used': '1',
      'x-ratelimit-resource': 'core',
    });
    expect(Number(answer.headers['x-ratelimit-reset'])).toBeGreaterThan(Date.now() / 1000);
    expect(answer.json).toMatchObject({
      id: DEFAULTS.runId,
      name: 'CI',
      run_number: 42,
      run_attempt: 1,
      workflow_id: DEFAULTS.workflowId,
      head_branch: 'master',
      head_sha: DEFAULTS.headSha,
      event: 'push',
      status: 'in_progress',
      conclusion: null,
      path: '.github/workflows/ci.yml',
      html_url: `https://github.com/Codertocat/Hello-World/actions/runs/${DEFAULTS.runId}`,
      url: `${emulator.githubUrl}${RUN}`,
      previous_attempt_url: null,
      actor: { login: 'Codertocat', id: 21031067 },
      repository: { id: DEFAULTS.repositoryId, full_name: DEFAULTS.repository },
    });
    const started = Date.parse(answer.json.run_started_at);
    expect(Date.now() - started).toBeGreaterThan(170_000);
    expect(Date.now() - started).toBeLessThan(200_000);
    expect(answer.json.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(emulator.requests).toEqual([
      { service: 'github', method: 'GET', path: `${RUN}?exclude_pull_requests=true`, status: 200 },
    ]);
  });

  it('takes Bearer as well as token, the repository in any case, and its id', async () => {
    expect((await rest(RUN, DEFAULTS.githubToken, 'Bearer')).status).toBe(200);
    expect((await rest(`/repos/codertocat/hello-world/actions/runs/${DEFAULTS.runId}`)).status).toBe(200);
    expect((await rest(`/repositories/${DEFAULTS.repositoryId}/actions/runs/${DEFAULTS.runId}`)).json.id).toBe(
      DEFAULTS.runId,
    );
  });

  it('lists the jobs of the attempt: the default scenario', async () => {
    const answer = await rest(`${RUN}/attempts/1/jobs`);
    expect(answer.status).toBe(200);
    expect(answer.headers.link).toBeUndefined();
    const { total_count, jobs } = answer.json;
    expect(total_count).toBe(4);
    expect(jobs.map((j: any) => [j.name, j.status, j.conclusion])).toEqual([
      ['build', 'completed', 'success'],
      ['test (ubuntu-latest)', 'completed', 'failure'],
      ['lint', 'completed', 'success'],
      ['notify', 'in_progress', null],
    ]);
    const [build, test, lint, notify] = jobs;
    expect(seconds(build)).toBe(95);
    expect(seconds(lint)).toBe(20);
    expect(test.steps.map((s: any) => [s.name, s.status, s.conclusion, s.number])).toEqual([
      ['Set up job', 'completed', 'success', 1],
      ['Run tests', 'completed', 'failure', 2],
      ['Post', 'completed', 'skipped', 3],
    ]);
    expect(notify).toMatchObject({
      runner_name: DEFAULTS.currentRunnerName,
      completed_at: null,
      run_id: DEFAULTS.runId,
      run_attempt: 1,
    });
    expect(notify.steps.map((s: any) => s.status)).toEqual(['completed', 'in_progress', 'queued']);
    expect(test.html_url).toBe(
      `https://github.com/Codertocat/Hello-World/actions/runs/${DEFAULTS.runId}/job/${test.id}`,
    );
    expect(test.check_run_url).toBe(`${emulator.githubUrl}${REPO}/check-runs/${test.id}`);
    expect(new Set(jobs.map((j: any) => j.id)).size).toBe(4);
  });

  it('pages with per_page and page, and a Link header under /repositories/{id} as GitHub writes it', async () => {
    const base = `${emulator.githubUrl}/repositories/${DEFAULTS.repositoryId}/actions/runs/${DEFAULTS.runId}/attempts/1/jobs`;
    const first = await rest(`${RUN}/attempts/1/jobs?per_page=3`);
    expect(first.json.total_count).toBe(4);
    expect(first.json.jobs).toHaveLength(3);
    expect(first.headers.link).toBe(`<${base}?per_page=3&page=2>; rel="next", <${base}?per_page=3&page=2>; rel="last"`);
    const second = await rest(`${RUN}/attempts/1/jobs?per_page=3&page=2`);
    expect(second.json.jobs.map((j: any) => j.name)).toEqual(['notify']);
    expect(second.headers.link).toBe(
      `<${base}?per_page=3&page=1>; rel="prev", <${base}?per_page=3&page=1>; rel="first"`,
    );
    const middle = await rest(`${RUN}/attempts/1/jobs?per_page=1&page=2`);
    expect(middle.headers.link).toBe(
      [
        `<${base}?per_page=1&page=1>; rel="prev"`,
        `<${base}?per_page=1&page=3>; rel="next"`,
        `<${base}?per_page=1&page=4>; rel="last"`,
        `<${base}?per_page=1&page=1>; rel="first"`,
      ].join(', '),
    );
    const past = await rest(`${RUN}/attempts/1/jobs?per_page=3&page=9`);
    expect(past.json).toEqual({ total_count: 4, jobs: [] });
  });

  it('pages 30 by default and at most 100', async () => {
    emulator.actions.setJobs(
      Array.from({ length: 130 }, (_, i) => ({ name: `shard ${i + 1}`, conclusion: 'success' as const })),
    );
    const byDefault = await rest(`${RUN}/attempts/1/jobs`);
    expect(byDefault.json.jobs).toHaveLength(30);
    expect(byDefault.headers.link).toContain('page=5>; rel="last"');
    const most = await rest(`${RUN}/attempts/1/jobs?per_page=500`);
    expect(most.json.jobs).toHaveLength(100);
    expect(most.headers.link).toContain('per_page=500&page=2>; rel="last"');
  });

  it('splits 130 jobs at per_page=100 into 100 and 30, each page counting all 130', async () => {
    emulator.actions.setJobs(
      Array.from({ length: 130 }, (_, i) => ({ name: `shard ${i + 1}`, conclusion: 'success' as const })),
    );
    const base = `${emulator.githubUrl}/repositories/${DEFAULTS.repositoryId}/actions/runs/${DEFAULTS.runId}/attempts/1/jobs`;
    const first = await rest(`${RUN}/attempts/1/jobs?per_page=100`);
    expect(first.json.total_count).toBe(130);
    expect(first.json.jobs.map((j: any) => j.name).at(-1)).toBe('shard 100');
    expect(first.headers.link).toBe(
      `<${base}?per_page=100&page=2>; rel="next", <${base}?per_page=100&page=2>; rel="last"`,
    );
    const second = await rest(`${RUN}/attempts/1/jobs?per_page=100&page=2`);
    expect(second.json.total_count).toBe(130);
    expect(second.json.jobs.map((j: any) => j.name)).toEqual(Array.from({ length: 30 }, (_, i) => `shard ${i + 101}`));
    expect(second.headers.link).not.toContain('rel="next"');
  });

  it('holds a workflow_run notifier’s own run in a workflow of its own', async () => {
    const notifier = emulator.actions.addNotifierRun({ id: 1658830117, run_number: 7 });
    const own = await rest(`${REPO}/actions/runs/${notifier.id}`);
    expect(own.json).toMatchObject({
      id: 1658830117,
      run_number: 7,
      name: 'Notify',
      event: 'workflow_run',
      status: 'in_progress',
    });
    expect(own.json.workflow_id).not.toBe(DEFAULTS.workflowId);
    const jobs = await rest(`${REPO}/actions/runs/${notifier.id}/attempts/1/jobs`);
    expect(jobs.json.jobs.map((j: any) => [j.name, j.status, j.runner_name])).toEqual([
      [DEFAULTS.currentJobName, 'in_progress', DEFAULTS.currentRunnerName],
    ]);
    const ci = await rest(`${REPO}/actions/workflows/${DEFAULTS.workflowId}/runs`);
    expect(ci.json.workflow_runs.map((r: any) => r.id)).not.toContain(notifier.id);
    expect((await rest(`${REPO}/actions/workflows/notify.yml/runs`)).json.total_count).toBe(1);
  });

  it('answers a run attempt, and 404 for an attempt or run that does not exist', async () => {
    expect((await rest(`${RUN}/attempts/1`)).json).toMatchObject({ id: DEFAULTS.runId, run_attempt: 1 });
    const missing = await rest(`${RUN}/attempts/2/jobs`);
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({
      message: 'Not Found',
      status: '404',
      documentation_url: 'https://docs.github.com/rest/actions/workflow-jobs#list-jobs-for-a-workflow-run-attempt',
    });
    expect((await rest(`${REPO}/actions/runs/1`)).status).toBe(404);
    expect((await rest(`${RUN}/attempts/2`)).status).toBe(404);
  });

  it("lists the latest attempt's jobs, or every attempt's with filter=all", async () => {
    const run = emulator.actions.currentRun();
    run.attempts[0]!.status = 'completed';
    run.attempts[0]!.conclusion = 'failure';
    run.attempts.push({ ...run.attempts[0]!, status: 'in_progress', conclusion: null, jobs: [] });
    const second = emulator.actions.setJobs([
      { name: 'test (ubuntu-latest)', conclusion: 'success' },
      { name: 'notify' },
    ]);
    const latest = await rest(`${RUN}/jobs`);
    expect(latest.json.total_count).toBe(2);
    expect(latest.json.jobs.map((j: any) => [j.id, j.run_attempt])).toEqual(second.map((j) => [j.id, 2]));
    const all = await rest(`${RUN}/jobs?filter=all`);
    expect(all.json.total_count).toBe(6);
    expect(all.json.jobs.map((j: any) => j.run_attempt)).toEqual([1, 1, 1, 1, 2, 2]);
    expect((await rest(RUN)).json).toMatchObject({
      run_attempt: 2,
      previous_attempt_url: `${emulator.githubUrl}${RUN}/attempts/1`,
    });
    expect((await rest(`${RUN}/attempts/1`)).json).toMatchObject({ run_attempt: 1, conclusion: 'failure' });
  });

  it('plays scripted jobs: ids above every other, times, default steps and runners', async () => {
    const jobs = emulator.actions.setJobs([
      { name: 'deploy', conclusion: 'timed_out', seconds: 360 },
      { name: 'docs', conclusion: 'skipped' },
      { name: 'e2e', status: 'queued' },
      { name: 'notify', runner_name: 'runner-x', annotations: [{ annotation_level: 'notice', message: 'hi' }] },
    ]);
    const { json } = await rest(`${RUN}/attempts/1/jobs`);
    expect(json.jobs.map((j: any) => j.id)).toEqual(jobs.map((j) => j.id));
    const [deploy, docs, e2e, notify] = json.jobs;
    expect(deploy).toMatchObject({ status: 'completed', conclusion: 'timed_out' });
    expect(seconds(deploy)).toBe(360);
    expect(deploy.steps.map((s: any) => [s.name, s.conclusion])).toEqual([
      ['Set up job', 'success'],
      ['Run deploy', 'timed_out'],
      ['Complete job', 'success'],
    ]);
    expect(docs).toMatchObject({ conclusion: 'skipped', steps: [], runner_name: null });
    expect(e2e).toMatchObject({ status: 'queued', conclusion: null, steps: [], runner_name: null, runner_id: null });
    expect(notify).toMatchObject({ status: 'in_progress', runner_name: 'runner-x' });
    const annotations = await rest(`${REPO}/check-runs/${notify.id}/annotations`);
    expect(annotations.json).toEqual([
      expect.objectContaining({ annotation_level: 'notice', message: 'hi', path: '.github', start_line: 1 }),
    ]);
  });
});

describe('GitHub REST API: annotations and workflow runs', () => {
  const failedJob = () => emulator.actions.currentRun().attempts[0]!.jobs.find((j) => j.conclusion === 'failure')!;

  it("lists a failed job's annotations by its check run id", async () => {
    const answer = await rest(`${REPO}/check-runs/${failedJob().id}/annotations`);
    expect(answer.status).toBe(200);
    expect(answer.headers['x-accepted-github-permissions']).toBe('checks=read');
    expect(answer.json).toEqual([
      {
        path: 'src/app.ts',
        start_line: 12,
        end_line: 12,
        start_column: 5,
        end_column: 38,
        annotation_level: 'failure',
        title: 'Run tests',
        message: 'Expected 2 but received 3',
        raw_details: null,
        blob_href: `https://github.com/Codertocat/Hello-World/blob/${DEFAULTS.headSha}/src/app.ts`,
      },
      expect.objectContaining({ annotation_level: 'warning', path: '.github', title: null }),
    ]);
    const paged = await rest(`${REPO}/check-runs/${failedJob().id}/annotations?per_page=1&page=2`);
    expect(paged.json).toEqual([expect.objectContaining({ annotation_level: 'warning' })]);
    expect(paged.headers.link).toContain('rel="prev"');
    expect((await rest(`${REPO}/check-runs/12345/annotations`)).status).toBe(404);
  });

  it("lists a workflow's runs newest first, by id or file name, with every branch unless asked", async () => {
    const all = await rest(`${REPO}/actions/workflows/${DEFAULTS.workflowId}/runs`);
    expect(all.status).toBe(200);
    expect(all.json.total_count).toBe(4);
    expect(all.json.workflow_runs.map((r: any) => [r.run_number, r.head_branch, r.status, r.conclusion])).toEqual([
      [43, 'feature/login', 'completed', 'failure'],
      [42, 'master', 'in_progress', null],
      [41, 'master', 'completed', 'success'],
      [40, 'master', 'completed', 'failure'],
    ]);
    expect((await rest(`${REPO}/actions/workflows/ci.yml/runs`)).json.total_count).toBe(4);
    expect((await rest(`${REPO}/actions/workflows/other.yml/runs`)).status).toBe(404);
  });

  it('filters by branch, status or conclusion, and event', async () => {
    const numbers = async (query: string) =>
      (await rest(`${REPO}/actions/workflows/${DEFAULTS.workflowId}/runs?${query}`)).json.workflow_runs.map(
        (r: any) => r.run_number,
      );
    expect(await numbers('branch=master&status=completed&per_page=20')).toEqual([41, 40]);
    expect(await numbers('status=completed')).toEqual([43, 41, 40]);
    expect(await numbers('status=failure')).toEqual([43, 40]);
    expect(await numbers('branch=master&status=in_progress')).toEqual([42]);
    expect(await numbers('event=pull_request')).toEqual([]);
    const paged = await rest(`${REPO}/actions/workflows/${DEFAULTS.workflowId}/runs?branch=master&per_page=2`);
    expect(paged.json.total_count).toBe(3);
    expect(paged.headers.link).toContain(
      `/repositories/${DEFAULTS.repositoryId}/actions/workflows/${DEFAULTS.workflowId}/runs?branch=master&per_page=2&page=2>; rel="next"`,
    );
  });

  it('replaces the earlier runs on the branch with setPreviousConclusions, keeping other branches', async () => {
    const made = emulator.actions.setPreviousConclusions(['cancelled', 'success', null]);
    expect(made.map((r) => r.run_number)).toEqual([41, 40, 39]);
    const { json } = await rest(`${REPO}/actions/workflows/${DEFAULTS.workflowId}/runs`);
    expect(json.workflow_runs.map((r: any) => [r.run_number, r.status, r.conclusion])).toEqual([
      [43, 'completed', 'failure'],
      [42, 'in_progress', null],
      [41, 'completed', 'cancelled'],
      [40, 'completed', 'success'],
      [39, 'in_progress', null],
    ]);
    const earlier = await rest(`${REPO}/actions/runs/${made[0]!.id}/jobs`);
    expect(earlier.json.jobs.find((j: any) => j.name === 'test (ubuntu-latest)').conclusion).toBe('cancelled');
    expect(emulator.actions.setPreviousConclusions([])).toEqual([]);
    expect((await rest(`${REPO}/actions/workflows/ci.yml/runs?branch=master`)).json.total_count).toBe(1);
  });
});

describe('GitHub REST API: refusals, faults and reset', () => {
  const jobsPath = `${RUN}/attempts/1/jobs`;

  it('answers 401 Requires authentication without a token, and Bad credentials for an unknown one', async () => {
    const none = await rest(jobsPath, null);
    expect(none.status).toBe(401);
    expect(none.json).toEqual({
      message: 'Requires authentication',
      status: '401',
      documentation_url: 'https://docs.github.com/rest/actions/workflow-jobs#list-jobs-for-a-workflow-run-attempt',
    });
    expect(none.headers['x-github-request-id']).toBeTruthy();
    const wrong = await rest(jobsPath, 'ghs_not-a-token');
    expect(wrong.status).toBe(401);
    expect(wrong.json).toEqual({
      message: 'Bad credentials',
      documentation_url: 'https://docs.github.com/rest',
      status: '401',
    });
    expect((await rest(jobsPath, DEFAULTS.githubToken, 'Basic')).status).toBe(401);
  });

  it('answers 403 Resource not accessible by integration to a token without actions: read', async () => {
    emulator.actions.tokens[DEFAULTS.githubToken]!.actions = 'none';
    const answer = await rest(jobsPath);
    expect(answer.status).toBe(403);
    expect(answer.json).toEqual({
      message: 'Resource not accessible by integration',
      documentation_url: 'https://docs.github.com/rest/actions/workflow-jobs#list-jobs-for-a-workflow-run-attempt',
      status: '403',
    });
    expect(answer.headers['x-accepted-github-permissions']).toBe('actions=read');
    expect((await rest(RUN)).status).toBe(403);
    // Annotations need checks: read, which this token still holds.
    const job = emulator.actions.currentRun().attempts[0]!.jobs[1]!;
    expect((await rest(`${REPO}/check-runs/${job.id}/annotations`)).status).toBe(200);
    emulator.actions.tokens.ghs_checkless = { actions: 'write' };
    expect((await rest(`${REPO}/check-runs/${job.id}/annotations`, 'ghs_checkless')).status).toBe(403);
    expect((await rest(jobsPath, 'ghs_checkless')).status).toBe(200);
  });

  it('answers 404 for a repository it does not hold, before looking at permissions', async () => {
    emulator.actions.tokens[DEFAULTS.githubToken]!.actions = 'none';
    const answer = await rest(`/repos/Codertocat/Other/actions/runs/${DEFAULTS.runId}`);
    expect(answer.status).toBe(404);
    expect(answer.json).toEqual({
      message: 'Not Found',
      status: '404',
      documentation_url: 'https://docs.github.com/rest/actions/workflow-runs#get-a-workflow-run',
    });
    expect((await rest(`${REPO}/actions/runs/${DEFAULTS.runId}/logs`)).json.documentation_url).toBe(
      'https://docs.github.com/rest',
    );
  });

  it('counts requests against the rate limit and answers 403 when it is spent', async () => {
    await rest(RUN);
    expect(emulator.actions.rateLimit.used).toBe(1);
    emulator.actions.rateLimit.used = emulator.actions.rateLimit.limit;
    const answer = await rest(RUN);
    expect(answer.status).toBe(403);
    expect(answer.json.message).toMatch(/^API rate limit exceeded/);
    expect(answer.headers['x-ratelimit-remaining']).toBe('0');
  });

  it('plays faults on the run, jobs, annotations and runs routes', async () => {
    const job = emulator.actions.currentRun().attempts[0]!.jobs[1]!;
    emulator.fault({ route: 'jobs', status: 500, body: { message: 'Server Error' }, times: 2 });
    emulator.fault({ route: 'run', status: 404, body: { message: 'Not Found' } });
    emulator.fault({ route: 'annotations', status: 403, body: { message: 'Resource not accessible by integration' } });
    emulator.fault({ route: 'runs', reset: true });
    const jobs = await rest(jobsPath);
    expect(jobs.status).toBe(500);
    expect(jobs.headers['x-github-request-id']).toBeTruthy();
    expect((await rest(`${RUN}/jobs`)).status).toBe(500);
    expect((await rest(jobsPath)).status).toBe(200);
    expect((await rest(RUN)).status).toBe(404);
    expect((await rest(`${REPO}/check-runs/${job.id}/annotations`)).status).toBe(403);
    await expect(rest(`${REPO}/actions/workflows/ci.yml/runs`)).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(emulator.requests.map((r) => r.status)).toEqual([500, 500, 200, 404, 403, 0]);
    emulator.fault({ route: 'run', delayMs: 200 });
    const started = Date.now();
    expect((await rest(RUN)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('restores the default scenario on reset, in the same object', async () => {
    const actions = emulator.actions;
    actions.tokens[DEFAULTS.githubToken]!.actions = 'none';
    actions.setJobs([{ name: 'only' }]);
    actions.setPreviousConclusions([]);
    actions.rateLimit.used = 999;
    actions.serverUrl = 'https://github.example.com';
    emulator.reset();
    expect(emulator.actions).toBe(actions);
    expect(actions.serverUrl).toBe('https://github.com');
    expect(actions.rateLimit.used).toBe(0);
    const { json } = await rest(`${RUN}/attempts/1/jobs`);
    expect(json.jobs.map((j: any) => j.name)).toEqual(['build', 'test (ubuntu-latest)', 'lint', 'notify']);
    expect((await rest(`${REPO}/actions/workflows/ci.yml/runs?branch=master&status=completed`)).json.total_count).toBe(
      2,
    );
  });
});

describe('GitHub REST API: compare two commits', () => {
  const specs = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      message: `Commit ${i + 1}\n\nbody`,
      name: `Dev ${i}`,
      email: `dev${i}@contoso.com`,
    }));
  /** The head commit of run 41, the run before the current one. */
  const since = () =>
    emulator.actions.repositories[0]!.workflows[0]!.runs.find((r) => r.run_number === DEFAULTS.runNumber - 1)!.head_sha;

  it('lists the commits reachable from head and not from base, oldest first, with authors and counts', async () => {
    const made = emulator.actions.setChanges([
      { message: 'Add passkeys\n\nLong body', name: 'Mona Lisa', email: 'mona@contoso.com', login: 'monalisa' },
      { message: 'Update README.md', name: 'Jo', email: 'jo@fabrikam.com', login: null },
    ]);
    const base = since();
    const answer = await rest(`${REPO}/compare/${base}...${DEFAULTS.headSha}`);
    expect(answer.status).toBe(200);
    expect(answer.headers['x-accepted-github-permissions']).toBe('contents=read');
    expect(answer.headers.link).toBeUndefined();
    expect(answer.json).toMatchObject({ status: 'ahead', ahead_by: 2, behind_by: 0, total_commits: 2 });
    expect(answer.json.base_commit.sha).toBe(base);
    expect(answer.json.merge_base_commit.sha).toBe(base);
    expect(answer.json.commits.map((c: any) => c.sha)).toEqual(made.map((c) => c.sha));
    expect(answer.json.commits[0]).toMatchObject({
      commit: { message: 'Add passkeys\n\nLong body', author: { name: 'Mona Lisa', email: 'mona@contoso.com' } },
      author: { login: 'monalisa' },
      html_url: `https://github.com/${DEFAULTS.repository}/commit/${made[0]!.sha}`,
      parents: [{ sha: base }],
    });
    expect(answer.json.commits[1].author).toBeNull();
    // The other way round nothing is new, and the same commit is identical to itself.
    expect((await rest(`${REPO}/compare/${DEFAULTS.headSha}...${base}`)).json).toMatchObject({
      status: 'behind',
      ahead_by: 0,
      behind_by: 2,
      total_commits: 0,
      commits: [],
    });
    const same = await rest(`${REPO}/compare/${DEFAULTS.headSha.slice(0, 7)}...${DEFAULTS.headSha}`);
    expect(same.json).toMatchObject({ status: 'identical', total_commits: 0 });
  });

  it('says diverged when base is not in head’s history, counting from the merge base', async () => {
    emulator.actions.setChanges(specs(3));
    const repository = emulator.actions.repositories[0]!;
    const base = since();
    const lost = { ...repository.commits.at(-1)!, sha: 'f'.repeat(40), parents: [base], message: 'Rewritten away' };
    repository.commits.push(lost);
    const answer = await rest(`${REPO}/compare/${lost.sha}...${DEFAULTS.headSha}`);
    expect(answer.json).toMatchObject({ status: 'diverged', ahead_by: 3, behind_by: 1, total_commits: 3 });
    expect(answer.json.merge_base_commit.sha).toBe(base);
  });

  it('gives the most recent 250 without paging parameters, and pages of per_page with Link otherwise', async () => {
    const made = emulator.actions.setChanges(specs(260));
    const path = `${REPO}/compare/${since()}...${DEFAULTS.headSha}`;
    const all = await rest(path);
    expect(all.json.total_commits).toBe(260);
    expect(all.json.commits.map((c: any) => c.sha)).toEqual(made.slice(-250).map((c) => c.sha));
    const second = await rest(`${path}?per_page=100&page=2`);
    expect(second.json.total_commits).toBe(260);
    expect(second.json.commits.map((c: any) => c.sha)).toEqual(made.slice(100, 200).map((c) => c.sha));
    expect(second.headers.link).toContain('page=3>; rel="next"');
    expect(second.headers.link).toContain(`/repositories/${DEFAULTS.repositoryId}/compare/`);
  });

  it('answers 404 for a commit it does not hold, and 403 to a token without contents: read', async () => {
    const unknown = await rest(`${REPO}/compare/${'e'.repeat(40)}...${DEFAULTS.headSha}`);
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({
      message: 'Not Found',
      documentation_url: 'https://docs.github.com/rest/commits/commits#compare-two-commits',
      status: '404',
    });
    emulator.actions.tokens[DEFAULTS.githubToken]!.contents = 'none';
    const refused = await rest(`${REPO}/compare/${since()}...${DEFAULTS.headSha}`);
    expect(refused.status).toBe(403);
    expect(refused.json.message).toBe('Resource not accessible by integration');
  });
});
