import {
  isFailedConclusion,
  MAX_JOBS,
  type AnnotationInfo,
  type JobConclusion,
  type JobInfo,
  type RunDetails,
} from '../context.js';
import { excerpt } from './subject.js';

/** Failed jobs whose steps and annotations are spelled out; more would bury the first failure. */
export const MAX_FAILED_JOBS = 5;
export const MAX_ANNOTATIONS = 3;
const MAX_NAME = 200;
const MAX_MESSAGE = 300;

/** How a job's conclusion is shown: a mark for the eye, a word for text, a colour for its duration bar. */
export interface ConclusionLook {
  mark: string;
  word: string;
  colour: string;
}

export const CONCLUSION_LOOKS: Readonly<Record<JobConclusion, ConclusionLook>> = {
  success: { mark: '✅', word: 'success', colour: '#1a7f37' },
  failure: { mark: '❌', word: 'failure', colour: '#cf222e' },
  timed_out: { mark: '⌛', word: 'timed out', colour: '#cf222e' },
  cancelled: { mark: '🚫', word: 'cancelled', colour: '#59636e' },
  skipped: { mark: '⏭️', word: 'skipped', colour: '#8c959f' },
  neutral: { mark: '⚪', word: 'neutral', colour: '#8c959f' },
  action_required: { mark: '⚠️', word: 'action required', colour: '#9a6700' },
  in_progress: { mark: '⏳', word: 'in progress', colour: '#9a6700' },
  queued: { mark: '⏳', word: 'queued', colour: '#9a6700' },
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
  /** `1m 35s`, `running` for the job sending the mail, empty when unknown. */
  duration: string;
  /** Share of the longest job's duration, 1–100; absent when there is nothing to draw. */
  barPercent?: number;
}

export interface FailedJob {
  name: string;
  url: string;
  steps: string[];
  annotations: Annotation[];
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
  if (job.current) return { ...row, duration: 'running' };
  const seconds = job.durationSeconds;
  if (seconds === undefined || !(seconds >= 0)) return { ...row, duration: '' };
  const percent = longest > 0 ? Math.max(1, Math.round((seconds / longest) * 100)) : undefined;
  return { ...row, duration: formatDuration(seconds), ...(percent !== undefined && { barPercent: percent }) };
}

function failedJob(job: JobInfo): FailedJob {
  return {
    name: excerpt(job.name, MAX_NAME),
    url: job.url,
    steps: job.failedSteps.map((step) => excerpt(step, MAX_NAME)),
    annotations: job.annotations.slice(0, MAX_ANNOTATIONS).map(annotation),
  };
}

function annotation(info: AnnotationInfo): Annotation {
  const path = info.path ? excerpt(info.path, MAX_NAME) : '';
  const where = path && info.line ? `${path}:${info.line}` : path;
  return {
    level: info.level,
    where,
    title: excerpt(info.title ?? '', MAX_NAME),
    message: excerpt(info.message, MAX_MESSAGE),
  };
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
