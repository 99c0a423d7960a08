import { randomUUID } from 'node:crypto';
import * as core from '@actions/core';
import { toWithAuthors } from './authors.js';
import { assess } from './github/assessment.js';
import { decide } from './github/decision.js';
import { checkLimits, resolveAttachments, type Limits } from './files/attachments.js';
import { readEventPayload, readRunContext, type RunContext } from './context.js';
import { ActionFailure } from './failure.js';
import type { Facts } from './graph/diagnosis.js';
import type { Sending } from './graph/send.js';
import { maskProxyPasswords } from './net/proxy.js';
import { readInputs, type Inputs } from './inputs.js';
import { readTestResults, type TestReading } from './reports/results.js';
import { recipientCount, type Mail } from './mail.js';
import { composeMail } from './notification/index.js';
import { setOutputs, writePreview, writeSummary, type Outcome } from './report.js';

/**
 * The entry point (the actions/typescript-action convention, which `@github/local-action` calls): reads the
 * inputs, runs the pipeline, and is the one place that turns an error into a failed step. Every output is set on
 * every path, with what was known when it ended.
 */
export async function run(): Promise<void> {
  const outcome: Outcome = { sent: false };
  try {
    maskProxyPasswords();
    await notify(readInputs(), outcome);
  } catch (error) {
    // Graph's status and request id of a refused mail are worth as much to a later step as those of a sent one.
    if (error instanceof ActionFailure && error.answer) Object.assign(outcome, error.answer);
    fail(error);
  } finally {
    setOutputs(outcome);
  }
}

function fail(error: unknown): void {
  if (!(error instanceof Error)) {
    core.setFailed(`${error}`);
    return;
  }
  if (!(error instanceof ActionFailure)) core.debug(error.stack ?? '');
  if (error.cause !== undefined) core.debug(`Caused by: ${String(error.cause)}`);
  core.setFailed(error.message);
}

/**
 * The pipeline: the run as data, what the API adds, the mail, the send, the report. Fills `outcome` as it learns
 * (recipients from the inputs, the subject once the mail is written) and throws; `run` reports.
 */
export async function notify(inputs: Inputs, outcome: Outcome): Promise<void> {
  logSettings(inputs);
  outcome.recipients = recipientCount(inputs);
  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
  const [attachments, tests] = await Promise.all([
    resolveAttachments(inputs.attachments, workspace),
    readTestResults(inputs.testResults, workspace),
  ]);
  outcome.tests = tests.results;
  logTests(tests);
  const limits = { maxMessageBytes: inputs.maxMessageBytes, cloud: inputs.cloud };
  const event = process.env.GITHUB_EVENT_NAME ?? '';
  const base = readRunContext(process.env, event, readEventPayload(process.env.GITHUB_EVENT_PATH));
  // Signing in takes two round trips and needs nothing GitHub says: started first, it runs beside the reads.
  const early = sendsWhateverGitHubSays(inputs) && fits(attachments, limits) ? startSignIn(inputs, base) : undefined;
  const { ctx, status, verdict } = await assess(inputs, base);
  const to = toWithAuthors(inputs, ctx.changes, status);
  const reported = tests.results ? { ...ctx, tests: tests.results } : ctx;
  const mail: Mail = { ...composeMail(reported, { ...inputs, to, status }), attachments };
  outcome.subject = mail.subject;
  outcome.recipients = recipientCount(mail);
  checkLimits(mail, limits);
  core.info(`Subject: ${mail.subject}`);
  core.info(`Recipients: ${recipientCount(mail)} (to ${mail.to.length}, cc ${mail.cc.length}, bcc ${mail.bcc.length})`);
  for (const file of attachments) core.info(`Attachment: ${file.name} (${file.size} bytes, ${file.contentType})`);

  if (!verdict.send) {
    outcome.skipped = verdict.reason;
    core.info(`Not sent: ${verdict.reason}.`);
  } else if (inputs.dryRun) {
    outcome.preview = writePreview(mail);
    showRendered(mail);
    core.info(`Dry run: the mail was rendered to ${outcome.preview.file} and not sent.`);
  } else {
    const result = await (await (early ?? startSignIn(inputs, ctx))).send(mail);
    Object.assign(outcome, { sent: true, ...result });
    core.info(`Sent through ${inputs.sender}: Graph answered ${result.statusCode} (request-id ${result.requestId}).`);
  }
  if (inputs.jobSummary) await writeSummary(outcome, reported);
}

