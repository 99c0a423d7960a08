/**
 * What every Graph route checks before its own work, in Graph's order (token, permission, mailbox, access policy,
 * licence), and how Graph answers a refusal: its error body and its request ids.
 */
import { randomUUID } from 'node:crypto';
import type { Directory, Mailbox, Tenant } from './directory.ts';
import { blockedByPolicy, findMailbox, findTenant } from './directory.ts';
import type { Exchange } from './exchange.ts';
import { replyJson } from './exchange.ts';
import type { GraphFailure } from './message.ts';
import type { AccessClaims, Signer } from './token.ts';

export interface AccessContext {
  graphEndpoint: string;
  directory: Directory;
  signer: Signer;
}

export type Ids = Record<string, string>;

/** Graph's request-id, and the client's client-request-id echoed (or a fresh one when it sent none). */
export function idsOf(ex: Exchange): Ids {
  const sent = ex.req.headers['client-request-id'];
  const requestId = randomUUID();
  return { 'request-id': requestId, 'client-request-id': typeof sent === 'string' && sent ? sent : requestId };
}

/** Steps 1 and 2: a valid token for this Graph, carrying the application permission the route needs. */
export function authorize(ex: Exchange, context: AccessContext, role: string): AccessClaims | GraphFailure {
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
  if (!claims.roles?.includes(role)) {
    return { status: 403, code: 'ErrorAccessDenied', message: 'Access is denied. Check credentials and try again.' };
  }
  return claims;
}

const trimSlash = (s: string): string => s.replace(/\/+$/, '');

function invalidToken(message: string): GraphFailure {
  return { status: 401, code: 'InvalidAuthenticationToken', message };
}

/** Steps 3 to 5: the mailbox exists in the token's tenant, the app may reach it, and it is licensed. */
export function mailboxFor(
  claims: AccessClaims,
  directory: Directory,
  user: string,
): { mailbox: Mailbox } | GraphFailure {
  const tenant: Tenant | undefined = findTenant(directory, claims.tid);
  const mailbox = tenant && findMailbox(tenant, user);
  if (!tenant || !mailbox) {
    return { status: 404, code: 'ErrorInvalidUser', message: `The requested user '${user}' is invalid.` };
  }
  if (blockedByPolicy(tenant, claims.appid, mailbox)) {
    return {
      status: 403,
      code: 'ErrorAccessDenied',
      message: 'Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings.',
    };
  }
  if (!mailbox.licensed) {
    return {
      status: 404,
      code: 'MailboxNotEnabledForRESTAPI',
      message: 'The mailbox is either inactive, soft-deleted, or is hosted on-premise.',
    };
  }
  return { mailbox };
}

/** Steps 1 to 5 together: the mailbox a route may act on, or the first refusal. */
export function access(
  ex: Exchange,
  context: AccessContext,
  role: string,
  user: string,
): { claims: AccessClaims; mailbox: Mailbox } | GraphFailure {
  const claims = authorize(ex, context, role);
  if ('code' in claims) return claims;
  const found = mailboxFor(claims, context.directory, user);
  return 'code' in found ? found : { claims, mailbox: found.mailbox };
}

export function sendAsDenied(): GraphFailure {
  return {
    status: 403,
    code: 'ErrorSendAsDenied',
    message:
      'The user account which was used to submit this request does not have the right to send mail on ' +
      'behalf of the specified sending account., Cannot submit message.',
  };
}

export function methodNotAllowed(): GraphFailure {
  return {
    status: 405,
    code: 'Request_BadRequest',
    message: 'Specified HTTP method is not allowed for the request target.',
  };
}

export function itemNotFound(): GraphFailure {
  return { status: 404, code: 'ErrorItemNotFound', message: 'The specified object was not found in the store.' };
}

export function refuse(ex: Exchange, ids: Ids, failure: GraphFailure): void {
  const date = new Date().toISOString().replace(/\.\d+Z$/, '');
  const innerError = { date, 'request-id': ids['request-id'], 'client-request-id': ids['client-request-id'] };
  const challenge: Record<string, string> =
    failure.status === 401 ? { 'www-authenticate': 'Bearer realm="", error="invalid_token"' } : {};
  replyJson(
    ex,
    failure.status,
    { error: { code: failure.code, message: failure.message, innerError } },
    { ...ids, ...challenge },
  );
}
