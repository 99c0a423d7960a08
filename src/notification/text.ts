import type { Changes, LogExcerpt, RunContext, RunDetails } from '../context.js';
import { changeList, CHANGES_HEADING } from './changes.js';
import type { Status } from '../status.js';
import { runFacts } from './facts.js';
import type { Fact } from './facts.js';
import { jobList, logCaption, logExcerpts, LOGS_NOTE, moreNote, warningsHeading } from './jobs.js';
import type { Annotation, FailedJob, JobRow } from './jobs.js';
import { defaultSubject, singleLine } from './subject.js';
import { testSummary, testTotals } from './tests.js';
import type { TestResults } from '../context.js';

/**
 * The plain-text body: a headline, `Label: value` lines, the jobs and what failed in them, and the run URL.
 * Values are flattened to one line so a PR title cannot start a line of its own that looks like one of ours.
 */
export function renderText(ctx: RunContext, status: Status): string {
  const jobs = ctx.details ? ['', 'Jobs:', jobLines(ctx.details), ...failures(ctx.details)] : [];
  const changes = ctx.changes ? ['', `${CHANGES_HEADING}:`, changeLines(ctx.changes)] : [];
  return [
    singleLine(defaultSubject(ctx, status)),
    '',
    ...runFacts(ctx).map(line),
    ...jobs,
    ...(ctx.logFile && ctx.logFile.lines.length > 0 ? ['', ...logLines(ctx.logFile)] : []),
    ...(logExcerpts(ctx).length > 0 ? ['', LOGS_NOTE] : []),
    ...(ctx.tests ? ['', ...testLines(ctx.tests)] : []),
    ...changes,
    '',
    `View run: ${ctx.runUrl}`,
    '',
  ].join('\n');
}

/** Links follow the words in angle brackets, the plain-text convention clients turn back into links. */
function line(fact: Fact): string {
  const words = fact.value.map((segment) => singleLine(segment.text)).join(' ');
  const urls = fact.value.flatMap((segment) => (segment.url ? [` <${segment.url}>`] : [])).join('');
  return `${fact.label}: ${words}${urls}`;
}

/**
 * `✅ build · Passed · 1m 35s`, one job a line, and `… and 12 more jobs` when some were left out. The word says
 * the result: the mark is decoration, an empty box where no emoji font exists.
 */
export function jobLines(details: RunDetails): string {
  const list = jobList(details);
  const more = moreNote(list.more, 'job');
  return [...list.jobs.map(jobLine), ...(more ? [`… ${more}`] : [])].join('\n');
}

/**
 * What the commits are counted from (its link after it), then `- abc1234 Fix the login · Jane Doe (@jane) <url>`,
 * one commit a line: the dash keeps a commit message from opening a line that looks like one of ours.
 */
export function changeLines(changes: Changes): string {
  const list = changeList(changes);
  const urls = list.lead.flatMap((segment) => (segment.url ? [` <${segment.url}>`] : [])).join('');
  const lead = singleLine(list.lead.map((segment) => segment.text).join('')) + urls;
  const rows = list.rows.map((row) => `- ${row.shortSha} ${row.title} · ${singleLine(row.author)} <${row.url}>`);
  return [lead, ...rows, ...(list.more ? [`… ${list.more}`] : [])].join('\n');
}

function jobLine(job: JobRow): string {
  return [`${job.look.mark} ${job.name}`, job.look.word, job.duration].filter(Boolean).join(' · ');
}

function failures(details: RunDetails): string[] {
  const list = jobList(details);
  const more = moreNote(list.moreFailed, 'failed job');
  return [...list.failed.flatMap(failure), ...(more ? ['', `… ${more}`] : [])];
}

function failure(job: FailedJob): string[] {
  return [
    '',
    `${job.look.mark} ${job.name} · ${job.look.word} <${job.url}>`,
    ...job.steps.map((step) => `  Failed step: ${step}`),
    ...job.annotations.map((a) => `  ${[a.level, a.where, a.title].filter(Boolean).join(' · ')}: ${a.message}`),
    ...warnings(job.warnings),
    ...(job.log ? logLines(job.log, '  ') : []),
  ];
}

/** Each log line behind a bar, so none can pass for a line of the mail's own (`View run: …`). */
function logLines(log: LogExcerpt, indent = ''): string[] {
  return [`${indent}${logCaption(log)}:`, ...log.lines.map((line) => `${indent}  | ${line}`)];
}

/** Every excerpt and the note, for a template's `log_excerpt`; empty when there are none. */
export function logsText(ctx: RunContext): string {
  const logs = logExcerpts(ctx);
  return logs.length > 0 ? [...logs.flatMap((log) => [...logLines(log), '']), LOGS_NOTE].join('\n') : '';
}

/**
 * Apart from the cause, as a list under their own heading, so no one reads them as what failed. The dash also
 * keeps a run value from opening the line.
 */
function warnings(list: Annotation[]): string[] {
  if (list.length === 0) return [];
  const { heading, levelEach } = warningsHeading(list);
  return [
    `  ${heading}:`,
    ...list.map((a) => {
      const label = [levelEach && a.level, a.where, a.title].filter(Boolean).join(' · ');
      return `  - ${label ? `${label}: ` : ''}${a.message}`;
    }),
  ];
}

/**
 * `Tests: 2 failed, 12 passed, 1 skipped (15 tests, 3.42s)`, then each failing test indented under it, so no test
 * name or message (one line each) can pass for a line of the report.
 */
export function testLines(results: TestResults): string[] {
  const summary = testSummary(results);
  return [
    `Tests: ${testTotals(summary)}`,
    ...summary.failures.flatMap((test) => [
      `  ❌ Failed: ${test.title}`,
      ...(test.message ? [`     ${test.message}`] : []),
      ...test.details.map((line) => `     | ${line}`),
    ]),
    ...(summary.more ? [`  … ${summary.more}`] : []),
  ];
}
