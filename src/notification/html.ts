import type { RunContext } from '../context.js';
import type { Status } from '../status.js';
import { STATUS_LOOKS } from './status.js';
import type { StatusLook } from './status.js';
import { runFacts } from './facts.js';
import type { Segment } from './facts.js';
import { cleanSubject, defaultSubject, runTitle } from './subject.js';

const FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Helvetica, Arial, sans-serif";
const MONO = "ui-monospace, SFMono-Regular, Consolas, 'Liberation Mono', Menlo, monospace";
const INK = '#1f2328';
const MUTED = '#656d76';
const PAGE = '#f6f8fa';
const BORDER = '#d0d7de';
const LINK = '#0969da';

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
  const look = STATUS_LOOKS[status];
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(cleanSubject(defaultSubject(ctx, status)))}</title>
</head>
<body style="margin:0;padding:0;background-color:${PAGE};">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="${PAGE}" style="background-color:${PAGE};">
<tr><td align="center" style="padding:24px 12px;">
<!--[if mso]><table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0"><tr><td><![endif]-->
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="#ffffff" style="max-width:600px;background-color:#ffffff;border:1px solid ${BORDER};">
${banner(ctx, look)}
<tr><td style="padding:20px 24px 8px 24px;">
${details(ctx)}
</td></tr>
<tr><td style="padding:16px 24px 24px 24px;">
${button(ctx.runUrl, look)}
</td></tr>
</table>
${footer(ctx)}
<!--[if mso]></td></tr></table><![endif]-->
</td></tr>
</table>
</body>
</html>
`;
}

function banner(ctx: RunContext, look: StatusLook): string {
  const about = [ctx.repository, runTitle(ctx)].filter(Boolean).join(' · ');
  return `<tr><td bgcolor="${look.banner}" style="background-color:${look.banner};color:${look.text};padding:20px 24px;font-family:${FONT};">
<p style="margin:0;font-size:22px;line-height:28px;font-weight:bold;color:${look.text};">${look.mark} ${look.word}</p>
<p style="margin:4px 0 0 0;font-size:15px;line-height:22px;color:${look.text};">${escapeHtml(about)}</p>
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
  if (url && isWebUrl(url)) {
    return `<a href="${escapeHtml(url)}" style="${font}color:${LINK};text-decoration:underline;">${escapeHtml(text)}</a>`;
  }
  return font ? `<span style="${font}">${escapeHtml(text)}</span>` : escapeHtml(text);
}

function row(label: string, html: string): string {
  const cell = `padding:6px 0;border-bottom:1px solid #eaeef2;font-family:${FONT};font-size:14px;line-height:20px;vertical-align:top;`;
  return `<tr><td width="130" style="${cell}width:130px;color:${MUTED};">${escapeHtml(label)}</td><td style="${cell}color:${INK};">${html}</td></tr>`;
}

/** Only http(s) gets a link: the URLs are built from GITHUB_SERVER_URL, which a mail must not trust blindly. */
function isWebUrl(url: string): boolean {
  return URL.canParse(url) && ['http:', 'https:'].includes(new URL(url).protocol);
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
