/**
 * The workflow run as data, read from GITHUB_* variables and the event payload. Everything here that comes from
 * a commit, a pull request, a branch or a release is attacker-controlled text: it is carried raw and escaped
 * where it lands (see notification/).
 */
import { readFileSync } from 'node:fs';
import type { Status } from './status.js';

export interface CommitInfo {
  sha: string;
  /** First 7 characters of the SHA. */
  shortSha: string;
  /** `${serverUrl}/${repository}/commit/${sha}` */
  url: string;
  /** First line of the commit message, when the payload carries it. */
  title?: string;
}

export interface PullRequestInfo {
  number: number;
  title: string;
  url: string;
  headRef: string;
  baseRef: string;
  /**
   * `owner/repo` of the head when it is a fork. pull_request runs for a fork get neither secrets nor OIDC tokens;
   * pull_request_target runs get both, since they run in the base repository.
   */
  fork?: string;
}

export interface ReleaseInfo {
  tag: string;
  name: string;
  url: string;
}

/** How a job of this run ended, as the GitHub API reports it (in_progress/queued: not ended yet). */
export type JobConclusion =
  | 'success'
  | 'failure'
  | 'cancelled'
  | 'skipped'
  | 'timed_out'
  | 'neutral'
  | 'action_required'
  | 'in_progress'
  | 'queued';

export interface AnnotationInfo {
  level: 'failure' | 'warning' | 'notice';
  message: string;
  title?: string;
  path?: string;
  line?: number;
}

export interface JobInfo {
  name: string;
  conclusion: JobConclusion;
  /** `${serverUrl}/${repository}/actions/runs/${runId}/job/${jobId}` */
  url: string;
  durationSeconds?: number;
  /** The job this step runs in (still in progress while the mail is built). */
  current: boolean;
  /** Names of the steps that failed, in order. */
  failedSteps: string[];
  /** The job's check-run annotations, capped in count and length. Attacker-controlled text. */
  annotations: AnnotationInfo[];
  /** The end of its failed step's log, for a failed job whose log could be read. */
  log?: LogExcerpt;
}

/**
 * The last lines of a log: timestamps, colours and control characters gone, each line cut to a readable width.
 * Attacker-controlled text (a test prints whatever the code under test says).
 */
export interface LogExcerpt {
  /** What the lines are the end of: the step's `Run …` title, or the log file's name. */
  source: string;
  lines: string[];
}

/** A failed or timed-out job (or step): both count as failures of the run. */
export function isFailedConclusion(conclusion: string | null): boolean {
  return conclusion === 'failure' || conclusion === 'timed_out';
}

/** The most jobs a mail lists; a matrix of hundreds is summarised as "and N more jobs". */
export const MAX_JOBS = 50;

/** What the GitHub API adds about the run: optional, absent when the token may not read it. */
export interface RunDetails {
  /** Every job of the attempt, in GitHub's order; the mail lists the first MAX_JOBS and counts the rest. */
  jobs: JobInfo[];
  /** Jobs GitHub counts for the attempt beyond those listed. */
  moreJobs: number;
  /** Seconds from the run attempt's start until it ended, or until the mail was built while it still runs. */
  durationSeconds?: number;
}

/** A test case that failed or errored, as its report gave it (attacker-controlled text, cut only to bound memory). */
export interface TestFailure {
  /** The class or suite it belongs to; empty when the report names none. */
  suite: string;
  name: string;
  /** The failure's message, or the first line of its text when the report gives no message. */
  message: string;
  /** The failure's text (a stack trace, the assertion's output) after the message. */
  details: string;
}

/** What the reports `test-results` names say: every test case counted once. */
export interface TestResults {
  /** Report files read; a file that could not be read is not counted here. */
  reports: number;
  passed: number;
  failed: number;
  skipped: number;
  /** The test cases' own times summed; absent when no report gives any. */
  durationSeconds?: number;
  /** The first MAX_FAILED_TESTS failing test cases, in report order; `failed` counts them all. */
  failures: TestFailure[];
}

/** The most failing tests a mail spells out; the rest are counted. */
export const MAX_FAILED_TESTS = 20;

/** A commit since the last successful run. Its message and author are attacker-controlled text. */
export interface ChangeInfo {
  sha: string;
  shortSha: string;
  /** `${repositoryUrl}/commit/${sha}` */
  url: string;
  /** First line of the message. */
  title: string;
  /** The author's name as the commit gives it. */
  author: string;
  /** The author's GitHub login, when GitHub matched the commit's address to an account. */
  login?: string;
  /** The author's address as the commit gives it: whatever the committer configured. */
  email?: string;
}

