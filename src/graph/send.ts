import * as core from '@actions/core';
import type { TokenCredential } from '@azure/identity';
import {
  AuthenticationHandler,
  Client,
  RedirectHandler,
  RedirectHandlerOptions,
  ResponseType,
  TelemetryHandler,
} from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';
import { graphScope } from '../entra/cloud.js';
import { ActionFailure } from '../failure.js';
import type { Message } from '@microsoft/microsoft-graph-types';
import type { Mail } from '../mail.js';
import { planAttachments, readAttachment, type AttachmentPlan } from './attachments.js';
import { probeAuthority } from '../entra/authority.js';
import { describeGraphFailure, describeSignInFailure, type Facts, type GraphAnswer } from './diagnosis.js';
import { toGraphMessage } from './message.js';
import { proxyFailure } from '../net/proxy.js';
import { ThrottleHandler } from './throttle.js';
import { networkReason } from '../net/reason.js';
import { FetchHandler } from './transport.js';
import { uploadFile } from './upload.js';

export interface SendOptions {
  saveToSentItems: boolean;
  /** Makes the credential; called again for a fresh token when Graph rejects one (401 once). */
  credential: () => TokenCredential;
  facts: Facts;
  /** Counted from the sign-in's start: the deadline covers signing in, sending and every retry. */
  timeoutSeconds: number;
}

export interface SendResult {
  statusCode: number;
  requestId: string;
}

/** A sign-in under way, and the send that waits for it. */
export interface Sending {
  /** Waits for the sign-in (throwing its failure, told as one), then sends. */
  send(mail: Mail): Promise<SendResult>;
}

/** The draft's DELETE gets its own deadline: the send's may be what ran out. */
const DISCARD_SECONDS = 15;

/**
 * Starts signing in now, so the token requests run while the caller still reads GitHub and writes the mail.
 * `send` then sends: one `sendMail` when the mail fits in one request, else a draft, the attachments that did not
 * fit in it (one request each, or an upload session each) and the draft's `send`. It resolves only on 202; every
 * other outcome throws an ActionFailure whose message says what to do, after deleting any draft it made.
 */
export function startSending(options: SendOptions): Sending {
  const credential = options.credential();
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  const signal = AbortSignal.timeout(options.timeoutSeconds * 1000);
  const scope = graphScope(options.facts.graphEndpoint);
  const signedIn = signIn(credential, scope, signal, options);
  // Told by `send`; a caller that stops before sending (a template that does not parse) leaves it unheard.
  signedIn.catch(() => {});
  return {
    async send(mail) {
      await signedIn;
      const connect = (fresh: TokenCredential, within = signal, until = deadline) =>
        createClient(fresh, scope, options.facts.graphEndpoint, within, until);
      const graph = new GraphSession(
        options,
        connect(credential),
        signal,
        () => connect(options.credential()),
        // Its token lookup and its requests bound by a deadline of their own: the send's may be what ran out.
        () => connect(credential, AbortSignal.timeout(DISCARD_SECONDS * 1000), Date.now() + DISCARD_SECONDS * 1000),
      );
      return deliver(graph, options, mail);
    },
  };
}

async function deliver(graph: GraphSession, options: SendOptions, mail: Mail): Promise<SendResult> {
  const message = toGraphMessage(mail);
  const mailbox = `/users/${mailboxSegment(options.facts.sender)}`;
  const plan = planAttachments(message, mail.attachments, options.saveToSentItems);
  if (plan.inline.length > 0) message.attachments = await Promise.all(plan.inline.map(readAttachment));
  if (plan.oneRequest) {
    return graph.result(
      await graph.call('sendMail', `${mailbox}/sendMail`, { message, saveToSentItems: options.saveToSentItems }, 202),
    );
  }
  if (!options.saveToSentItems) {
    core.warning(
      "save-to-sent-items is false, but the sender's Sent Items will keep a copy of this mail: its attachments do " +
        "not fit one sendMail request, so it goes through a draft, and Graph's send of a draft always saves the " +
        'mail in Sent Items.',
    );
  }
  return sendThroughDraft(graph, mailbox, message, plan);
}

