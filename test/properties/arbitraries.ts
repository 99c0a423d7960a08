/**
 * Generators shared by the property tests: hostile text (markup, template syntax, control and bidi characters,
 * line breaks), URLs of every scheme, run contexts and templates built from them, input values for parseInputs;
 * and the checks the rendering properties share.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import {
  readRunContext,
  type AnnotationInfo,
  type JobConclusion,
  type JobInfo,
  type RunContext,
  type RunDetails,
  type Transition,
} from '../../src/context.js';
import { escapeHtml } from '../../src/notification/html.js';
import type { BodyInputFormat } from '../../src/mail.js';
import { composeMail } from '../../src/notification/index.js';
import { placeholders } from '../../src/notification/template.js';
import { STATUSES, type Status } from '../../src/status.js';

/** Every case count asked of a property; the 1 MB bodies use fewer, larger cases on top. */
export const RUNS = 10_000;

/** Pieces an attacker would put in a commit title, branch or job name. */
export const HOSTILE_TOKENS = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//x.example/a.js>',
  '<img src=x onerror=alert(1)>',
  '<svg/onload=alert(1)>',
  '<a href="javascript:alert(1)">x</a>',
  '"><img src=x onerror=alert(1)>',
  "'onmouseover='alert(1)",
  '"',
  "'",
  '&',
  '&lt;',
  '&#60;',
  '<',
  '>',
  '<!--',
  '-->',
  '<![CDATA[',
  '{{',
  '}}',
  '{{{x}}}',
  '{{repository}}',
  '{{{default_body}}}',
  '{{#pr_number}}',
  '{{/pr_number}}',
  '{{^sha}}',
  '{{> partial}}',
  '{{=<% %>=}}',
  '{{!comment}}',
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  '[x](javascript:alert(1))',
  '[x][r]\n\n[r]: javascript:alert(1)',
  '![i](https://t.example/p.png)',
  '<javascript:alert(1)>',
  '<https://t.example/>',
  '**',
  '_',
  '`',
  '```',
  '# ',
  '- ',
  '> ',
  '|a|b|\n|-|-|\n|c|d|',
  '\\',
  ',',
  ';',
  '\n',
  '\r\n',
  '\r',
  '\t',
  '\v',
  '\f',
  '\u0000',
  '\u001b[31m',
  '\u007f',
  '\u0085',
  '\u009b',
  '\u00a0',
  '\u2028',
  '\u2029',
  '\u202e',
  '\u2066',
  '\u200b',
  '\ufeff',
  '\ud83d',
  '\ude00',
  '😀',
  '👩‍👩‍👧',
  'é',
  '%0A',
  '\nInjected: line',
  'alert(1)',
  ' ',
] as const;

/** Characters from the awkward corners: C0, DEL and C1 controls, bidi overrides, separators, lone surrogates. */
const awkwardChar = fc.oneof(
  fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0x7f, max: 0x9f }).map((c) => String.fromCharCode(c)),
  fc.constantFrom(
    '\u202a',
    '\u202b',
    '\u202c',
    '\u202d',
    '\u202e',
    '\u2066',
    '\u2067',
    '\u2068',
    '\u2069',
    '\u200e',
    '\u200f',
  ),
  fc.constantFrom('\u2028', '\u2029', '\u00a0', '\u3000', '\ufeff', '\u1680'),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
);

/** Any code point (well-formed UTF-16), or an awkward one. */
export const anyChar = fc.oneof(
  { arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), weight: 3 },
  { arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }), weight: 3 },
  { arbitrary: awkwardChar, weight: 2 },
);

/** Random text of moderate length: plain strings, hostile tokens and awkward characters run together. */
export const hostileText = (maxPieces = 4): fc.Arbitrary<string> =>
  fc
    .array(
      fc.oneof(
        { arbitrary: fc.constantFrom(...HOSTILE_TOKENS), weight: 4 },
        { arbitrary: anyChar, weight: 3 },
        { arbitrary: fc.string({ maxLength: 12 }), weight: 2 },
      ),
      { maxLength: maxPieces },
    )
    .map((pieces) => pieces.join(''));

