/**
 * Turns what Entra ID and Graph answer into one line a user can act on: the cause, the fix, and the id Microsoft
 * support asks for. Codes are matched, never message texts, except where Graph reuses one code for two causes.
 */

import { ID_TOKEN_FAILURE } from '../failure.js';

export interface Facts {
  tenantId: string;
  clientId: string;
  sender: string;
  from?: string;
  authorityHost: string;
  graphEndpoint: string;
}

export interface GraphAnswer {
  status: number;
  code: string;
  message: string;
  requestId: string;
  /** Requests made for this call, retries included. */
  attempts: number;
  /** What was asked of Graph: `sendMail`, or a step of the attachment path (createDraft, send, ...). */
  operation?: string;
}

const CLOUD_HINT = "and that 'cloud' (or 'authority-host') matches the cloud the tenant lives in";

const FEDERATED =
  'Add a federated credential to the app (Certificates & secrets → Federated credentials) whose issuer, ' +
  "subject and audience equal the token's, as logged above";

/** The value Entra quotes after `label`, e.g. the subject in "presented assertion subject 'repo:o/r:…'". */
function quoted(detail: string, label: string): string {
  return new RegExp(`${label} '([^']*)'`).exec(detail)?.[1] ?? 'unknown';
}

/** The cloud a national-cloud redirection names, as a value of the `cloud` input. */
function namedCloud(detail: string): string | undefined {
  if (/china|chinacloudapi|21vianet/i.test(detail)) return 'china';
  if (/dod/i.test(detail)) return 'usgov-dod';
  if (/usgov|government|\.us\b/i.test(detail)) return 'usgov';
  if (/global|public|microsoftonline\.com/i.test(detail)) return 'public';
  return undefined;
}

const SIGN_IN: Record<string, (facts: Facts, detail: string) => string> = {
  '7000215': () =>
    "the client secret is wrong. Put the secret's Value in 'client-secret' (shown once, when the secret is " +
    'created), not its Secret ID.',
  '7000222': (f) =>
    `the client secret of app ${f.clientId} has expired. Create a new one under Certificates & secrets and ` +
    "update the secret passed as 'client-secret'.",
  '700016': (f) =>
    `app ${f.clientId} is not registered in tenant ${f.tenantId}. Check that 'client-id' is the Application ` +
    "(client) ID and 'tenant-id' the Directory (tenant) ID of the same app registration.",
  '90002': (f) =>
    `tenant ${f.tenantId} was not found. Check that 'tenant-id' is the Directory (tenant) ID ${CLOUD_HINT}.`,
  '900023': (f) =>
    `"${f.tenantId}" is not a tenant. Set 'tenant-id' to the Directory (tenant) ID (a GUID) or a verified domain ` +
    'of the tenant.',
  '500011': (f) =>
    `the resource ${f.graphEndpoint} is not known in tenant ${f.tenantId}. Check 'graph-endpoint' ${CLOUD_HINT}.`,
  '90038': (f, d) => {
    const cloud = namedCloud(d.slice(d.indexOf('AADSTS90038')));
    const fix = cloud ? `Set 'cloud: ${cloud}'` : "Set 'cloud' to usgov, usgov-dod or china";
    return `tenant ${f.tenantId} lives in another Microsoft cloud than ${f.authorityHost}. ${fix}.`;
  },
  '900432': () =>
    "the request crossed Microsoft clouds, which confidential clients may not do. Set 'cloud' to the cloud the " +
    'tenant lives in (public, usgov, usgov-dod or china), and drop authority-host / graph-endpoint overrides.',
  '700027': (f) =>
    `the certificate in 'client-certificate' is not registered on app ${f.clientId}, or has expired. Upload its ` +
    'public part (the .cer/.pem without the key) under Certificates & secrets → Certificates.',
  '700024': () =>
    "the client assertion is outside its valid time range. Check the runner's clock; with OIDC, re-run the job.",
  '70021': (_f, d) =>
    `no federated credential matches the OIDC token (issuer ${quoted(d, 'Assertion Issuer:')}, subject ` +
    `${quoted(d, 'Assertion Subject:')}, audience ${quoted(d, 'Assertion Audience:')}). ${FEDERATED}.`,
  '700211': (_f, d) =>
    `no federated credential has the OIDC token's issuer ${quoted(d, 'assertion issuer')}. ${FEDERATED}; for ` +
    'github.com the issuer is https://token.actions.githubusercontent.com.',
  '700212': (_f, d) =>
    `no federated credential accepts the OIDC token's audience ${quoted(d, 'assertion audience')}. Set ` +
    "'oidc-audience' to the credential's audience, or add this one to it.",
  '700213': (_f, d) =>
    `no federated credential has the subject ${quoted(d, 'assertion subject')}. Add a federated credential with ` +
    'exactly this subject (issuer https://token.actions.githubusercontent.com, audience as logged above).',
  '7002138': (_f, d) =>
    `a federated credential has the subject ${quoted(d, 'assertion subject')} only in other letter case, and ` +
    "Entra compares subjects case-sensitively. Change the credential's subject to exactly this text.",
};

