/**
 * The fault matrix: what a flaky network or a struggling service does to a send, end to end. Each scenario
 * asserts the exit code, the error line (when it fails) and how many requests each service saw.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Fault } from '../emulator/index.ts';
import { emulator, run, useEmulator, type Scenario } from './harness.ts';

useEmulator();

const REQUEST_ID = / \(request-id: [0-9a-f-]{36}\)$/;

interface Case {
  name: string;
  faults: Fault[];
  scenario?: Scenario;
  code: 0 | 1;
  /** The error line, request id removed; a RegExp where it carries a number that varies. */
  error?: string | RegExp;
  /** Requests per service: token = the token endpoint's POSTs, graph = Graph's requests. */
  token?: number;
  graph: number | [number, number];
}

const graphError = (status: number, code: string, message: string): Fault => ({
  route: 'sendMail',
  status,
  body: { error: { code, message } },
});

const cases: Case[] = [
  {
    name: 'token endpoint 500 once: retried by the identity library',
    faults: [{ route: 'token', status: 500 }],
    code: 0,
    token: 2,
    graph: 1,
  },
  { name: 'token endpoint 503 once: retried', faults: [{ route: 'token', status: 503 }], code: 0, token: 2, graph: 1 },
  {
    name: 'token endpoint resets the connection once: retried',
    faults: [{ route: 'token', reset: true }],
    code: 0,
    token: 2,
    graph: 1,
  },
  {
    name: 'token endpoint never answers: the deadline',
    faults: [{ route: 'token', hang: true, times: 10 }],
    scenario: { inputs: { 'timeout-seconds': '3' } },
    code: 1,
    error:
      'Gave up after 3 seconds (timeout-seconds) waiting for Entra ID to issue a token; nothing was confirmed sent.',
    graph: 0,
  },
  {
    name: 'token endpoint answers malformed JSON',
    faults: [{ route: 'token', status: 200, body: '{"access_token": ', times: 10 }],
    code: 1,
    error: /^Sign-in to Entra ID at https:\/\/127\.0\.0\.1:\d+ failed: /,
    graph: 0,
  },
  {
    name: 'Graph 429 with Retry-After seconds, then 202',
    faults: [{ route: 'sendMail', status: 429, retryAfter: '1' }],
    code: 0,
    graph: 2,
  },
  {
    name: 'Graph 429 with Retry-After as an HTTP date, then 202',
    faults: [{ route: 'sendMail', status: 429, retryAfter: new Date(Date.now() + 1500).toUTCString() }],
    code: 0,
    graph: 2,
  },
  {
    name: 'Graph 429 storm past the deadline: stops before it, saying how often it tried',
    faults: [{ ...graphError(429, 'ApplicationThrottled', 'Too many requests.'), retryAfter: '2', times: 100 }],
    scenario: { inputs: { 'timeout-seconds': '5' } },
    code: 1,
    error:
      /^Graph sendMail failed \(429 ApplicationThrottled\): Exchange Online is throttling mailbox ci-notify@contoso\.com and [23] attempts did not get through\./,
    graph: [2, 3],
  },
  {
    name: 'Graph 429 eight times in a row, each with Retry-After 1: retried until it gets through',
    faults: [{ ...graphError(429, 'ApplicationThrottled', 'Too many requests.'), retryAfter: '1', times: 8 }],
    code: 0,
    graph: 9,
  },
  {
    name: 'Graph 429 without Retry-After: waits its own backoff, then 202',
    faults: [{ ...graphError(429, 'ApplicationThrottled', 'Too many requests.') }],
    code: 0,
    graph: 2,
  },
  { name: 'Graph 503 then 202', faults: [{ route: 'sendMail', status: 503, retryAfter: '0' }], code: 0, graph: 2 },
  { name: 'Graph 504 then 202', faults: [{ route: 'sendMail', status: 504, retryAfter: '0' }], code: 0, graph: 2 },
  {
    name: 'connection reset before the answer, then 202',
    faults: [{ route: 'sendMail', reset: true }],
    code: 0,
    graph: 2,
  },
  {
    name: 'connection reset every time',
    faults: [{ route: 'sendMail', reset: true, times: 10 }],
    code: 1,
    error: /^Could not reach Graph at https:\/\/127\.0\.0\.1:\d+: fetch failed: /,
    graph: 4,
  },
  {
    name: 'Graph never answers: the deadline, with the attempts',
    faults: [{ route: 'sendMail', hang: true, times: 10 }],
    scenario: { inputs: { 'timeout-seconds': '2' } },
    code: 1,
    error:
      'Gave up after 2 seconds (timeout-seconds) waiting for Graph: 1 attempt, no answer to the last; nothing was confirmed sent.',
    graph: 1,
  },
  {
    name: 'malformed JSON error body',
    faults: [{ route: 'sendMail', status: 500, body: '{"error": {"code": ' }],
    code: 1,
    error: 'Graph sendMail failed (500): {"error": {"code":',
    graph: 1,
  },
  {
    name: 'empty error body',
    faults: [{ route: 'sendMail', status: 500, body: '' }],
    code: 1,
    error: 'Graph sendMail failed (500): Internal Server Error',
    graph: 1,
  },
  {
    name: "a proxy's HTML error page",
    faults: [
      {
        route: 'sendMail',
        status: 502,
        body: '<html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>',
        headers: { 'content-type': 'text/html' },
      },
    ],
    code: 1,
    error: 'Graph sendMail failed (502): 502 Bad Gateway nginx',
    graph: 1,
  },
  {
    name: '401 once: one fresh sign-in and one retry',
    faults: [graphError(401, 'InvalidAuthenticationToken', 'Access token has expired or is not yet valid.')],
    code: 0,
    token: 2,
    graph: 2,
  },
  {
    name: '401 twice: fails after the one retry',
    faults: [{ ...graphError(401, 'InvalidAuthenticationToken', 'Access token validation failure.'), times: 2 }],
    code: 1,
    error:
      /^Graph sendMail failed \(401 InvalidAuthenticationToken\): Graph did not accept the access token \(Access token validation failure\.\)/,
    token: 2,
    graph: 2,
  },
  {
    name: '400 is not retried',
    faults: [graphError(400, 'ErrorInvalidRecipients', "At least one recipient isn't valid.")],
    code: 1,
    error:
      "Graph sendMail failed (400 ErrorInvalidRecipients): Graph refused the recipients (At least one recipient isn't valid.). Check the addresses in 'to', 'cc' and 'bcc'.",
    graph: 1,
  },
  {
    name: '403 is not retried',
    faults: [graphError(403, 'ErrorSendAsDenied', 'Cannot submit message.')],
    code: 1,
    error: /^Graph sendMail failed \(403 ErrorSendAsDenied\)/,
    graph: 1,
  },
  {
    name: '500 is not retried',
    faults: [graphError(500, 'ErrorInternalServerError', 'Something broke.')],
    code: 1,
    error: 'Graph sendMail failed (500 ErrorInternalServerError): Something broke.',
    graph: 1,
  },
];

