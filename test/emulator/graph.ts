/**
 * The Graph service: `POST /v1.0/users/{id}/sendMail` with Graph's checks in Graph's order (token, permission,
 * mailbox, access policy, licence, body, send-as) and Graph's error bodies and headers.
 */
import { randomUUID } from 'node:crypto';
import type { Directory, Mailbox, Tenant } from './directory.ts';
import { blockedByPolicy, findMailbox, findTenant, maySendAs } from './directory.ts';
import type { Exchange, Route } from './exchange.ts';
import { reply, replyJson } from './exchange.ts';
import type { GraphFailure } from './message.ts';
import { readSubmission } from './message.ts';
import type { AccessClaims, Signer } from './token.ts';

export interface SentMessage {
  /** The mailbox's address, however the request named it. */
  mailbox: string;
  message: object;
  saveToSentItems: boolean;
  requestId: string;
}

export interface GraphContext {
  graphEndpoint: string;
  directory: Directory;
  signer: Signer;
  messages: SentMessage[];
}

// Graph takes a user as a path segment or as an OData key: users/x or users('x').
const SEND_MAIL = /^\/v1\.0\/users(?:\/([^/()]+)|\('([^/]+)'\))\/sendMail$/i;
const ME_SEND_MAIL = /^\/v1\.0\/me\/sendMail$/i;

export function routeGraph(ex: Exchange, context: GraphContext): Route {
  const ids = idsOf(ex);
  const match = SEND_MAIL.exec(ex.url.pathname);
  if (match) {
    const user = decodeURIComponent(match[1] ?? match[2] ?? '');
    return { fault: 'sendMail', headers: ids, handle: () => sendMail(ex, context, user, ids) };
  }
  if (ME_SEND_MAIL.test(ex.url.pathname)) return { headers: ids, handle: () => sendAsMe(ex, context, ids) };
  const segment = ex.url.pathname.split('/').filter(Boolean).at(-1) ?? '';
  return { handle: () => refuse(ex, ids, { status: 400, code: 'BadRequest', message: `Resource not found for the segment '${segment}'.` }) };
}

/** Graph's request-id, and the client's client-request-id echoed (or a fresh one when it sent none). */
function idsOf(ex: Exchange): Record<string, string> {
  const sent = ex.req.headers['client-request-id'];
  const requestId = randomUUID();
  return { 'request-id': requestId, 'client-request-id': typeof sent === 'string' && sent ? sent : requestId };
}

function sendMail(ex: Exchange, context: GraphContext, user: string, ids: Record<string, string>): void {
  if (ex.record.method !== 'POST') return refuse(ex, ids, methodNotAllowed());
  const claims = authorize(ex, context);
  if ('code' in claims) return refuse(ex, ids, claims);
  const found = mailboxFor(claims, context.directory, user);
  if ('code' in found) return refuse(ex, ids, found);
  const submission = readSubmission(ex.body, ex.size);
  if (!submission.ok) return refuse(ex, ids, submission.failure);
  const from = (submission.message.from as { emailAddress: { address: string } } | undefined)?.emailAddress.address;
  if (from && !maySendAs(found.mailbox, from)) return refuse(ex, ids, sendAsDenied());
  context.messages.push({
    mailbox: found.mailbox.address,
    message: submission.message,
    saveToSentItems: submission.saveToSentItems,
    requestId: ids['request-id']!,
  });
  reply(ex, 202, ids);
}

function sendAsMe(ex: Exchange, context: GraphContext, ids: Record<string, string>): void {
  const claims = authorize(ex, context);
  if ('code' in claims) return refuse(ex, ids, claims);
  refuse(ex, ids, { status: 400, code: 'BadRequest', message: '/me request is only valid with delegated authentication flow.' });
}

/** Steps 1 and 2: a valid token for this Graph, carrying Mail.Send. */
function authorize(ex: Exchange, context: GraphContext): AccessClaims | GraphFailure {
  const header = ex.req.headers.authorization ?? '';
  const token = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
  if (!token) return invalidToken('Access token is empty.');
  const verified = context.signer.verify(token);
  if (!verified.ok) return invalidToken('Access token validation failure.');
  const { claims } = verified;
  if (claims.exp * 1000 <= Date.now()) return invalidToken('Lifetime validation failed, the token is expired.');
  if (trimSlash(claims.aud) !== trimSlash(context.graphEndpoint)) {
    return invalidToken('Access token validation failure. Invalid audience.');
  }
  if (!claims.roles?.includes('Mail.Send')) {
    return { status: 403, code: 'ErrorAccessDenied', message: 'Access is denied. Check credentials and try again.' };
  }
  return claims;
}

const trimSlash = (s: string): string => s.replace(/\/+$/, '');

function invalidToken(message: string): GraphFailure {
  return { status: 401, code: 'InvalidAuthenticationToken', message };
}

/** Steps 3 to 5: the mailbox exists in the token's tenant, the app may reach it, and it is licensed. */
function mailboxFor(claims: AccessClaims, directory: Directory, user: string): { mailbox: Mailbox } | GraphFailure {
  const tenant: Tenant | undefined = findTenant(directory, claims.tid);
  const mailbox = tenant && findMailbox(tenant, user);
  if (!tenant || !mailbox) {
    return { status: 404, code: 'ErrorInvalidUser', message: `The requested user '${user}' is invalid.` };
  }
  if (blockedByPolicy(tenant, claims.appid, mailbox)) {
    return { status: 403, code: 'ErrorAccessDenied',
      message: 'Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings.' };
  }
  if (!mailbox.licensed) {
    return { status: 404, code: 'MailboxNotEnabledForRESTAPI',
      message: 'The mailbox is either inactive, soft-deleted, or is hosted on-premise.' };
  }
  return { mailbox };
}

function sendAsDenied(): GraphFailure {
  return { status: 403, code: 'ErrorSendAsDenied',
    message: 'The user account which was used to submit this request does not have the right to send mail on ' +
      'behalf of the specified sending account., Cannot submit message.' };
}

function methodNotAllowed(): GraphFailure {
  return { status: 405, code: 'Request_BadRequest', message: 'Specified HTTP method is not allowed for the request target.' };
}

function refuse(ex: Exchange, ids: Record<string, string>, failure: GraphFailure): void {
  const date = new Date().toISOString().replace(/\.\d+Z$/, '');
  const innerError = { date, 'request-id': ids['request-id'], 'client-request-id': ids['client-request-id'] };
  const challenge: Record<string, string> = failure.status === 401
    ? { 'www-authenticate': 'Bearer realm="", error="invalid_token"' }
    : {};
  replyJson(ex, failure.status, { error: { code: failure.code, message: failure.message, innerError } }, { ...ids, ...challenge });
}
