/**
 * The changes since the last successful run, as every rendering shows them: a sentence saying what they are
 * counted from, then the newest commits, one a row, and how many more there were. HTML, text and markdown take
 * this one model, so they never disagree.
 */
import type { Changes } from '../context.js';
import type { Segment } from './facts.js';
import { moreNote } from './jobs.js';
import { excerpt } from './subject.js';

export const CHANGES_HEADING = 'Changes since the last successful run';
/** The most commits a mail lists; the rest are counted. */
export const MAX_CHANGES = 20;
const MAX_TITLE = 200;

export interface ChangeRow {
  shortSha: string;
  url: string;
  title: string;
  /** `Jane Doe (@jane)`, or the name alone when GitHub knows no account for the address. */
  author: string;
}

export interface ChangeList {
  /** What the commits are counted from, or why there is nothing to list: segments to join without spaces. */
  lead: Segment[];
  rows: ChangeRow[];
  /** `and 3 more commits`, or empty. */
  more: string;
}

export function changeList(changes: Changes): ChangeList {
  if (changes.kind === 'none') return { lead: [{ text: noRun(changes) }], rows: [], more: '' };
  const run = { text: `#${changes.run.number}`, url: changes.run.url };
  const rows = changes.commits.slice(0, MAX_CHANGES).map((commit) => ({
    shortSha: commit.shortSha,
    url: commit.url,
    title: excerpt(commit.title, MAX_TITLE),
    author: commit.login ? `${commit.author} (@${commit.login})` : commit.author,
  }));
  return { lead: lead(changes, run), rows, more: moreNote(changes.total - rows.length, 'commit') };
}

/** A success older than the runs read is too long ago for its changes to say who broke the build. */
function noRun({ runsRead, older, branch }: Extract<Changes, { kind: 'none' }>): string {
  return older
    ? `No successful run among the last ${runsRead} completed runs on ${branch}: too long ago to list the changes.`
    : `No earlier successful run on ${branch}: nothing to compare with.`;
}

function lead(changes: Extract<Changes, { kind: 'since' }>, run: Segment): Segment[] {
  const commits = `${changes.total} commit${changes.total === 1 ? '' : 's'}`;
  if (changes.status === 'identical') {
    return [{ text: 'No change: this run tested the same commit as run ' }, run, { text: ' did.' }];
  }
  if (changes.status === 'behind') {
    const behind = `${changes.behind} commit${changes.behind === 1 ? '' : 's'}`;
    return [{ text: `No new commit: this run's commit is ${behind} behind that of run ` }, run, { text: '.' }];
  }
  if (changes.status === 'diverged') {
    return [
      { text: `${commits} since the history was rewritten after run ` },
      run,
      { text: ' (counted from the commit both histories share):' },
    ];
  }
  return [{ text: `${commits} since run ` }, run, { text: ':' }];
}
