/**
 * GitHub Actions as its REST API reports it: repositories, their workflows, each workflow's runs with their
 * attempts, each attempt's jobs with steps and check-run annotations, and the tokens GitHub accepts. It is plain
 * mutable data in GitHub's field names, so a test scripts a run by editing it, or through the few helpers that
 * fill in what GitHub would (ids, times, steps). rest.ts serves it.
 */
import { createHash } from 'node:crypto';
import { DEFAULTS } from './directory.ts';
import type { JobLog } from './logs.ts';

export type Permission = 'read' | 'write' | 'none';
/** A token's repository permissions; one left out is 'none', as for a GITHUB_TOKEN under `permissions:`. */
export type TokenPermissions = Partial<Record<'actions' | 'checks' | 'contents' | 'metadata', Permission>>;

export type RunStatus = 'queued' | 'in_progress' | 'completed' | 'waiting' | 'requested' | 'pending';
export type Conclusion =
  | 'success'
  | 'failure'
  | 'cancelled'
  | 'skipped'
  | 'timed_out'
  | 'neutral'
  | 'action_required'
  | 'stale'
  | 'startup_failure';
export type AnnotationLevel = 'notice' | 'warning' | 'failure';

export interface Actions {
  /** GITHUB_SERVER_URL: the base of every html_url and blob_href. */
  serverUrl: string;
  /** Every token the API accepts, with its permissions; others get 401 Bad credentials. */
  tokens: Record<string, TokenPermissions>;
  /** One budget for all tokens; `used` counts authenticated REST requests, and at `limit` GitHub answers 403. */
  rateLimit: { limit: number; used: number; resetAt: number };
  repositories: Repository[];
  /** The run the action runs in (DEFAULTS.runId). */
  currentRun(): Run;
  /** Replaces the jobs of the current run's latest attempt, filling ids, times, steps and runners. */
  setJobs(jobs: JobSpec[]): Job[];
  /**
   * Replaces the current run's earlier runs on its branch with completed ones of these conclusions, newest
   * first (run_number − 1, − 2, …); `null` plays a run still in progress. Runs on other branches stay.
   */
  setPreviousConclusions(conclusions: (Conclusion | null)[]): Run[];
  /**
   * Adds a second workflow, `Notify` (`on: workflow_run` of CI), with this run of it in progress: the run a
   * workflow_run notifier's GITHUB_RUN_ID names, started as the current run ended. Its one job, `notify`, runs on
   * DEFAULTS.currentRunnerName.
   */
  addNotifierRun(run: { id: number; run_number: number }): Run;
  /**
   * Replaces the commits after the previous run's head commit with these, oldest first: the last becomes the
   * current run's head commit (its sha stays DEFAULTS.headSha). Earlier runs' head commits stay, one each.
   */
  setChanges(commits: CommitSpec[]): Commit[];
}

/** A commit as the compare endpoint reports it, with the parents that make the history. */
export interface Commit {
  sha: string;
  /** Oldest history first: a commit's parents come before it in Repository.commits. */
  parents: string[];
  message: string;
  author: { name: string; email: string; date: string };
  /** The GitHub account GitHub matched to the author's address; null when none (the API's `author: null`). */
  login: string | null;
}

/** A commit as a test describes it; setChanges fills in sha (but for the last), parents and date. */
export interface CommitSpec {
  message: string;
  name: string;
  email: string;
  login?: string | null;
}

export interface Repository {
  id: number;
  /** owner/name; the API finds it in any case. */
  full_name: string;
  default_branch: string;
  private: boolean;
  workflows: Workflow[];
  /** Every commit, parents before children; the compare endpoint walks them. */
  commits: Commit[];
}

export interface Workflow {
  id: number;
  name: string;
  /** The file; the API takes its base name (`ci.yml`) for the id. */
  path: string;
  runs: Run[];
}

export interface Run {
  id: number;
  run_number: number;
  event: string;
  head_branch: string;
  head_sha: string;
  display_title: string;
  /** The login of who triggered it. */
  actor: string;
  created_at: string;
  /** Attempt n is `attempts[n - 1]`; the last one is the run's status, conclusion and run_attempt. */
  attempts: Attempt[];
}

