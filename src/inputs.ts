import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as core from '@actions/core';
import { parseAddress, parseAddressList } from './addresses.js';
import { CLOUDS, isCloudName, type CloudName } from './entra/cloud.js';
import { ActionFailure, shown } from './failure.js';
import type { Address, BodyInputFormat, Importance, Recipients } from './mail.js';
import { isStatus, STATUSES, type Status } from './status.js';
import { readableRoots, realPathWithin, workspaceDir } from './files/workspace.js';

/** Everything the action was asked to do, parsed and validated once. Nothing downstream reads inputs. */
/** How the app proves who it is: one of these, chosen by which inputs are set. */
export type CredentialInput =
  | { kind: 'secret'; secret: string }
  /** PEM text holding the certificate and its private key (encrypted when `password` is set). */
  | { kind: 'certificate'; pem: string; password?: string }
  /** Neither secret nor certificate: GitHub's OIDC token, exchanged through a federated credential. */
  | { kind: 'oidc'; audience: string };

export interface Inputs extends Recipients {
  tenantId: string;
  clientId: string;
  credential: CredentialInput;
  cloud: CloudName;
  /** https origin of the sign-in service: the cloud's, or the `authority-host` override. */
  authorityHost: string;
  /** https origin of Graph: the cloud's, or the `graph-endpoint` override. */
  graphEndpoint: string;
  sender: string;
  from?: Address;
  subject?: string;
  /** The `body` input, or the content of `body-file`. */
  body?: string;
  bodyFormat: BodyInputFormat;
  /** `auto`: derived from the run's other jobs (needs the GitHub API). */
  status: Status | 'auto';
  notifyWhen: NotifyWhen;
  /** Token for the GitHub API (jobs, annotations, previous runs); empty turns that off. */
  githubToken: string;
  importance: Importance;
  saveToSentItems: boolean;
  dryRun: boolean;
  jobSummary: boolean;
  timeoutSeconds: number;
  /** Glob patterns, one per line; a leading `?` marks one that may match nothing. */
  attachments: string[];
  /** Glob patterns of JUnit XML / TRX reports, one per line; a leading `?` marks one that may match nothing. */
  testResults: string[];
  /** Largest mail, attachments included, the organisation accepts. */
  maxMessageBytes: number;
  /** On a failure, add the authors of the commits since the last successful run to To (see authors.ts). */
  toAuthors: boolean;
  /** Lower-case domains whose commit authors may be added; exact matches only. */
  authorDomains: string[];
  /** Lines of each failed step's log shown in the mail; 0 turns log excerpts off. */
  logLines: number;
  /** A log in the workspace whose tail the mail shows: the sending job has no log of its own yet. */
  logFile?: string;
}

export type NotifyWhen = 'always' | 'failure' | 'not-success' | 'change';

/** Reads one input by its action.yml name; `''` when it is not set. */
export type InputReader = (name: string) => string;

/** Inputs whose values are masked in the log the moment they are read. */
const SECRET_INPUTS = new Set(['client-secret', 'client-certificate', 'client-certificate-password', 'github-token']);

const BODY_FORMATS: readonly BodyInputFormat[] = ['html', 'text', 'markdown'];
const NOTIFY_WHEN: readonly NotifyWhen[] = ['always', 'failure', 'not-success', 'change'];
const IMPORTANCES: readonly Importance[] = ['low', 'normal', 'high'];
/** Graph's limit for to + cc + bcc in one sendMail. */
const MAX_RECIPIENTS = 500;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads the inputs from the runner's environment, masking secrets before anything else can log them. */
export function readInputs(): Inputs {
  return parseInputs((name) => {
    const value = core.getInput(name);
    if (SECRET_INPUTS.has(name)) maskSecret(value);
    return value;
  });
}

/**
 * Masks a secret, and each line of it on its own: the runner matches masks line by line, so a multi-line PEM
 * masked only whole would still show its key lines wherever one is printed alone.
 */