/**
 * Whether the inputs alone say the mail goes out, so signing in may start before GitHub is read: a dry run or a
 * mail notify-when holds back must make no sign-in request at all. `notify-when: change`, and `failure` or
 * `not-success` with `status: auto`, wait for GitHub's answer and then sign in: the two sign-in round trips come
 * after the reads instead of beside them (at 100 ms latency, 5 in a row for a failure mail with its annotations
 * against 3), paid only by those who chose fewer mails, rather than a token asked for on every run that sends
 * nothing.
 */
function sendsWhateverGitHubSays(inputs: Inputs): boolean {
  if (inputs.dryRun) return false;
  if (inputs.notifyWhen === 'always') return true;
  if (inputs.status === 'auto' || inputs.notifyWhen === 'change') return false;
  return decide(inputs.notifyWhen, inputs.status).send;
}

/**
 * Whether the files alone are within the limits. When they are not, the mail is refused once written (its
 * subject then known for the outputs) and no sign-in is started for it; only a body that tips files just under
 * the limit over it is refused after a token was asked for.
 */
function fits(attachments: Mail['attachments'], limits: Limits): boolean {
  try {
    checkLimits({ attachments, body: { format: 'text', content: '' } }, limits);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts signing in: the token requests go out now, and the returned send waits for them. Its failures (a
 * credential that cannot be made, a sign-in Entra refuses) surface when the mail is sent, as they did before.
 */
function startSignIn(inputs: Inputs, ctx: RunContext): Promise<Sending> {
  core.info(`Signing in to ${inputs.authorityHost} as app ${inputs.clientId} with ${credentialLabel(inputs)}.`);
  // Loaded only to send: the identity and Graph libraries are most of the bundle, and a dry run or a mail
  // notify-when holds back needs neither.
  const sending = Promise.all([import('./entra/credential.js'), import('./graph/send.js')]).then(
    ([{ createCredential }, { startSending }]) =>
      startSending({
        saveToSentItems: inputs.saveToSentItems,
        credential: () => createCredential(inputs, ctx),
        facts: factsOf(inputs),
        timeoutSeconds: inputs.timeoutSeconds,
      }),
  );
  // Heard when the mail is sent; a step that fails before then (a template that does not parse) says why itself.
  sending.catch(() => {});
  return sending;
}

function factsOf(inputs: Inputs): Facts {
  return {
    tenantId: inputs.tenantId,
    clientId: inputs.clientId,
    sender: inputs.sender,
    from: inputs.from?.address,
    authorityHost: inputs.authorityHost,
    graphEndpoint: inputs.graphEndpoint,
  };
}

function logSettings(inputs: Inputs): void {
  core.debug(`cloud: ${inputs.cloud}`);
  core.debug(`authority-host: ${inputs.authorityHost}`);
  core.debug(`graph-endpoint: ${inputs.graphEndpoint}`);
  core.debug(`tenant-id: ${inputs.tenantId}, client-id: ${inputs.clientId}`);
  core.debug(`sender: ${inputs.sender}${inputs.from ? `, from: ${inputs.from.address}` : ''}`);
  core.debug(
    `status: ${inputs.status}, notify-when: ${inputs.notifyWhen}, github-token: ${inputs.githubToken ? 'set' : 'empty'}`,
  );
  core.debug(`body-format: ${inputs.bodyFormat}, importance: ${inputs.importance}`);
  core.debug(`save-to-sent-items: ${inputs.saveToSentItems}, timeout-seconds: ${inputs.timeoutSeconds}`);
}

/** Read before anything slow, so a report that cannot be read is said early, and never fails the step. */
function logTests({ results, warnings, notes }: TestReading): void {
  for (const line of warnings) core.warning(line);
  for (const line of notes) core.info(line);
  if (!results) return;
  const { reports, passed, failed, skipped } = results;
  core.info(
    `Tests: ${failed} failed, ${passed} passed, ${skipped} skipped (${reports} report${reports === 1 ? '' : 's'}).`,
  );
}

function credentialLabel(inputs: Inputs): string {
  const { credential } = inputs;
  if (credential.kind === 'oidc') return `GitHub OIDC (audience ${credential.audience})`;
  return credential.kind === 'secret' ? 'client secret' : 'client certificate';
}

/** The body is printed with workflow commands off: a line of a commit message must not become `::error::`. */
function showRendered(mail: Mail): void {
  const token = randomUUID();
  core.startGroup(`Rendered ${mail.body.format} body`);
  core.info(`::stop-commands::${token}`);
  core.info(mail.body.content);
  core.info(`::${token}::`);
  core.endGroup();
}
