import type { NotifyWhen } from '../inputs.js';
import type { Comparison } from './enrichment.js';
import type { Status } from '../status.js';

export interface Verdict {
  send: boolean;
  /** Why, in words for the log: always said when the mail is not sent. */
  reason: string;
}

/**
 * Whether `notify-when` wants a mail for this result. `comparison` is the previous run's, for `change`; undefined
 * when it could not be read, and then the mail goes out: a notification too many beats a lost one.
 */
export function decide(when: NotifyWhen, status: Status, comparison?: Comparison): Verdict {
  switch (when) {
    case 'always':
      return { send: true, reason: 'notify-when: always' };
    case 'failure':
      return { send: status === 'failure', reason: `notify-when: failure, and the result is ${status}` };
    case 'not-success':
      return { send: status !== 'success', reason: `notify-when: not-success, and the result is ${status}` };
    case 'change':
      return decideChange(status, comparison);
  }
}

function decideChange(status: Status, comparison?: Comparison): Verdict {
  if (status !== 'success' && status !== 'failure') {
    return { send: false, reason: `notify-when: change compares successes and failures, and this run is ${status}` };
  }
  if (comparison === undefined) {
    return { send: true, reason: 'notify-when: change, but the previous run could not be read' };
  }
  const previous = comparison.previousRunNumber === undefined ? '' : ` (as run #${comparison.previousRunNumber})`;
  switch (comparison.transition) {
    case 'first':
      return { send: true, reason: 'notify-when: change, and there is no earlier completed run to compare with' };
    case 'fixed':
    case 'broken':
      return { send: true, reason: `notify-when: change, and the workflow is ${comparison.transition}${previous}` };
    case 'still-failing':
      return { send: false, reason: `notify-when: change, and the workflow is still failing${previous}` };
    case 'still-passing':
      return { send: false, reason: `notify-when: change, and the workflow is still passing${previous}` };
  }
}
