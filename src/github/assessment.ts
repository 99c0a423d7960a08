import * as core from '@actions/core';
import { createRunApi } from './api.js';
import { runTitle, type Changes, type RunContext, type RunDetails } from '../context.js';
import { decide, type Verdict } from './decision.js';
import { readChanges, type CommitsApi } from './changes.js';
import {
  compareWith,
  deriveStatus,
  readPreviousRun,
  readRunDetails,
  type Comparison,
  type History,
  type RunIdentity,
} from './enrichment.js';
import { ActionFailure, shown } from '../failure.js';
import { readLogFile } from './logs.js';
import type { Inputs } from '../inputs.js';
import type { Status } from '../status.js';

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
  if (base.notifier) {
    core.info(`Reporting on ${runLabel(base)}, the run that triggered this workflow_run (run ${base.notifier.runId}).`);
  }
  // The send's deadline runs from the sign-in, which starts beside these reads: a log that does not come may take
  // a quarter of it (30 s at most), so the mail still goes out in time without it.
  const logs = { lines: inputs.logLines, timeoutMs: Math.min(inputs.timeoutSeconds / 4, 30) * 1000 };
  const api = inputs.githubToken === '' ? undefined : await createRunApi(inputs.githubToken, base, apiUrl(), logs);
  const reader = new ApiReader();
  // RUNNER_NAME names this step's runner: no job of a run reported by a notifier is the one sending the mail.
  const runnerName = base.notifier ? '' : (process.env.RUNNER_NAME ?? '');
  // Asked alongside the jobs, before the result they give is known: one round trip instead of two in a row.
  const previous =
    api && inputs.status !== 'cancelled' && inputs.status !== 'skipped'
      ? settle(readPreviousRun(api, base, ownRun(base)))
      : undefined;
  // A failure given as such (not auto) needs only the previous runs to know whether the mail goes out and which
  // commits came since the last green run: that read then runs beside the annotations and logs, not after them.
  const early =
    api && previous && inputs.status === 'failure'
      ? previous.then((read) =>
          read.ok ? changesFor(api, base, compareWith(read.value, 'failure'), inputs) : undefined,
        )
      : undefined;
  const [details, logFile] = await Promise.all([
    api &&
      reader.read("the run's jobs", () =>
        readRunDetails(api, base, runnerName, (error, part) => reader.failed(`${part} of failed jobs`, error)),
      ),
    logFileTail(inputs),
  ]);
  const status = resolveStatus(inputs, base, details && statusOfJobs(details, base), api !== undefined);
  const comparison = await previousResult(api !== undefined, previous, reader, status, inputs.notifyWhen);
  const verdict = decide(inputs.notifyWhen, status, comparison);
  // Read only for a failure mail that goes out: a mail notify-when holds back shows nothing.
  const changes =
    api && status === 'failure' && verdict.send
      ? await changesSince((await early) ?? settle(readChanges(api, base, comparison)))
      : undefined;
  return {
    ctx: {
      ...base,
      ...(details && { details }),
      ...(comparison && { transition: comparison.transition }),
      ...(changes && { changes }),
      ...(logFile && { logFile }),
    },
    status,
    verdict,
  };
}

/**
 * This run's workflow, id and number, known without a request: GITHUB_WORKFLOW_REF names the workflow's file
 * (`owner/repo/.github/workflows/ci.yml@refs/heads/main`, the caller's for a reusable workflow), and the runs
 * list takes a file name for the workflow id. Undefined for a notifier (the variables describe its own run), a
 * workflow with no file (dynamic ones, such as CodeQL's default setup) or no run number: the run is asked then.
 */
export function ownRun(ctx: RunContext, workflowRef = process.env.GITHUB_WORKFLOW_REF ?? ''): RunIdentity | undefined {
  if (ctx.notifier || ctx.runNumber === 0) return undefined;
  const prefix = `${ctx.repository}/.github/workflows/`.toLowerCase();
  if (!workflowRef.toLowerCase().startsWith(prefix)) return undefined;
  const file = /^([^/@]+)@/.exec(workflowRef.slice(prefix.length))?.[1];
  return file ? { workflow: file, id: Number(ctx.runId), run_number: ctx.runNumber } : undefined;
}

/** A log file that cannot be read costs the mail its tail, not the step; one outside the workspace is refused. */
async function logFileTail(inputs: Inputs) {
  if (inputs.logFile === undefined || inputs.logLines === 0) return undefined;
  try {
    return await readLogFile(inputs.logFile, inputs.logLines);
  } catch (error) {
    if (error instanceof ActionFailure) throw error;
    const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    core.warning(
      `Input 'log-file': ${shown(inputs.logFile)} cannot be read (${reason}); the mail goes out without its tail.`,
    );
    return undefined;
  }
}

