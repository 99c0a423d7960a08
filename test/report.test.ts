import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setOutputs, writeSummary, type Outcome } from '../src/report.js';
import { parseOutputFile } from './fixtures/action.ts';
import { failedTests } from './notification/run.ts';

const REQUEST = '5d6c7b8a-9f0e-4d1c-b2a3-948576abcdef';
const HOSTILE = '<img src=x onerror=alert(1)>';

const sent: Outcome = {
  sent: true,
  statusCode: 202,
  requestId: REQUEST,
  recipients: 3,
  subject: '✅ SUCCESS · CI #42',
};
const dryRun: Outcome = { sent: false, recipients: 1, subject: '❌ FAILURE · CI #42' };

// core.summary remembers the first GITHUB_STEP_SUMMARY it sees, so the files live as long as this test file.
const saved = { output: process.env.GITHUB_OUTPUT, summary: process.env.GITHUB_STEP_SUMMARY };
const dir = mkdtempSync(join(tmpdir(), 'report-test-'));
const files = { output: join(dir, 'output'), summary: join(dir, 'summary') };

beforeAll(() => {
  process.env.GITHUB_OUTPUT = files.output;
  process.env.GITHUB_STEP_SUMMARY = files.summary;
});

beforeEach(() => {
  writeFileSync(files.output, '');
  writeFileSync(files.summary, '');
});

afterAll(() => {
  for (const [key, value] of [
    ['GITHUB_OUTPUT', saved.output],
    ['GITHUB_STEP_SUMMARY', saved.summary],
  ] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  rmSync(dir, { recursive: true, force: true });
});

const outputs = () => parseOutputFile(readFileSync(files.output, 'utf8'));
const summary = () => readFileSync(files.summary, 'utf8');

describe('setOutputs', () => {
  it('sent: every output', () => {
    setOutputs(sent);
    expect(outputs()).toStrictEqual({
      sent: 'true',
      'status-code': '202',
      'request-id': REQUEST,
      recipients: '3',
      subject: '✅ SUCCESS · CI #42',
      'html-file': '',
      'tests-total': '',
      'tests-passed': '',
      'tests-failed': '',
      'tests-skipped': '',
    });
  });

  it('dry run: every output still set, the Graph ones empty', () => {
    setOutputs(dryRun);
    expect(outputs()).toStrictEqual({
      sent: 'false',
      'status-code': '',
      'request-id': '',
      recipients: '1',
      subject: '❌ FAILURE · CI #42',
      'html-file': '',
      'tests-total': '',
      'tests-passed': '',
      'tests-failed': '',
      'tests-skipped': '',
    });
  });

  it('sent without a request id: request-id is empty, not "undefined"', () => {
    setOutputs({ ...sent, requestId: undefined });
    expect(outputs()['request-id']).toBe('');
  });

  it('writes each output in the name<<delimiter form, in a fixed order', () => {
    setOutputs(sent);
    const names = [...readFileSync(files.output, 'utf8').matchAll(/^([a-z-]+)<<ghadelimiter_[0-9a-f-]{36}$/gm)].map(
      (m) => m[1],
    );
    expect(names).toEqual([
      'sent',
      'status-code',
      'request-id',
      'recipients',
      'subject',
      'html-file',
      'tests-total',
      'tests-passed',
      'tests-failed',
      'tests-skipped',
    ]);
  });

  it('test counts: each one, and the total', () => {
    setOutputs({ ...sent, tests: failedTests() });
    expect(outputs()).toMatchObject({
      'tests-total': '15',
      'tests-passed': '11',
      'tests-failed': '3',
      'tests-skipped': '1',
    });
  });

  it('reports read with no test case in them: zeros, not empty', () => {
    setOutputs({ ...sent, tests: { reports: 1, passed: 0, failed: 0, skipped: 0, failures: [] } });
    expect(outputs()).toMatchObject({
      'tests-total': '0',
      'tests-passed': '0',
      'tests-failed': '0',
      'tests-skipped': '0',
    });
  });

  it('passes the subject through unescaped, line breaks included: outputs are data, not HTML', () => {
    setOutputs({ ...sent, subject: `${HOSTILE}\nsecond line` });
    expect(outputs().subject).toBe(`${HOSTILE}\nsecond line`);
  });
});

describe('writeSummary', () => {
  it('sent: heading, subject, recipients, Graph status and request id', async () => {
    await writeSummary(sent);
    expect(summary()).toBe(
      '<h3>📧 Notification sent</h3>\n' +
        '<table><tr><th>Subject</th><td>✅ SUCCESS · CI #42</td></tr>' +
        '<tr><th>Recipients</th><td>3</td></tr>' +
        '<tr><th>Graph status</th><td>202</td></tr>' +
        `<tr><th>Request id</th><td><code>${REQUEST}</code></td></tr></table>\n`,
    );
  });

  it('dry run: its own heading and no Graph rows', async () => {
    await writeSummary(dryRun);
    expect(summary()).toBe(
      '<h3>📧 Dry run: notification not sent</h3>\n' +
        '<table><tr><th>Subject</th><td>❌ FAILURE · CI #42</td></tr>' +
        '<tr><th>Recipients</th><td>1</td></tr></table>\n',
    );
  });

  it('escapes a hostile subject', async () => {
    await writeSummary({ ...dryRun, subject: `${HOSTILE} & "q" 'a'` });
    expect(summary()).toContain('<td>&lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot; &#39;a&#39;</td>');
    expect(summary()).not.toContain('<img');
  });

  it('escapes a hostile request id', async () => {
    await writeSummary({ ...sent, requestId: '</code><script>x</script>' });
    expect(summary()).toContain('<td><code>&lt;/code&gt;&lt;script&gt;x&lt;/script&gt;</code></td>');
    expect(summary()).not.toContain('<script>');
  });

  it('test results: the totals and a row per failing test, every value escaped', async () => {
    const tests = failedTests();
    tests.failures[0] = { suite: HOSTILE, name: '<script>x</script>', message: 'a < b & c', details: '"q"\nline 2' };
    await writeSummary({ ...sent, tests });
    const text = summary();
    expect(text).toContain(
      '<h4>Tests</h4>\n<p>3 failed, 11 passed, 1 skipped (15 tests, 3.42s)</p>\n' +
        '<table><tr><th>Failed test</th><th>Message</th></tr>' +
        '<tr><td>❌ &lt;img src=x onerror=alert(1)&gt; › &lt;script&gt;x&lt;/script&gt;</td><td>a &lt; b &amp; c<br>&quot;q&quot;<br>line 2</td></tr>',
    );
    expect(text).toContain('<p>and 1 more failed test</p>');
    expect(text).not.toContain('<script>');
    expect(text).not.toContain('<img');
  });

  it('appends to what earlier steps wrote', async () => {
    writeFileSync(files.summary, '# Earlier step\n');
    await writeSummary(dryRun);
    expect(summary().startsWith('# Earlier step\n<h3>📧 Dry run: notification not sent</h3>\n')).toBe(true);
  });
});

describe('writeSummary without job summaries', () => {
  it('skips quietly on a runner that has no GITHUB_STEP_SUMMARY', async () => {
    const before = summary();
    delete process.env.GITHUB_STEP_SUMMARY;
    try {
      await expect(
        writeSummary({ sent: true, statusCode: 202, requestId: 'r', recipients: 1, subject: 's' }),
      ).resolves.toBeUndefined();
      // core.summary would still write to the path it remembered; the report must not try.
      expect(summary()).toBe(before);
    } finally {
      process.env.GITHUB_STEP_SUMMARY = files.summary;
    }
  });
});