function maskSecret(value: string): void {
  if (value.trim() === '') return;
  core.setSecret(value);
  const lines = value.split(/\r?\n/).map((line) => line.trim());
  if (lines.length > 1) for (const line of lines) if (line.length >= 8) core.setSecret(line);
}

/** Reads `body-file`: relative paths are taken from the workspace, where the workflow's checkout is. */
export type FileReader = (path: string) => string;

/** Only a file that leads into the workspace or RUNNER_TEMP, read from where it leads (see workspace.ts). */
function readWorkspaceFile(path: string): string {
  const workspace = workspaceDir();
  return readFileSync(realPathWithin('body-file', resolve(workspace, path), readableRoots(workspace)), 'utf8');
}

export function parseInputs(read: InputReader, readFile: FileReader = readWorkspaceFile): Inputs {
  const dryRun = parseBoolean(read, 'dry-run', false);
  // A dry run only renders, so it must work before the app registration exists.
  const identity = (name: string) => (dryRun ? read(name).trim() : required(read, name));
  const cloud = parseCloud(read('cloud'));
  return {
    tenantId: identity('tenant-id'),
    clientId: identity('client-id'),
    credential: parseCredential(read, cloud),
    cloud,
    authorityHost:
      parseOrigin('authority-host', read('authority-host'), CLOUDS.usgov.authorityHost) ?? CLOUDS[cloud].authorityHost,
    graphEndpoint:
      parseOrigin('graph-endpoint', read('graph-endpoint'), CLOUDS.usgov.graphEndpoint) ?? CLOUDS[cloud].graphEndpoint,
    sender: parseSender(required(read, 'sender')),
    from: parseSingleAddress('from', read('from')),
    ...parseRecipients(read),
    subject: optional(read('subject')),
    body: parseBody(read, readFile),
    bodyFormat: parseChoice('body-format', read('body-format'), BODY_FORMATS, 'html'),
    status: parseStatus(read('status')),
    notifyWhen: parseChoice('notify-when', read('notify-when'), NOTIFY_WHEN, 'always'),
    githubToken: read('github-token').trim(),
    importance: parseChoice('importance', read('importance'), IMPORTANCES, 'normal'),
    saveToSentItems: parseBoolean(read, 'save-to-sent-items', true),
    dryRun,
    jobSummary: parseBoolean(read, 'job-summary', true),
    timeoutSeconds: parseTimeout(read('timeout-seconds')),
    attachments: lines(read('attachments')),
    testResults: lines(read('test-results')),
    maxMessageBytes: parseMessageSize(read('max-message-size')),
    ...parseAuthors(read),
    logLines: parseLogLines(read('log-lines')),
    logFile: optional(read('log-file').trim()),
  };
}

