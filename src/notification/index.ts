import type { RunContext } from '../context.js';
import type { Address, BodyInputFormat, Importance, Mail, Recipients } from '../mail.js';
import type { Status } from '../status.js';
import { notificationHeaders } from './headers.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { cleanSubject, defaultSubject } from './subject.js';
import { placeholders, renderTemplate } from './template.js';
import { renderText } from './text.js';

/** What the body input is written in; markdown goes out as HTML. */

export interface ComposeOptions extends Recipients {
  status: Status;
  /** A template: `{{ placeholder }}`s are filled in as plain text. */
  subject?: string;
  /** A template in the format bodyFormat names (body or body-file, read by the caller). */
  body?: string;
  bodyFormat: BodyInputFormat;
  from?: Address;
  importance: Importance;
}

/**
 * The mail for a run. A custom subject or body is the workflow author's template: its placeholders are filled
 * with the run's values, escaped for the format it is written in, and the rest goes out as written. Without
 * one, the generated subject and report are used. Throws when a template does not parse, naming the input.
 * Attachments are files, not content: the pipeline adds them.
 */
export function composeMail(ctx: RunContext, options: ComposeOptions): Omit<Mail, 'attachments'> {
  const { status, subject, body, bodyFormat, from, importance, to, cc, bcc, replyTo } = options;
  const custom = subject
    ? cleanSubject(renderTemplate('subject', subject, placeholders(ctx, status, 'text'), 'text'))
    : '';
  return {
    to,
    cc,
    bcc,
    replyTo,
    // A subject that cleans down to nothing (only whitespace) would send a blank one; the default says more.
    subject: custom || cleanSubject(defaultSubject(ctx, status)),
    body: {
      format: bodyFormat === 'text' ? 'text' : 'html',
      content: body ? customBody(ctx, status, body, bodyFormat) : defaultBody(ctx, status, bodyFormat),
    },
    ...(from && { from }),
    importance,
    headers: notificationHeaders(ctx, status),
  };
}

function customBody(ctx: RunContext, status: Status, body: string, format: BodyInputFormat): string {
  const filled = renderTemplate('body', body, placeholders(ctx, status, format), format);
  return format === 'markdown' ? renderMarkdown(filled) : filled;
}

/** Markdown is for writing a body; without one, the HTML report is the better mail. */
function defaultBody(ctx: RunContext, status: Status, format: BodyInputFormat): string {
  return format === 'text' ? renderText(ctx, status) : renderHtml(ctx, status);
}