/** The draft path: needs Mail.ReadWrite, since it writes a draft into the sender's mailbox first. */
async function sendThroughDraft(
  graph: GraphSession,
  mailbox: string,
  message: Message,
  plan: AttachmentPlan,
): Promise<SendResult> {
  const draft = (await (await graph.call('createDraft', `${mailbox}/messages`, message, 201)).json()) as { id: string };
  const path = `${mailbox}/messages/${encodeURIComponent(draft.id)}`;
  try {
    for (const file of plan.posted) {
      await graph.call('addAttachment', `${path}/attachments`, await readAttachment(file), 201);
    }
    for (const file of plan.uploaded) {
      const item = { attachmentType: 'file', name: file.name, size: file.size, contentType: file.contentType };
      const session = await graph.call(
        'createUploadSession',
        `${path}/attachments/createUploadSession`,
        { AttachmentItem: item },
        201,
      );
      const { uploadUrl } = (await session.json()) as { uploadUrl: string };
      await uploadFile(file, uploadUrl, graph.uploadOptions());
    }
    return graph.result(await graph.call('send', `${path}/send`, undefined, 202));
  } catch (error) {
    await graph.discard(path);
    throw graph.explainAbort(error, 'uploading the attachments');
  }
}

/** A Graph client with the send's deadline, and the facts its failures are explained with. */
class GraphSession {
  constructor(
    request: SendOptions,
    client: GraphClient,
    signal: AbortSignal,
    reconnect: () => GraphClient,
    cleanup: () => GraphClient,
  ) {
    this.request = request;
    this.cleanup = cleanup;
    this.client = client.client;
    this.transport = client.transport;
    this.signal = signal;
    this.reconnect = reconnect;
  }

  private readonly request: SendOptions;
  private client: Client;
  private transport: FetchHandler;
  private readonly signal: AbortSignal;
  private reconnect?: () => GraphClient;
  /** A client for deleting the draft, with a deadline of its own. */
  private readonly cleanup: () => GraphClient;

  /** POSTs to Graph and returns the response when its status is `expected`; throws the explained failure else. */
  async call(operation: string, path: string, body: unknown, expected: number): Promise<Response> {
    let response: Response;
    try {
      response = await this.client.api(path).responseType(ResponseType.RAW).post(body);
    } catch (error) {
      if (this.signal.aborted) throw timedOut(this.request, `waiting for Graph: ${attempts(this.transport)}`);
      // The client asks the credential for a token before each request: a token it could not get (a renewed OIDC
      // token GitHub refused, say) is a failed sign-in, told as one, not an unreachable Graph.
      if (isSignInError(error)) {
        core.debug(`Token request failed: ${errorText(error)}`);
        throw new ActionFailure(describeSignInFailure(errorText(error), this.request.facts));
      }
      const { graphEndpoint } = this.request.facts;
      const reason = networkReason(error);
      throw new ActionFailure(
        (await proxyFailure(reason, graphEndpoint)) ?? `Could not reach Graph at ${graphEndpoint}: ${reason}`,
      );
    }
    if (response.status === expected) return response;
    const requestId = requestIdOf(response);
    const answer = await readAnswer(response, requestId, this.transport.requests, operation);
    if (answer.code === 'InvalidAuthenticationToken' && this.reconnect) {
      // A token revoked or rotated since it was cached: one fresh sign-in and one more try, never a loop.
      core.info(`Graph rejected the access token (${answer.message}); signing in again once.`);
      const fresh = this.reconnect();
      this.reconnect = undefined;
      this.client = fresh.client;
      fresh.transport.requests = this.transport.requests;
      this.transport = fresh.transport;
      return this.call(operation, path, body, expected);
    }
    throw new ActionFailure(describeGraphFailure(answer, this.request.facts), {
      statusCode: response.status,
      requestId,
    });
  }

  /** The deadline's abort, told as a timeout with the attempts made; any other error as it is. */
  explainAbort(error: unknown, doing: string): unknown {
    return this.signal.aborted && !(error instanceof ActionFailure)
      ? timedOut(this.request, `${doing}: ${attempts(this.transport)}`)
      : error;
  }

  result(response: Response): SendResult {
    return { statusCode: response.status, requestId: requestIdOf(response) };
  }

  uploadOptions() {
    return {
      signal: this.signal,
      log: (line: string) => core.info(line),
      // An upload request's answer is not Graph's: a timeout mid-upload must not quote the last Graph answer.
      onRequest: () => {
        this.transport.requests++;
        this.transport.last = '';
      },
    };
  }

  /** Deletes a draft the send gave up on, so a failed run leaves nothing half-made in the mailbox. */
  async discard(path: string): Promise<void> {
    try {
      await this.cleanup().client.api(path).delete();
      core.info('The draft made for the attachments was deleted.');
    } catch (error) {
      core.warning(
        `Could not delete the draft made for the attachments (${networkReason(error)}); delete it from the sender's Drafts.`,
      );
    }
  }
}

