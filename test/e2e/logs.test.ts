/**
 * Log excerpts, end to end: the failed step's last lines read from the job's log through GitHub's redirect to a
 * pre-signed URL (followed without the token), cleaned and escaped in every rendering; `log-lines`; refused and
 * failing reads that cost the mail its excerpt and nothing else; and `log-file` from the workspace.
 */
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../emulator/index.ts';
import { emulator, received, run, useEmulator } from './harness.ts';

useEmulator();

function warnings(stdout: string): string[] {
  return stdout.split('\n').filter((line) => line.startsWith('::warning::'));
}

function failedJob() {
  return emulator.actions.currentRun().attempts[0]!.jobs.find((job) => job.name === 'test (ubuntu-latest)')!;
}

/** The text between the mail's `<pre …>` and `</pre>`, one entry per block. */
function preBlocks(html: string): string[] {
  return [...html.matchAll(/<pre style="[^"]*">([\s\S]*?)<\/pre>/g)].map((m) => m[1]!);
}

function logRequests() {
  return emulator.requests.filter((r) => r.service === 'github' && /\/actions\/jobs\/\d+\/logs$/.test(r.path));
}

describe('the failed step of a failed job', () => {
  it('shows its last lines up to the error, without timestamps, colours or the cleanup, under the job', async () => {
    const result = await run({ jobStatus: 'failure' });
    expect(result.code).toBe(0);
    expect(warnings(result.stdout)).toEqual([]);
    const html: string = received().message.body.content;
    const [block, ...others] = preBlocks(html);
    expect(others).toEqual([]);
    expect(block!.split('\n')).toEqual([
      'Run npm run tests',
      'npm run tests',
      'shell: /usr/bin/bash -e {0}',
      ' RUN  v3.2.4 /home/runner/work/Hello-World/Hello-World',
      '',
      ' ❯ test/app.test.ts (3 tests | 1 failed)',
      '   × adds the numbers',
      'Error: AssertionError: expected 3 to be 2 // Object.is equality',
      '  ❯ src/app.ts:12:5',
      ' Test Files  1 failed (1)',
      '      Tests  1 failed | 2 passed (3)',
      'Error: Process completed with exit code 1.',
    ]);
    expect(html).toContain('Log · Run npm run tests · last 12 lines');
    expect(html).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z/);
    expect(html).not.toContain('\u001b');
    expect(html).not.toContain('Post job cleanup');
    expect(html).not.toContain('Cleaning up orphan processes');
    // Under the failed job's box, before the button.
    expect(html.indexOf('Expected 2 but received 3</span>')).toBeLessThan(html.indexOf('<pre'));
    expect(html.indexOf('<pre')).toBeLessThan(html.indexOf('View run'));
    expect(html.match(/may contain sensitive data/g)).toHaveLength(1);
  });

  it('follows the redirect to the logs host without the GitHub token', async () => {
    const result = await run({ jobStatus: 'failure' });
    expect(result.code).toBe(0);
    expect(logRequests().map((r) => [r.path, r.status])).toEqual([
      [`/repos/${DEFAULTS.repository}/actions/jobs/${failedJob().id}/logs`, 302],
    ]);
    expect(emulator.logDownloads).toEqual([{ jobId: failedJob().id }]);
    expect(emulator.requests.filter((r) => r.service === 'logs').map((r) => r.status)).toEqual([200]);
  });

  it('in the text body, each line behind a bar', async () => {
    const result = await run({ jobStatus: 'failure', inputs: { 'body-format': 'text' } });
    expect(result.code).toBe(0);
    const text: string = received().message.body.content;
    expect(text).toContain(
      '  Log · Run npm run tests · last 12 lines:\n    | Run npm run tests\n    | npm run tests\n',
    );
    expect(text).toContain('    | Error: Process completed with exit code 1.\n');
    expect(text).toContain('\nLog excerpts are copied from the run as they are and may contain sensitive data.\n');
  });

  it('in a dry run, the rendered mail the job summary shows', async () => {
    const result = await run({ jobStatus: 'failure', inputs: { 'dry-run': 'true' } });
    expect(result.code).toBe(0);
    expect(result.summary).toContain('Error: Process completed with exit code 1.');
    expect(result.summary).toContain('<pre style=');
  });
});