export interface Attempt {
  status: RunStatus;
  conclusion: Conclusion | null;
  run_started_at: string;
  updated_at: string;
  jobs: Job[];
}

/** A job; its id is also its check run's id, under which its annotations are listed. */
export interface Job {
  id: number;
  name: string;
  status: RunStatus;
  conclusion: Conclusion | null;
  created_at: string;
  started_at: string;
  completed_at: string | null;
  runner_name: string | null;
  labels: string[];
  steps: Step[];
  annotations: Annotation[];
  /** What its log shows beyond what its steps make (see logs.ts). */
  log?: JobLog;
}

export interface Step {
  name: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: Conclusion | null;
  number: number;
  started_at: string | null;
  completed_at: string | null;
}

/** A check-run annotation as the API lists it, less `blob_href`, which is made from the run's commit. */
export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column: number | null;
  end_column: number | null;
  annotation_level: AnnotationLevel;
  title: string | null;
  message: string;
  raw_details: string | null;
}

/** A job as a test describes it; setJobs fills in the rest. */
export interface JobSpec {
  name: string;
  /** Absent or null: not finished, `status` in_progress unless given. */
  conclusion?: Conclusion | null;
  status?: RunStatus;
  /** How long a finished job ran; 30 unless given, 0 for a skipped one. */
  seconds?: number;
  started_at?: string;
  /** Default: `Set up job`, `Run <name>` (the job's outcome), `Complete job`; none for a skipped job. */
  steps?: { name: string; conclusion?: Conclusion | null; status?: Step['status'] }[];
  /** Level and message at least; path defaults to `.github`, line to 1. */
  annotations?: (Partial<Annotation> & Pick<Annotation, 'annotation_level' | 'message'>)[];
  /** Default `GitHub Actions <n>` once a runner took the job, null while queued. */
  runner_name?: string | null;
  log?: JobLog;
}

const FEATURE_BRANCH = 'feature/login';

export function createActions(): Actions {
  const actions: Actions = {
    ...defaultActionsData(),
    currentRun: () => currentRunOf(actions),
    setJobs(specs) {
      const run = currentRunOf(actions);
      const attempt = run.attempts.at(-1)!;
      attempt.jobs = buildJobs(specs, attempt.run_started_at, nextJobId(actions), Date.now());
      return attempt.jobs;
    },
    setPreviousConclusions(conclusions) {
      const run = currentRunOf(actions);
      const workflow = workflowOf(actions, run);
      const earlier = (r: Run) => r.head_branch === run.head_branch && r.run_number < run.run_number;
      workflow.runs = workflow.runs.filter((r) => !earlier(r));
      let jobId = nextJobId(actions);
      const previous = conclusions.map((conclusion, i) => {
        const made = previousRun(run, i + 1, conclusion, jobId);
        jobId += made.attempts[0]!.jobs.length;
        return made;
      });
      workflow.runs.push(...previous);
      return previous;
    },
    addNotifierRun({ id, run_number }) {
      const triggering = currentRunOf(actions);
      const started = Date.now() - 20_000;
      const run: Run = {
        id,
        run_number,
        // GitHub runs a workflow_run workflow on the default branch, whatever branch the triggering run was on.
        event: 'workflow_run',
        head_branch: DEFAULTS.branch,
        head_sha: DEFAULTS.headSha,
        display_title: triggering.display_title,
        actor: triggering.actor,
        created_at: iso(started),
        attempts: [],
      };
      run.attempts.push({
        status: 'in_progress',
        conclusion: null,
        run_started_at: iso(started),
        updated_at: iso(started),
        jobs: buildJobs(
          [{ name: DEFAULTS.currentJobName, runner_name: DEFAULTS.currentRunnerName }],
          iso(started),
          nextJobId(actions),
          Date.now(),
        ),
      });
      actions.repositories[0]!.workflows.push({
        id: DEFAULTS.workflowId + 1,
        name: 'Notify',
        path: '.github/workflows/notify.yml',
        runs: [run],
      });
      return run;
    },
    setChanges(specs) {
      const run = currentRunOf(actions);
      const repository = actions.repositories[0]!;
      repository.commits = history(run, specs);
      return repository.commits.slice(-specs.length);
    },
  };
  return actions;
}