/**
 * The commits since the last successful run of the workflow on the same branch (failure mails only). `none`:
 * no successful run among the `runsRead` completed runs read; `since`: the commits between that run's head
 * commit and this run's.
 */
export type Changes =
  | {
      kind: 'none';
      runsRead: number;
      /** The runs read filled their page: a success, if any, is older than they are. */
      older: boolean;
      branch: string;
    }
  | {
      kind: 'since';
      /** The last successful run: its number, link and head commit. */
      run: { number: number; url: string; sha: string };
      /** GitHub's comparison of the two heads: identical, ahead, behind or diverged (history rewritten). */
      status: string;
      /** The commits GitHub returned (the most recent, up to its limit), newest first. */
      commits: ChangeInfo[];
      /** Every commit between the two heads, listed or not. */
      total: number;
      /** Commits of the last successful run not in this one (a rewritten history). */
      behind: number;
    };

/**
 * How this result compares with the previous completed run of the workflow on the same branch (notify-when:
 * change). `first` when there is no previous run to compare with.
 */
export type Transition = 'fixed' | 'broken' | 'still-failing' | 'still-passing' | 'first';

/**
 * The run this step runs in, when that is not the run reported on: a `workflow_run` notifier reports the run
 * that triggered it, and its own run matters only where the step itself is concerned.
 */
export interface NotifierRun {
  workflow: string;
  runId: string;
}

/**
 * The run reported on: the one this step runs in, or for `workflow_run` events the triggering run the payload
 * describes (`github.event.workflow_run`). Its ids, numbers, workflow, branch, commit and links all describe
 * that run, so the API reads, the mail and its links agree on which run it is.
 */
export interface RunContext {
  /** GITHUB_SERVER_URL without a trailing slash (GHES works). */
  serverUrl: string;
  /** `owner/repo` */
  repository: string;
  repositoryUrl: string;
  workflow: string;
  runId: string;
  /** GITHUB_RUN_NUMBER; 0 when the runner gave none (real run numbers start at 1). */
  runNumber: number;
  runAttempt: number;
  /** `${serverUrl}/${repository}/actions/runs/${runId}` (plus `/attempts/N` when attempt > 1). */
  runUrl: string;
  eventName: string;
  /** Branch or tag name (GITHUB_HEAD_REF for pull requests, else GITHUB_REF_NAME); undefined when there is none. */
  refName?: string;
  refType?: 'branch' | 'tag';
  actor: string;
  /** Set only when it differs from `actor` (a re-run by someone else). */
  triggeringActor?: string;
  commit?: CommitInfo;
  pullRequest?: PullRequestInfo;
  release?: ReleaseInfo;
  /** Push events: `${repositoryUrl}/compare/${before}...${after}` when both SHAs are real. */
  compareUrl?: string;
  /** How the reported run ended, when the event says so (a completed `workflow_run`): `status: auto` falls back on it. */
  conclusion?: Status;
  /** Set when the reported run is not this step's own (a `workflow_run` notifier). */
  notifier?: NotifierRun;
  /** Filled from the GitHub API after readRunContext, when enrichment is on and allowed. */
  details?: RunDetails;
  transition?: Transition;
  /** Read from the `test-results` reports; absent when none was given or none could be read. */
  tests?: TestResults;
  /** Filled from the GitHub API for a failure, when enrichment is on and allowed. */
  changes?: Changes;
  /** The tail of the `log-file` input, for the job sending the mail, which has no log to read yet. */
  logFile?: LogExcerpt;
}

/** A webhook payload: JSON of dozens of event shapes, read field by field with every value checked. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Payload = Record<string, any>;

/**
 * The webhook payload the runner wrote to GITHUB_EVENT_PATH (what @actions/github's context reads, without
 * loading Octokit with it); empty when there is none, as outside a workflow.
 */
export function readEventPayload(path: string | undefined): Payload {
  if (!path) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Payload;
  } catch {
    return {};
  }
}

const PULL_REQUEST_EVENTS = [
  'pull_request',
  'pull_request_target',
  'pull_request_review',
  'pull_request_review_comment',
];

/**
 * Reads the run from the variables and payload the caller passes in (`process.env` and @actions/github's
 * `context`), so tests can feed any event without touching the process.
 */
