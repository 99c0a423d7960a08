/**
 * GitHub's REST API, the part about a workflow run that @actions/github's Octokit reads with a job's
 * GITHUB_TOKEN: the run, its jobs, their check-run annotations and the workflow's other runs. Checks come in
 * GitHub's order (token, rate limit, repository, permission, resource) with GitHub's error bodies, headers and
 * `Link` pagination. The data is `emulator.actions` (actions.ts).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Actions, Annotation, Commit, Job, Repository, Run, TokenPermissions, Workflow } from './actions.ts';
import type { Exchange, Route } from './exchange.ts';
import { reply, replyJson } from './exchange.ts';
import { signLogUrl } from './logs.ts';
import type { LogsContext } from './logs.ts';

export interface RestContext {
  /** GITHUB_API_URL: where the API is served, and so where Link and `url` fields point. */
  githubUrl: string;
  actions: Actions;
  logs: LogsContext;
}

const DOCS = 'https://docs.github.com/rest';
const PER_PAGE = 30;
const MAX_PER_PAGE = 100;
/** What compare lists without paging parameters: the most recent commits of the range. */
const MAX_COMPARE_COMMITS = 250;

interface Found {
  context: RestContext;
  repository: Repository;
  /** The request's path below the repository, which Link URLs keep under /repositories/{id}. */
  below: string;
}

interface Endpoint {
  pattern: RegExp;
  fault: NonNullable<Route['fault']>;
  permission: keyof TokenPermissions;
  docs: string;
  /** Answers the request, or returns false when what it names does not exist. */
  answer(ex: Exchange, found: Found, params: string[], headers: Record<string, string>): boolean;
}

const ENDPOINTS: Endpoint[] = [
  {
    pattern: /^\/actions\/runs\/(\d+)$/,
    fault: 'run',
    permission: 'actions',
    docs: `${DOCS}/actions/workflow-runs#get-a-workflow-run`,
    answer: (ex, found, [runId], headers) => answerRun(ex, found, Number(runId), undefined, headers),
  },
  {
    pattern: /^\/actions\/runs\/(\d+)\/attempts\/(\d+)$/,
    fault: 'run',
    permission: 'actions',
    docs: `${DOCS}/actions/workflow-runs#get-a-workflow-run-attempt`,
    answer: (ex, found, [runId, attempt], headers) => answerRun(ex, found, Number(runId), Number(attempt), headers),
  },
  {
    pattern: /^\/actions\/runs\/(\d+)\/attempts\/(\d+)\/jobs$/,
    fault: 'jobs',
    permission: 'actions',
    docs: `${DOCS}/actions/workflow-jobs#list-jobs-for-a-workflow-run-attempt`,
    answer: (ex, found, [runId, attempt], headers) => answerJobs(ex, found, Number(runId), Number(attempt), headers),
  },
  {
    pattern: /^\/actions\/runs\/(\d+)\/jobs$/,
    fault: 'jobs',
    permission: 'actions',
    docs: `${DOCS}/actions/workflow-jobs#list-jobs-for-a-workflow-run`,
    answer: (ex, found, [runId], headers) => answerJobs(ex, found, Number(runId), undefined, headers),
  },
  {
    pattern: /^\/check-runs\/(\d+)\/annotations$/,
    fault: 'annotations',
    permission: 'checks',
    docs: `${DOCS}/checks/runs#list-check-run-annotations`,
    answer: (ex, found, [checkRunId], headers) => answerAnnotations(ex, found, Number(checkRunId), headers),
  },
  {
    pattern: /^\/actions\/jobs\/(\d+)\/logs$/,
    fault: 'jobLogs',
    permission: 'actions',
    docs: `${DOCS}/actions/workflow-jobs#download-job-logs-for-a-workflow-run`,
    answer: (ex, found, [jobId], headers) => answerJobLogs(ex, found, Number(jobId), headers),
  },
  {
    pattern: /^\/actions\/workflows\/([^/]+)\/runs$/,
    fault: 'runs',
    permission: 'actions',
    docs: `${DOCS}/actions/workflow-runs#list-workflow-runs-for-a-workflow`,
    answer: (ex, found, [workflowId], headers) =>
      answerWorkflowRuns(ex, found, decodeURIComponent(workflowId!), headers),
  },
  {
    pattern: /^\/compare\/(.+)$/,
    fault: 'compare',
    permission: 'contents',
    docs: `${DOCS}/commits/commits#compare-two-commits`,
    answer: (ex, found, [basehead], headers) => answerCompare(ex, found, decodeURIComponent(basehead!), headers),
  },
];

