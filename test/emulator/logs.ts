/**
 * Job logs as GitHub serves them. `GET /repos/{o}/{r}/actions/jobs/{id}/logs` (rest.ts) answers 302 with a
 * pre-signed URL on another host, valid for a minute; that host (its own listener here, as
 * `*.actions.githubusercontent.com` is not api.github.com) serves the plain-text log to whoever holds the URL and
 * refuses a request that carries an Authorization header. The log is made from the job's steps in the runner's
 * format (timestamps, `##[group]Run …`, ANSI colours, `##[error]`, the post-job cleanup) and streamed as it is
 * made, so a test can ask for a log of 120 MB without the emulator holding it.
 */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Job, Step } from './actions.ts';
import type { Exchange, Route } from './exchange.ts';
import { reply } from './exchange.ts';

/** What a test scripts of a job's log; every failed job has one, with a test runner's failure by default. */
export interface JobLog {
  /** Lines the failed step prints before its `##[error]Process completed with exit code 1.`, raw (ANSI and all). */
  output?: string[];
  /** Passing test lines printed first in the failed step, until the whole log is about this many bytes. */
  padBytes?: number;
}

/** A download of a pre-signed log URL, as the logs host saw it. */
export interface LogDownload {
  jobId: number;
  /** The Authorization header it carried, if any: none should. */
  authorization?: string;
}

export interface LogsContext {
  logsUrl: string;
  /** Signed URLs handed out, by signature. */
  signed: Map<string, { job: Job; expires: number }>;
  downloads: LogDownload[];
}

/** The docs: "This link expires after 1 minute." */
const URL_LIFETIME_MS = 60_000;

/** The redirect target for a job's log: its signature and expiry in the query, as GitHub's carry them. */
export function signLogUrl(context: LogsContext, runId: number, job: Job): string {
  const signature = randomBytes(32).toString('base64url');
  const expires = Date.now() + URL_LIFETIME_MS;
  context.signed.set(signature, { job, expires });
  const query = new URLSearchParams({
    urlExpires: new Date(expires).toISOString(),
    urlSigningMethod: 'HMACV1',
    urlSignature: signature,
  });
  return `${context.logsUrl}/_apis/pipelines/1/runs/${runId}/signedlogcontent/${job.id}?${query}`;
}

const LOG_PATH = /^\/_apis\/pipelines\/1\/runs\/\d+\/signedlogcontent\/(\d+)$/;

export function routeLogs(ex: Exchange, context: LogsContext): Route {
  return { fault: 'logContent', handle: () => serveLog(ex, context) };
}

async function serveLog(ex: Exchange, context: LogsContext): Promise<void> {
  const refuse = (status: number, message: string) =>
    reply(ex, status, { 'content-type': 'application/xml' }, `<Error><Message>${message}</Message></Error>`);
  const match = LOG_PATH.exec(ex.url.pathname);
  const signed = context.signed.get(ex.url.searchParams.get('urlSignature') ?? '');
  const authorization = ex.req.headers.authorization;
  if (match) context.downloads.push({ jobId: Number(match[1]), ...(authorization && { authorization }) });
  if (ex.record.method !== 'GET' || !match) return refuse(404, 'The specified resource does not exist.');
  if (authorization !== undefined) return refuse(400, 'An Authorization header is not accepted with a signed URL.');
  if (!signed || signed.job.id !== Number(match[1])) return refuse(403, 'Signature did not match.');
  if (Date.now() > signed.expires) return refuse(403, 'Signed URL expired.');
  ex.record.status = 200;
  ex.res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
  // A client that stops reading once it has what it needs closes the connection: that is no error.
  await pipeline(Readable.from(logChunks(signed.job)), ex.res).catch(() => undefined);
}