/** Characters of any kind, up to `maxLength` of them: long enough to be cut where that matters. */
export const anyText = (maxLength: number): fc.Arbitrary<string> => fc.string({ unit: anyChar, maxLength });

/** Text that is never empty, as the fields a run always has. */
export const hostileName = hostileText().filter((s) => s !== '');

const WEB_BASES = ['https://github.com/o/r', 'https://ghe.example.com/o/r/actions/runs/1', 'http://example.com'];

/**
 * URLs as the context carries them: http(s) links with hostile paths and queries, and schemes a mail must not
 * link to. None holds a line break: the action builds these from the runner's variables and the API.
 */
export const hostileUrl: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'vbscript:msgbox(1)',
    'data:text/html,<script>alert(1)</script>',
    'file:///etc/passwd',
    'mailto:a@b.co',
    '//evil.example/x',
    '',
  ),
  fc
    .tuple(
      fc.constantFrom(...WEB_BASES),
      fc.constantFrom(
        '',
        '/x',
        '/"><script>alert(1)</script>',
        "/'onmouseover='alert(1)",
        '?q=<img src=x onerror=alert(1)>',
        '#{{x}}',
      ),
    )
    .map(([base, tail]) => base + tail),
  hostileText(4).map((s) => s.replace(/[\r\n]/g, '')),
);

const conclusion = fc.constantFrom<JobConclusion>(
  'success',
  'failure',
  'cancelled',
  'skipped',
  'timed_out',
  'neutral',
  'action_required',
  'in_progress',
  'queued',
);

const annotation: fc.Arbitrary<AnnotationInfo> = fc.record(
  {
    level: fc.constantFrom<AnnotationInfo['level']>('failure', 'warning', 'notice'),
    message: hostileText(),
    title: hostileText(),
    path: hostileText(4),
    line: fc.integer({ min: 1, max: 100_000 }),
  },
  { requiredKeys: ['level', 'message'] },
);

const job: fc.Arbitrary<JobInfo> = fc.record(
  {
    name: hostileText(),
    conclusion,
    url: hostileUrl,
    durationSeconds: fc.integer({ min: -5, max: 200_000 }),
    current: fc.boolean(),
    failedSteps: fc.array(hostileText(), { maxLength: 2 }),
    annotations: fc.array(annotation, { maxLength: 4 }),
  },
  { requiredKeys: ['name', 'conclusion', 'url', 'current', 'failedSteps', 'annotations'] },
);

export const runDetails: fc.Arbitrary<RunDetails> = fc.record(
  {
    jobs: fc.array(job, { maxLength: 3 }),
    moreJobs: fc.integer({ min: 0, max: 300 }),
    durationSeconds: fc.integer({ min: 0, max: 200_000 }),
  },
  { requiredKeys: ['jobs', 'moreJobs'] },
);

/** Lower-case hex, as Git writes object ids. */
export const hex = (minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength, maxLength });
const sha = hex(40, 40);

