/**
 * Test results end to end: reports as the real tools write them, read from the workspace by dist/ under Node 24,
 * and what Graph received (HTML and text), the outputs and the job summary; a malformed report and a pattern
 * that matches nothing warned about while the mail still goes; hostile test names escaped; a report linked from
 * outside the workspace refused like an attachment.
 */
import { cpSync, mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ActionRun } from '../fixtures/action.ts';
import { emulator, failure, received, requestsTo, run, useEmulator } from './harness.ts';

useEmulator();

const REPORTS = join(import.meta.dirname, '..', 'fixtures', 'reports');

/** A workspace holding the given fixture reports under the same names. */
function workspace(...reports: string[]): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'workspace-')));
  for (const report of reports) {
    mkdirSync(join(dir, report, '..'), { recursive: true });
    cpSync(join(REPORTS, report), join(dir, report));
  }
  return dir;
}

function scenario(dir: string, patterns: string, inputs: Record<string, string> = {}) {
  return {
    inputs: { 'test-results': patterns, 'github-token': '', ...inputs },
    env: { GITHUB_WORKSPACE: dir },
    jobStatus: 'failure',
  };
}

/** The `::warning::` lines the step printed, decoded. */
function warnings(result: ActionRun): string[] {
  return result.stdout
    .split('\n')
    .filter((line) => line.startsWith('::warning::'))
    .map((line) => line.slice('::warning::'.length).replace(/%0A/g, '\n').replace(/%25/g, '%'));
}

function testOutputs(result: ActionRun) {
  const { outputs } = result;
  return [outputs['tests-total'], outputs['tests-passed'], outputs['tests-failed'], outputs['tests-skipped']];
}

describe('each tool, counted exactly by the bundled action', () => {
  it.each([
    ['jest-junit.xml', 3, 2, 1],
    ['pytest.xml', 3, 2, 2],
    ['surefire/*.xml', 2, 2, 1],
    ['gradle/*.xml', 2, 1, 1],
    ['go-junit-report.xml', 3, 3, 1],
    ['phpunit.xml', 3, 2, 1],
    ['swift-xunit.xml', 3, 1, 1],
    ['karma.xml', 2, 1, 1],
    ['dotnet.trx', 3, 2, 1],
  ])('%s: %i passed, %i failed, %i skipped', async (pattern, passed, failed, skipped) => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'workspace-')));
    cpSync(REPORTS, dir, { recursive: true });
    const result = await run(scenario(dir, pattern));
    expect(result.code).toBe(0);
    expect(warnings(result)).toEqual([]);
    expect(testOutputs(result)).toEqual([passed + failed + skipped, passed, failed, skipped].map(String));
    expect(received().message.body.content).toContain(`${failed} failed`);
  });
});

