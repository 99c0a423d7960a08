import type { TestFailure, TestResults } from '../context.js';
import { formatDuration, moreNote } from './jobs.js';
import { excerpt } from './subject.js';

/** Enough of a failure to recognise it (a name, the assertion, where it was) while 20 still fit on a screen or two. */
const MAX_NAME = 200;
const MAX_MESSAGE = 300;
const MAX_DETAIL_LINES = 5;
const MAX_DETAIL = 160;

/** What every rendering shows of the test results, cut to size and flattened where it must be one line. */
export interface TestSummary {
  total: number;
  passed: number;
  failed: number;
  skipped: number;
  /** `0.42s`, `1m 35s`; empty when the reports give no times. */
  duration: string;
  failures: ShownFailure[];
  /** `and 3 more failed tests`, or empty. */
  more: string;
}

export interface ShownFailure {
  /** `Suite › name`, or the name alone. */
  title: string;
  message: string;
  /** The first lines of the details, each one line. */
  details: string[];
}

export function testSummary(results: TestResults): TestSummary {
  const { passed, failed, skipped, durationSeconds, failures } = results;
  return {
    total: passed + failed + skipped,
    passed,
    failed,
    skipped,
    duration: durationSeconds === undefined ? '' : testDuration(durationSeconds),
    failures: failures.map(shownFailure),
    more: moreNote(failed - failures.length, 'failed test'),
  };
}

/** `2 failed, 12 passed, 1 skipped`: the counts in words, failures first, as a test runner ends its output. */
export function testCounts(summary: TestSummary): string {
  return `${summary.failed} failed, ${summary.passed} passed, ${summary.skipped} skipped`;
}

/** `2 failed, 12 passed, 1 skipped (15 tests, 3.42s)`. */
export function testTotals(summary: TestSummary): string {
  const tests = `${summary.total} test${summary.total === 1 ? '' : 's'}`;
  return `${testCounts(summary)} (${[tests, summary.duration].filter(Boolean).join(', ')})`;
}

function shownFailure(failure: TestFailure): ShownFailure {
  const name = failure.name || '(unnamed test)';
  return {
    title: excerpt(failure.suite ? `${failure.suite} › ${name}` : name, MAX_NAME),
    message: excerpt(failure.message, MAX_MESSAGE),
    details: failure.details
      .split('\n')
      .slice(0, MAX_DETAIL_LINES)
      .map((line) => excerpt(line, MAX_DETAIL))
      .filter(Boolean),
  };
}

/** Tests are quick: hundredths matter under ten seconds, which the jobs' durations round away. */
function testDuration(seconds: number): string {
  if (seconds >= 60) return formatDuration(seconds);
  return `${seconds.toFixed(seconds < 10 ? 2 : 1)}s`;
}