/** A run context whose every text and URL may be hostile. */
export const runContext: fc.Arbitrary<RunContext> = fc.record(
  {
    serverUrl: hostileUrl,
    repository: hostileText(),
    repositoryUrl: hostileUrl,
    workflow: hostileText(),
    runId: fc.nat().map(String),
    runNumber: fc.nat({ max: 100_000 }),
    runAttempt: fc.integer({ min: 1, max: 5 }),
    runUrl: hostileUrl,
    eventName: fc.oneof(fc.constantFrom('push', 'pull_request', 'release', 'workflow_dispatch'), hostileText(3)),
    refName: hostileText(),
    refType: fc.constantFrom<'branch' | 'tag'>('branch', 'tag'),
    actor: hostileText(),
    triggeringActor: hostileText(),
    commit: fc.record(
      { sha, shortSha: sha.map((s) => s.slice(0, 7)), url: hostileUrl, title: hostileText() },
      { requiredKeys: ['sha', 'shortSha', 'url'] },
    ),
    pullRequest: fc.record(
      {
        number: fc.integer({ min: 1, max: 100_000 }),
        title: hostileText(),
        url: hostileUrl,
        headRef: hostileText(),
        baseRef: hostileText(),
        fork: hostileText(),
      },
      { requiredKeys: ['number', 'title', 'url', 'headRef', 'baseRef'] },
    ),
    release: fc.record({ tag: hostileName, name: hostileText(), url: hostileUrl }),
    compareUrl: hostileUrl,
    details: runDetails,
    transition: fc.constantFrom<Transition>('fixed', 'broken', 'still-failing', 'still-passing', 'first'),
  },
  {
    requiredKeys: [
      'serverUrl',
      'repository',
      'repositoryUrl',
      'workflow',
      'runId',
      'runNumber',
      'runAttempt',
      'runUrl',
      'eventName',
      'actor',
    ],
  },
);

export const status: fc.Arbitrary<Status> = fc.constantFrom(...STATUSES);

/** The placeholders a template can name, as the action defines them (every key is there, values or not). */
export const PLACEHOLDER_NAMES = Object.keys(placeholders(readRunContext({}, 'push', {}), 'success', 'text'));

/** Placeholders whose value is text from the run (never markup the action built). */
export const TEXT_PLACEHOLDERS = PLACEHOLDER_NAMES.filter((name) => name !== 'job_table' && name !== 'default_body');

// ---------------------------------------------------------------------------------------------------------------
// Inputs

const localPart = fc
  .stringMatching(/^[a-z0-9][a-z0-9._+-]{0,10}$/)
  .filter((s) => !s.includes('..') && !s.endsWith('.'));
const domain = fc
  .array(fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,6}[a-z0-9])?$/), { minLength: 1, maxLength: 3 })
  .chain((labels) => fc.constantFrom('co', 'com', 'example', 'xn--p1ai').map((tld) => [...labels, tld].join('.')));

export const emailAddress = fc.tuple(localPart, domain).map(([local, host]) => `${local}@${host}`);

const displayName = fc.oneof(
  fc.stringMatching(/^[A-Za-z][A-Za-z ]{0,12}[A-Za-z]$/),
  fc.constantFrom('Jane Doe', 'Zoë Łukasz', '山田 太郎', 'Build Bot'),
);

/** One mailbox as people write it: bare, `Name <addr>`, `"Doe, Jane" <addr>`, `"Q \"x\" R" <addr>`. */
export const mailbox = fc.oneof(
  emailAddress,
  fc.tuple(displayName, emailAddress).map(([name, address]) => `${name} <${address}>`),
  fc.tuple(displayName, displayName, emailAddress).map(([last, first, address]) => `"${last}, ${first}" <${address}>`),
  fc.tuple(displayName, emailAddress).map(([name, address]) => `"${name}; \\"the\\" bot" <${address}>`),
  emailAddress.map((address) => `<${address}>`),
);

const separator = fc.constantFrom(',', ';', '\n', ', ', ' ; ', '\r\n', ',\n', ';;', '\n\n');

/** A list as a workflow passes it, with the separators users mix, and sometimes a broken entry. */
export const addressList = fc
  .array(fc.tuple(fc.oneof({ arbitrary: mailbox, weight: 9 }, { arbitrary: hostileText(4), weight: 1 }), separator), {
    maxLength: 5,
  })
  .map((entries) => entries.map(([entry, sep]) => entry + sep).join(''));

const GUID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const PEM =
  '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n';
const ENCRYPTED_PEM = PEM.replace(/PRIVATE KEY/g, 'ENCRYPTED PRIVATE KEY');

