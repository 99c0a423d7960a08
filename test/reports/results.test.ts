/**
 * Reports as the real tools write them (test/fixtures/reports, see its README), counted exactly; the unreadable
 * ones warned about by name while the rest count; the workspace rule held.
 */
import { mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandWithGlob } from '../../src/files/attachments.js';
import { readTestResults } from '../../src/reports/results.js';

const REPORTS = join(import.meta.dirname, '..', 'fixtures', 'reports');

async function read(...patterns: string[]) {
  return readTestResults(patterns, REPORTS);
}

async function counts(pattern: string) {
  const { results, warnings } = await read(pattern);
  expect(warnings).toEqual([]);
  const { passed, failed, skipped, reports } = results!;
  return { reports, passed, failed, skipped };
}

describe('each producer, counted exactly', () => {
  it.each([
    ['jest-junit.xml', { passed: 3, failed: 2, skipped: 1 }],
    ['pytest.xml', { passed: 3, failed: 2, skipped: 2 }],
    ['surefire/*.xml', { passed: 2, failed: 2, skipped: 1 }],
    ['gradle/*.xml', { passed: 2, failed: 1, skipped: 1 }],
    ['go-junit-report.xml', { passed: 3, failed: 3, skipped: 1 }],
    ['phpunit.xml', { passed: 3, failed: 2, skipped: 1 }],
    ['swift-xunit.xml', { passed: 3, failed: 1, skipped: 1 }],
    ['karma.xml', { passed: 2, failed: 1, skipped: 1 }],
    ['dotnet.trx', { passed: 3, failed: 2, skipped: 1 }],
  ])('%s', async (pattern, expected) => {
    expect(await counts(pattern)).toEqual({ reports: 1, ...expected });
  });
});

