import * as core from '@actions/core';
import { createRunApi } from './api.js';
import type { RunContext } from './context.js';
import { decide, type Verdict } from './decision.js';
import { compareWithPrevious, deriveStatus, readRunDetails, type Comparison, type RunApi } from './enrichment.js';
import { ActionFailure } from './failure.js';
import type { Inputs } from './inputs.js';
import type { Status } from './status.js';

export interface Assessment {
  /** The run context with what the GitHub API added. */
  ctx: RunContext;
  status: Status;
  verdict: Verdict;
}

/**
 * Everything the action learns before it writes the mail: the run's jobs (when the token may read them), the
 * result (`status: auto` derives it), and whether `notify-when` wants a mail at all. Reading the API never
 * fails the step, except for `status: auto`, which has nothing else to go on.
 */
export async function assess(inputs: Inputs, base: RunContext): Promise<Assessment> {
  const api = inputs.githubToken === '' ? undefined : await createRunApi(inputs.githubToken, base, apiUrl());
  const reader = new ApiReader();
  const details =
    api &&
    (await reader.read("the run's jobs", () =>
      readRunDetails(api, base, process.env.RUNNER_NAME ?? '', (error) =>
        reader.failed('annotations of failed jobs', error),
      ),
    ));
  const status = resolveStatus(inputs, details ? deriveStatus(details) : undefined, api !== undefined);
  const comparison = inputs.notifyWhen === 'change' ? await previousResult(api, reader, base, status) : undefined;
  return {
    ctx: { ...base, ...(details && { details }), ...(comparison && { transition: comparison.transition }) },
    status,
    verdict: decide(inputs.notifyWhen, status, comparison),
  };
}

function apiUrl(): string {
  return (process.env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, '');
}

function resolveStatus(inputs: Inputs, derived: Status | undefined, tried: boolean): Status {
  if (inputs.status !== 'auto') return inputs.status;
  if (derived !== undefined) {
    core.info(`Status auto: the run's other jobs make it ${derived}.`);
    return derived;
  }
  const why = tried ? 'they could not be read (see the warning above)' : "'github-token' is empty";
  throw new ActionFailure(
    `Input 'status' is auto (or empty), which derives the result from the run's other jobs, but ${why}. Give ` +
      "the job 'permissions: actions: read' and keep 'github-token', or pass status: ${{ job.status }}.",
  );
}

async function previousResult(
  api: RunApi | undefined,
  reader: ApiReader,
  ctx: RunContext,
  status: Status,
): Promise<Comparison | undefined> {
  if (api === undefined) {
    core.warning("notify-when: change needs 'github-token' to read the previous run; sending anyway.");
    return undefined;
  }
  if (status !== 'success' && status !== 'failure') return undefined;
  return reader.read('the previous run of this workflow', () => compareWithPrevious(api, ctx, status));
}

/**
 * Runs API reads that may fail without failing the step. The first failure is a warning naming what could not
 * be read, why, and the permission to grant; later ones (usually the same cause) go to the debug log.
 */
class ApiReader {
  private warned = false;

  async read<T>(what: string, read: () => Promise<T>): Promise<T | undefined> {
    try {
      return await read();
    } catch (error) {
      this.failed(what, error);
      return undefined;
    }
  }

  failed(what: string, error: unknown): void {
    const line = `Could not read ${what} from the GitHub API (${apiReason(error)}); the mail goes out without it.`;
    if (this.warned) {
      core.debug(line);
      return;
    }
    this.warned = true;
    core.warning(`${line} Give the job 'permissions: actions: read' (and checks: read for annotations).`);
  }
}

function apiReason(error: unknown): string {
  const status = (error as { status?: unknown }).status;
  // Octokit appends the documentation URL to GitHub's message; the permission hint says more.
  const message = (error instanceof Error ? error.message.split('\n')[0] : String(error)).replace(
    / - https?:\/\/\S+$/,
    '',
  );
  return typeof status === 'number' && !message.startsWith(String(status)) ? `${status} ${message}` : message;
}
