/**
 * The changes since the last successful run, end to end: the commits a failure mail lists (linked, first lines,
 * authors, capped), escaped; `to-authors` adding the authors within `author-domains` and logging the rest; the
 * warning when the token may not read contents; a workflow_run notifier comparing the triggering run's commits.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULTS, type CommitSpec } from '../emulator/index.ts';
import { examplePayload, NOTIFIER_RUN } from '../fixtures/github.ts';
import { emulator, failure, received, requestsTo, run, useEmulator } from './harness.ts';

useEmulator();

const REPO_URL = `https://github.com/${DEFAULTS.repository}`;
const TO_AUTHORS = { 'to-authors': 'true', 'author-domains': 'Contoso.com, fabrikam.com' };

function warnings(stdout: string): string[] {
  return stdout.split('\n').filter((line) => line.startsWith('::warning::'));
}

function comparePaths(): string[] {
  return emulator.requests.filter((r) => r.service === 'github' && r.path.includes('/compare/')).map((r) => r.path);
}

/** The run before the current one on its branch: its number and head commit. */
function previousRun() {
  const runs = emulator.actions.repositories[0]!.workflows[0]!.runs;
  return runs.find(
    (r) => r.run_number === DEFAULTS.runNumber - 1 && r.head_branch === emulator.actions.currentRun().head_branch,
  )!;
}

function author(i: number, more: Partial<CommitSpec> = {}): CommitSpec {
  return { message: `Change number ${i}\n\nWhy it was made.`, name: `Dev ${i}`, email: `dev${i}@contoso.com`, ...more };
}

function addresses(list: { emailAddress: { address: string } }[]): string[] {
  return list.map((r) => r.emailAddress.address);
}

