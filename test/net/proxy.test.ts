import { createServer, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { configuredProxy, refusedByProxy, shownProxy, unreachableProxy } from '../../src/net/proxy.js';

describe('configuredProxy', () => {
  it('reads the variables in the order undici does: https_proxy, HTTPS_PROXY, then http_proxy, HTTP_PROXY', () => {
    const cases: [NodeJS.ProcessEnv, string | undefined][] = [
      [{}, undefined],
      [{ HTTPS_PROXY: 'http://upper:8080' }, 'HTTPS_PROXY http://upper:8080/'],
      [{ https_proxy: 'http://lower:8080', HTTPS_PROXY: 'http://upper:8080' }, 'https_proxy http://lower:8080/'],
      [{ HTTP_PROXY: 'http://plain:3128' }, 'HTTP_PROXY http://plain:3128/'],
      [{ https_proxy: '', HTTPS_PROXY: 'http://upper:8080' }, undefined],
      [{ https_proxy: 'proxy.corp:8080' }, 'https_proxy http://proxy.corp:8080/'],
    ];
    for (const [env, expected] of cases) {
      const proxy = configuredProxy(env);
      expect(proxy && `${proxy.variable} ${proxy.url.href}`).toBe(expected);
    }
  });
});

describe('shownProxy', () => {
  it('drops the user name and password', () => {
    expect(shownProxy(new URL('http://runner:s3cret@proxy.corp:8080/'))).toBe('http://proxy.corp:8080');
  });
});

describe('unreachableProxy', () => {
  afterEach(() => vi.unstubAllEnvs());

  function clearProxyVariables() {
    for (const name of ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY']) vi.stubEnv(name, undefined);
  }

  it('says nothing without a proxy', async () => {
    clearProxyVariables();
    expect(await unreachableProxy()).toBeUndefined();
  });

  it('says nothing when the proxy takes connections', async () => {
    const server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    clearProxyVariables();
    vi.stubEnv('HTTPS_PROXY', `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    try {
      expect(await unreachableProxy()).toBeUndefined();
    } finally {
      server.close();
    }
  });

  it('names the proxy, without its password, and the variable when it refuses connections', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    clearProxyVariables();
    vi.stubEnv('https_proxy', `http://runner:s3cret@127.0.0.1:${port}`);
    expect(await unreachableProxy()).toBe(
      `Could not reach the proxy http://127.0.0.1:${port} that https_proxy names (connect ECONNREFUSED ` +
        `127.0.0.1:${port}). Check https_proxy, or list the hosts this runner reaches directly in NO_PROXY.`,
    );
  });
});

describe('refusedByProxy', () => {
  afterEach(() => vi.unstubAllEnvs());

  const refusal = (status: number) =>
    `fetch failed: Request was cancelled.: Proxy response (${status}) !== 200 when HTTP Tunneling (UND_ERR_ABORTED)`;

  it("reads undici's words for a refused tunnel and names the fix", () => {
    vi.stubEnv('https_proxy', undefined);
    vi.stubEnv('HTTPS_PROXY', 'http://runner:s3cret@proxy.corp:8080');
    expect(refusedByProxy(refusal(403), 'https://outlook.office.com/api/v2.0/x')).toBe(
      'The proxy http://proxy.corp:8080 that HTTPS_PROXY names refused a connection to outlook.office.com (403 ' +
        'Forbidden). Ask for outlook.office.com to be let through, or list it in NO_PROXY if the runner may reach it ' +
        'directly.',
    );
    expect(refusedByProxy(refusal(407), 'https://graph.microsoft.com')).toMatch(
      /\(407 Proxy Authentication Required\)\. It wants credentials: give them in HTTPS_PROXY as /,
    );
    expect(refusedByProxy('fetch failed: other side closed (UND_ERR_SOCKET)', 'https://graph.microsoft.com')).toBe(
      undefined,
    );
  });

  it('says nothing without a proxy', () => {
    for (const name of ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY']) vi.stubEnv(name, undefined);
    expect(refusedByProxy(refusal(403), 'https://graph.microsoft.com')).toBeUndefined();
  });
});
