import { describe, expect, it } from 'vitest';
import type { RunContext } from '../../src/context.js';
import { readChanges, type ApiCommit, type ApiComparison, type CommitsApi } from '../../src/github/changes.js';
import type { ApiRun, Comparison } from '../../src/github/enrichment.js';
import { runContext } from '../fixtures/context.ts';

const ctx: RunContext = runContext('push');
const HEAD = ctx.commit!.sha;
const GREEN: ApiRun = {
  id: 1658813574,
  run_number: 41,
  workflow_id: 7,
  conclusion: 'success',
  head_sha: 'a'.repeat(40),
};
const REPO = 'https://github.com/Codertocat/Hello-World';

function commit(sha: string, message: string, name?: string, login?: string): ApiCommit {
  return {
    sha,
    commit: { message, author: name === undefined ? null : { name, email: `${name.toLowerCase()}@contoso.com` } },
    author: login === undefined ? null : { login },
  };
}

function api(answer: Partial<ApiComparison> = {}): CommitsApi & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    compare: async (base, head) => {
      calls.push(`${base}...${head}`);
      return { status: 'ahead', behind_by: 0, total_commits: 0, commits: [], ...answer };
    },
  };
}

const seen = (extra: Partial<Comparison> = {}): Comparison => ({
  transition: 'broken',
  runsRead: 5,
  lastSuccess: GREEN,
  ...extra,
});

describe('readChanges', () => {
  it('compares the last green run’s head commit with this run’s, listing the commits newest first', async () => {
    const fake = api({
      total_commits: 2,
      commits: [
        commit('b'.repeat(40), 'Add passkeys\n\nWebAuthn, behind a flag.', 'Mona', 'monalisa'),
        commit('c'.repeat(40), '  Fix it  \r\nmore', 'Jo'),
      ],
    });
    expect(await readChanges(fake, ctx, seen())).toEqual({
      kind: 'since',
      run: { number: 41, url: `${REPO}/actions/runs/1658813574`, sha: GREEN.head_sha },
      status: 'ahead',
      commits: [
        {
          sha: 'c'.repeat(40),
          shortSha: 'ccccccc',
          url: `${REPO}/commit/${'c'.repeat(40)}`,
          title: 'Fix it',
          author: 'Jo',
          email: 'jo@contoso.com',
        },
        {
          sha: 'b'.repeat(40),
          shortSha: 'bbbbbbb',
          url: `${REPO}/commit/${'b'.repeat(40)}`,
          title: 'Add passkeys',
          author: 'Mona',
          login: 'monalisa',
          email: 'mona@contoso.com',
        },
      ],
      total: 2,
      behind: 0,
    });
    expect(fake.calls).toEqual([`${GREEN.head_sha}...${HEAD}`]);
  });

  it('names an author by login when the commit gives no name, and drops a commit whose id is not hex', async () => {
    const fake = api({
      total_commits: 2,
      commits: [commit('d'.repeat(40), 'x', undefined, 'octo'), commit('../../evil', 'y')],
    });
    const changes = await readChanges(fake, ctx, seen());
    expect(changes?.kind === 'since' && changes.commits.map((c) => [c.author, c.email])).toEqual([['octo', undefined]]);
    expect(changes?.kind === 'since' && changes.total).toBe(2);
  });

  it('compares a pull request’s head commit, found on its head branch', async () => {
    const pr = runContext('pull_request');
    const fake = api();
    const changes = await readChanges(fake, pr, seen());
    expect(fake.calls).toEqual([`${GREEN.head_sha}...${pr.commit!.sha}`]);
    expect(pr.commit!.sha).not.toBe(HEAD);
    expect(await readChanges(fake, pr, seen({ lastSuccess: undefined }))).toEqual({
      kind: 'none',
      runsRead: 5,
      older: false,
      branch: pr.pullRequest!.headRef,
    });
    expect(changes?.kind).toBe('since');
  });

  it('says none, without a request, when no run read succeeded, and whether older runs went unread', async () => {
    const fake = api();
    expect(await readChanges(fake, ctx, seen({ lastSuccess: undefined, runsRead: 20 }))).toEqual({
      kind: 'none',
      runsRead: 20,
      older: true,
      branch: 'master',
    });
    expect(await readChanges(fake, ctx, seen({ lastSuccess: undefined, runsRead: 19 }))).toMatchObject({
      older: false,
    });
    expect(fake.calls).toEqual([]);
  });

  it('reads nothing when the runs were not read, or the run has no branch or commit', async () => {
    const fake = api();
    expect(await readChanges(fake, ctx, undefined)).toBeUndefined();
    expect(await readChanges(fake, ctx, { transition: 'first' })).toBeUndefined();
    expect(await readChanges(fake, { ...ctx, refName: undefined }, seen())).toBeUndefined();
    expect(await readChanges(fake, { ...ctx, commit: undefined }, seen())).toBeUndefined();
    expect(fake.calls).toEqual([]);
  });

  it('lets a failed read throw, for the caller to warn', async () => {
    const failing: CommitsApi = {
      compare: async () => Promise.reject(Object.assign(new Error('Not Found'), { status: 404 })),
    };
    await expect(readChanges(failing, ctx, seen())).rejects.toThrow('Not Found');
  });
});
