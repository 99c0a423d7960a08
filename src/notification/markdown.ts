import { Marked } from 'marked';
import type { RendererObject, Tokens } from 'marked';
import type { Changes, LogExcerpt, RunContext, RunDetails } from '../context.js';
import { changeList, CHANGES_HEADING } from './changes.js';
import type { Status } from '../status.js';
import { runFacts } from './facts.js';
import type { Segment } from './facts.js';
import { escapeHtml, isWebUrl } from './html.js';
import { jobList, logCaption, logExcerpts, LOGS_NOTE, moreNote, warningsHeading } from './jobs.js';
import { BORDER, FONT, INK, LINK, MONO, MUTED, SHADE } from './palette.js';
import type { Annotation, FailedJob, JobRow } from './jobs.js';
import { defaultSubject, singleLine } from './subject.js';
import { testSummary, testTotals } from './tests.js';
import type { TestResults } from '../context.js';

const LINK_SCHEMES = ['http:', 'https:', 'mailto:'];

/** Inline styles for every tag marked writes, since mail clients drop style sheets and Outlook drops classes. */
const TAG_STYLES: Record<string, string> = {
  p: 'margin:0 0 12px 0;',
  h1: 'margin:0 0 12px 0;font-size:22px;line-height:28px;',
  h2: 'margin:0 0 12px 0;font-size:19px;line-height:26px;',
  h3: 'margin:0 0 10px 0;font-size:16px;line-height:22px;',
  h4: 'margin:0 0 8px 0;font-size:15px;line-height:22px;',
  h5: 'margin:0 0 8px 0;font-size:14px;line-height:20px;',
  h6: 'margin:0 0 8px 0;font-size:13px;line-height:20px;color:#656d76;',
  ul: 'margin:0 0 12px 0;padding:0 0 0 24px;',
  ol: 'margin:0 0 12px 0;padding:0 0 0 24px;',
  li: 'margin:0 0 4px 0;',
  blockquote: `margin:0 0 12px 0;padding:0 0 0 12px;border-left:4px solid ${BORDER};color:${MUTED};`,
  pre: `margin:0 0 12px 0;padding:12px;background-color:${SHADE};font-size:13px;line-height:18px;white-space:pre-wrap;`,
  code: `font-family:${MONO};font-size:13px;background-color:${SHADE};`,
  table: 'border-collapse:collapse;margin:0 0 12px 0;',
  th: `border:1px solid ${BORDER};padding:6px 10px;background-color:${SHADE};`,
  td: `border:1px solid ${BORDER};padding:6px 10px;`,
  hr: `border:0;border-top:1px solid ${BORDER};margin:16px 0;`,
};
const STYLED_TAG = new RegExp(`<(${Object.keys(TAG_STYLES).join('|')})(?=[\\s>])`, 'g');

/**
 * A body written in markdown, as an HTML mail. The markdown is the workflow's, but values from the run were put
 * into it, so it is treated as untrusted: raw HTML is shown as text, links are kept only for http, https and
 * mailto, and images become links (remote images are blocked by Outlook and tell the sender who opened the mail).
 */
