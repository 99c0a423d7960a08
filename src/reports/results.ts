/**
 * The `test-results` input: the report files its patterns match, read and counted. The tests may not have run
 * (a build that failed first), so a pattern that matches nothing and a report that cannot be read are warnings,
 * not a failed step; the other reports still count. A match that leads out of the workspace is refused like an
 * attachment would be: the step fails, naming the input.
 */
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { MAX_FAILED_TESTS, type TestResults } from '../context.js';
import { ActionFailure, shown } from '../failure.js';
import { expandWithGlob, OPTIONAL, type Expand } from '../files/attachments.js';
import { readableRoots, realPathWithin } from '../files/workspace.js';
import type { TestCase } from './case.js';
import { JUNIT_ROOTS, junitCases } from './junit.js';
import { TRX_ROOT, trxCases } from './trx.js';
import { parseXml, type XmlNode } from './xml.js';

const INPUT = 'test-results';

/** Far above any real report (4 000 tests of jest-junit are about 1 MB); the whole file is held to parse it. */
export const MAX_REPORT_BYTES = 50 * 1024 * 1024;

export interface TestReading {
  /** Absent when no report could be read (or none was asked for). */
  results?: TestResults;
  /** One line each, naming the pattern or the file: for `core.warning`. */
  warnings: string[];
  /** What an optional pattern (`?…`) did not find: for the log only. */
  notes: string[];
}

/** A report that is there but says nothing countable: its one-line reason. */
class Unreadable extends Error {}

export async function readTestResults(
  patterns: string[],
  workspace: string,
  expand: Expand = expandWithGlob,
): Promise<TestReading> {
  const reading: TestReading = { warnings: [], notes: [] };
  if (patterns.length === 0) return reading;
  const paths = await matches(patterns, workspace, expand, reading);
  // Every match is checked before any is read, so a refused one leaves nothing half-read behind.
  const roots = readableRoots(workspace);
  const files = paths.flatMap((path) => confined(path, roots, workspace, reading));
  const reports: TestCase[][] = [];
  for (const { path, real } of files) {
    try {
      reports.push(casesOf(await readReport(real)));
    } catch (error) {
      reading.warnings.push(
        `Input '${INPUT}': ${shown(display(path, workspace))} ${reason(error)}; its tests are not counted.`,
      );
    }
  }
  if (reports.length > 0) reading.results = tally(reports);
  return reading;
}

async function matches(patterns: string[], workspace: string, expand: Expand, reading: TestReading) {
  const paths: string[] = [];
  for (const line of patterns) {
    const optional = line.startsWith(OPTIONAL);
    const pattern = optional ? line.slice(OPTIONAL.length).trim() : line;
    const matched = await expand(isAbsolute(pattern) ? pattern : join(workspace, pattern));
    if (matched.length === 0) {
      const said = `Input '${INPUT}': the pattern ${shown(pattern)} matches no file in ${workspace}`;
      if (optional) reading.notes.push(`${said}.`);
      else reading.warnings.push(`${said}; no test results from it (did the tests run?).`);
    }
    for (const path of matched) if (!paths.includes(path)) paths.push(path);
  }
  return paths;
}

function confined(path: string, roots: ReturnType<typeof readableRoots>, workspace: string, reading: TestReading) {
  try {
    return [{ path, real: realPathWithin(INPUT, path, roots) }];
  } catch (error) {
    if (error instanceof ActionFailure) throw error;
    reading.warnings.push(
      `Input '${INPUT}': ${shown(display(path, workspace))} ${reason(error)}; its tests are not counted.`,
    );
    return [];
  }
}

async function readReport(path: string): Promise<string> {
  const { size } = await stat(path);
  if (size > MAX_REPORT_BYTES) {
    throw new Unreadable(
      `is ${(size / 1024 / 1024).toFixed(0)} MB, over the ${MAX_REPORT_BYTES / 1024 / 1024} MB a report may have`,
    );
  }
  // vstest writes TRX with a byte order mark.
  return (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
}

function casesOf(text: string): TestCase[] {
  let document: XmlNode;
  try {
    document = parseXml(text);
  } catch (error) {
    throw new Unreadable(`is not well-formed XML (${error instanceof Error ? error.message : String(error)})`);
  }
  const root = Object.keys(document).find((key) => !key.startsWith('?') && !key.startsWith('#'));
  const node = (name: string) =>
    document[name] && typeof document[name] === 'object' ? (document[name] as XmlNode) : {};
  if (root !== undefined && JUNIT_ROOTS.includes(root)) return junitCases(node(root));
  if (root === TRX_ROOT) return trxCases(node(root));
  throw new Unreadable(
    `is neither a JUnit XML nor a TRX report (its root element is ${root === undefined ? 'missing' : `<${root}>`})`,
  );
}

function reason(error: unknown): string {
  if (error instanceof Unreadable) return error.message;
  const code = (error as NodeJS.ErrnoException).code;
  return `cannot be read (${code ?? (error instanceof Error ? error.message : String(error))})`;
}

function display(path: string, workspace: string): string {
  const inside = relative(workspace, path);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : path;
}

/**
 * Sums the reports. In one report a test case listed again (pytest-rerunfailures, gotestsum --rerun-fails, a
 * retried suite) is a rerun: it counts once, with the result of its last run, as the build itself does. The
 * same test in two reports (matrix legs, shards) ran twice, and counts twice.
 */
function tally(reports: TestCase[][]): TestResults {
  const results: TestResults = { reports: reports.length, passed: 0, failed: 0, skipped: 0, failures: [] };
  let duration: number | undefined;
  for (const cases of reports) {
    const last = new Map<string, TestCase>();
    for (const testCase of cases) last.set(testCase.key, testCase);
    for (const testCase of last.values()) {
      results[testCase.outcome]++;
      if (testCase.failure && results.failures.length < MAX_FAILED_TESTS) results.failures.push(testCase.failure);
      if (testCase.seconds !== undefined) duration = (duration ?? 0) + testCase.seconds;
    }
  }
  return duration === undefined ? results : { ...results, durationSeconds: duration };
}
