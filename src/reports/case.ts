import { stripVTControlCharacters } from 'node:util';
import type { TestFailure } from '../context.js';

export type Outcome = 'passed' | 'failed' | 'skipped';

/** One test case as a report lists it. */
export interface TestCase {
  /** Tells reruns apart from other tests: the same key listed again in a report is the same test. */
  key: string;
  outcome: Outcome;
  seconds?: number;
  /** Set when the outcome is `failed`. */
  failure?: TestFailure;
}

/** Enough to show a failure in full and still bound what a hostile report can make the action hold. */
const MAX_TEXT = 2_000;
const MAX_DETAIL_LINES = 20;

/**
 * Where a test belongs and what it is called. A name that repeats its suite (jest-junit's `math adds` in
 * `math`, TRX's `Calc.Tests.CalcTests.Adds` of class `Calc.Tests.CalcTests`) loses the repetition.
 */
export function named(suite: string, name: string): Pick<TestFailure, 'suite' | 'name'> {
  const cleanSuite = clean(suite).trim();
  const cleanName = clean(name).trim();
  for (const separator of [' ', '.']) {
    const lead = cleanSuite + separator;
    if (cleanSuite && cleanName.startsWith(lead) && cleanName.length > lead.length) {
      return { suite: cleanSuite, name: cleanName.slice(lead.length) };
    }
  }
  return { suite: cleanSuite, name: cleanName };
}

/**
 * The message and what follows it. Without a message (jest-junit, PHPUnit, Karma) the text's first line is the
 * message; a first line that only repeats it (Surefire's `Type: message`) is dropped from the details.
 */
export function failureText(message: string, type: string, text: string): Pick<TestFailure, 'message' | 'details'> {
  const said = lines(message);
  const body = lines(text);
  const first = said.shift() ?? body.shift() ?? clean(type);
  if (body[0] !== undefined && (body[0] === first || body[0].endsWith(`: ${first}`))) body.shift();
  const details = [...said, ...body].slice(0, MAX_DETAIL_LINES).map((line) => line.slice(0, MAX_TEXT));
  return { message: first.slice(0, MAX_TEXT), details: details.join('\n') };
}

/** Seconds from `1.234` (JUnit), also written `1,234.5` by some Surefire versions; undefined when there are none. */
export function seconds(value: string): number | undefined {
  const number = value.trim() === '' ? NaN : Number(value.replace(/,/g, ''));
  return Number.isFinite(number) && number >= 0 ? number : undefined;
}

/** Terminal colours and control characters out (jest and go write them), line ends made `\n`, tabs spaces. */
function clean(text: string): string {
  return (
    stripVTControlCharacters(text)
      .replace(/\r\n?/g, '\n')
      .replace(/\t/g, '  ')
      // eslint-disable-next-line no-control-regex -- what is left of the control characters goes
      .replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, '')
  );
}

function lines(text: string): string[] {
  return clean(text)
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '');
}
