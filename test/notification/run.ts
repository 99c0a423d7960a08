/**
 * Runs with details as the lead's enrichment fills them in, shared by the notification tests and the browser
 * check: a push that failed in one test job, with steps and annotations.
 */
import type { ChangeInfo, Changes, JobInfo, RunContext, RunDetails, TestResults } from '../../src/context.js';
import { runContext } from '../fixtures/context.ts';
import { examplePayload } from '../fixtures/github.ts';

const RUN = 'https://github.com/Codertocat/Hello-World/actions/runs/1658821493';

export function job(name: string, overrides: Partial<JobInfo> = {}): JobInfo {
  return {
    name,
    conclusion: 'success',
    url: `${RUN}/job/${name.length}`,
    current: false,
    failedSteps: [],
    annotations: [],
    ...overrides,
  };
}

export function failedDetails(): RunDetails {
  return {
    jobs: [
      job('build', { durationSeconds: 95, url: `${RUN}/job/101` }),
      job('lint', { durationSeconds: 38, url: `${RUN}/job/102` }),
      job('test (ubuntu-latest)', {
        conclusion: 'failure',
        durationSeconds: 190,
        url: `${RUN}/job/103`,
        failedSteps: ['Run tests'],
        annotations: [
          {
            level: 'failure',
            path: 'src/parser.test.ts',
            line: 42,
            title: 'parses nested lists',
            message: 'AssertionError: expected 3 to be 4',
          },
          { level: 'warning', message: 'Node.js 20 actions are deprecated.' },
        ],
      }),
      job('test (windows-latest)', { conclusion: 'cancelled', durationSeconds: 61, url: `${RUN}/job/104` }),
      job('docs', { conclusion: 'skipped', url: `${RUN}/job/105` }),
      job('notify', { conclusion: 'in_progress', current: true, url: `${RUN}/job/106` }),
    ],
    moreJobs: 0,
    durationSeconds: 252,
  };
}

export function successDetails(): RunDetails {
  return {
    jobs: [
      job('build', { durationSeconds: 95, url: `${RUN}/job/101` }),
      job('test', { durationSeconds: 190, url: `${RUN}/job/103` }),
      job('notify', { conclusion: 'in_progress', current: true, url: `${RUN}/job/106` }),
    ],
    moreJobs: 0,
    durationSeconds: 301,
  };
}

/** A push of a real range (so it has a compare link) with the given details. */
export function pushRun(details?: RunDetails, extra: Partial<RunContext> = {}): RunContext {
  const payload = examplePayload('push');
  payload.before = 'a10867b14bb761a232cd80139fbd4c0d33264240';
  payload.head_commit.message = 'Parse nested lists\n\nThey were flattened.';
  return { ...runContext('push', {}, payload), ...(details && { details }), ...extra };
}

/** Three failing tests out of fifteen, two of them spelled out: the third is past what the report kept. */
export function failedTests(): TestResults {
  return {
    reports: 2,
    passed: 11,
    failed: 3,
    skipped: 1,
    durationSeconds: 3.4159,
    failures: [
      {
        suite: 'Calculator',
        name: 'subtracts',
        message: 'Error: expect(received).toBe(expected) // Object.is equality',
        details: 'Expected: 2\nReceived: 3\n    at Object.<anonymous> (src/calculator.test.ts:14:30)',
      },
      {
        suite: 'com.acme.calc.CalculatorTest',
        name: 'dividesEvenly',
        message: 'expected: <2> but was: <3>',
        details: '',
      },
    ],
  };
}

const REPO = 'https://github.com/Codertocat/Hello-World';

/** A commit since the last green run; `n` makes its SHA and message. */
export function change(n: number, overrides: Partial<ChangeInfo> = {}): ChangeInfo {
  const sha = `${n.toString(16).padStart(2, '0')}${'c0ffee'.repeat(7)}`.slice(0, 40);
  return {
    sha,
    shortSha: sha.slice(0, 7),
    url: `${REPO}/commit/${sha}`,
    title: `Change ${n}`,
    author: `Dev ${n}`,
    email: `dev${n}@contoso.com`,
    ...overrides,
  };
}

/** Three commits since run #41, newest first: one by a login GitHub knows, one with a long unbroken message. */
export function failedChanges(): Changes {
  return {
    kind: 'since',
    run: { number: 41, url: `${REPO}/actions/runs/1658813574`, sha: 'a10867b14bb761a232cd80139fbd4c0d33264240' },
    status: 'ahead',
    commits: [
      change(3, { title: 'Parse nested lists', author: 'Mona Lisa', login: 'monalisa' }),
      change(2, { title: `Bump ${'dependency-'.repeat(12)}to 2.0` }),
      change(1, { title: 'Refactor the tokenizer' }),
    ],
    total: 3,
    behind: 0,
  };
}