describe('the failing tests', () => {
  it('jest-junit: the first line of the text is the message, the suite is the describe block', async () => {
    const { results } = await read('jest-junit.xml');
    expect(results!.failures).toEqual([
      {
        suite: 'Calculator',
        name: 'subtracts',
        message: 'Error: expect(received).toBe(expected) // Object.is equality',
        details: [
          'Expected: 2',
          'Received: 3',
          '    at Object.<anonymous> (/home/runner/work/calc/calc/src/calculator.test.ts:14:30)',
          '    at Promise.then.completed (/home/runner/work/calc/calc/node_modules/jest-circus/build/utils.js:298:28)',
          '    at new Promise (<anonymous>)',
        ].join('\n'),
      },
      {
        suite: 'Parser',
        name: 'parses nested lists',
        message: "TypeError: Cannot read properties of undefined (reading 'items')",
        details: [
          '    at parseList (/home/runner/work/calc/calc/src/parser.ts:42:17)',
          '    at Object.<anonymous> (/home/runner/work/calc/calc/src/parser.test.ts:8:12)',
        ].join('\n'),
      },
    ]);
    expect(results!.durationSeconds).toBeCloseTo(0.022, 6);
  });

  it('Surefire: the message attribute, and a stack trace without the line that repeats it', async () => {
    const { results } = await read('surefire/*.xml');
    expect(results!.failures).toEqual([
      {
        suite: 'com.acme.calc.CalculatorTest',
        name: 'dividesEvenly',
        message: 'expected: <2> but was: <3>',
        details: [
          '  at org.junit.jupiter.api.AssertionFailureBuilder.build(AssertionFailureBuilder.java:151)',
          '  at org.junit.jupiter.api.AssertEquals.assertEquals(AssertEquals.java:150)',
          '  at com.acme.calc.CalculatorTest.dividesEvenly(CalculatorTest.java:27)',
        ].join('\n'),
      },
      {
        suite: 'com.acme.calc.CalculatorTest',
        name: 'parsesInput',
        message: 'For input string: "x"',
        details: [
          '  at java.base/java.lang.NumberFormatException.forInputString(NumberFormatException.java:67)',
          '  at java.base/java.lang.Integer.parseInt(Integer.java:662)',
          '  at com.acme.calc.Calculator.parse(Calculator.java:41)',
        ].join('\n'),
      },
    ]);
  });

  it('pytest: failures and setup errors, with their messages', async () => {
    const { results } = await read('pytest.xml');
    expect(results!.failures.map(({ suite, name, message }) => [suite, name, message])).toEqual([
      ['tests.test_calc', 'test_divide[2-0]', 'ZeroDivisionError: division by zero'],
      [
        'tests.test_db',
        'test_connect',
        'failed on setup with "ConnectionRefusedError: [Errno 111] Connection refused"',
      ],
    ]);
  });

  it('go-junit-report: the output in CDATA, and a package that did not build', async () => {
    const { results } = await read('go-junit-report.xml');
    expect(results!.failures).toEqual([
      {
        suite: 'github.com/acme/calc',
        name: 'TestDivide',
        message: 'Failed',
        details: '    calc_test.go:21: Divide(1, 3) = 0.333, want 0.334',
      },
      {
        suite: 'github.com/acme/calc/server',
        name: 'TestServe',
        message: 'Failed',
        details:
          '    server_test.go:18: GET /add?a=1&b=2: status 500, want 200\n    server_test.go:19: body: {"error":"boom"}',
      },
      {
        suite: 'github.com/acme/calc/cli',
        name: '[build failed]',
        message: 'Build error',
        details: 'cli/main.go:12:2: undefined: calc.Sqrt',
      },
    ]);
  });

  it('PHPUnit: nested suites and data sets, the message from the text', async () => {
    const { results } = await read('phpunit.xml');
    // A suite's own test cases come before those of the suites inside it.
    expect(results!.failures.map(({ suite, name, message }) => [suite, name, message])).toEqual([
      ['Acme.Calc.Tests.CalculatorTest', 'testSqrt', 'Acme\\Calc\\Tests\\CalculatorTest::testSqrt'],
      [
        'Acme.Calc.Tests.CalculatorTest',
        'testDivide with data set "odd"',
        'Acme\\Calc\\Tests\\CalculatorTest::testDivide with data set "odd" (3, 2, 1.5)',
      ],
    ]);
    expect(results!.failures[1]!.details).toBe(
      'Failed asserting that 1 matches expected 1.5.\n/home/runner/work/calc/calc/tests/CalculatorTest.php:31',
    );
  });

  it('Swift and Karma: a message attribute alone, and a browser-named class', async () => {
    expect((await read('swift-xunit.xml')).results!.failures).toEqual([
      {
        suite: 'CalcTests.CalculatorTests',
        name: 'testDivide',
        message: 'XCTAssertEqual failed: ("0.333") is not equal to ("0.334")',
        details: '',
      },
    ]);
    expect((await read('karma.xml')).results!.failures).toEqual([
      {
        suite: 'Chrome_Headless_131.0.6778.85_(Linux_x86_64).CalculatorComponent',
        name: 'CalculatorComponent should show the sum',
        message: "Error: Expected '3' to equal '4'.",
        details: [
          '    at <Jasmine>',
          '    at UserContext.apply (src/app/calculator/calculator.component.spec.ts:31:45)',
          '    at _ZoneDelegate.invoke (node_modules/zone.js/fesm2015/zone.js:368:26)',
        ].join('\n'),
      },
    ]);
  });

  it('TRX: the class from the definitions, the message and stack trace from ErrorInfo, a timeout as a failure', async () => {
    const { results } = await read('dotnet.trx');
    expect(results!.failures).toEqual([
      {
        suite: 'Acme.Calc.Tests.CalculatorTests',
        name: 'Divides(a: 1, b: 3)',
        message: 'Assert.Equal() Failure: Values differ',
        details: [
          'Expected: 0.334',
          'Actual:   0.333',
          'at Acme.Calc.Tests.CalculatorTests.Divides(Int32 a, Int32 b) in /home/runner/work/calc/calc/tests/CalculatorTests.cs:line 21',
          '   at System.RuntimeMethodHandle.InvokeMethod(Object target, Void** arguments, Signature sig, Boolean isConstructor)',
        ].join('\n'),
      },
      { suite: 'Acme.Calc.Tests.ParserTests', name: 'TimesOut', message: '', details: '' },
    ]);
    expect(results!.durationSeconds).toBeCloseTo(5.0255345, 6);
  });
});

