import { describe, expect, it } from 'vitest';
import { readRunContext, runTitle } from '../src/context.js';
import { runContext } from './fixtures/context.ts';
import { CHECKOUT_SHA, MERGE_SHA, NOTIFIER_RUN, TRIGGERING_RUN, examplePayload, githubEnv } from './fixtures/github.ts';

describe('readRunContext', () => {
  it('reads the run from the runner variables', () => {
    const ctx = runContext('push');
    expect(ctx).toMatchObject({
      serverUrl: 'https://github.com',
      repository: 'Codertocat/Hello-World',
      repositoryUrl: 'https://github.com/Codertocat/Hello-World',
      workflow: 'CI',
      runId: '1658821493',
      runNumber: 42,
      runAttempt: 1,
      runUrl: 'https://github.com/Codertocat/Hello-World/actions/runs/1658821493',
      eventName: 'push',
      actor: 'Codertocat',
    });
    expect(ctx.triggeringActor).toBeUndefined();
  });

  it('builds every link from a GHES server URL, trailing slash removed', () => {
    const ctx = runContext('pull_request', { GITHUB_SERVER_URL: 'https://ghes.example.com/' });
    expect(ctx.serverUrl).toBe('https://ghes.example.com');
    expect(ctx.runUrl).toBe('https://ghes.example.com/Codertocat/Hello-World/actions/runs/1658821493');
    expect(ctx.commit?.url).toMatch(/^https:\/\/ghes\.example\.com\/Codertocat\/Hello-World\/commit\//);
    expect(ctx.pullRequest?.url).toBe('https://ghes.example.com/Codertocat/Hello-World/pull/2');
  });

  it('points at the attempt when the run was re-run, and names who re-ran it', () => {
    const ctx = runContext('push', { GITHUB_RUN_ATTEMPT: '3', GITHUB_TRIGGERING_ACTOR: 'hubot' });
    expect(ctx.runAttempt).toBe(3);
    expect(ctx.runUrl).toBe('https://github.com/Codertocat/Hello-World/actions/runs/1658821493/attempts/3');
    expect(ctx.triggeringActor).toBe('hubot');
  });

  it('push: the head commit with the first line of its message', () => {
    const payload = examplePayload('push');
    payload.head_commit.message = 'Fix the build\n\nLonger explanation.';
    const ctx = runContext('push', {}, payload);
    expect(ctx.commit).toEqual({
      sha: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
      shortSha: '6113728',
      url: 'https://github.com/Codertocat/Hello-World/commit/6113728f27ae82c7b1a177c8d03f9e96e0adf246',
      title: 'Fix the build',
    });
    expect(ctx).toMatchObject({ refName: 'master', refType: 'branch' });
    expect(ctx.pullRequest).toBeUndefined();
    expect(ctx.release).toBeUndefined();
  });

  it('push without a head commit (a deleted branch) falls back to GITHUB_SHA, untitled', () => {
    const payload = examplePayload('push', (p) => !p.head_commit);
    const ctx = runContext('push', { GITHUB_SHA: CHECKOUT_SHA }, payload);
    expect(ctx.commit).toMatchObject({ sha: CHECKOUT_SHA, title: undefined });
  });

  it('push of a tag reports a tag', () => {
    const payload = examplePayload('push', (p) => p.head_commit && p.ref.startsWith('refs/tags/'));
    expect(runContext('push', {}, payload)).toMatchObject({ refName: 'simple-tag', refType: 'tag' });
  });

  it.each(['pull_request', 'pull_request_target'])('%s: the PR head commit, not GITHUB_SHA, and the PR', (event) => {
    const ctx = runContext(event);
    expect(ctx.commit?.sha).toBe('ec26c3e57ca3a959ca5aad62de7213c562f8c821');
    expect(ctx.commit?.sha).not.toBe(githubEnv(event, examplePayload(event)).GITHUB_SHA);
    expect(ctx.commit?.title).toBeUndefined();
    expect(ctx.pullRequest).toEqual({
      number: 2,
      title: 'Update the README with new information.',
      url: 'https://github.com/Codertocat/Hello-World/pull/2',
      headRef: 'changes',
      baseRef: 'master',
    });
    expect(ctx).toMatchObject({ refName: 'changes', refType: 'branch' });
  });

  it('pull_request_review: the reviewed PR and its head', () => {
    const payload = examplePayload('pull_request_review');
    const ctx = runContext('pull_request_review', {}, payload);
    expect(ctx.pullRequest?.number).toBe(payload.pull_request.number);
    expect(ctx.commit?.sha).toBe(payload.pull_request.head.sha);
  });

  it('pull_request synchronize carries the new head', () => {
    const payload = examplePayload('pull_request', (p) => p.action === 'synchronize');
    expect(runContext('pull_request', {}, payload).commit?.sha).toBe(payload.after);
    expect(payload.after).not.toBe(MERGE_SHA);
  });

  it('release: the release with its tag as name when it has none, linked on the server', () => {
    const payload = examplePayload('release');
    payload.release.tag_name = 'v1.0.0+build/1';
    const ctx = runContext('release', {}, payload);
    expect(ctx.release).toEqual({
      tag: 'v1.0.0+build/1',
      name: 'v1.0.0+build/1',
      url: 'https://github.com/Codertocat/Hello-World/releases/tag/v1.0.0%2Bbuild%2F1',
    });
    expect(ctx.commit).toMatchObject({ sha: CHECKOUT_SHA, title: undefined });
  });

  it('release: a named release keeps its name', () => {
    const payload = examplePayload('release');
    payload.release.name = 'First light';
    expect(runContext('release', {}, payload).release).toMatchObject({ tag: '0.0.1', name: 'First light' });
  });

  it('workflow_run: the triggering run’s head commit and branch', () => {
    const ctx = runContext('workflow_run');
    expect(ctx.commit).toMatchObject({
      sha: '5779607b49aab1200488439f02372c57b4f75444',
      title: 'Update milestone-created.yml',
    });
    expect(ctx.refName).toBe('main');
  });

  describe('workflow_run: the run reported is the one that triggered the notifier', () => {
    it('takes its id, workflow, number, attempt, actor and links from the payload, not the notifier’s variables', () => {
      const payload = examplePayload('workflow_run');
      Object.assign(payload.workflow_run, { run_attempt: 2, conclusion: 'failure' });
      const ctx = runContext('workflow_run', { GITHUB_ACTOR: 'dependabot[bot]' }, payload);
      const repositoryUrl = 'https://github.com/Codertocat/Hello-World';
      expect(ctx).toMatchObject({
        workflow: TRIGGERING_RUN.workflow,
        runId: String(TRIGGERING_RUN.id),
        runNumber: TRIGGERING_RUN.runNumber,
        runAttempt: 2,
        runUrl: `${repositoryUrl}/actions/runs/${TRIGGERING_RUN.id}/attempts/2`,
        refName: 'main',
        eventName: 'workflow_run',
        conclusion: 'failure',
        notifier: { workflow: NOTIFIER_RUN.workflow, runId: String(NOTIFIER_RUN.id) },
      });
      expect(ctx.commit?.url).toBe(`${repositoryUrl}/commit/5779607b49aab1200488439f02372c57b4f75444`);
    });

    it('names who started the triggering run, and who re-ran it when someone else did', () => {
      const payload = examplePayload('workflow_run', (p) => p.workflow_run.actor !== undefined);
      expect(runContext('workflow_run', {}, payload)).toMatchObject({
        actor: 'Codertocat',
        triggeringActor: undefined,
      });
      payload.workflow_run.triggering_actor = { ...payload.workflow_run.actor, login: 'monalisa' };
      expect(runContext('workflow_run', {}, payload)).toMatchObject({
        actor: 'Codertocat',
        triggeringActor: 'monalisa',
      });
    });

    it.each([
      ['success', 'success'],
      ['failure', 'failure'],
      ['timed_out', 'failure'],
      ['startup_failure', 'failure'],
      ['cancelled', 'cancelled'],
      ['skipped', 'skipped'],
      ['neutral', undefined],
      ['action_required', undefined],
      ['stale', undefined],
      [null, undefined],
    ])('a run that concluded %s is %s', (conclusion, status) => {
      const payload = examplePayload('workflow_run');
      payload.workflow_run.conclusion = conclusion;
      expect(runContext('workflow_run', {}, payload).conclusion).toBe(status);
    });

    it('is the notifier’s own run when the payload names no run', () => {
      const payload = examplePayload('workflow_run');
      payload.workflow_run.id = 'x';
      const ctx = runContext('workflow_run', {}, payload);
      expect(ctx).toMatchObject({ workflow: NOTIFIER_RUN.workflow, runId: String(NOTIFIER_RUN.id) });
      expect(ctx.notifier).toBeUndefined();
      expect(ctx.conclusion).toBeUndefined();
    });

    it('only for workflow_run events', () => {
      const payload = { ...examplePayload('push'), workflow_run: examplePayload('workflow_run').workflow_run };
      const ctx = runContext('push', {}, payload);
      expect(ctx).toMatchObject({ runId: '1658821493', workflow: 'CI' });
      expect(ctx.notifier).toBeUndefined();
      expect(ctx.conclusion).toBeUndefined();
    });
  });

  it.each(['workflow_dispatch', 'schedule'])('%s: GITHUB_SHA without a title, the ref from the runner', (event) => {
    const ctx = runContext(event);
    expect(ctx.commit).toEqual({
      sha: CHECKOUT_SHA,
      shortSha: 'a1b2c3d',
      url: `${ctx.repositoryUrl}/commit/${CHECKOUT_SHA}`,
      title: undefined,
    });
    expect(ctx.refName).toBe('main');
    expect(ctx.pullRequest).toBeUndefined();
  });

  it('survives an empty environment and payload', () => {
    const ctx = readRunContext({}, '', {});
    expect(ctx).toMatchObject({
      serverUrl: 'https://github.com',
      repository: '',
      repositoryUrl: 'https://github.com',
      workflow: '',
      runId: '',
      runNumber: 0,
      runAttempt: 1,
      runUrl: 'https://github.com/actions',
      actor: '',
    });
    expect(ctx.commit).toBeUndefined();
    expect(ctx.refName).toBeUndefined();
  });

  it('drops numbers and SHAs that are not what they claim', () => {
    const ctx = runContext('schedule', {
      GITHUB_RUN_ID: '12/../evil',
      GITHUB_RUN_NUMBER: 'NaN',
      GITHUB_RUN_ATTEMPT: '-2',
      GITHUB_SHA: 'not-a-sha',
    });
    expect(ctx).toMatchObject({ runId: '', runNumber: 0, runAttempt: 1 });
    expect(ctx.runUrl).toBe('https://github.com/Codertocat/Hello-World/actions');
    expect(ctx.commit).toBeUndefined();
  });

  it('treats the all-zero SHA of a deleted ref as no commit', () => {
    expect(runContext('schedule', { GITHUB_SHA: '0'.repeat(40) }).commit).toBeUndefined();
  });

  it('ignores a PR payload of the wrong shape', () => {
    const payload = examplePayload('pull_request');
    payload.pull_request.number = 'two';
    payload.pull_request.title = null;
    expect(runContext('pull_request', {}, payload).pullRequest).toBeUndefined();
  });

  it('carries attacker-controlled text raw', () => {
    const payload = examplePayload('push');
    payload.head_commit.message = '<script>alert(1)</script>';
    const ctx = runContext('push', { GITHUB_REF_NAME: 'feat/<img src=x onerror=alert(1)>' }, payload);
    expect(ctx.commit?.title).toBe('<script>alert(1)</script>');
    expect(ctx.refName).toBe('feat/<img src=x onerror=alert(1)>');
  });

  describe('compareUrl', () => {
    const BEFORE = 'a10867b14bb761a232cd80139fbd4c0d33264240';
    const AFTER = '6113728f27ae82c7b1a177c8d03f9e96e0adf246';

    function pushWith(before: unknown, after: unknown, overrides: Record<string, string> = {}): string | undefined {
      const payload = examplePayload('push');
      Object.assign(payload, { before, after, compare: 'https://evil.example/compare' });
      return runContext('push', overrides, payload).compareUrl;
    }

    it('links the pushed range from the server URL, SHAs cut to 12 characters', () => {
      expect(pushWith(BEFORE, AFTER)).toBe(
        'https://github.com/Codertocat/Hello-World/compare/a10867b14bb7...6113728f27ae',
      );
      expect(pushWith(BEFORE, AFTER, { GITHUB_SERVER_URL: 'https://ghes.example.com/' })).toBe(
        'https://ghes.example.com/Codertocat/Hello-World/compare/a10867b14bb7...6113728f27ae',
      );
    });

    it.each([
      ['a new branch', '0'.repeat(40), AFTER],
      ['a deleted branch', BEFORE, '0'.repeat(40)],
      ['a short SHA', BEFORE.slice(0, 12), AFTER],
      ['not hex', `${BEFORE.slice(0, 39)}g`, AFTER],
      ['a URL', 'https://evil.example/../../x', AFTER],
      ['a missing before', undefined, AFTER],
      ['a number', 12, AFTER],
    ])('is absent for %s', (_, before, after) => {
      expect(pushWith(before, after)).toBeUndefined();
    });

    it('is absent for events other than push, even with before and after', () => {
      const payload = { ...examplePayload('pull_request'), before: BEFORE, after: AFTER };
      expect(runContext('pull_request', {}, payload).compareUrl).toBeUndefined();
      expect(runContext('push').compareUrl).toBeUndefined();
    });
  });
});

describe('runTitle', () => {
  it('names the workflow and its run number', () => {
    expect(runTitle(runContext('push'))).toBe('CI #42');
  });

  it('shows the run number alone when the workflow name is unknown', () => {
    expect(runTitle(runContext('push', { GITHUB_WORKFLOW: undefined }))).toBe('#42');
  });
});