/** Usually a plausible value, sometimes empty, sometimes anything at all. */
const inputValue = (...plausible: fc.Arbitrary<string>[]): fc.Arbitrary<string> =>
  fc.oneof(
    { arbitrary: fc.oneof(...plausible), weight: 12 },
    { arbitrary: fc.constant(''), weight: 2 },
    { arbitrary: hostileText(), weight: 1 },
  );

const choice = (...values: string[]) => fc.constantFrom(...values, ...values.map((v) => ` ${v.toUpperCase()}\n`));
const bool = choice('true', 'false', 'True', 'FALSE');

/** A value for every input the action reads. */
export const inputValues: fc.Arbitrary<Record<string, string>> = fc.record({
  'tenant-id': inputValue(fc.constantFrom(GUID, 'contoso.onmicrosoft.com')),
  'client-id': inputValue(fc.constant(GUID)),
  'client-secret': fc.oneof(fc.constant(''), fc.constant('abc~secret'), hostileText(3)),
  'client-certificate': fc.oneof(
    { arbitrary: fc.constant(''), weight: 6 },
    fc.constantFrom(PEM, ENCRYPTED_PEM, 'not a pem'),
    hostileText(3),
  ),
  'client-certificate-password': fc.oneof({ arbitrary: fc.constant(''), weight: 6 }, fc.constant('pw'), hostileText(3)),
  'oidc-audience': inputValue(fc.constant('api://AzureADTokenExchange')),
  cloud: inputValue(choice('public', 'usgov', 'usgovdod', 'china')),
  'authority-host': inputValue(
    fc.constantFrom(
      'https://login.microsoftonline.us',
      'http://login.example',
      'https://login.example/tenant',
      'login.example:443',
      'https://u:p@x.example',
    ),
  ),
  'graph-endpoint': inputValue(
    fc.constantFrom('https://graph.microsoft.us', 'https://graph.example/v1.0', 'https://graph.example?x=1'),
  ),
  sender: inputValue(emailAddress, fc.constant(GUID), mailbox),
  from: inputValue(mailbox, fc.constant('')),
  to: inputValue(addressList),
  cc: inputValue(addressList, fc.constant('')),
  bcc: inputValue(addressList, fc.constant('')),
  'reply-to': inputValue(addressList, fc.constant('')),
  subject: inputValue(hostileText()),
  body: inputValue(hostileText(), fc.constant('')),
  'body-file': fc.oneof(
    { arbitrary: fc.constant(''), weight: 6 },
    fc.constantFrom('body.md', 'missing.md', 'dir'),
    hostileText(3),
  ),
  'body-format': inputValue(choice('html', 'text', 'markdown')),
  status: inputValue(choice('success', 'failure', 'cancelled', 'skipped', 'auto')),
  'notify-when': inputValue(choice('always', 'failure', 'not-success', 'change')),
  'github-token': inputValue(fc.constant('ghs_token')),
  attachments: inputValue(fc.constantFrom('dist/**\n?logs/*.txt', 'a.zip')),
  'max-message-size': inputValue(fc.constantFrom('1', '35', '150', '151', '0', '3.5', '-1', '1e2')),
  importance: inputValue(choice('low', 'normal', 'high')),
  'save-to-sent-items': inputValue(bool),
  'dry-run': inputValue(bool),
  'job-summary': inputValue(bool),
  'timeout-seconds': inputValue(fc.constantFrom('1', '120', '3600', '3601', '0', '1.5', '0x10')),
});

// ---------------------------------------------------------------------------------------------------------------
// Values changed to keep clear of bugs other properties show

/** Every string in a plain value (a run context, a payload) passed through `change`. */
export function mapStrings<T>(value: T, change: (text: string) => string): T {
  if (typeof value === 'string') return change(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => mapStrings(item, change)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, change)])) as T;
  }
  return value;
}