interface GraphClient {
  client: Client;
  transport: FetchHandler;
}

function createClient(
  credential: TokenCredential,
  scope: string,
  graphEndpoint: string,
  signal: AbortSignal,
  deadline: number,
): GraphClient {
  const transport = new FetchHandler(signal);
  const authProvider = new TokenCredentialAuthenticationProvider(credential, {
    scopes: [scope],
    getTokenOptions: { abortSignal: signal },
  });
  const client = Client.initWithMiddleware({
    middleware: [
      new AuthenticationHandler(authProvider),
      new ThrottleHandler(deadline, signal),
      new RedirectHandler(new RedirectHandlerOptions()),
      new TelemetryHandler(),
      transport,
    ],
    baseUrl: `${graphEndpoint}/`,
    defaultVersion: 'v1.0',
    // The client only attaches the bearer token to hosts it knows; an overridden endpoint must be named here.
    customHosts: new Set([new URL(graphEndpoint).hostname]),
  });
  return { client, transport };
}

/** `3 attempts, the last answered 429 Too Many Requests` / `1 attempt, no answer to the last`. */
function attempts(transport: FetchHandler): string {
  const count = transport.requests === 1 ? '1 attempt' : `${transport.requests} attempts`;
  return `${count}, ${transport.last ? `the last ended with ${transport.last}` : 'no answer to the last'}`;
}

function requestIdOf(response: Response): string {
  return response.headers.get('request-id') ?? response.headers.get('client-request-id') ?? '';
}

async function signIn(credential: TokenCredential, scope: string, signal: AbortSignal, request: SendOptions) {
  try {
    // Asked for up front so a sign-in problem is reported as one; the Graph client then reuses the cached token.
    // Raced with the deadline too: the identity library does not pass the abort signal on to every request.
    await Promise.race([credential.getToken(scope, { abortSignal: signal }), rejectOnAbort(signal)]);
  } catch (error) {
    if (signal.aborted) throw timedOut(request, 'waiting for Entra ID to issue a token');
    let detail = errorText(error);
    if (detail.includes('endpoints_resolution_error')) {
      detail += `\n${await probeAuthority(request.facts.authorityHost, request.facts.tenantId, signal)}`;
    }
    core.debug(`Token request failed: ${detail}`);
    const proxy = /AADSTS\d+/.test(detail) ? undefined : await proxyFailure(detail, request.facts.authorityHost);
    if (proxy) throw new ActionFailure(proxy);
    throw new ActionFailure(describeSignInFailure(detail, request.facts));
  }
}

/** Rejects when the deadline passes; handled here too, since the deadline usually passes after the race is won. */
function rejectOnAbort(signal: AbortSignal): Promise<never> {
  const aborted = new Promise<never>((_resolve, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
  aborted.catch(() => {});
  return aborted;
}

function timedOut(request: SendOptions, doing: string): ActionFailure {
  return new ActionFailure(
    `Gave up after ${request.timeoutSeconds} seconds (timeout-seconds) ${doing}; nothing was confirmed sent.`,
  );
}

/** `@` stays readable in the path; anything that could end the path segment is encoded. */
function mailboxSegment(sender: string): string {
  return encodeURIComponent(sender).replace(/%40/g, '@');
}

async function readAnswer(
  response: Response,
  requestId: string,
  attempts: number,
  operation: string,
): Promise<GraphAnswer> {
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
    operation,
  };
}

function bodyExcerpt(text: string, statusText: string): string {
  const flat = text
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return flat === '' ? statusText : flat.slice(0, 200);
}

function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const description = (error as { errorResponse?: { errorDescription?: string } }).errorResponse?.errorDescription;
  return [error.message, description, error.cause instanceof Error ? errorText(error.cause) : undefined]
    .filter(Boolean)
    .join('\n');
}

/** What @azure/identity's getToken throws. The Graph client rethrows it as a GraphError whose `code` is its name. */
const SIGN_IN_ERRORS = new Set([
  'AuthenticationError',
  'AuthenticationRequiredError',
  'CredentialUnavailableError',
  'AggregateAuthenticationError',
]);

function isSignInError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { code } = error as { code?: unknown };
  return SIGN_IN_ERRORS.has(error.name) || (typeof code === 'string' && SIGN_IN_ERRORS.has(code));
}
