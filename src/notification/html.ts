import { runTitle, type Changes, type LogExcerpt, type RunContext, type RunDetails } from '../context.js';
import { changeList, CHANGES_HEADING, type ChangeRow } from './changes.js';
import type { Status } from '../status.js';
import { headline, STATUS_LOOKS } from './status.js';
import type { StatusLook } from './status.js';
import { runFacts } from './facts.js';
import type { Segment } from './facts.js';
import {
  CONCLUSION_LOOKS,
  isFailed,
  jobList,
  logCaption,
  logExcerpts,
  LOGS_NOTE,
  moreNote,
  warningsHeading,
} from './jobs.js';
import { BORDER, FAILED_BOX, FAILED_TEXT, FONT, INK, LINK, MONO, MUTED, RULE, SHADE } from './palette.js';
import type { Annotation, ConclusionLook, FailedJob, JobRow } from './jobs.js';
import { cleanSubject, defaultSubject, excerpt } from './subject.js';
import { testSummary, type ShownFailure } from './tests.js';
import type { TestResults } from '../context.js';

/** Long unbroken values (a compare range, a branch name) wrap rather than push a phone's screen sideways. */
const WRAP = 'word-break:break-word;overflow-wrap:anywhere;';

/** More than any inbox shows beside the subject. */
const MAX_PREHEADER = 200;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** The one escape for everything interpolated into the mail, text and attribute values alike. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/**
 * The default mail body. Built for Outlook desktop, which renders with Word: tables for layout, every style
 * inline, bgcolor next to background-color, and a fixed-width wrapper only Outlook sees because it ignores
 * max-width.
 */
export function renderHtml(ctx: RunContext, status: Status): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(cleanSubject(defaultSubject(ctx, status)))}</title>
</head>
<body style="margin:0;padding:0;background-color:${SHADE};">
${hiddenPreheader(preheader(ctx, status))}
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="${SHADE}" style="background-color:${SHADE};">
<tr><td align="center" style="padding:24px 12px;">
<!--[if mso]><table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0"><tr><td><![endif]-->
${reportHtml(ctx, status)}
${footer(ctx)}
<!--[if mso]></td></tr></table><![endif]-->
</td></tr>
</table>
</body>
</html>
`;
}

/**
 * The report card alone (banner, facts, jobs, failures, button), without the page around it: the default body's
 * content, and what a template's `default_body` inserts.
 */
export function reportHtml(ctx: RunContext, status: Status): string {
  const look = STATUS_LOOKS[status];
  const sections = [
    banner(ctx, status, look),
    `<tr><td style="padding:20px 24px 8px 24px;">\n${details(ctx)}\n</td></tr>`,
    ctx.details &&
      `<tr><td style="padding:16px 24px 0 24px;">\n${heading('Jobs')}\n${jobsHtml(ctx.details)}\n</td></tr>`,
    ctx.details && failures(ctx.details),
    ctx.logFile &&
      ctx.logFile.lines.length > 0 &&
      `<tr><td style="padding:16px 24px 0 24px;">\n${logHtml(ctx.logFile)}\n</td></tr>`,
    logExcerpts(ctx).length > 0 && `<tr><td style="padding:8px 24px 0 24px;">\n${logsNote()}\n</td></tr>`,
    ctx.tests && `<tr><td style="padding:16px 24px 0 24px;">\n${heading('Tests')}\n${testsHtml(ctx.tests)}\n</td></tr>`,
    ctx.changes &&
      `<tr><td style="padding:16px 24px 0 24px;">\n${heading(CHANGES_HEADING)}\n${changesHtml(ctx.changes)}\n</td></tr>`,
    `<tr><td style="padding:20px 24px 24px 24px;">\n${button(ctx.runUrl, look)}\n</td></tr>`,
  ];
  return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="#ffffff" style="max-width:600px;background-color:#ffffff;border:1px solid ${BORDER};">
${sections.filter(Boolean).join('\n')}
</table>`;
}

