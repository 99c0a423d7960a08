/**
 * An HTTPS emulator of Entra ID (login) and Microsoft Graph sendMail on 127.0.0.1, so the action's claims
 * can be checked, and demonstrated, on a machine that cannot reach Microsoft.
 */
import { createServer } from 'node:https';
import type { Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createCertificate } from './certificate.ts';
import { defaultDirectory } from './directory.ts';
import type { Directory } from './directory.ts';
import { openExchange, recordOf } from './exchange.ts';
import type { Exchange, RequestRecord, Route } from './exchange.ts';
import { createFaultQueue, playFault } from './faults.ts';
import type { Fault, FaultQueue } from './faults.ts';
import { routeGraph } from './graph.ts';
import type { SentMessage } from './graph.ts';
import { routeLogin } from './login.ts';
import { MAX_REQUEST_BYTES } from './message.ts';
import { createSigner } from './token.ts';

export { DEFAULTS } from './directory.ts';
export type { AccessPolicy, App, Directory, Mailbox, PasswordCredential, Tenant } from './directory.ts';
export type { RequestRecord } from './exchange.ts';
export type { Fault, FaultRoute } from './faults.ts';
export type { SentMessage } from './graph.ts';

export interface Emulator {
  authorityHost: string;
  graphEndpoint: string;
  caFile: string;
  directory: Directory;
  messages: SentMessage[];
  requests: RequestRecord[];
  fault(fault: Fault): void;
  reset(): void;
  close(): Promise<void>;
}

export interface EmulatorOptions {
  /** Called as each request is answered (or dropped by a fault); the CLI logs with it. */
  onRequest?: (record: RequestRecord) => void;
}

type Router = (ex: Exchange) => Route;

interface Shared {
  requests: RequestRecord[];
  faults: FaultQueue;
  closing: AbortController;
  onRequest?: (record: RequestRecord) => void;
}

// Bodies are kept up to what Graph accepts; past that only their size is counted, which is enough for a 413.
const BODY_LIMIT = MAX_REQUEST_BYTES;

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const certificate = await createCertificate();
  const tls = { key: certificate.key, cert: certificate.cert };
  const loginServer = createServer(tls);
  const graphServer = createServer(tls);
  const authorityHost = await listen(loginServer);
  const graphEndpoint = await listen(graphServer);
  const signer = createSigner();
  const directory = defaultDirectory(graphEndpoint);
  const messages: SentMessage[] = [];
  const shared: Shared = { requests: [], faults: createFaultQueue(), closing: new AbortController(), ...options };
  const loginContext = { authorityHost, graphEndpoint, directory, signer };
  const graphContext = { graphEndpoint, directory, signer, messages };
  loginServer.on('request', serve('login', (ex) => routeLogin(ex, loginContext), shared));
  graphServer.on('request', serve('graph', (ex) => routeGraph(ex, graphContext), shared));
  return {
    authorityHost,
    graphEndpoint,
    caFile: certificate.caFile,
    directory,
    messages,
    requests: shared.requests,
    fault: (fault) => shared.faults.add(fault),
    reset() {
      // In place, so references a test holds to the directory or the lists stay live.
      Object.assign(directory, defaultDirectory(graphEndpoint));
      messages.length = 0;
      shared.requests.length = 0;
      shared.faults.clear();
    },
    async close() {
      shared.closing.abort();
      await Promise.all([stop(loginServer), stop(graphServer)]);
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
    res.on('close', () => shared.onRequest?.(record));
    handle(record, router, shared, req, res).catch((error: unknown) => {
      // A bug in the emulator must show as a failure, not as a hung client.
      if (res.headersSent || res.destroyed) return;
      record.status = 500;
      res.writeHead(500, { 'content-type': 'text/plain' }).end(`emulator error: ${String(error)}`);
    });
  };
}

async function handle(record: RequestRecord, router: Router, shared: Shared, req: IncomingMessage, res: ServerResponse) {
  const ex = await openExchange(record, req, res, BODY_LIMIT);
  const route = router(ex);
  const fault = route.fault && shared.faults.take(route.fault);
  if (fault) await playFault(fault, ex, route, shared.closing.signal);
  else await route.handle(ex);
}