/** The REST routes of the GitHub listener; undefined for a request that is not theirs. */
export function routeRest(ex: Exchange, context: RestContext): Route | undefined {
  if (ex.record.method !== 'GET') return undefined;
  // GitHub addresses a repository by name, and by id in the Link URLs it writes.
  const named = /^\/repos\/([^/]+)\/([^/]+)(\/.*)$/.exec(ex.url.pathname);
  const numbered = /^\/repositories\/(\d+)(\/.*)$/.exec(ex.url.pathname);
  const below = named?.[3] ?? numbered?.[2];
  if (below === undefined) return undefined;
  for (const endpoint of ENDPOINTS) {
    const match = endpoint.pattern.exec(below);
    if (!match) continue;
    const headers = { 'x-github-request-id': requestId() };
    const find = () =>
      named
        ? context.actions.repositories.find(
            (r) => r.full_name.toLowerCase() === `${named[1]}/${named[2]}`.toLowerCase(),
          )
        : context.actions.repositories.find((r) => r.id === Number(numbered![1]));
    return {
      fault: endpoint.fault,
      headers,
      handle: () => serve(ex, context, endpoint, headers, find, below, match.slice(1)),
    };
  }
  return undefined;
}

function serve(
  ex: Exchange,
  context: RestContext,
  endpoint: Endpoint,
  headers: Record<string, string>,
  find: () => Repository | undefined,
  below: string,
  params: string[],
): void {
  const error = (status: number, message: string, docs = endpoint.docs) =>
    replyJson(ex, status, { message, documentation_url: docs, status: String(status) }, headers);
  const token = tokenOf(ex.req.headers.authorization);
  if (token === undefined) return error(401, 'Requires authentication');
  const permissions = context.actions.tokens[token];
  if (!permissions) return error(401, 'Bad credentials', DOCS);
  const { rateLimit } = context.actions;
  if (rateLimit.used >= rateLimit.limit) {
    Object.assign(headers, rateLimitHeaders(context.actions));
    return error(
      403,
      'API rate limit exceeded for installation ID 41926385.',
      `${DOCS}/overview/rate-limits-for-the-rest-api`,
    );
  }
  rateLimit.used += 1;
  Object.assign(headers, rateLimitHeaders(context.actions), {
    'x-github-api-version-selected': '2022-11-28',
    'x-github-media-type': 'github.v3; format=json',
    // GitHub names the permission an installation token needs, on every answer to one.
    'x-accepted-github-permissions': `${endpoint.permission}=read`,
  });
  const repository = find();
  // A repository the token cannot see is one that does not exist, for GitHub.
  if (!repository) return error(404, 'Not Found');
  const level = permissions[endpoint.permission];
  if (level !== 'read' && level !== 'write') return error(403, 'Resource not accessible by integration');
  if (!endpoint.answer(ex, { context, repository, below }, params, headers)) error(404, 'Not Found');
}

/** `token <t>` as Octokit sends a GITHUB_TOKEN, or `Bearer <t>`; the scheme in any case. */
function tokenOf(authorization: string | undefined): string | undefined {
  return /^(?:token|bearer)\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
}

function rateLimitHeaders({ rateLimit }: Actions): Record<string, string> {
  return {
    'x-ratelimit-limit': String(rateLimit.limit),
    'x-ratelimit-remaining': String(Math.max(0, rateLimit.limit - rateLimit.used)),
    'x-ratelimit-reset': String(rateLimit.resetAt),
    'x-ratelimit-used': String(rateLimit.used),
    'x-ratelimit-resource': 'core',
  };
}

/** GitHub's request ids: five hex groups, upper case. */
function requestId(): string {
  return [2, 2, 4, 4, 4].map((n) => randomBytes(n).toString('hex').toUpperCase()).join(':');
}

function answerRun(
  ex: Exchange,
  found: Found,
  runId: number,
  attempt: number | undefined,
  headers: Record<string, string>,
): boolean {
  const hit = findRun(found.repository, runId);
  const number = attempt ?? hit?.run.attempts.length ?? 0;
  if (!hit || !hit.run.attempts[number - 1]) return false;
  replyJson(ex, 200, runJson(found, hit.workflow, hit.run, number), headers);
  return true;
}

function answerJobs(
  ex: Exchange,
  found: Found,
  runId: number,
  attempt: number | undefined,
  headers: Record<string, string>,
): boolean {
  const hit = findRun(found.repository, runId);
  if (!hit) return false;
  const { run, workflow } = hit;
  let numbers: number[];
  if (attempt !== undefined) {
    if (!run.attempts[attempt - 1]) return false;
    numbers = [attempt];
  } else {
    numbers = ex.url.searchParams.get('filter') === 'all' ? run.attempts.map((_, i) => i + 1) : [run.attempts.length];
  }
  const jobs = numbers.flatMap((n) => run.attempts[n - 1]!.jobs.map((job) => jobJson(found, workflow, run, n, job)));
  const page = paginate(ex, found, jobs, headers);
  replyJson(ex, 200, { total_count: jobs.length, jobs: page }, headers);
  return true;
}