export function renderMarkdown(markdown: string): string {
  let html: string;
  try {
    html = markdownParser().parse(markdown, { async: false });
  } catch (error) {
    // marked recurses once per nesting level: ten thousand `>` overflow the stack.
    if (error instanceof RangeError) {
      throw new Error(
        "Input 'body' is markdown nested too deeply to convert (quotes or lists thousands of levels deep).",
      );
    }
    throw error;
  }
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
</head>
<body style="margin:0;padding:0;background-color:#ffffff;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:680px;">
<tr><td style="padding:16px 20px;font-family:${FONT};font-size:15px;line-height:22px;color:${INK};">
${addStyles(html).trim()}
</td></tr>
</table>
</body>
</html>
`;
}

/**
 * A fresh parser per mail: the renderer keeps whether it is inside a link, and marked's shared instance would
 * carry options between callers.
 */
function markdownParser(): Marked {
  let linkDepth = 0;
  const renderer: RendererObject<string, string> = {
    html: ({ text, block }: Tokens.HTML | Tokens.Tag) =>
      block ? `<p>${escapeHtml(text.trim())}</p>\n` : escapeHtml(text),
    code: ({ text }: Tokens.Code) => `<pre><code>${escapeHtml(text.replace(/\n$/, ''))}\n</code></pre>\n`,
    // After an inline <pre>, <code>, <kbd> or <script>, marked marks the text that follows as already escaped and
    // passes it through raw. Raw HTML is shown as text here, so that text is escaped like any other.
    text(token: Tokens.Text | Tokens.Escape) {
      return 'tokens' in token && token.tokens ? this.parser.parseInline(token.tokens) : escapeHtml(token.text);
    },
    checkbox: ({ checked }: Tokens.Checkbox) => (checked ? '☑ ' : '☐ '),
    link(token: Tokens.Link) {
      linkDepth++;
      const inner = this.parser.parseInline(token.tokens);
      linkDepth--;
      return anchor(token.href, token.title, inner) ?? inner;
    },
    image({ href, title, text }: Tokens.Image) {
      const words = escapeHtml(text || 'image');
      if (linkDepth > 0 || !isWebUrl(cleanHref(href) ?? '')) return words;
      return anchor(href, title, words) ?? words;
    },
  };
  return new Marked({ gfm: true, breaks: true, renderer });
}

function anchor(href: string, title: string | null | undefined, inner: string): string | undefined {
  const url = cleanHref(href);
  if (!url) return undefined;
  const titled = title ? ` title="${escapeHtml(title)}"` : '';
  return `<a href="${escapeHtml(url)}"${titled} style="color:${LINK};text-decoration:underline;">${inner}</a>`;
}

/** The URL as the browser would follow it, or undefined when its scheme is not one a mail may link to. */
function cleanHref(href: string): string | undefined {
  let encoded: string;
  try {
    encoded = encodeURI(href).replace(/%25/g, '%');
  } catch {
    return undefined;
  }
  if (!URL.canParse(encoded)) return undefined;
  return LINK_SCHEMES.includes(new URL(encoded).protocol) ? encoded : undefined;
}

/** Every tag in marked's output is marked's own (raw HTML was escaped), so matching tag names is enough. */
function addStyles(html: string): string {
  return html.replace(STYLED_TAG, (_, tag: string) => `<${tag} style="${TAG_STYLES[tag]}"`);
}

/**
 * A run value made safe to put into markdown: one line (so it cannot start a heading, list or table row) with
 * every ASCII punctuation character backslash-escaped (so it cannot open a link, emphasis, code or HTML).
 */
export function escapeMarkdown(value: string): string {
  return singleLine(value).replace(/[!-/:-@[-`{-~]/g, '\\$&');
}

/** The default report in markdown, for a markdown template's `default_body`. */
export function reportMarkdown(ctx: RunContext, status: Status): string {
  const facts = runFacts(ctx).map(
    (fact) => `- **${escapeMarkdown(fact.label)}:** ${fact.value.map(segment).join(' ')}`,
  );
  const parts = [`**${escapeMarkdown(singleLine(defaultSubject(ctx, status)))}**`, facts.join('\n')];
  if (ctx.details) parts.push('**Jobs**', jobsMarkdown(ctx.details), ...jobList(ctx.details).failed.map(failure));
  if (ctx.logFile && ctx.logFile.lines.length > 0) parts.push(logMarkdown(ctx.logFile));
  if (logExcerpts(ctx).length > 0) parts.push(escapeMarkdown(LOGS_NOTE));
  if (ctx.tests) parts.push('**Tests**', testsMarkdown(ctx.tests));
  if (ctx.changes) parts.push(`**${CHANGES_HEADING}**`, changesMarkdown(ctx.changes));
  if (isWebUrl(ctx.runUrl)) parts.push(`[View run](${destination(ctx.runUrl)})`);
  return `${parts.join('\n\n')}\n`;
}

/** The jobs as a markdown list: `- ✅ [build](…) · 1m 35s`. */
export function jobsMarkdown(details: RunDetails): string {
  const list = jobList(details);
  const more = moreNote(list.more, 'job');
  return [...list.jobs.map(jobLine), ...(more ? [`- ${more}`] : [])].join('\n');
}