// ---------------------------------------------------------------------------------------------------------------
// Generators of templates and payloads

const URL_PLACEHOLDERS = ['repository_url', 'run_url', 'commit_url', 'pr_url', 'release_url', 'compare_url'] as const;
export const textPlaceholder = fc.constantFrom(...TEXT_PLACEHOLDERS);
const built = fc.constantFrom('job_table', 'default_body');

/** An HTML body as docs/templates.md describes it: `{{x}}` for values, URL placeholders in hrefs, built markup raw. */
export const htmlTemplate = fc
  .array(
    fc.oneof(
      textPlaceholder.map((n) => `{{${n}}}`),
      textPlaceholder.map((n) => `<p>{{ ${n} }}</p>`),
      textPlaceholder.map((n) => `{{#${n}}}<b>{{${n}}}</b>{{/${n}}}{{^${n}}}<br>{{/${n}}}`),
      fc.constantFrom(...URL_PLACEHOLDERS).map((n) => `{{#${n}}}<a href="{{${n}}}">link</a>{{/${n}}}`),
      built.map((n) => `{{{${n}}}}`),
      built.map((n) => `{{${n}}}`),
      fc.constantFrom(
        '<table><tr><td>',
        '</td></tr></table>',
        '<span>',
        '</span>',
        '&amp; &lt;',
        '{{! note }}',
        '{{nope}}',
      ),
      hostileText(3).map((s) => escapeHtml(s).replace(/[{}]/g, '')),
    ),
    { maxLength: 8 },
  )
  .map((pieces) => pieces.join(''));

/** Markdown written by a workflow author, with values in every position, raw ones (`{{{x}}}`) included. */
export const markdownTemplate = fc
  .array(
    fc.oneof(
      fc.constantFrom(...PLACEHOLDER_NAMES).map((n) => `{{${n}}}`),
      fc.constantFrom(...PLACEHOLDER_NAMES).map((n) => `{{{${n}}}}`),
      textPlaceholder.map((n) => `[link]({{{${n}}}})`),
      textPlaceholder.map((n) => `[{{{${n}}}}]({{{${n}}}} "{{{${n}}}}")`),
      textPlaceholder.map((n) => `![{{${n}}}]({{{${n}}}})`),
      textPlaceholder.map((n) => `<{{{${n}}}}>`),
      textPlaceholder.map((n) => `[r]\n\n[r]: {{{${n}}}}\n`),
      textPlaceholder.map((n) => `\n\`\`\`\n{{{${n}}}}\n\`\`\`\n`),
      textPlaceholder.map((n) => `\n| a | {{{${n}}}} |\n|:--|--:|\n| \`{{{${n}}}}\` | **{{${n}}}** |\n`),
      fc.constantFrom(
        '\n# ',
        '\n- [ ] ',
        '\n- [x] ',
        '\n1. ',
        '\n3. ',
        '\n> ',
        '\n\n',
        '\n---\n',
        '*',
        '_',
        '~~',
        '`',
        '    ',
        '\\',
      ),
      fc.constantFrom(
        '<div onclick="alert(1)">',
        '<img src=x onerror=alert(1)>',
        '<script>alert(1)</script>',
        '<!-- c -->',
        '[x](javascript:alert(1))',
        '[x](JAVASCRIPT:alert(1))',
        '[x](  javascript:alert(1)  )',
        '[x](java&#115;cript:alert(1))',
        '[x](&#106;avascript:alert(1))',
        '[x](java\\script:alert(1))',
        '[x](<javascript:alert(1)>)',
        '<javascript:alert(1)>',
        '[x](data:text/html,hi)',
        '![x](javascript:alert(1))',
        '![x](https://t.example/p.png)',
        'www.example.com',
        'https://t.example/?a=<b>',
        'mailto:a@b.co',
        '[x](mailto:a@b.co)',
        '[x](https://t.example/ "t\\"itle")',
      ),
      hostileText(3).map((s) => s.replace(/[{}]/g, '')),
    ),
    { maxLength: 8 },
  )
  .map((pieces) => pieces.join(''));