function answerAnnotations(ex: Exchange, found: Found, checkRunId: number, headers: Record<string, string>): boolean {
  for (const workflow of found.repository.workflows) {
    for (const run of workflow.runs) {
      const job = run.attempts.flatMap((a) => a.jobs).find((j) => j.id === checkRunId);
      if (!job) continue;
      const annotations = job.annotations.map((a) => annotationJson(found, run, a));
      replyJson(ex, 200, paginate(ex, found, annotations, headers), headers);
      return true;
    }
  }
  return false;
}

/** A 302 to the log's pre-signed URL on the logs host; a job still running has no log to download yet. */
function answerJobLogs(ex: Exchange, found: Found, jobId: number, headers: Record<string, string>): boolean {
  for (const workflow of found.repository.workflows) {
    for (const run of workflow.runs) {
      const job = run.attempts.flatMap((a) => a.jobs).find((j) => j.id === jobId);
      if (!job) continue;
      if (job.status !== 'completed') return false;
      reply(ex, 302, { ...headers, location: signLogUrl(found.context.logs, run.id, job) });
      return true;
    }
  }
  return false;
}

const RUN_STATUSES = ['queued', 'in_progress', 'completed', 'waiting', 'requested', 'pending'];

/** Newest first; `status` takes a status or a conclusion, as GitHub's does. */
function answerWorkflowRuns(ex: Exchange, found: Found, workflowId: string, headers: Record<string, string>): boolean {
  const workflow = found.repository.workflows.find(
    (w) => String(w.id) === workflowId || w.path.split('/').at(-1) === workflowId,
  );
  if (!workflow) return false;
  const query = ex.url.searchParams;
  const wanted = (name: string, value: string | null) => {
    const asked = query.get(name);
    return !asked || asked === value;
  };
  const status = query.get('status');
  const runs = workflow.runs
    .filter((run) => {
      const last = run.attempts.at(-1)!;
      if (status && (RUN_STATUSES.includes(status) ? last.status !== status : last.conclusion !== status)) return false;
      return (
        wanted('branch', run.head_branch) &&
        wanted('event', run.event) &&
        wanted('actor', run.actor) &&
        wanted('head_sha', run.head_sha)
      );
    })
    .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || b.id - a.id)
    .map((run) => runJson(found, workflow, run, run.attempts.length));
  const page = paginate(ex, found, runs, headers);
  replyJson(ex, 200, { total_count: runs.length, workflow_runs: page }, headers);
  return true;
}

/**
 * `base...head` by commit id (whole or abbreviated): the commits reachable from head but not from base, oldest
 * first. Without paging parameters, the most recent 250 of them; with `per_page` or `page`, GitHub's pages.
 */
function answerCompare(ex: Exchange, found: Found, basehead: string, headers: Record<string, string>): boolean {
  const [baseRef, headRef, ...rest] = basehead.split('...');
  const commits = found.repository.commits;
  const base = commits.find((c) => baseRef && baseRef.length >= 7 && c.sha.startsWith(baseRef.toLowerCase()));
  const head = commits.find((c) => headRef && headRef.length >= 7 && c.sha.startsWith(headRef.toLowerCase()));
  if (rest.length > 0 || !base || !head) return false;
  const fromHead = ancestors(commits, head);
  const fromBase = ancestors(commits, base);
  const ahead = commits.filter((c) => fromHead.has(c.sha) && !fromBase.has(c.sha));
  const behind = commits.filter((c) => fromBase.has(c.sha) && !fromHead.has(c.sha)).length;
  const mergeBase = commits.findLast((c) => fromHead.has(c.sha) && fromBase.has(c.sha));
  const query = ex.url.searchParams;
  const paged = query.has('per_page') || query.has('page');
  const listed = paged ? paginate(ex, found, ahead, headers) : ahead.slice(-MAX_COMPARE_COMMITS);
  const status = ahead.length && behind ? 'diverged' : ahead.length ? 'ahead' : behind ? 'behind' : 'identical';
  const { context, repository } = found;
  const html = `${context.actions.serverUrl}/${repository.full_name}/compare/${baseRef}...${headRef}`;
  replyJson(
    ex,
    200,
    {
      url: `${context.githubUrl}/repos/${repository.full_name}/compare/${baseRef}...${headRef}`,
      html_url: html,
      permalink_url: `${context.actions.serverUrl}/${repository.full_name}/compare/${base.sha.slice(0, 7)}...${head.sha.slice(0, 7)}`,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      base_commit: commitJson(found, base),
      merge_base_commit: mergeBase ? commitJson(found, mergeBase) : null,
      status,
      ahead_by: ahead.length,
      behind_by: behind,
      total_commits: ahead.length,
      commits: listed.map((c) => commitJson(found, c)),
      // The emulator keeps no trees: no file changed, as far as it can tell.
      files: [],
    },
    headers,
  );
  return true;
}

