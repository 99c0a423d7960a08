import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import type { RunContext, TestResults } from './context.js';
import type { Mail } from './mail.js';
import { CHANGES_HEADING } from './notification/changes.js';
import { changesHtml, escapeHtml, logsHtml } from './notification/html.js';
import { logExcerpts } from './notification/jobs.js';
import { testSummary, testTotals } from './notification/tests.js';

export interface Outcome {
  sent: boolean;
  /** Why notify-when decided against a mail; absent when it wanted one. */
  skipped?: string;
  /** The dry run's rendering. */
  preview?: Preview;
  /** Graph's HTTP status; absent when nothing was sent (dry run). */
  statusCode?: number;
  requestId?: string;
  /** To, cc and bcc; unknown while the inputs are not read. */
  recipients?: number;
  /** Unknown until the mail is written. */
  subject?: string;
  /** What the `test-results` reports said; absent when none was read. */
  tests?: TestResults;
}

/** Sets the step's outputs; every output is set on every path so later steps can test them without guards. */
export function setOutputs(outcome: Outcome): void {
  core.setOutput('sent', String(outcome.sent));
  core.setOutput('status-code', outcome.statusCode === undefined ? '' : String(outcome.statusCode));
  core.setOutput('request-id', outcome.requestId ?? '');
  core.setOutput('recipients', outcome.recipients === undefined ? '' : String(outcome.recipients));
  core.setOutput('subject', outcome.subject ?? '');
  core.setOutput('html-file', outcome.preview?.file ?? '');
  const tests = outcome.tests;
  const count = (n: number | undefined) => (n === undefined ? '' : String(n));
  core.setOutput('tests-total', count(tests && tests.passed + tests.failed + tests.skipped));
  core.setOutput('tests-passed', count(tests?.passed));
  core.setOutput('tests-failed', count(tests?.failed));
  core.setOutput('tests-skipped', count(tests?.skipped));
}

export interface Preview {
  file: string;
  /** What the job summary shows of the mail: its HTML body, or its text in a <pre>. */
  html: string;
}

/**
 * Writes a dry run's mail under RUNNER_TEMP, where a later step (upload-artifact, say) can pick it up. A text
 * body is wrapped in an HTML page too, so `html-file` always opens in a browser.
 */
export function writePreview(mail: Mail): Preview {
  const html = mail.body.format === 'html' ? mail.body.content : `<pre>${escapeHtml(mail.body.content)}</pre>`;
  const dir = process.env.RUNNER_TEMP || tmpdir();
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `mail-preview-${process.env.GITHUB_RUN_ID ?? 'local'}-${process.pid}.html`);
  writeFileSync(file, html);
  return { file, html };
}

/** A short job summary. The subject can carry a branch name or a commit title, so it is escaped. */
/** A short job summary; `ctx` adds the evidence of a failure (log excerpts, changes), folded, for a sent mail. */
export async function writeSummary(outcome: Outcome, ctx?: RunContext): Promise<void> {
  const rows: [string, string][] = [
    ['Subject', escapeHtml(outcome.subject ?? '')],
    ['Recipients', String(outcome.recipients ?? '')],
  ];
  if (outcome.statusCode !== undefined) rows.push(['Graph status', String(outcome.statusCode)]);
  if (outcome.requestId) rows.push(['Request id', `<code>${escapeHtml(outcome.requestId)}</code>`]);
  if (outcome.skipped) rows.push(['Not sent because', escapeHtml(outcome.skipped)]);
  const heading = outcome.sent
    ? '📧 Notification sent'
    : outcome.skipped
      ? '📧 Notification not sent'
      : '📧 Dry run: notification not sent';
  core.summary.addHeading(heading, 3).addTable(rows.map(([label, value]) => [{ data: label, header: true }, value]));
  if (outcome.tests) addTests(outcome.tests);
  // A dry run shows the whole mail below, evidence included.
  if (ctx && !outcome.preview) addEvidence(ctx);
  if (outcome.preview) core.summary.addDetails('Rendered mail', outcome.preview.html);
  // The mail is out by now: a runner without job summaries (older GHES) must not turn that into a failed step.
  if (!process.env.GITHUB_STEP_SUMMARY) {
    core.debug('No GITHUB_STEP_SUMMARY on this runner: job summary skipped.');
    core.summary.emptyBuffer();
    return;
  }
  await core.summary.write();
}

/** The totals and a row per failing test; test names and messages come from the reports, so all is escaped. */
function addTests(results: TestResults): void {
  const summary = testSummary(results);
  core.summary.addHeading('Tests', 4).addRaw(`<p>${escapeHtml(testTotals(summary))}</p>`, true);
  if (summary.failures.length === 0) return;
  const rows = summary.failures.map((test) => [
    `❌ ${escapeHtml(test.title)}`,
    [test.message, ...test.details].map(escapeHtml).join('<br>'),
  ]);
  core.summary.addTable([
    [
      { data: 'Failed test', header: true },
      { data: 'Message', header: true },
    ],
    ...rows,
  ]);
  if (summary.more) core.summary.addRaw(`<p>${escapeHtml(summary.more)}</p>`, true);
}

/** Why it failed, for whoever opens the run rather than the mail: the same blocks the mail shows. */
function addEvidence(ctx: RunContext): void {
  if (logExcerpts(ctx).length > 0) core.summary.addDetails('Log excerpts', logsHtml(ctx));
  if (ctx.changes) core.summary.addDetails(CHANGES_HEADING, changesHtml(ctx.changes));
}