/** What the commits are counted from, then `- [`abc1234`](…) Fix the login · Jane Doe (@jane)`, one a line. */
export function changesMarkdown(changes: Changes): string {
  const list = changeList(changes);
  const rows = list.rows.map(
    (row) => `- ${linkedCode(row.shortSha, row.url)} ${escapeMarkdown(row.title)} · ${escapeMarkdown(row.author)}`,
  );
  // Escaping makes each segment one trimmed line; the spaces between them are the sentence's own.
  const lead = list.lead
    .map((s) => `${s.text.startsWith(' ') ? ' ' : ''}${segment(s)}${s.text.endsWith(' ') ? ' ' : ''}`)
    .join('');
  return [lead, ...rows, ...(list.more ? [`- ${list.more}`] : [])].join('\n');
}

function linkedCode(sha: string, url: string): string {
  return isWebUrl(url) ? `[\`${sha}\`](${destination(url)})` : `\`${sha}\``;
}

function jobLine(job: JobRow): string {
  const duration = job.duration ? ` · ${escapeMarkdown(job.duration)}` : '';
  return `- ${job.look.mark} ${linked(job.name, job.url)} · ${job.look.word}${duration}`;
}

function failure(job: FailedJob): string {
  const lines = [
    ...job.steps.map((step) => `- Failed step: **${escapeMarkdown(step)}**`),
    ...job.annotations.map((a) => `- ${annotationLine([a.level, a.where, a.title], a.message)}`),
    ...warnings(job.warnings),
  ];
  const head = [`**${job.look.mark} ${linked(job.name, job.url)} · ${job.look.word}**`, ...lines].join('\n');
  return job.log ? `${head}\n\n${logMarkdown(job.log)}` : head;
}

/** A caption and a fenced block, its fence longer than any run of backticks in the lines, so none can close it. */
function logMarkdown(log: LogExcerpt): string {
  const longest = Math.max(
    0,
    ...log.lines.map((line) => Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length))),
  );
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${escapeMarkdown(logCaption(log))}\n\n${fence}text\n${log.lines.join('\n')}\n${fence}`;
}

/** Every excerpt and the note, for a markdown template's `log_excerpt`; empty when there are none. */
export function logsMarkdown(ctx: RunContext): string {
  const logs = logExcerpts(ctx);
  return logs.length > 0 ? [...logs.map(logMarkdown), escapeMarkdown(LOGS_NOTE)].join('\n\n') : '';
}

/** A nested list under its own heading, so warnings never read as the cause. */
function warnings(list: Annotation[]): string[] {
  if (list.length === 0) return [];
  const { heading, levelEach } = warningsHeading(list);
  return [
    `- ${heading}:`,
    ...list.map((a) => `  - ${annotationLine([levelEach && a.level, a.where, a.title], a.message)}`),
  ];
}

function annotationLine(parts: (string | false)[], message: string): string {
  const label = parts
    .filter((part): part is string => Boolean(part))
    .map(escapeMarkdown)
    .join(' · ');
  return `${label ? `${label}: ` : ''}${escapeMarkdown(message)}`;
}

function segment({ text, url }: Segment): string {
  return url ? linked(text, url) : escapeMarkdown(text);
}

function linked(text: string, url: string): string {
  return isWebUrl(url) ? `[${escapeMarkdown(text)}](${destination(url)})` : escapeMarkdown(text);
}

/** `<…>` takes any URL the parser has normalised (no spaces or angle brackets left), parentheses included. */
function destination(url: string): string {
  return `<${new URL(url).href}>`;
}

/** The totals, then a list item per failing test with its details nested under it, every value escaped. */
export function testsMarkdown(results: TestResults): string {
  const summary = testSummary(results);
  const items = summary.failures.map((test) =>
    [
      `- ❌ **Failed:** ${escapeMarkdown(test.title)}`,
      ...(test.message ? [`  - ${escapeMarkdown(test.message)}`] : []),
      ...test.details.map((line) => `  - ${escapeMarkdown(line)}`),
    ].join('\n'),
  );
  if (summary.more) items.push(`- ${summary.more}`);
  return [escapeMarkdown(testTotals(summary)), ...(items.length > 0 ? [items.join('\n')] : [])].join('\n\n');
}