describe('hostile log lines', () => {
  const HOSTILE = [
    '<script>alert(1)</script>',
    '</pre><a href="https://evil.example">click</a>',
    '::error::injected',
    'invoice\u202Egpj.exe',
    '```',
    '{{run_url}}',
  ];

  function scripted() {
    failedJob().log = { output: HOSTILE };
  }

  it('are escaped in HTML and shown, not obeyed', async () => {
    scripted();
    const result = await run({ jobStatus: 'failure' });
    expect(result.code).toBe(0);
    const html: string = received().message.body.content;
    const [block] = preBlocks(html);
    expect(block!.split('\n').slice(-7)).toEqual([
      '&lt;script&gt;alert(1)&lt;/script&gt;',
      '&lt;/pre&gt;&lt;a href=&quot;https://evil.example&quot;&gt;click&lt;/a&gt;',
      '::error::injected',
      'invoice&lt;U+202E&gt;gpj.exe',
      '```',
      '{{run_url}}',
      'Error: Process completed with exit code 1.',
    ]);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('evil.example"');
    expect(html).not.toContain('\u202E');
    expect(result.errors).toEqual([]);
  });

  it('printed in a dry run, only where workflow commands are off', async () => {
    scripted();
    const result = await run({ jobStatus: 'failure', inputs: { 'dry-run': 'true' } });
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    const at = lines.indexOf('::error::injected');
    const token = /^::stop-commands::(.+)$/.exec(
      lines.slice(0, at).findLast((l) => l.startsWith('::stop-commands::'))!,
    )![1];
    expect(lines.indexOf(`::${token}::`)).toBeGreaterThan(at);
    expect(lines.filter((l) => l === '::error::injected')).toHaveLength(1);
  });

  it('stay inside the code block of a markdown template', async () => {
    scripted();
    const result = await run({
      jobStatus: 'failure',
      inputs: { 'body-format': 'markdown', body: '## Why it failed\n\n{{log_excerpt}}\n\nEnd.' },
    });
    expect(result.code).toBe(0);
    const html: string = received().message.body.content;
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('href="https://evil.example"');
    expect(html).toContain('{{run_url}}');
    expect(html).toMatch(/<\/code><\/pre>\s*<p style="[^"]*">Log excerpts are copied/);
    expect(html).toMatch(/<p style="[^"]*">End\.<\/p>/);
  });
});

describe('log-lines', () => {
  it('5 shows the last five lines', async () => {
    const result = await run({ jobStatus: 'failure', inputs: { 'log-lines': '5' } });
    expect(result.code).toBe(0);
    expect(preBlocks(received().message.body.content)[0]!.split('\n')).toEqual([
      'Error: AssertionError: expected 3 to be 2 // Object.is equality',
      '  ❯ src/app.ts:12:5',
      ' Test Files  1 failed (1)',
      '      Tests  1 failed | 2 passed (3)',
      'Error: Process completed with exit code 1.',
    ]);
  });

  it('0 reads no log and shows none', async () => {
    const result = await run({ jobStatus: 'failure', inputs: { 'log-lines': '0' } });
    expect(result.code).toBe(0);
    expect(logRequests()).toEqual([]);
    const html: string = received().message.body.content;
    expect(preBlocks(html)).toEqual([]);
    expect(html).not.toContain('sensitive data');
  });

  it('a value that is no line count fails the step, naming the input', async () => {
    const result = await run({ inputs: { 'log-lines': 'all' } });
    expect(result.code).toBe(1);
    expect(result.errors).toEqual([
      `Input 'log-lines' must be a whole number from 0 (no log excerpts) to 500, got "all".`,
    ]);
  });
});