describe('reports of several tools', () => {
  it('are summed into the HTML mail, the outputs and the job summary', async () => {
    const dir = workspace('jest-junit.xml', 'surefire/TEST-com.acme.calc.CalculatorTest.xml', 'dotnet.trx');
    const result = await run(scenario(dir, '*.xml\nsurefire/TEST-*.xml\n**/*.trx'));
    expect(result.errors).toEqual([]);
    expect(warnings(result)).toEqual([]);
    expect(result.code).toBe(0);
    // jest-junit 3/2/1, Surefire 2/2/1, TRX 3/2/1.
    expect(testOutputs(result)).toEqual(['17', '8', '6', '3']);
    expect(result.stdout).toContain('Tests: 6 failed, 8 passed, 3 skipped (3 reports).');

    const html: string = received().message.body.content;
    expect(html).toContain('>TESTS</p>');
    expect(html).toMatch(
      />6 failed<\/span>, <span[^>]*>8 passed<\/span>, <span[^>]*>3 skipped<\/span> <span[^>]*>\(17 tests, 5\.\d\ds\)</,
    );
    const failing = [...html.matchAll(/>Failed<\/span> <b>([^<]*)<\/b>/g)].map((m) => m[1]);
    expect(failing).toEqual([
      'Calculator › subtracts',
      'Parser › parses nested lists',
      'com.acme.calc.CalculatorTest › dividesEvenly',
      'com.acme.calc.CalculatorTest › parsesInput',
      'Acme.Calc.Tests.CalculatorTests › Divides(a: 1, b: 3)',
      'Acme.Calc.Tests.ParserTests › TimesOut',
    ]);
    expect(html).toContain('>expected: &lt;2&gt; but was: &lt;3&gt;</p>');
    expect(html).toContain('>Assert.Equal() Failure: Values differ</p>');
    expect(html).toContain('>Expected: 0.334<br>Actual: 0.333<br>');

    expect(result.summary).toContain('<h4>Tests</h4>\n<p>6 failed, 8 passed, 3 skipped (17 tests, 5.');
    expect(result.summary).toContain('<td>❌ Calculator › subtracts</td>');
  });

  it('are in the text mail, the failing tests under the totals', async () => {
    const dir = workspace('go-junit-report.xml', 'pytest.xml');
    const result = await run(scenario(dir, '*.xml', { 'body-format': 'text' }));
    expect(result.code).toBe(0);
    expect(testOutputs(result)).toEqual(['14', '6', '5', '3']);
    const text: string = received().message.body.content;
    expect(text).toContain(
      [
        'Tests: 5 failed, 6 passed, 3 skipped (14 tests, 0.32s)',
        '  ❌ Failed: github.com/acme/calc › TestDivide',
        '     Failed',
        '     | calc_test.go:21: Divide(1, 3) = 0.333, want 0.334',
        '  ❌ Failed: github.com/acme/calc/server › TestServe',
        '     Failed',
        '     | server_test.go:18: GET /add?a=1&b=2: status 500, want 200',
        '     | server_test.go:19: body: {"error":"boom"}',
        '  ❌ Failed: github.com/acme/calc/cli › [build failed]',
        '     Build error',
        '     | cli/main.go:12:2: undefined: calc.Sqrt',
        '  ❌ Failed: tests.test_calc › test_divide[2-0]',
        '     ZeroDivisionError: division by zero',
      ].join('\n'),
    );
  });

  it('are in a dry run: the rendered file, the summary and the outputs', async () => {
    const dir = workspace('karma.xml');
    const result = await run(scenario(dir, 'karma.xml', { 'dry-run': 'true' }));
    expect(result.code).toBe(0);
    expect(emulator.messages).toEqual([]);
    expect(testOutputs(result)).toEqual(['4', '2', '1', '1']);
    expect(result.stdout).toContain(
      '<b>Chrome_Headless_131.0.6778.85_(Linux_x86_64).CalculatorComponent › CalculatorComponent should show the sum</b>',
    );
    expect(result.summary).toContain('<p>1 failed, 2 passed, 1 skipped (4 tests, 0.04s)</p>');
  });
});

describe('what is warned about and still sends', () => {
  it('a malformed report is named, and the others count', async () => {
    const dir = workspace('swift-xunit.xml', 'malformed/truncated.xml', 'malformed/not-a-report.xml');
    const result = await run(scenario(dir, '**/*.xml'));
    expect(result.code).toBe(0);
    expect(result.errors).toEqual([]);
    expect(warnings(result)).toEqual([
      `Input 'test-results': "malformed/not-a-report.xml" is neither a JUnit XML nor a TRX report (its root element is <project>); its tests are not counted.`,
      `Input 'test-results': "malformed/truncated.xml" is not well-formed XML (it ends before closing <testsuites>, <testsuite>, <testcase>); its tests are not counted.`,
    ]);
    expect(testOutputs(result)).toEqual(['5', '3', '1', '1']);
    expect(received().message.body.content).toContain('<b>CalcTests.CalculatorTests › testDivide</b>');
  });

  it('a pattern that matches nothing: a warning, the mail without a Tests section, the outputs empty', async () => {
    const dir = workspace();
    const result = await run(scenario(dir, 'build/test-results/**/*.xml'));
    expect(result.code).toBe(0);
    expect(result.errors).toEqual([]);
    expect(warnings(result)).toEqual([
      `Input 'test-results': the pattern "build/test-results/**/*.xml" matches no file in ${dir}; no test results from it (did the tests run?).`,
    ]);
    expect(testOutputs(result)).toEqual(['', '', '', '']);
    expect(received().message.body.content).not.toContain('TESTS');
    expect(result.outputs.sent).toBe('true');
  });

  it('an optional pattern that matches nothing: no warning at all', async () => {
    const result = await run(scenario(workspace(), '?**/*.trx'));
    expect(result.code).toBe(0);
    expect(warnings(result)).toEqual([]);
    expect(result.stdout).toContain(`Input 'test-results': the pattern "**/*.trx" matches no file in `);
  });
});