/** The commit and every commit it descends from. */
function ancestors(commits: Commit[], from: Commit): Set<string> {
  const seen = new Set<string>();
  const queue = [from.sha];
  while (queue.length > 0) {
    const sha = queue.pop()!;
    if (seen.has(sha)) continue;
    seen.add(sha);
    queue.push(...(commits.find((c) => c.sha === sha)?.parents ?? []));
  }
  return seen;
}

function commitJson({ context, repository }: Found, commit: Commit) {
  const api = `${context.githubUrl}/repos/${repository.full_name}`;
  const html = `${context.actions.serverUrl}/${repository.full_name}/commit/${commit.sha}`;
  const tree = createHash('sha1').update(`tree ${commit.sha}`).digest('hex');
  return {
    sha: commit.sha,
    node_id: Buffer.from(`04:Commit${commit.sha}`).toString('base64'),
    commit: {
      author: commit.author,
      committer: { name: 'GitHub', email: 'noreply@github.com', date: commit.author.date },
      message: commit.message,
      tree: { sha: tree, url: `${api}/git/trees/${tree}` },
      url: `${api}/git/commits/${commit.sha}`,
      comment_count: 0,
      verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
    },
    url: `${api}/commits/${commit.sha}`,
    html_url: html,
    comments_url: `${api}/commits/${commit.sha}/comments`,
    author: commit.login === null ? null : user(context, commit.login),
    committer: user(context, 'web-flow'),
    parents: commit.parents.map((sha) => ({
      sha,
      url: `${api}/commits/${sha}`,
      html_url: `${context.actions.serverUrl}/${repository.full_name}/commit/${sha}`,
    })),
  };
}

function findRun(repository: Repository, runId: number): { workflow: Workflow; run: Run } | undefined {
  for (const workflow of repository.workflows) {
    const run = workflow.runs.find((r) => r.id === runId);
    if (run) return { workflow, run };
  }
  return undefined;
}

/**
 * One page of a list, by `per_page` (30 unless given, at most 100) and `page` (from 1). When there is more
 * than one page it sets GitHub's Link header: prev, next, last, first, each the request's URL under
 * /repositories/{id} with its `page` changed.
 */
function paginate<T>(ex: Exchange, found: Found, items: T[], headers: Record<string, string>): T[] {
  const asked = Number.parseInt(ex.url.searchParams.get('per_page') ?? '', 10);
  const perPage = Number.isInteger(asked) && asked > 0 ? Math.min(asked, MAX_PER_PAGE) : PER_PAGE;
  const askedPage = Number.parseInt(ex.url.searchParams.get('page') ?? '', 10);
  const page = Number.isInteger(askedPage) && askedPage > 0 ? askedPage : 1;
  const last = Math.max(1, Math.ceil(items.length / perPage));
  if (last > 1) {
    const at = (n: number) => {
      const query = new URLSearchParams(ex.url.searchParams);
      query.set('page', String(n));
      return `<${found.context.githubUrl}/repositories/${found.repository.id}${found.below}?${query}>`;
    };
    const links: string[] = [];
    if (page > 1) links.push(`${at(Math.min(page - 1, last))}; rel="prev"`);
    if (page < last) links.push(`${at(page + 1)}; rel="next"`, `${at(last)}; rel="last"`);
    if (page > 1) links.push(`${at(1)}; rel="first"`);
    headers.link = links.join(', ');
  }
  return items.slice((page - 1) * perPage, page * perPage);
}

