/**
 * The test results in every rendering of the mail: the totals in words, the failing tests with their messages
 * and first lines of details, the cap of 20 with "and N more", and values from the reports escaped.
 */
import { describe, expect, it } from 'vitest';
import type { TestResults } from '../../src/context.js';
import { renderHtml } from '../../src/notification/html.js';
import { reportMarkdown, renderMarkdown } from '../../src/notification/markdown.js';
import { testSummary } from '../../src/notification/tests.js';
import { renderText } from '../../src/notification/text.js';
import { failedTests, pushRun } from './run.ts';

const HOSTILE = '<script>alert(1)</script>\n{{repository}} [x](javascript:alert(1)) Tests: 0 failed';

function hostileTests(): TestResults {
  return {
    reports: 1,
    passed: 0,
    failed: 1,
    skipped: 0,
    failures: [{ suite: HOSTILE, name: HOSTILE, message: HOSTILE, details: `${HOSTILE}\n${HOSTILE}` }],
  };
}

function many(count: number): TestResults {
  const failures = Array.from({ length: Math.min(count, 20) }, (_, i) => ({
    suite: 'S',
    name: `t${i}`,
    message: 'm'.repeat(1_000),
    details: Array.from({ length: 20 }, (_, line) => `line ${line} ${'d'.repeat(500)}`).join('\n'),
  }));
  return { reports: 1, passed: 4_000 - count, failed: count, skipped: 0, durationSeconds: 75.5, failures };
}

describe('testSummary', () => {
  it('titles, messages and details cut to size, the rest counted', () => {
    const summary = testSummary(many(25));
    expect(summary).toMatchObject({ total: 4_000, passed: 3_975, failed: 25, skipped: 0, duration: '1m 16s' });
    expect(summary.failures).toHaveLength(20);
    expect(summary.more).toBe('and 5 more failed tests');
    const [first] = summary.failures;
    expect(first!.title).toBe('S › t0');
    expect(Array.from(first!.message)).toHaveLength(300);
    expect(first!.details).toHaveLength(5);
    for (const line of first!.details) expect(Array.from(line)).toHaveLength(160);
  });

  it('hundredths under ten seconds, where a test run often ends', () => {
    expect(testSummary({ ...failedTests(), durationSeconds: 0.0219 }).duration).toBe('0.02s');
    expect(testSummary({ ...failedTests(), durationSeconds: 12.34 }).duration).toBe('12.3s');
    const { durationSeconds: _, ...untimed } = failedTests();
    expect(testSummary(untimed).duration).toBe('');
  });
});

describe('the HTML mail', () => {
  const html = renderHtml(pushRun(undefined, { tests: failedTests() }), 'failure');

  it('has a Tests section with the counts in words and in colour', () => {
    expect(html).toContain('>TESTS</p>');
    expect(html).toMatch(
      /<span style="font-weight:bold;color:#cf222e;">3 failed<\/span>, <span style="color:#1a7f37;">11 passed<\/span>, <span style="color:#656d76;">1 skipped<\/span> <span style="color:#656d76;">\(15 tests, 3.42s\)<\/span>/,
    );
  });

  it('shows each failing test with its message and details, and counts the rest', () => {
    expect(html).toContain('>Failed</span> <b>Calculator › subtracts</b></p>');
    expect(html).toContain('>Error: expect(received).toBe(expected) // Object.is equality</p>');
    expect(html).toContain(
      '>Expected: 2<br>Received: 3<br>at Object.&lt;anonymous&gt; (src/calculator.test.ts:14:30)</p>',
    );
    expect(html).toContain('<b>com.acme.calc.CalculatorTest › dividesEvenly</b>');
    expect(html).toContain('>expected: &lt;2&gt; but was: &lt;3&gt;</p>');
    expect(html).toContain('>and 1 more failed test</p>');
  });

  it('escapes test names and messages', () => {
    const hostile = renderHtml(pushRun(undefined, { tests: hostileTests() }), 'failure');
    expect(hostile).not.toContain('<script>');
    expect(hostile).toContain(
      '&lt;script&gt;alert(1)&lt;/script&gt; {{repository}} [x](javascript:alert(1)) Tests: 0 failed',
    );
  });

  it('has no Tests section without results', () => {
    expect(renderHtml(pushRun(), 'failure')).not.toContain('TESTS');
  });

  it('stays small with 4 000 tests of which 2 000 failed', () => {
    const big = renderHtml(pushRun(undefined, { tests: many(2_000) }), 'failure');
    expect(big).toContain('and 1980 more failed tests');
    // 20 failures at their longest: the same size however many failed.
    expect(big.length).toBeLessThan(64_000);
  });
});

describe('the text mail', () => {
  it('has a Tests line and the failing tests indented under it', () => {
    const text = renderText(pushRun(undefined, { tests: failedTests() }), 'failure');
    expect(text).toContain(
      [
        'Tests: 3 failed, 11 passed, 1 skipped (15 tests, 3.42s)',
        '  ❌ Failed: Calculator › subtracts',
        '     Error: expect(received).toBe(expected) // Object.is equality',
        '     | Expected: 2',
        '     | Received: 3',
        '     | at Object.<anonymous> (src/calculator.test.ts:14:30)',
        '  ❌ Failed: com.acme.calc.CalculatorTest › dividesEvenly',
        '     expected: <2> but was: <3>',
        '  … and 1 more failed test',
        '',
        'View run: ',
      ].join('\n'),
    );
  });

  it('keeps a hostile name or message to its own indented line', () => {
    const text = renderText(pushRun(undefined, { tests: hostileTests() }), 'failure');
    const lines = text.split('\n').filter((line) => line.includes('alert(1)'));
    // The title, the message, and each of the four lines of the details.
    expect(lines).toHaveLength(6);
    for (const line of lines) expect(line).toMatch(/^ {2}/);
  });
});

describe('the markdown report', () => {
  it('lists the totals and failing tests, escaped', () => {
    const markdown = reportMarkdown(pushRun(undefined, { tests: failedTests() }), 'failure');
    expect(markdown).toContain(
      '**Tests**\n\n3 failed\\, 11 passed\\, 1 skipped \\(15 tests\\, 3\\.42s\\)\n\n- ❌ **Failed:** Calculator › subtracts\n' +
        '  - Error\\: expect\\(received\\)\\.toBe\\(expected\\) \\/\\/ Object\\.is equality\n  - Expected\\: 2\n',
    );
    expect(markdown).toContain('- and 1 more failed test');
  });

  it('turns a hostile name into text, not a script or a link', () => {
    const html = renderMarkdown(reportMarkdown(pushRun(undefined, { tests: hostileTests() }), 'failure'));
    expect(html).not.toMatch(/<script|href="javascript/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; {{repository}} [x](javascript:alert(1))');
  });
});
