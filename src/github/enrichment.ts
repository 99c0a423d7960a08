/**
 * What the GitHub API adds to the mail: the run attempt's jobs with their failed steps and annotations, the
 * run's duration, the status of a whole workflow (`status: auto`) and how this result compares with the previous
 * run (`notify-when: change`). Reading is optional: without `actions: read` the mail still goes out, without
 * these parts.
 */
import {
  isFailedConclusion,
  type AnnotationInfo,
  type JobConclusion,
  type JobInfo,
  type LogExcerpt,
  type RunContext,
  type RunDetails,
  type Transition,
} from '../context.js';
import type { Status } from '../status.js';

/** Completed runs read to find the previous result and the last success: one page, newest first. */
export const RUNS_READ = 20;
/** Failed jobs whose annotations are fetched: one request each. */
const MAX_ANNOTATED_JOBS = 5;
const MAX_ANNOTATIONS = 5;
const MAX_ANNOTATION_LENGTH = 500;

export interface ApiJob {
  id: number;
  name: string;
  status: string;
  conclusion: string | null;
  started_at?: string | null;
  completed_at?: string | null;
  html_url?: string | null;
  runner_name?: string | null;
  steps?: { name: string; conclusion: string | null }[];
}

export interface ApiAnnotation {
  annotation_level?: string | null;
  message?: string | null;
  title?: string | null;
  path?: string | null;
  start_line?: number | null;
}

export interface ApiRun {
  id: number;
  run_number: number;
  workflow_id: number;
  status?: string | null;
  conclusion: string | null;
  run_started_at?: string | null;
  head_sha?: string;
}

/** The few GitHub API calls the action makes, as a parameter so tests can pass plain objects. */
export interface RunApi {
  run(): Promise<ApiRun>;
  /** Every job of the reported attempt, with the count GitHub gives for it. */
  jobs(): Promise<{ total: number; jobs: ApiJob[] }>;
  annotations(jobId: number): Promise<ApiAnnotation[]>;
  /** Completed runs of a workflow (its id, or its file name) on a branch, newest first. */
  completedRuns(workflow: number | string, branch: string): Promise<ApiRun[]>;
  /** The end of a job's failed step (see logs.ts); absent when log excerpts are off. */
  jobLog?(jobId: number): Promise<LogExcerpt | undefined>;
}

/** What the mail goes out without when a read fails: a failed job's annotations, or its log. */
export type JobPart = 'annotations' | 'logs';

/**
 * Reads every job of the reported attempt: the mail lists the first MAX_JOBS, while the status, the failures and
 * the counts take them all. `runnerName` (RUNNER_NAME) identifies the job this step runs in; empty when the run
 * is another's. Annotations need `checks: read` besides `actions: read`: without it the jobs still come, and
 * `onPartError` hears why their annotations (or logs) do not.
 */
export async function readRunDetails(
  api: RunApi,
  ctx: RunContext,
  runnerName: string,
  onPartError: (error: unknown, part: JobPart) => void,
  now = Date.now(),
): Promise<RunDetails> {
  const [run, { total, jobs }] = await Promise.all([api.run(), api.jobs()]);
  const infos = jobs.map((job) => toJobInfo(job, ctx, runnerName));
  const failed = infos.filter((info) => isFailedConclusion(info.conclusion)).slice(0, MAX_ANNOTATED_JOBS);
  await Promise.all(
    failed.flatMap((info) => {
      const id = jobs[infos.indexOf(info)].id;
      const annotations = api.annotations(id).then(
        (list) => void (info.annotations = list.map(toAnnotation).sort(byLevel).slice(0, MAX_ANNOTATIONS)),
        (error: unknown) => onPartError(error, 'annotations'),
      );
      const log = api.jobLog?.(id).then(
        (excerpt) => void (excerpt && (info.log = excerpt)),
        (error: unknown) => onPartError(error, 'logs'),
      );
      return log ? [annotations, log] : [annotations];
    }),
  );
  const duration = runDuration(run, jobs, now);
  return {
    jobs: infos,
    moreJobs: Math.max(0, total - infos.length),
    ...(duration !== undefined && { durationSeconds: duration }),
  };
}

/**
 * Until the run ended when it has (a `workflow_run` notifier starts after), else until now. The end is when its
 * last job completed: a run's `updated_at` is documented only as when it last changed.
 */
function runDuration(run: ApiRun, jobs: ApiJob[], now: number): number | undefined {
  const started = run.run_started_at ? Date.parse(run.run_started_at) : NaN;
  const completed = jobs.map((job) => (job.completed_at ? Date.parse(job.completed_at) : NaN)).filter(Number.isFinite);
  const ended = run.status === 'completed' && completed.length > 0 ? Math.max(...completed) : now;
  const seconds = Math.round((ended - started) / 1000);
  return Number.isFinite(seconds) ? Math.max(0, seconds) : undefined;
}

/**
 * The result of the whole workflow from the jobs other than this one, for a final job with `needs:` and
 * `if: always()`: failure if any failed, else cancelled if any was cancelled, else success (skipped when every
 * other job was skipped).
 */
