/**
 * Self-hosted runners that reach the internet only through a proxy: a real HTTP proxy (the `proxy` package) that
 * connects out from 127.0.0.2, and the emulator's firewall letting in only that address, so any request that went
 * direct is refused. HTTPS_PROXY and https_proxy, NO_PROXY, proxy credentials, a proxy that is not there.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProxy, type ProxyServer } from 'proxy';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULTS } from '../emulator/index.ts';
import { closedPort, emulator, failure, received, run, useEmulator } from './harness.ts';

useEmulator();

/** The address the proxy connects out from; the firewall lets only it in. */
const PROXY_OUT = '127.0.0.2';
const MB = 1024 * 1024;
/** Over the 3 MB that need an upload session, and over one 3.2 MB chunk. */
const SIZE = 4 * MB + 12_345;

let proxy: ProxyServer;
let proxyUrl: string;
/** The `host:port` of every tunnel the proxy was asked for, in order. */
const tunnels: string[] = [];
/** Basic credentials the proxy asks for, when a test sets them. */
let credentials: string | undefined;
/** A host the proxy will not open a tunnel to, when a test sets one (the `proxy` package answers 500 to it). */
let blocked: string | undefined;

beforeAll(async () => {
  proxy = createProxy(createServer());
  proxy.localAddress = PROXY_OUT;
  proxy.authenticate = (req: IncomingMessage) => {
    tunnels.push(req.url ?? '');
    // `localhost.` is localhost's fully qualified name; the resolver here knows only `localhost`.
    req.url = req.url?.replace(/^localhost\.:/, 'localhost:');
    if (req.url === blocked) throw new Error(`${blocked} is not on the allow-list`);
    return credentials === undefined || req.headers['proxy-authorization'] === `Basic ${credentials}`;
  };
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});

afterEach(() => {
  tunnels.length = 0;
  credentials = undefined;
  blocked = undefined;
});

afterAll(async () => {
  const closed = new Promise((resolve) => proxy.close(resolve));
  proxy.closeAllConnections();
  await closed;
});

/** Lets Entra ID, Graph (upload URL included) and, when asked, GitHub be reached only through the proxy. */
function onlyThroughProxy(services: ('login' | 'graph' | 'github' | 'logs')[] = ['login', 'graph']) {
  emulator.firewall.allowOnly = PROXY_OUT;
  emulator.firewall.services = services;
}

const hostOf = (url: string) => new URL(url).host;

function withAttachment(env: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'workspace-'));
  writeFileSync(join(dir, 'build.zip'), randomBytes(SIZE));
  return {
    inputs: { attachments: 'build.zip', 'github-token': '' },
    env: { ...env, GITHUB_WORKSPACE: dir },
    sha256: createHash('sha256')
      .update(readFileSync(join(dir, 'build.zip')))
      .digest('hex'),
  };
}

/** Graph's requests and their answers: draft, upload session, two ranges, send. */
const DRAFT_PATH = ['POST 201', 'POST 201', 'PUT 200', 'PUT 201', 'POST 202'];

function graphRequests(): string[] {
  return emulator.requests.filter((r) => r.service === 'graph').map((r) => `${r.method} ${r.status}`);
}

