/**
 * Scripted faults: a test queues what the next matching requests meet (a status, a delay, a reset
 * connection, no answer at all) to drive a client's retry and timeout paths.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Exchange, Route } from './exchange.ts';
import { drain, reply } from './exchange.ts';

export type FaultRoute = NonNullable<Route['fault']>;

export interface Fault {
  route: FaultRoute;
  status?: number;
  body?: string | object;
  headers?: Record<string, string>;
  retryAfter?: string;
  delayMs?: number;
  reset?: boolean;
  hang?: boolean;
  times?: number;
  /** Only for `uploadChunk`: met only by the PUT of the file's last range (the one that should complete it). */
  lastRange?: boolean;
}

export interface FaultQueue {
  add(fault: Fault): void;
  /** The fault the next request on this route meets, counting it against the fault's `times`. */
  take(route: FaultRoute, lastRange?: boolean): Fault | undefined;
  clear(): void;
}

const ROUTES: readonly FaultRoute[] = [
  'openid',
  'token',
  'sendMail',
  'createDraft',
  'addAttachment',
  'uploadSession',
  'uploadChunk',
  'uploadStatus',
  'sendDraft',
  'deleteDraft',
  'idToken',
  'run',
  'jobs',
  'annotations',
  'runs',
  'compare',
  'jobLogs',
  'logContent',
];

export function createFaultQueue(): FaultQueue {
  const queued: { fault: Fault; left: number }[] = [];
  return {
    add(fault) {
      validate(fault);
      queued.push({ fault: { ...fault }, left: fault.times ?? 1 });
    },
    take(route, lastRange = false) {
      const index = queued.findIndex((q) => q.fault.route === route && (!q.fault.lastRange || lastRange));
      const entry = queued[index];
      if (!entry) return undefined;
      entry.left -= 1;
      if (entry.left === 0) queued.splice(index, 1);
      return entry.fault;
    },
    clear() {
      queued.length = 0;
    },
  };
}

function validate(fault: Fault): void {
  if (!ROUTES.includes(fault.route)) throw new Error(`fault route must be one of ${ROUTES.join(', ')}`);
  const times = fault.times ?? 1;
  if (!Number.isInteger(times) || times < 1) throw new Error('fault times must be a positive integer');
  if (fault.lastRange && fault.route !== 'uploadChunk') throw new Error('fault lastRange is only for uploadChunk');
}

/** Plays a fault; `signal` ends a pending delay when the emulator closes. */
export async function playFault(fault: Fault, ex: Exchange, route: Route, signal: AbortSignal): Promise<void> {
  if (fault.delayMs && !(await waited(fault.delayMs, signal))) return;
  if (fault.reset) {
    // Unread body bytes go with the socket: the client sees the reset while still sending.
    ex.req.socket.destroy();
    return;
  }
  // A hung request keeps its socket until close() drops every connection.
  if (fault.hang) return;
  if (fault.status === undefined) return route.handle(ex);
  // A route that streams its body has not read it yet; the scripted answer must not cut a chunk off mid-send.
  await drain(ex);
  reply(ex, fault.status, scriptedHeaders(fault, route), scriptedBody(fault.body));
}

/** Sleeps `ms`; false when the emulator closed first. */
export async function waited(ms: number, signal: AbortSignal): Promise<boolean> {
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

function scriptedHeaders(fault: Fault, route: Route): Record<string, string> {
  const headers: Record<string, string> = { ...route.headers };
  if (typeof fault.body === 'object') headers['content-type'] = 'application/json; charset=utf-8';
  if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
  const own = Object.fromEntries(Object.entries(fault.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  return { ...headers, ...own };
}

function scriptedBody(body: Fault['body']): string {
  if (body === undefined) return '';
  return typeof body === 'string' ? body : JSON.stringify(body);
}