describe('a failure after a green run', () => {
  it('lists exactly the commits since then, newest first, linked, first lines and authors, capped at 20', async () => {
    const made = emulator.actions.setChanges(
      Array.from({ length: 23 }, (_, i) => author(i, i === 22 ? { login: 'dev22' } : {})),
    );
    const result = await run({ jobStatus: 'failure' });
    expect(result.code).toBe(0);
    expect(warnings(result.stdout)).toEqual([]);
    expect(comparePaths()).toEqual([
      `/repos/${DEFAULTS.repository}/compare/${previousRun().head_sha}...${DEFAULTS.headSha}`,
    ]);

    const html: string = received().message.body.content;
    expect(html).toContain('CHANGES SINCE THE LAST SUCCESSFUL RUN');
    expect(html).toContain(
      `23 commits since run <a href="${REPO_URL}/actions/runs/${previousRun().id}" style="color:#0969da;text-decoration:underline;">#41</a>:`,
    );
    const commitLinks = [...html.matchAll(/href="([^"]+\/commit\/[0-9a-f]{40})"[^>]*>([0-9a-f]{7})</g)];
    const listed = made.slice(-20).reverse();
    // The run's own commit link in the facts comes first; then the 20 newest changes.
    expect(commitLinks.slice(1).map((m) => [m[1], m[2]])).toEqual(
      listed.map((c) => [`${REPO_URL}/commit/${c.sha}`, c.sha.slice(0, 7)]),
    );
    expect(html).toContain('Change number 22<br><span style="font-size:13px;color:#656d76;">Dev 22 (@dev22)</span>');
    expect(html).toContain('Dev 3</span>');
    expect(html).not.toContain('Change number 2<');
    expect(html).not.toContain('Why it was made');
    expect(html).toContain('and 3 more commits');
    // Run 41's own head commit passed: it is not a change since.
    expect(html).not.toContain(previousRun().head_sha.slice(0, 7));
  });

  it('a sent failure mail leaves its evidence in the job summary too: the changes and the log excerpt, folded', async () => {
    const result = await run({ jobStatus: 'failure' });
    expect(result.code).toBe(0);
    expect(result.summary).toContain('<details><summary>Changes since the last successful run</summary>');
    expect(result.summary).toContain('<details><summary>Log excerpts</summary>');
    expect(result.summary).toContain('Error: Process completed with exit code 1.');
    expect(result.summary).not.toContain('Rendered mail');
  });

  it('in the text body too', async () => {
    const made = emulator.actions.setChanges([author(1), author(2, { login: 'dev2' })]);
    await run({ jobStatus: 'failure', inputs: { 'body-format': 'text' } });
    const text: string = received().message.body.content;
    expect(text).toContain(
      [
        'Changes since the last successful run:',
        `2 commits since run #41: <${REPO_URL}/actions/runs/${previousRun().id}>`,
        `- ${made[1]!.sha.slice(0, 7)} Change number 2 · Dev 2 (@dev2) <${REPO_URL}/commit/${made[1]!.sha}>`,
        `- ${made[0]!.sha.slice(0, 7)} Change number 1 · Dev 1 <${REPO_URL}/commit/${made[0]!.sha}>`,
        '',
        'View run:',
      ].join('\n'),
    );
  });

  it('escapes hostile commit messages and author names', async () => {
    emulator.actions.setChanges([
      {
        message: '<img src=x onerror=alert(1)> "quoted" & \'single\'\n<script>alert(2)</script>',
        name: '<b>Mallory</b>',
        email: 'mallory@contoso.com',
      },
    ]);
    await run({ jobStatus: 'failure' });
    const html: string = received().message.body.content;
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; &quot;quoted&quot; &amp; &#39;single&#39;<br>');
    expect(html).toContain('&lt;b&gt;Mallory&lt;/b&gt;');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>Mallory');
    expect(html).not.toContain('alert(2)');
  });

  it('says when there was no earlier green run, without listing the history', async () => {
    emulator.actions.setPreviousConclusions(['failure', 'failure']);
    await run({ jobStatus: 'failure', inputs: { 'body-format': 'text' } });
    expect(received().message.body.content).toContain(
      'Changes since the last successful run:\nNo earlier successful run on master: nothing to compare with.\n',
    );
    expect(comparePaths()).toEqual([]);
  });

  it('says when the last green run is older than the 20 runs read', async () => {
    emulator.actions.setPreviousConclusions([...Array<'failure'>(20).fill('failure'), 'success']);
    await run({ jobStatus: 'failure', inputs: { 'body-format': 'text' } });
    expect(received().message.body.content).toContain(
      'No successful run among the last 20 completed runs on master: too long ago to list the changes.',
    );
    expect(comparePaths()).toEqual([]);
  });

  it('counts from the green run before a failed one, its later commits included', async () => {
    emulator.actions.setPreviousConclusions(['failure', 'success']);
    const made = emulator.actions.setChanges([author(1)]);
    await run({ jobStatus: 'failure', inputs: { 'body-format': 'text' } });
    const text: string = received().message.body.content;
    expect(text).toContain('2 commits since run #40:');
    expect(text).toContain(`- ${made[0]!.sha.slice(0, 7)} Change number 1 · Dev 1`);
    expect(text).toContain(`- ${previousRun().head_sha.slice(0, 7)} Change 41 · The Octocat (@Codertocat)`);
  });

  it('says no change when the green run tested the same commit (a flaky failure)', async () => {
    previousRun().head_sha = DEFAULTS.headSha;
    const result = await run({ jobStatus: 'failure', inputs: { 'body-format': 'text', ...TO_AUTHORS } });
    expect(received().message.body.content).toContain('No change: this run tested the same commit as run #41 did.');
    expect(result.stdout).toContain('Commit authors: none added, as no commit came since the last successful run.');
  });

  it('says the history was rewritten when the green run’s commit is no longer an ancestor', async () => {
    const made = emulator.actions.setChanges([author(1), author(2)]);
    const repository = emulator.actions.repositories[0]!;
    const lost = { ...repository.commits.at(-1)!, sha: 'f'.repeat(40), parents: [previousRun().head_sha] };
    repository.commits.push(lost);
    previousRun().head_sha = lost.sha;
    await run({ jobStatus: 'failure', inputs: { 'body-format': 'text' } });
    const text: string = received().message.body.content;
    expect(text).toContain(
      '2 commits since the history was rewritten after run #41 (counted from the commit both histories share):',
    );
    expect(text).toContain(`- ${made[1]!.sha.slice(0, 7)} Change number 2`);
  });

  it('is not read for a failure notify-when holds back', async () => {
    emulator.actions.setPreviousConclusions(['failure']);
    const result = await run({ jobStatus: 'failure', inputs: { 'notify-when': 'change', ...TO_AUTHORS } });
    expect(result.code).toBe(0);
    expect(emulator.messages).toEqual([]);
    expect(comparePaths()).toEqual([]);
  });

  it('is left out of success mails, without reading the commits', async () => {
    const result = await run({ jobStatus: 'success' });
    expect(result.code).toBe(0);
    expect(received().message.body.content).not.toContain('CHANGES SINCE');
    expect(comparePaths()).toEqual([]);
  });
});

