import { request } from 'node:https';
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from './index.ts';
import { ca, call, emulator, mail, send, useEmulator } from './testing.ts';

useEmulator();

describe('listeners', () => {
  it('serves login and Graph on two https origins of 127.0.0.1 with the CA written to caFile', () => {
    expect(emulator.authorityHost).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(emulator.graphEndpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(emulator.graphEndpoint).not.toBe(emulator.authorityHost);
    expect(ca.toString()).toContain('-----BEGIN CERTIFICATE-----');
  });

  it('is refused by a client that does not trust the CA', async () => {
    const untrusted = new Promise((resolve, reject) => {
      request(`${emulator.authorityHost}/x`, { agent: false }, resolve).on('error', reject).end();
    });
    await expect(untrusted).rejects.toThrow(/self-signed|self signed/);
  });
});

describe('reset', () => {
  it('restores the directory and clears messages, requests and faults', async () => {
    const directory = emulator.directory;
    directory.tenants[0]!.apps[0]!.roles = [];
    directory.tokenLifetimeSeconds = 0;
    await send(mail());
    emulator.fault({ route: 'token', status: 500 });
    emulator.reset();
    expect(emulator.directory).toBe(directory);
    expect(directory.tenants[0]!.apps[0]!.roles).toEqual(['Mail.Send', 'Mail.ReadWrite']);
    expect(directory.tokenLifetimeSeconds).toBe(3599);
    expect(emulator.requests).toEqual([]);
    expect((await send(mail())).status).toBe(202);
    expect(emulator.messages).toHaveLength(1);
  });
});

describe('firewall', () => {
  function statusFrom(localAddress: string, url: string): Promise<number> {
    return new Promise((resolve, reject) => {
      request(url, { ca, agent: false, localAddress }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on('error', reject)
        .end();
    });
  }

  it('lets requests to the listed services in only from allowOnly, and reset() opens it again', async () => {
    emulator.firewall.allowOnly = '127.0.0.2';
    emulator.firewall.services = ['graph'];
    const url = `${emulator.graphEndpoint}/v1.0/users/${DEFAULTS.sender}/sendMail`;
    const refused = await call(url, { method: 'POST', body: '{}' });
    expect(refused.status).toBe(403);
    expect(refused.json.error).toEqual({
      code: 'NotThroughProxy',
      message: 'Only 127.0.0.2 (the proxy) may reach this host; this request came from 127.0.0.1.',
    });
    expect(await statusFrom('127.0.0.2', url)).not.toBe(403);
    expect(await statusFrom('127.0.0.1', `${emulator.authorityHost}/common/discovery/instance`)).not.toBe(403);
    emulator.reset();
    expect(emulator.firewall).toEqual({ services: [] });
    expect(await statusFrom('127.0.0.1', url)).not.toBe(403);
  });
});
