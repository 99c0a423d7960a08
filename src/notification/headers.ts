import type { RunContext } from '../context.js';
import type { MailHeader } from '../mail.js';
import type { Status } from '../status.js';

/** Longest value sent: the whole header line stays far below RFC 5322's 998 characters, whatever the ref is called. */
export const MAX_HEADER_VALUE = 200;

/**
 * The headers Outlook rules and Exchange mail-flow rules sort notifications by. Graph takes at most five custom
 * headers on a message, each named `x-…`: these are the five, in the order a rule is most likely to test them.
 */
export function notificationHeaders(ctx: RunContext, status: Status): MailHeader[] {
  const headers: [string, string | undefined][] = [
    ['X-GitHub-Result', status],
    ['X-GitHub-Repository', ctx.repository],
    ['X-GitHub-Workflow', ctx.workflow],
    ['X-GitHub-Ref', ctx.refName],
    ['X-GitHub-Run-Id', ctx.runId],
  ];
  return headers.flatMap(([name, value]) => {
    const safe = headerValue(value ?? '');
    return safe === '' ? [] : [{ name, value: safe }];
  });
}

/**
 * One line of printable ASCII, at most MAX_HEADER_VALUE characters. Branch and workflow names are chosen by
 * whoever pushes, so a newline must not start a header of its own (`main\r\nBcc: …`), and non-ASCII must survive.
 * Every byte outside printable ASCII, and `%` itself, is percent-encoded (UTF-8, as in a URL): an ASCII name —
 * nearly all of them — reads as it is, the encoding can be undone, and a rule's pattern sees the same text on
 * every server. RFC 2047 encoded-words were the other choice: whether Exchange's rules match the decoded or the
 * raw text is documented nowhere, and a rule written for one would silently miss the other.
 */
export function headerValue(raw: string): string {
  let value = '';
  for (const char of raw.trim()) {
    const piece = SAFE.test(char) ? char : percentEncoded(char);
    // Whole characters only: half of a UTF-8 sequence would decode to nothing sensible.
    if (value.length + piece.length > MAX_HEADER_VALUE) break;
    value += piece;
  }
  return value;
}

const SAFE = /^[\x20-\x24\x26-\x7e]$/;

function percentEncoded(char: string): string {
  return [...Buffer.from(char, 'utf8')].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');
}
