import type { RunContext } from '../context.js';
import type { Address, BodyFormat, Importance, Mail, Recipients } from '../mail.js';
import type { Status } from '../status.js';
import { renderHtml } from './html.js';
import { cleanSubject, defaultSubject } from './subject.js';
import { renderText } from './text.js';

export interface ComposeOptions extends Recipients {
  status: Status;
  subject?: string;
  body?: string;
  bodyFormat: BodyFormat;
  from?: Address;
  importance: Importance;
}

/**
 * The mail for a run. A custom body is the workflow author's own text and goes out as written, in the format
 * they chose; only the generated bodies are built from (and escape) the run's data.
 */
export function composeMail(ctx: RunContext, options: ComposeOptions): Mail {
  const { status, subject, body, bodyFormat, from, importance, to, cc, bcc, replyTo } = options;
  return {
    to,
    cc,
    bcc,
    replyTo,
    // A subject that cleans down to nothing (only whitespace) would send a blank one; the default says more.
    subject: cleanSubject(subject ?? '') || cleanSubject(defaultSubject(ctx, status)),
    body: { format: bodyFormat, content: body || defaultBody(ctx, status, bodyFormat) },
    ...(from && { from }),
    importance,
  };
}

function defaultBody(ctx: RunContext, status: Status, format: BodyFormat): string {
  return format === 'html' ? renderHtml(ctx, status) : renderText(ctx, status);
}
