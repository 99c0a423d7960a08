import Mustache from 'mustache';
import type { ChangeInfo, RunContext } from '../context.js';
import type { Status } from '../status.js';
import { changesHtml, escapeHtml, isWebUrl, jobsHtml, logsHtml, reportHtml } from './html.js';
import { testSummary } from './tests.js';
import { formatDuration, isFailed, logExcerpts } from './jobs.js';
import { changesMarkdown, escapeMarkdown, jobsMarkdown, logsMarkdown, reportMarkdown } from './markdown.js';
import { STATUS_LOOKS } from './status.js';
import { excerpt } from './subject.js';
import { changeLines, jobLines, logsText, renderText } from './text.js';

/** What a template's output becomes: an HTML body, a plain-text body or subject, or markdown to be converted. */
export type TemplateFlavour = 'html' | 'text' | 'markdown';

/** Same cut as the report's, so a template and the default mail agree on what a title is. */
const MAX_TITLE = 200;

/**
 * Markup the action built itself with every run value escaped inside (`job_table`, `default_body`): inserted as
 * it is even by `{{x}}`, where escaping it again would show its tags as text.
 */
class Built {
  readonly content: string;
  constructor(content: string) {
    this.content = content;
  }
  toString(): string {
    return this.content;
  }
}

export type Placeholders = Readonly<Record<string, string | Built>>;

/**
 * The values a template can use, every one a string (empty when the run lacks it, so `{{#pr_number}}…{{/pr_number}}`
 * works as "if"). URLs are left empty unless http(s), like the links of the default mail.
 */
export function placeholders(ctx: RunContext, status: Status, flavour: TemplateFlavour): Placeholders {
  const look = STATUS_LOOKS[status];
  const web = (url: string | undefined) => (url && isWebUrl(url) ? url : '');
  const details = ctx.details;
  const changes = ctx.changes;
  const failed = details?.jobs.filter(isFailed).map((job) => excerpt(job.name, MAX_TITLE)) ?? [];
  const values: Record<string, string | Built> = {
    repository: ctx.repository,
    repository_url: ctx.repository ? web(ctx.repositoryUrl) : '',
    workflow: ctx.workflow,
    run_number: ctx.runNumber > 0 ? String(ctx.runNumber) : '',
    run_attempt: String(ctx.runAttempt),
    run_url: web(ctx.runUrl),
    status,
    status_word: look.word,
    status_mark: look.mark,
    event: ctx.eventName,
    branch: ctx.refName ?? '',
    sha: ctx.commit?.sha ?? '',
    short_sha: ctx.commit?.shortSha ?? '',
    commit_url: web(ctx.commit?.url),
    commit_message: excerpt(ctx.commit?.title ?? '', MAX_TITLE),
    actor: ctx.actor,
    triggering_actor: ctx.triggeringActor ?? ctx.actor,
    pr_number: ctx.pullRequest ? String(ctx.pullRequest.number) : '',
    pr_title: excerpt(ctx.pullRequest?.title ?? '', MAX_TITLE),
    pr_url: web(ctx.pullRequest?.url),
    release_tag: ctx.release?.tag ?? '',
    release_url: web(ctx.release?.url),
    compare_url: web(ctx.compareUrl),
    duration: details?.durationSeconds !== undefined ? formatDuration(details.durationSeconds) : '',
    transition: ctx.transition ?? '',
    failed_jobs: failed.join(', '),
    ...testValues(ctx),
    job_table: details
      ? built(
          flavour,
          () => jobsHtml(details),
          () => jobLines(details),
          () => jobsMarkdown(details),
        )
      : '',
    changes: changes
      ? built(
          flavour,
          () => changesHtml(changes),
          () => changeLines(changes),
          () => changesMarkdown(changes),
        )
      : '',
    changes_count: changes?.kind === 'since' ? String(changes.total) : '',
    change_authors: changes?.kind === 'since' ? authorNames(changes.commits) : '',
    // Empty, not an empty block, when there is none, so `{{#log_excerpt}}…{{/log_excerpt}}` works as "if".
    log_excerpt:
      logExcerpts(ctx).length > 0
        ? built(
            flavour,
            () => logsHtml(ctx),
            () => logsText(ctx),
            () => logsMarkdown(ctx),
          )
        : '',
    default_body: built(
      flavour,
      () => reportHtml(ctx, status),
      () => renderText(ctx, status),
      () => reportMarkdown(ctx, status),
    ),
  };
  // No prototype: `{{constructor}}` or `{{toString}}` must find nothing rather than Object's functions.
  return Object.assign(Object.create(null) as Record<string, string | Built>, values);
}

/** Empty when no report was read, so `{{#tests_total}}…{{/tests_total}}` shows only with results. */
function testValues(ctx: RunContext): Record<string, string> {
  const summary = ctx.tests && testSummary(ctx.tests);
  return {
    tests_total: summary ? String(summary.total) : '',
    tests_passed: summary ? String(summary.passed) : '',
    tests_failed: summary ? String(summary.failed) : '',
    tests_skipped: summary ? String(summary.skipped) : '',
    failed_tests: summary?.failures.map((test) => test.title).join(', ') ?? '',
  };
}

/** Each author once, newest first, as the commits name them. */
function authorNames(commits: readonly ChangeInfo[]): string {
  return [...new Set(commits.map((commit) => excerpt(commit.author, MAX_TITLE)))].join(', ');
}

function built(
  flavour: TemplateFlavour,
  html: () => string,
  text: () => string,
  markdown: () => string,
): string | Built {
  if (flavour === 'html') return new Built(html());
  return flavour === 'markdown' ? new Built(markdown()) : text();
}

/** How `{{x}}` treats a value: HTML-escaped in HTML bodies, markdown-escaped in markdown, as it is in text. */
const ESCAPES: Readonly<Record<TemplateFlavour, (value: string) => string>> = {
  html: escapeHtml,
  markdown: escapeMarkdown,
  text: (value) => value,
};

/**
 * Fills in a subject or body. Mustache is logic-less: a template can only look values up, and a value is
 * inserted as text, never read as a template itself, so a PR title holding `{{` stays a PR title. Each call
 * parses with a writer of its own, so no template is cached past the call.
 */
export function renderTemplate(
  input: 'subject' | 'body',
  template: string,
  values: Placeholders,
  flavour: TemplateFlavour,
): string {
  const escape = ESCAPES[flavour];
  try {
    return new Mustache.Writer().render(template, values, () => undefined, {
      tags: ['{{', '}}'],
      escape: (value: unknown) =>
        value instanceof Built ? value.content : typeof value === 'string' ? escape(value) : '',
    });
  } catch (err) {
    throw new Error(`Input '${input}' is not a valid template: ${err instanceof Error ? err.message : String(err)}`);
  }
}
