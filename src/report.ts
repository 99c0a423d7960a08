import * as core from '@actions/core';
import { escapeHtml } from './notification/html.js';

export interface Outcome {
  sent: boolean;
  /** Graph's HTTP status; absent when nothing was sent (dry run). */
  statusCode?: number;
  requestId?: string;
  recipients: number;
  subject: string;
}

/** Sets the step's outputs; every output is set on every path so later steps can test them without guards. */
export function setOutputs(outcome: Outcome): void {
  core.setOutput('sent', String(outcome.sent));
  core.setOutput('status-code', outcome.statusCode === undefined ? '' : String(outcome.statusCode));
  core.setOutput('request-id', outcome.requestId ?? '');
  core.setOutput('recipients', String(outcome.recipients));
  core.setOutput('subject', outcome.subject);
}

/** A short job summary. The subject can carry a branch name or a commit title, so it is escaped. */
export async function writeSummary(outcome: Outcome): Promise<void> {
  const rows: [string, string][] = [
    ['Subject', escapeHtml(outcome.subject)],
    ['Recipients', String(outcome.recipients)],
  ];
  if (outcome.statusCode !== undefined) rows.push(['Graph status', String(outcome.statusCode)]);
  if (outcome.requestId) rows.push(['Request id', `<code>${escapeHtml(outcome.requestId)}</code>`]);
  await core.summary
    .addHeading(outcome.sent ? '📧 Notification sent' : '📧 Dry run: notification not sent', 3)
    .addTable(rows.map(([label, value]) => [{ data: label, header: true }, value]))
    .write();
}