describe('a log that cannot be read costs the excerpt, with one warning, never the mail', () => {
  async function warnedAndSent(inputs: Record<string, string> = {}): Promise<string> {
    const result = await run({ jobStatus: 'failure', inputs });
    expect(result.code).toBe(0);
    expect(result.outputs.sent).toBe('true');
    expect(warnings(result.stdout)).toHaveLength(1);
    const html: string = received().message.body.content;
    expect(preBlocks(html)).toEqual([]);
    expect(html).toContain('Expected 2 but received 3');
    return warnings(result.stdout)[0]!;
  }

  it('refused (403): names the permission', async () => {
    emulator.fault({
      route: 'jobLogs',
      status: 403,
      body: { message: 'Resource not accessible by integration', status: '403' },
    });
    expect(await warnedAndSent()).toBe(
      '::warning::Could not read logs of failed jobs from the GitHub API (403 Resource not accessible by ' +
        "integration); the mail goes out without it. Give the job 'permissions: actions: read' (and checks: read " +
        'for annotations).',
    );
  });

  it('expired with the retention period (410, or 404)', async () => {
    emulator.fault({ route: 'jobLogs', status: 410, body: { message: 'Gone', status: '410' } });
    expect(await warnedAndSent()).toContain('(410 Gone)');
    emulator.reset();
    emulator.fault({ route: 'jobLogs', status: 404, body: { message: 'Not Found', status: '404' } });
    expect(await warnedAndSent()).toContain('(404 Not Found)');
  });

  it('the logs host failing (500)', async () => {
    emulator.fault({ route: 'logContent', status: 500, body: 'Server Busy' });
    expect(await warnedAndSent()).toContain('(the log download answered 500)');
  });

  it('the logs host not answering: given up after a quarter of timeout-seconds, in time to send', async () => {
    emulator.fault({ route: 'logContent', hang: true });
    expect(await warnedAndSent({ 'timeout-seconds': '8' })).toContain('(no complete answer within 2 s)');
  });

  it('with annotations refused too: still one warning', async () => {
    emulator.actions.tokens[DEFAULTS.githubToken]!.checks = 'none';
    emulator.fault({ route: 'jobLogs', status: 500, body: { message: 'Server Error' } });
    const result = await run({ jobStatus: 'failure' });
    expect(result.code).toBe(0);
    expect(warnings(result.stdout)).toHaveLength(1);
    expect(received().message.body.content).not.toContain('<pre');
  });
});

describe('a log of 120 MB', () => {
  it('is streamed: the excerpt is its failed step’s last lines', async () => {
    failedJob().log = { padBytes: 120 * 1024 * 1024 };
    const result = await run({ jobStatus: 'failure', inputs: { 'log-lines': '3' } });
    expect(result.code).toBe(0);
    expect(preBlocks(received().message.body.content)[0]!.split('\n')).toEqual([
      ' Test Files  1 failed (1)',
      '      Tests  1 failed | 2 passed (3)',
      'Error: Process completed with exit code 1.',
    ]);
  }, 60_000);
});

describe('log-file', () => {
  function workspace() {
    const base = realpathSync(mkdtempSync(join(tmpdir(), 'log-file-')));
    const repo = join(base, 'repo');
    mkdirSync(repo);
    return { base, repo, env: { GITHUB_WORKSPACE: repo, RUNNER_TEMP: join(base, 'temp') } };
  }

  it('shows the tail of a build log from the workspace, with no GitHub token needed', async () => {
    const where = workspace();
    const lines = Array.from({ length: 40 }, (_, i) => `line ${i + 1}`);
    writeFileSync(join(where.repo, 'build.log'), `${lines.join('\n')}\n\u001b[31mmake: *** [test] Error 1\u001b[0m\n`);
    const result = await run({
      jobStatus: 'failure',
      inputs: { 'github-token': '', 'log-file': 'build.log', 'log-lines': '3' },
      env: where.env,
    });
    expect(result.code).toBe(0);
    const html: string = received().message.body.content;
    expect(preBlocks(html)).toEqual(['line 39\nline 40\nmake: *** [test] Error 1']);
    expect(html).toContain('Log · build.log · last 3 lines');
    expect(html).toContain('may contain sensitive data');
  });

  it('a link leading outside the workspace fails the step, naming the input, and nothing is sent', async () => {
    const where = workspace();
    const outside = join(where.base, 'secret.txt');
    writeFileSync(outside, 'INPUT_CLIENT-SECRET=x');
    symlinkSync(outside, join(where.repo, 'build.log'));
    const result = await run({
      jobStatus: 'failure',
      inputs: { 'github-token': '', 'log-file': 'build.log' },
      env: where.env,
    });
    expect(result.code).toBe(1);
    expect(result.errors).toEqual([
      `Input 'log-file': "${join(where.repo, 'build.log')}" leads to "${outside}", outside the workspace ` +
        `(${where.repo}); files are read only from there. Copy the file into the workspace if it is meant to be read.`,
    ]);
    expect(emulator.messages).toEqual([]);
  });

  it('a missing file is a warning, and the mail goes out without it', async () => {
    const where = workspace();
    const result = await run({
      jobStatus: 'failure',
      inputs: { 'github-token': '', 'log-file': 'build.log' },
      env: where.env,
    });
    expect(result.code).toBe(0);
    expect(warnings(result.stdout)).toEqual([
      `::warning::Input 'log-file': "build.log" cannot be read (ENOENT); the mail goes out without its tail.`,
    ]);
    expect(received().message.body.content).not.toContain('<pre');
  });
});