/** Earlier runs' head commits, one each, in a line: enough for setPreviousConclusions to reach back this far. */
const HISTORY = 30;

/**
 * The current run's branch as a line of commits: one per earlier run (`sha(head, back)`, the head commit
 * previousRun gives that run), then `specs`, the last of which is the current run's head commit.
 */
function history(current: Run, specs: CommitSpec[]): Commit[] {
  const day = 86_400_000;
  const start = Date.parse(current.created_at) - HISTORY * day;
  const commits: Commit[] = [];
  const add = (sha: string, spec: CommitSpec, at: number) => {
    const parents = commits.length > 0 ? [commits.at(-1)!.sha] : [];
    const author = { name: spec.name, email: spec.email, date: iso(at) };
    commits.push({ sha, parents, message: spec.message, author, login: spec.login ?? null });
  };
  for (let back = HISTORY; back >= 1; back--) {
    add(sha(current.head_sha, back), codertocat(`Change ${current.run_number - back}`), start + (HISTORY - back) * day);
  }
  specs.forEach((spec, i) => {
    const last = i === specs.length - 1;
    const made = createHash('sha1').update(`${current.head_sha} ${i}`).digest('hex');
    add(last ? current.head_sha : made, spec, Date.parse(current.created_at) - (specs.length - i) * 60_000);
  });
  return commits;
}

function codertocat(message: string): CommitSpec {
  return { message, name: 'The Octocat', email: '21031067+Codertocat@users.noreply.github.com', login: 'Codertocat' };
}

/**
 * Since run 41, Mona (a colleague at contoso.com) added sign-in with passkeys and the Octocat, whose address is
 * GitHub's noreply one, updated the README: the current run's head commit.
 */
function defaultChanges(): CommitSpec[] {
  return [
    {
      message: 'Sign in with a passkey\n\nWebAuthn through the browser, behind a flag.',
      name: 'Mona Lisa',
      email: 'mona@contoso.com',
      login: 'monalisa',
    },
    codertocat('Update README.md'),
  ];
}

/** Restores the default scenario in place, so references a test holds stay live. */
export function resetActions(actions: Actions): void {
  Object.assign(actions, defaultActionsData());
}

/**
 * The default scenario: run 42 of `CI` on master started three minutes ago; `build` and `lint` passed, `test
 * (ubuntu-latest)` failed with two annotations, and `notify`, the job the action runs in, is running. Runs 41
 * (success) and 40 (failure) came before it on master; run 43, on another branch, started since and failed
 * within two minutes. Between run 41's head commit and run 42's came two commits (defaultChanges).
 */
function defaultActionsData() {
  const now = Date.now();
  const started = now - 180_000;
  let jobId = 4577163800;
  const current: Run = {
    id: DEFAULTS.runId,
    run_number: DEFAULTS.runNumber,
    event: 'push',
    head_branch: DEFAULTS.branch,
    head_sha: DEFAULTS.headSha,
    display_title: 'Update README.md',
    actor: 'Codertocat',
    created_at: iso(started - 4000),
    attempts: [],
  };
  // Made oldest first, so job ids grow with time as GitHub's do.
  const previous = (['failure', 'success'] as const).map((conclusion, i) => {
    const run = previousRun(current, 2 - i, conclusion, jobId);
    jobId += run.attempts[0]!.jobs.length;
    return run;
  });
  const jobs = buildJobs(defaultJobSpecs(), iso(started), jobId, now);
  jobId += jobs.length;
  current.attempts.push({
    status: 'in_progress',
    conclusion: null,
    run_started_at: iso(started),
    updated_at: iso(now - 15_000),
    jobs,
  });
  const otherBranch = finishedRun(
    {
      id: DEFAULTS.runId + 8717,
      run_number: DEFAULTS.runNumber + 1,
      event: 'push',
      head_branch: FEATURE_BRANCH,
      head_sha: 'c0ffee5d1e2b3a4958e7f6d5c4b3a29180716253',
      display_title: 'Sign in with a passkey',
      actor: 'Codertocat',
      created_at: iso(now - 150_000),
      attempts: [],
    },
    'failure',
    now - 149_000,
    jobId,
  );
  return {
    serverUrl: DEFAULTS.serverUrl,
    tokens: {
      [DEFAULTS.githubToken]: { actions: 'read', checks: 'read', contents: 'read', metadata: 'read' },
    } as Record<string, TokenPermissions>,
    rateLimit: { limit: DEFAULTS.rateLimit, used: 0, resetAt: Math.floor(now / 1000) + 3600 },
    repositories: [
      {
        id: DEFAULTS.repositoryId,
        full_name: DEFAULTS.repository,
        default_branch: DEFAULTS.branch,
        private: false,
        workflows: [
          {
            id: DEFAULTS.workflowId,
            name: DEFAULTS.workflowName,
            path: DEFAULTS.workflowPath,
            runs: [...previous, current, otherBranch],
          },
        ],
        commits: history(current, defaultChanges()),
      },
    ] as Repository[],
  };
}

