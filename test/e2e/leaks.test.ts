/**
 * No secret in the log, with every debug switch on: client secret, certificate key and password, OIDC
 * assertion and access tokens appear only in the `::add-mask::` lines that register them with the runner.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../emulator/index.ts';
import { emulator, run, useEmulator } from './harness.ts';

useEmulator();

const DEBUG = { RUNNER_DEBUG: '1', ACTIONS_STEP_DEBUG: 'true', AZURE_LOG_LEVEL: 'verbose' };
/** Any JWT: access tokens, client assertions and GitHub's ID token all are. */
const JWT = /eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}/;

function unmasked(output: string): string {
  return output
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
}

function secretLines(pem: string): string[] {
  return pem.split('\n').filter((line) => line.length >= 16 && !line.startsWith('-----'));
}

describe('with RUNNER_DEBUG, ACTIONS_STEP_DEBUG and AZURE_LOG_LEVEL=verbose', () => {
  it('a client secret is masked and never printed', async () => {
    const result = await run({ env: DEBUG });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`::add-mask::${DEFAULTS.clientSecret}`);
    const log = unmasked(result.stdout + result.stderr);
    expect(log).toContain('::debug::');
    expect(log).not.toContain(DEFAULTS.clientSecret);
    expect(log).not.toMatch(JWT);
    expect(log).not.toContain(DEFAULTS.githubToken);
  });

  it('a certificate, its key and password are masked and never printed', async () => {
    const { encryptedPem, password } = emulator.clientCertificate;
    const result = await run({
      env: DEBUG,
      inputs: { 'client-secret': '', 'client-certificate': encryptedPem, 'client-certificate-password': password },
    });
    expect(result.code).toBe(0);
    const log = unmasked(result.stdout + result.stderr);
    for (const line of secretLines(encryptedPem)) expect(log).not.toContain(line);
    expect(log).not.toContain(password);
    expect(log).not.toMatch(JWT);
  });

  it('an OIDC assertion is masked and never printed', async () => {
    const result = await run({
      env: {
        ...DEBUG,
        ACTIONS_ID_TOKEN_REQUEST_URL: emulator.idTokenRequestUrl,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: emulator.idTokenRequestToken,
      },
      inputs: { 'client-secret': '' },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^::add-mask::eyJ/m);
    const log = unmasked(result.stdout + result.stderr);
    expect(log).not.toMatch(JWT);
    expect(log).not.toContain(emulator.idTokenRequestToken);
  });

  it('a sign-in failure shows no secret either', async () => {
    const result = await run({ env: DEBUG, inputs: { 'client-secret': `${DEFAULTS.clientSecret}x` } });
    expect(result.code).toBe(1);
    const log = unmasked(result.stdout + result.stderr);
    expect(log).not.toContain(DEFAULTS.clientSecret);
    expect(log).not.toMatch(JWT);
  });
});
