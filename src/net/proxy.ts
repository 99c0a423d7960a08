/**
 * The proxy of self-hosted runners that reach the internet only through one: `https_proxy` / `HTTPS_PROXY`
 * (else `http_proxy` / `HTTP_PROXY`), except the hosts `no_proxy` / `NO_PROXY` lists, as undici reads them.
 * Node's own fetch and node:https ignore these variables; every request this action makes itself goes through
 * the dispatcher here. (Sign-in, GitHub's OIDC token and Octokit read the same variables through their libraries.)
 */
import { STATUS_CODES } from 'node:http';
import { connect } from 'node:net';
import * as core from '@actions/core';
import { Agent, EnvHttpProxyAgent, type Dispatcher } from 'undici';

export interface ConfiguredProxy {
  /** The variable it came from, as a user would look for it. */
  variable: string;
  url: URL;
}

/** The proxy https requests go through, read as undici reads the variables; undefined when none is set. */
export function configuredProxy(env: NodeJS.ProcessEnv = process.env): ConfiguredProxy | undefined {
  const variable =
    env.https_proxy !== undefined ? 'https_proxy' : env.HTTPS_PROXY !== undefined ? 'HTTPS_PROXY' : undefined;
  if (variable && env[variable]) return { variable, url: parse(env[variable]) };
  const fallback =
    env.http_proxy !== undefined ? 'http_proxy' : env.HTTP_PROXY !== undefined ? 'HTTP_PROXY' : undefined;
  return fallback && env[fallback] ? { variable: fallback, url: parse(env[fallback]) } : undefined;
}

/** A value without a scheme (`proxy.corp:8080`) is read as http, as @actions/http-client reads it. */
function parse(value: string): URL {
  return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
}

/**
 * Registers the password of every proxy variable with the runner, before anything is sent: the identity library's
 * verbose log (AZURE_LOG_LEVEL) prints its proxy agent, URL and password included, and the runner masks only what
 * it was told.
 */
export function maskProxyPasswords(env: NodeJS.ProcessEnv = process.env): void {
  for (const variable of ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY']) {
    const value = env[variable];
    if (!value) continue;
    const { password } = parse(value);
    if (!password) continue;
    core.setSecret(password);
    core.setSecret(decodeURIComponent(password));
  }
}

let shared: Dispatcher | undefined;

/**
 * One dispatcher per run, made on first use, so connections are kept alive across requests. A plain Agent when
 * no proxy is set: EnvHttpProxyAgent would route the same way, but prints an "experimental" warning into every
 * run's log.
 */
export function dispatcher(): Dispatcher {
  return (shared ??= configuredProxy() ? new EnvHttpProxyAgent() : new Agent());
}

/** The proxy as a log line may show it: scheme, host and port, never its user name or password. */
export function shownProxy(url: URL): string {
  return `${url.protocol}//${url.host}`;
}

/**
 * What the proxy has to do with a request to `target` that failed without an answer (`reason` is what the
 * failure said): the one line that names the proxy and the fix when it refused the tunnel or takes no
 * connections; undefined when there is no proxy or the failure lies elsewhere.
 */
export async function proxyFailure(reason: string, target: string): Promise<string | undefined> {
  return refusedByProxy(reason, target) ?? (await unreachableProxy());
}

/** undici's words when the proxy answers CONNECT with anything but 200. */
const REFUSED = /Proxy response \((\d{3})\) !== 200 when HTTP Tunneling/;

/** The line for a proxy that answered the tunnel with a refusal (407, 403, 502 ...); undefined for anything else. */
export function refusedByProxy(reason: string, target: string): string | undefined {
  const proxy = configuredProxy();
  const status = Number(REFUSED.exec(reason)?.[1]);
  if (!proxy || !status) return undefined;
  const host = new URL(target).host;
  const fix =
    status === 407
      ? `It wants credentials: give them in ${proxy.variable} as http://user:password@host:port, or check the ones there.`
      : `Ask for ${host} to be let through, or list it in NO_PROXY if the runner may reach it directly.`;
  const answer = [status, STATUS_CODES[status]].filter(Boolean).join(' ');
  return `The proxy ${shownProxy(proxy.url)} that ${proxy.variable} names refused a connection to ${host} (${answer}). ${fix}`;
}

/** How long the diagnosis waits for the proxy to take a connection. */
const PROBE_MS = 5000;

/**
 * After a request failed without an answer: when a proxy is set and takes no connection, the one line that says
 * so and names it; undefined when there is no proxy or it is reachable (the failure lies elsewhere).
 */
export async function unreachableProxy(): Promise<string | undefined> {
  const proxy = configuredProxy();
  if (!proxy) return undefined;
  const reason = await connectionError(proxy.url);
  if (reason === undefined) return undefined;
  return (
    `Could not reach the proxy ${shownProxy(proxy.url)} that ${proxy.variable} names (${reason}). Check ` +
    `${proxy.variable}, or list the hosts this runner reaches directly in NO_PROXY.`
  );
}

/** Why a TCP connection to the proxy failed, or undefined when it was accepted. */
function connectionError(url: URL): Promise<string | undefined> {
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  return new Promise((resolve) => {
    const socket = connect({ host: url.hostname.replace(/^\[|\]$/g, ''), port, timeout: PROBE_MS });
    const done = (reason?: string) => (socket.destroy(), resolve(reason));
    socket.once('connect', () => done());
    socket.once('timeout', () => done(`no connection within ${PROBE_MS / 1000} seconds`));
    socket.once('error', (error) => done(error.message));
  });
}
