import {
  isFailedConclusion,
  MAX_JOBS,
  type AnnotationInfo,
  type JobConclusion,
  type JobInfo,
  type LogExcerpt,
  type RunContext,
  type RunDetails,
} from '../context.js';
import { FAILED_TEXT } from './palette.js';
import { excerpt, singleLine } from './subject.js';

/** Failed jobs whose steps and annotations are spelled out; more would bury the first failure. */
export const MAX_FAILED_JOBS = 5;
export const MAX_ANNOTATIONS = 3;
export const MAX_WARNINGS = 2;
const MAX_NAME = 200;
const MAX_MESSAGE = 300;

/**
 * How a job's conclusion is shown. The word carries the meaning on its own: the mark is an empty box where no
 * emoji font exists, and the colour (of the word and the duration bar) says nothing to those who cannot see it.
 */
export interface ConclusionLook {
  mark: string;
  word: string;
  /** Set in bold too, so a failure stands out of the list by more than its colour. */
  failed: boolean;
  /** As text, 4.5:1 or more on white and on the failure box; as a bar, 3:1 or more against its track. */
  colour: string;
}

export const CONCLUSION_LOOKS: Readonly<Record<JobConclusion, ConclusionLook>> = {
  success: { mark: '✅', word: 'Passed', failed: false, colour: '#1a7f37' },
  failure: { mark: '❌', word: 'Failed', failed: true, colour: FAILED_TEXT },
  timed_out: { mark: '⌛', word: 'Timed out', failed: true, colour: FAILED_TEXT },
  cancelled: { mark: '🚫', word: 'Cancelled', failed: false, colour: '#59636e' },
  skipped: { mark: '⏭️', word: 'Skipped', failed: false, colour: '#656d76' },
  neutral: { mark: '⚪', word: 'Neutral', failed: false, colour: '#656d76' },
  action_required: { mark: '⚠️', word: 'Action required', failed: false, colour: '#9a6700' },
  in_progress: { mark: '⏳', word: 'Running', failed: false, colour: '#9a6700' },
  queued: { mark: '⏳', word: 'Queued', failed: false, colour: '#9a6700' },
};

/** What a mail shows of the run's jobs, with names and messages already flattened and cut to size. */
export interface JobList {
  jobs: JobRow[];
  /** Jobs left out: the ones the API layer dropped plus any past MAX_JOBS here. */
  more: number;
  failed: FailedJob[];
  /** Failed jobs left out past MAX_FAILED_JOBS. */
  moreFailed: number;
}

export interface JobRow {
  name: string;
  url: string;
  look: ConclusionLook;
  /** `1m 35s`; `sending this mail` for the job this step runs in; empty when unknown or still running. */
  duration: string;
  /** Share of the longest job's duration, 1–100; absent when there is nothing to draw. */
  barPercent?: number;
}

export interface FailedJob {
  name: string;
  url: string;
  look: ConclusionLook;
  steps: string[];
  /** The failure annotations: what the job reported as the cause, without what the step line already says. */
  annotations: Annotation[];
  /** Warnings and notices, shown apart: they did not fail the job, though one may explain what did. */
  warnings: Annotation[];
  /** The end of the failed step's log. */
  log?: LogExcerpt;
}

export interface Annotation {
  level: AnnotationInfo['level'];
  /** `path:line`, `path`, or empty. */
  where: string;
  title: string;
  message: string;
}

export function jobList(details: RunDetails): JobList {
  const shown = details.jobs.slice(0, MAX_JOBS);
  const longest = Math.max(0, ...shown.map((job) => (job.current ? 0 : (job.durationSeconds ?? 0))));
  const failed = details.jobs.filter(isFailed);
  return {
    jobs: shown.map((job) => jobRow(job, longest)),
    more: Math.max(0, details.moreJobs) + details.jobs.length - shown.length,
    failed: failed.slice(0, MAX_FAILED_JOBS).map(failedJob),
    moreFailed: Math.max(0, failed.length - MAX_FAILED_JOBS),
  };
}

export function isFailed(job: JobInfo): boolean {
  return isFailedConclusion(job.conclusion);
}

