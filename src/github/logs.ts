/**
 * Log excerpts: the end of each failed job's failed step, read from GitHub, and the tail of the `log-file` input
 * for the job sending the mail, whose own log GitHub does not have yet. Both are read as streams, line by line,
 * keeping only the lines shown: a job log can run to hundreds of megabytes.
 */
import { createReadStream } from 'node:fs';
import { basename, resolve } from 'node:path';
import { request } from 'undici';
import type { LogExcerpt } from '../context.js';
import { readableRoots, realPathWithin, workspaceDir } from '../files/workspace.js';
import { dispatcher } from '../net/proxy.js';
import { FileTail, JobLogTail, linesOf } from './excerpt.js';

export interface LogOptions {
  /** Lines shown per excerpt (`log-lines`); 0 reads no logs. */
  lines: number;
  /** How long one job's log may take, the redirect and the download together. */
  timeoutMs: number;
}

/**
 * GitHub answers `GET …/actions/jobs/{id}/logs` with a 302 to a pre-signed URL on another host that expires
 * after a minute; `locate` asks for it without following it, and the download goes there without the GitHub
 * token: the URL carries its own signature, and the token must reach no host but GitHub's.
 */
export async function readJobLog(
  locate: (signal: AbortSignal) => Promise<string>,
  options: LogOptions,
): Promise<LogExcerpt | undefined> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    const url = await locate(signal);
    const { statusCode, body } = await request(url, { dispatcher: dispatcher(), signal, method: 'GET' });
    if (statusCode !== 200) {
      await body.dump();
      throw new Error(`the log download answered ${statusCode}`);
    }
    const tail = new JobLogTail(options.lines);
    try {
      for await (const line of linesOf(body)) {
        tail.push(line);
        // The failed step is over: the rest is cleanup, not worth downloading.
        if (tail.done) break;
      }
    } finally {
      body.destroy();
    }
    return tail.result();
  } catch (error) {
    if (signal.aborted) throw new Error(`no complete answer within ${options.timeoutMs / 1000} s`, { cause: error });
    throw error;
  }
}

/**
 * The last lines of `log-file`, a path in the workspace (or RUNNER_TEMP) like body-file's; a path that leads
 * elsewhere throws the ActionFailure that names the input.
 */
export async function readLogFile(path: string, lines: number, workspace = workspaceDir()): Promise<LogExcerpt> {
  const real = realPathWithin('log-file', resolve(workspace, path), readableRoots(workspace));
  const tail = new FileTail(lines, basename(path));
  for await (const line of linesOf(createReadStream(real))) tail.push(line);
  return tail.result();
}
