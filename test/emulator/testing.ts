/**
 * What the emulator's own tests share: one emulator per test file, and requests to it as a client makes them
 * (token requests, sendMail, drafts, ID tokens), each on its own connection trusting the emulator's CA.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'node:https';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { DEFAULTS, startEmulator } from './index.ts';
import type { Emulator } from './index.ts';

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json: any;
}

interface Call {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** The running emulator of the test file that called `useEmulator`; each test file runs in its own module graph. */
export let emulator: Emulator;
/** Its CA certificate, which requests made in this process trust explicitly. */
export let ca: Buffer;

/** Starts an emulator before the file's tests, closes it after them, and resets it before each. */
export function useEmulator(): void {
  beforeAll(async () => {
    emulator = await startEmulator();
    ca = readFileSync(emulator.caFile);
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());
}

/** One request on its own connection, trusting the emulator's certificate. */
export function call(url: string, { method = 'GET', headers = {}, body }: Call = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, ca, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: parse(text) });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export const form = {
  grant_type: 'client_credentials',
  client_id: DEFAULTS.clientId,
  client_secret: DEFAULTS.clientSecret as string,
  scope: '',
};

export function postToken(
  fields: Record<string, string | undefined>,
  tenant: string = DEFAULTS.tenantId,
  headers = {},
) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...form, scope: `${emulator.graphEndpoint}/.default`, ...fields })) {
    if (v !== undefined) params.set(k, v);
  }
  return call(`${emulator.authorityHost}/${tenant}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: params.toString(),
  });
}

export async function token(fields: Record<string, string> = {}): Promise<string> {
  const answer = await postToken(fields);
  expect(answer.status).toBe(200);
  return answer.json.access_token as string;
}

export function claimsOf(jwt: string) {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8'));
}

export const mail = (extra: Record<string, unknown> = {}) => ({
  message: {
    subject: 'Build #42 failed',
    body: { contentType: 'HTML', content: '<p>failed</p>' },
    toRecipients: [{ emailAddress: { address: 'team@contoso.com', name: 'Team' } }],
    ...extra,
  },
});

export async function send(
  payload: unknown,
  options: { user?: string; bearer?: string; headers?: Record<string, string> } = {},
) {
  const bearer = options.bearer ?? (await token());
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return call(`${emulator.graphEndpoint}/v1.0/users/${options.user ?? DEFAULTS.sender}/sendMail`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      ...options.headers,
    },
    body,
  });
}

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Asks the GitHub listener for an ID token as @actions/core does. */
export function fetchIdToken(audience?: string, bearer: string | null = emulator.idTokenRequestToken) {
  const url =
    audience === undefined
      ? emulator.idTokenRequestUrl
      : `${emulator.idTokenRequestUrl}&audience=${encodeURIComponent(audience)}`;
  return call(url, {
    headers: { accept: 'application/json', ...(bearer === null ? {} : { authorization: `Bearer ${bearer}` }) },
  });
}

export async function idToken(audience: string = DEFAULTS.federatedAudience): Promise<string> {
  const answer = await fetchIdToken(audience);
  expect(answer.status).toBe(200);
  return answer.json.value as string;
}

export const REPO = `/repos/${DEFAULTS.repository}`;
export const RUN = `${REPO}/actions/runs/${DEFAULTS.runId}`;

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
export const MiB = 1024 * 1024;

/** A request to the default mailbox's Graph routes, with a fresh token unless one is given. */
export async function graph(method: string, path: string, payload?: unknown, bearer?: string) {
  const auth = bearer ?? (await token());
  return call(`${emulator.graphEndpoint}/v1.0/users/${DEFAULTS.sender}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${auth}` },
    body: payload === undefined ? undefined : typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
}

export async function newDraft(bearer?: string, message: Record<string, unknown> = mail().message): Promise<string> {
  const answer = await graph('POST', '/messages', message, bearer);
  expect(answer.status).toBe(201);
  return answer.json.id as string;
}

export const itemOf = (size: number, name = 'build.log') => ({
  AttachmentItem: { attachmentType: 'file', name, size, contentType: 'text/plain' },
});

export const inline = (name: string, bytes: Buffer, extra: Record<string, unknown> = {}) => ({
  '@odata.type': '#microsoft.graph.fileAttachment',
  name,
  contentType: 'text/plain',
  contentBytes: bytes.toString('base64'),
  ...extra,
});
