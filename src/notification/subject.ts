import { runTitle, type RunContext } from '../context.js';
import type { Status } from '../status.js';
import { headline } from './status.js';

/** Long enough for any default subject; longer ones get cut by mail clients anyway, mid-word and without a mark. */
const MAX_SUBJECT = 255;

/**
 * `✅ SUCCESS · owner/repo · CI #42 · main`, or `✅ FIXED`, `❌ BROKEN`, `❌ STILL FAILING` when the run's
 * transition is known. A pull request is named `PR #12` instead of its head branch: the number is what reviewers
 * search their mail for, and it keeps author-chosen branch names short of the subject. Parts the run does not
 * have are left out.
 */
export function defaultSubject(ctx: RunContext, status: Status): string {
  const { mark, word } = headline(status, ctx.transition);
  const where = ctx.pullRequest ? `PR #${ctx.pullRequest.number}` : ctx.refName;
  return [`${mark} ${word}`, ctx.repository, runTitle(ctx), where].filter(Boolean).join(' · ');
}

/**
 * Every subject, default or user-given, goes through here: a header cannot carry line breaks, and control or
 * bidirectional characters in a branch name must not rearrange what the reader sees.
 */
export function cleanSubject(subject: string): string {
  return excerpt(subject, MAX_SUBJECT);
}

/** One line, at most `max` characters (code points, so no emoji is split), an ellipsis marking the cut. */
export function excerpt(value: string, max: number): string {
  const chars = Array.from(singleLine(value));
  return chars.length > max
    ? `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`
    : chars.join('');
}

/** Line breaks, tabs, control and bidi-override characters collapsed to single spaces, ends trimmed. */
export function singleLine(value: string): string {
  return value.replace(/[\s\p{Cc}\u202a-\u202e\u2066-\u2069]+/gu, ' ').trim();
}