/**
 * The line inbox lists show under the subject: `Failure in test (ubuntu-latest): Run tests · owner/repo CI #42`.
 * It names the first failed job and step when the run's details are known, which the subject has no room for.
 */
export function preheader(ctx: RunContext, status: Status): string {
  const word = headline(status, ctx.transition).word;
  const sentence = word.charAt(0) + word.slice(1).toLowerCase();
  const failed = ctx.details?.jobs.find(isFailed);
  const step = failed?.failedSteps[0];
  const lead = failed ? `${sentence} in ${failed.name}${step ? `: ${step}` : ''}` : sentence;
  const about = [ctx.repository, runTitle(ctx)].filter(Boolean).join(' ');
  const topic = ctx.pullRequest ? `#${ctx.pullRequest.number} ${ctx.pullRequest.title}` : ctx.commit?.title;
  return excerpt([lead, about, topic].filter(Boolean).join(' · '), MAX_PREHEADER);
}

/**
 * Hidden in every client (mso-hide for Outlook, the rest for web and mobile); the trailing joiners keep inbox
 * previews from running on into the banner text after it.
 */
function hiddenPreheader(text: string): string {
  const style = `display:none;font-size:1px;line-height:1px;max-height:0;max-width:0;opacity:0;overflow:hidden;mso-hide:all;color:${SHADE};`;
  return `<div style="${style}">${escapeHtml(text)}${'&#8204;&nbsp;'.repeat(40)}</div>`;
}

function banner(ctx: RunContext, status: Status, look: StatusLook): string {
  const { word } = headline(status, ctx.transition);
  const about = [ctx.repository, runTitle(ctx)].filter(Boolean).join(' · ');
  return `<tr><td bgcolor="${look.banner}" style="background-color:${look.banner};color:${look.text};padding:20px 24px;font-family:${FONT};">
<p style="margin:0;font-size:22px;line-height:28px;font-weight:bold;color:${look.text};">${look.symbol} ${word}</p>
<p style="margin:4px 0 0 0;font-size:15px;line-height:22px;${WRAP}color:${look.text};">${escapeHtml(about)}</p>
</td></tr>`;
}

function details(ctx: RunContext): string {
  const rows = runFacts(ctx)
    .map((fact) => row(fact.label, fact.value.map(segment).join(' ')))
    .join('\n');
  return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">\n${rows}\n</table>`;
}

function segment({ text, url, code }: Segment): string {
  const font = code ? `font-family:${MONO};font-size:13px;` : '';
  if (url) return link(url, text, font);
  return font ? `<span style="${font}">${escapeHtml(text)}</span>` : escapeHtml(text);
}

/** Only http(s) gets a link: the URLs are built from GITHUB_SERVER_URL, which a mail must not trust blindly. */
function link(url: string, text: string, style = ''): string {
  if (!isWebUrl(url)) return escapeHtml(text);
  return `<a href="${escapeHtml(url)}" style="${style}color:${LINK};text-decoration:underline;">${escapeHtml(text)}</a>`;
}

/** The label column is as narrow as `Pull request` allows, leaving a phone's width to the value. */
function row(label: string, html: string): string {
  const cell = `padding:6px 0;border-bottom:1px solid ${RULE};font-family:${FONT};font-size:14px;line-height:20px;vertical-align:top;`;
  return `<tr><td width="104" style="${cell}width:104px;padding-right:8px;color:${MUTED};">${escapeHtml(label)}</td><td style="${cell}${WRAP}color:${INK};">${html}</td></tr>`;
}

export function isWebUrl(url: string): boolean {
  return URL.canParse(url) && ['http:', 'https:'].includes(new URL(url).protocol);
}

function heading(text: string): string {
  return `<p style="margin:0 0 6px 0;font-family:${FONT};font-size:12px;line-height:16px;font-weight:bold;letter-spacing:0.5px;color:${MUTED};">${escapeHtml(text.toUpperCase())}</p>`;
}

