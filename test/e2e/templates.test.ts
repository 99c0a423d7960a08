/**
 * Templates and markdown end to end, fed hostile values through a real payload: what reaches Graph must never
 * carry them unescaped, and template syntax inside them must stay text.
 */
import { describe, expect, it } from 'vitest';
import { examplePayload } from '../fixtures/github.ts';
import { failure, received, run, useEmulator } from './harness.ts';

useEmulator();

const HOSTILE = `<script>alert(1)</script> {{ run_url }} {{{ repository }}} "quoted" 'single' & more\nsecond line`;

function hostilePush() {
  const payload = examplePayload('push');
  payload.head_commit.message = HOSTILE;
  return payload;
}

describe('templates with hostile values', () => {
  it('HTML body: values escaped, their braces left alone, the template itself rendered', async () => {
    const result = await run({
      payload: hostilePush(),
      inputs: {
        subject: '{{status_word}}: {{commit_message}}',
        body: '<p>Commit: {{commit_message}}</p><p>Raw repo: {{{repository}}}</p><div>{{{job_table}}}</div>',
      },
    });
    expect(result.code).toBe(0);
    const { subject, body } = received().message;
    expect(subject).toBe(
      `SUCCESS: <script>alert(1)</script> {{ run_url }} {{{ repository }}} "quoted" 'single' & more`,
    );
    expect(body.content).toContain(
      '<p>Commit: &lt;script&gt;alert(1)&lt;/script&gt; {{ run_url }} {{{ repository }}} &quot;quoted&quot; ' +
        '&#39;single&#39; &amp; more</p>',
    );
    expect(body.content).toContain('<p>Raw repo: Codertocat/Hello-World</p>');
    expect(body.content).toContain('test (ubuntu-latest)');
    expect(body.content).not.toMatch(/<script/i);
  });

  it('text body: plain text, never evaluated', async () => {
    const result = await run({
      payload: hostilePush(),
      inputs: { 'body-format': 'text', body: 'Commit {{short_sha}}: {{commit_message}}' },
    });
    expect(result.code).toBe(0);
    const { body } = received().message;
    expect(body.contentType).toBe('text');
    expect(body.content).toMatch(/^Commit [0-9a-f]{7}: <script>alert\(1\)<\/script> \{\{ run_url \}\} /);
  });

  it('a 10 000-character commit message is cut, in the subject and the body', async () => {
    const payload = examplePayload('push');
    payload.head_commit.message = 'x'.repeat(10_000);
    const result = await run({ payload, inputs: { subject: '{{commit_message}}' } });
    expect(result.code).toBe(0);
    const { subject, body } = received().message;
    expect(subject.length).toBeLessThanOrEqual(255);
    expect(body.content.length).toBeLessThan(60_000);
    expect(body.content).not.toContain('x'.repeat(250));
  });

  it('a template that does not parse fails before anything is sent', async () => {
    const line = await failure({ inputs: { body: 'Hello {{#pr_number}} never closed' } });
    expect(line).toMatch(/^Input 'body' is not a valid template: Unclosed section "pr_number" at \d+$/);
  });
});

describe('markdown', () => {
  it('converts, escapes raw HTML, drops unsafe links and keeps values inert', async () => {
    const payload = examplePayload('pull_request');
    payload.pull_request.title = 'Fix [click](javascript:alert(1)) **now** <img src=x onerror=alert(1)>';
    const result = await run({
      event: 'pull_request',
      payload,
      inputs: {
        'body-format': 'markdown',
        body: [
          '## Build {{status_word}}',
          '',
          'PR: {{pr_title}}',
          '',
          '<script>alert(2)</script>',
          '',
          '[safe](https://example.com) [bad](javascript:alert(3)) ![pixel](https://tracker.example/p.gif)',
        ].join('\n'),
      },
    });
    expect(result.code).toBe(0);
    const { body } = received().message;
    expect(body.contentType).toBe('html');
    const html: string = body.content;
    expect(html).toMatch(/<h2[^>]*>Build SUCCESS<\/h2>/);
    expect(html).toContain('&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(html).toMatch(/<a [^>]*href="https:\/\/example\.com"[^>]*>safe<\/a>/);
    expect(html).not.toMatch(/href="javascript:/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<strong>now<\/strong>/);
    expect(html).toContain('**now**');
  });
});