export function readRunContext(env: NodeJS.ProcessEnv, eventName: string, payload: Payload): RunContext {
  const serverUrl = (text(env.GITHUB_SERVER_URL) ?? 'https://github.com').replace(/\/+$/, '');
  const repository = text(env.GITHUB_REPOSITORY) ?? text(payload.repository?.full_name) ?? '';
  const repositoryUrl = repository ? `${serverUrl}/${repository}` : serverUrl;
  const run = readReportedRun(env, eventName, payload);
  return {
    serverUrl,
    repository,
    repositoryUrl,
    ...run,
    runUrl: runUrl(repositoryUrl, run.runId, run.runAttempt),
    eventName,
    ...readRef(env, eventName, payload),
    commit: readCommit(env, eventName, payload, repositoryUrl),
    pullRequest: readPullRequest(eventName, payload, repositoryUrl),
    release: readRelease(eventName, payload, repositoryUrl),
    compareUrl: readCompareUrl(eventName, payload, repositoryUrl),
  };
}

type ReportedRun = Pick<
  RunContext,
  'workflow' | 'runId' | 'runNumber' | 'runAttempt' | 'actor' | 'triggeringActor' | 'conclusion' | 'notifier'
>;

/**
 * The run's identity. A `workflow_run` notifier's GITHUB_RUN_ID, GITHUB_WORKFLOW and the rest are its own; the
 * run it was started for, and so the one to report, is the payload's `workflow_run`.
 */
function readReportedRun(env: NodeJS.ProcessEnv, eventName: string, payload: Payload): ReportedRun {
  const own = ownRun(env, payload);
  const triggering = eventName === 'workflow_run' ? payload.workflow_run : undefined;
  const runId = digits(triggering?.id);
  if (runId === undefined) return own;
  const triggeringActor = text(triggering.triggering_actor?.login);
  const actor = text(triggering.actor?.login) ?? triggeringActor ?? own.actor;
  return {
    workflow: text(triggering.name) ?? text(payload.workflow?.name) ?? '',
    runId,
    runNumber: positive(triggering.run_number) ?? 0,
    runAttempt: positive(triggering.run_attempt) ?? 1,
    actor,
    triggeringActor: triggeringActor === actor ? undefined : triggeringActor,
    conclusion: statusOf(triggering.conclusion),
    notifier: { workflow: own.workflow, runId: own.runId },
  };
}

function ownRun(env: NodeJS.ProcessEnv, payload: Payload): ReportedRun {
  const actor = text(env.GITHUB_ACTOR) ?? text(payload.sender?.login) ?? '';
  const triggeringActor = text(env.GITHUB_TRIGGERING_ACTOR);
  return {
    workflow: text(env.GITHUB_WORKFLOW) ?? '',
    runId: digits(env.GITHUB_RUN_ID) ?? '',
    runNumber: positive(env.GITHUB_RUN_NUMBER) ?? 0,
    runAttempt: positive(env.GITHUB_RUN_ATTEMPT) ?? 1,
    actor,
    triggeringActor: triggeringActor === actor ? undefined : triggeringActor,
  };
}

/**
 * A workflow run's conclusion as a job status: a run that timed out or could not start failed. `neutral`,
 * `action_required` and `stale` runs, and an unfinished run without a conclusion, say nothing of how the code fared.
 */
function statusOf(conclusion: unknown): Status | undefined {
  switch (conclusion) {
    case 'success':
      return 'success';
    case 'failure':
    case 'timed_out':
    case 'startup_failure':
      return 'failure';
    case 'cancelled':
    case 'skipped':
      return conclusion;
    default:
      return undefined;
  }
}

function runUrl(repositoryUrl: string, runId: string, attempt: number): string {
  // Without a run id the best a reader can get is the repository's list of runs.
  if (!runId) return `${repositoryUrl}/actions`;
  const url = `${repositoryUrl}/actions/runs/${runId}`;
  return attempt > 1 ? `${url}/attempts/${attempt}` : url;
}

function readRef(env: NodeJS.ProcessEnv, eventName: string, payload: Payload): Pick<RunContext, 'refName' | 'refType'> {
  if (PULL_REQUEST_EVENTS.includes(eventName)) {
    // GITHUB_REF_NAME is `12/merge` here; the head branch is what the author knows the change by.
    return { refName: text(env.GITHUB_HEAD_REF) ?? text(payload.pull_request?.head?.ref), refType: 'branch' };
  }
  if (eventName === 'workflow_run') {
    // GITHUB_REF_NAME is the default branch; the run being reported on is the one that matters.
    return { refName: text(payload.workflow_run?.head_branch) };
  }
  const refType = env.GITHUB_REF_TYPE === 'branch' || env.GITHUB_REF_TYPE === 'tag' ? env.GITHUB_REF_TYPE : undefined;
  return { refName: text(env.GITHUB_REF_NAME), refType };
}

