/**
 * `npm run bench`: how fast and how lean the bundled action is, measured against the emulator under Node 24,
 * medians over repeated runs, printed as a table. Not a test: numbers vary by machine; the targets are a guide.
 *
 *   (a) a full notification send: wall time and peak RSS, as ratios to `node -e 0` measured in the same run
 *   (b) a 110 MB attachment (the largest that fits 150 MB once encoded): peak RSS growth over (a) and upload throughput
 *   (c) requests per send, by service
 *   (d) round trips in a row at 100 ms latency (the emulator delays every answer): the longest chain of requests
 *       each sent after the one before it was answered, for a success mail and a failure mail with its evidence
 *   (e) a failed job's 120 MB log, streamed for its excerpt: peak RSS of the whole run
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { inputEnv, node24 } from '../test/fixtures/action.ts';
import { emulatedEnv, emulatedInputs } from '../test/fixtures/emulated.ts';
import { examplePayload, githubEnv } from '../test/fixtures/github.ts';
import { DEFAULTS, roundTrips, startEmulator, type Emulator } from '../test/emulator/index.ts';

const ROOT = resolve(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const MB = 1024 * 1024;
/** The largest file a mail carries: Exchange Online's 150 MB counts it once base64 has made it a third larger. */
const ATTACHMENT_MB = 110;
const MAX_MESSAGE_MB = 150;
const LATENCY_MS = 100;

interface Sample {
  seconds: number;
  /** User and system CPU time: steadier than wall time on a machine others share. */
  cpuSeconds: number;
  maxRssKb: number;
  code: number;
}