/** The log in chunks of many lines, so a big one streams quickly and is never whole in memory. */
function* logChunks(job: Job): Generator<string> {
  let chunk = '';
  for (const line of jobLogLines(job)) {
    chunk += `${line}\n`;
    if (chunk.length >= 64 * 1024) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/** Every line of a job's log, each opened by its timestamp, step by step. */
export function* jobLogLines(job: Job): Generator<string> {
  let bytes = 0;
  for (const step of job.steps) {
    if (step.status === 'queued' || step.conclusion === 'skipped') continue;
    const at = stamp(Date.parse(step.started_at ?? job.started_at));
    for (const line of stepLines(job, step)) {
      const stamped = `${at} ${line}`;
      bytes += Buffer.byteLength(stamped) + 1;
      yield stamped;
    }
    if (step.conclusion === 'failure' && job.log?.padBytes) yield* padding(at, job.log.padBytes - bytes);
    if (step.conclusion === 'failure') {
      for (const line of failureLines(job)) yield `${at} ${line}`;
    }
  }
}

function* stepLines(job: Job, step: Step): Generator<string> {
  if (step.name === 'Set up job') {
    yield "Current runner version: '2.321.0'";
    yield* ['##[group]Operating System', 'Ubuntu', '24.04.1', 'LTS', '##[endgroup]'];
    yield `Job defined at: Codertocat/Hello-World/.github/workflows/ci.yml@refs/heads/master`;
    yield 'Complete job name: ' + job.name;
    return;
  }
  if (step.name === 'Complete job') {
    yield 'Cleaning up orphan processes';
    return;
  }
  if (step.name.startsWith('Post')) {
    yield 'Post job cleanup.';
    yield '[command]/usr/bin/git version';
    yield 'git version 2.47.1';
    return;
  }
  yield `##[group]Run ${command(step.name)}`;
  yield `\u001b[36;1m${command(step.name)}\u001b[0m`;
  yield 'shell: /usr/bin/bash -e {0}';
  yield '##[endgroup]';
  if (step.conclusion === 'success') yield `\u001b[32m✓\u001b[39m ${step.name} done`;
}

/** `Run tests` → `npm run tests`: a `run:` step's log opens with its script's first line. */
function command(name: string): string {
  return `npm run ${name.replace(/^Run /, '').toLowerCase().replace(/\s+/g, '-')}`;
}

/** What a failed test run prints, colours and all, then the runner's error. */
function failureLines(job: Job): string[] {
  const output = job.log?.output ?? [
    '\u001b[1m\u001b[46m RUN \u001b[49m\u001b[22m \u001b[36mv3.2.4 \u001b[39m\u001b[90m/home/runner/work/Hello-World/Hello-World\u001b[39m',
    '',
    ' \u001b[31m❯\u001b[39m test/app.test.ts \u001b[2m(\u001b[22m\u001b[2m3 tests\u001b[22m\u001b[2m | \u001b[22m\u001b[31m1 failed\u001b[39m\u001b[2m)\u001b[22m',
    '\u001b[31m   \u001b[31m×\u001b[31m adds the numbers\u001b[39m',
    '##[error]AssertionError: expected 3 to be 2 // Object.is equality',
    ' \u001b[36m \u001b[2m❯\u001b[22m src/app.ts:\u001b[2m12:5\u001b[22m\u001b[39m',
    '\u001b[2m Test Files \u001b[22m \u001b[1m\u001b[31m1 failed\u001b[39m\u001b[22m\u001b[90m (1)\u001b[39m',
    '\u001b[2m      Tests \u001b[22m \u001b[1m\u001b[31m1 failed\u001b[39m\u001b[22m\u001b[2m | \u001b[22m\u001b[1m\u001b[32m2 passed\u001b[39m\u001b[22m\u001b[90m (3)\u001b[39m',
  ];
  return [...output, '##[error]Process completed with exit code 1.'];
}

/** Passing test lines, made one at a time, until `bytes` more are written. */
function* padding(at: string, bytes: number): Generator<string> {
  for (let n = 1, written = 0; written < bytes; n++) {
    const line = `${at}  \u001b[32m✓\u001b[39m test/shard-${n % 997}.test.ts \u001b[2m> case ${n}\u001b[22m \u001b[33m${n % 90}ms\u001b[39m`;
    written += Buffer.byteLength(line) + 1;
    yield line;
  }
}

/** The runner's timestamps: UTC with seven decimals. */
function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}