/** Payloads of any shape where the action reads them, as a forged or unusual event could send. */
const payload = fc.record(
  {
    head_commit: fc.oneof(
      fc.anything(),
      fc.record({ id: fc.oneof(hex(0, 64), fc.anything()), message: hostileText() }),
    ),
    pull_request: fc.oneof(
      fc.anything(),
      fc.record({
        number: fc.oneof(fc.integer(), fc.string(), fc.anything()),
        title: fc.oneof(hostileText(), fc.anything()),
        head: fc.oneof(fc.anything(), fc.record({ ref: hostileText(), sha: fc.anything(), repo: fc.anything() })),
        base: fc.oneof(fc.anything(), fc.record({ ref: hostileText(), repo: fc.record({ full_name: hostileText() }) })),
      }),
    ),
    release: fc.oneof(
      fc.anything(),
      fc.record({
        tag_name: fc.oneof(hostileText(), fc.anything()),
        name: fc.oneof(hostileText(), fc.anything()),
      }),
    ),
    workflow_run: fc.oneof(
      fc.anything(),
      fc.record({ head_branch: hostileText(), head_sha: fc.anything(), head_commit: fc.anything() }),
    ),
    before: fc.oneof(hex(40, 40), fc.anything()),
    after: fc.oneof(hex(40, 40), fc.anything()),
    repository: fc.anything(),
    sender: fc.anything(),
  },
  { requiredKeys: [] },
);

const env = fc.record(
  {
    // Set by the runner, never by a commit or PR author: hostile, but without line breaks.
    GITHUB_SERVER_URL: fc.oneof(hostileUrl, fc.constant('https://github.com/')),
    GITHUB_REPOSITORY: hostileText().map((s) => s.replace(/[\r\n]/g, '')),
    GITHUB_RUN_ID: fc.oneof(fc.nat().map(String), hostileText(2)),
    GITHUB_RUN_NUMBER: fc.oneof(fc.nat().map(String), hostileText(2)),
    GITHUB_RUN_ATTEMPT: fc.oneof(fc.nat().map(String), hostileText(2)),
    GITHUB_WORKFLOW: hostileText(),
    GITHUB_ACTOR: hostileText(),
    GITHUB_TRIGGERING_ACTOR: hostileText(),
    GITHUB_REF_NAME: hostileText(),
    GITHUB_REF_TYPE: fc.constantFrom('branch', 'tag', '', 'x'),
    GITHUB_HEAD_REF: hostileText(),
    GITHUB_SHA: fc.oneof(hex(40, 40), hostileText(2)),
  },
  { requiredKeys: [] },
);

const eventName = fc.constantFrom('push', 'pull_request', 'pull_request_target', 'release', 'workflow_run', 'schedule');

/** Hostile values set directly, and the same read through readRunContext from a payload of any shape. */
export const anyRun: fc.Arbitrary<RunContext> = fc.oneof(
  { arbitrary: runContext, weight: 3 },
  { arbitrary: fc.tuple(env, eventName, payload).map(([e, name, p]) => readRunContext(e, name, p)), weight: 1 },
);

// ---------------------------------------------------------------------------------------------------------------
// What safe markup looks like

/** The tags and attributes the default report writes. */
const REPORT_TAGS = new Set([
  'html',
  'head',
  'meta',
  'title',
  'body',
  'div',
  'table',
  'tr',
  'td',
  'p',
  'a',
  'span',
  'b',
  'br',
  // Log excerpts.
  'pre',
]);
const REPORT_ATTRIBUTES = new Set([
  'lang',
  'charset',
  'name',
  'content',
  'style',
  'role',
  'width',
  'height',
  'cellpadding',
  'cellspacing',
  'border',
  'bgcolor',
  'align',
  'colspan',
  'href',
]);