/** One pattern a line, blank lines dropped. */
function lines(value: string): string[] {
  return value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** More than a few hundred lines is no longer an excerpt; the mail caps each one's size anyway. */
const MAX_LOG_LINES = 500;

function parseLogLines(value: string): number {
  const trimmed = value.trim();
  if (trimmed === '') return 30;
  const count = /^\d+$/.test(trimmed) ? Number(trimmed) : NaN;
  if (!(count >= 0 && count <= MAX_LOG_LINES)) {
    throw new ActionFailure(
      `Input 'log-lines' must be a whole number from 0 (no log excerpts) to ${MAX_LOG_LINES}, got ${shown(value)}.`,
    );
  }
  return count;
}

function optional(value: string): string | undefined {
  return value.trim() === '' ? undefined : value;
}

function required(read: InputReader, name: string): string {
  const value = read(name).trim();
  if (value === '') throw new Error(`Input '${name}' is required and was not supplied.`);
  return value;
}

function parseCredential(read: InputReader, cloud: CloudName): CredentialInput {
  const secret = read('client-secret').trim();
  const pem = read('client-certificate').trim();
  const password = read('client-certificate-password');
  if (secret !== '' && pem !== '') {
    throw new Error(
      "Inputs 'client-secret' and 'client-certificate' are both set: give only one (or neither, to sign in with " +
        'GitHub OIDC).',
    );
  }
  if (secret !== '') return { kind: 'secret', secret };
  if (pem !== '') return parseCertificate(pem, password);
  if (password !== '') {
    throw new Error("Input 'client-certificate-password' is set but 'client-certificate' is empty.");
  }
  return { kind: 'oidc', audience: read('oidc-audience').trim() || CLOUDS[cloud].oidcAudience };
}

const PRIVATE_KEY = /-----BEGIN (?:RSA |EC )?PRIVATE KEY-----/;
const ENCRYPTED_KEY = /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/;

/** Checks the PEM's shape only: the identity library reads the key, and Entra judges the certificate. */
function parseCertificate(pem: string, password: string): CredentialInput {
  const hasKey = PRIVATE_KEY.test(pem) || ENCRYPTED_KEY.test(pem);
  if (!pem.includes('-----BEGIN CERTIFICATE-----') || !hasKey) {
    throw new Error(
      "Input 'client-certificate' must be PEM text holding both the certificate (-----BEGIN CERTIFICATE-----) " +
        'and its private key (-----BEGIN PRIVATE KEY-----), e.g. cat cert.pem key.pem.',
    );
  }
  if (ENCRYPTED_KEY.test(pem) && password === '') {
    throw new Error(
      "Input 'client-certificate' holds an encrypted private key: pass its password in 'client-certificate-password'.",
    );
  }
  return password === '' ? { kind: 'certificate', pem } : { kind: 'certificate', pem, password };
}

function parseRecipients(read: InputReader): Recipients {
  const recipients = {
    to: parseAddressList('to', read('to')),
    cc: parseAddressList('cc', read('cc')),
    bcc: parseAddressList('bcc', read('bcc')),
    replyTo: parseAddressList('reply-to', read('reply-to')),
  };
  const count = recipients.to.length + recipients.cc.length + recipients.bcc.length;
  if (count === 0) throw new Error("No recipient: give at least one address in 'to', 'cc' or 'bcc'.");
  if (count > MAX_RECIPIENTS) {
    throw new Error(
      `'to', 'cc' and 'bcc' hold ${count} recipients; Graph accepts at most ${MAX_RECIPIENTS} in one mail. ` +
        'Send to a distribution list instead.',
    );
  }
  return recipients;
}

function parseSender(value: string): string {
  if (GUID.test(value)) return value;
  const address = parseAddress(value);
  if (address === undefined || address.name !== undefined) {
    throw new Error(
      `Input 'sender' must be the sending mailbox's address (user@contoso.com) or its object id, got ${shown(value)}.`,
    );
  }
  return address.address;
}

function parseSingleAddress(name: string, value: string): Address | undefined {
  if (value.trim() === '') return undefined;
  const address = parseAddress(value.trim());
  if (address === undefined) {
    throw new Error(
      `Input '${name}' must be one e-mail address (Name <user@contoso.com> allowed), got ${shown(value)}.`,
    );
  }
  return address;
}

function parseCloud(value: string): CloudName {
  const cloud = value.trim().toLowerCase() || 'public';
  if (!isCloudName(cloud)) {
    throw new Error(`Input 'cloud' must be one of ${Object.keys(CLOUDS).join(', ')}; got ${shown(value)}.`);
  }
  return cloud;
}

/** An override host must be a bare https origin: the libraries add the tenant and the API version themselves. */
function parseOrigin(name: string, value: string, example: string): string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  let url: URL | undefined;
  try {
    url = new URL(trimmed);
  } catch {
    url = undefined;
  }
  // `graph.microsoft.us:443` parses with the "scheme" graph.microsoft.us:, so anything not http(s) is no URL here.
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new Error(`Input '${name}' must be an https URL such as ${example}, got ${shown(value)}.`);
  }
  if (url.protocol !== 'https:') {
    throw new Error(`Input '${name}' must use https (tokens are never sent in clear text), got ${shown(value)}.`);
  }
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new Error(
      `Input '${name}' must be an origin without a path, such as ${url.origin} (no /v1.0 or tenant), got ${shown(value)}.`,
    );
  }
  return url.origin;
}

