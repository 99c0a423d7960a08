/**
 * The commits since the last successful run, for a failure mail: who changed what since the workflow last
 * worked on this branch (Jenkins' "changes since the last successful build"). Reading them needs
 * `contents: read`; the run they are counted from comes from the runs readPreviousRun already read.
 */
import type { ChangeInfo, Changes, RunContext } from '../context.js';
import { RUNS_READ, type ApiRun, type Comparison } from './enrichment.js';

/** A commit as the compare endpoint lists it; `author` is the GitHub account GitHub matched, when it did. */
export interface ApiCommit {
  sha: string;
  commit: { message: string; author?: { name?: string; email?: string } | null };
  author?: { login?: string } | Record<string, never> | null;
}

export interface ApiComparison {
  status: string;
  behind_by: number;
  total_commits: number;
  commits: ApiCommit[];
}

export interface CommitsApi {
  /** `GET /repos/{owner}/{repo}/compare/{base}...{head}`, one page without paging parameters. */
  compare(base: string, head: string): Promise<ApiComparison>;
}

/**
 * The changes between the last successful run among those `readPreviousRun` read and this run. Undefined
 * when the runs could not be read or the run has no branch or commit to compare; `none` when none of the runs
 * read succeeded (a success older than one page of runs is too far back to be worth listing). Throws when the
 * compare read fails.
 */
export async function readChanges(
  api: CommitsApi,
  ctx: RunContext,
  comparison: Comparison | undefined,
): Promise<Changes | undefined> {
  const head = ctx.commit?.sha;
  const branch = ctx.refName;
  if (comparison?.runsRead === undefined || !head || !branch) return undefined;
  const last = comparison.lastSuccess;
  if (!last) return { kind: 'none', runsRead: comparison.runsRead, older: comparison.runsRead >= RUNS_READ, branch };
  if (!last.head_sha) return undefined;
  // Without paging parameters GitHub returns the most recent 250 commits of the range: the ones worth naming.
  return toChanges(await api.compare(last.head_sha, head), ctx, last as ApiRun & { head_sha: string });
}

function toChanges(answer: ApiComparison, ctx: RunContext, last: ApiRun & { head_sha: string }): Changes {
  const commits = answer.commits.flatMap((commit) => toChange(commit, ctx)).reverse();
  return {
    kind: 'since',
    run: { number: last.run_number, url: `${ctx.repositoryUrl}/actions/runs/${last.id}`, sha: last.head_sha },
    status: answer.status,
    commits,
    total: Math.max(answer.total_commits, commits.length),
    behind: answer.behind_by,
  };
}

/** A commit id goes into a link: anything but hex is no commit GitHub would name. */
function toChange(commit: ApiCommit, ctx: RunContext): ChangeInfo[] {
  if (!/^[0-9a-f]{7,64}$/i.test(commit.sha)) return [];
  const author = commit.commit.author ?? {};
  const login = commit.author && 'login' in commit.author ? commit.author.login : undefined;
  return [
    {
      sha: commit.sha,
      shortSha: commit.sha.slice(0, 7),
      url: `${ctx.repositoryUrl}/commit/${commit.sha}`,
      title: commit.commit.message.split(/\r\n|\r|\n/, 1)[0]!.trim(),
      author: author.name?.trim() || login || 'unknown author',
      ...(login && { login }),
      ...(author.email && { email: author.email }),
    },
  ];
}
