import { describe, expect, it } from 'vitest';
import { escapeHtml, renderHtml } from '../../src/notification/html.js';
import { STATUS_LOOKS } from '../../src/notification/status.js';
import { STATUSES } from '../../src/status.js';
import { runContext } from '../fixtures/context.ts';
import { examplePayload } from '../fixtures/github.ts';

const SCRIPT = '<script>alert(1)</script>';
const TITLE = `Fix "quotes" & 'apostrophes'`;
const BRANCH = 'feat/<img src=x onerror=alert(1)>';

function hostileHtml(event: 'push' | 'pull_request'): string {
  const payload = examplePayload(event);
  if (event === 'push') {
    payload.head_commit.message = `${SCRIPT}\nmore`;
    payload.ref = `refs/heads/${BRANCH}`;
  } else {
    payload.pull_request.title = TITLE;
    payload.pull_request.head.ref = BRANCH;
  }
  return renderHtml(runContext(event, {}, payload), 'failure');
}

function hrefs(html: string): string[] {
  return [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1] ?? '');
}

describe('escapeHtml', () => {
  it('escapes the five characters that matter in text and attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
  });
});

describe('renderHtml', () => {
  it('is a complete document with layout tables and no scripts, classes or external images', () => {
    const html = renderHtml(runContext('push'), 'success');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).toContain('role="presentation"');
    expect(html).toContain('max-width:600px');
    expect(html).not.toMatch(/<script|<img|<link|<style|class=|javascript:/i);
  });

  it('escapes a hostile commit message and branch', () => {
    const html = hostileHtml('push');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('feat/&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain(SCRIPT);
    expect(html).not.toContain('<img');
    expect(html).not.toMatch(/<script/i);
  });

  it('escapes a hostile pull request title and head branch', () => {
    const html = hostileHtml('pull_request');
    expect(html).toContain('#2 Fix &quot;quotes&quot; &amp; &#39;apostrophes&#39;');
    expect(html).not.toContain(TITLE);
    expect(html).toContain('feat/&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
  });

  it('links everything on a GHES server', () => {
    const html = renderHtml(runContext('pull_request', { GITHUB_SERVER_URL: 'https://ghes.example.com' }), 'success');
    const links = hrefs(html);
    expect(links).toContain('https://ghes.example.com/Codertocat/Hello-World/actions/runs/1658821493');
    expect(links).toContain('https://ghes.example.com/Codertocat/Hello-World/pull/2');
    expect(links.every((href) => href.startsWith('https://ghes.example.com/Codertocat/Hello-World'))).toBe(true);
  });

  it('links only http(s) URLs', () => {
    const html = renderHtml(runContext('push', { GITHUB_SERVER_URL: 'javascript:alert(1)//' }), 'failure');
    expect(hrefs(html)).toEqual([]);
    expect(html).not.toContain('View run');
    expect(html).toContain('Codertocat/Hello-World');
  });

  it('escapes URLs in attributes', () => {
    const html = renderHtml(runContext('push', { GITHUB_SERVER_URL: 'https://ghes.example.com/a"b' }), 'success');
    expect(html).toContain('href="https://ghes.example.com/a&quot;b/Codertocat/Hello-World"');
    expect(html).not.toContain('a"b');
  });

  it.each(STATUSES)('colours the banner and button for %s', (status) => {
    const html = renderHtml(runContext('push'), status);
    const { banner, mark, word } = STATUS_LOOKS[status];
    expect(html.match(new RegExp(`bgcolor="${banner}"`, 'g'))).toHaveLength(2);
    expect(html).toContain(`${mark} ${word}</p>`);
    const others = STATUSES.filter((s) => s !== status).map((s) => STATUS_LOOKS[s].banner);
    for (const colour of others) expect(html).not.toContain(colour);
  });

  it('puts the run URL on the View run button', () => {
    const html = renderHtml(runContext('push', { GITHUB_RUN_ATTEMPT: '2' }), 'success');
    expect(html).toMatch(/<a href="https:\/\/github\.com\/Codertocat\/Hello-World\/actions\/runs\/1658821493\/attempts\/2"[^>]*>View run<\/a>/);
  });

  it('shows the attempt only when it is more than 1', () => {
    expect(renderHtml(runContext('push'), 'success')).not.toContain('attempt');
    expect(renderHtml(runContext('push', { GITHUB_RUN_ATTEMPT: '2' }), 'success')).toContain('#42</a> (attempt 2)');
  });

  it('shows the triggering actor only when it differs', () => {
    expect(renderHtml(runContext('push'), 'success')).not.toContain('triggered by');
    const html = renderHtml(runContext('push', { GITHUB_TRIGGERING_ACTOR: 'hubot' }), 'success');
    expect(html).toContain('Codertocat (triggered by hubot)');
  });

  it('shows the banner headline with repository, workflow and run number', () => {
    expect(renderHtml(runContext('push'), 'failure')).toContain('Codertocat/Hello-World · CI #42</p>');
  });
});