describe('to-authors', () => {
  it('adds only authors within author-domains, de-duplicated, and logs each one added or left out', async () => {
    emulator.actions.setChanges([
      author(1, { email: 'Ann.Lee@CONTOSO.com', name: 'Ann Lee' }),
      author(2, { email: 'bob@contoso.com' }),
      author(3, { email: 'eve@evil.example' }),
      author(4, { email: '12345+octo@users.noreply.github.com' }),
      author(5, { email: 'kim@eu.contoso.com' }),
      author(6, { email: 'not an address' }),
      author(7, { email: 'JANE@contoso.com' }),
      author(8, { email: 'lu@Fabrikam.com', name: 'Lu' }),
      author(9, { email: 'ann.lee@contoso.com', name: 'Ann Lee' }),
    ]);
    const result = await run({
      jobStatus: 'failure',
      inputs: { ...TO_AUTHORS, cc: 'Bob <BOB@contoso.com>' },
    });
    expect(result.code).toBe(0);
    const { message } = received();
    expect(addresses(message.toRecipients)).toEqual([
      'team@contoso.com',
      'jane@contoso.com',
      'ann.lee@contoso.com',
      'lu@Fabrikam.com',
    ]);
    // Newest first: the latest spelling of an address is the one added.
    expect(message.toRecipients[3].emailAddress.name).toBe('Lu');
    expect(addresses(message.ccRecipients)).toEqual(['BOB@contoso.com']);
    const log = result.stdout.split('\n').filter((line) => line.startsWith('Commit author'));
    expect(log).toEqual([
      'Commit author added to To: ann.lee@contoso.com',
      'Commit author added to To: lu@Fabrikam.com',
      'Commit author left out: "JANE@contoso.com" (already in to)',
      'Commit author left out: "not an address" (not a valid e-mail address)',
      'Commit author left out: "kim@eu.contoso.com" (eu.contoso.com is not in author-domains)',
      'Commit author left out: "12345+octo@users.noreply.github.com" (a GitHub noreply address, which receives no mail)',
      'Commit author left out: "eve@evil.example" (evil.example is not in author-domains)',
      'Commit author left out: "bob@contoso.com" (already in cc)',
    ]);
    expect(result.outputs.recipients).toBe('5');
    expect(result.stdout).toContain('Recipients: 5 (to 4, cc 1, bcc 0)');
  });

  it.each(['success', 'cancelled', 'skipped'])('adds no one when the run is %s', async (status) => {
    const result = await run({ jobStatus: status, inputs: TO_AUTHORS });
    expect(result.code).toBe(0);
    expect(addresses(received().message.toRecipients)).toEqual(['team@contoso.com', 'jane@contoso.com']);
    expect(result.stdout).toContain(`Commit authors: none added, as the run did not fail (${status}).`);
    expect(comparePaths()).toEqual([]);
  });

  it('without author-domains fails before any request, naming the inputs', async () => {
    const error = await failure({ jobStatus: 'failure', inputs: { 'to-authors': 'true' } });
    expect(error).toBe(
      "Input 'to-authors' is true but 'author-domains' is empty: list the domains whose commit authors may be " +
        'mailed (author-domains: contoso.com), since a commit can name any address.',
    );
    expect(emulator.requests).toEqual([]);
  });

  it('adds no one when the commits could not be read', async () => {
    emulator.actions.tokens[DEFAULTS.githubToken]!.contents = 'none';
    const result = await run({ jobStatus: 'failure', inputs: TO_AUTHORS });
    expect(addresses(received().message.toRecipients)).toEqual(['team@contoso.com', 'jane@contoso.com']);
    expect(result.stdout).toContain(
      'Commit authors: none added, as the commits since the last successful run were not read.',
    );
  });
});