function readCommit(
  env: NodeJS.ProcessEnv,
  eventName: string,
  payload: Payload,
  repositoryUrl: string,
): CommitInfo | undefined {
  const source = commitSource(eventName, payload);
  const payloadSha = commitSha(source?.sha);
  const sha = payloadSha ?? commitSha(env.GITHUB_SHA);
  if (!sha) return undefined;
  // A message in the payload describes the payload's commit, never the GITHUB_SHA fallback.
  const title = payloadSha ? firstLine(source?.message) : undefined;
  return { sha, shortSha: sha.slice(0, 7), url: `${repositoryUrl}/commit/${sha}`, title };
}

/** Where the event's payload names the commit the run is about, when that is not GITHUB_SHA. */
function commitSource(eventName: string, payload: Payload): { sha: unknown; message: unknown } | undefined {
  if (eventName === 'push' && payload.head_commit) {
    return { sha: payload.head_commit.id, message: payload.head_commit.message };
  }
  if (PULL_REQUEST_EVENTS.includes(eventName)) {
    // GITHUB_SHA is a merge commit (or the base branch for pull_request_target) nobody has seen.
    return { sha: payload.pull_request?.head?.sha, message: undefined };
  }
  if (eventName === 'workflow_run' && payload.workflow_run) {
    return { sha: payload.workflow_run.head_sha, message: payload.workflow_run.head_commit?.message };
  }
  return undefined;
}

function readPullRequest(eventName: string, payload: Payload, repositoryUrl: string): PullRequestInfo | undefined {
  const pr = payload.pull_request;
  const number = positive(pr?.number);
  if (!PULL_REQUEST_EVENTS.includes(eventName) || !number) return undefined;
  return {
    number,
    title: text(pr.title) ?? '',
    url: `${repositoryUrl}/pull/${number}`,
    headRef: text(pr.head?.ref) ?? '',
    baseRef: text(pr.base?.ref) ?? '',
    fork: forkOf(pr),
  };
}

function forkOf(pr: Payload): string | undefined {
  const head = text(pr.head?.repo?.full_name);
  const base = text(pr.base?.repo?.full_name);
  return head !== undefined && head !== base ? head : undefined;
}

function readRelease(eventName: string, payload: Payload, repositoryUrl: string): ReleaseInfo | undefined {
  const tag = text(payload.release?.tag_name);
  if (eventName !== 'release' || !tag) return undefined;
  return {
    tag,
    name: text(payload.release.name) ?? tag,
    // A lone surrogate in a tag would make encodeURIComponent throw; the link shows it as U+FFFD instead.
    url: `${repositoryUrl}/releases/tag/${encodeURIComponent(tag.toWellFormed())}`,
  };
}

/**
 * Built from the server URL, never the payload's `compare` field, so the link points where every other link
 * points. A new or deleted branch has the all-zero SHA on one side and nothing to compare.
 */
function readCompareUrl(eventName: string, payload: Payload, repositoryUrl: string): string | undefined {
  const before = fullSha(payload.before);
  const after = fullSha(payload.after);
  if (eventName !== 'push' || !before || !after) return undefined;
  return `${repositoryUrl}/compare/${before.slice(0, 12)}...${after.slice(0, 12)}`;
}

/** A non-empty string, or undefined: the runner sets unused variables to "" and payload fields can be null. */
function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function firstLine(value: unknown): string | undefined {
  return text(
    text(value)
      ?.split(/\r\n|\r|\n/, 1)[0]
      ?.trim(),
  );
}

/** Run ids and numbers end up in URLs and subjects, so anything but plain digits is dropped. */
function digits(value: unknown): string | undefined {
  const s = typeof value === 'number' ? String(value) : value;
  return typeof s === 'string' && /^\d+$/.test(s) ? s : undefined;
}

function positive(value: unknown): number | undefined {
  const n = Number(digits(value));
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** A hex object id (SHA-1 or SHA-256); the all-zero id of a deleted ref names no commit. */
function commitSha(value: unknown): string | undefined {
  return typeof value === 'string' && /^[0-9a-f]{7,64}$/i.test(value) && !/^0+$/.test(value) ? value : undefined;
}

function fullSha(value: unknown): string | undefined {
  return typeof value === 'string' && /^[0-9a-f]{40}$/i.test(value) && !/^0+$/.test(value) ? value : undefined;
}

/** `CI #42`: the workflow and its run number, whichever of them is known. */
export function runTitle(ctx: Pick<RunContext, 'workflow' | 'runNumber'>): string {
  const number = ctx.runNumber > 0 ? `#${ctx.runNumber}` : '';
  return [ctx.workflow, number].filter(Boolean).join(' ');
}