/** Runs a command and reads its wall time, CPU time and peak RSS from the kernel (getrusage of the waited-for child). */
function measure(command: string[], env: Record<string, string>, cwd: string): Promise<Sample> {
  const probe =
    'import resource, subprocess, sys, time\n' +
    't = time.perf_counter(); r = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE)\n' +
    "sys.stderr.write(''.join(l + '\\n' for l in r.stdout.decode().splitlines() if l.startswith('::error::')))\n" +
    'u = resource.getrusage(resource.RUSAGE_CHILDREN)\n' +
    'print(time.perf_counter() - t, u.ru_maxrss, r.returncode, u.ru_utime + u.ru_stime)';
  return new Promise((done, fail) => {
    const child = spawn('python3', ['-c', probe, ...command], { env, cwd, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', fail);
    child.on('close', () => {
      const [seconds, rss, code, cpuSeconds] = out.trim().split(/\s+/).map(Number);
      done({ seconds, maxRssKb: rss, code, cpuSeconds });
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The environment of one action run against the emulator, as the runner would set it. */
function actionEnv(emulator: Emulator, dir: string, inputs: Record<string, string>): Record<string, string> {
  const payload = examplePayload('push');
  const eventPath = join(dir, 'event.json');
  writeFileSync(eventPath, JSON.stringify(payload));
  writeFileSync(join(dir, 'output'), '');
  writeFileSync(join(dir, 'summary'), '');
  const hosts = emulatedEnv(emulator);
  return {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    RUNNER_TEMP: dir,
    GITHUB_WORKSPACE: dir,
    ...inputEnv({ status: 'failure', 'job-summary': 'true', ...emulatedInputs(emulator), ...inputs }),
    ...githubEnv('push', payload, hosts.github),
    ...hosts.env,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
  };
}

async function series(
  emulator: Emulator,
  command: string[],
  env: Record<string, string>,
  cwd: string,
  setup = () => {},
) {
  const samples: Sample[] = [];
  for (let i = 0; i < RUNS; i++) {
    emulator.reset();
    setup();
    const sample = await measure(command, env, cwd);
    if (sample.code !== 0) throw new Error(`${command.join(' ')} exited ${sample.code}`);
    samples.push(sample);
  }
  return {
    seconds: median(samples.map((s) => s.seconds)),
    cpuSeconds: median(samples.map((s) => s.cpuSeconds)),
    rssMb: median(samples.map((s) => s.maxRssKb)) / 1024,
  };
}

async function writeRandomFile(path: string, bytes: number): Promise<void> {
  const out = createWriteStream(path);
  const block = randomBytes(MB);
  for (let written = 0; written < bytes; written += MB) {
    if (!out.write(block)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
}

function requestsBy(emulator: Emulator): string {
  const count = (service: string) => emulator.requests.filter((r) => r.service === service).length;
  return `${emulator.requests.length} (login ${count('login')}, graph ${count('graph')}, github ${count('github')})`;
}

/** Every job of the run green but the one sending: a success mail has no evidence to read. */
function allGreen(emulator: Emulator): void {
  emulator.actions.setJobs([
    { name: 'build', conclusion: 'success', seconds: 95 },
    { name: 'test (ubuntu-latest)', conclusion: 'success', seconds: 48 },
    { name: DEFAULTS.currentJobName, runner_name: DEFAULTS.currentRunnerName },
  ]);
}

/**
 * One send with every answer LATENCY_MS late: the round trips in a row the emulator saw, and the wall time over
 * the same send without latency (which, divided by the latency, counts them again from the outside).
 */
async function roundTripsOf(
  emulator: Emulator,
  command: string[],
  env: Record<string, string>,
  cwd: string,
  setup: () => void,
) {
  const once = async (latencyMs: number) => {
    emulator.reset();
    setup();
    emulator.latencyMs = latencyMs;
    const sample = await measure(command, env, cwd);
    if (sample.code !== 0) throw new Error(`${command.join(' ')} exited ${sample.code}`);
    return { seconds: sample.seconds, chain: roundTrips(emulator.timeline) };
  };
  const slow = median((await repeat(() => once(LATENCY_MS))).map((r) => r.seconds));
  const chain = (await once(LATENCY_MS)).chain;
  const fast = median((await repeat(() => once(0))).map((r) => r.seconds));
  emulator.latencyMs = 0;
  return { chain, fromWallTime: (slow - fast) / (LATENCY_MS / 1000) };
}

async function repeat<T>(make: () => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < Math.min(RUNS, 3); i++) results.push(await make());
  return results;
}

const LOG_MB = 120;

/** (e): every run reads the failed job's log of LOG_MB through the emulator's logs host, keeping only its end. */
async function bigLog(emulator: Emulator, command: string[], dir: string) {
  const samples: Sample[] = [];
  for (let i = 0; i < RUNS; i++) {
    emulator.reset();
    const failed = emulator.actions.currentRun().attempts[0]!.jobs.find((job) => job.conclusion === 'failure')!;
    failed.log = { padBytes: LOG_MB * MB };
    const sample = await measure(command, actionEnv(emulator, dir, { 'timeout-seconds': '600' }), dir);
    if (sample.code !== 0 || emulator.logDownloads.length !== 1) throw new Error(`the ${LOG_MB} MB log run failed`);
    samples.push(sample);
  }
  return { seconds: median(samples.map((s) => s.seconds)), rssMb: median(samples.map((s) => s.maxRssKb)) / 1024 };
}

const emulator = await startEmulator();
const dir = mkdtempSync(join(tmpdir(), 'bench-'));
try {
  const action = [node24, join(ROOT, 'dist', 'index.js')];
  const bare = await series(emulator, [node24, '-e', '0'], { PATH: process.env.PATH ?? '' }, dir);
  const plainEnv = actionEnv(emulator, dir, { 'github-token': '' });
  const plain = await series(emulator, action, plainEnv, dir);
  const plainRequests = requestsBy(emulator);
  const enriched = await series(emulator, action, actionEnv(emulator, dir, {}), dir);
  const enrichedRequests = requestsBy(emulator);
  const successTrips = await roundTripsOf(emulator, action, actionEnv(emulator, dir, { status: 'success' }), dir, () =>
    allGreen(emulator),
  );
  const failureTrips = await roundTripsOf(emulator, action, actionEnv(emulator, dir, {}), dir, () => {});

  await writeRandomFile(join(dir, 'artifact.bin'), ATTACHMENT_MB * MB);
  const bigEnv = actionEnv(emulator, dir, {
    'github-token': '',
    attachments: 'artifact.bin',
    'max-message-size': String(MAX_MESSAGE_MB),
    'timeout-seconds': '600',
  });
  // A mailbox whose MaxSendSize an admin raised to the most Exchange Online allows.
  const big = await series(emulator, action, bigEnv, dir, () => {
    emulator.directory.tenants[0].mailboxes[0].maxSendSize = MAX_MESSAGE_MB * MB;
  });
  const bigRequests = requestsBy(emulator);
  const uploadSeconds = Math.max(0.001, big.seconds - plain.seconds);
  const log = await bigLog(emulator, action, dir);

  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const f = (n: number, digits = 2) => n.toFixed(digits);
  console.log(`Node 24 (${node24}), ${RUNS} runs each, medians.\n`);
  console.log(row(['measure', 'value', 'target']));
  console.log(row(['---', '---', '---']));
  const startup = (m: typeof bare) =>
    `${f(m.seconds, 3)} s (${f(m.seconds / bare.seconds)}× bare; CPU ${f(m.cpuSeconds / bare.cpuSeconds)}×), ` +
    `${f(m.rssMb, 1)} MiB`;
  console.log(
    row(['bare node -e 0', `${f(bare.seconds, 3)} s (CPU ${f(bare.cpuSeconds, 3)} s), ${f(bare.rssMb, 1)} MiB`, '']),
  );
  console.log(row(['(a) send, no GitHub API', startup(plain), '≤ 4× bare, ≤ 64 MiB']));
  console.log(row(['(a) send, jobs from the GitHub API', startup(enriched), '≤ 4× bare, ≤ 64 MiB']));
  console.log(
    row([
      `(b) ${ATTACHMENT_MB} MB attachment`,
      `RSS +${f(big.rssMb - plain.rssMb, 1)} MiB, ${f(ATTACHMENT_MB / uploadSeconds, 1)} MB/s (${f(big.seconds, 2)} s in all)`,
      '≤ +32 MiB, ≥ 50 MB/s',
    ]),
  );
  console.log(
    row([`(e) ${LOG_MB} MB job log excerpt`, `${f(log.rssMb, 1)} MiB peak RSS, ${f(log.seconds, 2)} s`, '≤ 128 MiB']),
  );
  console.log(row(['(c) requests, send', plainRequests, 'token + sendMail']));
  console.log(row(['(c) requests, send with GitHub API', enrichedRequests, '']));
  console.log(row([`(c) requests, ${ATTACHMENT_MB} MB attachment`, bigRequests, '']));
  const trips = (t: { chain: number; fromWallTime: number }) => `${t.chain} (wall time says ${f(t.fromWallTime, 1)})`;
  console.log(row([`(d) round trips in a row at ${LATENCY_MS} ms, success mail`, trips(successTrips), '≤ 3']));
  console.log(
    row([`(d) round trips in a row at ${LATENCY_MS} ms, failure mail with evidence`, trips(failureTrips), '≤ 4']),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
  await emulator.close();
}