function defaultJobSpecs(): JobSpec[] {
  return [
    { name: 'build', conclusion: 'success', seconds: 95 },
    {
      name: 'test (ubuntu-latest)',
      conclusion: 'failure',
      seconds: 48,
      steps: [
        { name: 'Set up job', conclusion: 'success' },
        { name: 'Run tests', conclusion: 'failure' },
        { name: 'Post', conclusion: 'skipped' },
      ],
      annotations: [
        {
          annotation_level: 'failure',
          path: 'src/app.ts',
          start_line: 12,
          end_line: 12,
          start_column: 5,
          end_column: 38,
          title: 'Run tests',
          message: 'Expected 2 but received 3',
        },
        {
          annotation_level: 'warning',
          path: '.github',
          message:
            'Node.js 20 actions are deprecated. Update these actions to a version that runs on Node.js 24: actions/setup-node@v3.',
        },
      ],
    },
    { name: 'lint', conclusion: 'success', seconds: 20 },
    { name: DEFAULTS.currentJobName, runner_name: DEFAULTS.currentRunnerName },
  ];
}

/** Earlier run n of the current run's branch: `back` runs before it, one attempt, its jobs all green but the test. */
function previousRun(current: Run, back: number, conclusion: Conclusion | null, firstJobId: number): Run {
  const created = Date.parse(current.created_at) - back * 86_400_000;
  return finishedRun(
    {
      id: current.id - back * 7919,
      run_number: current.run_number - back,
      event: current.event,
      head_branch: current.head_branch,
      head_sha: sha(current.head_sha, back),
      display_title: `Change ${current.run_number - back}`,
      actor: current.actor,
      created_at: iso(created),
      attempts: [],
    },
    conclusion,
    created + 3000,
    firstJobId,
  );
}

/** Gives a run one attempt that ended (or, for null, still runs) with this conclusion. */
function finishedRun(run: Run, conclusion: Conclusion | null, started: number, firstJobId: number): Run {
  const specs: JobSpec[] = [
    { name: 'build', conclusion: conclusion && 'success', seconds: 90 },
    { name: 'test (ubuntu-latest)', conclusion, seconds: 50 },
    { name: 'lint', conclusion: conclusion && 'success', seconds: 20 },
    { name: DEFAULTS.currentJobName, conclusion: conclusion && 'success', seconds: 5 },
  ];
  const ended = started + 120_000;
  const jobs = buildJobs(specs, iso(started), firstJobId, conclusion ? ended : started + 60_000);
  run.attempts.push({
    status: conclusion ? 'completed' : 'in_progress',
    conclusion,
    run_started_at: iso(started),
    updated_at: iso(conclusion ? ended : started + 60_000),
    jobs,
  });
  return run;
}

/**
 * Jobs as GitHub reports them. Finished jobs start 5 s after the attempt and run their `seconds`; unfinished ones
 * started 15 s before `now` (queued ones have no runner yet).
 */