describe('what real reports may hold', () => {
  it('comments holding tags, CDATA holding tags, entities, reruns, a failure that was also skipped', async () => {
    const { results, warnings } = await read('edge-cases.xml');
    expect(warnings).toEqual([]);
    // flaky (last run passed), 1e3: passed; broken (last run failed), CDATA, failure and skipped: failed.
    expect(results).toMatchObject({ passed: 2, failed: 3, skipped: 0 });
    expect(results!.failures.map((f) => [f.name, f.message, f.details])).toEqual([
      [
        'keeps markup in CDATA',
        'expected <div> & got <span>',
        '<testcase name="inside CDATA"/> is text here\n]]> ends a CDATA section',
      ],
      ['broken', 'second run failed too', ''],
      ['failure and skipped', 'failed anyway', ''],
    ]);
    expect(results!.durationSeconds).toBe(1.75);
  });

  it('sums every report a pattern matches, and a report matched twice once', async () => {
    const { results, warnings } = await read('*.xml', '*.trx', 'jest-junit.xml', 'surefire/*.xml', 'gradle/*.xml');
    expect(warnings).toEqual([]);
    expect(results).toMatchObject({
      reports: 10,
      passed: 3 + 3 + 2 + 2 + 3 + 3 + 3 + 2 + 3 + 2,
      failed: 2 + 2 + 2 + 1 + 3 + 2 + 1 + 1 + 2 + 3,
      skipped: 1 + 2 + 1 + 1 + 1 + 1 + 1 + 1 + 1,
    });
    expect(results!.failures).toHaveLength(19);
  });
});

describe('reports that cannot be read', () => {
  it('are warned about by name, and the others still count', async () => {
    const { results, warnings } = await read('malformed/*.xml', 'swift-xunit.xml');
    expect(results).toMatchObject({ reports: 1, passed: 3, failed: 1, skipped: 1 });
    expect(warnings).toEqual([
      `Input 'test-results': "malformed/empty.xml" is not well-formed XML (the file is empty); its tests are not counted.`,
      `Input 'test-results': "malformed/not-a-report.xml" is neither a JUnit XML nor a TRX report (its root element is <project>); its tests are not counted.`,
      `Input 'test-results': "malformed/truncated.xml" is not well-formed XML (it ends before closing <testsuites>, <testsuite>, <testcase>); its tests are not counted.`,
    ]);
  });

  it('a pattern that matches nothing is a warning, or a note when marked optional', async () => {
    const reading = await read('nothing/*.xml', '?coverage/*.xml');
    expect(reading).toEqual({
      warnings: [
        `Input 'test-results': the pattern "nothing/*.xml" matches no file in ${REPORTS}; no test results from it (did the tests run?).`,
      ],
      notes: [`Input 'test-results': the pattern "coverage/*.xml" matches no file in ${REPORTS}.`],
    });
  });

  it('no patterns: nothing read, nothing said', async () => {
    expect(await readTestResults([], REPORTS)).toEqual({ warnings: [], notes: [] });
  });
});

describe('the workspace rule', () => {
  it('a report that leads outside the workspace fails, naming the input', async () => {
    const base = realpathSync(mkdtempSync(join(tmpdir(), 'reports-')));
    const workspace = join(base, 'repo');
    const outside = join(base, 'outside.xml');
    writeFileSync(outside, '<testsuite name="outside"><testcase name="t"/></testsuite>');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(workspace);
    symlinkSync(outside, join(workspace, 'junit.xml'));
    await expect(readTestResults(['*.xml'], workspace)).rejects.toThrow(
      new RegExp(
        `^Input 'test-results': "${join(workspace, 'junit.xml')}" leads to "${outside}", outside the workspace`,
      ),
    );
  });

  it('a match that cannot be read is a warning like a malformed report', async () => {
    const expand = async (pattern: string) => [join(REPORTS, 'gone.xml'), ...(await expandWithGlob(pattern))];
    const { results, warnings } = await readTestResults(['swift-xunit.xml'], REPORTS, expand);
    expect(results).toMatchObject({ reports: 1, passed: 3 });
    expect(warnings).toEqual([`Input 'test-results': "gone.xml" cannot be read (ENOENT); its tests are not counted.`]);
  });
});

