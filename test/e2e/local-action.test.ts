/**
 * `npm run local-action` runs src/main.ts from source under GitHub's local-action debugger, with the inputs and
 * runner variables of `.env`. The debugger stubs @actions/core: outputs and errors come out as `::set-output` and
 * `::error::` lines, and it exits 0 even when the step failed, so "not failed" is read from the log. The command
 * is the one package.json holds, given a copy of .env.example in place of `.env`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, dirname, join, resolve } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { node24 } from '../fixtures/action.ts';

const root = resolve(import.meta.dirname, '../..');
const example = readFileSync(join(root, '.env.example'), 'utf8');
let scratch: string;

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'local-action-'));
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

interface DebuggerRun {
  status: number | null;
  stdout: string;
  outputs: Record<string, string>;
  errors: string[];
  warnings: string[];
}

/**
 * Runs `npm run local-action` with `envText` as its .env, as npm would: node_modules/.bin, and so Node 24, first on
 * PATH. Nothing from the environment of the tests (a real runner's GITHUB_* and INPUT_* included) reaches it.
 */
function localAction(envText: string): DebuggerRun {
  const envFile = join(scratch, '.env');
  writeFileSync(envFile, envText);
  const script: string = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts['local-action'];
  expect(script).toMatch(/ \.env$/);
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(INPUT_|GITHUB_|RUNNER_|ACTIONS_)/i.test(name)),
  );
  const path = [join(root, 'node_modules', '.bin'), dirname(node24), process.env.PATH].join(delimiter);
  const run = spawnSync(script.replace(/ \.env$/, ` "${envFile}"`), {
    cwd: root,
    shell: true,
    encoding: 'utf8',
    env: { ...env, PATH: path, FORCE_COLOR: '0', NO_COLOR: '1' },
  });
  const lines = (prefix: string) =>
    [...run.stdout.matchAll(new RegExp(`^${prefix}(.*)$`, 'gm'))].map((match) => match[1]);
  const outputs = Object.fromEntries(
    lines('::set-output name=').map((line) => [line.slice(0, line.indexOf('::')), line.slice(line.indexOf('::') + 2)]),
  );
  return {
    status: run.status,
    stdout: run.stdout,
    outputs,
    errors: lines('::error::'),
    warnings: lines('::warning::'),
  };
}

/** .env.example, with what the run writes sent to the scratch folder instead of the checkout. */
function exampleInScratch(): string {
  return `${example}\nRUNNER_TEMP=${join(scratch, 'temp')}\nGITHUB_STEP_SUMMARY=${join(scratch, 'summary.md')}\n`;
}

it('runs the dry run of .env.example from source: rendered, not failed, not sent', { timeout: 90_000 }, () => {
  const run = localAction(exampleInScratch());

  expect(run.status).toBe(0);
  expect(run.errors).toEqual([]);
  // No warning either: a GitHub API read would warn here, with no token and no network.
  expect(run.warnings).toEqual([]);
  const file = run.outputs['html-file'];
  expect(dirname(file)).toBe(join(scratch, 'temp'));
  expect(basename(file)).toMatch(/^mail-preview-1658821493-\d+\.html$/);
  expect(run.stdout).toContain(`::info::Dry run: the mail was rendered to ${file} and not sent.`);
  expect(run.outputs).toMatchObject({
    sent: 'false',
    'status-code': '',
    recipients: '2',
    subject: '✅ SUCCESS · octo-org/octo-repo · CI #42 · main',
  });
  const html = readFileSync(file, 'utf8');
  expect(html).toMatch(/^<!DOCTYPE html>[\s\S]*<\/html>\s*$/);
  expect(html).toContain('href="https://github.com/octo-org/octo-repo/actions/runs/1658821493"');
  expect(readFileSync(join(scratch, 'summary.md'), 'utf8')).toContain('<h3>📧 Dry run: notification not sent</h3>');
});

it('shows a failed step as its error line', { timeout: 90_000 }, () => {
  const run = localAction(exampleInScratch().replace(/^INPUT_SENDER=.*$/m, ''));

  expect(run.errors).toEqual(["Input 'sender' is required and was not supplied."]);
  expect(run.outputs).toMatchObject({ sent: 'false', 'html-file': '' });
  expect(existsSync(join(scratch, 'temp'))).toBe(false);
});
