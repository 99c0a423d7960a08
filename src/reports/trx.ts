/**
 * Visual Studio's TRX (`dotnet test --logger trx`): one `Results/UnitTestResult` per test with an `outcome`, its
 * class in `TestDefinitions/UnitTest/TestMethod`, and a failure's text in `Output/ErrorInfo`.
 */
import { failureText, named, seconds, type Outcome, type TestCase } from './case.js';
import { attribute, children, textOf, type XmlNode } from './xml.js';

export const TRX_ROOT = 'TestRun';

/**
 * vstest's TestOutcome values. Ones that say nothing about the code under test (not run, inconclusive, pending)
 * count as skipped; so does a value this list does not know, which can be called neither passed nor failed.
 */
const OUTCOMES: Record<string, Outcome> = {
  Passed: 'passed',
  PassedButRunAborted: 'passed',
  Completed: 'passed',
  Warning: 'passed',
  Failed: 'failed',
  Error: 'failed',
  Timeout: 'failed',
  Aborted: 'failed',
  Disconnected: 'failed',
};

export function trxCases(root: XmlNode): TestCase[] {
  const classes = new Map<string, string>();
  for (const test of children(child(root, 'TestDefinitions').UnitTest)) {
    classes.set(attribute(test, 'id'), attribute(child(test, 'TestMethod'), 'className'));
  }
  return children(child(root, 'Results').UnitTestResult).map((result) => testCase(result, classes));
}

function testCase(result: XmlNode, classes: Map<string, string>): TestCase {
  const name = attribute(result, 'testName');
  const className = classes.get(attribute(result, 'testId')) ?? '';
  const outcome = OUTCOMES[attribute(result, 'outcome')] ?? 'skipped';
  const time = timespan(attribute(result, 'duration'));
  const base = { key: JSON.stringify([className, name]), outcome, ...(time !== undefined && { seconds: time }) };
  if (outcome !== 'failed') return base;
  const error = child(child(result, 'Output'), 'ErrorInfo');
  const text = failureText(textOf(error.Message), '', textOf(error.StackTrace));
  return { ...base, failure: { ...named(className, name), ...text } };
}

/** .NET's TimeSpan as TRX writes it: `00:00:01.2345678`, with `d.` in front past a day. */
function timespan(value: string): number | undefined {
  const match = /^(?:(\d+)\.)?(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(value.trim());
  if (!match) return undefined;
  const [, days = '0', hours, minutes, rest] = match;
  return seconds(String(((Number(days) * 24 + Number(hours)) * 60 + Number(minutes)) * 60 + Number(rest)));
}

function child(node: XmlNode, name: string): XmlNode {
  return children(node[name])[0] ?? {};
}
