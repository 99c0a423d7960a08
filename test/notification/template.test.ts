import { readFileSync } from 'node:fs';
import Mustache from 'mustache';
import { describe, expect, it } from 'vitest';
import type { RunContext } from '../../src/context.js';
import { jobsHtml, reportHtml } from '../../src/notification/html.js';
import { renderMarkdown } from '../../src/notification/markdown.js';
import { placeholders, renderTemplate } from '../../src/notification/template.js';
import type { TemplateFlavour } from '../../src/notification/template.js';
import { renderText } from '../../src/notification/text.js';
import { runContext } from '../fixtures/context.ts';
import { failedDetails, failedTests, job, pushRun } from './run.ts';

/** Hostile in every way a value can be: markup, template syntax, quotes, line breaks, a script URL. */
const EVIL = `<script>alert(1)</script> {{repository}} {{{run_url}}} {{#x}} }} "q" 'a'\nline2 javascript:alert(1) [l](javascript:alert(1)) ![i](https://t.example/p.png)`;

function hostileRun(): RunContext {
  const ctx = pushRun(failedDetails(), { transition: 'broken' });
  return {
    ...ctx,
    workflow: EVIL,
    refName: EVIL,
    actor: EVIL,
    triggeringActor: EVIL,
    commit: { ...ctx.commit!, title: `${EVIL}${'x'.repeat(10_000)}` },
    pullRequest: {
      number: 7,
      title: EVIL,
      url: 'https://github.com/Codertocat/Hello-World/pull/7',
      headRef: EVIL,
      baseRef: 'main',
    },
    release: { tag: EVIL, name: EVIL, url: 'javascript:alert(1)' },
    details: {
      ...failedDetails(),
      jobs: [
        job(EVIL, {
          conclusion: 'failure',
          failedSteps: [EVIL],
          annotations: [{ level: 'failure', message: EVIL, title: EVIL, path: EVIL, line: 1 }],
        }),
      ],
    },
    tests: {
      reports: 1,
      passed: 0,
      failed: 1,
      skipped: 0,
      failures: [{ suite: EVIL, name: EVIL, message: EVIL, details: EVIL }],
    },
  };
}

function values(flavour: TemplateFlavour, ctx: RunContext = pushRun(failedDetails())) {
  return placeholders(ctx, 'failure', flavour);
}