/** One line for a failed token request. `detail` is the text of the error the identity library threw. */
export function describeSignInFailure(detail: string, facts: Facts): string {
  const code = /AADSTS(\d+)/.exec(detail)?.[1];
  const correlation = /Correlation ID:\s*([0-9a-f-]{36})/i.exec(detail)?.[1];
  const suffix = correlation ? ` (correlation id: ${correlation})` : '';
  if (code !== undefined) {
    const what = Object.hasOwn(SIGN_IN, code)
      ? SIGN_IN[code](facts, detail)
      : firstSentence(detail.slice(detail.indexOf(`AADSTS${code}`) + `AADSTS${code}`.length).replace(/^:\s*/, ''));
    return `Sign-in to Entra ID failed (AADSTS${code}): ${what}${suffix}`;
  }
  const idToken = new RegExp(`${ID_TOKEN_FAILURE}: (.*)`).exec(detail);
  if (idToken) {
    return `Could not get an OIDC token from GitHub (${idToken[1]}). Check that the job has 'permissions: id-token: write'.`;
  }
  const answered = /openid-configuration answered (\d+)/.exec(detail);
  if (answered) {
    return (
      `Sign-in to Entra ID failed: ${facts.authorityHost} has no sign-in metadata for tenant ${facts.tenantId} ` +
      `(HTTP ${answered[1]}). Check 'tenant-id' ${CLOUD_HINT}.`
    );
  }
  const unreachable = /openid-configuration: (.*)/.exec(detail);
  if (unreachable) {
    return (
      `Sign-in to Entra ID failed: could not reach ${facts.authorityHost} (${unreachable[1]}). Check ` +
      "'authority-host' and 'cloud', and that the runner can reach that host."
    );
  }
  return `Sign-in to Entra ID at ${facts.authorityHost} failed: ${firstSentence(detail)}`;
}

type GraphExplainer = (answer: GraphAnswer, facts: Facts) => string;

/**
 * Steps whose request the action keeps under Graph's 4 MB, so a size error there is Exchange's limit on the mail
 * as a whole; sendMail and createDraft carry the body, which alone can be too large for one request.
 */
const GROWS_THE_DRAFT = ['addAttachment', 'createUploadSession', 'send'];

const GRAPH: Record<string, GraphExplainer> = {
  ErrorAccessDenied: (a, f) =>
    a.operation === 'createDraft'
      ? `app ${f.clientId} may not write to mailbox ${f.sender}. Attachments that do not fit one sendMail request ` +
        'go into a draft first, which needs the Mail.ReadWrite *Application* permission (with admin consent, or ' +
        'the Application Mail.ReadWrite role in RBAC for Applications) besides Mail.Send. Grant it, or attach less.'
      : // "Access to OData is disabled" is the text Microsoft documents for a blocking policy; the rest, seen in answers.
        /AccessPolicy|RBAC|Access to OData is disabled/i.test(a.message)
        ? `an application access policy (or RBAC for Applications) keeps app ${f.clientId} out of mailbox ` +
          `${f.sender}. Add the mailbox to the group the policy names, or scope the app's role to include it.`
        : `app ${f.clientId} may not send mail. Add Mail.Send as an *Application* permission (not Delegated) and ` +
          'grant admin consent; if an application access policy or RBAC for Applications scopes the app, include ' +
          `mailbox ${f.sender}.`,
  ErrorSendAsDenied: (_a, f) =>
    `mailbox ${f.sender} may not send as ${f.from ?? 'the From address'}. Grant it Send As (or Send on Behalf) ` +
    "on that mailbox in Exchange, or remove the 'from' input.",
  ErrorInvalidUser: (_a, f) => noMailbox(f),
  ResourceNotFound: (_a, f) => noMailbox(f),
  MailboxNotEnabledForRESTAPI: (_a, f) => unlicensed(f),
  ErrorMailboxNotEnabledForRESTAPI: (_a, f) => unlicensed(f),
  ErrorInvalidRecipients: (a) =>
    `Graph refused the recipients (${a.message}). Check the addresses in 'to', 'cc' and 'bcc'.`,
  ErrorMessageSizeExceeded: (a, f) => (GROWS_THE_DRAFT.includes(a.operation ?? '') ? overMailboxLimit(f) : tooLarge()),
  ErrorAttachmentSizeShouldNotBeLessThanMinimumSize: () =>
    'Outlook would not open an upload session for an attachment under its minimum size (3 MB), and that file is ' +
    'too large to go in one 4 MB request once base64-encoded. Compress it, or zip it together with another file.',
  InvalidAuthenticationToken: (a, f) =>
    /invalid audience/i.test(a.message)
      ? `Graph did not accept the access token (${a.message}): the token is for ${f.graphEndpoint}, another ` +
        "cloud's Graph. Set 'cloud' to the tenant's cloud (public, usgov, usgov-dod or china) and make " +
        "'authority-host' and 'graph-endpoint', if set, belong to that same cloud."
      : `Graph did not accept the access token (${a.message}). The token was requested for ${f.graphEndpoint}: ` +
        "check that 'graph-endpoint' (or 'cloud') matches the tenant's cloud and that the system clock is right.",
};