describe('reports written to attack the reader', () => {
  it('an external entity is refused, so nothing is read through it', async () => {
    const { results, warnings } = await read('hostile/external-entity.xml');
    expect(results).toBeUndefined();
    expect(warnings).toEqual([
      `Input 'test-results': "hostile/external-entity.xml" is not well-formed XML (External entities are not supported); its tests are not counted.`,
    ]);
  });

  it('an entity made of entities is not expanded, so nothing multiplies', async () => {
    const { results } = await read('hostile/entity-bomb.xml');
    expect(results!.failures.map((f) => f.message)).toEqual(['&b;&b;&b;', 'a'.repeat(100)]);
  });

  it('entities that would add more than 100 000 characters make the report unreadable', async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'reports-')));
    const entity = 'x'.repeat(1_000);
    writeFileSync(
      join(dir, 'big.xml'),
      `<!DOCTYPE testsuite [<!ENTITY e "${entity}">]><testsuite name="s"><testcase name="${'&e;'.repeat(200)}"/></testsuite>`,
    );
    const { results, warnings } = await readTestResults(['big.xml'], dir);
    expect(results).toBeUndefined();
    expect(warnings).toEqual([
      expect.stringMatching(
        /^Input 'test-results': "big.xml" is not well-formed XML \(.*limit exceeded.*\); its tests are not counted\.$/,
      ),
    ]);
  });
});

describe('TRX outcomes', () => {
  it("counts each of vstest's outcomes as passed, failed or skipped, an unknown one as skipped", async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'reports-')));
    const outcomes = {
      passed: ['Passed', 'PassedButRunAborted', 'Completed', 'Warning'],
      failed: ['Failed', 'Error', 'Timeout', 'Aborted', 'Disconnected'],
      skipped: ['NotExecuted', 'Inconclusive', 'NotRunnable', 'Pending', 'InProgress', 'SomethingNew', ''],
    };
    const results = Object.values(outcomes)
      .flat()
      .map((outcome, i) => `<UnitTestResult testId="t${i}" testName="T${i}" outcome="${outcome}"/>`);
    writeFileSync(join(dir, 'r.trx'), `<TestRun><Results>${results.join('')}</Results></TestRun>`);
    const { results: counted } = await readTestResults(['r.trx'], dir);
    expect(counted).toMatchObject({ passed: 4, failed: 5, skipped: 7 });
    expect(counted!.durationSeconds).toBeUndefined();
  });
});

describe('terminal output in a report', () => {
  it('loses its colours and control characters, keeping the words', async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'reports-')));
    const red = '\u001b[31m';
    const reset = '\u001b[39m';
    writeFileSync(
      join(dir, 'go.xml'),
      `<testsuite name="pkg"><testcase classname="pkg" name="TestColour"><failure message="${red}Failed${reset}"><![CDATA[${red}want 2\u0007${reset}\r\n\tgot 3]]></failure></testcase></testsuite>`,
    );
    const { results } = await readTestResults(['go.xml'], dir);
    expect(results!.failures).toEqual([
      { suite: 'pkg', name: 'TestColour', message: 'Failed', details: 'want 2\n  got 3' },
    ]);
  });
});

describe('many tests', () => {
  it('keeps the first 20 failures and counts them all', async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'reports-')));
    const cases = Array.from({ length: 4_000 }, (_, i) =>
      i % 100 === 0
        ? `<testcase classname="big.Suite" name="t${i}" time="0.001"><failure message="m${i}">trace</failure></testcase>`
        : `<testcase classname="big.Suite" name="t${i}" time="0.001"/>`,
    );
    writeFileSync(join(dir, 'big.xml'), `<testsuite name="big">${cases.join('\n')}</testsuite>`);
    const { results } = await readTestResults(['big.xml'], dir);
    expect(results).toMatchObject({ passed: 3_960, failed: 40, skipped: 0 });
    expect(results!.failures.map((f) => f.name)).toEqual(Array.from({ length: 20 }, (_, i) => `t${i * 100}`));
    expect(results!.durationSeconds).toBeCloseTo(4, 6);
  });
});
