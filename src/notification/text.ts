import type { RunContext } from '../context.js';
import type { Status } from '../status.js';
import { runFacts } from './facts.js';
import type { Fact } from './facts.js';
import { defaultSubject, singleLine } from './subject.js';

/**
 * The plain-text body: a headline, `Label: value` lines, and the run URL. Values are flattened to one line so a
 * PR title cannot start a line of its own that looks like one of ours.
 */
export function renderText(ctx: RunContext, status: Status): string {
  return [singleLine(defaultSubject(ctx, status)), '', ...runFacts(ctx).map(line), '', `View run: ${ctx.runUrl}`, ''].join('\n');
}

/** Links follow the words in angle brackets, the plain-text convention clients turn back into links. */
function line(fact: Fact): string {
  const words = fact.value.map((segment) => singleLine(segment.text)).join(' ');
  const urls = fact.value.flatMap((segment) => (segment.url ? [` <${segment.url}>`] : [])).join('');
  return `${fact.label}: ${words}${urls}`;
}