/**
 * One row per job: the linked name, the result in words and the duration on its right, and under them a bar as
 * long as the job took next to the longest one. The bar spans the row, so the name keeps the width of a phone
 * without media queries (which not every client honours). The bar is two table cells with percentage widths,
 * which every client including Outlook draws; the result is said in words, never by its colour alone.
 */
export function jobsHtml(details: RunDetails): string {
  const list = jobList(details);
  const rows = list.jobs.map(jobRow);
  const more = moreNote(list.more, 'job');
  if (more) rows.push(`<tr><td style="${jobCell}color:${MUTED};">${more}</td></tr>`);
  return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">\n${rows.join('\n')}\n</table>`;
}

const jobCell = `padding:6px 0;border-bottom:1px solid ${RULE};font-family:${FONT};font-size:14px;line-height:20px;`;
const jobText = `font-family:${FONT};font-size:14px;line-height:20px;vertical-align:top;`;

function jobRow(job: JobRow): string {
  const duration = job.duration ? `<span style="color:${MUTED};"> · ${escapeHtml(job.duration)}</span>` : '';
  const barRow = job.barPercent
    ? `<tr><td colspan="2" style="padding:4px 0 2px 0;">${bar(job.barPercent, job.look.colour)}</td></tr>`
    : '';
  return [
    `<tr><td style="${jobCell}">`,
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr>`,
    `<td style="${jobText}${WRAP}color:${INK};">${link(job.url, job.name)}</td>`,
    `<td align="right" style="${jobText}padding-left:12px;white-space:nowrap;">${result(job.look)}${duration}</td>`,
    `</tr>${barRow}</table></td></tr>`,
  ].join('');
}

/** The result in its colour, bold when it failed so it stands out in the list without the colour too. */
function result(look: ConclusionLook): string {
  const weight = look.failed ? 'font-weight:bold;' : '';
  return `<span style="${weight}color:${look.colour};">${escapeHtml(look.word)}</span>`;
}

function bar(percent: number, colour: string): string {
  const cell = (width: number, fill: string) =>
    `<td width="${width}%" height="8" bgcolor="${fill}" style="width:${width}%;height:8px;background-color:${fill};font-size:1px;line-height:8px;">&nbsp;</td>`;
  const rest = 100 - percent;
  return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr>${cell(percent, colour)}${rest > 0 ? cell(rest, RULE) : ''}</tr></table>`;
}

/** A box per failed job: the steps that failed and the first annotations, so the cause is in the mail. */
function failures(details: RunDetails): string | undefined {
  const list = jobList(details);
  if (list.failed.length === 0) return undefined;
  const boxes = list.failed.map(failedBox);
  const more = moreNote(list.moreFailed, 'failed job');
  if (more) boxes.push(`<p style="margin:8px 0 0 0;font-family:${FONT};font-size:13px;color:${MUTED};">${more}</p>`);
  return `<tr><td style="padding:16px 24px 0 24px;">\n${heading('Failures')}\n${boxes.join('\n')}\n</td></tr>`;
}

/**
 * The failed job, the steps that failed and the annotations that say why, in ink; then, under a small heading
 * and in grey, the warnings and notices, which did not fail the job.
 */
function failedBox(job: FailedJob): string {
  const text = `font-family:${FONT};font-size:14px;line-height:20px;color:${INK};${WRAP}`;
  const lines = [`<p style="margin:0;${text}font-weight:bold;">${link(job.url, job.name)} · ${result(job.look)}</p>`];
  for (const step of job.steps) {
    lines.push(`<p style="margin:4px 0 0 0;${text}">Failed step: <b>${escapeHtml(step)}</b></p>`);
  }
  for (const a of job.annotations) {
    lines.push(
      `<p style="margin:6px 0 0 0;${text}font-size:13px;"><span style="font-weight:bold;color:${FAILED_TEXT};">${escapeHtml(a.level)}</span>${annotationLabel(a)}<br>` +
        `<span style="color:${INK};">${escapeHtml(a.message)}</span></p>`,
    );
  }
  lines.push(...warningLines(job.warnings));
  return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 8px 0;"><tr>
<td bgcolor="${FAILED_BOX}" style="background-color:${FAILED_BOX};border-left:4px solid ${FAILED_TEXT};padding:10px 12px;">
${lines.join('\n')}
</td></tr></table>${job.log ? `\n${logHtml(job.log)}` : ''}`;
}

/**
 * A caption and the lines in a `<pre>`, every character escaped. Outlook honours a `<pre>`'s inline font; the
 * lines are already cut short, so the block stays readable where `pre-wrap` is ignored.
 */
export function logHtml(log: LogExcerpt): string {
  const pre = `margin:4px 0 8px 0;padding:8px 10px;background-color:${SHADE};border:1px solid ${BORDER};font-family:${MONO};font-size:12px;line-height:16px;color:${INK};white-space:pre-wrap;${WRAP}`;
  return `<p style="margin:0;font-family:${FONT};font-size:12px;line-height:16px;color:${MUTED};${WRAP}">${escapeHtml(logCaption(log))}</p>
<pre style="${pre}">${log.lines.map(escapeHtml).join('\n')}</pre>`;
}

function logsNote(): string {
  return `<p style="margin:0;font-family:${FONT};font-size:12px;line-height:16px;color:${MUTED};">${escapeHtml(LOGS_NOTE)}</p>`;
}

/** Every excerpt with its caption, and the note, for a template's `log_excerpt`; empty when there are none. */
export function logsHtml(ctx: RunContext): string {
  const logs = logExcerpts(ctx);
  return logs.length > 0 ? [...logs.map(logHtml), logsNote()].join('\n') : '';
}

function annotationLabel(a: Annotation, lead = ''): string {
  const where = a.where ? ` <span style="font-family:${MONO};font-size:12px;">${escapeHtml(a.where)}</span>` : '';
  const title = a.title ? ` <b>${escapeHtml(a.title)}</b>` : '';
  return `${lead}${where}${title}`;
}

function warningLines(warnings: Annotation[]): string[] {
  if (warnings.length === 0) return [];
  const { heading, levelEach } = warningsHeading(warnings);
  const quiet = `font-family:${FONT};font-size:13px;line-height:18px;color:${MUTED};${WRAP}`;
  return [
    `<p style="margin:12px 0 0 0;${quiet}font-weight:bold;">${heading}</p>`,
    ...warnings.map((a) => {
      const label = annotationLabel(a, levelEach ? escapeHtml(a.level) : '').trim();
      return `<p style="margin:2px 0 0 0;${quiet}">${label ? `${label}<br>` : ''}${escapeHtml(a.message)}</p>`;
    }),
  ];
}

const COUNT_COLOURS = { failed: FAILED_TEXT, passed: CONCLUSION_LOOKS.success.colour, skipped: MUTED } as const;

/**
 * The totals on one line, each count in words (`2 failed`) with its colour as a second cue, then a box per
 * failing test: its name, the message, and the first lines of the details in monospace.
 */
export function testsHtml(results: TestResults): string {
  const summary = testSummary(results);
  const count = (key: keyof typeof COUNT_COLOURS) => {
    const weight = key === 'failed' && summary.failed > 0 ? 'font-weight:bold;' : '';
    return `<span style="${weight}color:${COUNT_COLOURS[key]};">${summary[key]} ${key}</span>`;
  };
  const about = [`${summary.total} test${summary.total === 1 ? '' : 's'}`, summary.duration].filter(Boolean);
  const text = `font-family:${FONT};font-size:14px;line-height:20px;color:${INK};`;
  const lines = [
    `<p style="margin:0 0 8px 0;${text}">${count('failed')}, ${count('passed')}, ${count('skipped')} <span style="color:${MUTED};">(${escapeHtml(about.join(', '))})</span></p>`,
    ...summary.failures.map(failedTest),
  ];
  if (summary.more) {
    lines.push(`<p style="margin:8px 0 0 0;font-family:${FONT};font-size:13px;color:${MUTED};">${summary.more}</p>`);
  }
  return lines.join('\n');
}

function failedTest(test: ShownFailure): string {
  const text = `font-family:${FONT};font-size:14px;line-height:20px;color:${INK};${WRAP}`;
  const mono = `font-family:${MONO};font-size:12px;line-height:17px;color:${MUTED};${WRAP}`;
  const lines = [
    `<p style="margin:0;${text}"><span style="font-weight:bold;color:${FAILED_TEXT};">Failed</span> <b>${escapeHtml(test.title)}</b></p>`,
  ];
  if (test.message) lines.push(`<p style="margin:4px 0 0 0;${text}font-size:13px;">${escapeHtml(test.message)}</p>`);
  if (test.details.length > 0) {
    lines.push(`<p style="margin:4px 0 0 0;${mono}">${test.details.map(escapeHtml).join('<br>')}</p>`);
  }
  return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 8px 0;"><tr>
<td bgcolor="${FAILED_BOX}" style="background-color:${FAILED_BOX};border-left:4px solid ${FAILED_TEXT};padding:10px 12px;">
${lines.join('\n')}
</td></tr></table>`;
}

/**
 * The sentence saying what the commits are counted from, then one row per commit: the short SHA linked in
 * monospace, the message's first line, and under it the author in grey. Messages and names are the committers'
 * text, escaped like every other value.
 */
export function changesHtml(changes: Changes): string {
  const list = changeList(changes);
  const text = `font-family:${FONT};font-size:14px;line-height:20px;color:${INK};${WRAP}`;
  const lead = `<p style="margin:0 0 6px 0;${text}">${list.lead.map((s) => segment(s)).join('')}</p>`;
  if (list.rows.length === 0) return lead;
  const rows = list.rows.map(changeRow);
  if (list.more) rows.push(`<tr><td colspan="2" style="${jobCell}color:${MUTED};">${list.more}</td></tr>`);
  return `${lead}\n<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">\n${rows.join('\n')}\n</table>`;
}

function changeRow(row: ChangeRow): string {
  const sha = `font-family:${MONO};font-size:13px;`;
  return [
    `<tr><td width="72" style="${jobCell}${jobText}width:72px;padding-right:8px;">${link(row.url, row.shortSha, sha)}</td>`,
    `<td style="${jobCell}${jobText}${WRAP}color:${INK};">${escapeHtml(row.title)}<br>`,
    `<span style="font-size:13px;color:${MUTED};">${escapeHtml(row.author)}</span></td></tr>`,
  ].join('');
}

/** A table cell carries the colour because Outlook ignores padding and backgrounds on links. */
function button(url: string, look: StatusLook): string {
  if (!isWebUrl(url)) return '';
  const text = `font-family:${FONT};font-size:15px;line-height:20px;font-weight:bold;color:${look.text};text-decoration:none;`;
  return `<table role="presentation" cellpadding="0" cellspacing="0" border="0"><tr>
<td align="center" bgcolor="${look.banner}" style="background-color:${look.banner};border-radius:6px;padding:10px 22px;">
<a href="${escapeHtml(url)}" style="${text}display:inline-block;">View run</a>
</td></tr></table>`;
}

function footer(ctx: RunContext): string {
  const source = ctx.repository ? ` in ${escapeHtml(ctx.repository)}` : '';
  return `<p style="margin:12px 0 0 0;max-width:600px;font-family:${FONT};font-size:12px;line-height:18px;color:${MUTED};text-align:center;">Sent by a GitHub Actions workflow${source}.</p>`;
}