function noMailbox(f: Facts): string {
  return (
    `there is no mailbox ${f.sender} in tenant ${f.tenantId}. Set 'sender' to the user principal name, primary ` +
    'SMTP address or object id of an existing mailbox.'
  );
}

function unlicensed(f: Facts): string {
  return (
    `mailbox ${f.sender} cannot be used through Graph: it has no Exchange Online licence, is inactive, or is ` +
    'hosted on-premises. License the user, or send from a shared mailbox (no licence needed).'
  );
}

/**
 * What a Graph without upload sessions answers is undocumented; Graph's router answers BadRequest for a path it
 * does not have, so a BadRequest to createUploadSession is read as that, Graph's own words kept beside it.
 */
function noUploadSessions(a: GraphAnswer, f: Facts): string {
  return (
    `${f.graphEndpoint} did not open an upload session (${a.message}). Graph in the US Government clouds has ` +
    "none: if the tenant is in one, set 'cloud' to usgov or usgov-dod, which keeps each attachment under 3 MB."
  );
}

/** Exchange refused the mail itself: the mailbox's send limit, not Graph's 4 MB per request. */
function overMailboxLimit(f: Facts): string {
  return (
    `the mail is larger than mailbox ${f.sender} may send. Exchange Online holds each mail, measured after ` +
    "encoding (attachments grow by about a third), against the mailbox's MaxSendSize (35 MB unless an admin " +
    "changed it). Attach fewer or smaller files, set 'max-message-size' to that limit so the action refuses such " +
    'mails before sending, or have an Exchange admin raise MaxSendSize on the mailbox (Set-Mailbox -MaxSendSize).'
  );
}

function tooLarge(): string {
  return 'the message is larger than Graph accepts in one sendMail request (4 MB). Shorten the body.';
}

/** One line for a Graph answer other than 202. */
export function describeGraphFailure(answer: GraphAnswer, facts: Facts): string {
  const head = `Graph ${answer.operation ?? 'sendMail'} failed (${answer.status}${answer.code ? ` ${answer.code}` : ''})`;
  const tail = answer.requestId ? ` (request-id: ${answer.requestId})` : '';
  if (answer.operation === 'createUploadSession' && answer.code === 'BadRequest') {
    return `${head}: ${noUploadSessions(answer, facts)}${tail}`;
  }
  if (Object.hasOwn(GRAPH, answer.code)) return `${head}: ${GRAPH[answer.code](answer, facts)}${tail}`;
  // Users see both a 413 and a 400 "The maximum request length supported is 4MB." for the same limit.
  if (answer.status === 413 || /maximum request length/i.test(answer.message)) return `${head}: ${tooLarge()}${tail}`;
  if (answer.status === 429) {
    return (
      `${head}: Exchange Online is throttling mailbox ${facts.sender} and ${attempts(answer.attempts)} did not get ` +
      `through. Send fewer mails from it at a time, or raise 'timeout-seconds' so throttled sends can wait.${tail}`
    );
  }
  const said = answer.message ? `: ${answer.message}` : '';
  return `${head}${said}${tail}`;
}

function attempts(count: number): string {
  return count === 1 ? '1 attempt' : `${count} attempts`;
}

/** Entra's first sentence: its descriptions go on with Trace ID, Correlation ID and Timestamp lines. */
function firstSentence(text: string): string {
  const line = text.split(/\r?\n|\\r\\n|\s+Trace ID:/).find((part) => part.trim() !== '') ?? text;
  return line.trim();
}