function apiUrl(): string {
  return (process.env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, '');
}

/** `CI #42 (run 1658821493)`, for log lines about the reported run. */
function runLabel(ctx: RunContext): string {
  return `${runTitle(ctx) || 'the workflow'} (run ${ctx.runId})`;
}

/** A reported run that never started a job (a startup_failure) gives nothing to derive from: its conclusion will. */
function statusOfJobs(details: RunDetails, ctx: RunContext): Status | undefined {
  return ctx.notifier && details.jobs.length === 0 ? undefined : deriveStatus(details);
}

function resolveStatus(inputs: Inputs, ctx: RunContext, derived: Status | undefined, tried: boolean): Status {
  if (inputs.status !== 'auto') {
    warnOfOwnStatus(inputs.status, ctx);
    return inputs.status;
  }
  const whose = ctx.notifier ? `the jobs of ${runLabel(ctx)}` : "the run's other jobs";
  if (derived !== undefined) {
    core.info(`Status auto: ${whose} make it ${derived}.`);
    return derived;
  }
  if (ctx.conclusion !== undefined) {
    core.info(`Status auto: ${runLabel(ctx)} ended in ${ctx.conclusion}, as the workflow_run event says.`);
    return ctx.conclusion;
  }
  const why = tried ? 'they could not be read (see the warning above)' : "'github-token' is empty";
  // A notifier's own job.status says nothing of the run it reports, so it is no way out there.
  const otherwise = ctx.notifier ? '' : ', or pass status: ${{ job.status }}';
  throw new ActionFailure(
    `Input 'status' is auto (or empty), which derives the result from ${whose}, but ${why}. Give ` +
      `the job 'permissions: actions: read' and keep 'github-token'${otherwise}.`,
  );
}

/**
 * In a notifier, `${{ job.status }}` (the input's default) is the notifier's own job, which succeeds however the
 * reported run ended: a status that contradicts the event is almost always that mistake.
 */
function warnOfOwnStatus(status: Status, ctx: RunContext): void {
  if (!ctx.notifier || ctx.conclusion === undefined || ctx.conclusion === status) return;
  core.warning(
    `Input 'status' is ${status}, but ${runLabel(ctx)} ended in ${ctx.conclusion}: in a workflow_run notifier ` +
      '${{ job.status }} is the status of the notifier itself. Pass status: auto to report the run that triggered it.',
  );
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** A read started now whose failure is told when its answer is used, so warnings keep their order. */
function settle<T>(read: Promise<T>): Promise<Settled<T>> {
  return read.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );
}

/**
 * How this result compares with the previous run, read whatever `notify-when` is: every success or failure mail
 * says FIXED, BROKEN or STILL FAILING when the token can tell. Only `change` needs it, so only `change` warns
 * when there is no token to read it with.
 */
async function previousResult(
  tokenGiven: boolean,
  previous: Promise<Settled<History | undefined>> | undefined,
  reader: ApiReader,
  status: Status,
  when: Inputs['notifyWhen'],
): Promise<Comparison | undefined> {
  if (!tokenGiven) {
    if (when === 'change') {
      core.warning("notify-when: change needs 'github-token' to read the previous run; sending anyway.");
    }
    return undefined;
  }
  if (previous === undefined || (status !== 'success' && status !== 'failure')) return undefined;
  const read = await previous;
  if (!read.ok) {
    reader.failed('the previous run of this workflow', read.error);
    return undefined;
  }
  return compareWith(read.value, status);
}

/** The commits since the last green run, for a failure. Compare needs a permission of its own, so a warning too. */
/** The changes read started early, for a failure mail that goes out whatever else GitHub says. */
function changesFor(api: CommitsApi, ctx: RunContext, comparison: Comparison, inputs: Inputs) {
  return decide(inputs.notifyWhen, 'failure', comparison).send ? settle(readChanges(api, ctx, comparison)) : undefined;
}

/** The commits since the last green run, for a failure, or one warning: compare needs a permission of its own. */
async function changesSince(
  read: Settled<Changes | undefined> | Promise<Settled<Changes | undefined>>,
): Promise<Changes | undefined> {
  const answer = await read;
  if (answer.ok) return answer.value;
  // Runs were just read with this token, so a 404 is the commit, gone from the repository with a rewritten history.
  const fix =
    (answer.error as { status?: unknown }).status === 404
      ? "The last successful run's commit is no longer in the repository."
      : "Give the job 'permissions: contents: read'.";
  core.warning(
    `Could not read the commits since the last successful run from the GitHub API (${apiReason(answer.error)}); ` +
      `the mail goes out without them. ${fix}`,
  );
  return undefined;
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