function buildJobs(specs: JobSpec[], runStartedAt: string, firstId: number, now: number): Job[] {
  const runStart = Date.parse(runStartedAt);
  return specs.map((spec, i) => {
    const conclusion = spec.conclusion ?? null;
    const status: RunStatus = spec.status ?? (conclusion ? 'completed' : 'in_progress');
    const seconds = spec.seconds ?? (conclusion === 'skipped' ? 0 : 30);
    const start = spec.started_at
      ? Date.parse(spec.started_at)
      : status === 'completed'
        ? runStart + 5000
        : Math.max(runStart, now - 15_000);
    const end = status === 'completed' ? start + seconds * 1000 : null;
    const running = status !== 'queued' && status !== 'waiting' && status !== 'pending' && status !== 'requested';
    return {
      id: firstId + i,
      name: spec.name,
      status,
      conclusion: status === 'completed' ? conclusion : null,
      created_at: iso(runStart),
      started_at: iso(start),
      completed_at: end === null ? null : iso(end),
      runner_name:
        spec.runner_name !== undefined
          ? spec.runner_name
          : running && conclusion !== 'skipped'
            ? `GitHub Actions ${i + 1}`
            : null,
      labels: ['ubuntu-latest'],
      steps: buildSteps(spec, status, conclusion, start, end ?? now),
      annotations: (spec.annotations ?? []).map(annotationOf),
      ...(spec.log && { log: spec.log }),
    };
  });
}

function buildSteps(
  spec: JobSpec,
  status: RunStatus,
  conclusion: Conclusion | null,
  start: number,
  end: number,
): Step[] {
  if (status !== 'completed' && status !== 'in_progress') return [];
  const specs = spec.steps ?? defaultSteps(spec.name, status, conclusion);
  const slot = (end - start) / Math.max(specs.length, 1);
  return specs.map((s, i) => {
    const stepStatus = s.status ?? (s.conclusion ? 'completed' : 'queued');
    const from = start + i * slot;
    return {
      name: s.name,
      status: stepStatus,
      conclusion: stepStatus === 'completed' ? (s.conclusion ?? null) : null,
      number: i + 1,
      started_at: stepStatus === 'queued' ? null : iso(from),
      completed_at: stepStatus === 'completed' ? iso(from + slot) : null,
    };
  });
}

function defaultSteps(name: string, status: RunStatus, conclusion: Conclusion | null): NonNullable<JobSpec['steps']> {
  if (conclusion === 'skipped') return [];
  if (status !== 'completed') {
    return [
      { name: 'Set up job', conclusion: 'success' },
      { name: `Run ${name}`, status: 'in_progress' },
      { name: 'Complete job' },
    ];
  }
  return [
    { name: 'Set up job', conclusion: 'success' },
    { name: `Run ${name}`, conclusion },
    { name: 'Complete job', conclusion: 'success' },
  ];
}

function annotationOf(spec: NonNullable<JobSpec['annotations']>[number]): Annotation {
  const line = spec.start_line ?? 1;
  return {
    path: spec.path ?? '.github',
    start_line: line,
    end_line: spec.end_line ?? line,
    start_column: spec.start_column ?? null,
    end_column: spec.end_column ?? null,
    annotation_level: spec.annotation_level,
    title: spec.title ?? null,
    message: spec.message,
    raw_details: spec.raw_details ?? null,
  };
}

function currentRunOf(actions: Actions): Run {
  for (const repository of actions.repositories) {
    for (const workflow of repository.workflows) {
      const run = workflow.runs.find((r) => r.id === DEFAULTS.runId);
      if (run) return run;
    }
  }
  throw new Error(`no run ${DEFAULTS.runId} in emulator.actions`);
}

function workflowOf(actions: Actions, run: Run): Workflow {
  return actions.repositories.flatMap((r) => r.workflows).find((w) => w.runs.includes(run))!;
}

/** Job ids are unique across the API, as check run ids are: the next one is above every id held. */
function nextJobId(actions: Actions): number {
  const ids = actions.repositories
    .flatMap((r) => r.workflows)
    .flatMap((w) => w.runs)
    .flatMap((r) => r.attempts)
    .flatMap((a) => a.jobs)
    .map((j) => j.id);
  return Math.max(4577163800, ...ids) + 1;
}

/** A made-up but well-formed commit id for an earlier run. */
function sha(base: string, back: number): string {
  return (back.toString(16) + base).slice(0, 40);
}

/** GitHub's timestamps: UTC to the second. */
function iso(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
