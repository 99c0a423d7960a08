import { describe, expect, it } from 'vitest';
import { runFacts } from '../../src/notification/facts.js';
import type { Fact } from '../../src/notification/facts.js';
import { runContext } from '../fixtures/context.ts';
import { examplePayload } from '../fixtures/github.ts';
import { failedDetails, pushRun } from './run.ts';

function fact(facts: Fact[], label: string): Fact['value'] | undefined {
  return facts.find((f) => f.label === label)?.value;
}

describe('runFacts', () => {
  it('lists a push in reading order', () => {
    const facts = runFacts(runContext('push'));
    expect(facts.map((f) => f.label)).toEqual(['Repository', 'Workflow', 'Run', 'Event', 'Branch', 'Commit', 'Actor']);
    expect(fact(facts, 'Commit')).toEqual([
      {
        text: '6113728',
        url: 'https://github.com/Codertocat/Hello-World/commit/6113728f27ae82c7b1a177c8d03f9e96e0adf246',
        code: true,
      },
      { text: 'Initial commit' },
    ]);
  });

  it('shows a pull request as head → base and links it', () => {
    const facts = runFacts(runContext('pull_request'));
    expect(fact(facts, 'Branch')?.map((s) => s.text)).toEqual(['changes', '→', 'master']);
    expect(fact(facts, 'Pull request')).toEqual([
      { text: '#2 Update the README with new information.', url: 'https://github.com/Codertocat/Hello-World/pull/2' },
    ]);
  });

  it('labels a tag as a tag and names the release, with its tag when the name differs', () => {
    const payload = examplePayload('release');
    payload.release.name = 'First light';
    const facts = runFacts(runContext('release', {}, payload));
    expect(fact(facts, 'Tag')).toEqual([{ text: '0.0.1', code: true }]);
    expect(fact(facts, 'Release')?.map((s) => s.text)).toEqual(['First light', '(0.0.1)']);
    expect(fact(facts, 'Branch')).toBeUndefined();
  });

  it('shows the attempt only when the run was re-run', () => {
    expect(fact(runFacts(runContext('push')), 'Run')?.map((s) => s.text)).toEqual(['#42']);
    const rerun = fact(runFacts(runContext('push', { GITHUB_RUN_ATTEMPT: '2' })), 'Run');
    expect(rerun?.map((s) => s.text)).toEqual(['#42', '(attempt 2)']);
  });

  it('names the triggering actor only when it differs from the actor', () => {
    expect(fact(runFacts(runContext('push', { GITHUB_TRIGGERING_ACTOR: 'Codertocat' })), 'Actor')).toHaveLength(1);
    const other = fact(runFacts(runContext('push', { GITHUB_TRIGGERING_ACTOR: 'hubot' })), 'Actor');
    expect(other?.map((s) => s.text)).toEqual(['Codertocat', '(triggered by hubot)']);
  });

  it('leaves out facts the run does not have', () => {
    expect(
      runFacts(runContext('schedule', { GITHUB_WORKFLOW: '', GITHUB_SHA: '', GITHUB_RUN_NUMBER: '' })).map(
        (f) => f.label,
      ),
    ).toEqual(['Repository', 'Event', 'Branch', 'Actor']);
  });

  it('links the pushed range and shows the run duration when known', () => {
    const facts = runFacts(pushRun(failedDetails()));
    expect(facts.map((f) => f.label)).toEqual([
      'Repository',
      'Workflow',
      'Run',
      'Duration',
      'Event',
      'Branch',
      'Commit',
      'Compare',
      'Actor',
    ]);
    expect(fact(facts, 'Compare')).toEqual([
      {
        text: 'a10867b14bb7...6113728f27ae',
        url: 'https://github.com/Codertocat/Hello-World/compare/a10867b14bb7...6113728f27ae',
        code: true,
      },
    ]);
    expect(fact(facts, 'Duration')).toEqual([{ text: '4m 12s' }]);
  });

  it('cuts long commit and pull request titles at 200 characters', () => {
    const push = examplePayload('push');
    push.head_commit.message = `${'c'.repeat(10_000)}\nbody`;
    const commit = fact(runFacts(runContext('push', {}, push)), 'Commit')?.[1]?.text ?? '';
    expect(Array.from(commit)).toHaveLength(200);
    expect(commit).toBe(`${'c'.repeat(199)}…`);
    const pr = examplePayload('pull_request');
    pr.pull_request.title = `Title\n${'p'.repeat(500)}`;
    const title = fact(runFacts(runContext('pull_request', {}, pr)), 'Pull request')?.[0]?.text ?? '';
    expect(title).toBe(`#2 Title ${'p'.repeat(193)}…`);
  });
});
