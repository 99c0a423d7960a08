/**
 * JUnit XML as the common producers write it: `<testsuites>` or a lone `<testsuite>` at the root, suites nested
 * in suites (PHPUnit), and per test case `<failure>`, `<error>` and `<skipped>` with the message in an attribute
 * or only in the text (jest-junit, PHPUnit, Karma). The counts the suites declare are not trusted: the test
 * cases are counted.
 */
import { failureText, named, seconds, type TestCase } from './case.js';
import { attribute, children, textOf, type XmlNode } from './xml.js';

export const JUNIT_ROOTS = ['testsuites', 'testsuite'];

export function junitCases(root: XmlNode): TestCase[] {
  const cases: TestCase[] = [];
  collect(root, '', cases);
  return cases;
}

function collect(node: XmlNode, suite: string, into: TestCase[]): void {
  for (const testcase of children(node.testcase)) into.push(testCase(testcase, suite));
  for (const child of children(node.testsuite)) collect(child, attribute(child, 'name'), into);
  for (const child of children(node.testsuites)) collect(child, suite, into);
}

/** Failed when it has a failure or an error (pytest can give both), else skipped when skipped, else passed. */
function testCase(node: XmlNode, suite: string): TestCase {
  const name = attribute(node, 'name');
  const className = attribute(node, 'classname') || attribute(node, 'class');
  // jest-junit repeats the name as the class name: the suite then says more.
  const group = className && className !== name ? className : suite;
  const problem = [...children(node.failure), ...children(node.error)][0];
  const time = seconds(attribute(node, 'time'));
  const base = { key: JSON.stringify([suite, className, name]), ...(time !== undefined && { seconds: time }) };
  if (problem) {
    const text = failureText(attribute(problem, 'message'), attribute(problem, 'type'), textOf(problem));
    return { ...base, outcome: 'failed', failure: { ...named(group, name), ...text } };
  }
  return { ...base, outcome: node.skipped === undefined ? 'passed' : 'skipped' };
}