describe('HTTPS_PROXY', () => {
  it('a mail with a 4 MB attachment: sign-in, draft, upload and send all go through the proxy', async () => {
    onlyThroughProxy();
    const scenario = withAttachment({ HTTPS_PROXY: proxyUrl });
    const result = await run(scenario);
    expect(result.errors).toEqual([]);
    expect(result.code).toBe(0);
    expect(received().attachments).toEqual([
      { name: 'build.zip', contentType: 'application/zip', size: SIZE, sha256: scenario.sha256 },
    ]);
    expect(emulator.requests.every((r) => r.status !== 403)).toBe(true);
    expect(graphRequests()).toEqual(DRAFT_PATH);
    expect(new Set(tunnels)).toEqual(
      new Set([
        hostOf(emulator.authorityHost),
        hostOf(emulator.graphEndpoint),
        hostOf(emulator.graphEndpoint).replace('127.0.0.1', 'localhost'),
      ]),
    );
    expect(emulator.drafts).toEqual([]);
  });

  it('a plain mail: one sendMail through the proxy', async () => {
    onlyThroughProxy();
    const result = await run({ inputs: { 'github-token': '' }, env: { HTTPS_PROXY: proxyUrl } });
    expect(result.code).toBe(0);
    expect(received().mailbox).toBe(DEFAULTS.sender);
    expect(graphRequests()).toEqual(['POST 202']);
    expect(tunnels).toContain(hostOf(emulator.graphEndpoint));
  });

  it('lowercase https_proxy works the same', async () => {
    onlyThroughProxy();
    const scenario = withAttachment({ https_proxy: proxyUrl });
    const result = await run(scenario);
    expect(result.code).toBe(0);
    expect(received().attachments[0].sha256).toBe(scenario.sha256);
    expect(tunnels).toContain(hostOf(emulator.graphEndpoint).replace('127.0.0.1', 'localhost'));
  });

  it('with credentials in the URL: the proxy gets them, and the password is masked', async () => {
    onlyThroughProxy();
    credentials = Buffer.from('ci-runner:pr0xy-s3cret').toString('base64');
    const scenario = withAttachment({
      HTTPS_PROXY: proxyUrl.replace('//', '//ci-runner:pr0xy-s3cret@'),
      // Every debug switch on: the credentials stay out of the log all the same.
      RUNNER_DEBUG: '1',
      ACTIONS_STEP_DEBUG: 'true',
      AZURE_LOG_LEVEL: 'verbose',
    });
    const result = await run(scenario);
    expect(result.errors).toEqual([]);
    expect(result.code).toBe(0);
    expect(received().attachments[0].sha256).toBe(scenario.sha256);
    // Registered with the runner, which masks it wherever a library's debug output prints the proxy URL.
    expect(result.stdout).toContain('::add-mask::pr0xy-s3cret');
    expect(result.stdout).toContain('::debug::');
    const log = `${result.stdout}\n${result.stderr}`.split('\n').filter((line) => !line.startsWith('::add-mask::'));
    expect(log.filter((line) => line.includes('pr0xy-s3cret')).every((line) => /"proxy": "http:/.test(line))).toBe(
      true,
    );
  });

  it('GitHub reads and the OIDC token go through it too', async () => {
    onlyThroughProxy(['login', 'graph', 'github']);
    // @actions/http-client never proxies a loopback name; `localhost.` is the same host under a name it does.
    const github = emulator.githubUrl.replace('127.0.0.1', 'localhost.');
    const result = await run({
      jobStatus: 'failure',
      inputs: { 'client-secret': '' },
      github: { GITHUB_API_URL: github },
      env: {
        HTTPS_PROXY: proxyUrl,
        ACTIONS_ID_TOKEN_REQUEST_URL: emulator.idTokenRequestUrl.replace(emulator.githubUrl, github),
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: emulator.idTokenRequestToken,
      },
    });
    expect(result.errors).toEqual([]);
    expect(result.stdout).not.toContain('::warning::');
    expect(result.code).toBe(0);
    expect(emulator.tokenRequests.map((t) => t.grant)).toEqual(['federated']);
    expect(received().message.body.content).toContain('test (ubuntu-latest)');
    expect(emulator.requests.filter((r) => r.service === 'github').length).toBeGreaterThan(1);
    expect(emulator.requests.every((r) => r.status !== 403)).toBe(true);
    expect(tunnels).toContain(hostOf(github));
  });
});

describe('HTTPS_PROXY and job logs', () => {
  it("the failed job's log: the redirect and the download from the logs host go through it", async () => {
    onlyThroughProxy(['login', 'graph', 'github', 'logs']);
    const github = emulator.githubUrl.replace('127.0.0.1', 'localhost.');
    const result = await run({
      jobStatus: 'failure',
      github: { GITHUB_API_URL: github },
      env: { HTTPS_PROXY: proxyUrl },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('::warning::');
    expect(emulator.logDownloads).toHaveLength(1);
    expect(received().message.body.content).toContain('Error: Process completed with exit code 1.');
    expect(tunnels).toContain(hostOf(emulator.logsUrl));
  });
});

describe('NO_PROXY', () => {
  it('listing the hosts: the requests go direct, the proxy sees none', async () => {
    emulator.firewall.allowOnly = '127.0.0.1';
    emulator.firewall.services = ['login', 'graph'];
    const scenario = withAttachment({ HTTPS_PROXY: proxyUrl, NO_PROXY: '127.0.0.1,localhost' });
    const result = await run(scenario);
    expect(result.errors).toEqual([]);
    expect(result.code).toBe(0);
    expect(received().attachments[0].sha256).toBe(scenario.sha256);
    expect(graphRequests()).toEqual(DRAFT_PATH);
    expect(tunnels).toEqual([]);
  });

  it('lowercase no_proxy works the same', async () => {
    emulator.firewall.allowOnly = '127.0.0.1';
    emulator.firewall.services = ['login', 'graph'];
    const result = await run({
      inputs: { 'github-token': '' },
      env: { https_proxy: proxyUrl, no_proxy: '127.0.0.1,localhost' },
    });
    expect(result.code).toBe(0);
    expect(tunnels).toEqual([]);
  });
});

describe('a proxy that is not there', () => {
  it('fails with one line naming the proxy and the variable', async () => {
    const port = await closedPort();
    const line = await failure({
      inputs: { 'github-token': '' },
      env: { HTTPS_PROXY: `http://ci-runner:pr0xy-s3cret@127.0.0.1:${port}` },
    });
    expect(line).toBe(
      `Could not reach the proxy http://127.0.0.1:${port} that HTTPS_PROXY names (connect ECONNREFUSED ` +
        `127.0.0.1:${port}). Check HTTPS_PROXY, or list the hosts this runner reaches directly in NO_PROXY.`,
    );
    expect(emulator.requests.filter((r) => r.service !== 'github')).toEqual([]);
  });
});

describe('a proxy that refuses', () => {
  it('credentials it wants and did not get: one line naming the proxy and what to put in the variable', async () => {
    credentials = Buffer.from('ci-runner:pr0xy-s3cret').toString('base64');
    const line = await failure({ inputs: { 'github-token': '' }, env: { HTTPS_PROXY: proxyUrl } });
    expect(line).toBe(
      `The proxy ${proxyUrl} that HTTPS_PROXY names refused a connection to ${hostOf(emulator.authorityHost)} (407 ` +
        'Proxy Authentication Required). It wants credentials: give them in HTTPS_PROXY as ' +
        'http://user:password@host:port, or check the ones there.',
    );
  });

  it("the upload URL's host: the send fails naming the host to let through, and the draft is deleted", async () => {
    onlyThroughProxy();
    const upload = hostOf(emulator.graphEndpoint).replace('127.0.0.1', 'localhost');
    blocked = upload;
    const line = await failure(withAttachment({ HTTPS_PROXY: proxyUrl }));
    expect(line).toBe(
      `The proxy ${proxyUrl} that HTTPS_PROXY names refused a connection to ${upload} (500 Internal Server Error). ` +
        `Ask for ${upload} to be let through, or list it in NO_PROXY if the runner may reach it directly.`,
    );
    expect(emulator.drafts).toEqual([]);
    expect(emulator.deletedDrafts).toHaveLength(1);
  });
});
