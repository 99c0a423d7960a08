import type { RunContext } from '../context.js';
import { formatDuration } from './jobs.js';
import { excerpt } from './subject.js';

/** Commit and PR titles are cut here: the rest is one click away, and a page-long title would bury the report. */
const MAX_TITLE = 200;

/** A piece of a fact's value; `url` makes it a link, `code` sets it in monospace (SHAs, branch names). */
export interface Segment {
  text: string;
  url?: string;
  code?: boolean;
}

/** One labelled line of the details both bodies show, so HTML and text never disagree on what a run was. */
export interface Fact {
  label: string;
  value: Segment[];
}

/** The facts the run has, in reading order; a fact the run lacks is left out rather than shown empty. */
export function runFacts(ctx: RunContext): Fact[] {
  const facts: [string, Segment[] | undefined][] = [
    ['Repository', ctx.repository ? [{ text: ctx.repository, url: ctx.repositoryUrl }] : undefined],
    ['Workflow', ctx.workflow ? [{ text: ctx.workflow }] : undefined],
    ['Run', run(ctx)],
    [
      'Duration',
      ctx.details?.durationSeconds !== undefined ? [{ text: formatDuration(ctx.details.durationSeconds) }] : undefined,
    ],
    ['Event', ctx.eventName ? [{ text: ctx.eventName }] : undefined],
    ref(ctx),
    [
      'Commit',
      ctx.commit && [{ text: ctx.commit.shortSha, url: ctx.commit.url, code: true }, ...plain(title(ctx.commit.title))],
    ],
    ['Compare', compare(ctx.compareUrl)],
    [
      'Pull request',
      ctx.pullRequest && [
        { text: `#${ctx.pullRequest.number} ${title(ctx.pullRequest.title)}`.trim(), url: ctx.pullRequest.url },
      ],
    ],
    ['Release', ctx.release && release(ctx.release)],
    [
      'Actor',
      ctx.actor
        ? [{ text: ctx.actor }, ...plain(ctx.triggeringActor && `(triggered by ${ctx.triggeringActor})`)]
        : undefined,
    ],
  ];
  return facts.flatMap(([label, value]) => (value ? [{ label, value }] : []));
}

function run(ctx: RunContext): Segment[] | undefined {
  if (ctx.runNumber < 1) return undefined;
  return [
    { text: `#${ctx.runNumber}`, url: ctx.runUrl },
    ...plain(ctx.runAttempt > 1 && `(attempt ${ctx.runAttempt})`),
  ];
}

function ref(ctx: RunContext): [string, Segment[] | undefined] {
  const pr = ctx.pullRequest;
  if (pr?.headRef && pr.baseRef) {
    return ['Branch', [{ text: pr.headRef, code: true }, { text: '→' }, { text: pr.baseRef, code: true }]];
  }
  return [ctx.refType === 'tag' ? 'Tag' : 'Branch', ctx.refName ? [{ text: ctx.refName, code: true }] : undefined];
}

/** The link text is the range itself (`a10867b14bb7...6113728f27ae`), which says what the link will show. */
function compare(url: string | undefined): Segment[] | undefined {
  const range = url?.split('/compare/')[1];
  return url && range ? [{ text: range, url, code: true }] : undefined;
}

function title(text: string | undefined): string | undefined {
  return text && excerpt(text, MAX_TITLE);
}

function release(info: NonNullable<RunContext['release']>): Segment[] {
  return [{ text: info.name, url: info.url }, ...plain(info.name !== info.tag && `(${info.tag})`)];
}

function plain(text: string | false | undefined): Segment[] {
  return text ? [{ text }] : [];
}
