import type { RunContext } from '../context.js';
import type { CommitsApi } from './changes.js';
import { RUNS_READ, type ApiRun, type RunApi } from './enrichment.js';
import { readJobLog, type LogOptions } from './logs.js';

/**
 * The GitHub REST calls behind RunApi, through @actions/github's Octokit at GITHUB_API_URL (GHES works). Octokit
 * is loaded only when a run needs it, so a send without enrichment does not pay for it.
 */
export async function createRunApi(
  token: string,
  ctx: RunContext,
  apiUrl: string,
  logs: LogOptions = { lines: 0, timeoutMs: 0 },
): Promise<RunApi & CommitsApi> {
  const { getOctokit } = await import('@actions/github');
  const octokit = getOctokit(token, { baseUrl: apiUrl });
  const [owner, repo] = ctx.repository.split('/');
  const run_id = Number(ctx.runId);
  let run: Promise<ApiRun> | undefined;
  return {
    // Asked once, whoever asks first: the run's details do not change while the mail is built.
    run: () => (run ??= octokit.rest.actions.getWorkflowRun({ owner, repo, run_id }).then((r) => r.data)),
    async jobs() {
      let total = 0;
      // Every page: a matrix can run hundreds of jobs, and the one that failed may be on the last.
      const jobs = await octokit.paginate(
        octokit.rest.actions.listJobsForWorkflowRunAttempt,
        { owner, repo, run_id, attempt_number: ctx.runAttempt, per_page: 100 },
        (response) => {
          total = response.data.total_count;
          return response.data;
        },
      );
      return { total, jobs };
    },
    async annotations(check_run_id) {
      // Actions keeps at most 50 annotations of a job's own steps; GitHub's own (`Process completed with exit code
      // 1`) come on top, so one page of 100 holds them all.
      const { data } = await octokit.rest.checks.listAnnotations({ owner, repo, check_run_id, per_page: 100 });
      return data;
    },
    async completedRuns(workflow_id, branch) {
      const { data } = await octokit.rest.actions.listWorkflowRuns({
        owner,
        repo,
        workflow_id,
        branch,
        status: 'completed',
        per_page: RUNS_READ,
      });
      return data.workflow_runs;
    },
    async compare(base, head) {
      const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
        owner,
        repo,
        basehead: `${base}...${head}`,
      });
      return data;
    },
    ...(logs.lines > 0 && {
      jobLog: (job_id: number) =>
        readJobLog(async (signal) => {
          // Octokit would follow the redirect and buffer the whole log: only its target is wanted here.
          const response = await octokit.request('GET /repos/{owner}/{repo}/actions/jobs/{job_id}/logs', {
            owner,
            repo,
            job_id,
            request: { redirect: 'manual', signal },
          });
          const location = response.headers.location;
          if (response.status !== 302 || !location) {
            throw new Error(`GitHub answered ${response.status} without a log location`);
          }
          return location;
        }, logs),
    }),
  };
}