describe('hostile reports', () => {
  it('test names and messages are text: no markup, no template, no line of their own', async () => {
    const dir = workspace();
    writeFileSync(
      join(dir, 'junit.xml'),
      `<testsuite name="&lt;img src=x onerror=alert(1)&gt;">
  <testcase classname="{{repository}}" name="&lt;script&gt;alert(1)&lt;/script&gt;">
    <failure message="line one&#10;View run: https://evil.example/&#10;{{run_url}}">::error::injected&#10;{{{default_body}}}</failure>
  </testcase>
</testsuite>`,
    );
    const html = await run(scenario(dir, 'junit.xml', { body: '<p>{{failed_tests}}</p>{{{default_body}}}' }));
    expect(html.code).toBe(0);
    const body: string = received().message.body.content;
    expect(body).not.toMatch(/<script|<img/);
    expect(body).toContain('<p>{{repository}} › &lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(body).toContain('<b>{{repository}} › &lt;script&gt;alert(1)&lt;/script&gt;</b>');
    // A message's first line is the message; the lines after it are details, each on a line of its own.
    expect(body).toContain('>line one</p>');
    expect(body).toContain(
      '>View run: https://evil.example/<br>{{run_url}}<br>::error::injected<br>{{{default_body}}}</p>',
    );
    expect(body).not.toContain('Codertocat/Hello-World ›');
    expect(html.stdout).not.toMatch(/^::error::injected/m);
    emulator.reset();

    const text = await run(scenario(dir, 'junit.xml', { 'body-format': 'text' }));
    const lines: string[] = received().message.body.content.split('\n');
    expect(lines.filter((line) => line.startsWith('View run:'))).toHaveLength(1);
    expect(lines).toContain('     line one');
    expect(lines).toContain('     | View run: https://evil.example/');
    expect(lines).toContain('     | ::error::injected');
    expect(text.summary).not.toMatch(/<script|<img/);
  });
});

describe('the workspace rule', () => {
  it('a report linked from outside the workspace fails the step, naming the input, before any request', async () => {
    const base = realpathSync(mkdtempSync(join(tmpdir(), 'confined-')));
    const dir = join(base, 'repo');
    const temp = join(base, 'runner-temp');
    mkdirSync(dir);
    mkdirSync(temp);
    const outside = join(base, 'secret.xml');
    writeFileSync(outside, '<testsuite name="secret"><testcase name="t"/></testsuite>');
    symlinkSync(outside, join(dir, 'junit.xml'));
    const line = await failure({ ...scenario(dir, '*.xml'), env: { GITHUB_WORKSPACE: dir, RUNNER_TEMP: temp } });
    expect(line).toBe(
      `Input 'test-results': "${join(dir, 'junit.xml')}" leads to "${outside}", outside the workspace (${dir}) and ` +
        `RUNNER_TEMP (${temp}); files are read only from there. Copy the file into the workspace if it is meant to be read.`,
    );
    expect(requestsTo('login')).toBe(0);
    expect(requestsTo('graph')).toBe(0);
  });
});