function count(service: 'login' | 'graph', method?: string): number {
  return emulator.requests.filter((r) => r.service === service && (!method || r.method === method)).length;
}

describe('fault matrix', () => {
  for (const c of cases) {
    it(c.name, async () => {
      for (const fault of c.faults) emulator.fault(fault);
      const result = await run({ ...c.scenario, inputs: { 'github-token': '', ...c.scenario?.inputs } });
      expect(result.code).toBe(c.code);
      expect(result.stdout + result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
      if (c.code === 0) {
        expect(result.errors).toEqual([]);
        expect(emulator.messages).toHaveLength(1);
      } else {
        expect(result.errors).toHaveLength(1);
        const line = result.errors[0].replace(REQUEST_ID, '');
        if (typeof c.error === 'string') expect(line).toBe(c.error);
        else expect(line).toMatch(c.error!);
        expect(emulator.messages).toEqual([]);
      }
      if (c.token !== undefined) expect(count('login', 'POST')).toBe(c.token);
      const graph = count('graph');
      if (Array.isArray(c.graph)) expect(graph >= c.graph[0] && graph <= c.graph[1]).toBe(true);
      else expect(graph).toBe(c.graph);
    });
  }
});

describe('upload faults', () => {
  it('the deadline passing mid-upload still deletes the draft, under its own deadline', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'workspace-'));
    writeFileSync(join(dir, 'big.bin'), randomBytes(4 * 1024 * 1024));
    emulator.fault({ route: 'uploadChunk', delayMs: 10_000, times: 10 });
    const result = await run({
      inputs: { attachments: 'big.bin', 'github-token': '', 'timeout-seconds': '3' },
      env: { GITHUB_WORKSPACE: dir },
    });
    expect(result.code).toBe(1);
    expect(result.errors).toEqual([
      'Gave up after 3 seconds (timeout-seconds) uploading the attachments: 3 attempts, no answer to the last; ' +
        'nothing was confirmed sent.',
    ]);
    expect(emulator.messages).toEqual([]);
    expect(emulator.drafts).toEqual([]);
    expect(emulator.deletedDrafts).toHaveLength(1);
    expect(result.stdout).toContain('The draft made for the attachments was deleted.');
  });

  it('a chunk whose connection resets is sent again, and the file arrives whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'workspace-'));
    writeFileSync(join(dir, 'big.bin'), randomBytes(4 * 1024 * 1024));
    emulator.fault({ route: 'uploadChunk', reset: true });
    const result = await run({
      inputs: { attachments: 'big.bin', 'github-token': '' },
      env: { GITHUB_WORKSPACE: dir },
    });
    expect(result.errors).toEqual([]);
    expect(result.code).toBe(0);
    expect(emulator.requests.filter((r) => r.method === 'PUT')).toHaveLength(3);
    expect(emulator.messages[0].attachments.map((a) => a.size)).toEqual([4 * 1024 * 1024]);
  });
});