describe('placeholders', () => {
  it('gives every value of a push with details', () => {
    const all = { ...values('text', { ...pushRun(failedDetails()), transition: 'broken' }) };
    expect(Object.keys(all)).toEqual([
      'repository',
      'repository_url',
      'workflow',
      'run_number',
      'run_attempt',
      'run_url',
      'status',
      'status_word',
      'status_mark',
      'event',
      'branch',
      'sha',
      'short_sha',
      'commit_url',
      'commit_message',
      'actor',
      'triggering_actor',
      'pr_number',
      'pr_title',
      'pr_url',
      'release_tag',
      'release_url',
      'compare_url',
      'duration',
      'transition',
      'failed_jobs',
      'tests_total',
      'tests_passed',
      'tests_failed',
      'tests_skipped',
      'failed_tests',
      'job_table',
      'changes',
      'changes_count',
      'change_authors',
      'log_excerpt',
      'default_body',
    ]);
    const { job_table, default_body, ...plain } = all;
    expect(plain).toEqual({
      repository: 'Codertocat/Hello-World',
      repository_url: 'https://github.com/Codertocat/Hello-World',
      workflow: 'CI',
      run_number: '42',
      run_attempt: '1',
      run_url: 'https://github.com/Codertocat/Hello-World/actions/runs/1658821493',
      status: 'failure',
      status_word: 'FAILURE',
      status_mark: '❌',
      event: 'push',
      branch: 'master',
      sha: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
      short_sha: '6113728',
      commit_url: 'https://github.com/Codertocat/Hello-World/commit/6113728f27ae82c7b1a177c8d03f9e96e0adf246',
      commit_message: 'Parse nested lists',
      actor: 'Codertocat',
      triggering_actor: 'Codertocat',
      pr_number: '',
      pr_title: '',
      pr_url: '',
      release_tag: '',
      release_url: '',
      compare_url: 'https://github.com/Codertocat/Hello-World/compare/a10867b14bb7...6113728f27ae',
      duration: '4m 12s',
      transition: 'broken',
      failed_jobs: 'test (ubuntu-latest)',
      tests_total: '',
      tests_passed: '',
      tests_failed: '',
      tests_skipped: '',
      failed_tests: '',
      changes: '',
      changes_count: '',
      change_authors: '',
      log_excerpt: '',
    });
    expect(job_table).toBe(renderText(pushRun(failedDetails()), 'failure').split('Jobs:\n')[1]?.split('\n\n')[0]);
    expect(default_body).toBe(renderText({ ...pushRun(failedDetails()), transition: 'broken' }, 'failure'));
  });

  it('fills the pull request, release and re-run values', () => {
    const pr = values(
      'text',
      runContext('pull_request', { GITHUB_TRIGGERING_ACTOR: 'hubot', GITHUB_RUN_ATTEMPT: '2' }),
    );
    expect(pr).toMatchObject({
      pr_number: '2',
      pr_title: 'Update the README with new information.',
      pr_url: 'https://github.com/Codertocat/Hello-World/pull/2',
      branch: 'changes',
      triggering_actor: 'hubot',
      run_attempt: '2',
    });
    const release = values('text', runContext('release'));
    expect(release).toMatchObject({
      release_tag: '0.0.1',
      release_url: 'https://github.com/Codertocat/Hello-World/releases/tag/0.0.1',
      branch: '0.0.1',
    });
  });

  it('leaves what the run lacks empty, never undefined', () => {
    const empty = runContext(
      'schedule',
      {
        GITHUB_REPOSITORY: '',
        GITHUB_WORKFLOW: '',
        GITHUB_RUN_ID: '',
        GITHUB_RUN_NUMBER: '',
        GITHUB_ACTOR: '',
        GITHUB_TRIGGERING_ACTOR: '',
        GITHUB_SHA: '',
        GITHUB_REF_NAME: '',
      },
      {},
    );
    const all = values('html', empty);
    for (const [name, value] of Object.entries(all)) {
      if (
        name === 'default_body' ||
        ['run_attempt', 'run_url', 'status', 'status_word', 'status_mark', 'event'].includes(name)
      ) {
        continue;
      }
      expect([name, value]).toEqual([name, '']);
    }
    expect(String(all.default_body)).not.toMatch(/undefined|null|NaN/);
  });

  it('leaves URLs empty when they are not http(s)', () => {
    const all = values('text', runContext('pull_request', { GITHUB_SERVER_URL: 'javascript:alert(1)//' }));
    for (const name of ['repository_url', 'run_url', 'commit_url', 'pr_url']) expect(all[name]).toBe('');
  });

  it('cuts a 10 000-character commit message and a long PR title to 200 characters', () => {
    const all = values('text', hostileRun());
    expect(Array.from(String(all.commit_message))).toHaveLength(200);
    expect(String(all.commit_message)).toMatch(/x…$/);
    expect(String(all.pr_title)).not.toContain('\n');
  });
});

describe('test result placeholders', () => {
  it('give the counts and the failing tests, and are empty without results', () => {
    const all = values('text', { ...pushRun(), tests: failedTests() });
    expect([all.tests_total, all.tests_passed, all.tests_failed, all.tests_skipped]).toEqual(['15', '11', '3', '1']);
    expect(all.failed_tests).toBe('Calculator › subtracts, com.acme.calc.CalculatorTest › dividesEvenly');
    expect(
      renderTemplate('body', '{{#tests_total}}{{tests_failed}} of {{tests_total}} failed{{/tests_total}}', all, 'text'),
    ).toBe('3 of 15 failed');
    expect(
      renderTemplate(
        'body',
        '{{#tests_total}}x{{/tests_total}}{{^tests_total}}no tests{{/tests_total}}',
        values('text'),
        'text',
      ),
    ).toBe('no tests');
  });

  it('count zero tests as 0, which a section still shows', () => {
    const all = values('text', { ...pushRun(), tests: { reports: 1, passed: 0, failed: 0, skipped: 0, failures: [] } });
    expect(renderTemplate('body', '{{#tests_total}}shown{{/tests_total}}[{{tests_total}}]', all, 'text')).toBe(
      'shown[0]',
    );
  });
});