export function deriveStatus(details: RunDetails): Status {
  const others = details.jobs.filter(
    (job) => !job.current && job.conclusion !== 'in_progress' && job.conclusion !== 'queued',
  );
  if (others.some((job) => isFailedConclusion(job.conclusion))) return 'failure';
  if (others.some((job) => job.conclusion === 'cancelled')) return 'cancelled';
  if (others.length > 0 && others.every((job) => job.conclusion === 'skipped')) return 'skipped';
  return 'success';
}

export interface Comparison {
  transition: Transition;
  /** The run compared with, when there was one. */
  previousRunNumber?: number;
  /** The last successful run among those read, for the changes since then. */
  lastSuccess?: ApiRun;
  /** How many completed runs of the branch were read (at most one page): older ones were not looked at. */
  runsRead?: number;
}

/** The reported run as the runs list knows it: its workflow (id or file name), id and number. */
export interface RunIdentity {
  workflow: number | string;
  id: number;
  run_number: number;
}

/** What one page of the branch's earlier completed runs says: the last that succeeded or failed, the last success. */
export interface History {
  /** Skips runs that were cancelled or skipped: they say nothing about whether the code works. */
  previous?: ApiRun;
  lastSuccess?: ApiRun;
  runsRead: number;
}

/**
 * The earlier completed runs of the same workflow on the same branch, read before the result is known so the read
 * can go alongside the jobs; `known` spares asking for the run first. Undefined when the run has no branch.
 */
export async function readPreviousRun(api: RunApi, ctx: RunContext, known?: RunIdentity): Promise<History | undefined> {
  const branch = ctx.refName ?? '';
  if (branch === '') return undefined;
  const run: RunIdentity = known ?? identityOf(await api.run());
  const runs = await api.completedRuns(run.workflow, branch);
  const earlier = runs.filter((r) => r.id !== run.id && r.run_number < run.run_number);
  return {
    previous: earlier.find((r) => r.conclusion === 'success' || isFailedConclusion(r.conclusion)),
    lastSuccess: earlier.find((r) => r.conclusion === 'success'),
    runsRead: runs.length,
  };
}

function identityOf(run: ApiRun): RunIdentity {
  return { workflow: run.workflow_id, id: run.id, run_number: run.run_number };
}

/** How a success or failure compares with the previous run readPreviousRun found. */
export function compareWith(history: History | undefined, status: 'success' | 'failure'): Comparison {
  const seen = history
    ? { runsRead: history.runsRead, ...(history.lastSuccess && { lastSuccess: history.lastSuccess }) }
    : {};
  const previous = history?.previous;
  if (previous === undefined) return { transition: 'first', ...seen };
  const wasSuccess = previous.conclusion === 'success';
  const transition: Transition =
    status === 'success' ? (wasSuccess ? 'still-passing' : 'fixed') : wasSuccess ? 'broken' : 'still-failing';
  return { transition, previousRunNumber: previous.run_number, ...seen };
}

const CONCLUSIONS: readonly JobConclusion[] = [
  'success',
  'failure',
  'cancelled',
  'skipped',
  'timed_out',
  'neutral',
  'action_required',
];

function conclusionOf(job: ApiJob): JobConclusion {
  if (job.status !== 'completed') return job.status === 'queued' || job.status === 'waiting' ? 'queued' : 'in_progress';
  return CONCLUSIONS.find((c) => c === job.conclusion) ?? 'neutral';
}

function toJobInfo(job: ApiJob, ctx: RunContext, runnerName: string): JobInfo {
  const conclusion = conclusionOf(job);
  const started = job.started_at ? Date.parse(job.started_at) : NaN;
  const completed = job.completed_at ? Date.parse(job.completed_at) : NaN;
  const duration = Math.round((completed - started) / 1000);
  return {
    name: job.name,
    conclusion,
    // Built from the server URL like every other link, so GHES and the emulator work alike.
    url: `${ctx.runUrl.replace(/\/attempts\/\d+$/, '')}/job/${job.id}`,
    ...(conclusion !== 'in_progress' && Number.isFinite(duration) && duration >= 0 && { durationSeconds: duration }),
    current: conclusion === 'in_progress' && runnerName !== '' && job.runner_name === runnerName,
    failedSteps: (job.steps ?? []).filter((step) => isFailedConclusion(step.conclusion)).map((step) => step.name),
    annotations: [],
  };
}

const LEVELS: readonly AnnotationInfo['level'][] = ['failure', 'warning', 'notice'];

/** Failures first, in GitHub's order otherwise: what broke the job matters more than a deprecation warning before it. */
function byLevel(a: AnnotationInfo, b: AnnotationInfo): number {
  return LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level);
}

function toAnnotation(annotation: ApiAnnotation): AnnotationInfo {
  const level =
    annotation.annotation_level === 'warning' || annotation.annotation_level === 'notice'
      ? annotation.annotation_level
      : 'failure';
  const message = annotation.message ?? '';
  return {
    level,
    message: message.length > MAX_ANNOTATION_LENGTH ? `${message.slice(0, MAX_ANNOTATION_LENGTH - 1)}…` : message,
    ...(annotation.title && { title: annotation.title }),
    ...(annotation.path && { path: annotation.path }),
    ...(typeof annotation.start_line === 'number' && { line: annotation.start_line }),
  };
}
