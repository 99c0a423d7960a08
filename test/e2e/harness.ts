/**
 * What every end-to-end test file shares: one emulator per file, reset after each test, and scenarios that run
 * the bundled action against it with working defaults that a test overrides where it matters.
 */
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { runAction, type ActionRun } from '../fixtures/action.ts';
import { emulatedEnv, emulatedInputs } from '../fixtures/emulated.ts';
import { examplePayload, githubEnv, type Payload } from '../fixtures/github.ts';
import { startEmulator, type Emulator, type Fault, type SentMessage } from '../emulator/index.ts';

/** The emulator of the current test file (a live binding: set once its beforeAll has run). */
export let emulator: Emulator;

export function useEmulator(): void {
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterEach(() => emulator.reset());
  afterAll(() => emulator.close());
}

export interface Scenario {
  event?: string;
  payload?: Payload;
  inputs?: Record<string, string>;
  github?: Record<string, string | undefined>;
  jobStatus?: string;
  /** Variables beside the inputs, such as ACTIONS_ID_TOKEN_REQUEST_URL. */
  env?: Record<string, string>;
}

export function run(scenario: Scenario = {}): Promise<ActionRun> {
  const event = scenario.event ?? 'push';
  const payload = scenario.payload ?? examplePayload(event);
  const hosts = emulatedEnv(emulator);
  return runAction({
    inputs: { ...emulatedInputs(emulator), ...scenario.inputs },
    github: githubEnv(event, payload, { ...hosts.github, ...scenario.github }),
    payload,
    jobStatus: scenario.jobStatus,
    env: { ...hosts.env, ...scenario.env },
  });
}

/** A loopback port nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export function requestsTo(service: 'login' | 'graph' | 'github'): number {
  return emulator.requests.filter((r) => r.service === service).length;
}

/** The single Graph message the emulator accepted. */
export function received(): SentMessage & { message: any } {
  expect(emulator.messages).toHaveLength(1);
  return emulator.messages[0] as any;
}

/** Scripts Graph's next sendMail answer(s) as a Graph error; the request id ends in `idSuffix`. */
export function graphRefuses(
  status: number,
  code: string,
  message: string,
  idSuffix: string,
  more: Partial<Fault> = {},
) {
  emulator.fault({
    route: 'sendMail',
    status,
    body: { error: { code, message } },
    headers: { 'request-id': `0b1c2d3e-0000-4000-8000-${idSuffix.padStart(12, '0')}` },
    ...more,
  });
}

/** Runs a failing scenario and returns its one error line, after the checks every failure shares. */
export async function failure(scenario: Scenario): Promise<string> {
  const result = await run(scenario);
  expect(result.code).toBe(1);
  expect(result.errors).toHaveLength(1);
  expect(result.outputs.sent).toBe('false');
  expect(result.stdout + result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  expect(emulator.messages).toEqual([]);
  return result.errors[0];
}