function jobRow(job: JobInfo, longest: number): JobRow {
  const row = {
    name: excerpt(job.name, MAX_NAME),
    url: job.url,
    look: CONCLUSION_LOOKS[job.conclusion] ?? CONCLUSION_LOOKS.neutral,
  };
  // Says why one job is still running in a mail about a finished run.
  if (job.current) return { ...row, duration: 'sending this mail' };
  const seconds = job.durationSeconds;
  if (seconds === undefined || !(seconds >= 0)) return { ...row, duration: '' };
  const percent = longest > 0 ? Math.max(1, Math.round((seconds / longest) * 100)) : undefined;
  return { ...row, duration: formatDuration(seconds), ...(percent !== undefined && { barPercent: percent }) };
}

function failedJob(job: JobInfo): FailedJob {
  const steps = job.failedSteps.map((step) => excerpt(step, MAX_NAME));
  const said = new Set([job.name, ...job.failedSteps].map(key));
  const shown = unique(
    job.annotations.filter((info) => !(steps.length > 0 && isExitCode(info))).map((info) => annotation(info, said)),
  );
  return {
    name: excerpt(job.name, MAX_NAME),
    url: job.url,
    look: CONCLUSION_LOOKS[job.conclusion] ?? CONCLUSION_LOOKS.failure,
    steps,
    annotations: shown.filter((a) => a.level === 'failure').slice(0, MAX_ANNOTATIONS),
    warnings: shown.filter((a) => a.level !== 'failure').slice(0, MAX_WARNINGS),
    ...(job.log && job.log.lines.length > 0 && { log: job.log }),
  };
}

/** Said once wherever a mail shows log lines: GitHub masks the secrets it knows of, and nothing else. */
export const LOGS_NOTE = 'Log excerpts are copied from the run as they are and may contain sensitive data.';

/** `Log · Run npm test · last 30 lines` */
export function logCaption(log: LogExcerpt): string {
  const count = `last ${log.lines.length} line${log.lines.length === 1 ? '' : 's'}`;
  return ['Log', excerpt(log.source, MAX_NAME), count].filter(Boolean).join(' · ');
}

/** Every excerpt a mail shows, the failed jobs' and the log file's, for the `log_excerpt` placeholder. */
export function logExcerpts(ctx: RunContext): LogExcerpt[] {
  const jobs = ctx.details ? jobList(ctx.details).failed.flatMap((job) => (job.log ? [job.log] : [])) : [];
  return ctx.logFile && ctx.logFile.lines.length > 0 ? [...jobs, ctx.logFile] : jobs;
}

/**
 * GitHub's own line for a step that exited non-zero. It only says the step failed, which the step line already
 * does; it is kept when the step is not known, as then it is all there is.
 */
function isExitCode(info: AnnotationInfo): boolean {
  return info.level === 'failure' && /^Process completed with exit code \d+\.?$/.test(info.message.trim());
}

/**
 * A title that repeats the job's or a failed step's name (`::error title=Run tests::…`) says nothing the box does
 * not, so it is dropped; so is `.github`, the path GitHub gives the annotations it writes itself, which is no file
 * a reader could open.
 */
function annotation(info: AnnotationInfo, said: Set<string>): Annotation {
  const path = info.path && info.path !== '.github' ? excerpt(info.path, MAX_NAME) : '';
  const where = path && info.line ? `${path}:${info.line}` : path;
  const title = info.title && !said.has(key(info.title)) && key(info.title) !== key(info.message) ? info.title : '';
  return {
    level: info.level,
    where,
    title: excerpt(title, MAX_NAME),
    message: excerpt(info.message, MAX_MESSAGE),
  };
}

function key(text: string): string {
  return singleLine(text).toLowerCase();
}

/** A matrix or a retrying step can report the same line more than once. */
function unique(annotations: Annotation[]): Annotation[] {
  const seen = new Set<string>();
  return annotations.filter((a) => {
    const id = JSON.stringify([a.level, a.where, a.title, a.message]);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** `Warnings`, `Notices` or `Warnings and notices`, and whether each item must name its level itself. */
export function warningsHeading(warnings: Annotation[]): { heading: string; levelEach: boolean } {
  const levels = new Set(warnings.map((a) => a.level));
  if (levels.size > 1) return { heading: 'Warnings and notices', levelEach: true };
  return { heading: levels.has('notice') ? 'Notices' : 'Warnings', levelEach: false };
}

/** `45s`, `1m 35s`, `2h 5m`: seconds only while they still matter. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}

/** `and 12 more jobs`, or nothing. */
export function moreNote(count: number, what: string): string {
  return count > 0 ? `and ${count} more ${what}${count === 1 ? '' : 's'}` : '';
}
