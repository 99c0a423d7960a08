import * as core from '@actions/core';
import type { TokenCredential } from '@azure/identity';
import {
  AuthenticationHandler,
  Client,
  RedirectHandler,
  RedirectHandlerOptions,
  ResponseType,
  RetryHandler,
  RetryHandlerOptions,
  TelemetryHandler,
} from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';
import { graphScope } from '../cloud.js';
import { ActionFailure } from '../failure.js';
import type { Mail } from '../mail.js';
import { probeAuthority } from './authority.js';
import { describeGraphFailure, describeSignInFailure, type Facts, type GraphAnswer } from './diagnosis.js';
import { toGraphMessage } from './message.js';
import { FetchHandler, networkReason } from './transport.js';

export interface SendRequest {
  mail: Mail;
  saveToSentItems: boolean;
  credential: TokenCredential;
  facts: Facts;
  timeoutSeconds: number;
}

export interface SendResult {
  statusCode: number;
  requestId: string;
}

/** Retries of 429/503/504; the deadline usually ends them first. */
const MAX_RETRIES = 5;
/** Wait before a retry when Graph sends no Retry-After (the client library's own default). */
const RETRY_DELAY_SECONDS = 3;

/**
 * Signs in, then posts the mail to `/users/{sender}/sendMail`. Resolves only on 202; every other outcome throws
 * an ActionFailure whose message says what to do.
 */
export async function sendMail(request: SendRequest): Promise<SendResult> {
  const { facts, credential } = request;
  const deadline = Date.now() + request.timeoutSeconds * 1000;
  const signal = AbortSignal.timeout(request.timeoutSeconds * 1000);
  const scope = graphScope(facts.graphEndpoint);
  await signIn(credential, scope, signal, request);

  const transport = new FetchHandler(signal);
  const retry = new RetryHandlerOptions(RETRY_DELAY_SECONDS, MAX_RETRIES, (_delay, _attempt, _req, _opts, response) => {
    return Date.now() + retryDelayMs(response) < deadline;
  });
  const authProvider = new TokenCredentialAuthenticationProvider(credential, {
    scopes: [scope],
    getTokenOptions: { abortSignal: signal },
  });
  const client = Client.initWithMiddleware({
    middleware: [
      new AuthenticationHandler(authProvider),
      new RetryHandler(retry),
      new RedirectHandler(new RedirectHandlerOptions()),
      new TelemetryHandler(),
      transport,
    ],
    baseUrl: `${facts.graphEndpoint}/`,
    defaultVersion: 'v1.0',
    // The client only attaches the bearer token to hosts it knows; an overridden endpoint must be named here.
    customHosts: new Set([new URL(facts.graphEndpoint).hostname]),
  });

  let response: Response;
  try {
    response = await client
      .api(`/users/${mailboxSegment(facts.sender)}/sendMail`)
      .responseType(ResponseType.RAW)
      .post({ message: toGraphMessage(request.mail), saveToSentItems: request.saveToSentItems });
  } catch (error) {
    if (signal.aborted) throw timedOut(request, `waiting for Graph after ${transport.requests} attempt(s)`);
    throw new ActionFailure(`Could not reach Graph at ${facts.graphEndpoint}: ${networkReason(error)}`);
  }
  const requestId = response.headers.get('request-id') ?? response.headers.get('client-request-id') ?? '';
  if (response.status === 202) return { statusCode: 202, requestId };
  const answer = await readAnswer(response, requestId, transport.requests);
  throw new ActionFailure(describeGraphFailure(answer, facts), { statusCode: response.status, requestId });
}

async function signIn(credential: TokenCredential, scope: string, signal: AbortSignal, request: SendRequest) {
  try {
    // Asked for up front so a sign-in problem is reported as one; the Graph client then reuses the cached token.
    await credential.getToken(scope, { abortSignal: signal });
  } catch (error) {
    if (signal.aborted) throw timedOut(request, 'waiting for Entra ID to issue a token');
    let detail = errorText(error);
    if (detail.includes('endpoints_resolution_error')) {
      detail += `\n${await probeAuthority(request.facts.authorityHost, request.facts.tenantId, signal)}`;
    }
    core.debug(`Token request failed: ${detail}`);
    throw new ActionFailure(describeSignInFailure(detail, request.facts));
  }
}

function timedOut(request: SendRequest, doing: string): ActionFailure {
  return new ActionFailure(
    `Gave up after ${request.timeoutSeconds} seconds (timeout-seconds) ${doing}; nothing was confirmed sent.`,
  );
}

/** `@` stays readable in the path; anything that could end the path segment is encoded. */
function mailboxSegment(sender: string): string {
  return encodeURIComponent(sender).replace(/%40/g, '@');
}

/** How long Graph asked us to wait, as the retry handler will read it (seconds or an HTTP date). */
function retryDelayMs(response: Response | undefined): number {
  const header = response?.headers.get('Retry-After');
  if (!header) return RETRY_DELAY_SECONDS * 1000;
  const seconds = Number(header);
  return Number.isNaN(seconds) ? new Date(header).getTime() - Date.now() : seconds * 1000;
}

async function readAnswer(response: Response, requestId: string, attempts: number): Promise<GraphAnswer> {
  const text = await response.text().catch(() => '');
  let error: { code?: unknown; message?: unknown } = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && 'error' in parsed && parsed.error && typeof parsed.error === 'object') {
      error = parsed.error;
    }
  } catch {
    // Not Graph's JSON (a proxy's HTML page, say): the status line below still tells what happened.
  }
  return {
    status: response.status,
    code: typeof error.code === 'string' ? error.code : '',
    message: typeof error.message === 'string' ? error.message : bodyExcerpt(text, response.statusText),
    requestId,
    attempts,
  };
}

function bodyExcerpt(text: string, statusText: string): string {
  const flat = text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return flat === '' ? statusText : flat.slice(0, 200);
}

function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const description = (error as { errorResponse?: { errorDescription?: string } }).errorResponse?.errorDescription;
  return [error.message, description, error.cause instanceof Error ? errorText(error.cause) : undefined]
    .filter(Boolean)
    .join('\n');
}