/** The tags marked writes, plus the page renderMarkdown puts them in. */
const MARKDOWN_TAGS = new Set([
  ...REPORT_TAGS,
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'li',
  'blockquote',
  'pre',
  'code',
  'thead',
  'tbody',
  'th',
  'hr',
  'strong',
  'em',
  'del',
]);
const MARKDOWN_ATTRIBUTES = new Set([...REPORT_ATTRIBUTES, 'title', 'start']);

/** The only markup that is not an element: the doctype and Outlook's conditional comments. */
const NON_ELEMENTS = /<!DOCTYPE html>|<!--\[if mso\]>|<!\[endif\]-->/g;
const HREF = /\shref="([^"]*)"/g;
const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

const decode = (value: string) => value.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity);

/**
 * Start and end tags of the allowed names with only allowed attributes, every value double-quoted and free of
 * `<`, `>` and `"` (escaped values cannot hold them). Removing all matches must leave no `<` or `>`.
 */
function allowedTag(tags: Iterable<string>, attributes: Iterable<string>): RegExp {
  const names = [...tags].join('|');
  const attrs = [...attributes].join('|');
  return new RegExp(`<\\/?(?:${names})(?:\\s+(?:${attrs})(?:="[^"<>]*")?)*\\s*\\/?>`, 'gi');
}

/** What a browser would follow: only web links (and mailto in markdown) may be written. */
function safeHref(value: string, schemes: readonly string[]): boolean {
  const url = decode(value);
  return URL.canParse(url) && schemes.includes(new URL(url).protocol);
}

/**
 * Every problem with a document: a tag or attribute outside the allowlist (seen as a `<` or `>` left once the
 * allowed tags are taken out: a value that escaped its escaping), and a link to another scheme.
 */
function markupProblems(html: string, allowed: RegExp, schemes: readonly string[]): string[] {
  const problems: string[] = [];
  for (const [, href] of html.matchAll(HREF)) if (!safeHref(href!, schemes)) problems.push(`link to ${href}`);
  const text = html.replace(NON_ELEMENTS, '').replace(allowed, '');
  const stray = text.search(/[<>]/);
  if (stray >= 0) {
    problems.push(`markup outside the allowlist: ${JSON.stringify(text.slice(Math.max(0, stray - 40), stray + 80))}`);
  }
  // Belt and braces, on the document as sent: no such element, and no such link (attributes are double-quoted).
  if (/<\s*\/?\s*(script|img|svg|iframe|object|embed)/i.test(html)) problems.push('script or image element');
  if (/href="\s*(javascript|data|vbscript):/i.test(html)) problems.push('script link');
  return problems;
}

const REPORT = allowedTag(REPORT_TAGS, REPORT_ATTRIBUTES);
const MARKDOWN = allowedTag(MARKDOWN_TAGS, MARKDOWN_ATTRIBUTES);

export function expectSafeReport(html: string): void {
  expect(markupProblems(html, REPORT, ['http:', 'https:'])).toEqual([]);
}

export function expectSafeMarkdown(html: string): void {
  expect(markupProblems(html, MARKDOWN, ['http:', 'https:', 'mailto:'])).toEqual([]);
}

/** What a template may throw: an Error naming the input, never one from inside the code. */
export function expectTemplateError(error: unknown): void {
  expect(Object.getPrototypeOf(error)).toBe(Error.prototype);
  expect((error as Error).message).toMatch(/^Input '(subject|body)' is not a valid template: \S/);
}

export function compose(ctx: RunContext, status: Status, bodyFormat: BodyInputFormat, body?: string, subject?: string) {
  return composeMail(ctx, {
    status,
    subject,
    body,
    bodyFormat,
    importance: 'normal',
    to: [],
    cc: [],
    bcc: [],
    replyTo: [],
  });
}