function runJson({ context, repository }: Found, workflow: Workflow, run: Run, attemptNumber: number) {
  const attempt = run.attempts[attemptNumber - 1]!;
  const api = `${context.githubUrl}/repos/${repository.full_name}`;
  const url = `${api}/actions/runs/${run.id}`;
  const checkSuiteId = run.id + 3_000_000_000;
  return {
    id: run.id,
    name: workflow.name,
    node_id: nodeId('WorkflowRun', run.id),
    head_branch: run.head_branch,
    head_sha: run.head_sha,
    path: workflow.path,
    display_title: run.display_title,
    run_number: run.run_number,
    event: run.event,
    status: attempt.status,
    conclusion: attempt.conclusion,
    workflow_id: workflow.id,
    check_suite_id: checkSuiteId,
    check_suite_node_id: nodeId('CheckSuite', checkSuiteId),
    url,
    html_url: `${context.actions.serverUrl}/${repository.full_name}/actions/runs/${run.id}`,
    pull_requests: [],
    created_at: run.created_at,
    updated_at: attempt.updated_at,
    actor: user(context, run.actor),
    run_attempt: attemptNumber,
    referenced_workflows: [],
    run_started_at: attempt.run_started_at,
    triggering_actor: user(context, run.actor),
    jobs_url: `${url}/jobs`,
    logs_url: `${url}/logs`,
    check_suite_url: `${api}/check-suites/${checkSuiteId}`,
    artifacts_url: `${url}/artifacts`,
    cancel_url: `${url}/cancel`,
    rerun_url: `${url}/rerun`,
    previous_attempt_url: attemptNumber > 1 ? `${url}/attempts/${attemptNumber - 1}` : null,
    workflow_url: `${api}/actions/workflows/${workflow.id}`,
    head_commit: {
      id: run.head_sha,
      tree_id: [...run.head_sha].reverse().join(''),
      message: run.display_title,
      timestamp: run.created_at,
      author: { name: run.actor, email: `${run.actor.toLowerCase()}@users.noreply.github.com` },
      committer: { name: 'GitHub', email: 'noreply@github.com' },
    },
    repository: repositoryJson(context, repository),
    head_repository: repositoryJson(context, repository),
  };
}

function jobJson({ context, repository }: Found, workflow: Workflow, run: Run, attemptNumber: number, job: Job) {
  const api = `${context.githubUrl}/repos/${repository.full_name}`;
  return {
    id: job.id,
    run_id: run.id,
    workflow_name: workflow.name,
    head_branch: run.head_branch,
    run_url: `${api}/actions/runs/${run.id}`,
    run_attempt: attemptNumber,
    node_id: nodeId('CheckRun', job.id),
    head_sha: run.head_sha,
    url: `${api}/actions/jobs/${job.id}`,
    html_url: `${context.actions.serverUrl}/${repository.full_name}/actions/runs/${run.id}/job/${job.id}`,
    status: job.status,
    conclusion: job.conclusion,
    created_at: job.created_at,
    started_at: job.started_at,
    completed_at: job.completed_at,
    name: job.name,
    steps: job.steps,
    check_run_url: `${api}/check-runs/${job.id}`,
    labels: job.labels,
    runner_id: job.runner_name === null ? null : 1000 + Number.parseInt(job.runner_name.replace(/\D/g, '') || '0', 10),
    runner_name: job.runner_name,
    // GitHub-hosted runners belong to group 0, "GitHub Actions".
    runner_group_id: job.runner_name === null ? null : 0,
    runner_group_name: job.runner_name === null ? null : 'GitHub Actions',
  };
}

function annotationJson({ context, repository }: Found, run: Run, annotation: Annotation) {
  const { path, ...rest } = annotation;
  return {
    path,
    blob_href: `${context.actions.serverUrl}/${repository.full_name}/blob/${run.head_sha}/${path}`,
    ...rest,
  };
}

function repositoryJson(context: RestContext, repository: Repository) {
  const [owner = '', name = ''] = repository.full_name.split('/');
  return {
    id: repository.id,
    node_id: nodeId('Repository', repository.id),
    name,
    full_name: repository.full_name,
    private: repository.private,
    owner: user(context, owner),
    html_url: `${context.actions.serverUrl}/${repository.full_name}`,
    fork: false,
    url: `${context.githubUrl}/repos/${repository.full_name}`,
  };
}

// The sample repository's owner keeps the id its ID tokens carry; any other login gets a stable made-up one.
const USER_IDS: Record<string, number> = { Codertocat: 21031067 };

function user(context: RestContext, login: string) {
  const id = USER_IDS[login] ?? [...login].reduce((hash, c) => (hash * 31 + c.charCodeAt(0)) % 90_000_000, 7);
  return {
    login,
    id,
    node_id: nodeId('User', id),
    url: `${context.githubUrl}/users/${login}`,
    html_url: `${context.actions.serverUrl}/${login}`,
    type: 'User',
    site_admin: false,
  };
}

/** GitHub's legacy global ids: base64 of `0<length of type>:<type><id>`. */
function nodeId(type: string, id: number): string {
  return Buffer.from(`0${type.length}:${type}${id}`).toString('base64');
}
