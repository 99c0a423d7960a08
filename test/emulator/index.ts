/**
 * An HTTPS emulator of Entra ID (login), Microsoft Graph mail (sendMail, drafts, attachment uploads) and GitHub (the OIDC token service and the REST
 * API about a workflow run) on 127.0.0.1,
 * so the action's claims can be checked, and demonstrated, on a machine that cannot reach Microsoft or GitHub.
 */
import { createServer } from 'node:https';
import type { Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { finished } from 'node:stream/promises';
import { createActions, resetActions } from './actions.ts';
import type { Actions } from './actions.ts';
import { createCertificate, createClientCertificate } from './certificate.ts';
import type { ClientCertificate } from './certificate.ts';
import { DEFAULTS, defaultDirectory } from './directory.ts';
import type { Directory } from './directory.ts';
import { openExchange, readBody, recordOf } from './exchange.ts';
import type { Exchange, RequestRecord, Route } from './exchange.ts';
import type { Draft } from './draft.ts';
import { createFaultQueue, playFault, waited } from './faults.ts';
import type { Fault, FaultQueue } from './faults.ts';
import { defaultGraphSettings, routeGraph } from './graph.ts';
import type { GraphContext, GraphSettings, SentMessage } from './graph.ts';
import { defaultOutlookAnswers } from './upload.ts';
import type { OutlookAnswers } from './upload.ts';
import { routeGithub } from './github.ts';
import { routeLogs } from './logs.ts';
import type { LogDownload, LogsContext } from './logs.ts';
import { routeLogin } from './login.ts';
import type { TokenRequest } from './login.ts';
import { MAX_REQUEST_BYTES } from './message.ts';
import { defaultIdTokenClaims, ID_TOKEN_PATH } from './oidc.ts';
import type { IdTokenClaims } from './oidc.ts';
import { createSigningKey } from './jwt.ts';
import { createSigner } from './token.ts';
import type { Timing } from './timeline.ts';

export { DEFAULTS } from './directory.ts';
export { createClientCertificate } from './certificate.ts';
export type {
  Actions,
  Annotation,
  AnnotationLevel,
  Attempt,
  Commit,
  CommitSpec,
  Conclusion,
  Job,
  JobSpec,
  Permission,
  Repository,
  Run,
  RunStatus,
  Step,
  TokenPermissions,
  Workflow,
} from './actions.ts';
export type { ClientCertificate } from './certificate.ts';
export type {
  AccessPolicy,
  App,
  Directory,
  FederatedIdentityCredential,
  KeyCredential,
  Mailbox,
  PasswordCredential,
  Tenant,
} from './directory.ts';
export type { AttachmentSummary } from './attachment.ts';
export type { Draft } from './draft.ts';
export type { RequestRecord } from './exchange.ts';
export type { Fault, FaultRoute } from './faults.ts';
export type { GraphSettings, SentMessage } from './graph.ts';
export type { TokenRequest } from './login.ts';
export type { IdTokenClaims } from './oidc.ts';
export type { JobLog, LogDownload } from './logs.ts';
export type { OutlookAnswers, Upload } from './upload.ts';
export { roundTrips } from './timeline.ts';
export type { Timing } from './timeline.ts';

/**
 * The network around the emulator, as a test sets it: with `allowOnly` set, requests to `services` that do not
 * come from that address are refused with 403, as a network that lets only its proxy out refuses the rest. A test
 * has its proxy connect out from a second loopback address (127.0.0.2) and names it here.
 */
export interface Firewall {
  allowOnly?: string;
  services: RequestRecord['service'][];
}

export interface Emulator {
  authorityHost: string;
  graphEndpoint: string;
  githubUrl: string;
  /** The host job logs' pre-signed URLs point to, as GitHub's point to `*.actions.githubusercontent.com`. */
  logsUrl: string;
  /** Each download of a log URL, with the Authorization header it carried (none should). */
  logDownloads: LogDownload[];
  caFile: string;
  directory: Directory;
  /** The certificate the default app holds as its key credential. */
  clientCertificate: ClientCertificate;
  /** ACTIONS_ID_TOKEN_REQUEST_URL for a job: the OIDC token endpoint with `?api-version=2.0`. */
  idTokenRequestUrl: string;
  /** ACTIONS_ID_TOKEN_REQUEST_TOKEN for a job: the bearer the OIDC token endpoint requires. */
  idTokenRequestToken: string;
  /** The claims of the next ID token; edit them to play another job. */
  idTokenClaims: IdTokenClaims;
  /** What GitHub's REST API reports about runs, jobs and annotations, and the tokens it takes; edit it. */
  actions: Actions;
  /** Which Graph it plays (cloud, upload-session floor); edit it, `reset` restores it. */
  graph: GraphSettings;
  messages: SentMessage[];
  /** Drafts saved and not yet sent or deleted, each with its attachments and open upload sessions. */
  drafts: Draft[];
  /** Ids of the drafts deleted, in order. */
  deletedDrafts: string[];
  requests: RequestRecord[];
  /** When each request arrived and was answered, in arrival order; `roundTrips(timeline)` counts them. */
  timeline: Timing[];
  /** Milliseconds every answer waits, as a network's round trip would; edit it between runs, `reset` keeps it. */
  latencyMs: number;
  tokenRequests: TokenRequest[];
  /** Edit it to make the upload URL answer as another cloud's Outlook does. */
  outlook: OutlookAnswers;
  /** Edit it to let requests in only through a proxy. */
  firewall: Firewall;
  fault(fault: Fault): void;
  reset(): void;
  close(): Promise<void>;
}

export interface EmulatorOptions {
  /** Called as each request is answered (or dropped by a fault); the CLI logs with it. */
  onRequest?: (record: RequestRecord) => void;
  /** Milliseconds every answer waits (0 by default), as a network's round trip would. */
  latencyMs?: number;
}

type Router = (ex: Exchange) => Route;

interface Shared {
  requests: RequestRecord[];
  timeline: Timing[];
  latencyMs: number;
  firewall: Firewall;
  faults: FaultQueue;
  closing: AbortController;
  onRequest?: (record: RequestRecord) => void;
}

// Bodies are kept up to what Graph accepts; past that only their size is counted, which is enough for a 413.
// Upload chunks bypass it: their route streams them into a hash instead (see upload.ts).
const BODY_LIMIT = MAX_REQUEST_BYTES;

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const [certificate, clientCertificate] = await Promise.all([createCertificate(), createClientCertificate()]);
  const tls = { key: certificate.key, cert: certificate.cert };
  const servers = {
    login: createServer(tls),
    graph: createServer(tls),
    github: createServer(tls),
    logs: createServer(tls),
  };
  const authorityHost = await listen(servers.login);
  const graphEndpoint = await listen(servers.graph);
  const githubUrl = await listen(servers.github);
  const logsContext: LogsContext = { logsUrl: await listen(servers.logs), signed: new Map(), downloads: [] };
  const signer = createSigner();
  const githubKey = createSigningKey();
  const directory = defaultDirectory(graphEndpoint, clientCertificate);
  const idTokenClaims = defaultIdTokenClaims();
  const actions = createActions();
  const messages: SentMessage[] = [];
  const drafts: Draft[] = [];
  const deletedDrafts: string[] = [];
  const tokenRequests: TokenRequest[] = [];
  const outlook = defaultOutlookAnswers();
  const shared: Shared = {
    requests: [],
    timeline: [],
    latencyMs: 0,
    firewall: { services: [] },
    faults: createFaultQueue(),
    closing: new AbortController(),
    ...options,
  };
  // Entra would fetch the issuer's JWKS; the only issuer the emulator can vouch for is its own GitHub.
  const issuerKey = (issuer: string, kid: string) =>
    issuer === DEFAULTS.federatedIssuer && kid === githubKey.kid ? githubKey.publicKey : undefined;
  const loginContext = { authorityHost, graphEndpoint, directory, signer, tokenRequests, issuerKey };
  const graphContext: GraphContext = {
    graphEndpoint,
    directory,
    signer,
    messages,
    drafts,
    deletedDrafts,
    settings: defaultGraphSettings(),
    // The certificate names localhost too; another host name keeps a Graph client's bearer token off upload URLs.
    uploadOrigin: graphEndpoint.replace('//127.0.0.1:', '//localhost:'),
    outlook,
    sessions: new WeakMap(),
  };
  // Like GitHub's runtime token, it is fixed for the run: a job receives it once, in its environment.
  const githubContext = {
    githubUrl,
    requestToken: randomBytes(24).toString('base64url'),
    claims: idTokenClaims,
    key: githubKey,
    actions,
    logs: logsContext,
  };
  servers.login.on(
    'request',
    serve('login', (ex) => routeLogin(ex, loginContext), shared),
  );
  servers.graph.on(
    'request',
    serve('graph', (ex) => routeGraph(ex, graphContext), shared),
  );
  servers.github.on(
    'request',
    serve('github', (ex) => routeGithub(ex, githubContext), shared),
  );
  servers.logs.on(
    'request',
    serve('logs', (ex) => routeLogs(ex, logsContext), shared),
  );
  return {
    authorityHost,
    graphEndpoint,
    githubUrl,
    logsUrl: logsContext.logsUrl,
    logDownloads: logsContext.downloads,
    caFile: certificate.caFile,
    directory,
    clientCertificate,
    idTokenRequestUrl: `${githubUrl}${ID_TOKEN_PATH}?api-version=2.0`,
    idTokenRequestToken: githubContext.requestToken,
    idTokenClaims,
    actions,
    graph: graphContext.settings,
    messages,
    drafts,
    deletedDrafts,
    requests: shared.requests,
    timeline: shared.timeline,
    get latencyMs() {
      return shared.latencyMs;
    },
    set latencyMs(ms: number) {
      shared.latencyMs = ms;
    },
    tokenRequests,
    outlook,
    firewall: shared.firewall,
    fault: (fault) => shared.faults.add(fault),
    reset() {
      // In place, so references a test holds to the directory, the claims or the lists stay live.
      Object.assign(directory, defaultDirectory(graphEndpoint, clientCertificate));
      for (const key of Object.keys(idTokenClaims)) delete idTokenClaims[key as keyof IdTokenClaims];
      Object.assign(idTokenClaims, defaultIdTokenClaims());
      resetActions(actions);
      Object.assign(graphContext.settings, defaultGraphSettings());
      messages.length = 0;
      drafts.length = 0;
      deletedDrafts.length = 0;
      tokenRequests.length = 0;
      shared.requests.length = 0;
      shared.timeline.length = 0;
      logsContext.signed.clear();
      logsContext.downloads.length = 0;
      shared.faults.clear();
      Object.assign(outlook, defaultOutlookAnswers());
      shared.firewall.allowOnly = undefined;
      shared.firewall.services = [];
    },
    async close() {
      shared.closing.abort();
      await Promise.all(Object.values(servers).map(stop));
      await certificate.dispose();
    },
  };
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(`https://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

/** Closes a listener and drops its open connections, hung requests included. */
function stop(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  return closed;
}

function serve(service: RequestRecord['service'], router: Router, shared: Shared) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const record = recordOf(service, req);
    // Noted on arrival, so the list keeps arrival order even when answers are delayed.
    shared.requests.push(record);
    const timing: Timing = { request: record, started: performance.now() };
    shared.timeline.push(timing);
    res.on('close', () => {
      timing.answered = performance.now();
      shared.onRequest?.(record);
    });
    const answer = blocked(service, req, shared.firewall)
      ? refuseUnproxied(record, req, res, shared.firewall)
      : handle(record, router, shared, req, res);
    answer.catch((error: unknown) => {
      // A bug in the emulator must show as a failure, not as a hung client.
      if (res.headersSent || res.destroyed) return;
      record.status = 500;
      res.writeHead(500, { 'content-type': 'text/plain' }).end(`emulator error: ${String(error)}`);
    });
  };
}

async function handle(
  record: RequestRecord,
  router: Router,
  shared: Shared,
  req: IncomingMessage,
  res: ServerResponse,
) {
  if (shared.latencyMs > 0 && !(await waited(shared.latencyMs, shared.closing.signal))) return;
  const ex = openExchange(record, req, res);
  const route = router(ex);
  if (!route.streams) await readBody(ex, BODY_LIMIT);
  const fault = route.fault && shared.faults.take(route.fault, route.lastRange);
  if (fault) await playFault(fault, ex, route, shared.closing.signal);
  else await route.handle(ex);
}

function blocked(service: RequestRecord['service'], req: IncomingMessage, firewall: Firewall): boolean {
  return (
    firewall.allowOnly !== undefined &&
    firewall.services.includes(service) &&
    req.socket.remoteAddress !== firewall.allowOnly
  );
}

/** The firewall's answer to a request that did not come through the proxy; the body is read first, so it is heard. */
async function refuseUnproxied(record: RequestRecord, req: IncomingMessage, res: ServerResponse, firewall: Firewall) {
  req.resume();
  await finished(req).catch(() => undefined);
  record.status = 403;
  const message = `Only ${firewall.allowOnly} (the proxy) may reach this host; this request came from ${req.socket.remoteAddress}.`;
  res
    .writeHead(403, { 'content-type': 'application/json; charset=utf-8' })
    .end(JSON.stringify({ error: { code: 'NotThroughProxy', message } }));
}