/** Empty means auto too: a workflow that passes `status: ${{ needs.x.result }}` of a job that never ran. */
function parseStatus(value: string): Status | 'auto' {
  const status = value.trim().toLowerCase() || 'auto';
  if (status !== 'auto' && !isStatus(status)) {
    throw new Error(
      `Input 'status' must be one of ${STATUSES.join(', ')} or auto (normally \${{ job.status }}), got ${shown(value)}.`,
    );
  }
  return status;
}

function parseBody(read: InputReader, readFile: FileReader): string | undefined {
  const body = optional(read('body'));
  const file = read('body-file').trim();
  if (file === '') return body;
  if (body !== undefined) throw new Error("Inputs 'body' and 'body-file' are both set: give only one.");
  try {
    return readFile(file);
  } catch (error) {
    if (error instanceof ActionFailure) throw error;
    const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    throw new Error(`Input 'body-file' names a file that cannot be read: ${shown(file)} (${reason}).`);
  }
}

function parseChoice<T extends string>(name: string, value: string, choices: readonly T[], fallback: T): T {
  const choice = value.trim().toLowerCase() || fallback;
  if (!(choices as readonly string[]).includes(choice)) {
    throw new Error(`Input '${name}' must be one of ${choices.join(', ')}, got ${shown(value)}.`);
  }
  return choice as T;
}

/** The same spellings core.getBooleanInput accepts (YAML 1.2 core schema), with an error that fits on one line. */
function parseBoolean(read: InputReader, name: string, fallback: boolean): boolean {
  const value = read(name).trim();
  if (value === '') return fallback;
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw new Error(`Input '${name}' must be true or false, got ${shown(value)}.`);
}

/** A DNS name in ASCII (punycode for international ones): labels of letters, digits and inner hyphens. */
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/**
 * Commit addresses are whatever a committer configured, so the domains are what keeps the mail inside the
 * organisation: without them `to-authors` is refused rather than mailing any address a commit names.
 */
function parseAuthors(read: InputReader): Pick<Inputs, 'toAuthors' | 'authorDomains'> {
  const toAuthors = parseBoolean(read, 'to-authors', false);
  const entries = read('author-domains')
    .split(/[\s,;]+/)
    .filter((entry) => entry !== '');
  const bad = entries.find((entry) => !DOMAIN.test(entry.toLowerCase()));
  if (bad !== undefined) {
    throw new Error(
      `Input 'author-domains' has an entry that is not a domain: ${shown(bad)}. Write domains such as contoso.com, ` +
        'separated by commas, without @ or wildcards (list each subdomain itself).',
    );
  }
  if (toAuthors && entries.length === 0) {
    throw new Error(
      "Input 'to-authors' is true but 'author-domains' is empty: list the domains whose commit authors may be " +
        'mailed (author-domains: contoso.com), since a commit can name any address.',
    );
  }
  return { toAuthors, authorDomains: [...new Set(entries.map((entry) => entry.toLowerCase()))] };
}

/** In MB, as Exchange Online's admin centre states it: 35 by default, 150 at most. */
function parseMessageSize(value: string): number {
  const trimmed = value.trim();
  const megabytes = trimmed === '' ? 35 : /^\d+$/.test(trimmed) ? Number(trimmed) : NaN;
  if (!(megabytes >= 1 && megabytes <= 150)) {
    throw new Error(`Input 'max-message-size' must be a whole number of MB from 1 to 150, got ${shown(value)}.`);
  }
  return megabytes * 1024 * 1024;
}

function parseTimeout(value: string): number {
  const trimmed = value.trim();
  if (trimmed === '') return 120;
  const seconds = /^\d+$/.test(trimmed) ? Number(trimmed) : NaN;
  if (!(seconds >= 1 && seconds <= 3600)) {
    throw new Error(`Input 'timeout-seconds' must be a whole number of seconds from 1 to 3600, got ${shown(value)}.`);
  }
  return seconds;
}
