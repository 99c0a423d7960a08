/**
 * `npm run bench`: how fast and how lean the bundled action is, measured against the emulator under Node 24,
 * medians over repeated runs, printed as a table. Not a test: numbers vary by machine; the targets are a guide.
 *
 *   (a) a full notification send: wall time and peak RSS, as ratios to `node -e 0` measured in the same run
 *   (b) a 150 MB attachment: peak RSS growth over (a) and upload throughput
 *   (c) requests per send, by service
 *   (d) a failed job's 120 MB log, streamed for its excerpt: peak RSS of the whole run
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { inputEnv, node24 } from '../test/fixtures/action.ts';
import { emulatedEnv, emulatedInputs } from '../test/fixtures/emulated.ts';
import { examplePayload, githubEnv } from '../test/fixtures/github.ts';
import { startEmulator, type Emulator } from '../test/emulator/index.ts';

const ROOT = resolve(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const MB = 1024 * 1024;
const ATTACHMENT_MB = 150;

interface Sample {
  seconds: number;
  maxRssKb: number;
  code: number;
}

/** Runs a command and reads its wall time and peak RSS from the kernel (getrusage of the waited-for child). */
function measure(command: string[], env: Record<string, string>, cwd: string): Promise<Sample> {
  const probe =
    'import resource, subprocess, sys, time\n' +
    't = time.perf_counter(); r = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE)\n' +
    "sys.stderr.write(''.join(l + '\\n' for l in r.stdout.decode().splitlines() if l.startswith('::error::')))\n" +
    'print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)';
  return new Promise((done, fail) => {
    const child = spawn('python3', ['-c', probe, ...command], { env, cwd, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', fail);
    child.on('close', () => {
      const [seconds, rss, code] = out.trim().split(/\s+/).map(Number);
      done({ seconds, maxRssKb: rss, code });
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

async function series(emulator: Emulator, command: string[], env: Record<string, string>, cwd: string) {
  const samples: Sample[] = [];
  for (let i = 0; i < RUNS; i++) {
    emulator.reset();
    const sample = await measure(command, env, cwd);
    if (sample.code !== 0) throw new Error(`${command.join(' ')} exited ${sample.code}`);
    samples.push(sample);
  }
  return { seconds: median(samples.map((s) => s.seconds)), rssMb: median(samples.map((s) => s.maxRssKb)) / 1024 };
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

const LOG_MB = 120;

/** (d): every run reads the failed job's log of LOG_MB through the emulator's logs host, keeping only its end. */
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

  await writeRandomFile(join(dir, 'artifact.bin'), ATTACHMENT_MB * MB);
  const bigEnv = actionEnv(emulator, dir, {
    'github-token': '',
    attachments: 'artifact.bin',
    'max-message-size': String(ATTACHMENT_MB),
    'timeout-seconds': '600',
  });
  const big = await series(emulator, action, bigEnv, dir);
  const bigRequests = requestsBy(emulator);
  const uploadSeconds = Math.max(0.001, big.seconds - plain.seconds);
  const log = await bigLog(emulator, action, dir);

  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const f = (n: number, digits = 2) => n.toFixed(digits);
  console.log(`Node 24 (${node24}), ${RUNS} runs each, medians.\n`);
  console.log(row(['measure', 'value', 'target']));
  console.log(row(['---', '---', '---']));
  console.log(row(['bare node -e 0', `${f(bare.seconds, 3)} s, ${f(bare.rssMb, 1)} MiB`, '']));
  console.log(
    row([
      '(a) send, no GitHub API',
      `${f(plain.seconds, 3)} s (${f(plain.seconds / bare.seconds)}× bare), ${f(plain.rssMb, 1)} MiB`,
      '≤ 4× bare, ≤ 64 MiB',
    ]),
  );
  console.log(
    row([
      '(a) send, jobs from the GitHub API',
      `${f(enriched.seconds, 3)} s (${f(enriched.seconds / bare.seconds)}× bare), ${f(enriched.rssMb, 1)} MiB`,
      '≤ 4× bare, ≤ 64 MiB',
    ]),
  );
  console.log(
    row([
      `(b) ${ATTACHMENT_MB} MB attachment`,
      `RSS +${f(big.rssMb - plain.rssMb, 1)} MiB, ${f(ATTACHMENT_MB / uploadSeconds, 1)} MB/s (${f(big.seconds, 2)} s in all)`,
      '≤ +32 MiB, ≥ 50 MB/s',
    ]),
  );
  console.log(
    row([`(d) ${LOG_MB} MB job log excerpt`, `${f(log.rssMb, 1)} MiB peak RSS, ${f(log.seconds, 2)} s`, '≤ 128 MiB']),
  );
  console.log(row(['(c) requests, send', plainRequests, 'token + sendMail']));
  console.log(row(['(c) requests, send with GitHub API', enrichedRequests, '']));
  console.log(row([`(c) requests, ${ATTACHMENT_MB} MB attachment`, bigRequests, '']));
} finally {
  rmSync(dir, { recursive: true, force: true });
  await emulator.close();
}