describe('renderTemplate', () => {
  const hostile = hostileRun();
  const names = Object.keys(placeholders(hostile, 'failure', 'html'));

  it.each(names)('escapes {{%s}} in an HTML body and never evaluates its value', (name) => {
    const out = renderTemplate('body', `<p>{{${name}}}</p>`, placeholders(hostile, 'failure', 'html'), 'html');
    expect(out).not.toMatch(/<script|<img|href="javascript|\n<p>\{\{/i);
    expect(out).not.toContain('Codertocat/Hello-World {{');
    if (out.includes('alert(1)')) {
      expect(out).toContain(
        '&lt;script&gt;alert(1)&lt;/script&gt; {{repository}} {{{run_url}}} {{#x}} }} &quot;q&quot; &#39;a&#39;',
      );
    }
  });

  it.each(names)('never evaluates {{%s}} in a text body or subject', (name) => {
    const out = renderTemplate('subject', `{{${name}}}`, placeholders(hostile, 'failure', 'text'), 'text');
    if (out.includes('alert(1)')) {
      expect(out).toContain('<script>alert(1)</script> {{repository}} {{{run_url}}} {{#x}} }} "q" \'a\'');
    }
  });

  it.each(names)('keeps {{%s}} literal through markdown', (name) => {
    const filled = renderTemplate(
      'body',
      `Value: {{${name}}}`,
      placeholders(hostile, 'failure', 'markdown'),
      'markdown',
    );
    const html = renderMarkdown(filled);
    expect(html).not.toMatch(/<script|<img|href="javascript|href="https:\/\/t\.example/i);
    if (filled.includes('alert')) {
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; {{repository}} {{{run_url}}} {{#x}} }}');
    }
  });

  it('escapes the five HTML characters with {{x}} and inserts raw with {{{x}}}', () => {
    const view = placeholders(hostile, 'failure', 'html');
    expect(renderTemplate('body', '{{pr_title}}', view, 'html')).toBe(
      '&lt;script&gt;alert(1)&lt;/script&gt; {{repository}} {{{run_url}}} {{#x}} }} &quot;q&quot; &#39;a&#39; line2 javascript:alert(1) [l](javascript:alert(1)) ![i](https://t.example/p.png)',
    );
    expect(renderTemplate('body', '{{{branch}}}', view, 'html')).toBe(EVIL);
    expect(renderTemplate('body', '{{& branch}}', view, 'html')).toBe(EVIL);
  });

  it('inserts the action-built job table and report as HTML, with braces of either kind', () => {
    const ctx = pushRun(failedDetails());
    const view = values('html', ctx);
    expect(renderTemplate('body', '<div>{{job_table}}</div>', view, 'html')).toBe(
      `<div>${jobsHtml(failedDetails())}</div>`,
    );
    expect(renderTemplate('body', '{{{default_body}}}', view, 'html')).toBe(reportHtml(ctx, 'failure'));
    expect(renderTemplate('body', '{{ default_body }}', view, 'html')).toBe(reportHtml(ctx, 'failure'));
  });

  it('leaves text bodies unescaped', () => {
    const view = values('text', { ...pushRun(), commit: { ...pushRun().commit!, title: 'a < b & "c"' } });
    expect(renderTemplate('body', '{{ commit_message }} by {{actor}}', view, 'text')).toBe('a < b & "c" by Codertocat');
  });

  it('renders missing and unknown names as empty, sections as ifs', () => {
    const view = values('text', runContext('push'));
    expect(
      renderTemplate(
        'body',
        '[{{nope}}][{{pr_number}}][{{#pr_number}}PR{{/pr_number}}{{^pr_number}}push{{/pr_number}}]',
        view,
        'text',
      ),
    ).toBe('[][][push]');
  });

  it('finds nothing on Object.prototype, in partials or the view itself', () => {
    const view = values('html', runContext('push'));
    expect(
      renderTemplate(
        'body',
        '[{{constructor}}][{{toString}}][{{__proto__}}][{{> constructor}}][{{> x}}][{{.}}][{{repository.length}}]',
        view,
        'html',
      ),
    ).toBe('[][][][][][][]');
  });

  it.each([
    ['{{#x}}a', 'Unclosed section "x" at 7'],
    ['{{/x}}', 'Unopened section "x" at 0'],
    ['Hi {{name', 'Unclosed tag at 9'],
  ])('names the input when %s does not parse', (template, reason) => {
    const view = values('text');
    expect(() => renderTemplate('body', template, view, 'html')).toThrow(
      `Input 'body' is not a valid template: ${reason}`,
    );
    expect(() => renderTemplate('subject', template, view, 'text')).toThrow(
      `Input 'subject' is not a valid template: ${reason}`,
    );
  });

  it('keeps nothing between renders: no shared cache, no changed delimiters', () => {
    const a = values('text', runContext('push'));
    const b = values('text', runContext('pull_request'));
    expect(renderTemplate('body', '{{=<% %>=}}<% branch %>', a, 'text')).toBe('master');
    expect(renderTemplate('body', '{{branch}} <% branch %>', b, 'text')).toBe('changes <% branch %>');
    expect(renderTemplate('body', '{{branch}}', a, 'text')).toBe('master');
    const cache = Mustache.templateCache as unknown as { _cache: Record<string, unknown> };
    expect(Object.keys(cache._cache)).toEqual([]);
  });
});

describe('docs/templates.md', () => {
  it('lists every placeholder, in order, and no other', () => {
    const page = readFileSync(new URL('../../docs/templates.md', import.meta.url), 'utf8');
    const documented = [...page.matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1]);
    expect(documented).toEqual(Object.keys(placeholders(pushRun(), 'success', 'text')));
  });
});
