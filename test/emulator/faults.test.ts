import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { describe, expect, it } from 'vitest';
import { DEFAULTS, startEmulator } from './index.ts';
import { call, emulator, GUID, mail, postToken, send, token, useEmulator } from './testing.ts';

useEmulator();

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('faults', () => {
  const sendMailPath = `/v1.0/users/${DEFAULTS.sender}/sendMail`;
  const graphStatuses = () => emulator.requests.filter((r) => r.service === 'graph').map((r) => r.status);

  it('answers a scripted status with Retry-After and Graph request ids, then resumes', async () => {
    emulator.fault({
      route: 'sendMail',
      status: 429,
      retryAfter: '7',
      body: { error: { code: 'TooManyRequests', message: 'slow down' } },
    });
    const bearer = await token();
    const faulted = await send(mail(), { bearer, headers: { 'client-request-id': 'client-9' } });
    expect(faulted.status).toBe(429);
    expect(faulted.headers['retry-after']).toBe('7');
    expect(faulted.headers['request-id']).toMatch(GUID);
    expect(faulted.headers['client-request-id']).toBe('client-9');
    expect(faulted.json).toEqual({ error: { code: 'TooManyRequests', message: 'slow down' } });
    expect((await send(mail(), { bearer })).status).toBe(202);
    expect(graphStatuses()).toEqual([429, 202]);
    expect(emulator.messages).toHaveLength(1);
  });

  it('applies a fault to `times` requests', async () => {
    emulator.fault({ route: 'sendMail', status: 503, body: 'busy', headers: { 'X-Test': 'yes' }, times: 2 });
    const bearer = await token();
    const first = await send(mail(), { bearer });
    expect(first.text).toBe('busy');
    expect(first.headers['x-test']).toBe('yes');
    await send(mail(), { bearer });
    await send(mail(), { bearer });
    expect(graphStatuses()).toEqual([503, 503, 202]);
  });

  it('plays queued faults in order and keeps routes apart', async () => {
    emulator.fault({ route: 'sendMail', status: 500 });
    emulator.fault({ route: 'token', status: 503 });
    emulator.fault({ route: 'sendMail', status: 504 });
    expect((await postToken({})).status).toBe(503);
    const bearer = await token();
    expect((await send(mail(), { bearer })).status).toBe(500);
    expect((await send(mail(), { bearer })).status).toBe(504);
    expect((await send(mail(), { bearer })).status).toBe(202);
  });

  it('scripts the discovery document too', async () => {
    emulator.fault({ route: 'openid', status: 500, body: 'down' });
    const url = `${emulator.authorityHost}/${DEFAULTS.tenantId}/v2.0/.well-known/openid-configuration`;
    expect((await call(url)).status).toBe(500);
    expect((await call(url)).status).toBe(200);
  });

  it('delays the normal answer when the fault has no status', async () => {
    emulator.fault({ route: 'sendMail', delayMs: 300 });
    const bearer = await token();
    const started = Date.now();
    expect((await send(mail(), { bearer })).status).toBe(202);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(emulator.messages).toHaveLength(1);
  });

  it('delays a scripted status', async () => {
    emulator.fault({ route: 'token', delayMs: 200, status: 504 });
    const started = Date.now();
    expect((await postToken({})).status).toBe(504);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('resets the connection without answering, recorded as status 0', async () => {
    emulator.fault({ route: 'sendMail', reset: true });
    await expect(send(mail())).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(emulator.requests.at(-1)).toEqual({ service: 'graph', method: 'POST', path: sendMailPath, status: 0 });
    expect(emulator.messages).toEqual([]);
  });

  it('hangs until the emulator closes', async () => {
    const own = await startEmulator();
    try {
      own.fault({ route: 'token', hang: true });
      const pending = new Promise((resolve, reject) => {
        const req = request(
          `${own.authorityHost}/${DEFAULTS.tenantId}/oauth2/v2.0/token`,
          {
            method: 'POST',
            ca: readFileSync(own.caFile),
            agent: false,
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
          },
          resolve,
        );
        req.on('error', reject);
        req.end('grant_type=client_credentials');
      });
      const outcome = await Promise.race([
        pending.then(
          () => 'answered',
          () => 'failed',
        ),
        delay(300).then(() => 'pending'),
      ]);
      expect(outcome).toBe('pending');
      expect(own.requests).toEqual([
        { service: 'login', method: 'POST', path: `/${DEFAULTS.tenantId}/oauth2/v2.0/token`, status: 0 },
      ]);
      await own.close();
      await expect(pending).rejects.toThrow(/socket hang up|ECONNRESET/);
    } finally {
      await own.close().catch(() => undefined);
    }
  });

  it('refuses a fault it cannot play', () => {
    expect(() => emulator.fault({ route: 'users' as 'token', status: 500 })).toThrow(/route must be one of/);
    expect(() => emulator.fault({ route: 'token', status: 500, times: 0 })).toThrow(/positive integer/);
  });
});