describe('a dry run', () => {
  it('shows the changes in the preview and the job summary, and logs the authors it would add', async () => {
    const temp = mkdtempSync(join(tmpdir(), 'runner-temp-'));
    const result = await run({
      jobStatus: 'failure',
      inputs: { 'dry-run': 'true', ...TO_AUTHORS },
      env: { RUNNER_TEMP: temp },
    });
    expect(result.code).toBe(0);
    expect(requestsTo('graph')).toBe(0);
    expect(result.stdout).toContain('Commit author added to To: mona@contoso.com');
    expect(result.outputs.recipients).toBe('3');
    const html = readFileSync(result.outputs['html-file'], 'utf8');
    expect(html).toContain('CHANGES SINCE THE LAST SUCCESSFUL RUN');
    expect(html).toContain('Sign in with a passkey<br>');
    expect(result.summary).toContain('Mona Lisa (@monalisa)');
  });
});

describe('a token that may not read the commits', () => {
  it('without contents: read: one warning naming it, and the mail goes out without the changes', async () => {
    emulator.actions.tokens[DEFAULTS.githubToken]!.contents = 'none';
    const result = await run({ jobStatus: 'failure' });
    expect(result.code).toBe(0);
    expect(warnings(result.stdout)).toEqual([
      '::warning::Could not read the commits since the last successful run from the GitHub API (403 Resource not ' +
        "accessible by integration); the mail goes out without them. Give the job 'permissions: contents: read'.",
    ]);
    const html: string = received().message.body.content;
    expect(html).not.toContain('CHANGES SINCE');
    expect(html).toContain('Run tests');
    expect(result.outputs.sent).toBe('true');
  });

  it('a green run whose commit is gone: a warning without the permission hint', async () => {
    previousRun().head_sha = 'e'.repeat(40);
    const result = await run({ jobStatus: 'failure' });
    expect(result.code).toBe(0);
    expect(warnings(result.stdout)).toEqual([
      '::warning::Could not read the commits since the last successful run from the GitHub API (404 Not Found); ' +
        "the mail goes out without them. The last successful run's commit is no longer in the repository.",
    ]);
    expect(result.outputs.sent).toBe('true');
  });

  it('a failing compare (500): warned once, sent', async () => {
    emulator.fault({ route: 'compare', status: 500, body: { message: 'Server Error' }, times: 5 });
    const result = await run({ jobStatus: 'failure' });
    expect(result.code).toBe(0);
    expect(warnings(result.stdout)).toHaveLength(1);
    expect(result.outputs.sent).toBe('true');
    expect(requestsTo('graph')).toBeGreaterThan(0);
  });
});

describe('a workflow_run notifier', () => {
  it('compares the triggering run’s head commit with the last green run on the triggering run’s branch', async () => {
    const branch = 'feature/passkeys';
    const ci = emulator.actions.currentRun();
    ci.head_branch = branch;
    emulator.actions.setPreviousConclusions(['success']);
    const made = emulator.actions.setChanges([author(1)]);
    Object.assign(ci.attempts.at(-1)!, { status: 'completed', conclusion: 'failure' });
    emulator.actions.addNotifierRun({ id: NOTIFIER_RUN.id, run_number: NOTIFIER_RUN.runNumber });
    const payload = examplePayload('workflow_run');
    Object.assign(payload.workflow_run, {
      head_branch: branch,
      head_sha: DEFAULTS.headSha,
      status: 'completed',
      conclusion: 'failure',
    });
    const result = await run({
      event: 'workflow_run',
      payload,
      inputs: { status: 'auto', 'body-format': 'text', ...TO_AUTHORS },
      github: { GITHUB_SHA: 'abcdef1234567890abcdef1234567890abcdef12' },
    });
    expect(result.code).toBe(0);
    const paths = emulator.requests.filter((r) => r.service === 'github').map((r) => r.path);
    expect(paths.filter((p) => p.includes('/runs?'))).toEqual([
      `/repos/${DEFAULTS.repository}/actions/workflows/${DEFAULTS.workflowId}/runs?branch=${encodeURIComponent(branch)}&status=completed&per_page=20`,
    ]);
    expect(comparePaths()).toEqual([
      `/repos/${DEFAULTS.repository}/compare/${previousRun().head_sha}...${DEFAULTS.headSha}`,
    ]);
    expect(received().message.body.content).toContain(`- ${made[0]!.sha.slice(0, 7)} Change number 1 · Dev 1`);
    expect(addresses(received().message.toRecipients)).toContain('dev1@contoso.com');
  });
});
